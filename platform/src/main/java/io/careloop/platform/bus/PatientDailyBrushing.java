package io.careloop.platform.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * {@link Addresses#DAILY_BRUSHING}: asked with the patient, a time zone and the days [from, to]
 * ({@link #ask}), answered with one entry per day, oldest first: the daily view the app shows.
 */
public record PatientDailyBrushing(
    UUID patientId, ZoneId timeZone, LocalDate from, LocalDate to, List<Day> days) {

  /** The figures of one day. {@code worstPlaqueIndex} is empty when no brush measured plaque. */
  public record Day(
      LocalDate date,
      int sessions,
      int shortSessions,
      int totalDurationSec,
      int meanDurationSec,
      int meanCoveragePct,
      int pressureHighEvents,
      int pressureHighSec,
      OptionalDouble worstPlaqueIndex,
      int score) {

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("date", date.toString())
              .put("sessions", sessions)
              .put("shortSessions", shortSessions)
              .put("totalDurationSec", totalDurationSec)
              .put("meanDurationSec", meanDurationSec)
              .put("meanCoveragePct", meanCoveragePct)
              .put("pressureHighEvents", pressureHighEvents)
              .put("pressureHighSec", pressureHighSec)
              .put("score", score);
      worstPlaqueIndex.ifPresent(p -> json.put("plaqueIndex", p));
      return json;
    }

    static Day fromJson(JsonObject json) {
      Double plaque = json.getDouble("plaqueIndex");
      return new Day(
          LocalDate.parse(json.getString("date")),
          json.getInteger("sessions", 0),
          json.getInteger("shortSessions", 0),
          json.getInteger("totalDurationSec", 0),
          json.getInteger("meanDurationSec", 0),
          json.getInteger("meanCoveragePct", 0),
          json.getInteger("pressureHighEvents", 0),
          json.getInteger("pressureHighSec", 0),
          plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque),
          json.getInteger("score", 0));
    }
  }

  public PatientDailyBrushing {
    days = List.copyOf(days);
  }

  public static PatientDailyBrushing ask(
      UUID patientId, ZoneId timeZone, LocalDate from, LocalDate to) {
    return new PatientDailyBrushing(patientId, timeZone, from, to, List.of());
  }

  public PatientDailyBrushing answer(List<Day> figured) {
    return new PatientDailyBrushing(patientId, timeZone, from, to, figured);
  }

  /** The daily view as the apps show it: {@code {timeZone, days}}. */
  public JsonObject toView() {
    return new JsonObject()
        .put("timeZone", timeZone.getId())
        .put("days", new JsonArray(days.stream().map(Day::toJson).toList()));
  }

  public JsonObject toJson() {
    return toView()
        .put("patientId", patientId.toString())
        .put("from", from.toString())
        .put("to", to.toString());
  }

  public static PatientDailyBrushing fromJson(JsonObject json) {
    return new PatientDailyBrushing(
        UUID.fromString(json.getString("patientId")),
        ZoneId.of(json.getString("timeZone")),
        LocalDate.parse(json.getString("from")),
        LocalDate.parse(json.getString("to")),
        json.getJsonArray("days", new JsonArray()).stream()
            .map(o -> Day.fromJson((JsonObject) o))
            .toList());
  }
}
