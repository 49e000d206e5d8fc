package io.careloop.crm.sheet;

import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.FeedbackSource;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.patient.CrmPatient;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * A patient's facts for the judges, from their row in crm_patients_by_id and the rows of their
 * sheet. A row the model cannot read (a status or label from a newer version) is left out rather
 * than failing the whole judgement.
 */
public final class FactsAssembler {

  private FactsAssembler() {}

  public static PatientFacts assemble(CrmPatient patient, List<FactRow> rows, Instant now) {
    PatientFacts.Builder facts =
        PatientFacts.builder(patient.id().toString(), knownSince(patient, rows, now))
            .birthDate(patient.birthDate())
            .region(patient.region());
    for (FactRow row : rows) {
      switch (row.kind()) {
        case FactRow.APPOINTMENT, FactRow.VISIT -> appointment(row).ifPresent(facts::appointment);
        case FactRow.ALERT -> alert(row).ifPresent(facts::openAlert);
        case FactRow.CARE_PLAN -> carePlan(row, now).ifPresent(facts::carePlan);
        case FactRow.FEEDBACK, FactRow.NOTE -> feedback(row).ifPresent(facts::feedback);
        default -> {} // brushing below, from all its rows
      }
    }
    brushing(rows).ifPresent(facts::brushing);
    return facts.build();
  }

  /**
   * Since when the chain knows the patient: registration, or the first visit or booking a system
   * told of.
   */
  static Instant knownSince(CrmPatient patient, List<FactRow> rows, Instant now) {
    Stream<Instant> appointments =
        rows.stream()
            .filter(r -> r.kind().equals(FactRow.APPOINTMENT) || r.kind().equals(FactRow.VISIT))
            .flatMap(r -> Stream.of(r.instant("at"), r.instant("bookedAt")));
    return Stream.concat(Stream.ofNullable(patient.registeredAt()), appointments)
        .filter(t -> !t.isAfter(now))
        .min(Comparator.naturalOrder())
        .orElse(
            patient.updatedAt() != null && !patient.updatedAt().isAfter(now)
                ? patient.updatedAt()
                : now);
  }

  private static Optional<PatientFacts.Appointment> appointment(FactRow row) {
    var d = row.data();
    Optional<VisitStatus> status = VisitStatus.fromJson(d.getString("status"));
    Channel via = Channel.fromJson(d.getString("via")).orElse(Channel.OTHER);
    return status.map(
        s ->
            new PatientFacts.Appointment(
                row.instant("at"),
                s,
                d.getString("service"),
                d.getDouble("price", 0.0),
                via,
                row.instant("bookedAt")));
  }

  private static Optional<PatientFacts.OpenAlert> alert(FactRow row) {
    return AlertSeverity.fromJson(row.data().getString("severity"))
        .map(
            s ->
                new PatientFacts.OpenAlert(
                    row.data().getString("rule"), s, row.instant("openedAt")));
  }

  /** The plan in force now; one that ended (or has not begun) is not a fact of today. */
  private static Optional<PatientFacts.CarePlan> carePlan(FactRow row, Instant now) {
    Instant since = row.instant("since");
    boolean active = !since.isAfter(now) && row.instant("endsAt").isAfter(now);
    return active
        ? Optional.of(new PatientFacts.CarePlan(row.data().getString("template"), since))
        : Optional.empty();
  }

  private static Optional<PatientFacts.Feedback> feedback(FactRow row) {
    Optional<Sentiment> sentiment = Sentiment.fromJson(row.data().getString("sentiment"));
    Optional<FeedbackSource> source = FeedbackSource.fromJson(row.data().getString("source"));
    if (sentiment.isEmpty() || source.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PatientFacts.Feedback(
            row.instant("at"), source.get(), row.optionalInt("rating"), sentiment.get()));
  }

  /**
   * The brush's days; paired on the day the brush was paired, or the first day it brushed if
   * earlier.
   */
  private static Optional<PatientFacts.Brushing> brushing(List<FactRow> rows) {
    List<PatientFacts.BrushingDay> days = new ArrayList<>();
    List<LocalDate> starts = new ArrayList<>();
    for (FactRow row : rows) {
      if (row.kind().equals(FactRow.BRUSHING_DAY)) {
        LocalDate day = LocalDate.parse(row.item());
        Double plaque = row.data().getDouble("plaque");
        days.add(
            new PatientFacts.BrushingDay(
                day,
                row.data().getInteger("score", 0),
                row.data().getInteger("sessions", 0),
                plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque)));
        starts.add(day);
      } else if (row.kind().equals(FactRow.BRUSH)) {
        starts.add(LocalDate.parse(row.data().getString("pairedOn")));
      }
    }
    return starts.stream()
        .min(Comparator.naturalOrder())
        .map(first -> new PatientFacts.Brushing(first, days));
  }
}
