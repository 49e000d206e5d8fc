package io.careloop.platform.management;

import io.careloop.platform.config.Env;

/**
 * Where a process serves health and metrics: off the public interface by default.
 *
 * @param port 0 for a free one (tests)
 */
public record ManagementConfig(String host, int port) {

  public static ManagementConfig fromEnv(Env env) {
    return new ManagementConfig(
        env.string("CARELOOP_MANAGEMENT_HOST", "127.0.0.1"),
        env.integer("CARELOOP_MANAGEMENT_PORT", 9090));
  }

  /** On loopback, a free port. */
  public static ManagementConfig local() {
    return new ManagementConfig("127.0.0.1", 0);
  }
}
