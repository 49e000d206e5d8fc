package io.careloop.alerts.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.Alerts;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CarePlansIT {

  @Test
  @DisplayName(
      "A backlog's sessions looking up a plan not cached yet share one read, and later ones none")
  void burstSharesOneRead() {
    CqlSession session = TestCassandra.get().session();
    Vertx vertx = Vertx.vertx();
    try {
      new SchemaMigrator(session).migrate(vertx, Alerts.MODULE).await();
      CarePlans plans =
          vertx
              .executeBlocking(
                  () -> new CarePlans(new CarePlanRepository(session), Duration.ofMinutes(1)))
              .await();
      UUID patient = UUID.randomUUID();

      // As the alerts consumer does: one lookup per stored session, all in one event-loop turn.
      Promise<List<Future<Optional<CarePlan>>>> asked = Promise.promise();
      vertx.runOnContext(
          v -> {
            List<Future<Optional<CarePlan>>> lookups = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
              lookups.add(plans.cachedPlanOf(patient));
            }
            asked.complete(lookups);
          });
      List<Future<Optional<CarePlan>>> lookups = asked.future().await();
      Future.all(lookups).await();

      assertThat(lookups).allSatisfy(f -> assertThat(f.result()).isEmpty());
      assertThat(plans.cacheLoads()).isEqualTo(1);
      assertThat(plans.cachedPlanOf(patient).await()).isEmpty();
      assertThat(plans.cacheLoads()).as("no plan is remembered too").isEqualTo(1);
    } finally {
      vertx.close().await();
    }
  }
}
