package io.careloop.crm.sheet;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.patient.CrmPatient;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FactsAssemblerTest {

  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
  private static final UUID ID = UUID.randomUUID();

  private static CrmPatient patient(Instant registeredAt) {
    return new CrmPatient(
        ID,
        null,
        "Ann",
        null,
        null,
        LocalDate.of(1950, 1, 1),
        null,
        Set.of(),
        registeredAt,
        Instant.parse("2026-05-01T00:00:00Z"),
        "Xuhui",
        Set.of());
  }

  @Test
  @DisplayName(
      "Every kind of row becomes its fact: visits and bookings, open alerts, the plan in force, feedback and notes, brushing days")
  void everyKind() {
    List<FactRow> rows =
        List.of(
            FactRow.appointment(
                FactRow.VISIT,
                "practice:1",
                Instant.parse("2024-03-01T12:00:00Z"),
                VisitStatus.COMPLETED,
                "cleaning",
                90,
                Channel.PHONE,
                Instant.parse("2024-03-01T12:00:00Z")),
            FactRow.appointment(
                FactRow.APPOINTMENT,
                UUID.randomUUID().toString(),
                Instant.parse("2026-06-03T09:00:00Z"),
                VisitStatus.BOOKED,
                "check-up",
                0,
                Channel.APP,
                Instant.parse("2026-05-30T08:00:00Z")),
            FactRow.alert(
                UUID.randomUUID(),
                "plaque-high",
                AlertSeverity.HIGH,
                Instant.parse("2026-05-31T08:00:00Z")),
            FactRow.carePlan(
                "periodontal",
                Instant.parse("2026-05-01T00:00:00Z"),
                Instant.parse("2026-07-01T00:00:00Z")),
            FactRow.feedback(
                UUID.randomUUID(), Instant.parse("2026-05-02T00:00:00Z"), 2, Sentiment.COMPLAINT),
            FactRow.note(UUID.randomUUID(), Instant.parse("2026-05-03T00:00:00Z"), Sentiment.DOUBT),
            FactRow.brushingDay(LocalDate.of(2026, 5, 30), 80, 2, OptionalDouble.of(1.5)),
            FactRow.brush(LocalDate.of(2026, 5, 20)));

    PatientFacts facts = FactsAssembler.assemble(patient(null), rows, NOW);

    assertThat(facts.registeredAt())
        .as("the first visit a system told of")
        .isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
    assertThat(facts.region()).contains("Xuhui");
    assertThat(facts.appointments())
        .extracting(PatientFacts.Appointment::bookedVia)
        .containsExactlyInAnyOrder(Channel.PHONE, Channel.APP);
    assertThat(facts.openAlerts())
        .singleElement()
        .satisfies(a -> assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH));
    assertThat(facts.carePlan())
        .hasValueSatisfying(p -> assertThat(p.template()).isEqualTo("periodontal"));
    assertThat(facts.feedback())
        .extracting(PatientFacts.Feedback::sentiment)
        .containsExactlyInAnyOrder(Sentiment.COMPLAINT, Sentiment.DOUBT);
    assertThat(facts.brushing())
        .hasValueSatisfying(
            b -> {
              assertThat(b.pairedOn()).isEqualTo(LocalDate.of(2026, 5, 20));
              assertThat(b.days())
                  .singleElement()
                  .satisfies(d -> assertThat(d.plaqueIndex()).hasValue(1.5));
            });
  }

  @Test
  @DisplayName(
      "A plan that ended is no fact of today; a row of an unknown status is left out; without history the patient is known since registering")
  void leftOut() {
    List<FactRow> rows =
        List.of(
            FactRow.carePlan(
                "periodontal",
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-05-01T00:00:00Z")),
            new FactRow(
                FactRow.VISIT,
                "x",
                new JsonObject()
                    .put("at", NOW.toString())
                    .put("status", "postponed")
                    .put("service", "cleaning")
                    .put("price", 0)
                    .put("via", "import")
                    .put("bookedAt", NOW.toString())));
    Instant registered = Instant.parse("2026-04-01T00:00:00Z");

    PatientFacts facts = FactsAssembler.assemble(patient(registered), rows, NOW);

    assertThat(facts.carePlan()).isEmpty();
    assertThat(facts.appointments()).isEmpty();
    assertThat(facts.brushing()).isEmpty();
    assertThat(facts.registeredAt()).isEqualTo(registered);
  }
}
