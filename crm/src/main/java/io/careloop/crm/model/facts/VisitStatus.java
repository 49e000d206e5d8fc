package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What became of an appointment; {@code BOOKED} is one still ahead. */
public enum VisitStatus {
  BOOKED,
  COMPLETED,
  NO_SHOW,
  CANCELLED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<VisitStatus> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(VisitStatus::json).toList();
  }
}
