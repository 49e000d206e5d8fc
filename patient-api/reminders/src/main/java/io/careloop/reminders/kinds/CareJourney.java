package io.careloop.reminders.kinds;

import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A care journey (a row of care_journeys_by_trigger): on which appointment event (trigger), for
 * which service (null: any), how many days later at what local time, under which condition, which
 * message to send.
 */
public record CareJourney(
    UUID id,
    String name,
    String trigger,
    String serviceName,
    int delayDays,
    LocalTime localTime,
    String condition,
    String title,
    String body,
    Map<String, String> data,
    boolean active) {

  public static final Set<String> TRIGGERS =
      Set.of(
          "appointment.booked",
          "appointment.rescheduled",
          "appointment.cancelled",
          "appointment.checked_in",
          "appointment.completed",
          "appointment.no_show");
  public static final Set<String> CONDITIONS = Set.of("none", CareJourneys.NO_UPCOMING);

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("name", name)
            .put("trigger", trigger)
            .put("delayDays", delayDays)
            .put("localTime", localTime.toString())
            .put("condition", condition)
            .put("title", title)
            .put("body", body)
            .put("data", new JsonObject(new HashMap<>(data)))
            .put("active", active);
    if (serviceName != null) {
      json.put("serviceName", serviceName);
    }
    return json;
  }

  /** Reads and checks a journey an admin sends; a validation problem names the bad field. */
  public static CareJourney fromJson(JsonObject json) {
    String trigger = json.getString("trigger");
    if (trigger == null || !TRIGGERS.contains(trigger)) {
      throw Problem.validation("trigger must be one of " + TRIGGERS.stream().sorted().toList());
    }
    String condition = json.getString("condition", "none");
    if (!CONDITIONS.contains(condition)) {
      throw Problem.validation("condition must be one of " + CONDITIONS.stream().sorted().toList());
    }
    Integer delay = json.getInteger("delayDays");
    if (delay == null || delay < 0 || delay > 365) {
      throw Problem.validation("delayDays must be 0 to 365");
    }
    LocalTime at;
    try {
      at = LocalTime.parse(json.getString("localTime", "10:00"));
    } catch (RuntimeException e) {
      throw Problem.validation("localTime must be HH:mm");
    }
    Map<String, String> data = new HashMap<>();
    json.getJsonObject("data", new JsonObject())
        .forEach(e -> data.put(e.getKey(), String.valueOf(e.getValue())));
    CareJourney journey =
        new CareJourney(
            UUID.randomUUID(),
            text(json, "name", 200),
            trigger,
            Optional.ofNullable(json.getString("serviceName"))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .orElse(null),
            delay,
            at,
            condition,
            text(json, "title", 200),
            text(json, "body", 2000),
            data,
            json.getBoolean("active", true));
    // The message must be one FCM accepts: check it as the notification it becomes.
    new NotificationRequest(
            UUID.randomUUID(),
            "care_tip",
            journey.title(),
            journey.body(),
            "check",
            null,
            null,
            journey.data())
        .validated();
    return journey;
  }

  private static String text(JsonObject json, String field, int max) {
    String value = json.getString(field);
    if (value == null || value.isBlank() || value.length() > max) {
      throw Problem.validation(field + " must have 1 to " + max + " characters");
    }
    return value;
  }
}
