package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.testing.TestCassandra;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Instances of a sweep on one real Cassandra node: each shard is swept by one of them at a time.
 */
class ShardLeasesIT {

  private static final String KEYSPACE = "shard_leases";
  private static CqlSession session;

  @BeforeAll
  static void setUp() {
    session =
        TestCassandra.scratch(KEYSPACE, "test_lease_by_shard (shard int PRIMARY KEY, owner uuid)");
  }

  @BeforeEach
  void empty() {
    session.execute("TRUNCATE test_lease_by_shard");
  }

  @AfterAll
  static void tearDown() {
    session.close();
    TestCassandra.get().session().execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
  }

  private static ShardLeases leases(Duration lease) {
    return new ShardLeases(session, "test_lease_by_shard", lease);
  }

  @Test
  @DisplayName(
      "A shard's lease goes to one instance; its holder keeps it from one sweep to the next")
  void oneHolderPerShard() {
    ShardLeases leases = leases(Duration.ofMinutes(1));
    ShardLeases.Holder first = leases.newHolder();
    ShardLeases.Holder second = leases.newHolder();

    assertThat(first.hold(3).await()).isTrue();
    assertThat(second.hold(3).await()).isFalse();
    assertThat(first.hold(3).await()).as("renewed by its holder").isTrue();
    assertThat(second.hold(4).await()).as("another shard is free").isTrue();
    assertThat(first.hold(4).await()).isFalse();
  }

  @Test
  @DisplayName("A lease its holder stops renewing lapses, and another instance takes the shard")
  void lapses() {
    // Leases are Cassandra TTLs, real seconds: long enough that a loaded machine still asks again
    // within it, short enough to lapse during the test.
    ShardLeases.Holder gone = leases(Duration.ofSeconds(5)).newHolder();
    ShardLeases.Holder next = leases(Duration.ofMinutes(1)).newHolder();
    assertThat(gone.hold(7).await()).isTrue();
    assertThat(next.hold(7).await()).isFalse();

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> next.hold(7).await());
  }

  @Test
  @DisplayName("A holder that stops gives its shard back at once; only the holder can")
  void release() {
    ShardLeases leases = leases(Duration.ofMinutes(1));
    ShardLeases.Holder stopping = leases.newHolder();
    ShardLeases.Holder other = leases.newHolder();
    assertThat(stopping.hold(2).await()).isTrue();

    assertThat(other.release(2).await()).as("not its lease").isFalse();
    assertThat(other.hold(2).await()).isFalse();
    assertThat(stopping.release(2).await()).isTrue();
    assertThat(other.hold(2).await()).as("free at once, no TTL to wait for").isTrue();
  }

  @Test
  @DisplayName("A holder that stops gives back every shard it took, and none of another's")
  void releaseAll() {
    ShardLeases leases = leases(Duration.ofMinutes(1));
    ShardLeases.Holder stopping = leases.newHolder();
    ShardLeases.Holder other = leases.newHolder();
    assertThat(other.hold(1).await()).isTrue();
    for (int shard = 0; shard < 4; shard++) {
      stopping.hold(shard).await();
    }
    assertThat(stopping.held()).containsExactlyInAnyOrder(0, 2, 3);

    stopping.releaseAll().await();

    assertThat(stopping.held()).isEmpty();
    assertThat(session.execute("SELECT shard, owner FROM test_lease_by_shard").all())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.getInt("shard")).isEqualTo(1);
              assertThat(row.getUuid("owner")).isEqualTo(other.owner());
            });
  }

  @Test
  @DisplayName("A table name is checked before it goes into CQL")
  void tableName() {
    assertThatThrownBy(
            () -> new ShardLeases(session, "leases; DROP TABLE x", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
