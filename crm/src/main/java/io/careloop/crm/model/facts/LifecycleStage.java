package io.careloop.crm.model.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a patient is in their relationship with the chain, judged from activity by the stage rules.
 */
public enum LifecycleStage {
  ACQUISITION,
  GROWTH,
  MATURITY,
  DECLINE,
  CHURNED;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LifecycleStage> fromJson(String value) {
    return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(LifecycleStage::json).toList();
  }
}
