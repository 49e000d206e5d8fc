package io.careloop.crm.model.stage;

import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.tag.Condition;

/**
 * One lifecycle rule: the patient is in {@code stage} when {@code when} holds (and no earlier rule
 * did).
 */
public record StageRule(String id, LifecycleStage stage, String description, Condition when) {}
