package io.careloop.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final Set<String> BALANCERS = Set.of("10.0.0.5", "10.0.0.6");

  @Test
  @DisplayName(
      "X-Forwarded-For is believed only from a trusted proxy, up to the first hop it did not add")
  void forwardedForFromTrustedProxiesOnly() {
    assertThat(ClientAddress.resolve("10.0.0.5", "198.51.100.7", BALANCERS))
        .isEqualTo("198.51.100.7");
    // a client that writes its own header gets the address the balancer saw, not the one it wrote
    assertThat(ClientAddress.resolve("10.0.0.5", "203.0.113.99, 198.51.100.7", BALANCERS))
        .isEqualTo("198.51.100.7");
    // two balancers in a row
    assertThat(ClientAddress.resolve("10.0.0.6", "198.51.100.7, 10.0.0.5", BALANCERS))
        .isEqualTo("198.51.100.7");
    // from anyone else the header is ignored
    assertThat(ClientAddress.resolve("198.51.100.7", "203.0.113.99", BALANCERS))
        .isEqualTo("198.51.100.7");
    assertThat(ClientAddress.resolve("10.0.0.5", null, BALANCERS)).isEqualTo("10.0.0.5");
    assertThat(ClientAddress.resolve("10.0.0.5", " , ", BALANCERS)).isEqualTo("10.0.0.5");
  }
}
