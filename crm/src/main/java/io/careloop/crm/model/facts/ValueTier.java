package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A value tier, named from its cluster's centre (see {@code model.tier.TierNaming}). */
public enum ValueTier {
  STRATEGIC,
  GROWTH,
  MAINTAIN,
  POTENTIAL;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ValueTier> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(ValueTier::json).toList();
  }
}
