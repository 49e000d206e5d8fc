package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartitionBatcherIT {

  private static final String KEYSPACE = "partition_batcher";
  private static Vertx vertx;
  private static CqlSession session;
  private static PreparedStatement insert;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    session = TestCassandra.scratch(KEYSPACE, "rows (k text, c int, v text, PRIMARY KEY (k, c))");
    insert = session.prepare("INSERT INTO rows (k, c, v) VALUES (?, ?, ?)");
  }

  @BeforeEach
  void empty() {
    session.execute("TRUNCATE rows");
  }

  @AfterAll
  static void tearDown() throws Exception {
    session.close();
    TestCassandra.get().session().execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Runs {@code writes} in one task of a Vert.x context and waits for all its futures. */
  private static List<Future<Void>> inOneTurn(
      java.util.function.Supplier<List<Future<Void>>> writes) throws Exception {
    CompletableFuture<List<Future<Void>>> issued = new CompletableFuture<>();
    vertx.runOnContext(v -> issued.complete(writes.get()));
    List<Future<Void>> futures = issued.get(10, TimeUnit.SECONDS);
    Future.join(futures)
        .toCompletionStage()
        .toCompletableFuture()
        .handle((r, e) -> null)
        .get(30, TimeUnit.SECONDS);
    return futures;
  }

  /** Writes issued in one task, and how many requests were under way right after that task. */
  private record Turn(List<Future<Void>> writes, int underWayAfter) {}

  /**
   * {@link #inOneTurn}, also counting the requests under way once the task ends, before any answer.
   */
  private static Turn inOneTurnCountingUnderWay(
      PartitionBatcher batcher, java.util.function.Supplier<List<Future<Void>>> writes)
      throws Exception {
    CompletableFuture<Integer> underWay = new CompletableFuture<>();
    List<Future<Void>> futures =
        inOneTurn(
            () -> {
              List<Future<Void>> issued = writes.get();
              // queued after the batcher's end of turn and before any answer can be handled on this
              // context
              vertx.getOrCreateContext().runOnContext(v -> underWay.complete(batcher.inFlight()));
              return issued;
            });
    return new Turn(futures, underWay.get(10, TimeUnit.SECONDS));
  }

  private static Map<String, List<Integer>> stored() {
    Map<String, List<Integer>> rows = new TreeMap<>();
    for (Row row : session.execute("SELECT k, c FROM rows")) {
      rows.computeIfAbsent(row.getString("k"), k -> new ArrayList<>()).add(row.getInt("c"));
    }
    return rows;
  }

  @Test
  @DisplayName(
      "Rows of one partition written in one turn go out as batches of at most the limit; all are stored")
  void batchesByPartition() throws Exception {
    PartitionBatcher batcher = new PartitionBatcher(new Cql(session), 16, 64);

    List<Future<Void>> futures =
        inOneTurn(
            () -> {
              List<Future<Void>> writes = new ArrayList<>();
              for (int c = 0; c < 20; c++) {
                writes.add(batcher.write(insert.bind("a", c, "x")));
                if (c < 3) {
                  writes.add(batcher.write(insert.bind("b", c, "y")));
                }
              }
              return writes;
            });

    assertThat(futures).allMatch(Future::succeeded);
    assertThat(batcher.statements()).isEqualTo(23);
    assertThat(batcher.requests()).isEqualTo(3); // a: 16 + 4, b: 3
    assertThat(stored().get("a")).hasSize(20);
    assertThat(stored().get("b")).containsExactly(0, 1, 2);
  }

  @Test
  @DisplayName(
      "A partition has one request under way: its other rows wait for the answer, other partitions do not")
  void onePartitionOneRequestUnderWay() throws Exception {
    PartitionBatcher batcher = new PartitionBatcher(new Cql(session), 16, 64);

    Turn turn =
        inOneTurnCountingUnderWay(
            batcher,
            () -> {
              List<Future<Void>> writes = new ArrayList<>();
              for (int c = 0; c < 20; c++) {
                writes.add(batcher.write(insert.bind("a", c, "x")));
              }
              for (int c = 0; c < 3; c++) {
                writes.add(batcher.write(insert.bind("b", c, "y")));
              }
              return writes;
            });

    assertThat(turn.underWayAfter()).as("a's first 16 rows and b's 3").isEqualTo(2);
    assertThat(turn.writes()).allMatch(Future::succeeded);
    assertThat(batcher.requests()).isEqualTo(3); // a: 16, then the 4 that waited; b: 3
    assertThat(stored().get("a")).hasSize(20);
    assertThat(stored().get("b")).containsExactly(0, 1, 2);
  }

  @Test
  @DisplayName(
      "A batch Cassandra refuses fails each of its rows, stores none of them, and spares other partitions")
  void refusedBatchFailsEachMember() throws Exception {
    PartitionBatcher batcher = new PartitionBatcher(new Cql(session), 16, 64);

    List<Future<Void>> futures =
        inOneTurn(
            () ->
                List.of(
                    batcher.write(insert.bind("refused", 1, "fine on its own")),
                    batcher.write(insert.bind("refused", null, "no clustering key")),
                    batcher.write(insert.bind("other", 1, "ok"))));

    assertThat(futures.get(0).failed()).isTrue();
    assertThat(futures.get(1).failed()).isTrue();
    assertThat(futures.get(1).cause()).isSameAs(futures.get(0).cause());
    assertThat(futures.get(2).succeeded()).isTrue();
    assertThat(stored()).containsOnlyKeys("other");
    assertThat(batcher.requests()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "A burst of many partitions keeps at most the limit of requests under way, and stores every row")
  void requestsUnderWayAreBounded() throws Exception {
    PartitionBatcher batcher = new PartitionBatcher(new Cql(session), 16, 4);

    Turn turn =
        inOneTurnCountingUnderWay(
            batcher,
            () -> {
              List<Future<Void>> writes = new ArrayList<>();
              for (int k = 0; k < 100; k++) {
                writes.add(batcher.write(insert.bind("p" + k, 1, "x")));
              }
              return writes;
            });

    assertThat(turn.underWayAfter()).isEqualTo(4);
    assertThat(turn.writes()).allMatch(Future::succeeded);
    assertThat(batcher.requests()).isEqualTo(100);
    assertThat(batcher.inFlight()).isZero();
    assertThat(stored()).hasSize(100);
  }

  @Test
  @DisplayName("Outside a Vert.x context every row is its own request, written at once")
  void noContextNoBatch() throws Exception {
    PartitionBatcher batcher = new PartitionBatcher(new Cql(session), 16, 64);

    List<Future<Void>> futures =
        List.of(batcher.write(insert.bind("a", 1, "x")), batcher.write(insert.bind("a", 2, "x")));
    Future.all(futures).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(batcher.requests()).isEqualTo(2);
    assertThat(stored().get("a")).containsExactly(1, 2);
  }
}
