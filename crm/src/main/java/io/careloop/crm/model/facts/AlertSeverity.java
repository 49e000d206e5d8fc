package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The severity of an open follow-up alert, as the alerts module rates it; ordered low to high. */
public enum AlertSeverity {
  LOW,
  MEDIUM,
  HIGH;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AlertSeverity> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(AlertSeverity::json).toList();
  }
}
