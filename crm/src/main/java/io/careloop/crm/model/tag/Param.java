package io.careloop.crm.model.tag;

import java.util.Locale;

/** A parameter a fact may take in a rule: its window and the filters on what it counts. */
public enum Param {
  /** ISO-8601 period back from now (or from now minus the shift) that the fact looks at. */
  WINDOW,
  /** ISO-8601 period by which the window is moved back, to compare a period with the one before. */
  SHIFT,
  STATUS,
  SERVICE,
  BOOKING_CHANNEL,
  SEVERITY,
  SENTIMENT,
  SOURCE;

  /** The member's name in a rule: {@code window}, {@code channel}, ... */
  public String json() {
    return this == BOOKING_CHANNEL ? "channel" : name().toLowerCase(Locale.ROOT);
  }
}
