package io.careloop.platform.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.tracing.Tracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts this process's Vert.x: alone, or as a node of the clustered event bus, so that services in
 * separate processes reach each other's addresses as they do in one. Membership is Hazelcast's
 * (TCP/IP join with the configured members, no multicast, no phone-home); the event bus's own
 * connections between nodes use mutual TLS when key stores are configured.
 */
public final class Nodes {

  private static final Logger log = LoggerFactory.getLogger(Nodes.class);

  private Nodes() {}

  /** A Vert.x reporting into {@code registry}; clustered when {@code cluster} lists members. */
  public static Future<Vertx> start(
      PrometheusMeterRegistry registry, VertxOptions options, ClusterConfig cluster) {
    return start(registry, options, cluster, Tracing.off());
  }

  /** The same, tracing the event bus (across processes too) and HTTP when {@code tracing} is on. */
  public static Future<Vertx> start(
      PrometheusMeterRegistry registry,
      VertxOptions options,
      ClusterConfig cluster,
      Tracing tracing) {
    if (!cluster.clustered()) {
      return Future.succeededFuture(
          withCodecs(Metrics.vertxBuilder(registry, options, tracing).build()));
    }
    options.setEventBusOptions(eventBus(cluster));
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(cluster));
    return Metrics.vertxBuilder(registry, options, tracing)
        .withClusterManager(manager)
        .buildClustered()
        .map(Nodes::withCodecs)
        .onSuccess(
            v ->
                log.info(
                    "Joined cluster {} as {} (event bus{})",
                    cluster.name(),
                    manager.getNodeId(),
                    cluster.tls().isPresent()
                        ? " over mutual TLS"
                        : " in plain TCP: keep it on a private network"));
  }

  /**
   * Every process can read what any other sends with CareLoop's codecs, whichever modules it runs.
   */
  private static Vertx withCodecs(Vertx vertx) {
    SharedCodecs.register(vertx.eventBus());
    return vertx;
  }

  static EventBusOptions eventBus(ClusterConfig cluster) {
    EventBusOptions options = new EventBusOptions().setHost(cluster.host()).setPort(0);
    cluster
        .tls()
        .ifPresent(
            tls ->
                options
                    .setSsl(true)
                    .setClientAuth(ClientAuth.REQUIRED)
                    .setKeyCertOptions(
                        new PfxOptions()
                            .setPath(tls.keyStore().toString())
                            .setPassword(tls.keyStorePassword()))
                    .setTrustOptions(
                        new PfxOptions()
                            .setPath(tls.trustStore().toString())
                            .setPassword(tls.trustStorePassword())));
    return options;
  }

  /**
   * Vert.x's default Hazelcast configuration (the maps it needs), joined by TCP/IP to the members.
   */
  static Config hazelcast(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(true);
    config.getNetworkConfig().setPublicAddress(cluster.host());
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return config;
  }
}
