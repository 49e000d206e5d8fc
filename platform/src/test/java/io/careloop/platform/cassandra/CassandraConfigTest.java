package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraConfigTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "TLS is on when a truststore is set, hostname validation too; passwords stay out of toString")
  void tlsFromEnvironment() throws Exception {
    Path truststore = Files.writeString(dir.resolve("trust.p12"), "x");
    Path keystore = Files.writeString(dir.resolve("client.p12"), "x");

    CassandraConfig config =
        CassandraConfig.fromEnv(
            new Env(
                Map.of(
                    "CARELOOP_CQL_CONTACT_POINTS", "db1.clinic.internal:9142",
                    "CARELOOP_CQL_PASSWORD", "cql-secret",
                    "CARELOOP_CQL_TLS_TRUSTSTORE", truststore.toString(),
                    "CARELOOP_CQL_TLS_TRUSTSTORE_PASSWORD", "trust-secret",
                    "CARELOOP_CQL_TLS_KEYSTORE", keystore.toString(),
                    "CARELOOP_CQL_TLS_KEYSTORE_PASSWORD", "key-secret")));

    CassandraConfig.Tls tls = config.tls().orElseThrow();
    assertThat(tls.truststore()).isEqualTo(truststore);
    assertThat(tls.truststorePassword()).isEqualTo("trust-secret");
    assertThat(tls.keystore()).contains(keystore);
    assertThat(tls.keystorePassword()).contains("key-secret");
    assertThat(tls.hostnameValidation()).isTrue();
    assertThat(config.toString())
        .contains("trust.p12", "client.p12")
        .doesNotContain("cql-secret", "trust-secret", "key-secret");
  }

  @Test
  @DisplayName(
      "Without a truststore there is no TLS; a keystore without one is refused rather than ignored")
  void noTlsByDefault() throws Exception {
    Path keystore = Files.writeString(dir.resolve("client.p12"), "x");

    assertThat(CassandraConfig.fromEnv(new Env(Map.of())).tls()).isEmpty();
    assertThatThrownBy(
            () ->
                CassandraConfig.fromEnv(
                    new Env(Map.of("CARELOOP_CQL_TLS_KEYSTORE", keystore.toString()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CARELOOP_CQL_TLS_TRUSTSTORE");
  }

  @Test
  @DisplayName("A key store that cannot be read is refused at start-up, naming the setting")
  void unreadableStores() throws Exception {
    Path truststore = Files.writeString(dir.resolve("trust.p12"), "x");

    assertThatThrownBy(
            () ->
                CassandraConfig.fromEnv(
                    new Env(
                        Map.of(
                            "CARELOOP_CQL_TLS_TRUSTSTORE", truststore.toString(),
                            "CARELOOP_CQL_TLS_KEYSTORE", dir.resolve("missing.p12").toString()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CARELOOP_CQL_TLS_KEYSTORE");
  }
}
