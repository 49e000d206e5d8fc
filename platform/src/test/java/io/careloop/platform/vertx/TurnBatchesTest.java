package io.careloop.platform.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TurnBatchesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "What one task adds is passed on as one list, on the same context; the next task's as the next")
  void oneListPerTurn() throws Exception {
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    List<Context> where = new CopyOnWriteArrayList<>();
    TurnBatches<String> turns =
        new TurnBatches<>(
            items -> {
              batches.add(items);
              where.add(Vertx.currentContext());
            });
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Void> done = new CompletableFuture<>();

    context.runOnContext(
        v -> {
          turns.add("a");
          turns.add("b");
          turns.add("c");
          // queued before this turn ends, so it runs after the batch was handed over
          context.runOnContext(
              v2 -> {
                turns.add("d");
                context.runOnContext(v3 -> done.complete(null));
              });
        });
    done.get(10, TimeUnit.SECONDS);

    assertThat(batches).containsExactly(List.of("a", "b", "c"), List.of("d"));
    assertThat(where).containsOnly(context);
  }

  @Test
  @DisplayName("Outside a Vert.x context each item is passed on at once, alone")
  void noContext() {
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    TurnBatches<String> turns = new TurnBatches<>(batches::add);

    turns.add("a");
    turns.add("b");

    assertThat(batches).containsExactly(List.of("a"), List.of("b"));
  }
}
