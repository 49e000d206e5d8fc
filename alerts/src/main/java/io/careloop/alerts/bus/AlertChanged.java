package io.careloop.alerts.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The event of {@link io.careloop.platform.bus.Addresses#ALERT_CHANGED}: an alert opened,
 * acknowledged or resolved, and the alert as that step left it.
 */
public record AlertChanged(String change, AlertState alert) {

  public static final String OPENED = "opened";
  public static final String ACKNOWLEDGED = "acknowledged";
  public static final String RESOLVED = "resolved";

  /** When the change happened, as the alert records it. */
  public Instant at() {
    return switch (change) {
      case ACKNOWLEDGED -> alert.acknowledgedAt().orElseThrow();
      case RESOLVED -> alert.resolvedAt().orElseThrow();
      default -> alert.openedAt();
    };
  }

  public JsonObject toJson() {
    return new JsonObject().put("change", change).put("alert", alert.toJson());
  }

  public static AlertChanged fromJson(JsonObject json) {
    return new AlertChanged(
        json.getString("change"), AlertState.fromJson(json.getJsonObject("alert")));
  }
}
