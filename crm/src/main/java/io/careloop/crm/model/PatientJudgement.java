package io.careloop.crm.model;

import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.stage.StageJudgement;
import io.careloop.crm.model.tag.TagEvaluation;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the CRM judges about one patient at one time, for the record side to store and
 * publish: scores, churn risk and tier (empty until a model is fitted), stage with any transition,
 * and the tags with their evidence.
 */
public record PatientJudgement(
    RfmHealth rfmHealth,
    OptionalDouble churnRisk,
    Optional<ValueTier> tier,
    StageJudgement stage,
    TagEvaluation tags) {}
