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
}
