package io.careloop.alerts.alert;

import io.careloop.platform.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;

/**
 * Tells nurses about an alert through patient-api's NOTIFY: always into the in-app inbox, and by
 * push when they registered a token (patient-api's persisted outbox retries, drops dead tokens,
 * and honours the TTL). Idempotent: one message per alert, recipient and event.
 */
public final class AlertNotifier {

  /** Why a nurse is told. */
  public enum Event {
    OPENED("opened"), ESCALATED("escalated");

    final String json;

    Event(String json) {
      this.json = json;
    }
  }

  private final EventBus bus;
  private final Duration ttl;

  public AlertNotifier(EventBus bus, Duration ttl) {
    this.bus = bus;
    this.ttl = ttl;
  }

  public Future<Void> tell(Alert alert, Event event, Collection<UUID> nurses) {
    return Future.all(nurses.stream().distinct().map(n -> send(alert, event, n)).toList()).mapEmpty();
  }

  private Future<Void> send(Alert alert, Event event, UUID nurse) {
    String title = (event == Event.ESCALATED ? "Nobody acknowledged: " : "Follow-up: ") + alert.title();
    JsonObject message = new JsonObject()
        .put("recipientId", nurse.toString())
        .put("kind", "alert")
        .put("title", title)
        .put("body", alert.detail())
        .put("dedupKey", "alert:" + alert.id() + ":" + nurse + ":" + event.json)
        .put("collapseKey", collapseKey(alert.id()))
        .put("ttlSeconds", ttl.toSeconds())
        .put("data", new JsonObject()
            .put("alertId", alert.id().toString())
            .put("patientId", alert.patientId().toString())
            .put("ruleId", alert.ruleId())
            .put("severity", alert.severity().json())
            .put("event", event.json));
    return bus.request(Addresses.NOTIFY, message).mapEmpty();
  }

  /**
   * One per alert, so that the escalation replaces the first message on the phone. Short and
   * URL-safe: web push topics take at most 32 such characters.
   */
  public static String collapseKey(UUID alertId) {
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(alertId.getMostSignificantBits())
        .putLong(alertId.getLeastSignificantBits());
    return "alert_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }
}
