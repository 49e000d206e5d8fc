package io.careloop.simulators.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A patient's brushings day by day for one {@link Profile}: a pure function of the seed and the
 * day. Sessions of the reference routine stay clear of every threshold of every plan with room to
 * spare (at least 122 s, 82 % coverage, 23 s a quadrant, at most two pressure events, plaque under
 * 0.9 that never rises three sessions running), so that what a profile changes is what a nurse
 * sees.
 */
public final class Habits {

  private static final String[] MODES = {
    "daily_clean", "daily_clean", "daily_clean", "sensitive", "gum_care"
  };

  /** The declining profile's plaque: good to poor (Silness–Löe) over at most two weeks. */
  private static final double DECLINE_FROM = 0.6;

  private static final double DECLINE_TO = 2.4;

  private final Profile profile;
  private final Random random;
  private final int days;
  private final PlaqueReadings plaque;
  private Instant firstMorning;

  public Habits(Profile profile, long seed, int days) {
    this.profile = profile;
    this.random = new Random(Seeds.of(seed, profile.ordinal()));
    this.days = days;
    this.plaque = new PlaqueReadings(profile != Profile.DECLINING, random);
  }

  /** The day a lapsed patient stops (counted from 0). */
  public static int lapseDay(int days) {
    return Math.max(2, days / 2);
  }

  /** The brushings of day {@code index} (0 is the first), which is {@code date} in {@code zone}. */
  public List<Brushing> day(int index, LocalDate date, ZoneId zone) {
    List<Brushing> today = new ArrayList<>();
    Instant morning = at(date, zone, LocalTime.of(7, 0), 45);
    Instant evening = at(date, zone, LocalTime.of(21, 0), 60);
    if (firstMorning == null) {
      firstMorning = morning;
    }
    if (brushesMorning(index)) {
      today.add(session(morning));
    }
    if (brushesEvening(index)) {
      today.add(session(evening));
    }
    return today;
  }

  private boolean brushesMorning(int index) {
    return profile != Profile.LAPSED || index < lapseDay(days);
  }

  private boolean brushesEvening(int index) {
    return switch (profile) {
      case FORGETFUL -> index % 4 == 3;
      case LAPSED -> index < lapseDay(days);
      default -> true;
    };
  }

  private Instant at(LocalDate date, ZoneId zone, LocalTime from, int spreadMinutes) {
    return date.atTime(from)
        .atZone(zone)
        .toInstant()
        .plusSeconds(random.nextInt(spreadMinutes * 60));
  }

  private Brushing session(Instant start) {
    Brushing shape =
        switch (profile) {
          case RUSHED -> rushed(start);
          case HEAVY_HANDED -> heavyHanded(start);
          case QUADRANT_NEGLECTED -> oneQuadrantNeglected(start);
          default -> reference(start);
        };
    return shape.withPlaque(plaque.next(plaqueLevel(start)));
  }

  private Brushing reference(Instant start) {
    int duration = clamp((int) Math.round(140 + random.nextGaussian() * 12), 122, 175);
    double p = random.nextDouble();
    int events = p < 0.7 ? 0 : p < 0.95 ? 1 : 2;
    return new Brushing(
        start,
        duration,
        mode(),
        events,
        events * (2 + random.nextInt(4)),
        split((int) (duration * (0.9 + random.nextDouble() * 0.08))),
        82 + random.nextInt(15),
        null);
  }

  private Brushing rushed(Instant start) {
    int duration = 30 + random.nextInt(31);
    int events = random.nextDouble() < 0.8 ? 0 : 1;
    return new Brushing(
        start,
        duration,
        mode(),
        events,
        events * 2,
        split((int) (duration * 0.9)),
        40 + random.nextInt(26),
        null);
  }

  private Brushing heavyHanded(Instant start) {
    Brushing base = reference(start);
    int events = 3 + random.nextInt(5);
    return new Brushing(
        start,
        base.durationSec(),
        "daily_clean",
        events,
        Math.min(base.durationSec(), events * (3 + random.nextInt(4))),
        base.zonesSec(),
        base.coveragePct(),
        null);
  }

  private Brushing oneQuadrantNeglected(Instant start) {
    Brushing base = reference(start);
    int neglected = 4 + random.nextInt(11);
    int rest = (int) (base.durationSec() * 0.92) - neglected;
    int[] three = split(rest);
    int[] zones = {
      three[0] + three[3] / 3,
      three[1] + three[3] / 3,
      three[2] + three[3] - 2 * (three[3] / 3),
      neglected
    };
    return new Brushing(
        start,
        base.durationSec(),
        base.mode(),
        base.pressureEvents(),
        base.pressureSec(),
        zones,
        70 + random.nextInt(13),
        null);
  }

  /**
   * What a sensor would read; the reference routine stays good, the rushed fair, the declining
   * climbs.
   */
  private double plaqueLevel(Instant start) {
    return switch (profile) {
      case RUSHED -> 1.0 + (random.nextDouble() - 0.5) * 0.3;
      case DECLINING ->
          Math.min(
              3.0,
              DECLINE_FROM
                  + (DECLINE_TO - DECLINE_FROM)
                      * Duration.between(firstMorning, start).toMinutes()
                      / (Math.min(days, 14) * 1440.0)
                  + (random.nextDouble() - 0.5) * 0.03);
      default -> 0.5 + (random.nextDouble() - 0.5) * 0.3;
    };
  }

  private String mode() {
    return MODES[random.nextInt(MODES.length)];
  }

  /**
   * Seconds over the four quadrants in shares of 0.9 to 1.1, so that none falls far below a
   * quarter.
   */
  private int[] split(int total) {
    double[] weights = new double[4];
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      weights[i] = 0.9 + random.nextDouble() * 0.2;
      sum += weights[i];
    }
    int[] parts = new int[4];
    int assigned = 0;
    for (int i = 0; i < 3; i++) {
      parts[i] = (int) (total * weights[i] / sum);
      assigned += parts[i];
    }
    parts[3] = total - assigned;
    return parts;
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}
