package io.careloop.simulators.profile;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A brush's life over the days of a {@link CourseSpec}: its wearers and every message it publishes,
 * in the contract's payload format, quirks included. Pure: the same spec and device id give the
 * same course.
 */
public record Course(CourseSpec spec, String deviceId, List<Wearer> wearers, List<Upload> uploads) {

  public static final String FIRMWARE = "3.4.1";
  public static final String OLD_FIRMWARE = "2.9.4";

  /** Whom a brush that changes hands goes to. */
  public static final Profile SECOND_WEARER = Profile.HEAVY_HANDED;

  public Instant start() {
    return spec.firstDay().atStartOfDay(spec.zone()).toInstant();
  }

  public Instant end() {
    return spec.firstDay().plusDays(spec.days()).atStartOfDay(spec.zone()).toInstant();
  }

  /** Whether the brush speaks MQTT 3.1.1 (older firmware). */
  public boolean mqtt311() {
    return spec.has(Quirk.OLD_FIRMWARE);
  }

  public static Course generate(CourseSpec spec, String deviceId) {
    List<Wearer> wearers = wearersOf(spec);
    List<Brushing> brushings = brushingsOf(spec, wearers);
    List<Upload> uploads = new Device(spec, deviceId, brushings.size()).uploads(brushings, wearers);
    uploads = new ArrayList<>(uploads);
    uploads.sort(Comparator.comparing(Upload::sendAt));
    return new Course(spec, deviceId, List.copyOf(wearers), List.copyOf(uploads));
  }

  /** One wearer, or two when the brush changes hands at noon half-way. */
  private static List<Wearer> wearersOf(CourseSpec spec) {
    Instant start = spec.firstDay().atStartOfDay(spec.zone()).toInstant();
    Instant end = spec.firstDay().plusDays(spec.days()).atStartOfDay(spec.zone()).toInstant();
    if (!spec.has(Quirk.CHANGES_HANDS)) {
      return List.of(new Wearer(0, spec.profile(), start, end));
    }
    Instant handover =
        spec.firstDay()
            .plusDays(spec.days() / 2)
            .atTime(LocalTime.NOON)
            .atZone(spec.zone())
            .toInstant();
    return List.of(
        new Wearer(0, spec.profile(), start, handover),
        new Wearer(1, SECOND_WEARER, handover, end));
  }

  private static List<Brushing> brushingsOf(CourseSpec spec, List<Wearer> wearers) {
    List<Brushing> all = new ArrayList<>();
    for (Wearer wearer : wearers) {
      Habits habits = new Habits(wearer.profile(), spec.seed() * 31 + wearer.index(), spec.days());
      for (int d = 0; d < spec.days(); d++) {
        LocalDate date = spec.firstDay().plusDays(d);
        habits.day(d, date, spec.zone()).stream()
            .filter(b -> !b.start().isBefore(wearer.from()) && b.start().isBefore(wearer.until()))
            .forEach(all::add);
      }
    }
    all.sort(Comparator.comparing(Brushing::start));
    return all;
  }

  /** The brush: its counter, clock, battery, firmware, memory and connection. */
  private static final class Device {
    private final CourseSpec spec;
    private final String deviceId;
    private final int expected;
    private final Random random;
    private final Instant clockSwap;
    private final Instant offlineFrom;
    private final Instant offlineUntil;
    private long nextId = 1;

    Device(CourseSpec spec, String deviceId, int expected) {
      this.spec = spec;
      this.deviceId = deviceId;
      this.expected = Math.max(1, expected);
      this.random = new Random(Seeds.of(spec.seed(), 0xB7));
      LocalDate middle = spec.firstDay().plusDays(spec.days() / 2);
      this.clockSwap = middle.atStartOfDay(spec.zone()).toInstant();
      this.offlineFrom = middle.minusDays(1).atTime(6, 0).atZone(spec.zone()).toInstant();
      this.offlineUntil = middle.plusDays(1).atTime(12, 0).atZone(spec.zone()).toInstant();
    }

    List<Upload> uploads(List<Brushing> brushings, List<Wearer> wearers) {
      List<Upload> uploads = new ArrayList<>();
      int n = 0;
      for (Brushing b : brushings) {
        int wearer = wearerOf(b, wearers);
        int battery = battery(n++);
        if (spec.has(Quirk.LOW_BATTERY) && battery < 10 && n % 2 == 0) {
          uploads.add(upload(switchOn(b), wearer, battery));
        }
        Upload upload = upload(b, wearer, battery);
        uploads.add(upload);
        uploads.addAll(copiesOf(upload, n));
      }
      return uploads;
    }

    private static int wearerOf(Brushing b, List<Wearer> wearers) {
      return wearers.stream()
          .filter(w -> !b.start().isBefore(w.from()))
          .mapToInt(Wearer::index)
          .max()
          .orElse(0);
    }

    /** The motor stopped in the first seconds; the patient switched it on again a minute later. */
    private Brushing switchOn(Brushing b) {
      int seconds = 3 + random.nextInt(6);
      return new Brushing(
          b.start().minusSeconds(70),
          seconds,
          b.mode(),
          0,
          0,
          new int[] {seconds, 0, 0, 0},
          2 + random.nextInt(5),
          null);
    }

    private Upload upload(Brushing b, int wearer, int battery) {
      Instant sendAt = b.end().plusSeconds(3);
      boolean backlog = false;
      if (spec.has(Quirk.OFFLINE_BACKLOG)
          && !sendAt.isBefore(offlineFrom)
          && sendAt.isBefore(offlineUntil)) {
        sendAt = offlineUntil.plusSeconds(nextId);
        backlog = true;
      }
      return new Upload(sendAt, wearer, payload(b, battery, backlog), false);
    }

    private JsonObject payload(Brushing b, int battery, boolean backlog) {
      int[] z = b.zonesSec();
      JsonObject json =
          new JsonObject()
              .put("schema", "careloop.brushing-session/1")
              .put("deviceId", deviceId)
              .put("sessionId", nextId++)
              .put("startedAt", clock(b.start()).toString())
              .put("durationSec", b.durationSec())
              .put("mode", b.mode())
              .put(
                  "pressure",
                  new JsonObject()
                      .put("highEvents", b.pressureEvents())
                      .put("highSec", b.pressureSec()))
              .put(
                  "zonesSec",
                  new JsonObject().put("UL", z[0]).put("UR", z[1]).put("LL", z[2]).put("LR", z[3]))
              .put("coveragePct", b.coveragePct())
              .put("batteryPct", battery)
              .put("firmware", spec.has(Quirk.OLD_FIRMWARE) ? OLD_FIRMWARE : FIRMWARE)
              .put("backlog", backlog);
      if (b.plaque() != null && !spec.has(Quirk.OLD_FIRMWARE)) {
        json.put("plaqueIndex", b.plaque());
      }
      return json;
    }

    /**
     * The brush's clock: right, or six minutes ahead and then, after a battery swap, three days
     * behind.
     */
    private Instant clock(Instant truth) {
      Instant t = truth;
      if (spec.has(Quirk.CLOCK_SKEW)) {
        t =
            truth.isBefore(clockSwap)
                ? truth.plus(Duration.ofMinutes(6))
                : truth.minus(Duration.ofDays(3));
      }
      return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** Full battery draining by one percent a session, or a battery that runs from 30 % to flat. */
    private int battery(int n) {
      if (spec.has(Quirk.LOW_BATTERY)) {
        return Math.max(1, 30 - 29 * n / expected);
      }
      return Math.max(5, 100 - n % 96);
    }

    /**
     * Every fourth session resent at once (its PUBACK was lost); every seventh uploaded again
     * later.
     */
    private List<Upload> copiesOf(Upload original, int n) {
      if (!spec.has(Quirk.DUPLICATES)) {
        return List.of();
      }
      List<Upload> copies = new ArrayList<>();
      if (n % 4 == 0) {
        copies.add(
            new Upload(
                original.sendAt().plusSeconds(1),
                original.wearer(),
                original.payload().copy(),
                true));
      }
      if (n % 7 == 0) {
        copies.add(
            new Upload(
                original.sendAt().plus(Duration.ofHours(2)),
                original.wearer(),
                original.payload().copy().put("backlog", true),
                true));
      }
      return copies;
    }
  }
}
