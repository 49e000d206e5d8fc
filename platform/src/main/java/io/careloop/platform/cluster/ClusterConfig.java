package io.careloop.platform.cluster;

import io.careloop.platform.config.Env;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a process joins the others on a clustered event bus, when services run in separate processes.
 * With no members it is not clustered: the one-process default.
 *
 * @param members Hazelcast members to join, {@code host[:port]} (this node's own may be listed)
 * @param host the address this node binds and announces, for Hazelcast and the event bus
 * @param port Hazelcast's port (the next free one is taken if it is in use)
 * @param name the cluster's name: processes of another environment with another name never join
 * @param tls mutual TLS for the event bus between processes (it carries patients' data)
 */
public record ClusterConfig(
    List<String> members, String host, int port, String name, Optional<Tls> tls) {

  /**
   * A PKCS #12 key store holding this node's key and certificate, and one trusting its peers'
   * certificates.
   */
  public record Tls(
      Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {}

  public static final int DEFAULT_PORT = 5701;

  public ClusterConfig {
    members = List.copyOf(members);
  }

  public static ClusterConfig none() {
    return new ClusterConfig(List.of(), "127.0.0.1", DEFAULT_PORT, "careloop", Optional.empty());
  }

  public boolean clustered() {
    return !members.isEmpty();
  }

  public static ClusterConfig fromEnv(Env env) {
    List<String> members =
        env.optional("CARELOOP_CLUSTER_MEMBERS")
            .map(
                v ->
                    Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(m -> !m.isEmpty())
                        .toList())
            .orElse(List.of());
    Optional<Tls> tls =
        env.optional("CARELOOP_CLUSTER_KEYSTORE")
            .map(
                keyStore ->
                    new Tls(
                        Path.of(keyStore),
                        env.string("CARELOOP_CLUSTER_KEYSTORE_PASSWORD", ""),
                        Path.of(env.string("CARELOOP_CLUSTER_TRUSTSTORE", keyStore)),
                        env.string(
                            "CARELOOP_CLUSTER_TRUSTSTORE_PASSWORD",
                            env.string("CARELOOP_CLUSTER_KEYSTORE_PASSWORD", ""))));
    return new ClusterConfig(
        members,
        env.string("CARELOOP_CLUSTER_HOST", "127.0.0.1"),
        env.integer("CARELOOP_CLUSTER_PORT", DEFAULT_PORT),
        env.string("CARELOOP_CLUSTER_NAME", "careloop"),
        tls);
  }
}
