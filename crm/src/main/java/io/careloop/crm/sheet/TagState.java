package io.careloop.crm.sheet;

import io.careloop.crm.model.tag.FactCatalogue;
import io.careloop.crm.model.tag.Family;
import io.careloop.crm.model.tag.Observation;
import io.careloop.crm.model.tag.TagHit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tag a patient has: since when (without a break), and each rule that set it with the fact values
 * that made it hold when it was last judged to change.
 */
public record TagState(String tag, Family family, Instant since, List<TagHit> hits) {

  public TagState {
    hits = List.copyOf(hits);
  }

  /**
   * The rules that set it, in order: a change of these is worth storing, a change of evidence alone
   * is not.
   */
  public List<String> ruleIds() {
    return hits.stream().map(TagHit::ruleId).toList();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("tag", tag)
        .put("family", family.json())
        .put("since", since.toString())
        .put("rules", new JsonArray(hits.stream().map(TagState::hitJson).toList()));
  }

  /**
   * A tag as {@link #toJson} gives it, for staff who may not see clinical detail: each rule keeps
   * only the evidence of non-clinical facts ({@link FactCatalogue#clinical}), and says {@code
   * clinicalEvidenceWithheld} where it had more. The tag itself stays: tags are relationship data.
   */
  public static JsonObject withoutClinicalEvidence(JsonObject tag) {
    JsonObject copy = tag.copy();
    for (Object r : copy.getJsonArray("rules")) {
      JsonObject rule = (JsonObject) r;
      JsonArray evidence = rule.getJsonArray("evidence");
      JsonArray kept =
          new JsonArray(
              evidence.stream()
                  .filter(o -> !FactCatalogue.clinical(((JsonObject) o).getString("fact")))
                  .toList());
      rule.put("evidence", kept);
      if (kept.size() < evidence.size()) {
        rule.put("clinicalEvidenceWithheld", true);
      }
    }
    return copy;
  }

  static TagState fromJson(JsonObject json) {
    String tag = json.getString("tag");
    Family family = Family.fromJson(json.getString("family")).orElse(Family.SOCIAL);
    List<TagHit> hits =
        json.getJsonArray("rules").stream()
            .map(JsonObject.class::cast)
            .map(
                h ->
                    new TagHit(
                        tag,
                        h.getString("rule"),
                        Family.fromJson(h.getString("family")).orElse(family),
                        h.getJsonArray("evidence").stream()
                            .map(JsonObject.class::cast)
                            .map(TagState::observation)
                            .toList()))
            .toList();
    return new TagState(tag, family, Instant.parse(json.getString("since")), hits);
  }

  private static JsonObject hitJson(TagHit hit) {
    return new JsonObject()
        .put("rule", hit.ruleId())
        .put("family", hit.family().json())
        .put(
            "evidence",
            new JsonArray(hit.evidence().stream().map(TagState::observationJson).toList()));
  }

  private static JsonObject observationJson(Observation o) {
    JsonObject json = new JsonObject().put("fact", o.fact());
    o.value()
        .ifPresentOrElse(
            v ->
                json.put("value", v instanceof List<?> list ? new JsonArray(List.copyOf(list)) : v),
            () -> json.putNull("value"));
    return json;
  }

  private static Observation observation(JsonObject json) {
    Object value = json.getValue("value");
    Object read =
        value instanceof Number n
            ? (Object) n.doubleValue()
            : value instanceof JsonArray a ? a.stream().map(String::valueOf).toList() : value;
    return new Observation(json.getString("fact"), Optional.ofNullable(read));
  }
}
