package io.careloop.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StorageFailuresTest {

  @Test
  @DisplayName(
      "No node, a timeout, a full queue, also wrapped, is an outage; a refused query or our bug is not")
  void outages() {
    assertThat(StorageFailures.isOutage(new NoNodeAvailableException())).isTrue();
    assertThat(StorageFailures.isOutage(new CompletionException(new DriverTimeoutException("2 s"))))
        .isTrue();
    assertThat(
            StorageFailures.isOutage(
                new CompletionException(new RequestThrottlingException("queue full"))))
        .as("the driver's own queue full")
        .isTrue();

    assertThat(StorageFailures.isOutage(new InvalidQueryException(null, "unknown column")))
        .isFalse();
    assertThat(StorageFailures.isOutage(new IllegalStateException("ours"))).isFalse();
    assertThat(StorageFailures.isOutage(null)).isFalse();
  }
}
