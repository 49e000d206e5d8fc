package io.careloop.gateway;

import io.careloop.platform.config.Env;
import io.careloop.platform.management.ManagementConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The public HTTP edge.
 *
 * @param instances how many event loops serve HTTP (one verticle instance each)
 * @param maxBodyBytes the largest request body accepted (413 above)
 * @param trustedProxies addresses of the load balancers whose X-Forwarded-For names the client
 * @param management where health and metrics listen: off the public interface by default
 */
public record GatewayConfig(
    String host,
    int port,
    int instances,
    int maxBodyBytes,
    Set<String> trustedProxies,
    ManagementConfig management) {

  public GatewayConfig {
    trustedProxies = Set.copyOf(trustedProxies);
  }

  public static GatewayConfig fromEnv(Env env) {
    return new GatewayConfig(
        env.string("CARELOOP_HTTP_HOST", "127.0.0.1"),
        env.integer("CARELOOP_HTTP_PORT", 8080),
        env.integer("CARELOOP_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors()),
        env.integer("CARELOOP_HTTP_MAX_BODY_BYTES", 64 * 1024),
        Arrays.stream(env.string("CARELOOP_TRUSTED_PROXIES", "").split(","))
            .map(String::trim)
            .filter(a -> !a.isEmpty())
            .collect(Collectors.toSet()),
        ManagementConfig.fromEnv(env));
  }

  /** On loopback, management on a free port. */
  public static GatewayConfig local(int port) {
    return new GatewayConfig("127.0.0.1", port, 2, 64 * 1024, Set.of(), ManagementConfig.local());
  }

  /** The same, behind load balancers at these addresses. */
  public GatewayConfig withTrustedProxies(Set<String> proxies) {
    return new GatewayConfig(host, port, instances, maxBodyBytes, proxies, management);
  }
}
