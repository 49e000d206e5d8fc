package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShardLeasesTest {

  @Test
  @DisplayName("A sweep's lease is two of its intervals, at least a minute")
  void leaseOfASweep() {
    assertThat(ShardLeases.forSweepsEvery(Duration.ofSeconds(10))).isEqualTo(Duration.ofMinutes(1));
    assertThat(ShardLeases.forSweepsEvery(Duration.ofSeconds(30))).isEqualTo(Duration.ofMinutes(1));
    assertThat(ShardLeases.forSweepsEvery(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(10));
  }
}
