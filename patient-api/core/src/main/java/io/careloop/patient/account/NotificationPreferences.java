package io.careloop.patient.account;

import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a patient wants to receive: reminders per kind on or off, quiet hours in their own time
 * zone, and how many months apart their recall (cleaning, check-up) falls.
 *
 * @param enabled per reminder kind (appointment, recall, brushing, care_tip) and marketing
 * @param quietHours when no reminder may arrive, in the patient's zone
 * @param recallIntervalMonths months from the last cleaning or check-up to the recall reminder
 */
public record NotificationPreferences(
    Map<String, Boolean> enabled, QuietHours quietHours, int recallIntervalMonths) {

  public static final Set<String> KINDS =
      Set.of("appointment", "recall", "brushing", "care_tip", "marketing");

  /** Marketing needs the patient's consent: off until they turn it on. */
  public static final Set<String> OFF_BY_DEFAULT = Set.of("marketing");

  public static final int MIN_RECALL_MONTHS = 3;
  public static final int MAX_RECALL_MONTHS = 24;
  public static final int DEFAULT_RECALL_MONTHS = 6;

  /** JSON field of each kind; the app says careTips where the notification kind is care_tip. */
  private static final Map<String, String> FIELDS =
      Map.of(
          "appointment",
          "appointment",
          "recall",
          "recall",
          "brushing",
          "brushing",
          "careTips",
          "care_tip",
          "marketing",
          "marketing");

  public NotificationPreferences {
    enabled = Map.copyOf(enabled);
  }

  public static NotificationPreferences defaults() {
    Map<String, Boolean> all = new LinkedHashMap<>();
    KINDS.forEach(k -> all.put(k, !OFF_BY_DEFAULT.contains(k)));
    return new NotificationPreferences(all, QuietHours.DEFAULT, DEFAULT_RECALL_MONTHS);
  }

  /** Whether messages of this kind may be sent; kinds not listed here (alerts) always may. */
  public boolean allows(String kind) {
    return enabled.getOrDefault(kind, !OFF_BY_DEFAULT.contains(kind));
  }

  /**
   * These preferences with a PATCH applied. Every field is checked before anything is taken, so a
   * bad value changes nothing; an unknown field is refused rather than silently ignored.
   */
  public NotificationPreferences patchedWith(JsonObject patch) {
    if (patch == null) {
      throw Problem.validation("notificationPreferences must be an object");
    }
    Map<String, Boolean> next = new LinkedHashMap<>(enabled);
    QuietHours quiet = quietHours;
    int months = recallIntervalMonths;
    for (String field : patch.fieldNames()) {
      Object value = patch.getValue(field);
      if (FIELDS.containsKey(field)) {
        if (!(value instanceof Boolean b)) {
          throw Problem.validation("notificationPreferences." + field + " must be true or false");
        }
        next.put(FIELDS.get(field), b);
      } else if (field.equals("quietHours")) {
        if (!(value instanceof JsonObject q)
            || !(q.getValue("start") instanceof String start)
            || !(q.getValue("end") instanceof String end)
            || q.size() != 2) {
          throw Problem.validation(
              "notificationPreferences.quietHours must be {start, end} as HH:mm local times");
        }
        quiet = new QuietHours(time("quietHours.start", start), time("quietHours.end", end));
      } else if (field.equals("recallIntervalMonths")) {
        if (!(value instanceof Number n)
            || n.doubleValue() != n.intValue()
            || n.intValue() < MIN_RECALL_MONTHS
            || n.intValue() > MAX_RECALL_MONTHS) {
          throw Problem.validation(
              "notificationPreferences.recallIntervalMonths must be a whole number from "
                  + MIN_RECALL_MONTHS
                  + " to "
                  + MAX_RECALL_MONTHS);
        }
        months = n.intValue();
      } else {
        throw Problem.validation(
            "notificationPreferences."
                + field
                + " is not a preference; known: appointment,"
                + " recall, brushing, careTips, marketing, quietHours, recallIntervalMonths");
      }
    }
    return new NotificationPreferences(next, quiet, months);
  }

  private static LocalTime time(String field, String value) {
    if (!value.matches("[0-2][0-9]:[0-5][0-9]")) {
      throw Problem.validation("notificationPreferences." + field + " must be HH:mm, got " + value);
    }
    try {
      return LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation("notificationPreferences." + field + " must be HH:mm, got " + value);
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    FIELDS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> json.put(e.getKey(), allows(e.getValue())));
    return json.put(
            "quietHours",
            new JsonObject()
                .put("start", quietHours.start().toString())
                .put("end", quietHours.end().toString()))
        .put("recallIntervalMonths", recallIntervalMonths);
  }
}
