package io.careloop.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.cassandra.PartitionBatcher;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spans of Cassandra requests from the driver's request tracker, against the tests' real node. */
class CqlSpansIT {

  private static final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private static OpenTelemetrySdk telemetry;
  private static CqlSession session;

  @BeforeAll
  static void connect() {
    telemetry = TestTelemetry.into(exported);
    session = CassandraConnector.connect(TestCassandra.get().config(), Tracing.into(telemetry));
    session.execute(
        "CREATE TABLE IF NOT EXISTS traced_rows_by_key (key text, n int, PRIMARY KEY (key, n))");
  }

  @AfterAll
  static void close() {
    session.close();
    telemetry.close();
  }

  @BeforeEach
  void reset() {
    exported.reset();
  }

  @Test
  @DisplayName(
      "A request made inside a span gets a child span with its operation and table, and no values")
  void childOfTheCaller() {
    Span parent = telemetry.getTracer("test").spanBuilder("caller").startSpan();
    try (Scope current = parent.makeCurrent()) {
      session.execute(
          session
              .prepare("INSERT INTO traced_rows_by_key (key, n) VALUES (?, ?)")
              .bind("secret", 7));
      session.execute(
          SimpleStatement.newInstance("SELECT n FROM traced_rows_by_key WHERE key = 'secret'"));
    } finally {
      parent.end();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> cqlSpans().size() == 2);
    List<SpanData> cql = cqlSpans();
    assertThat(cql)
        .extracting(SpanData::getName)
        .containsExactly("INSERT traced_rows_by_key", "SELECT traced_rows_by_key");
    assertThat(cql)
        .allSatisfy(
            span -> {
              assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
              assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
              assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
              assertThat(span.getAttributes().asMap().values())
                  .noneMatch(v -> v.toString().contains("secret"));
            });
    assertThat(cql.get(0).getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("INSERT INTO traced_rows_by_key (key, n) VALUES (?, ?)");
  }

  @Test
  @DisplayName("A request outside any trace makes no span")
  void noTraceNoSpan() {
    session.execute("SELECT n FROM traced_rows_by_key WHERE key = 'x'");
    Span marker = telemetry.getTracer("test").spanBuilder("marker").startSpan();
    marker.end();
    await().atMost(Duration.ofSeconds(10)).until(() -> !exported.getFinishedSpanItems().isEmpty());
    assertThat(cqlSpans()).isEmpty();
  }

  @Test
  @DisplayName(
      "A message received in a trace: its span continues the caller's, and its batched write is a child of it")
  void receivedMessageAndBatchedWrite() {
    Vertx vertx =
        Metrics.vertxBuilder(Metrics.newRegistry(), new VertxOptions(), Tracing.into(telemetry))
            .build();
    try {
      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      String publisher = "00f067aa0ba902b7";
      PartitionBatcher batcher = new PartitionBatcher(new Cql(session), 10, 4);
      var insert = session.prepare("INSERT INTO traced_rows_by_key (key, n) VALUES (?, ?)");
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(
          v ->
              Traces.received(
                      vertx.getOrCreateContext(),
                      "process things",
                      Map.of("messaging.system", "mqtt"),
                      List.of(Map.entry("traceparent", "00-" + traceId + "-" + publisher + "-01")),
                      () ->
                          Future.all(
                                  batcher.write(insert.bind("k", 1)),
                                  batcher.write(insert.bind("k", 2)))
                              .mapEmpty())
                  .onComplete(ar -> done.handle(ar.mapEmpty())));
      done.future().await();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> exported.getFinishedSpanItems().size() == 2);
      SpanData received = named("process things");
      SpanData batch = named("BATCH INSERT traced_rows_by_key");
      assertThat(received.getTraceId()).isEqualTo(traceId);
      assertThat(received.getParentSpanId()).isEqualTo(publisher);
      assertThat(received.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(batch.getTraceId()).isEqualTo(traceId);
      assertThat(batch.getParentSpanId()).isEqualTo(received.getSpanId());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("Tracing off: the session has neither the tracker nor the request ids")
  void offInstallsNothing() {
    try (CqlSession plain =
        CassandraConnector.connect(TestCassandra.get().config(), Tracing.off())) {
      assertThat(((InternalDriverContext) plain.getContext()).getRequestIdGenerator()).isEmpty();
      assertThat(((InternalDriverContext) session.getContext()).getRequestIdGenerator())
          .isPresent();
    }
  }

  private static List<SpanData> cqlSpans() {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT)
        .toList();
  }

  private static SpanData named(String name) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(name + " not among " + exported.getFinishedSpanItems()));
  }
}
