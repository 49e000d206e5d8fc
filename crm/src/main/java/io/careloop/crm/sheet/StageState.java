package io.careloop.crm.sheet;

import io.careloop.crm.model.facts.LifecycleStage;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The stage a patient is in, since when, and the rule (with its evidence) that moved them there.
 */
public record StageState(LifecycleStage stage, Instant since, String ruleId, String reason) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("stage", stage.json())
        .put("since", since.toString())
        .put("rule", ruleId)
        .put("reason", reason);
  }
}
