package io.careloop.crm.models;

import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.score.RfmHealthConfig;
import io.careloop.crm.model.tier.TierClustering;
import io.careloop.crm.model.tier.TierModel;
import io.careloop.crm.models.ModelRepository.Stored;
import io.careloop.crm.patient.PatientRepository;
import io.careloop.crm.patient.PatientRepository.Scored;
import io.careloop.crm.patient.Patients;
import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Refits the value tiers on every judged patient's RFM-Health scores (read from the sweep shards,
 * never the patients' partitions): k-means++ on a seeded sample of at most {@code sample} patients
 * (on a worker thread), the model stored and used everywhere, then every patient whose tier the new
 * centres change judged again, which records the move in their timeline. One instance at a time (a
 * lease); a refit asked while another runs is refused.
 */
public final class TierRefit {

  static final int TIERS_LEASE = 0;
  static final long SEED = 42;
  private static final int SILHOUETTE_SAMPLE = 2_000;

  private final Vertx vertx;
  private final PatientRepository patients;
  private final Models models;
  private final Judgements judgements;
  private final ShardLeases.Holder lease;
  private final int sample;
  private final int concurrency;
  private final Clock clock;

  public TierRefit(
      Vertx vertx,
      PatientRepository patients,
      Models models,
      Judgements judgements,
      ShardLeases.Holder lease,
      int sample,
      int concurrency,
      Clock clock) {
    this.vertx = vertx;
    this.patients = patients;
    this.models = models;
    this.judgements = judgements;
    this.lease = lease;
    this.sample = sample;
    this.concurrency = concurrency;
    this.clock = clock;
  }

  /**
   * Refits now; the report ({@code fittedAt}, sizes, centres, mean scores, silhouette, patients
   * moved).
   */
  public Future<JsonObject> refit(Optional<UUID> admin) {
    return lease
        .hold(TIERS_LEASE)
        .compose(
            held ->
                !held
                    ? Future.failedFuture(
                        Problem.conflict(
                            "refit-running",
                            "A refit is running",
                            "Another instance is refitting the tiers; ask again when it is done"))
                    : fitAndMove(admin).eventually(() -> lease.release(TIERS_LEASE)));
  }

  private Future<JsonObject> fitAndMove(Optional<UUID> admin) {
    Instant fittedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return everyone()
        .compose(
            scored -> {
              if (scored.size() < ValueTier.values().length) {
                return Future.failedFuture(
                    Problem.conflict(
                        "too-few-patients",
                        "Too few patients to fit tiers",
                        "Four tiers need at least four judged patients, there are "
                            + scored.size()));
              }
              return vertx
                  .executeBlocking(() -> fit(scored, fittedAt))
                  .compose(
                      fit ->
                          models
                              .fitted(
                                  new Stored(
                                      ModelRepository.TIERS,
                                      fit.model().toJson(),
                                      fit.report(),
                                      fittedAt,
                                      admin))
                              .map(fit))
                  .compose(
                      fit ->
                          move(scored, fit.model()).map(moved -> fit.report().put("moved", moved)));
            });
  }

  /** The fitted model and its report. */
  record Fitted(TierModel model, JsonObject report) {}

  private Future<List<Scored>> everyone() {
    List<Future<List<Scored>>> shards =
        IntStream.range(0, Patients.SHARDS).mapToObj(patients::scoredOn).toList();
    return Future.all(shards)
        .map(
            all -> {
              List<Scored> scored = new ArrayList<>();
              shards.forEach(s -> scored.addAll(s.result()));
              scored.sort(Comparator.comparing(Scored::patientId));
              return scored;
            });
  }

  /**
   * Blocking: k-means on a sample, then each patient's tier under the new centres (for sizes and
   * means).
   */
  Fitted fit(List<Scored> scored, Instant fittedAt) {
    List<double[]> points = scored.stream().map(Scored::features).toList();
    TierClustering.Fit fit = new TierClustering(SEED).fit(sampleOf(points), SILHOUETTE_SAMPLE);
    return new Fitted(
        fit.model(),
        TierReport.of(fit, points, RfmHealthConfig.defaults().weights(), fittedAt)
            .put("sample", Math.min(points.size(), sample)));
  }

  private List<double[]> sampleOf(List<double[]> points) {
    if (points.size() <= sample) {
      return points;
    }
    List<double[]> shuffled = new ArrayList<>(points);
    Collections.shuffle(shuffled, new java.util.Random(SEED));
    return shuffled.subList(0, sample);
  }

  /**
   * Judges again every patient whose stored tier the new centres change: the judgement records the
   * move.
   */
  private Future<Integer> move(List<Scored> scored, TierModel model) {
    List<UUID> moving =
        scored.stream()
            .filter(s -> !s.tier().equals(Optional.of(model.assign(s.features()))))
            .map(Scored::patientId)
            .toList();
    return judgements.judgeAll(moving, concurrency).map(v -> moving.size());
  }
}
