package io.careloop.crm.model.tag;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The five families of patient facts the chain asked tags to be built from; a rule names its
 * family.
 */
public enum Family {
  DEMOGRAPHIC,
  HEALTH,
  CONSUMPTION,
  CHANNEL,
  SOCIAL;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Family> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Family::json).toList();
  }
}
