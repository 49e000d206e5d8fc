package io.careloop.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.judgement.StageHistoryRepository;
import io.careloop.crm.patient.SearchRepository;
import io.careloop.crm.rights.CrmPersonalData;
import io.careloop.crm.rights.CrmPrivacyRepository;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CRM's judgement of a patient is theirs: exported with the rest of the record, and erased with
 * it.
 */
class CrmRightsIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "A judged patient's facts and stage history are exported; erasure removes them and their clinic's transition rows")
  void judgementExportedAndErased() {
    CrmStack stack = new CrmStack(vertx);
    Crm crm = stack.crmWithoutSweep();
    StageHistoryRepository transitions = new StageHistoryRepository(stack.session);
    CrmPersonalData rights =
        new CrmPersonalData(
            Crm.MODULE,
            new CrmPrivacyRepository(stack.session),
            new SearchRepository(stack.session),
            Clock.systemUTC());
    UUID patient = stack.patient("Erin Erased", "erin-" + UUID.randomUUID() + "@example.org");
    crm.patients().known(patient).await();
    crm.patients()
        .addClinic(patient, stack.clinic.id())
        .await(); // the clinic's: its first stage counts there
    crm.judgements().judge(patient).await();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    DataSubject subject =
        new DataSubject(patient, Instant.now().minus(Duration.ofDays(1)), "Europe/Paris");

    JsonObject exported = rights.export(subject).await();
    assertThat(exported.getJsonArray("crmJudgement")).isNotEmpty();
    assertThat(exported.getJsonArray("crmStageHistory"))
        .singleElement()
        .satisfies(
            s -> assertThat(((JsonObject) s).getString("to_stage")).isEqualTo("acquisition"));
    assertThat(transitions.ofClinic(stack.clinic.id(), today).await()).hasSize(1);

    Erasure erased = rights.erase(subject, UUID.randomUUID()).await();

    assertThat(erased.deleted())
        .containsEntry("crm_stage_transitions_by_clinic_day", 1)
        .containsEntry("crm_stage_history_by_patient", 1);
    assertThat(transitions.ofClinic(stack.clinic.id(), today).await()).isEmpty();
    JsonObject after = rights.export(subject).await();
    assertThat(after.getJsonArray("crmJudgement")).isEmpty();
    assertThat(after.getJsonArray("crmStageHistory")).isEmpty();
  }
}
