package io.careloop.patient.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careloop.platform.http.Problem;
import io.careloop.platform.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  private final TestClock clock = new TestClock(Instant.parse("2027-01-10T10:00:00Z"));
  private final SignInThrottle throttle = new SignInThrottle(clock);

  @Test
  @DisplayName(
      "An attacker's address slows down after five failures; the owner's address is let in")
  void attackerNotOwner() {
    for (int i = 0; i < SignInThrottle.FREE_PER_PAIR; i++) {
      throttle.check("ada@example.org", "203.0.113.66");
      throttle.failed("ada@example.org", "203.0.113.66");
    }

    Problem slowed =
        catchThrowableOfType(
            Problem.class, () -> throttle.check("ada@example.org", "203.0.113.66"));
    assertThat(slowed.status()).isEqualTo(429);
    assertThatCode(() -> throttle.check("ada@example.org", "198.51.100.7"))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName(
      "Each further failure doubles the wait, up to fifteen minutes; waiting it out lets one more try in")
  void doubling() {
    assertThat(SignInThrottle.waitAfter(4, 5)).isZero();
    assertThat(SignInThrottle.waitAfter(5, 5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(SignInThrottle.waitAfter(8, 5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(SignInThrottle.waitAfter(500, 5)).isEqualTo(Duration.ofMinutes(15));

    for (int i = 0; i < 7; i++) {
      throttle.failed("ada@example.org", "203.0.113.66");
    }
    clock.advance(Duration.ofSeconds(3));
    assertThat(
            catchThrowableOfType(
                    Problem.class, () -> throttle.check("ada@example.org", "203.0.113.66"))
                .extensions()
                .getLong("retryAfterSeconds"))
        .isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThatCode(() -> throttle.check("ada@example.org", "203.0.113.66"))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName(
      "One address failing on many accounts slows down on all of them; a success forgets only its pair")
  void stuffing() {
    for (int i = 0; i < SignInThrottle.FREE_PER_ADDRESS; i++) {
      throttle.failed("user" + i + "@example.org", "203.0.113.66");
    }
    assertThat(
            catchThrowableOfType(
                    Problem.class, () -> throttle.check("new@example.org", "203.0.113.66"))
                .status())
        .isEqualTo(429);

    throttle.succeeded("user1@example.org", "203.0.113.66");
    assertThat(
            catchThrowableOfType(
                Problem.class, () -> throttle.check("user1@example.org", "203.0.113.66")))
        .as("the address still failed on thirty accounts")
        .isNotNull();
  }
}
