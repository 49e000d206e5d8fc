package io.careloop.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Work in a trace, the Vert.x way: a trace lives in a duplicated context's locals, and what the
 * work starts there (futures, Cassandra requests, events) carries it on. Each method does nothing
 * more than run the work when the Vert.x of the context has no tracer (tracing off).
 */
public final class Traces {

  private Traces() {}

  /** Whether the Vert.x of the context traces. */
  public static boolean on(Context context) {
    return ((ContextInternal) context).tracer() != null;
  }

  /**
   * A message received from outside Vert.x (an MQTT PUBLISH): its span, child of the trace its
   * {@code headers} carry (W3C {@code traceparent}) or the first of a new trace, is current for the
   * work and ends when the work's future does.
   */
  public static <T> Future<T> received(
      Context context,
      String operation,
      Map<String, String> attributes,
      Iterable<Map.Entry<String, String>> headers,
      Supplier<Future<T>> work) {
    ContextInternal home = (ContextInternal) context;
    VertxTracer<Object, Object> tracer = home.tracer();
    if (tracer == null) {
      return work.get();
    }
    ContextInternal own = home.duplicate();
    Object span =
        tracer.receiveRequest(
            own,
            SpanKind.MESSAGING,
            TracingPolicy.ALWAYS,
            attributes,
            operation,
            headers,
            Attributes.INSTANCE);
    return dispatch(own, work)
        .andThen(
            done ->
                // ended a turn later: what the work left for the end of its turn (an event) still
                // leaves in the trace
                own.runOnContext(
                    v -> tracer.sendResponse(own, null, span, done.cause(), TagExtractor.empty())));
  }

  /**
   * Keeps the current trace for the asynchronous steps of the work. An event-bus consumer of a
   * published event is in the event's trace only until its handler returns; work it started then
   * continues here, in a context of its own that keeps the trace.
   */
  public static <T> Future<T> continued(Supplier<Future<T>> work) {
    ContextInternal current = ContextInternal.current();
    if (current == null || current.tracer() == null) {
      return work.get();
    }
    io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
    if (!Span.fromContext(trace).getSpanContext().isValid()) {
      return work.get();
    }
    ContextInternal own = current.duplicate();
    VertxContextStorage.INSTANCE.attach(
        own, trace); // never detached: the context ends with the work
    return dispatch(own, work);
  }

  /** The work, started now on this thread with {@code context} as the current Vert.x context. */
  private static <T> Future<T> dispatch(ContextInternal context, Supplier<Future<T>> work) {
    Object[] result = new Object[1];
    context.dispatch(
        () -> {
          try {
            result[0] = work.get();
          } catch (RuntimeException e) {
            result[0] = Future.failedFuture(e);
          }
        });
    @SuppressWarnings("unchecked")
    Future<T> future = (Future<T>) result[0];
    return future;
  }

  /** The span's attributes, from a map. */
  private enum Attributes implements TagExtractor<Map<String, String>> {
    INSTANCE;

    @Override
    public int len(Map<String, String> tags) {
      return tags.size();
    }

    @Override
    public String name(Map<String, String> tags, int index) {
      return tags.keySet().stream().skip(index).findFirst().orElseThrow();
    }

    @Override
    public String value(Map<String, String> tags, int index) {
      return tags.values().stream().skip(index).findFirst().orElseThrow();
    }
  }
}
