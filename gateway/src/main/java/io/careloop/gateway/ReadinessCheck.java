package io.careloop.gateway;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** Something the gateway needs to serve requests, checked by {@code /health/ready}. */
public record ReadinessCheck(String name, Supplier<Future<Void>> check) {
}
