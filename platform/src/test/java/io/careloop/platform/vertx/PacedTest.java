package io.careloop.platform.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacedTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "Ten calls over 500 ms, four at a time: the n-th starts no earlier than n x 50 ms after the"
          + " first, and every result comes back")
  void spreadOverTheSpan() {
    List<Long> startedAt = new CopyOnWriteArrayList<>();
    Function<Integer, Future<Integer>> work =
        item -> {
          startedAt.add(System.nanoTime());
          return Future.succeededFuture(item * 2);
        };

    List<Integer> results =
        Bounded.map(
                IntStream.range(0, 10).boxed().toList(),
                4,
                Paced.over(vertx, Duration.ofMillis(500), 10, work))
            .await();

    assertThat(results).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18);
    assertThat(startedAt).hasSize(10);
    for (int n = 1; n < 10; n++) {
      assertThat((startedAt.get(n) - startedAt.get(0)) / 1_000_000)
          .as("call %d's start, in ms after the first", n)
          .isGreaterThanOrEqualTo(n * 50L - 1);
    }
  }

  @Test
  @DisplayName("No span, or one call: the work itself, nothing waits")
  void noSpanNoWait() {
    Function<Integer, Future<Integer>> work = Future::succeededFuture;

    assertThat(Paced.over(vertx, Duration.ZERO, 10, work)).isSameAs(work);
    assertThat(Paced.over(vertx, Duration.ofSeconds(5), 1, work)).isSameAs(work);
  }
}
