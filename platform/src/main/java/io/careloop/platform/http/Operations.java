package io.careloop.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handlers of the OpenAPI document's operations, by operationId. Each module adds its own; the
 * gateway binds them to the routes the document declares and refuses to start when an operation has
 * no handler or a handler has no operation, so the document cannot drift.
 */
public final class Operations {

  private final Map<String, Handler<RoutingContext>> handlers = new LinkedHashMap<>();

  public Operations on(String operationId, Handler<RoutingContext> handler) {
    if (handlers.putIfAbsent(operationId, handler) != null) {
      throw new IllegalStateException("Two handlers for operation " + operationId);
    }
    return this;
  }

  public Map<String, Handler<RoutingContext>> handlers() {
    return Collections.unmodifiableMap(handlers);
  }
}
