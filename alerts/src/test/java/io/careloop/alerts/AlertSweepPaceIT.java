package io.careloop.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.alert.AlertService;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.alerts.plan.CarePlan;
import io.careloop.alerts.plan.CarePlans;
import io.careloop.alerts.plan.Listed;
import io.careloop.alerts.plan.PlanEnd;
import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The periodic sweep spreads its work over the time it is given, against the real plan tables. */
class AlertSweepPaceIT {

  @Test
  @DisplayName(
      "A sweep given 6 s spreads each shard's batches over its share of them (a shard of k batches"
          + " takes at least (k-1)/k of its share), and does all of its work")
  void sweepSpreadsItsBatches() {
    CqlSession session = TestCassandra.get().session();
    Vertx vertx = Vertx.vertx();
    try {
      AlertsConfig defaults = AlertsConfig.defaults().withSweepInterval(Duration.ZERO);
      AlertsConfig oneAtATime =
          new AlertsConfig(
              defaults.escalationDelay(),
              defaults.sweepInterval(),
              defaults.pushTtl(),
              defaults.planCacheTtl(),
              1,
              defaults.rejudgeEvery());
      Alerts alerts = Alerts.create(vertx, session, oneAtATime, Clock.systemUTC()).await();
      session.execute("TRUNCATE sweep_lease_by_shard"); // every shard is this instance's to sweep
      // Plans that ended by the sweep's time: the sweep takes each off its list, one at a time.
      LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).plusDays(1);
      List<UUID> patients = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        UUID patient = UUID.randomUUID();
        patients.add(patient);
        alerts.plans().save(planEnding(patient, lastDay)).await();
      }
      Duration spread = Duration.ofSeconds(6);
      Instant sweepAt = lastDay.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
      long atLeastMillis = lowerBoundMillis(alerts.plans(), spread, sweepAt);

      long start = System.nanoTime();
      AlertService.SweepReport report = alerts.service().sweep(sweepAt, spread).await();
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(report.plansEnded()).isGreaterThanOrEqualTo(patients.size());
      for (int shard = 0; shard < CarePlans.SHARDS; shard++) {
        assertThat(alerts.plans().patientsOn(shard).await())
            .extracting(Listed::patientId)
            .doesNotContainAnyElementsOf(patients);
      }
      assertThat(tookMillis)
          .as("the sweep's time, against its spread's lower bound")
          .isGreaterThanOrEqualTo(atLeastMillis);
    } finally {
      vertx.close().await();
    }
  }

  /**
   * What the pacing alone makes the sweep at {@code at} take: per shard of k patients to judge or
   * unlist, (k-1)/k of its share.
   */
  private static long lowerBoundMillis(CarePlans plans, Duration spread, Instant at) {
    long shareMillis = spread.dividedBy(CarePlans.SHARDS).toMillis();
    long total = 0;
    for (int shard = 0; shard < CarePlans.SHARDS; shard++) {
      int k =
          (int)
              plans.patientsOn(shard).await().stream()
                  .filter(l -> l.endedBy(at) || l.dueBy(at))
                  .count();
      if (k > 1) {
        total += shareMillis * (k - 1) / k - 1; // each wait is rounded down to the millisecond
      }
    }
    return total;
  }

  private static CarePlan planEnding(UUID patient, LocalDate lastDay) {
    Instant start = Instant.now().minus(Duration.ofDays(7));
    return new CarePlan(
        patient,
        PlanTemplate.fromJson("standard"),
        Map.of(),
        List.of(),
        List.of(),
        start,
        PlanEnd.parse(lastDay.toString(), ZoneOffset.UTC),
        UUID.randomUUID(),
        true,
        start);
  }
}
