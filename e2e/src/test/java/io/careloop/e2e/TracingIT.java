package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.testing.TestTelemetry;
import io.careloop.platform.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One trace from a brush's publish to the stored rows, the alert and the notification, with every
 * real part (broker, Cassandra, event bus, fake FCM) and the spans caught by an in-memory exporter.
 */
class TracingIT {

  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private static OpenTelemetrySdk telemetry;
  private static TestApp traced;

  @BeforeAll
  static void start() throws Exception {
    telemetry = TestTelemetry.into(exported);
    traced = new TestApp(Tracing.into(telemetry), "_traced");
  }

  @AfterAll
  static void stop() {
    if (traced != null) {
      traced.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }

  @Test
  @DisplayName(
      "A publish carrying a traceparent: ingest, the session's rows, alerts, the alert's row and NOTIFY share its trace")
  void oneTraceFromPublishToNotification() throws Exception {
    AlertsWorld world = new AlertsWorld(traced);
    ClinicFixture.Account nurse = world.nurse();
    String pushToken = "nurse-" + UUID.randomUUID() + ":APA91bH";
    assertThat(
            traced
                .post(
                    "/api/v1/me/push-tokens",
                    nurse.token(),
                    new JsonObject().put("token", pushToken))
                .statusCode())
        .isEqualTo(204);
    AlertsWorld.BrushingPatient p = world.patient(false);
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String publisher = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (var brush = p.brush()) {
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      brush.publish(
          brush.sessionTopic(),
          AlertsWorld.session(brush, 120, 3, 90, null),
          false,
          Map.of("traceparent", "00-" + traceId + "-" + publisher + "-01"));
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                traced.fcm.deliveredTo(pushToken) == 1
                    && has(traceId, kind(SpanKind.SERVER).and(to(Addresses.NOTIFY)))
                    && has(traceId, cql("push_outbox_by_due_minute")));
    List<SpanData> trace = spansOf(traceId);
    assertThat(trace)
        .as("the MQTT receive in ingest, child of the publisher")
        .anyMatch(
            kind(SpanKind.CONSUMER)
                .and(s -> s.getName().equals("process careloop/v1/devices/{deviceId}/sessions"))
                .and(s -> s.getParentSpanId().equals(publisher)));
    assertThat(trace).as("a write of the session's rows").anyMatch(cql("sessions_by_patient"));
    // the event bus traces a consumer as the server side of the event
    Predicate<SpanData> heardStored = kind(SpanKind.SERVER).and(to(Addresses.SESSION_STORED));
    Predicate<SpanData> notify = kind(SpanKind.SERVER).and(to(Addresses.NOTIFY));
    assertThat(trace)
        .as("the alert's row, written by alerts as it judged the stored session")
        .anyMatch(cql("alerts").and(under(heardStored, trace)));
    assertThat(trace)
        .as("notifications answering the alert's NOTIFY")
        .anyMatch(notify.and(under(heardStored, trace)));
    assertThat(trace)
        .as("the push's outbox row, written as NOTIFY is answered")
        .anyMatch(cql("push_outbox_by_due_minute").and(under(notify, trace)));
    Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    assertThat(trace)
        .as("every span hangs from the publisher's or another span of the trace")
        .allMatch(s -> s.getParentSpanId().equals(publisher) || ids.contains(s.getParentSpanId()));
  }

  /** Spans with an ancestor of the kind in the trace. */
  private static Predicate<SpanData> under(Predicate<SpanData> ancestor, List<SpanData> trace) {
    Map<String, SpanData> byId =
        trace.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
    return s -> {
      for (SpanData up = byId.get(s.getParentSpanId());
          up != null;
          up = byId.get(up.getParentSpanId())) {
        if (ancestor.test(up)) {
          return true;
        }
      }
      return false;
    };
  }

  @Test
  @DisplayName(
      "Without configuration no tracer is installed: the shared CareLoop of the tests traces nothing")
  void untracedWithoutConfiguration() {
    assertThat(((VertxInternal) TestApp.get().app.vertx()).tracer()).isNull();
    assertThat(((VertxInternal) traced.app.vertx()).tracer()).isNotNull();
  }

  private static List<SpanData> spansOf(String traceId) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId))
        .toList();
  }

  private static boolean has(String traceId, Predicate<SpanData> span) {
    return spansOf(traceId).stream().anyMatch(span);
  }

  private static Predicate<SpanData> kind(SpanKind kind) {
    return s -> s.getKind() == kind;
  }

  private static Predicate<SpanData> to(String address) {
    return s -> address.equals(s.getAttributes().get(DESTINATION));
  }

  /** A Cassandra write to the table (alone or batched). */
  private static Predicate<SpanData> cql(String table) {
    return kind(SpanKind.CLIENT).and(s -> s.getName().matches("(BATCH )?(INSERT|UPDATE) " + table));
  }
}
