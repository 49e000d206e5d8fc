package io.careloop.simulators.profile;

import java.time.Instant;

/**
 * One brushing as it truly happened (before the brush's clock, memory and connection have a say):
 * when, how long, how hard, where, and the plaque an optical sensor would read (null: none read).
 */
public record Brushing(
    Instant start,
    int durationSec,
    String mode,
    int pressureEvents,
    int pressureSec,
    int[] zonesSec,
    int coveragePct,
    Double plaque) {

  public Instant end() {
    return start.plusSeconds(durationSec);
  }

  public Brushing withPlaque(Double value) {
    return new Brushing(
        start, durationSec, mode, pressureEvents, pressureSec, zonesSec, coveragePct, value);
  }
}
