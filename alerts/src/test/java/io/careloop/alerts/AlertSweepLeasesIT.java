package io.careloop.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.alerts.plan.CarePlans;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The alerts sweep on several instances, against the real lease table. */
class AlertSweepLeasesIT {

  @Test
  @DisplayName(
      "An instance sweeps only the shards it leased; one that stops gives them back at once")
  void stopGivesShardsBack() {
    CqlSession session = TestCassandra.get().session();
    Vertx vertx = Vertx.vertx();
    try {
      Alerts sweeping =
          Alerts.create(
                  vertx,
                  session,
                  AlertsConfig.defaults().withSweepInterval(Duration.ofMillis(50)),
                  Clock.systemUTC())
              .await();
      Alerts other =
          Alerts.create(
                  vertx,
                  session,
                  AlertsConfig.defaults().withSweepInterval(Duration.ZERO),
                  Clock.systemUTC())
              .await();
      session.execute(
          "TRUNCATE sweep_lease_by_shard"); // leases of earlier runs would lapse only in a minute

      sweeping.startSweeper();
      await().atMost(Duration.ofSeconds(30)).until(() -> leasedShards(session) == CarePlans.SHARDS);
      assertThat(other.sweep(Instant.now()).await().shardsSkipped())
          .as("every shard is the first instance's")
          .isEqualTo(CarePlans.SHARDS);

      sweeping.stop().await();

      assertThat(leasedShards(session)).as("given back, not left to lapse").isZero();
      assertThat(other.sweep(Instant.now()).await().shardsSkipped()).isZero();
      assertThat(leasedShards(session)).isEqualTo(CarePlans.SHARDS);
    } finally {
      vertx.close().await();
    }
  }

  private static int leasedShards(CqlSession session) {
    return session.execute("SELECT shard FROM sweep_lease_by_shard").all().size();
  }
}
