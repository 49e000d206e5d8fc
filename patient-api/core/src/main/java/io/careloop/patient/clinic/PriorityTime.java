package io.careloop.patient.clinic;

import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A clinic's priority time: {@code sharePercent} of each provider's hours are held for returning
 * patients of good standing (the fast track) until {@code releaseBefore} their start, then anyone
 * may book them. Which hours are held is fixed by a hash of the provider, day and hour, so that
 * every instance and every search agrees and the held hours spread over the day.
 */
public record PriorityTime(int sharePercent, Duration releaseBefore) {

  public static final int MAX_SHARE_PERCENT = 50;
  public static final Duration MAX_RELEASE = Duration.ofDays(14);
  public static final PriorityTime NONE = new PriorityTime(0, Duration.ZERO);

  public PriorityTime {
    if (sharePercent < 0 || sharePercent > MAX_SHARE_PERCENT) {
      throw Problem.validation("sharePercent must be 0 to " + MAX_SHARE_PERCENT);
    }
    if (releaseBefore.isNegative() || releaseBefore.compareTo(MAX_RELEASE) > 0) {
      throw Problem.validation("releaseHoursBefore must be 0 to " + MAX_RELEASE.toHours());
    }
  }

  /** Whether the provider's time starting at {@code start} is held from everyone else now. */
  public boolean holds(UUID providerId, Instant start, ZoneId zone, Instant now) {
    return sharePercent > 0
        && now.isBefore(start.minus(releaseBefore))
        && heldHour(providerId, start.atZone(zone));
  }

  /**
   * The starts of the provider's held hours (local whole hours) released after {@code from} and by
   * {@code to}: from then on anyone may book them.
   */
  public List<Instant> releasedBetween(UUID providerId, ZoneId zone, Instant from, Instant to) {
    List<Instant> released = new ArrayList<>();
    if (sharePercent == 0) {
      return released;
    }
    Instant first = from.plus(releaseBefore);
    Instant last = to.plus(releaseBefore);
    for (ZonedDateTime hour = first.atZone(zone).truncatedTo(ChronoUnit.HOURS);
        !hour.toInstant().isAfter(last);
        hour = hour.plusHours(1)) {
      if (hour.toInstant().isAfter(first) && heldHour(providerId, hour)) {
        released.add(hour.toInstant());
      }
    }
    return released;
  }

  private boolean heldHour(UUID providerId, ZonedDateTime local) {
    String hour = providerId + "|" + local.toLocalDate() + "|" + local.getHour();
    long mixed =
        UUID.nameUUIDFromBytes(hour.getBytes(StandardCharsets.UTF_8)).getLeastSignificantBits();
    return Math.floorMod(mixed, 100) < sharePercent;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("sharePercent", sharePercent)
        .put("releaseHoursBefore", releaseBefore.toHours());
  }
}
