package io.careloop.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SharedRecordsTest {

  private static final UUID PATIENT = UUID.randomUUID();
  private static final Instant AT = Instant.parse("2026-11-24T07:30:00.123Z");

  static StoredSession session(UUID owner, OptionalDouble plaque) {
    return new StoredSession(
        "TB-0000BEEF",
        42,
        AT,
        AT.plusSeconds(1),
        AT.plusSeconds(150),
        121,
        "daily",
        2,
        7,
        new StoredSession.Zones(30, 31, 29, 31),
        88,
        true,
        plaque,
        owner);
  }

  static Stream<Arguments> records() {
    PatientDailyBrushing.Day day =
        new PatientDailyBrushing.Day(
            LocalDate.parse("2026-11-24"), 2, 1, 240, 120, 90, 1, 3, OptionalDouble.of(0.4), 80);
    PatientDailyBrushing.Day quietDay =
        new PatientDailyBrushing.Day(
            LocalDate.parse("2026-11-25"), 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), 0);
    return Stream.of(
        round(
            new SessionsStored(
                List.of(
                    session(PATIENT, OptionalDouble.of(1.5)),
                    session(null, OptionalDouble.empty()))),
            SessionsStored::toJson,
            SessionsStored::fromJson),
        round(
            PatientSessions.ask(PATIENT, AT, AT.plusSeconds(86_400)),
            PatientSessions::toJson,
            PatientSessions::fromJson),
        round(
            PatientSessions.ask(PATIENT, AT, AT.plusSeconds(86_400))
                .answer(List.of(session(null, OptionalDouble.of(0.25)))),
            PatientSessions::toJson,
            PatientSessions::fromJson),
        round(PatientDevices.ask(PATIENT), PatientDevices::toJson, PatientDevices::fromJson),
        round(
            new PatientDevices(
                PATIENT, List.of(new PatientDevices.PairedBrush("TB-0000BEEF", "TB-2", AT))),
            PatientDevices::toJson,
            PatientDevices::fromJson),
        round(
            new DevicePaired(PATIENT, "TB-0000BEEF", AT),
            DevicePaired::toJson,
            DevicePaired::fromJson),
        round(
            PatientDailyBrushing.ask(
                    PATIENT,
                    ZoneId.of("Europe/Lisbon"),
                    LocalDate.parse("2026-11-24"),
                    LocalDate.parse("2026-11-25"))
                .answer(List.of(day, quietDay)),
            PatientDailyBrushing::toJson,
            PatientDailyBrushing::fromJson),
        round(PatientProfile.ask(PATIENT), PatientProfile::toJson, PatientProfile::fromJson),
        round(
            new PatientProfile(
                PATIENT, "Europe/Lisbon", "Ana", "ana@example.org", "patient", AT, "+351 900"),
            PatientProfile::toJson,
            PatientProfile::fromJson),
        round(
            new PatientClinics(PATIENT, List.of(UUID.randomUUID(), UUID.randomUUID())),
            PatientClinics::toJson,
            PatientClinics::fromJson),
        round(
            new ClinicNurses(UUID.randomUUID(), List.of(UUID.randomUUID())),
            ClinicNurses::toJson,
            ClinicNurses::fromJson));
  }

  private static <T extends Record> Arguments round(
      T record, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    Function<T, T> trip = r -> fromJson.apply(new JsonObject(toJson.apply(r).encode()));
    return Arguments.of(record.getClass().getSimpleName(), record, trip);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  @DisplayName("A shared bus record comes back equal from its JSON text")
  <T extends Record> void roundTrip(String name, T record, Function<T, T> trip) {
    assertThat(trip.apply(record)).isEqualTo(record);
  }

  @Test
  @DisplayName("A stored session keeps the wire fields other processes read")
  void sessionWireFields() {
    JsonObject json = session(PATIENT, OptionalDouble.of(1.5)).toJson();

    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder(
            "deviceId",
            "sessionId",
            "startedAt",
            "placedAt",
            "receivedAt",
            "durationSec",
            "mode",
            "pressure",
            "zonesSec",
            "coveragePct",
            "backlog",
            "plaqueIndex",
            "patientId");
    assertThat(json.getJsonObject("zonesSec").getInteger("LR")).isEqualTo(31);
    assertThat(json.getJsonObject("pressure").getInteger("highSec")).isEqualTo(7);
  }
}
