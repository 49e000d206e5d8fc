package io.careloop.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  @DisplayName("A port is handed out once per JVM, however often the system offers it again")
  void neverTheSamePortTwice() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      assertThat(ports.add(FreePorts.next())).as("port %d of 500 is new", i).isTrue();
    }
  }

  @Test
  @DisplayName(
      "A port for a service that restarts lies below the ephemeral range, is free, and is handed out once")
  void portsForRestartsAreNotEphemeral() throws Exception {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = FreePorts.forRestarts();
      assertThat(port).isLessThan(FreePorts.ephemeralStart()).isGreaterThan(1024);
      assertThat(ports.add(port)).isTrue();
      try (java.net.ServerSocket socket =
          new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
