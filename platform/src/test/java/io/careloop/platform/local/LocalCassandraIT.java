package io.careloop.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalCassandraIT {

  @Test
  @DisplayName(
      "A second launcher on the same data directory reuses the running node instead of starting another")
  void secondLauncherReuses() {
    LocalCassandra first = TestCassandra.get().node();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        first != null, "runs only with a node started by the tests");
    LocalCassandra.Settings settings = first.settings();

    LocalCassandra.Node reused = new LocalCassandra(settings).ensureRunning();

    assertThat(reused.startedHere()).isFalse();
    assertThat(reused.cqlPort()).isEqualTo(settings.cqlPort());
    assertThat(ProcessHandle.of(reused.pid())).isPresent();
    assertThat(LocalCassandra.accepts(reused.host(), reused.cqlPort())).isTrue();
  }

  @Test
  @DisplayName(
      "A launcher that asks for other ports on a directory in use is refused with a clear message")
  void otherPortsOnSameDirectoryAreRefused() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        TestCassandra.get().node() != null, "runs only with a node started by the tests");
    LocalCassandra.Settings settings = TestCassandra.get().node().settings();

    assertThatThrownBy(
            () ->
                new LocalCassandra(settings.withPorts(FreePorts.next(), FreePorts.next()))
                    .ensureRunning())
        .hasMessageContaining("already runs on data directory")
        .hasMessageContaining("stop it first");
  }
}
