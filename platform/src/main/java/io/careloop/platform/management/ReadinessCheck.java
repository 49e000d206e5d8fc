package io.careloop.platform.management;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Something a process needs to do its work, checked by {@code /health/ready}.
 *
 * @param decides whether the process is ready only when it passes; an informational check is
 *     reported with its state but leaves readiness alone (the gateway's broker link: a broker
 *     outage must not take the patients' API out of its load balancer)
 */
public record ReadinessCheck(String name, Supplier<Future<Void>> check, boolean decides) {

  public ReadinessCheck(String name, Supplier<Future<Void>> check) {
    this(name, check, true);
  }

  /** Reported by /health/ready, without deciding it. */
  public static ReadinessCheck informational(String name, Supplier<Future<Void>> check) {
    return new ReadinessCheck(name, check, false);
  }
}
