package io.careloop.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two instances on one real Cassandra node: each shard is swept by one of them at a time. */
class SweepLeasesIT {

  static Vertx vertx;

  @BeforeAll
  static void schema() {
    vertx = Vertx.vertx();
    new SchemaMigrator(TestCassandra.get().session()).migrate(vertx, Alerts.MODULE).await();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("A shard's lease goes to one instance; its holder keeps it from one sweep to the next")
  void oneHolderPerShard() {
    SweepLeases first = new SweepLeases(TestCassandra.get().session(), Duration.ofMinutes(1));
    SweepLeases second = new SweepLeases(TestCassandra.get().session(), Duration.ofMinutes(1));

    assertThat(first.hold(3).await()).isTrue();
    assertThat(second.hold(3).await()).isFalse();
    assertThat(first.hold(3).await()).as("renewed by its holder").isTrue();
    assertThat(second.hold(4).await()).as("another shard is free").isTrue();
    assertThat(first.hold(4).await()).isFalse();
  }

  @Test
  @DisplayName("A lease its holder stops renewing lapses, and another instance takes the shard")
  void lapses() throws InterruptedException {
    // Leases are Cassandra TTLs, real seconds: long enough that a loaded machine still asks again
    // within it, short enough to lapse during the test.
    SweepLeases gone = new SweepLeases(TestCassandra.get().session(), Duration.ofSeconds(5));
    SweepLeases next = new SweepLeases(TestCassandra.get().session(), Duration.ofMinutes(1));
    assertThat(gone.hold(7).await()).isTrue();
    assertThat(next.hold(7).await()).isFalse();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> next.hold(7).await());
  }
}
