package io.careloop.reminders.schedule;

/** How a reminder treats the patient's quiet hours (see {@link ReminderPlanner#deliveryTime}). */
public enum QuietRule {
  /**
   * Never in quiet hours: a time inside them moves to their end (72 h, 24 h, recall, care tips).
   */
  POSTPONE,
  /**
   * A reminder on the appointment's own local day (the 2 h one): it may arrive in the morning part
   * of quiet hours, but not before the configured earliest time (06:00); earlier, it waits until
   * then.
   */
  SAME_DAY,
  /**
   * Useful only before quiet hours begin (brushing nudges): planned before them, dropped inside
   * them.
   */
  BEFORE_QUIET;

  public String db() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static QuietRule fromDb(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
