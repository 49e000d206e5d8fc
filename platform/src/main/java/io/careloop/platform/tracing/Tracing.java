package io.careloop.platform.tracing;

import com.datastax.oss.driver.api.core.session.SessionBuilder;
import io.careloop.platform.config.Env;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.VertxBuilder;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's traces: off unless an OTLP endpoint is configured, and then installed where the
 * process builds its Vert.x (event bus, HTTP) and its Cassandra session (a span per request made
 * inside a trace). Off, nothing is installed: no tracer, no request tracker, no cost per message.
 */
public final class Tracing implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Tracing.class);

  /**
   * The OTLP/HTTP collector's base URL, e.g. http://otel-collector:4318; traces go to its
   * /v1/traces.
   */
  public static final String ENDPOINT = "CARELOOP_OTLP_ENDPOINT";

  /** OpenTelemetry's own name for it, honoured when ours is not set. */
  public static final String STANDARD_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /**
   * Share of the traces started here that are kept (0 to 1, default 1); a caller's decision is
   * followed.
   */
  public static final String SAMPLE_RATIO = "CARELOOP_TRACE_SAMPLE_RATIO";

  /** Replaces the service name the process gives itself. */
  public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";

  private static final Tracing OFF = new Tracing(null, null);

  private final OpenTelemetry telemetry;
  private final SdkTracerProvider owned;

  private Tracing(OpenTelemetry telemetry, SdkTracerProvider owned) {
    this.telemetry = telemetry;
    this.owned = owned;
  }

  public static Tracing off() {
    return OFF;
  }

  /**
   * Traces into an OpenTelemetry the caller made (and closes): tests with an in-memory exporter.
   */
  public static Tracing into(OpenTelemetry telemetry) {
    return new Tracing(telemetry, null);
  }

  /** As the environment says: exported over OTLP/HTTP when an endpoint is set, off otherwise. */
  public static Tracing fromEnv(Env env, String service) {
    Optional<String> endpoint = env.optional(ENDPOINT).or(() -> env.optional(STANDARD_ENDPOINT));
    if (endpoint.isEmpty()) {
      return OFF;
    }
    String name = env.string(SERVICE_NAME, service);
    double ratio = sampleRatio(env);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), name))))
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
            .addSpanProcessor(new QueryRedaction())
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder()
                            .setEndpoint(tracesUrl(endpoint.get()))
                            .build())
                    .build())
            .build();
    log.info(
        "Traces of {} go to {} over OTLP/HTTP ({} % of the traces started here)",
        name, withoutUserInfo(endpoint.get()), Math.round(ratio * 100));
    return new Tracing(
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build(),
        provider);
  }

  private static double sampleRatio(Env env) {
    double ratio = Double.parseDouble(env.string(SAMPLE_RATIO, "1"));
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException(SAMPLE_RATIO + " must be between 0 and 1, not " + ratio);
    }
    return ratio;
  }

  /** The base URL as OpenTelemetry's variable takes it, or already the traces' own URL. */
  static String tracesUrl(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base.endsWith("/v1/traces") ? base : base + "/v1/traces";
  }

  private static String withoutUserInfo(String endpoint) {
    URI uri = URI.create(endpoint);
    return uri.getUserInfo() == null ? endpoint : endpoint.replace(uri.getRawUserInfo() + "@", "");
  }

  public boolean on() {
    return telemetry != null;
  }

  /** The builder, with the tracer installed when tracing is on. */
  public VertxBuilder applyTo(VertxBuilder builder) {
    return on() ? builder.withTracer(new OpenTelemetryTracingFactory(telemetry)) : builder;
  }

  /** The session builder, with a span per request made inside a trace when tracing is on. */
  public <B extends SessionBuilder<B, ?>> B applyTo(B builder) {
    if (!on()) {
      return builder;
    }
    CqlSpans spans = new CqlSpans(telemetry.getTracer("io.careloop.cassandra"));
    return builder.addRequestTracker(spans).withRequestIdGenerator(spans);
  }

  /** Blocking: sends the spans still buffered (a few seconds at most) and stops the exporter. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
