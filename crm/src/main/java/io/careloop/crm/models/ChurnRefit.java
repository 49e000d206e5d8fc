package io.careloop.crm.models;

import io.careloop.crm.judgement.InFlight;
import io.careloop.crm.model.churn.ChurnEvaluation;
import io.careloop.crm.model.churn.ChurnModel;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.models.ModelRepository.Stored;
import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.PatientRepository;
import io.careloop.crm.patient.PatientRepository.Listed;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.sheet.FactsAssembler;
import io.careloop.crm.sheet.PatientSheet;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.platform.cassandra.ShardLeases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Refits the churn model on the chain's own history: the facts of up to {@code sample} patients
 * (spread over the shards) as they stood a year ago against whether each came back since; four in
 * five patients train it, the fifth (by id) measures it (AUC, Brier score, calibration by band).
 * Too little history (fewer than {@value #MIN_EXAMPLES} patients with a visit a year ago, or none
 * lapsed, or none returned) fits nothing and says so. One instance at a time (a lease).
 */
public final class ChurnRefit {

  static final int CHURN_LEASE = 1;
  static final int MIN_EXAMPLES = 100;

  private final Vertx vertx;
  private final PatientRepository patients;
  private final SheetRepository sheets;
  private final Models models;
  private final ShardLeases.Holder lease;
  private final int sample;
  private final int concurrency;
  private final Clock clock;

  public ChurnRefit(
      Vertx vertx,
      PatientRepository patients,
      SheetRepository sheets,
      Models models,
      ShardLeases.Holder lease,
      int sample,
      int concurrency,
      Clock clock) {
    this.vertx = vertx;
    this.patients = patients;
    this.sheets = sheets;
    this.models = models;
    this.lease = lease;
    this.sample = sample;
    this.concurrency = concurrency;
    this.clock = clock;
  }

  /** Refits unless another instance is; the report of what was fitted (or why nothing was). */
  public Future<JsonObject> refit() {
    return lease
        .hold(CHURN_LEASE)
        .compose(
            held ->
                !held
                    ? Future.succeededFuture(
                        new JsonObject()
                            .put("fitted", false)
                            .put("why", "another instance is refitting"))
                    : fitFromHistory().eventually(() -> lease.release(CHURN_LEASE)));
  }

  private Future<JsonObject> fitFromHistory() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return factsOfSample(now)
        .compose(facts -> vertx.executeBlocking(() -> Fit.of(facts, now)))
        .compose(
            fit ->
                fit.model().isEmpty()
                    ? Future.succeededFuture(fit.report())
                    : models
                        .fitted(
                            new Stored(
                                ModelRepository.CHURN,
                                fit.model().get().toJson(),
                                fit.report(),
                                now,
                                Optional.empty()))
                        .map(fit.report()));
  }

  private Future<List<PatientFacts>> factsOfSample(Instant now) {
    int perShard = (sample + Patients.SHARDS - 1) / Patients.SHARDS;
    List<Future<List<Listed>>> shards =
        IntStream.range(0, Patients.SHARDS)
            .mapToObj(
                s ->
                    patients.listedOn(s).map(all -> all.subList(0, Math.min(perShard, all.size()))))
            .toList();
    return Future.all(shards)
        .compose(
            all -> {
              List<Listed> chosen = new ArrayList<>();
              shards.forEach(s -> chosen.addAll(s.result()));
              List<PatientFacts> facts = Collections.synchronizedList(new ArrayList<>());
              return InFlight.run(
                      chosen,
                      concurrency,
                      l ->
                          factsOf(l, now)
                              .map(
                                  f -> {
                                    f.ifPresent(facts::add);
                                    return (Void) null;
                                  }),
                      new AtomicInteger(),
                      new AtomicInteger())
                  .map(v -> List.copyOf(facts));
            });
  }

  private Future<Optional<PatientFacts>> factsOf(Listed listed, Instant now) {
    Future<Optional<CrmPatient>> patient = patients.find(listed.patientId());
    Future<PatientSheet> sheet = sheets.read(listed.patientId());
    return Future.all(patient, sheet)
        .map(
            both ->
                patient.result().map(p -> FactsAssembler.assemble(p, sheet.result().facts(), now)));
  }

  /** A fit on history, or none with the reason. */
  record Fit(Optional<ChurnModel> model, JsonObject report) {

    static Fit of(List<PatientFacts> facts, Instant now) {
      List<ChurnModel.Example> examples = ChurnModel.examples(facts, now);
      long lapsed = examples.stream().filter(ChurnModel.Example::lapsed).count();
      JsonObject report =
          new JsonObject()
              .put("fittedAt", now.toString())
              .put("patients", facts.size())
              .put("examples", examples.size())
              .put("lapsed", lapsed);
      if (examples.size() < MIN_EXAMPLES || lapsed == 0 || lapsed == examples.size()) {
        return new Fit(
            Optional.empty(),
            report
                .put("fitted", false)
                .put(
                    "why",
                    "too little history: "
                        + examples.size()
                        + " patients had a visit a year ago ("
                        + MIN_EXAMPLES
                        + " needed), "
                        + lapsed
                        + " lapsed"));
      }
      List<ChurnModel.Example> training = examples.stream().filter(e -> !heldOut(e)).toList();
      List<ChurnModel.Example> test = examples.stream().filter(Fit::heldOut).toList();
      ChurnModel model = ChurnModel.train(training);
      ChurnEvaluation eval =
          ChurnEvaluation.of(
              test.stream().map(e -> model.risk(e.features())).toList(),
              test.stream().map(ChurnModel.Example::lapsed).toList(),
              5);
      return new Fit(
          Optional.of(model),
          report
              .put("fitted", true)
              .put("heldOut", test.size())
              .put("auc", round(eval.auc()))
              .put("brier", round(eval.brier()))
              .put(
                  "calibration",
                  new JsonArray(
                      eval.calibration().stream()
                          .map(
                              b ->
                                  new JsonObject()
                                      .put("from", b.from())
                                      .put("to", b.to())
                                      .put("patients", b.patients())
                                      .put("meanPredicted", round(b.meanPredicted()))
                                      .put("observed", round(b.observed())))
                          .toList())));
    }

    /** One patient in five, by id, measures the model instead of training it. */
    private static boolean heldOut(ChurnModel.Example e) {
      return Math.floorMod(e.patientId().hashCode(), 5) == 0;
    }

    /** Rounded; none when the held-out patients cannot measure it (all of one outcome). */
    private static Double round(double value) {
      return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
    }
  }
}
