package io.careloop.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QueryRedactionTest {

  @Test
  @DisplayName("An HTTP span keeps its query's parameter names, not their values")
  void valuesDropped() {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    SpanData span;
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(new QueryRedaction())
            .addSpanProcessor(SimpleSpanProcessor.create(exported))
            .build()) {
      provider
          .get("test")
          .spanBuilder("GET")
          .setAttribute(QueryRedaction.QUERY, "q=Ann%20Smith&limit=5")
          .setAttribute(QueryRedaction.URL, "http://h/api/v1/nurse/patients?q=Ann%20Smith&limit=5")
          .startSpan()
          .end();
      span = exported.getFinishedSpanItems().get(0); // the exporter forgets its spans when closed
    }
    assertThat(span.getAttributes().get(QueryRedaction.QUERY)).isEqualTo("q=_&limit=_");
    assertThat(span.getAttributes().get(QueryRedaction.URL))
        .isEqualTo("http://h/api/v1/nurse/patients?q=_&limit=_");
  }
}
