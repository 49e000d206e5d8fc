package io.careloop.crm.bus;

import io.vertx.core.json.JsonObject;

/**
 * Told by the CRM instance that stored new tag rules or refitted a model, to every instance ({@link
 * CrmCodecs#MODEL_CHANGED}): read {@code name} from crm_models again. A message lost only waits for
 * the next sweep, which reads every model first.
 */
public record ModelChanged(String name) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name);
  }

  public static ModelChanged fromJson(JsonObject json) {
    return new ModelChanged(json.getString("name"));
  }
}
