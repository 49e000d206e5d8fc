package io.careloop.platform.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BacklogTest {

  private final Backlog backlog = new Backlog(2, 2);
  private final List<String> started = new ArrayList<>();
  private final List<Promise<Void>> ends = new ArrayList<>();

  private boolean offer(String name) {
    return backlog.offer(
        () -> {
          started.add(name);
          Promise<Void> end = Promise.promise();
          ends.add(end);
          return end.future();
        });
  }

  @Test
  @DisplayName("At most the limit under way, the next waiting in order, and refused when full")
  void boundedThenRefused() {
    assertThat(List.of(offer("a"), offer("b"), offer("c"), offer("d"))).containsOnly(true);
    assertThat(started).containsExactly("a", "b");
    assertThat(backlog.waiting()).isEqualTo(2);

    assertThat(offer("e")).as("two under way, two waiting: full").isFalse();
    assertThat(backlog.waiting()).isEqualTo(2);

    ends.get(1).fail("a failure ends the work as well");
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(offer("f")).isTrue();
    ends.get(0).complete();
    ends.get(2).complete();
    assertThat(started).containsExactly("a", "b", "c", "d", "f");
    assertThat(backlog.waiting()).isZero();
    assertThat(backlog.underWay()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "Work that ends as it starts, or throws, frees its place; 100,000 without a deep stack")
  void synchronousWork() {
    Backlog quick = new Backlog(1, 0);
    int[] ran = new int[1];
    for (int i = 0; i < 100_000; i++) {
      assertThat(
              quick.offer(
                  () -> {
                    ran[0]++;
                    return Future.succeededFuture();
                  }))
          .isTrue();
    }
    assertThat(
            quick.offer(
                () -> {
                  throw new IllegalStateException("bad event");
                }))
        .isTrue();
    assertThat(ran[0]).isEqualTo(100_000);
    assertThat(quick.underWay()).isZero();
    assertThatThrownBy(() -> new Backlog(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
