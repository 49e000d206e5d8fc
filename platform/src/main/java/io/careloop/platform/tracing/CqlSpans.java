package io.careloop.platform.tracing;

import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestIdGenerator;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span per Cassandra request made inside a trace, from the driver's request tracker. The tracker
 * is told of a request only on the driver's threads, when it is answered; the span it belongs to is
 * known only on the caller's thread, as the request is created. So the request id, which the driver
 * asks for on the caller's thread and hands to the tracker in its log prefix, carries the caller's
 * span as a W3C traceparent. Requests outside a sampled trace get a plain number and no span.
 */
final class CqlSpans implements RequestTracker, RequestIdGenerator {

  /** "00-" trace id "-" span id "-" flags: 55 characters. */
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");

  private static final Pattern TABLE =
      Pattern.compile("(?:FROM|INTO|UPDATE)\\s+([\\w.\"]+)", Pattern.CASE_INSENSITIVE);

  private final Tracer tracer;
  private final AtomicLong untraced = new AtomicLong();

  CqlSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  /** On the caller's thread, as {@code executeAsync} creates the request. */
  @Override
  public String getSessionRequestId() {
    SpanContext caller = Span.current().getSpanContext();
    if (!caller.isValid() || !caller.isSampled()) {
      return Long.toString(untraced.incrementAndGet());
    }
    return "00-"
        + caller.getTraceId()
        + "-"
        + caller.getSpanId()
        + "-"
        + caller.getTraceFlags().asHex();
  }

  @Override
  public String getNodeRequestId(Request request, String parentId) {
    return parentId;
  }

  /** The statement as it is: the id is ours, Cassandra need not receive it in a custom payload. */
  @Override
  public Statement<?> getDecoratedStatement(Statement<?> statement, String requestId) {
    return statement;
  }

  @Override
  public void onSuccess(
      Request request,
      long latencyNanos,
      DriverExecutionProfile profile,
      Node node,
      String requestLogPrefix) {
    Span span = start(request, latencyNanos, node, requestLogPrefix);
    if (span != null) {
      span.end();
    }
  }

  @Override
  public void onError(
      Request request,
      Throwable error,
      long latencyNanos,
      DriverExecutionProfile profile,
      Node node,
      String requestLogPrefix) {
    Span span = start(request, latencyNanos, node, requestLogPrefix);
    if (span != null) {
      // the kind of failure only: a driver message may quote the statement's values
      span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
      span.end();
    }
  }

  private Span start(Request request, long latencyNanos, Node node, String requestLogPrefix) {
    Matcher caller = TRACEPARENT.matcher(requestLogPrefix);
    if (!caller.find()) {
      return null;
    }
    SpanContext parent =
        SpanContext.createFromRemoteParent(
            caller.group(1),
            caller.group(2),
            TraceFlags.fromHex(caller.group(3), 0),
            TraceState.getDefault());
    Instant now = Instant.now();
    long endNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    SpanBuilder builder =
        tracer
            .spanBuilder(summary(request))
            .setParent(Context.root().with(Span.wrap(parent)))
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(endNanos - latencyNanos, TimeUnit.NANOSECONDS)
            .setAttribute("db.system.name", "cassandra");
    describe(request, builder);
    if (node != null) {
      builder.setAttribute("server.address", node.getEndPoint().toString());
    }
    return builder.startSpan();
  }

  /** Only a prepared statement's text is recorded: it holds placeholders, never values. */
  private static void describe(Request request, SpanBuilder builder) {
    if (request instanceof BoundStatement bound) {
      builder.setAttribute("db.query.text", bound.getPreparedStatement().getQuery());
    } else if (request instanceof BatchStatement batch) {
      builder.setAttribute("db.operation.batch.size", (long) batch.size());
    }
  }

  @Override
  public void close() {
    // the spans are the tracer provider's to flush
  }

  /** "INSERT sessions_by_patient", "BATCH": what the request does to which table. */
  static String summary(Request request) {
    String query;
    if (request instanceof BoundStatement bound) {
      query = bound.getPreparedStatement().getQuery();
    } else if (request instanceof SimpleStatement simple) {
      query = simple.getQuery();
    } else if (request instanceof BatchStatement batch) {
      return batch.size() == 0 ? "BATCH" : "BATCH " + summary(batch.iterator().next());
    } else {
      return "CQL";
    }
    String operation = query.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    Matcher table = TABLE.matcher(query);
    return table.find() ? operation + " " + table.group(1) : operation;
  }
}
