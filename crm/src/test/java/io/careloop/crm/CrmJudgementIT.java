package io.careloop.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.careloop.crm.bus.StageChanged;
import io.careloop.crm.model.input.InvalidModelInputException;
import io.careloop.crm.model.tag.TagRule;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.patient.booking.Appointment;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.bus.Addresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Patients are judged on their events: stages moved once, tags gained and lost, the admin's rules
 * applied or refused.
 */
class CrmJudgementIT {

  private static final String BOOKED_RULE =
      """
      {"rules": [{"id": "has-booking", "tag": "booked", "family": "consumption",
        "when": {"kind": "compare", "fact": "appointments.upcoming", "op": ">=", "value": 1}}]}""";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static Principal nurseOf(CrmStack stack) {
    return new Principal(UUID.randomUUID(), Role.NURSE, Set.of(stack.clinic.id()));
  }

  private static JsonObject record(Crm crm, Principal staff, UUID patientId) {
    return crm.records().record(staff, patientId).await();
  }

  private static String stageOf(Crm crm, Principal staff, UUID patientId) {
    JsonObject stage =
        crm.records()
            .visible(staff, patientId)
            .transform(
                ar ->
                    ar.succeeded()
                        ? crm.records().record(staff, patientId).map(r -> r.getJsonObject("stage"))
                        : Future.succeededFuture())
            .await();
    return stage == null ? "" : stage.getString("stage");
  }

  /** The patient's tags; none before the patient is the staff member's (their booking heard). */
  private static List<String> tagsOf(Crm crm, Principal staff, UUID patientId) {
    JsonArray tags =
        crm.records()
            .visible(staff, patientId)
            .transform(
                ar ->
                    ar.succeeded()
                        ? crm.records().record(staff, patientId).map(r -> r.getJsonArray("tags"))
                        : Future.succeededFuture(new JsonArray()))
            .await();
    return tags.stream().map(t -> ((JsonObject) t).getString("tag")).toList();
  }

  private List<StageChanged> heard() {
    List<StageChanged> heard = new CopyOnWriteArrayList<>();
    vertx
        .eventBus()
        .<StageChanged>consumer(Addresses.STAGE_CHANGED, m -> heard.add(m.body()))
        .completion()
        .await();
    return heard;
  }

  @Test
  @DisplayName(
      "Registered, a patient enters acquisition: stored once with its rule, in the history and timeline, published and counted; judging again moves nothing")
  void stageOnEvents() {
    CrmStack stack = new CrmStack(vertx);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Crm crm = stack.crm(vertx, CrmConfig.defaults().withSweepInterval(Duration.ZERO), meters);
    List<StageChanged> heard = heard();
    crm.startListening().await();
    Principal nurse = nurseOf(stack);

    UUID patient = stack.patient("Judy Event", "judy-" + UUID.randomUUID() + "@example.org");
    stack.book(patient, 11); // the record is the clinic's from the booking on
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stageOf(crm, nurse, patient).equals("acquisition"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
    crm.judgements().judge(patient).await();

    JsonObject stage = record(crm, nurse, patient).getJsonObject("stage");
    assertThat(stage.getString("rule")).isEqualTo("acquisition-no-visit-yet");
    assertThat(stage.getJsonArray("history"))
        .singleElement()
        .satisfies(s -> assertThat(((JsonObject) s).getString("to")).isEqualTo("acquisition"));
    assertThat(CrmStack.timeline(crm, nurse, patient))
        .extracting(TimelineEntry::kind)
        .containsOnlyOnce("stage_changed");
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.patientId()).isEqualTo(patient);
              assertThat(e.from()).isEmpty();
              assertThat(e.to()).isEqualTo("acquisition");
              assertThat(e.ruleId()).isEqualTo("acquisition-no-visit-yet");
            });
    assertThat(
            meters
                .counter("careloop.crm.stage.transitions", "from", "none", "to", "acquisition")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "Two instances judging a new patient at the same moment store, publish and count its first stage once")
  void twoJudgesOneTransition() {
    CrmStack stack = new CrmStack(vertx);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Crm one = stack.crm(vertx, CrmConfig.defaults().withSweepInterval(Duration.ZERO), meters);
    Crm two = stack.crm(vertx, CrmConfig.defaults().withSweepInterval(Duration.ZERO), meters);
    List<StageChanged> heard = heard();
    UUID patient = stack.patient("Twice Judged", "twice-" + UUID.randomUUID() + "@example.org");
    one.patients().known(patient).await();

    Future.all(one.judgements().judge(patient), two.judgements().judge(patient)).await();

    await()
        .pollDelay(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> heard.size() == 1);
    JsonArray history =
        one.records()
            .record(new Principal(UUID.randomUUID(), Role.ADMIN, Set.of()), patient)
            .await()
            .getJsonObject("stage")
            .getJsonArray("history");
    assertThat(history).hasSize(1);
    assertThat(
            meters
                .counter("careloop.crm.stage.transitions", "from", "none", "to", "acquisition")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "The admin's tag rules tag a patient at their next event and untag them when the rule no longer holds (in the timeline); a bad rule set is refused with its place and changes nothing")
  void tagRules() {
    CrmStack stack = new CrmStack(vertx);
    Crm crm = stack.crmWithoutSweep();
    crm.startListening().await();
    Principal nurse = nurseOf(stack);
    UUID admin = UUID.randomUUID();
    crm.models().putTagRules(BOOKED_RULE, admin).await();
    String unknownFact = BOOKED_RULE.replace("appointments.upcoming", "appointments.later");

    assertThatThrownBy(() -> crm.models().putTagRules(unknownFact, admin))
        .isInstanceOfSatisfying(
            InvalidModelInputException.class,
            e -> {
              assertThat(e.pointer()).isEqualTo("/rules/0/when/fact");
              assertThat(e.reason()).contains("unknown fact 'appointments.later'");
            });
    assertThat(crm.models().tagRules().rules())
        .extracting(TagRule::id)
        .containsExactly("has-booking");
    assertThat(crm.models().stored("tag-rules").await().orElseThrow().body())
        .doesNotContain("appointments.later");

    UUID patient = stack.patient("Tagged Once", "tagged-" + UUID.randomUUID() + "@example.org");
    Appointment booked = stack.book(patient, 13);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> tagsOf(crm, nurse, patient).contains("booked"));
    JsonObject tag = record(crm, nurse, patient).getJsonArray("tags").getJsonObject(0);
    assertThat(tag.getJsonArray("rules").getJsonObject(0).getString("rule"))
        .isEqualTo("has-booking");
    assertThat(
            tag.getJsonArray("rules")
                .getJsonObject(0)
                .getJsonArray("evidence")
                .getJsonObject(0)
                .getDouble("value"))
        .isEqualTo(1.0);

    stack.patients.booking().cancel(patient, booked.id()).await();

    await().atMost(Duration.ofSeconds(20)).until(() -> tagsOf(crm, nurse, patient).isEmpty());
    assertThat(CrmStack.timeline(crm, nurse, patient))
        .extracting(TimelineEntry::kind)
        .containsSubsequence("tag_removed", "appointment_cancelled", "tag_added");
  }
}
