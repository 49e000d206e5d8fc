package io.careloop.platform.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestQueueTest {

  private final RequestQueue queue = new RequestQueue(2);
  private final List<String> started = new ArrayList<>();
  private final List<Promise<String>> answers = new ArrayList<>();

  private Future<String> add(String name) {
    return queue.add(
        () -> {
          started.add(name);
          Promise<String> answer = Promise.promise();
          answers.add(answer);
          return answer.future();
        });
  }

  @Test
  @DisplayName("At most the limit is under way; the others start in order as earlier ones complete")
  void boundedAndInOrder() {
    Future<String> a = add("a");
    Future<String> b = add("b");
    Future<String> c = add("c");
    Future<String> d = add("d");

    assertThat(started).containsExactly("a", "b");
    assertThat(queue.underWay()).isEqualTo(2);

    answers.get(1).complete("B");
    assertThat(b.result()).isEqualTo("B");
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(queue.underWay()).isEqualTo(2);

    answers.get(0).fail(new IllegalStateException("refused"));
    assertThat(a.cause()).hasMessage("refused");
    assertThat(started).containsExactly("a", "b", "c", "d");

    answers.get(2).complete("C");
    answers.get(3).complete("D");
    assertThat(List.of(c.result(), d.result())).containsExactly("C", "D");
    assertThat(queue.underWay()).isZero();
  }

  @Test
  @DisplayName("A request is built when it starts, not when it is added")
  void builtWhenStarted() {
    add("a");
    add("b");
    StringBuilder rows = new StringBuilder("x");
    Future<String> later = queue.add(() -> Future.succeededFuture(rows.toString()));
    rows.append("y"); // arrives while the request waits

    assertThat(later.isComplete()).isFalse();
    answers.get(0).complete("A");

    assertThat(later.result()).isEqualTo("xy");
  }

  @Test
  @DisplayName("A request that throws as it is built fails alone and frees its place")
  void throwingRequest() {
    Future<String> broken =
        queue.add(
            () -> {
              throw new IllegalArgumentException("bad values");
            });
    Future<String> a = add("a");
    Future<String> b = add("b");

    assertThat(broken.cause())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad values");
    assertThat(started).containsExactly("a", "b");
    assertThat(queue.underWay()).isEqualTo(2);
    answers.forEach(p -> p.complete("ok"));
    assertThat(a.succeeded() && b.succeeded()).isTrue();
  }

  @Test
  @DisplayName(
      "Many waiting requests that complete as they start run in a loop, not a deeper stack each")
  void completedAtOnce() {
    RequestQueue single = new RequestQueue(1);
    Promise<Integer> first = Promise.promise();
    single.add(first::future);
    List<Future<Integer>> waiting = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int n = i;
      waiting.add(single.add(() -> Future.succeededFuture(n)));
    }
    assertThat(waiting.get(0).isComplete()).isFalse();

    first.complete(-1);

    assertThat(waiting).allMatch(Future::succeeded);
    assertThat(waiting.get(99_999).result()).isEqualTo(99_999);
    assertThat(single.underWay()).isZero();
  }

  @Test
  @DisplayName("A limit below one is refused")
  void limitAtLeastOne() {
    assertThatThrownBy(() -> new RequestQueue(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
