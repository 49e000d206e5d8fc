package io.careloop.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.session.Claims.Claim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClaimsTest {

  /** A version 1 id of {@code hundredNanos} since 1582 (the id's time) and the given last bits. */
  private static UUID id(long hundredNanos, long leastSignificantBits) {
    long msb =
        (hundredNanos & 0xFFFFFFFFL) << 32
            | ((hundredNanos >>> 32) & 0xFFFFL) << 16
            | 0x1000L
            | ((hundredNanos >>> 48) & 0x0FFFL);
    return new UUID(msb, leastSignificantBits);
  }

  private static Claim claim(UUID id) {
    return new Claim(id, Instant.ofEpochSecond(id.timestamp() % 1_000_000), null);
  }

  @Test
  @DisplayName(
      "The first claim is the one whose id's time is earliest, whatever the order the claims were read in")
  void earliestTimeFirst() {
    Claim early = claim(id(0x1_0000_0000_0005L, 0x8000_0000_0000_0009L));
    Claim middle =
        claim(
            id(
                0x1_0000_0001_0000L,
                0x8000_0000_0000_0001L)); // later, though its low bits are smaller
    Claim late = claim(id(0x2_0000_0000_0000L, 0L));
    assertThat(early.id().timestamp()).isLessThan(middle.id().timestamp());

    List<Claim> claims = new ArrayList<>(List.of(late, middle, early));
    for (int i = 0; i < 3; i++) {
      Collections.rotate(claims, 1);
      assertThat(Claims.first(claims)).contains(early);
    }
  }

  @Test
  @DisplayName("Claims of the same time are ordered by the rest of their ids, read as unsigned")
  void sameTimeByRestOfId() {
    Claim small = claim(id(42, 0x7000_0000_0000_0000L));
    Claim large = claim(id(42, 0x9000_0000_0000_0000L)); // negative as a signed long
    assertThat(Claims.first(List.of(large, small))).contains(small);
    assertThat(Claims.first(List.of(small, large))).contains(small);
    assertThat(Claims.first(List.of())).isEmpty();
  }

  @Test
  @DisplayName(
      "Giving a session to its new owner re-owns only the claims without an owner, under the same ids")
  void givenTo() {
    UUID anna = UUID.randomUUID();
    UUID ben = UUID.randomUUID();
    Claim waiting = claim(id(0x1_0000_0000_0005L, 1));
    Claim annas = new Claim(id(0x1_0000_0000_0006L, 2), Instant.ofEpochSecond(7), anna);

    var given = Claims.givenTo(List.of(waiting, annas), ben);

    assertThat(given).containsOnlyKeys(waiting.id());
    assertThat(given.get(waiting.id()))
        .isEqualTo(new Claim(waiting.id(), waiting.placedAt(), ben).value());
  }
}
