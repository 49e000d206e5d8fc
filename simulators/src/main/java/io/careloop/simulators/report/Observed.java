package io.careloop.simulators.report;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What CareLoop showed at the end of a run, through its API: every listed copy of each session (by
 * device, id and start) with whose list it was in, and each patient's alerts by rule.
 */
public record Observed(
    Map<String, List<StoredCopy>> stored, Map<UUID, Map<String, JsonObject>> alerts) {

  /** A session as a patient's list showed it. */
  public record StoredCopy(UUID patientId, Instant placedAt, Instant receivedAt) {}
}
