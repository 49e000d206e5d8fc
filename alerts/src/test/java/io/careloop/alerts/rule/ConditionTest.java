package io.careloop.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.alerts.plan.PlanTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every condition kind fires just past its threshold and stays silent just before it. */
class ConditionTest {

  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** The plan began on 1 March, 10:00 in Paris; its first whole day is 2 March. */
  static final Instant PLAN_START =
      LocalDate.of(2026, 3, 1).atTime(10, 0).atZone(PARIS).toInstant();

  static long ids = 1;

  static SessionFacts session(
      Instant at, int duration, int pressure, int coverage, Double plaque, int... zones) {
    int[] z = zones.length == 4 ? zones : new int[] {30, 30, 30, 30};
    return new SessionFacts(
        "TB-00000001",
        ids++,
        at,
        at,
        at,
        duration,
        pressure,
        coverage,
        plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque),
        z);
  }

  static SessionFacts good(Instant at) {
    return session(at, 125, 0, 90, 0.5);
  }

  static Evidence subject(SessionFacts s) {
    return new Evidence(
        s.placedAt().plusSeconds(200), PARIS, PLAN_START, Optional.of(s), List.of(s));
  }

  static Evidence history(Instant now, List<SessionFacts> sessions) {
    List<SessionFacts> newestFirst = new ArrayList<>(sessions);
    newestFirst.sort(Comparator.comparing(SessionFacts::placedAt).reversed());
    return new Evidence(now, PARIS, PLAN_START, newestFirst.stream().findFirst(), newestFirst);
  }

  final Instant at = paris(5, 8);
  final Condition absence48 = new Condition.NoSessionFor(48);

  static Instant paris(int day, int hour) {
    return LocalDate.of(2026, 3, day).atTime(hour, 0).atZone(PARIS).toInstant();
  }

  @Test
  @DisplayName("duration_below 90: 89 s fires, 90 s is silent")
  void duration() {
    Condition c = new Condition.DurationBelow(90);
    assertThat(c.test(subject(session(at, 89, 0, 90, null)))).isPresent();
    assertThat(c.test(subject(session(at, 90, 0, 90, null)))).isEmpty();
  }

  @Test
  @DisplayName("pressure_events_at_least 3: 3 events fire, 2 are silent")
  void pressure() {
    Condition c = new Condition.PressureEventsAtLeast(3);
    assertThat(c.test(subject(session(at, 120, 3, 90, null)))).isPresent();
    assertThat(c.test(subject(session(at, 120, 2, 90, null)))).isEmpty();
  }

  @Test
  @DisplayName("coverage_below 60: 59 % fires, 60 % is silent")
  void coverage() {
    Condition c = new Condition.CoverageBelow(60);
    assertThat(c.test(subject(session(at, 120, 0, 59, null)))).isPresent();
    assertThat(c.test(subject(session(at, 120, 0, 60, null)))).isEmpty();
  }

  @Test
  @DisplayName("plaque_at_least 2.0: 2.0 fires, 1.99 and a brush without the sensor are silent")
  void plaque() {
    Condition c = new Condition.PlaqueAtLeast(2.0);
    assertThat(c.test(subject(session(at, 120, 0, 90, 2.0)))).isPresent();
    assertThat(c.test(subject(session(at, 120, 0, 90, 1.99)))).isEmpty();
    assertThat(c.test(subject(session(at, 120, 0, 90, null)))).isEmpty();
  }

  @Test
  @DisplayName("The breach names the session and its time; the same session gives the same key")
  void breachKey() {
    SessionFacts s = session(at, 50, 0, 90, null);
    Breach first = new Condition.DurationBelow(90).test(subject(s)).orElseThrow();
    Breach again = new Condition.DurationBelow(90).test(subject(s)).orElseThrow();
    assertThat(first.key()).isEqualTo(again.key()).contains(s.key());
    assertThat(first.at()).isEqualTo(at);
    assertThat(first.detail()).contains("50 s");
  }

  @Test
  @DisplayName(
      "A session's breach happened when it was brushed, and is as new as its arrival: a late backlog is news")
  void breachTimes() {
    Instant arrived = at.plus(Duration.ofDays(3));
    SessionFacts late =
        new SessionFacts(
            "TB-00000001",
            ids++,
            at,
            at,
            arrived,
            50,
            0,
            90,
            OptionalDouble.empty(),
            new int[] {30, 30, 30, 30});
    Breach b = new Condition.DurationBelow(90).test(subject(late)).orElseThrow();
    assertThat(b.at()).isEqualTo(at);
    assertThat(b.knownAt()).isEqualTo(arrived);
  }

  /** Sessions on days 2..(2+days-1), {@code perDay} each at 8:00, 8:05, ... Paris time. */
  List<SessionFacts> daily(int firstDay, int days, int perDay, int duration) {
    List<SessionFacts> list = new ArrayList<>();
    for (int d = firstDay; d < firstDay + days; d++) {
      for (int k = 0; k < perDay; k++) {
        list.add(session(paris(d, 8).plus(Duration.ofMinutes(5L * k)), duration, 0, 90, null));
      }
    }
    return list;
  }

  @Test
  @DisplayName(
      "sessions_per_day_below 2 on 3 days: three days of one fires, one day of two among them is silent")
  void sessionsPerDay() {
    Condition c = new Condition.SessionsPerDayBelow(2, 3);
    List<SessionFacts> ones = daily(2, 3, 1, 120);
    Instant day5 = paris(5, 9);
    assertThat(c.test(history(day5, ones)))
        .hasValueSatisfying(
            b -> {
              assertThat(b.key()).isEqualTo("days:2026-03-02..2026-03-04");
              assertThat(b.at())
                  .isEqualTo(LocalDate.of(2026, 3, 5).atStartOfDay(PARIS).toInstant());
            });
    List<SessionFacts> oneDayGood = new ArrayList<>(ones);
    oneDayGood.add(session(paris(3, 20), 120, 0, 90, null));
    assertThat(c.test(history(day5, oneDayGood))).isEmpty();
  }

  @Test
  @DisplayName(
      "sessions_per_day_below counts days in the patient's time zone and ignores switch-ons")
  void sessionsPerDayZoneAndSwitchOns() {
    Condition c = new Condition.SessionsPerDayBelow(2, 3);
    List<SessionFacts> list = new ArrayList<>(daily(2, 3, 1, 120));
    // 23:30 in Paris on the 3rd is 22:30 UTC: the 3rd, not the 4th. It makes the 3rd a good day.
    list.add(
        session(
            LocalDate.of(2026, 3, 3).atTime(23, 30).atZone(PARIS).toInstant(), 120, 0, 90, null));
    assertThat(c.test(history(paris(5, 9), list))).isEmpty();
    // A 9-second switch-on does not count as brushing.
    List<SessionFacts> switchOn = new ArrayList<>(daily(2, 3, 1, 120));
    switchOn.add(session(paris(3, 21), 9, 0, 10, null));
    assertThat(c.test(history(paris(5, 9), switchOn))).isPresent();
  }

  @Test
  @DisplayName("sessions_per_day_below judges whole days after the plan's start only")
  void sessionsPerDayAfterPlanStart() {
    Condition c = new Condition.SessionsPerDayBelow(2, 3);
    // On the 4th the last three days are 1..3, and the 1st is the (partial) day the plan began.
    assertThat(c.test(history(paris(4, 9), List.of()))).isEmpty();
    assertThat(c.test(history(paris(5, 0).plusSeconds(1), List.of()))).isPresent();
  }

  @Test
  @DisplayName("mean_duration_below 100 over 3 days: a mean of 99 s fires, 100 s is silent")
  void meanDuration() {
    Condition c = new Condition.MeanDurationBelow(100, 3);
    List<SessionFacts> list = new ArrayList<>(daily(2, 3, 2, 100));
    list.set(
        0,
        session(
            list.get(0).placedAt(), 94, 0, 90, null)); // six sessions, 6 s short in all: mean 99
    assertThat(c.test(history(paris(5, 9), list))).isPresent();
    assertThat(c.test(history(paris(5, 9), daily(2, 3, 2, 100)))).isEmpty();
    assertThat(c.test(history(paris(5, 9), List.of())))
        .as("no sessions at all is another rule's business")
        .isEmpty();
  }

  @Test
  @DisplayName("mean_duration_below leaves out today's sessions: the window is whole days")
  void meanDurationWholeDays() {
    Condition c = new Condition.MeanDurationBelow(100, 3);
    List<SessionFacts> list = new ArrayList<>(daily(2, 3, 1, 110));
    list.add(session(paris(5, 8), 10, 0, 90, null));
    assertThat(c.test(history(paris(5, 9), list))).isEmpty();
  }

  @Test
  @DisplayName("plaque_rising over 3: 1.0 < 1.2 < 1.4 fires; 1.0 < 1.2 = 1.2 is silent")
  void plaqueRising() {
    Condition c = new Condition.PlaqueRising(3);
    var rising =
        List.of(
            session(paris(2, 8), 120, 0, 90, 1.0),
            session(paris(3, 8), 120, 0, 90, 1.2),
            session(paris(4, 8), 120, 0, 90, 1.4));
    assertThat(c.test(history(paris(4, 9), rising)))
        .hasValueSatisfying(b -> assertThat(b.detail()).contains("1.0", "1.4"));
    var flat =
        List.of(
            session(paris(2, 8), 120, 0, 90, 1.0),
            session(paris(3, 8), 120, 0, 90, 1.2),
            session(paris(4, 8), 120, 0, 90, 1.2));
    assertThat(c.test(history(paris(4, 9), flat))).isEmpty();
    assertThat(c.test(history(paris(4, 9), rising.subList(1, 3))))
        .as("two measurements are not three")
        .isEmpty();
  }

  @Test
  @DisplayName("plaque_rising skips sessions of brushes without the sensor")
  void plaqueRisingSkipsUnmeasured() {
    Condition c = new Condition.PlaqueRising(3);
    var list =
        List.of(
            session(paris(2, 8), 120, 0, 90, 1.0),
            session(paris(2, 20), 120, 0, 90, null),
            session(paris(3, 8), 120, 0, 90, 1.2),
            session(paris(4, 8), 120, 0, 90, 1.4));
    assertThat(c.test(history(paris(4, 9), list))).isPresent();
  }

  @Test
  @DisplayName(
      "quadrant_underbrushed under 20 s in 3 of 5: three fire, two are silent; 20 s is not under")
  void quadrant() {
    Condition c = new Condition.QuadrantUnderbrushed(20, 3, 5);
    List<SessionFacts> three = new ArrayList<>();
    List<SessionFacts> two = new ArrayList<>();
    List<SessionFacts> atLimit = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Instant at = paris(2, 8).plus(Duration.ofHours(6L * i));
      three.add(session(at, 120, 0, 90, null, 30, 30, i < 3 ? 19 : 30, 30));
      two.add(session(at, 120, 0, 90, null, 30, 30, i < 2 ? 19 : 30, 30));
      atLimit.add(session(at, 120, 0, 90, null, 30, 30, 20, 30));
    }
    assertThat(c.test(history(paris(4, 9), three)))
        .hasValueSatisfying(b -> assertThat(b.detail()).contains("LL"));
    assertThat(c.test(history(paris(4, 9), two))).isEmpty();
    assertThat(c.test(history(paris(4, 9), atLimit))).isEmpty();
  }

  @Test
  @DisplayName("quadrant_underbrushed looks at the last N sessions only")
  void quadrantLastN() {
    Condition c = new Condition.QuadrantUnderbrushed(20, 3, 5);
    List<SessionFacts> list = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // the three oldest are bad, the five newest good
      list.add(
          session(paris(2, 0).plus(Duration.ofHours(5L * i)), 120, 0, 90, null, 10, 30, 30, 30));
      if (i >= 3) {
        list.set(i, session(list.get(i).placedAt(), 120, 0, 90, null, 30, 30, 30, 30));
      }
    }
    assertThat(c.test(history(paris(4, 9), list))).isEmpty();
  }

  @Test
  @DisplayName("no_session_for 48 h: 48 h after the last session fires, a second before is silent")
  void sinceLastSession() {
    SessionFacts last = good(paris(3, 8));
    Instant limit = last.placedAt().plus(Duration.ofHours(48));
    assertThat(absence48.test(history(limit.minusSeconds(1), List.of(last)))).isEmpty();
    assertThat(absence48.test(history(limit, List.of(last))))
        .hasValueSatisfying(
            b -> {
              assertThat(b.at()).isEqualTo(limit);
              assertThat(b.key()).isEqualTo("absence:" + last.placedAt());
            });
  }

  @Test
  @DisplayName("no_session_for counts from the plan's start when nothing was brushed since")
  void sincePlanStart() {
    Instant limit = PLAN_START.plus(Duration.ofHours(48));
    SessionFacts before = good(PLAN_START.minus(Duration.ofHours(30)));
    assertThat(absence48.test(history(limit.minusSeconds(1), List.of(before)))).isEmpty();
    assertThat(absence48.test(history(limit.plusSeconds(1), List.of(before)))).isPresent();
  }

  @Test
  @DisplayName(
      "changesAt: an absence changes when it runs out and, once breached, only with a session;"
          + " a day window at the patient's next midnight; a session rule never with time alone")
  void changesAt() {
    SessionFacts last = good(paris(3, 8));
    Instant limit = last.placedAt().plus(Duration.ofHours(48));
    assertThat(absence48.changesAt(history(paris(4, 8), List.of(last)))).isEqualTo(limit);
    assertThat(absence48.changesAt(history(limit, List.of(last)))).isEqualTo(Instant.MAX);

    Condition window = new Condition.SessionsPerDayBelow(2, 3);
    // 29 March 2026 has 23 hours in Paris: its next day starts 21:30 after 01:30.
    Instant beforeTheClocksGoForward =
        LocalDate.of(2026, 3, 29).atTime(1, 30).atZone(PARIS).toInstant();
    assertThat(window.changesAt(history(beforeTheClocksGoForward, List.of(last))))
        .isEqualTo(beforeTheClocksGoForward.plus(Duration.ofMinutes(21 * 60 + 30)));
    assertThat(new Condition.MeanDurationBelow(100, 3).changesAt(history(paris(4, 8), List.of())))
        .isEqualTo(paris(5, 0));

    assertThat(new Condition.DurationBelow(90).changesAt(subject(last))).isEqualTo(Instant.MAX);
    assertThat(new Condition.PlaqueRising(3).changesAt(subject(last))).isEqualTo(Instant.MAX);

    Evidence dayAfter = history(paris(4, 8), List.of(last));
    assertThat(
            new Condition.Any(List.of(new Condition.DurationBelow(90), absence48))
                .changesAt(dayAfter))
        .isEqualTo(limit);
    assertThat(new Condition.All(List.of(absence48, window)).changesAt(dayAfter))
        .isEqualTo(paris(5, 0));
  }

  final Condition shortOrPatchy =
      new Condition.Any(List.of(new Condition.DurationBelow(90), new Condition.CoverageBelow(60)));
  final Condition shortAndPatchy =
      new Condition.All(List.of(new Condition.DurationBelow(90), new Condition.CoverageBelow(60)));

  @Test
  @DisplayName("any (OR) fires when one part holds and is silent when none does")
  void any() {
    assertThat(shortOrPatchy.test(subject(session(at, 89, 0, 90, null)))).isPresent();
    assertThat(shortOrPatchy.test(subject(session(at, 120, 0, 59, null)))).isPresent();
    assertThat(shortOrPatchy.test(subject(session(at, 90, 0, 60, null)))).isEmpty();
  }

  @Test
  @DisplayName("all (AND) fires only when every part holds, and tells both reasons")
  void all() {
    assertThat(shortAndPatchy.test(subject(session(at, 89, 0, 59, null))))
        .hasValueSatisfying(b -> assertThat(b.detail()).contains("89 s", "59 %"));
    assertThat(shortAndPatchy.test(subject(session(at, 89, 0, 60, null)))).isEmpty();
    assertThat(shortAndPatchy.test(subject(session(at, 90, 0, 59, null)))).isEmpty();
  }

  @Test
  @DisplayName("A rule mixing a window and a session condition combines their breaches")
  void mixedKinds() {
    Condition c =
        new Condition.All(
            List.of(new Condition.PressureEventsAtLeast(2), new Condition.NoSessionFor(1)));
    SessionFacts s = session(at, 120, 2, 90, null);
    assertThat(
            c.test(
                new Evidence(at.plusSeconds(3599), PARIS, PLAN_START, Optional.of(s), List.of(s))))
        .isEmpty();
    assertThat(
            c.test(
                new Evidence(at.plusSeconds(3600), PARIS, PLAN_START, Optional.of(s), List.of(s))))
        .isPresent();
  }

  @Test
  @DisplayName("Every template's rules survive a JSON round trip unchanged")
  void roundTrip() {
    for (PlanTemplate template : PlanTemplate.values()) {
      for (Rule rule : template.rules(template.defaults())) {
        assertThat(Rule.fromJson(new io.vertx.core.json.JsonObject(rule.toJson().encode())))
            .isEqualTo(rule);
      }
    }
  }

  @Test
  @DisplayName("Wrong rules are refused with the reason")
  void refused() {
    assertThatThrownBy(
            () -> Condition.fromJson(new io.vertx.core.json.JsonObject().put("kind", "vibes")))
        .hasMessageContaining("unknown condition kind");
    assertThatThrownBy(
            () ->
                Condition.fromJson(
                    new io.vertx.core.json.JsonObject().put("kind", "duration_below")))
        .hasMessageContaining("seconds");
    assertThatThrownBy(
            () ->
                Condition.fromJson(
                    new io.vertx.core.json.JsonObject()
                        .put("kind", "all")
                        .put("of", new io.vertx.core.json.JsonArray())))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> new Condition.QuadrantUnderbrushed(20, 6, 5))
        .hasMessageContaining("times");
  }

  @Test
  @DisplayName(
      "A field its kind does not read is refused, also within all and any, as unknown fields are everywhere in the API")
  void otherKindsFieldsRefused() {
    assertThatThrownBy(
            () ->
                Condition.fromJson(
                    new io.vertx.core.json.JsonObject(
                        "{\"kind\": \"duration_below\", " + "\"seconds\": 90, \"days\": 3}")))
        .hasMessageContaining("duration_below takes no field 'days'");
    assertThatThrownBy(
            () ->
                Condition.fromJson(
                    new io.vertx.core.json.JsonObject(
                        "{\"kind\": \"any\", \"of\": "
                            + "[{\"kind\": \"no_session_for\", \"hours\": 48, \"hour\": 1}]}")))
        .hasMessageContaining("no_session_for takes no field 'hour'");
    assertThat(
            Condition.fromJson(
                new io.vertx.core.json.JsonObject(
                    "{\"kind\": \"quadrant_underbrushed\", "
                        + "\"seconds\": 20, \"times\": 3, \"of\": 5}")))
        .isEqualTo(new Condition.QuadrantUnderbrushed(20, 3, 5));
  }

  @Test
  @DisplayName(
      "A nurse's threshold overrides the default; an unknown threshold or a value out of range is refused")
  void overrides() {
    var thresholds = PlanTemplate.POST_SURGERY.thresholds(Map.of("minDurationSec", 100));
    assertThat(thresholds)
        .containsEntry("minDurationSec", 100)
        .containsEntry("maxPressureEvents", 3);
    assertThat(PlanTemplate.POST_SURGERY.rules(thresholds).get(1).when().toJson().encode())
        .contains("\"seconds\":100");
    assertThatThrownBy(() -> PlanTemplate.POST_SURGERY.thresholds(Map.of("minDurationSecs", 100)))
        .hasMessageContaining("no threshold 'minDurationSecs'");
    assertThatThrownBy(
            () ->
                PlanTemplate.POST_SURGERY.rules(
                    PlanTemplate.POST_SURGERY.thresholds(Map.of("minCoveragePct", 150))))
        .hasMessageContaining("percent must be between 1 and 100");
    assertThatThrownBy(
            () ->
                PlanTemplate.STANDARD.rules(
                    PlanTemplate.STANDARD.thresholds(Map.of("missedDays", 2.5))))
        .hasMessageContaining("whole number");
  }
}
