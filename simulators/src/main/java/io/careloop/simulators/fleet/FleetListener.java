package io.careloop.simulators.fleet;

import io.careloop.simulators.profile.Upload;
import java.time.Instant;

/** What the fleet's brushes do, as it happens (called from the brushes' threads). */
public interface FleetListener {

  /** A brush publishes a session (again, when {@code attempt} > 1 or the upload is a copy). */
  void published(FleetMember member, Upload upload, int attempt, Instant at);

  /**
   * The broker acknowledged it (PUBACK, with its reason code): the brush deletes it from its
   * memory.
   */
  void acknowledged(FleetMember member, Upload upload, int reasonCode, Instant at);

  /** No PUBACK: the brush keeps it and retries after reconnecting. */
  void failed(FleetMember member, Upload upload, String reason, Instant at);

  /** The brush's memory was full (30 sessions): it dropped its oldest kept session. */
  default void droppedByBrush(FleetMember member, Upload upload, Instant at) {}

  default void connected(FleetMember member, Instant at) {}

  default void connectFailed(FleetMember member, String reason, Instant at) {}
}
