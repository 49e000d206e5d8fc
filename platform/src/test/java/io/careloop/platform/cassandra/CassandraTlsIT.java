package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.local.LocalCassandra;
import io.careloop.platform.testing.TestCassandra;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CareLoop reaches Cassandra over TLS when told to: a node of its own that speaks CQL over TLS only
 * and requires a client certificate, with key stores made for the test by the JDK's keytool.
 */
class CassandraTlsIT {

  private static final String PASSWORD = "test-store-password";

  @TempDir static Path stores;
  private static LocalCassandra node;
  private static CassandraConfig plain;

  @BeforeAll
  static void startNode() throws Exception {
    keyPair("node", "node.p12", "SAN=ip:127.0.0.1,dns:localhost");
    keyPair("client", "client.p12", "SAN=dns:careloop-client");
    keyPair("stranger", "stranger.p12", "SAN=ip:127.0.0.1,dns:localhost");
    trust("node.p12", "node", "trusts-node.p12");
    trust("client.p12", "client", "trusts-client.p12");
    trust("stranger.p12", "stranger", "trusts-stranger.p12");
    node =
        new LocalCassandra(
            TestCassandra.nodeSettings(
                Optional.of(
                    new LocalCassandra.ClientTls(
                        stores.resolve("node.p12"),
                        PASSWORD,
                        Optional.of(stores.resolve("trusts-client.p12"))))));
    LocalCassandra.Node running = node.ensureRunning();
    plain = CassandraConfig.local(running.host(), running.cqlPort(), "careloop_tls_test");
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.stopIfStartedHere();
      TestCassandra.deleteTree(node.settings().dataDir());
    }
  }

  private static CassandraConfig.Tls tls(String truststore, String keystore) {
    return new CassandraConfig.Tls(
        stores.resolve(truststore),
        PASSWORD,
        Optional.ofNullable(keystore).map(stores::resolve),
        Optional.of(PASSWORD),
        true);
  }

  @Test
  @DisplayName(
      "With the node's certificate trusted and a client certificate, rows are written and read over TLS")
  void writesAndReadsOverTls() {
    try (CqlSession session =
        CassandraConnector.connect(plain.withTls(tls("trusts-node.p12", "client.p12")))) {
      session.execute("CREATE TABLE IF NOT EXISTS notes (id int PRIMARY KEY, text text)");
      session.execute("INSERT INTO notes (id, text) VALUES (1, 'plaque index 1.2')");

      assertThat(session.execute("SELECT text FROM notes WHERE id = 1").one().getString("text"))
          .isEqualTo("plaque index 1.2");
    }
  }

  @Test
  @DisplayName("Without TLS, the node does not let the client in")
  void plainConnectionRefused() {
    assertThatThrownBy(() -> CassandraConnector.connect(plain).close())
        .isInstanceOf(AllNodesFailedException.class);
  }

  @Test
  @DisplayName("A node whose certificate the truststore does not hold is not trusted")
  void unknownNodeRefused() {
    assertThatThrownBy(
            () ->
                CassandraConnector.connect(plain.withTls(tls("trusts-stranger.p12", "client.p12")))
                    .close())
        .isInstanceOf(AllNodesFailedException.class);
  }

  @Test
  @DisplayName("A node that requires a client certificate refuses a client without one")
  void clientCertificateRequired() {
    assertThatThrownBy(
            () -> CassandraConnector.connect(plain.withTls(tls("trusts-node.p12", null))).close())
        .isInstanceOf(AllNodesFailedException.class);
  }

  private static void keyPair(String alias, String store, String subjectAltNames) throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=" + alias,
        "-ext",
        subjectAltNames,
        "-keystore",
        store,
        "-storetype",
        "PKCS12");
  }

  /** A truststore holding only the certificate of {@code alias} from {@code keystore}. */
  private static void trust(String keystore, String alias, String truststore) throws Exception {
    keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keystore, "-file", alias + ".pem");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        alias + ".pem",
        "-keystore",
        truststore,
        "-storetype",
        "PKCS12");
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD));
    Process process =
        new ProcessBuilder(command).directory(stores.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
