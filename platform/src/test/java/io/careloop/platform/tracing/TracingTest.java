package io.careloop.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.config.Env;
import io.careloop.platform.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TracingTest {

  private static Vertx vertxWith(Tracing tracing) {
    return Metrics.vertxBuilder(Metrics.newRegistry(), new VertxOptions(), tracing).build();
  }

  @Test
  @DisplayName("Without an OTLP endpoint tracing is off and Vert.x gets no tracer")
  void offWithoutEndpoint() {
    Tracing tracing = Tracing.fromEnv(new Env(Map.of()), "careloop-test");
    assertThat(tracing.on()).isFalse();
    Vertx vertx = vertxWith(tracing);
    try {
      assertThat(((VertxInternal) vertx).tracer()).isNull();
      assertThat(Traces.on(vertx.getOrCreateContext())).isFalse();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName(
      "CARELOOP_OTLP_ENDPOINT, or OpenTelemetry's own variable, turns it on and installs the tracer")
  void onWithEndpoint() {
    for (String variable : new String[] {Tracing.ENDPOINT, Tracing.STANDARD_ENDPOINT}) {
      try (Tracing tracing =
          Tracing.fromEnv(new Env(Map.of(variable, "http://127.0.0.1:1")), "careloop-test")) {
        assertThat(tracing.on()).as(variable).isTrue();
        Vertx vertx = vertxWith(tracing);
        try {
          assertThat(((VertxInternal) vertx).tracer()).as(variable).isNotNull();
          assertThat(Traces.on(vertx.getOrCreateContext())).isTrue();
        } finally {
          vertx.close().await();
        }
      }
    }
  }

  @Test
  @DisplayName(
      "The endpoint is a base URL, as OpenTelemetry's; the traces' own URL is taken as it is")
  void tracesUrl() {
    assertThat(Tracing.tracesUrl("http://collector:4318"))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(Tracing.tracesUrl("http://collector:4318/"))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(Tracing.tracesUrl("https://c/otlp/v1/traces")).isEqualTo("https://c/otlp/v1/traces");
  }

  @Test
  @DisplayName("A sample ratio outside 0..1 is refused at start-up")
  void badRatio() {
    assertThatThrownBy(
            () ->
                Tracing.fromEnv(
                    new Env(Map.of(Tracing.ENDPOINT, "http://c:4318", Tracing.SAMPLE_RATIO, "5")),
                    "careloop-test"))
        .hasMessageContaining(Tracing.SAMPLE_RATIO);
  }
}
