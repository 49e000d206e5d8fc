package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A kind of thing a patient does; the record keeps the last time of each for the recency facts. */
public enum Activity {
  VISIT,
  BOOKING,
  BRUSHING,
  APP_OPEN,
  MESSAGE_READ,
  FEEDBACK;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Activity> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Activity::json).toList();
  }
}
