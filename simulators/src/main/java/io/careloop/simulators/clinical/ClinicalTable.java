package io.careloop.simulators.clinical;

import static io.careloop.alerts.plan.PlanTemplate.ORTHODONTIC;
import static io.careloop.alerts.plan.PlanTemplate.PERIODONTAL;
import static io.careloop.alerts.plan.PlanTemplate.POST_SURGERY;
import static io.careloop.alerts.plan.PlanTemplate.STANDARD;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Quirk;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a nurse should be told, per profile (and device quirk) and care plan, from the device
 * contract's clinical references: twice a day for two minutes (ADA / NHS), Silness–Löe plaque
 * banding (1.0–1.9 fair, 2.0–3.0 poor), too much pressure harms gums (most of all healing ones).
 * Each plan alerts only on what it follows: a heavy hand matters to the post-surgery plan, plaque
 * to the periodontal and orthodontic ones. Quirks are on the diligent patient: the brush's ways
 * must not reach the nurse. Where the rules as they are do tell the nurse something she should not
 * hear, the row says so as a known false alarm, with the reason: the report counts it against
 * precision, and the tests notice the day it stops happening.
 */
public final class ClinicalTable {

  /**
   * The patient a row describes: a profile, maybe a device quirk, and which wearer of the brush.
   */
  public record Row(
      String id, Profile profile, Optional<Quirk> quirk, int wearer, String summary) {}

  /**
   * The alerts a nurse should get under a plan, and those the rules raise though she should not.
   */
  public record Expectation(Set<String> should, Map<String, String> knownFalseAlarms) {

    /**
     * What the real rules raise on the generated course: what should come, and the known false
     * alarms.
     */
    public Set<String> raisedByRules() {
      Set<String> all = new LinkedHashSet<>(should);
      all.addAll(knownFalseAlarms.keySet());
      return all;
    }
  }

  private static final String OFFLINE =
      "the brush was away from Wi-Fi for two days: the absence looks real until the"
          + " backlog arrives, then the alert is cleared but stays listed";
  private static final String SWITCH_ON =
      "a switch-on of a few seconds (the contract: accidental, sent anyway) is"
          + " judged as a session by the per-session rules";

  private static final Map<String, Row> ROWS = new LinkedHashMap<>();
  private static final Map<String, Map<PlanTemplate, Expectation>> TABLE = new LinkedHashMap<>();

  static {
    row(Profile.DILIGENT, null, 0, "twice a day, 2-3 min, gentle, every quadrant, plaque good");
    row(Profile.FORGETFUL, null, 0, "mornings only, evenings one day in four")
        .on(STANDARD, "missed-brushing")
        .on(POST_SURGERY, "missed-brushing", "no-brushing");
    row(Profile.RUSHED, null, 0, "30-60 s, coverage 40-65 %, 7-14 s a quadrant")
        .on(STANDARD, "short-brushing")
        .on(POST_SURGERY, "rushed-session")
        .on(PERIODONTAL, "quadrant-missed")
        .on(ORTHODONTIC, "poor-session", "quadrant-missed");
    row(Profile.HEAVY_HANDED, null, 0, "3-7 pressure events a session")
        .on(POST_SURGERY, "too-much-pressure");
    row(Profile.DECLINING, null, 0, "plaque index rising from 0.6 to 2.4 over two weeks")
        .on(PERIODONTAL, "plaque-high", "plaque-rising")
        .on(ORTHODONTIC, "plaque-high");
    row(Profile.QUADRANT_NEGLECTED, null, 0, "lower right 4-14 s a session")
        .on(PERIODONTAL, "quadrant-missed")
        .on(ORTHODONTIC, "quadrant-missed");
    row(Profile.LAPSED, null, 0, "diligent, then nothing from half-way")
        .on(STANDARD, "missed-brushing", "no-brushing")
        .on(POST_SURGERY, "missed-brushing", "no-brushing")
        .on(PERIODONTAL, "no-brushing")
        .on(ORTHODONTIC, "no-brushing");
    row(
        Profile.DILIGENT,
        Quirk.CLOCK_SKEW,
        0,
        "clock 6 min ahead, then 3 days behind after a battery swap");
    row(
            Profile.DILIGENT,
            Quirk.OFFLINE_BACKLOG,
            0,
            "two days offline, sessions uploaded late as a backlog")
        .falseAlarm(STANDARD, "no-brushing", OFFLINE)
        .falseAlarm(POST_SURGERY, "no-brushing", OFFLINE)
        .falseAlarm(POST_SURGERY, "missed-brushing", OFFLINE)
        .falseAlarm(PERIODONTAL, "no-brushing", OFFLINE)
        .falseAlarm(ORTHODONTIC, "no-brushing", OFFLINE);
    row(
        Profile.DILIGENT,
        Quirk.DUPLICATES,
        0,
        "sessions resent at once and re-uploaded hours later");
    row(
            Profile.DILIGENT,
            Quirk.LOW_BATTERY,
            0,
            "battery 30 % to flat; switch-ons of 3-8 s when nearly flat")
        .falseAlarm(POST_SURGERY, "rushed-session", SWITCH_ON)
        .falseAlarm(ORTHODONTIC, "poor-session", SWITCH_ON);
    row(Profile.DILIGENT, Quirk.OLD_FIRMWARE, 0, "firmware 2.9.4, MQTT 3.1.1, no plaque sensor");
    row(
        Profile.DILIGENT,
        Quirk.CHANGES_HANDS,
        0,
        "first wearer: diligent until the brush is handed on");
    row(
            Profile.HEAVY_HANDED,
            Quirk.CHANGES_HANDS,
            1,
            "second wearer: heavy-handed from the handover")
        .on(POST_SURGERY, "too-much-pressure");
  }

  private ClinicalTable() {}

  public static List<Row> rows() {
    return List.copyOf(ROWS.values());
  }

  public static Row row(String id) {
    Row row = ROWS.get(id);
    if (row == null) {
      throw new IllegalArgumentException(
          "no row '" + id + "' in the clinical table; rows: " + ROWS.keySet());
    }
    return row;
  }

  /**
   * The row of a course's wearer: the profile alone, a quirk on the diligent patient, or the second
   * wearer of a brush that changes hands; empty for a mix the table does not cover.
   */
  public static Optional<Row> rowOf(Profile profile, Set<Quirk> quirks, int wearer) {
    String id;
    if (wearer == 1) {
      id = Quirk.CHANGES_HANDS.id() + ":" + profile.id();
    } else if (quirks.isEmpty()) {
      id = profile.id();
    } else {
      id = quirks.size() == 1 ? profile.id() + "+" + quirks.iterator().next().id() : "";
    }
    return Optional.ofNullable(ROWS.get(id));
  }

  public static Expectation expectation(Row row, PlanTemplate plan) {
    return TABLE.get(row.id()).get(plan);
  }

  private static Builder row(Profile profile, Quirk quirk, int wearer, String summary) {
    String id =
        quirk == null
            ? profile.id()
            : wearer == 0 ? profile.id() + "+" + quirk.id() : quirk.id() + ":" + profile.id();
    ROWS.put(id, new Row(id, profile, Optional.ofNullable(quirk), wearer, summary));
    Map<PlanTemplate, Expectation> plans = new EnumMap<>(PlanTemplate.class);
    for (PlanTemplate plan : PlanTemplate.values()) {
      plans.put(plan, new Expectation(new LinkedHashSet<>(), new LinkedHashMap<>()));
    }
    TABLE.put(id, plans);
    return new Builder(plans);
  }

  private record Builder(Map<PlanTemplate, Expectation> plans) {
    Builder on(PlanTemplate plan, String... rules) {
      plans.get(plan).should().addAll(new ArrayList<>(List.of(rules)));
      return this;
    }

    Builder falseAlarm(PlanTemplate plan, String rule, String why) {
      plans.get(plan).knownFalseAlarms().put(rule, why);
      return this;
    }
  }
}
