package io.careloop.simulators.profile;

import java.util.Arrays;
import java.util.Locale;

/** What the brush does to the sessions on their way, as the device contract allows it to. */
public enum Quirk {
  /** The clock runs six minutes ahead; after a battery swap half-way it is three days behind. */
  CLOCK_SKEW,
  /**
   * Two days away from Wi-Fi: the sessions wait on the brush and come as a backlog ({@code backlog:
   * true}).
   */
  OFFLINE_BACKLOG,
  /**
   * Copies of sessions: a lost PUBACK resent at once, a backlog uploaded twice after a reconnect.
   */
  DUPLICATES,
  /**
   * The battery runs down; when nearly flat the motor stops in the first seconds and is switched on
   * again.
   */
  LOW_BATTERY,
  /** Firmware 2.x: MQTT 3.1.1 and no plaque sensor. */
  OLD_FIRMWARE,
  /** Half-way the brush is unpaired and given to another, heavy-handed patient. */
  CHANGES_HANDS;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Quirk of(String id) {
    return Arrays.stream(values())
        .filter(q -> q.id().equals(id))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unknown quirk '" + id + "'; one of " + ids()));
  }

  public static String ids() {
    return String.join(", ", Arrays.stream(values()).map(Quirk::id).toList());
  }
}
