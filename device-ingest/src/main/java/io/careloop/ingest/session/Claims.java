package io.careloop.ingest.session;

import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The claims of stored copies of a session: where each copy placed its session and for whom, and
 * the rule that settles them (the earliest claim wins, wherever it is computed).
 */
final class Claims {

  private Claims() {}

  /**
   * The type of a claim's value: where the copy placed the session, and its owner (null for none).
   */
  static final TupleType PLACEMENT = DataTypes.tupleOf(DataTypes.TIMESTAMP, DataTypes.UUID);

  /** One stored copy's claim: its time-based id (the order of the copies) and its placement. */
  record Claim(UUID id, Instant placedAt, UUID owner) {

    /** The row this claim's copy wrote besides the identity row: its placement and owner. */
    boolean samePlacement(Claim other) {
      return placedAt.equals(other.placedAt) && Objects.equals(owner, other.owner);
    }

    TupleValue value() {
      return PLACEMENT.newValue(placedAt, owner);
    }
  }

  /**
   * Claims in the order of their ids' times, ties broken by the rest of the id: the same order
   * wherever it is computed, whatever order Cassandra returned them in.
   */
  static final Comparator<Claim> FIRST_FIRST =
      Comparator.<Claim>comparingLong(c -> c.id().timestamp())
          .thenComparing(c -> c.id().getLeastSignificantBits(), Long::compareUnsigned);

  /** The claim that places the session: the earliest. */
  static Optional<Claim> first(List<Claim> claims) {
    return claims.stream().min(FIRST_FIRST);
  }

  /**
   * The claims that gave the session no owner, now giving it to {@code owner} (same ids, so the
   * order of the copies stays): what a session's claims become when the patient who paired its
   * brush is given it, so that a later copy placed for that patient agrees with the first.
   */
  static Map<UUID, TupleValue> givenTo(List<Claim> claims, UUID owner) {
    Map<UUID, TupleValue> given = new LinkedHashMap<>();
    for (Claim c : claims) {
      if (c.owner() == null) {
        given.put(c.id(), new Claim(c.id(), c.placedAt(), owner).value());
      }
    }
    return given;
  }

  /**
   * What the stored copies of a session say: their claims, and the earliest arrival of any of them
   * (null when none is stored).
   */
  record Stored(List<Claim> claims, Instant firstReceivedAt) {
    static final Stored NONE = new Stored(List.of(), null);
  }
}
