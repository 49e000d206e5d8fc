package io.careloop.alerts.rights;

import io.careloop.alerts.alert.Alert;
import io.careloop.alerts.alert.AlertService;
import io.careloop.alerts.audit.NurseReads;
import io.careloop.alerts.plan.CarePlan;
import io.careloop.alerts.plan.CarePlans;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.platform.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the alerts module holds about a patient: their care plan, their alerts, and the audit of
 * nurses reading their data. Alerts and the audit are the clinic's record of care and stay under
 * the pseudonym (open ones closed first); the plan goes.
 */
public final class AlertsPersonalData implements PersonalData {

  private final String module;
  private final CarePlans plans;
  private final AlertService alerts;
  private final NurseReads reads;

  public AlertsPersonalData(String module, CarePlans plans, AlertService alerts, NurseReads reads) {
    this.module = module;
    this.plans = plans;
    this.alerts = alerts;
    this.reads = reads;
  }

  @Override
  public String module() {
    return module;
  }

  @Override
  public Future<JsonObject> export(DataSubject subject) {
    UUID id = subject.id();
    return Future.all(
            plans.planOf(id), alerts.allOf(id), reads.of(id, subject.monthsUntil(Instant.now())))
        .map(
            all ->
                new JsonObject()
                    .put(
                        "carePlan",
                        all.<Optional<CarePlan>>resultAt(0).map(CarePlan::toJson).orElse(null))
                    .put(
                        "alerts",
                        new JsonArray(
                            all.<List<Alert>>resultAt(1).stream().map(Alert::toJson).toList()))
                    .put(
                        "nurseReads",
                        new JsonArray(
                            all.<List<NurseReads.Read>>resultAt(2).stream()
                                .map(NurseReads.Read::toJson)
                                .toList())));
  }

  @Override
  public Future<Erasure> erase(DataSubject subject, UUID pseudonym) {
    UUID id = subject.id();
    Erasure.Tally tally = Erasure.tally(module);
    return alerts
        .closeAtErasure(id)
        .compose(closed -> alerts.pseudonymize(id, pseudonym))
        .map(kept -> tally.pseudonymized("alerts", kept))
        .compose(v -> plans.forget(id))
        .map(v -> tally.deleted("care_plan_by_patient", 1).deleted("plans_by_shard", 1))
        .compose(v -> reads.pseudonymize(id, pseudonym, subject.monthsUntil(Instant.now())))
        .map(moved -> tally.pseudonymized("nurse_reads_by_patient_month", moved).done());
  }
}
