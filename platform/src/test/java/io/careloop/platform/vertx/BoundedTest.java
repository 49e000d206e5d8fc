package io.careloop.platform.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BoundedTest {

  private final List<Integer> started = new ArrayList<>();
  private final List<Promise<String>> answers = new ArrayList<>();

  private Future<String> pending(Integer item) {
    started.add(item);
    Promise<String> answer = Promise.promise();
    answers.add(answer);
    return answer.future();
  }

  @Test
  @DisplayName("At most the limit under way, the next started as each ends; results in item order")
  void boundedInOrder() {
    Future<List<String>> all = Bounded.map(List.of(1, 2, 3, 4, 5), 2, this::pending);
    assertThat(started).containsExactly(1, 2);

    answers.get(1).complete("two");
    assertThat(started).containsExactly(1, 2, 3);
    answers.get(2).complete("three");
    assertThat(started).containsExactly(1, 2, 3, 4);
    answers.get(0).complete("one");
    answers.get(3).complete("four");
    assertThat(started).containsExactly(1, 2, 3, 4, 5);
    assertThat(all.isComplete()).isFalse();

    answers.get(4).complete("five");
    assertThat(all.result()).containsExactly("one", "two", "three", "four", "five");
  }

  @Test
  @DisplayName("The first failure fails the whole and starts nothing more")
  void firstFailureStops() {
    Future<List<String>> all = Bounded.map(List.of(1, 2, 3, 4), 2, this::pending);
    answers.get(0).fail(new IllegalStateException("read timed out"));
    assertThat(all.cause()).hasMessage("read timed out");
    answers.get(1).complete("late");
    assertThat(started).containsExactly(1, 2);

    Future<List<String>> thrown =
        Bounded.map(
            List.of(1),
            1,
            i -> {
              throw new IllegalArgumentException("bad item");
            });
    assertThat(thrown.cause()).hasMessage("bad item");
  }

  @Test
  @DisplayName("Work that completes at once runs through 100,000 items without a deep stack")
  void synchronousWorkDoesNotRecurse() {
    List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
    Future<List<Integer>> all = Bounded.map(items, 8, i -> Future.succeededFuture(i * 2));
    assertThat(all.result()).hasSize(100_000).startsWith(0, 2, 4).endsWith(199_998);
  }

  @Test
  @DisplayName("No items: done at once; a limit below one is refused")
  void edges() {
    assertThat(Bounded.map(List.<Integer>of(), 4, this::pending).result()).isEmpty();
    assertThatThrownBy(() -> Bounded.map(List.of(1), 0, this::pending))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
