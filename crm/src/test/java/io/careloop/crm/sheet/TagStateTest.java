package io.careloop.crm.sheet;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.tag.Family;
import io.careloop.crm.model.tag.Observation;
import io.careloop.crm.model.tag.TagHit;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TagStateTest {

  private static final TagState PERIO_RISK =
      new TagState(
          "perio-risk",
          Family.HEALTH,
          Instant.parse("2026-11-01T09:00:00Z"),
          List.of(
              new TagHit(
                  "perio-risk",
                  "perio-risk-plan",
                  Family.HEALTH,
                  List.of(
                      new Observation("care_plan", Optional.of("periodontal")),
                      new Observation("plaque.mean[window=P28D]", Optional.of(2.3)))),
              new TagHit(
                  "perio-risk",
                  "perio-risk-visits",
                  Family.HEALTH,
                  List.of(
                      new Observation(
                          "visits.count[status=no_show,window=P1Y]", Optional.of(2.0))))));

  @Test
  @DisplayName("Without clinical detail a tag keeps its rules but only their non-clinical evidence")
  void clinicalEvidenceLeftOut() {
    JsonObject full = PERIO_RISK.toJson();

    JsonObject shown = TagState.withoutClinicalEvidence(full);

    assertThat(shown.getString("tag")).isEqualTo("perio-risk");
    assertThat(shown.getString("since")).isEqualTo("2026-11-01T09:00:00Z");
    JsonObject plan = shown.getJsonArray("rules").getJsonObject(0);
    assertThat(plan.getString("rule")).isEqualTo("perio-risk-plan");
    assertThat(plan.getJsonArray("evidence")).isEmpty();
    assertThat(plan.getBoolean("clinicalEvidenceWithheld")).isTrue();
    JsonObject visits = shown.getJsonArray("rules").getJsonObject(1);
    assertThat(visits.getJsonArray("evidence").getJsonObject(0).getString("fact"))
        .isEqualTo("visits.count[status=no_show,window=P1Y]");
    assertThat(visits.containsKey("clinicalEvidenceWithheld")).isFalse();
    // the stored form is not touched
    assertThat(full.getJsonArray("rules").getJsonObject(0).getJsonArray("evidence")).hasSize(2);
  }
}
