package io.careloop.platform.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Gathers what one Vert.x context hands over before its next queued task runs, and passes it on as
 * one list when that task runs: one event for a burst instead of one per item, without a timer and
 * without delay beyond the current turn. Items added outside a context are passed on at once, one
 * at a time.
 */
public final class TurnBatches<T> {

  private final Consumer<List<T>> sink;
  private final Map<Context, List<T>> turns = new ConcurrentHashMap<>();

  /**
   * @param sink called on the context that added the items, once per turn that added any
   */
  public TurnBatches(Consumer<List<T>> sink) {
    this.sink = sink;
  }

  public void add(T item) {
    Context context = Vertx.currentContext();
    if (context == null) {
      sink.accept(List.of(item));
      return;
    }
    // only this context's thread touches its list
    List<T> turn = turns.get(context);
    if (turn == null) {
      turn = new ArrayList<>();
      turns.put(context, turn);
      context.runOnContext(v -> sink.accept(turns.remove(context)));
    }
    turn.add(item);
  }
}
