package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a patient sounds in feedback or a staff note: the three labels the clinic acts on. */
public enum Sentiment {
  SATISFIED,
  DOUBT,
  COMPLAINT;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Sentiment> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Sentiment::json).toList();
  }
}
