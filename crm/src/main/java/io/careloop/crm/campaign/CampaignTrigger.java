package io.careloop.crm.campaign;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/** What starts a campaign's message to one patient; one record per kind, like tag conditions. */
public sealed interface CampaignTrigger {

  JsonObject toJson();

  /** The patient entered a lifecycle stage. */
  record StageEntered(String stage) implements CampaignTrigger {
    public JsonObject toJson() {
      return new JsonObject().put("type", "stage-entered").put("stage", stage);
    }
  }

  /** The patient gained a tag. */
  record TagGained(String tag) implements CampaignTrigger {
    public JsonObject toJson() {
      return new JsonObject().put("type", "tag-gained").put("tag", tag);
    }
  }

  /** The patient lost a tag. */
  record TagLost(String tag) implements CampaignTrigger {
    public JsonObject toJson() {
      return new JsonObject().put("type", "tag-lost").put("tag", tag);
    }
  }

  /** The patient completed a visit of a service (by its name, case-insensitive). */
  record VisitOf(String service) implements CampaignTrigger {
    public JsonObject toJson() {
      return new JsonObject().put("type", "visit").put("service", service);
    }
  }

  /** A day, for the whole audience. */
  record OnDate(LocalDate date) implements CampaignTrigger {
    public JsonObject toJson() {
      return new JsonObject().put("type", "date").put("date", date.toString());
    }
  }
}
