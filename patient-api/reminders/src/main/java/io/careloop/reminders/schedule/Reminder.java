package io.careloop.reminders.schedule;

import io.careloop.notifications.bus.NotificationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One planned message (a row of reminders_by_key).
 *
 * @param key its identity and the notification's dedup key
 * @param subject what moves or cancels it together with others (appointment:<id>, recall:<patient>)
 * @param dueAt when to send it, quiet hours applied
 * @param usefulUntil after this it is dropped, not sent
 * @param condition checked at send time (none, recall-not-booked, no-evening-session,
 *     no-upcoming-appointment)
 */
public record Reminder(
    String key,
    UUID patientId,
    String kind,
    String subject,
    Instant dueAt,
    Instant usefulUntil,
    QuietRule quietRule,
    String condition,
    String title,
    String body,
    Map<String, String> data,
    String collapseKey,
    State state,
    UUID claimedBy,
    Instant claimedUntil,
    String reason,
    UUID notificationId) {

  /** Where a message is in its life. */
  public enum State {
    PENDING,
    SENDING,
    SENT,
    DROPPED,
    CANCELLED;

    public String db() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static State fromDb(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean terminal() {
      return this == SENT || this == DROPPED || this == CANCELLED;
    }
  }

  public Reminder {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  /** A new message, pending. */
  public static Reminder planned(
      String key,
      UUID patientId,
      String kind,
      String subject,
      Instant dueAt,
      Instant usefulUntil,
      QuietRule quietRule,
      String condition,
      String title,
      String body,
      Map<String, String> data) {
    return new Reminder(
        key,
        patientId,
        kind,
        subject,
        dueAt,
        usefulUntil,
        quietRule,
        condition,
        title,
        body,
        data,
        subject,
        State.PENDING,
        null,
        null,
        null,
        null);
  }

  /** This message as recorded with an outcome. */
  public Reminder withOutcome(State outcome, String why) {
    return new Reminder(
        key,
        patientId,
        kind,
        subject,
        dueAt,
        usefulUntil,
        quietRule,
        condition,
        title,
        body,
        data,
        collapseKey,
        outcome,
        claimedBy,
        claimedUntil,
        why,
        notificationId);
  }

  /**
   * This message at another time, useful until another time, with other data (still to be sent).
   */
  public Reminder movedTo(Instant newDueAt, Instant newUsefulUntil, Map<String, String> newData) {
    return new Reminder(
        key,
        patientId,
        kind,
        subject,
        newDueAt,
        newUsefulUntil,
        quietRule,
        condition,
        title,
        body,
        newData,
        collapseKey,
        state,
        claimedBy,
        claimedUntil,
        reason,
        notificationId);
  }

  /** The notification it becomes: deduplicated by its key, shown no longer than it is useful. */
  /** The copy for a carer: the same message, saying whom it is for. */
  public NotificationRequest toCarer(UUID carerId, String patientName, Instant now) {
    NotificationRequest own = toNotification(now);
    Map<String, String> data = new HashMap<>(own.data());
    data.put("forPatientId", patientId.toString());
    return new NotificationRequest(
        carerId,
        kind,
        clipped("For " + patientName + ": " + title),
        body,
        own.dedupKey() + ":carer:" + carerId,
        null,
        own.ttl(),
        data);
  }

  /** A title within the notification's 200 characters. */
  private static String clipped(String title) {
    return title.length() <= 200 ? title : title.substring(0, 199) + "…";
  }

  public NotificationRequest toNotification(Instant now) {
    Duration ttl = Duration.between(now, usefulUntil);
    if (ttl.compareTo(Duration.ofDays(28)) > 0) {
      ttl = Duration.ofDays(28);
    }
    if (ttl.toSeconds() < 1) {
      ttl = Duration.ofSeconds(1);
    }
    return new NotificationRequest(
        patientId,
        kind,
        title,
        body,
        "reminder:" + key,
        collapseKey,
        Duration.ofSeconds(ttl.toSeconds()),
        data);
  }
}
