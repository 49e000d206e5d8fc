package io.careloop.alerts.rule;

import io.careloop.platform.bus.StoredSession;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One stored brushing session as the rules see it, from a {@link StoredSession} of the
 * SESSION_STORED event or of PATIENT_SESSIONS answers (contracts/device-mqtt.md). Quadrant seconds
 * are in the order UL, UR, LL, LR. {@code placedAt} is when it was brushed, as far as the backend
 * trusts the brush's clock: when a breach found in it happened. {@code receivedAt} is when its
 * first copy reached the backend (a copy arriving again does not change it): a breach is as new as
 * that, whatever the brush's clock says (a session brushed before a resolve but received after it
 * is news to the nurse).
 */
public record SessionFacts(
    String deviceId,
    long sessionId,
    Instant startedAt,
    Instant placedAt,
    Instant receivedAt,
    int durationSec,
    int pressureHighEvents,
    int coveragePct,
    OptionalDouble plaqueIndex,
    int[] zonesSec) {

  public static final String[] QUADRANTS = {"UL", "UR", "LL", "LR"};

  public static SessionFacts of(StoredSession s) {
    StoredSession.Zones z = s.zonesSec();
    return new SessionFacts(
        s.deviceId(),
        s.sessionId(),
        s.startedAt(),
        s.placedAt(),
        s.receivedAt(),
        s.durationSec(),
        s.pressureHighEvents(),
        s.coveragePct(),
        s.plaqueIndex(),
        new int[] {z.ul(), z.ur(), z.ll(), z.lr()});
  }

  /** The session's identity, as the device contract defines it. */
  public String key() {
    return deviceId + "/" + sessionId + "/" + startedAt;
  }
}
