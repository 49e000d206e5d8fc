package io.careloop.crm.model.tag;

import java.util.Optional;

/**
 * One fact value that decided a condition: the evidence shown with a tag ("why is this patient
 * tagged?"). {@code fact} is the fact with its parameters, e.g. {@code
 * visits.count[service=cleaning,window=P1Y]}; {@code value} is a Double, a String or a sorted list
 * of strings, empty when the fact is unknown.
 */
public record Observation(String fact, Optional<Object> value) {

  @Override
  public String toString() {
    return fact + "=" + value.map(Observation::format).orElse("unknown");
  }

  static String format(Object value) {
    if (value instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? Long.toString(d.longValue())
          : String.format(java.util.Locale.ROOT, "%.3f", d);
    }
    return String.valueOf(value);
  }
}
