package io.careloop.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.bus.PatientDailyBrushing.Day;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DailyBrushingTest {

  private static BrushingSession session(
      String placedAt, int duration, int coverage, int highSec, Double plaque) {
    Instant at = Instant.parse(placedAt);
    return new BrushingSession(
        "TB-00000001",
        at.getEpochSecond(),
        at,
        duration,
        "daily_clean",
        highSec > 0 ? 1 : 0,
        highSec,
        new BrushingSession.Zones(duration / 4, duration / 4, duration / 4, duration / 4),
        coverage,
        plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque),
        50,
        "3.4.1",
        false,
        at,
        at);
  }

  @Test
  @DisplayName("Twice two minutes with full coverage and no pressure scores 100")
  void perfectDay() {
    var days =
        DailyBrushing.of(
            List.of(
                session("2026-11-24T07:00:00Z", 120, 100, 0, 0.4),
                session("2026-11-24T20:00:00Z", 120, 100, 0, 0.8)),
            ZoneId.of("UTC"),
            LocalDate.parse("2026-11-24"),
            LocalDate.parse("2026-11-24"));

    assertThat(days)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.sessions()).isEqualTo(2);
              assertThat(d.totalDurationSec()).isEqualTo(240);
              assertThat(d.meanDurationSec()).isEqualTo(120);
              assertThat(d.worstPlaqueIndex()).hasValue(0.8);
              assertThat(d.score()).isEqualTo(100);
            });
  }

  @Test
  @DisplayName("Days are cut in the patient's time zone, and a day without brushing scores 0")
  void timeZoneAndEmptyDays() {
    // 23:30 UTC on the 23rd is 00:30 on the 24th in Paris.
    var days =
        DailyBrushing.of(
            List.of(session("2026-11-23T23:30:00Z", 120, 80, 0, null)),
            ZoneId.of("Europe/Paris"),
            LocalDate.parse("2026-11-23"),
            LocalDate.parse("2026-11-24"));

    assertThat(days).extracting(Day::sessions).containsExactly(0, 1);
    assertThat(days.get(0).score()).isZero();
    assertThat(days.get(1).worstPlaqueIndex()).isEmpty();
  }

  @Test
  @DisplayName("Accidental switch-ons under 10 s are counted apart and change no other figure")
  void shortSessionsAreSetApart() {
    var days =
        DailyBrushing.of(
            List.of(
                session("2026-11-24T07:00:00Z", 120, 90, 0, null),
                session("2026-11-24T07:05:00Z", 4, 0, 0, null)),
            ZoneId.of("UTC"),
            LocalDate.parse("2026-11-24"),
            LocalDate.parse("2026-11-24"));

    assertThat(days.get(0).sessions()).isEqualTo(1);
    assertThat(days.get(0).shortSessions()).isEqualTo(1);
    assertThat(days.get(0).meanCoveragePct()).isEqualTo(90);
  }

  @Test
  @DisplayName("The score's parts: one short session with half coverage and much pressure")
  void scoreParts() {
    // 20 (one session) + 30*60/240 = 7.5 + 20*0.5 = 10 + pressure 12 s of 60 s = 20 % -> 0
    assertThat(DailyBrushing.score(1, 60, 50, 12)).isEqualTo(38);
    // the same with 6 s of high pressure (10 %) earns half of the 10 gentleness points
    assertThat(DailyBrushing.score(1, 60, 50, 6)).isEqualTo(43);
  }

  @Test
  @DisplayName(
      "Pressure events that a broken brush reports by the billion do not wrap the day's count below zero")
  void pressureEventsDoNotOverflow() {
    BrushingSession one = session("2026-11-24T07:00:00Z", 120, 100, 5, null);
    BrushingSession wild =
        new BrushingSession(
            one.deviceId(),
            1,
            one.startedAt(),
            120,
            "daily_clean",
            Integer.MAX_VALUE,
            5,
            one.zonesSec(),
            100,
            OptionalDouble.empty(),
            50,
            "3.4.1",
            false,
            one.placedAt(),
            one.receivedAt());
    BrushingSession wilder =
        new BrushingSession(
            one.deviceId(),
            2,
            one.startedAt().plusSeconds(600),
            120,
            "daily_clean",
            Integer.MAX_VALUE,
            5,
            one.zonesSec(),
            100,
            OptionalDouble.empty(),
            50,
            "3.4.1",
            false,
            one.placedAt().plusSeconds(600),
            one.receivedAt().plusSeconds(600));

    var day = DailyBrushing.summarize(LocalDate.parse("2026-11-24"), List.of(wild, wilder));

    assertThat(day.pressureHighEvents()).isEqualTo(Integer.MAX_VALUE);
  }
}
