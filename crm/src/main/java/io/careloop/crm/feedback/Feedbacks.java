package io.careloop.crm.feedback;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.crm.bus.Sources;
import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.sentiment.SentimentClassifier;
import io.careloop.crm.model.sentiment.SentimentResult;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.sheet.FactRow;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.timeline.Timeline;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.bus.ProviderRatings;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What patients say after a visit and what staff note of their contacts with them, each labelled
 * with a sentiment by the CRM model's classifier (feedback by its comment and rating, a note by its
 * text), kept on the record, in the timeline and among the patient's facts; the patient is judged
 * again (a complaint tags them) once it is stored.
 */
public final class Feedbacks {

  private static final Logger log = LoggerFactory.getLogger(Feedbacks.class);

  /** The feedback that holds after a request, and whether this request gave it. */
  public record Given(Feedback feedback, boolean created) {}

  private final Sources sources;
  private final Patients patients;
  private final FeedbackRepository feedback;
  private final NoteRepository notes;
  private final Timeline timeline;
  private final SentimentClassifier classifier;
  private final SheetRepository sheets;
  private final Judgements judgements;
  private final Clock clock;

  public Feedbacks(
      Sources sources,
      Patients patients,
      FeedbackRepository feedback,
      NoteRepository notes,
      Timeline timeline,
      SentimentClassifier classifier,
      SheetRepository sheets,
      Judgements judgements,
      Clock clock) {
    this.sources = sources;
    this.patients = patients;
    this.feedback = feedback;
    this.notes = notes;
    this.timeline = timeline;
    this.classifier = classifier;
    this.sheets = sheets;
    this.judgements = judgements;
    this.clock = clock;
  }

  /**
   * The patient's feedback on their own completed appointment (as patient-api knows it now): 404
   * for an appointment not theirs, 409 before it is completed or when it has other feedback
   * already.
   */
  public Future<Given> give(
      UUID accountId, UUID appointmentId, int rating, Optional<String> comment) {
    if (rating < 1 || rating > 5) {
      return Future.failedFuture(Problem.validation("rating must be 1 to 5, got " + rating));
    }
    return completedAppointment(accountId, appointmentId)
        .compose(
            visit ->
                patients
                    .known(accountId)
                    .compose(
                        patientId ->
                            store(
                                new Feedback(
                                    appointmentId,
                                    patientId,
                                    rating,
                                    comment.orElse(null),
                                    classifier
                                        .classify(comment, OptionalInt.of(rating))
                                        .sentiment()
                                        .json(),
                                    classifier.name(),
                                    clock.instant().truncatedTo(ChronoUnit.MILLIS)),
                                visit.providerId())));
  }

  private Future<Appointment> completedAppointment(UUID accountId, UUID appointmentId) {
    return sources
        .appointmentChanges(accountId)
        .compose(
            changes -> {
              Optional<Appointment> latest =
                  changes.stream()
                      .map(AppointmentChanged::appointment)
                      .filter(a -> a.id().equals(appointmentId) && a.patientId().equals(accountId))
                      .max(Comparator.comparingInt(Appointment::version));
              if (latest.isEmpty()) {
                return Future.failedFuture(Problem.notFound("No appointment " + appointmentId));
              }
              if (latest.get().status() != AppointmentStatus.COMPLETED) {
                return Future.failedFuture(
                    Problem.conflict(
                        "appointment-not-completed",
                        "Visit not completed",
                        "Feedback is for a visit that took place; this appointment is "
                            + latest.get().status().json()));
              }
              return Future.succeededFuture(latest.get());
            });
  }

  private Future<Given> store(Feedback wanted, UUID providerId) {
    return feedback
        .claim(wanted)
        .compose(
            holder -> {
              if (!holder.saysSameAs(wanted)) {
                return Future.failedFuture(
                    Problem.conflict(
                        "feedback-given",
                        "Feedback already given",
                        "This visit has feedback already (rating "
                            + holder.rating()
                            + "); nothing was changed"));
              }
              // Written again on a repeat: heals a first request that died after its claim.
              return Future.all(
                      feedback.listOnPatient(holder),
                      feedback.listOnProvider(providerId, holder),
                      timeline.record(entryOf(holder)),
                      sheets.save(
                          holder.patientId(),
                          FactRow.feedback(
                              holder.appointmentId(),
                              holder.givenAt(),
                              holder.rating(),
                              Sentiment.fromJson(holder.sentiment()).orElseThrow())))
                  .onSuccess(v -> judgeLater(holder.patientId()))
                  .map(new Given(holder, holder == wanted));
            });
  }

  /** A staff member's note of a contact with a patient they may see. */
  public Future<Note> note(Principal author, UUID patientId, String channel, String text) {
    UUID id = Uuids.timeBased();
    SentimentResult sentiment = classifier.classify(text);
    Note note =
        new Note(
            id,
            patientId,
            channel,
            text,
            sentiment.sentiment().json(),
            classifier.name(),
            author.accountId(),
            author.role().claim(),
            Instant.ofEpochMilli(Uuids.unixTimestamp(id)));
    return Future.all(
            notes.save(note),
            timeline.record(entryOf(note)),
            sheets.save(patientId, FactRow.note(id, note.at(), sentiment.sentiment())))
        .onSuccess(v -> judgeLater(patientId))
        .map(note);
  }

  /** The answer does not wait for the judgement; one that fails waits for the sweep. */
  private void judgeLater(UUID patientId) {
    judgements
        .judge(patientId)
        .onFailure(
            err ->
                log.warn("Patient {} is judged at the next sweep: {}", patientId, err.toString()));
  }

  /** The mean rating of each provider's visits, for doctor matching. */
  public Future<ProviderRatings> ratingsOf(Set<UUID> providerIds) {
    List<UUID> ids = List.copyOf(providerIds);
    return Future.all(ids.stream().map(feedback::ratingsOf).toList())
        .map(
            all -> {
              Map<UUID, ProviderRatings.Rating> ratings = new HashMap<>();
              for (int i = 0; i < ids.size(); i++) {
                List<Integer> given = all.resultAt(i);
                if (!given.isEmpty()) {
                  double mean = given.stream().mapToInt(Integer::intValue).average().orElse(0);
                  ratings.put(ids.get(i), new ProviderRatings.Rating(mean, given.size()));
                }
              }
              return new ProviderRatings(ratings);
            });
  }

  public Future<List<Feedback>> feedbackOf(UUID patientId, int limit) {
    return feedback.ofPatient(patientId, limit);
  }

  public Future<List<Note>> notesOf(UUID patientId, int limit) {
    return notes.ofPatient(patientId, limit);
  }

  private static TimelineEntry entryOf(Feedback f) {
    return new TimelineEntry(
        f.patientId(),
        f.givenAt(),
        "feedback:" + f.appointmentId(),
        "feedback",
        false,
        "Feedback " + f.rating() + "/5 (" + f.sentiment() + ")",
        f.toJson());
  }

  private static TimelineEntry entryOf(Note n) {
    return new TimelineEntry(
        n.patientId(),
        n.at(),
        "note:" + n.id(),
        "note",
        false,
        n.channel().replace('_', ' ') + " note (" + n.sentiment() + ")",
        n.toJson());
  }
}
