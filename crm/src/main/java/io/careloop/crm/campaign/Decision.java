package io.careloop.crm.campaign;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What a campaign decided for one patient at one firing of its trigger. */
public record Decision(
    UUID campaignId,
    UUID patientId,
    String occurrence,
    Instant decidedAt,
    Optional<UUID> accountId,
    String outcome,
    Optional<String> reason,
    Optional<Instant> dueAt) {

  public static final String DECIDING = "deciding";
  public static final String PLANNED = "planned";
  public static final String HELD_OUT = "held-out";
  public static final String HELD_BACK = "held-back";

  public Decision as(String newOutcome, Optional<String> why, Optional<Instant> due) {
    return new Decision(
        campaignId, patientId, occurrence, decidedAt, accountId, newOutcome, why, due);
  }
}
