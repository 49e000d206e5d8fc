package io.careloop.gateway;

import io.careloop.platform.config.Env;

/**
 * The public HTTP edge.
 *
 * @param instances    how many event loops serve HTTP (one verticle instance each)
 * @param maxBodyBytes the largest request body accepted (413 above)
 */
public record GatewayConfig(String host, int port, int instances, int maxBodyBytes) {

  public static GatewayConfig fromEnv(Env env) {
    return new GatewayConfig(
        env.string("CARELOOP_HTTP_HOST", "127.0.0.1"),
        env.integer("CARELOOP_HTTP_PORT", 8080),
        env.integer("CARELOOP_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors()),
        env.integer("CARELOOP_HTTP_MAX_BODY_BYTES", 64 * 1024));
  }

  public static GatewayConfig local(int port) {
    return new GatewayConfig("127.0.0.1", port, 2, 64 * 1024);
  }
}
