package io.careloop.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Keeps the names of an HTTP request's query parameters and drops their values, which Vert.x's
 * server spans record in full: a search's words or an external identity are nobody's business in a
 * trace store.
 */
final class QueryRedaction implements SpanProcessor {

  static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
  static final AttributeKey<String> URL = AttributeKey.stringKey("http.url");

  @Override
  public void onStart(Context parent, ReadWriteSpan span) {
    String query = span.getAttribute(QUERY);
    if (query == null || query.isEmpty()) {
      return;
    }
    span.setAttribute(QUERY, namesOnly(query));
    String url = span.getAttribute(URL);
    if (url != null && url.indexOf('?') >= 0) {
      span.setAttribute(URL, url.substring(0, url.indexOf('?')) + "?" + namesOnly(query));
    }
  }

  /** "q=Ann&limit=5" as "q=_&limit=_". */
  static String namesOnly(String query) {
    return Arrays.stream(query.split("&"))
        .map(p -> p.split("=", 2)[0] + "=_")
        .collect(Collectors.joining("&"));
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    // nothing to do once the span has ended
  }

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
