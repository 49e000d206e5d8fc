package io.careloop.alerts.alert;

import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.NotifyClient;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Tells nurses about an alert through patient-api's NOTIFY: always into the in-app inbox, and by
 * push (without clinical details, see {@link #send}) when they registered a token (patient-api's
 * persisted outbox retries, drops dead tokens, and honours the TTL). Idempotent: one message per
 * alert, recipient and event.
 */
public final class AlertNotifier {

  /** Why a nurse is told. */
  public enum Event {
    OPENED("opened"),
    ESCALATED("escalated");

    final String json;

    Event(String json) {
      this.json = json;
    }
  }

  private final NotifyClient notify;
  private final Duration ttl;

  public AlertNotifier(EventBus bus, Duration ttl) {
    this.notify = new NotifyClient(bus);
    this.ttl = ttl;
  }

  public Future<Void> tell(Alert alert, Event event, Collection<UUID> nurses) {
    return Future.all(nurses.stream().distinct().map(n -> send(alert, event, n)).toList())
        .mapEmpty();
  }

  /**
   * The inbox entry names the rule and what broke it; the push (through Firebase, onto a phone's
   * lock screen) says only that an alert of this severity is waiting, and its data carry the
   * alert's id, not what it is about nor whom: the app opens the alert by its id (and a nurse's
   * inbox keeps nothing that names a patient who may later be erased).
   */
  private Future<Void> send(Alert alert, Event event, UUID nurse) {
    boolean escalated = event == Event.ESCALATED;
    String severity = alert.severity().json();
    NotificationRequest message =
        new NotificationRequest(
            nurse,
            "alert",
            (escalated ? "Nobody acknowledged: " : "Follow-up: ") + alert.title(),
            alert.detail(),
            "alert:" + alert.id() + ":" + nurse + ":" + event.json,
            collapseKey(alert.id()),
            ttl,
            Map.of(
                "alertId",
                alert.id().toString(),
                "severity",
                alert.severity().json(),
                "event",
                event.json),
            escalated ? "Follow-up not yet acknowledged" : "Follow-up needed",
            "A " + severity + "-severity brushing alert is waiting in CareLoop.");
    return notify.send(message).mapEmpty();
  }

  /**
   * One per alert, so that the escalation replaces the first message on the phone. Short and
   * URL-safe: web push topics take at most 32 such characters.
   */
  public static String collapseKey(UUID alertId) {
    ByteBuffer bytes =
        ByteBuffer.allocate(16)
            .putLong(alertId.getMostSignificantBits())
            .putLong(alertId.getLeastSignificantBits());
    return "alert_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }
}
