package io.careloop.alerts.rule;

import java.util.Locale;

/**
 * How urgently a nurse should look. Higher ranks are listed first; HIGH escalates when nobody
 * acknowledges it.
 */
public enum Severity {
  LOW(1),
  MEDIUM(2),
  HIGH(3);

  private final int rank;

  Severity(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity fromJson(String value) {
    if (value == null) {
      throw new IllegalArgumentException("severity is required (low, medium or high)");
    }
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "severity must be low, medium or high, got '" + value + "'");
    }
  }
}
