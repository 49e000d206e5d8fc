package io.careloop.patient.account;

import io.careloop.platform.http.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down whoever guesses passwords, not the account they guess at. Failed sign-ins are counted
 * per account and client address, and per address; after a few free failures each further try from
 * that pair (or that address) must wait twice as long as the one before, up to a cap. A correct
 * password from an address that has not failed is let in whatever happens elsewhere, so nobody can
 * lock a patient out by failing on purpose. In-process: each instance counts its own.
 */
public final class SignInThrottle {

  /** Failures counted for one key, and when the last one happened. */
  private record Failures(int count, Instant last) {}

  /** Free failures per account and address: typing a password wrong a few times costs nothing. */
  static final int FREE_PER_PAIR = 5;

  /** Free failures per address across accounts: a clinic's Wi-Fi puts many patients behind one. */
  static final int FREE_PER_ADDRESS = 30;

  static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
  private static final int MAX_KEYS = 100_000;

  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  public SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Before a password is checked: a 429 with the wait when this pair or address must slow down. */
  public void check(String email, String address) {
    Instant now = clock.instant();
    Duration wait =
        max(
            waitLeft(pair(email, address), FREE_PER_PAIR, now),
            waitLeft(address(address), FREE_PER_ADDRESS, now));
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw Problem.tooManyRequests(
          "Too many failed sign-ins from here; try again in " + seconds + " s", seconds);
    }
  }

  public void failed(String email, String address) {
    Instant now = clock.instant();
    count(pair(email, address), now);
    count(address(address), now);
    if (failures.size() > MAX_KEYS) {
      failures.entrySet().removeIf(e -> e.getValue().last().plus(LONGEST_WAIT).isBefore(now));
    }
  }

  /** The right password from here: this pair starts afresh (the address keeps its count). */
  public void succeeded(String email, String address) {
    failures.remove(pair(email, address));
  }

  /** How long a key with {@code count} failures must wait after its last one. */
  static Duration waitAfter(int count, int free) {
    if (count < free) {
      return Duration.ZERO;
    }
    int doublings = Math.min(count - free, 20);
    Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
    return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
  }

  private Duration waitLeft(String key, int free, Instant now) {
    Failures f = failures.get(key);
    if (f == null) {
      return Duration.ZERO;
    }
    Instant until = f.last().plus(waitAfter(f.count(), free));
    return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
  }

  private void count(String key, Instant now) {
    failures.merge(
        key,
        new Failures(1, now),
        (before, one) ->
            before.last().plus(LONGEST_WAIT.multipliedBy(2)).isBefore(now)
                ? one
                : new Failures(before.count() + 1, now));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String pair(String email, String address) {
    return email + "\u0000" + address;
  }

  private static String address(String address) {
    return "\u0000" + address;
  }
}
