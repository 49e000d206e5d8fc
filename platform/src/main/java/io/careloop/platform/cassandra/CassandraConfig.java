package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.careloop.platform.config.Env;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Cassandra and how the keyspace is replicated. Locally a single node with
 * SimpleStrategy 1; in production a cluster with NetworkTopologyStrategy and LOCAL_QUORUM, over TLS
 * ({@code tls}: the rows are patients' health data).
 */
public record CassandraConfig(
    List<InetSocketAddress> contactPoints,
    String localDatacenter,
    String keyspace,
    String replication,
    DefaultConsistencyLevel consistency,
    Optional<String> username,
    Optional<String> password,
    Duration requestTimeout,
    Optional<Tls> tls) {

  /**
   * TLS to the nodes (the driver's own SSL engine factory): the nodes' certificates are checked
   * against {@code truststore}, and their host names too unless {@code hostnameValidation} is off;
   * {@code keystore}, when given, is this client's certificate for nodes that require one. Key
   * stores in PKCS#12 or JKS.
   */
  public record Tls(
      Path truststore,
      String truststorePassword,
      Optional<Path> keystore,
      Optional<String> keystorePassword,
      boolean hostnameValidation) {
    public Tls {
      if (!Files.isReadable(truststore)) {
        throw new IllegalArgumentException(
            "CARELOOP_CQL_TLS_TRUSTSTORE: cannot read " + truststore);
      }
      if (keystore.isPresent() && !Files.isReadable(keystore.get())) {
        throw new IllegalArgumentException(
            "CARELOOP_CQL_TLS_KEYSTORE: cannot read " + keystore.get());
      }
    }

    /** Without the passwords. */
    @Override
    public String toString() {
      return "Tls[truststore="
          + truststore
          + ", keystore="
          + keystore.map(Path::toString).orElse("none")
          + ", hostnameValidation="
          + hostnameValidation
          + "]";
    }
  }

  private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

  public CassandraConfig {
    contactPoints = List.copyOf(contactPoints);
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException(
          "CARELOOP_CQL_CONTACT_POINTS must name at least one host:port");
    }
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException(
          "CARELOOP_CQL_KEYSPACE must be lower-case letters, digits and _, got '" + keyspace + "'");
    }
    if (!replication.trim().startsWith("{") || !replication.contains("class")) {
      throw new IllegalArgumentException(
          "CARELOOP_CQL_REPLICATION must be a CQL replication map such as "
              + "{'class':'NetworkTopologyStrategy','dc1':3}, got '"
              + replication
              + "'");
    }
  }

  /** Without the password. */
  @Override
  public String toString() {
    return "CassandraConfig[contactPoints="
        + contactPoints
        + ", localDatacenter="
        + localDatacenter
        + ", keyspace="
        + keyspace
        + ", replication="
        + replication
        + ", consistency="
        + consistency
        + ", username="
        + username.orElse("none")
        + ", requestTimeout="
        + requestTimeout
        + ", tls="
        + tls.map(Tls::toString).orElse("none")
        + "]";
  }

  public static final String LOCAL_REPLICATION =
      "{'class':'SimpleStrategy','replication_factor':1}";

  public static CassandraConfig fromEnv(Env env) {
    if (env.optional("CARELOOP_CQL_TLS_KEYSTORE").isPresent()
        && env.optional("CARELOOP_CQL_TLS_TRUSTSTORE").isEmpty()) {
      throw new IllegalArgumentException(
          "CARELOOP_CQL_TLS_KEYSTORE is set without CARELOOP_CQL_TLS_TRUSTSTORE:"
              + " set the truststore the nodes' certificates are checked against");
    }
    return new CassandraConfig(
        parseContactPoints(env.string("CARELOOP_CQL_CONTACT_POINTS", "127.0.0.1:9042")),
        env.string("CARELOOP_CQL_LOCAL_DC", "datacenter1"),
        env.string("CARELOOP_CQL_KEYSPACE", "careloop"),
        env.string("CARELOOP_CQL_REPLICATION", LOCAL_REPLICATION),
        DefaultConsistencyLevel.valueOf(env.string("CARELOOP_CQL_CONSISTENCY", "LOCAL_QUORUM")),
        env.optional("CARELOOP_CQL_USERNAME"),
        env.optional("CARELOOP_CQL_PASSWORD"),
        env.duration("CARELOOP_CQL_REQUEST_TIMEOUT", Duration.ofSeconds(5)),
        env.optional("CARELOOP_CQL_TLS_TRUSTSTORE")
            .map(
                truststore ->
                    new Tls(
                        Path.of(truststore),
                        env.string("CARELOOP_CQL_TLS_TRUSTSTORE_PASSWORD", ""),
                        env.optional("CARELOOP_CQL_TLS_KEYSTORE").map(Path::of),
                        env.optional("CARELOOP_CQL_TLS_KEYSTORE_PASSWORD"),
                        env.bool("CARELOOP_CQL_TLS_HOSTNAME_VALIDATION", true))));
  }

  /** A local single node on {@code host:port}. */
  public static CassandraConfig local(String host, int port, String keyspace) {
    return new CassandraConfig(
        List.of(new InetSocketAddress(host, port)),
        "datacenter1",
        keyspace,
        LOCAL_REPLICATION,
        DefaultConsistencyLevel.LOCAL_QUORUM,
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(5),
        Optional.empty());
  }

  public CassandraConfig withKeyspace(String otherKeyspace) {
    return new CassandraConfig(
        contactPoints,
        localDatacenter,
        otherKeyspace,
        replication,
        consistency,
        username,
        password,
        requestTimeout,
        tls);
  }

  public CassandraConfig withContactPoint(String host, int port) {
    return new CassandraConfig(
        List.of(new InetSocketAddress(host, port)),
        localDatacenter,
        keyspace,
        replication,
        consistency,
        username,
        password,
        requestTimeout,
        tls);
  }

  public CassandraConfig withRequestTimeout(Duration timeout) {
    return new CassandraConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        replication,
        consistency,
        username,
        password,
        timeout,
        tls);
  }

  public CassandraConfig withTls(Tls settings) {
    return new CassandraConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        replication,
        consistency,
        username,
        password,
        requestTimeout,
        Optional.of(settings));
  }

  static List<InetSocketAddress> parseContactPoints(String value) {
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(
            hostPort -> {
              int colon = hostPort.lastIndexOf(':');
              if (colon < 0) {
                return new InetSocketAddress(hostPort, 9042);
              }
              return new InetSocketAddress(
                  hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            })
        .toList();
  }
}
