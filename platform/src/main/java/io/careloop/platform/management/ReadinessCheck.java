package io.careloop.platform.management;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** Something a process needs to do its work, checked by {@code /health/ready}. */
public record ReadinessCheck(String name, Supplier<Future<Void>> check) {
}
