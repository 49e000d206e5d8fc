package io.careloop.crm.model.stage;

import io.careloop.crm.model.facts.LifecycleStage;
import java.util.Optional;

/**
 * A move between stages, to be stored, published on the bus and counted: from where ({@code empty}
 * for a patient's first judgement), to where, by which rule and why.
 */
public record StageTransition(
    Optional<LifecycleStage> from, LifecycleStage to, String ruleId, String reason) {}
