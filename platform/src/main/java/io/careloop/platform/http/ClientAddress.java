package io.careloop.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Who is calling, by network address, for per-address limits. Behind a load balancer every request
 * comes from the balancer, so one address would share one limit among all users; the address the
 * balancer saw is in {@code X-Forwarded-For}. That header is believed only from the configured
 * trusted proxies (anyone else could write any address into it), and only up to the first entry
 * from the right that is not itself a trusted proxy: the one the client cannot forge.
 */
public final class ClientAddress {

  private static final String KEY = "careloop.clientAddress";

  private ClientAddress() {}

  /** Resolves each request's client address (install it before any handler that reads it). */
  public static Handler<RoutingContext> resolver(Set<String> trustedProxies) {
    return ctx -> {
      ctx.put(
          KEY,
          resolve(
              ctx.request().remoteAddress().host(),
              ctx.request().getHeader("X-Forwarded-For"),
              trustedProxies));
      ctx.next();
    };
  }

  /** The caller's address: resolved for this request, or the socket's. */
  public static String of(RoutingContext ctx) {
    String resolved = ctx.get(KEY);
    return resolved != null ? resolved : ctx.request().remoteAddress().host();
  }

  static String resolve(String peer, String forwardedFor, Set<String> trustedProxies) {
    if (forwardedFor == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop;
      }
    }
    return peer;
  }
}
