package io.careloop.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careloop.platform.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  @DisplayName("A rate lets its burst through at once, then one per refill, per key")
  void burstThenRefill() {
    TestClock clock = TestClock.startingNow();
    RateLimiter limiter = new RateLimiter(RateLimiter.Rate.perSecond(3, 10), clock);

    for (int i = 0; i < 3; i++) {
      limiter.acquire("10.0.0.1");
    }
    Problem refused = catchThrowableOfType(Problem.class, () -> limiter.acquire("10.0.0.1"));
    limiter.acquire("10.0.0.2"); // another address has its own bucket

    assertThat(refused.status()).isEqualTo(429);
    clock.advance(Duration.ofMillis(100));
    limiter.acquire("10.0.0.1");
    assertThatThrownBy(() -> limiter.acquire("10.0.0.1")).isInstanceOf(Problem.class);
  }

  @Test
  @DisplayName("A rate without a burst or without a refill is refused")
  void emptyRatesRefused() {
    assertThatThrownBy(() -> RateLimiter.Rate.perSecond(0, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.Rate.perSecond(5, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
