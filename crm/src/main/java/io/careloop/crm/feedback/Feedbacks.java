package io.careloop.crm.feedback;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.crm.sentiment.Sentiment;
import io.careloop.crm.sentiment.SentimentClassifier;
import io.careloop.crm.bus.Sources;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.timeline.Timeline;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What patients say after a visit and what staff note of their contacts with them, each labelled
 * with a sentiment, kept on the record and in the timeline.
 */
public final class Feedbacks {

  /** The feedback that holds after a request, and whether this request gave it. */
  public record Given(Feedback feedback, boolean created) {
  }

  private final Sources sources;
  private final Patients patients;
  private final FeedbackRepository feedback;
  private final NoteRepository notes;
  private final Timeline timeline;
  private final SentimentClassifier classifier;
  private final Clock clock;

  public Feedbacks(Sources sources, Patients patients, FeedbackRepository feedback, NoteRepository notes,
                   Timeline timeline, SentimentClassifier classifier, Clock clock) {
    this.sources = sources;
    this.patients = patients;
    this.feedback = feedback;
    this.notes = notes;
    this.timeline = timeline;
    this.classifier = classifier;
    this.clock = clock;
  }

  /**
   * The patient's feedback on their own completed appointment (as patient-api knows it now): 404 for
   * an appointment not theirs, 409 before it is completed or when it has other feedback already.
   */
  public Future<Given> give(UUID accountId, UUID appointmentId, int rating, Optional<String> comment) {
    if (rating < 1 || rating > 5) {
      return Future.failedFuture(Problem.validation("rating must be 1 to 5, got " + rating));
    }
    return completedAppointment(accountId, appointmentId)
        .compose(a -> patients.known(accountId))
        .compose(patientId -> store(new Feedback(appointmentId, patientId, rating, comment.orElse(null),
            classifier.classify(comment.orElse(""), Optional.of(rating)).json(), classifier.name(),
            clock.instant().truncatedTo(ChronoUnit.MILLIS))));
  }

  private Future<Appointment> completedAppointment(UUID accountId, UUID appointmentId) {
    return sources.appointmentChanges(accountId).compose(changes -> {
      Optional<Appointment> latest = changes.stream().map(AppointmentChanged::appointment)
          .filter(a -> a.id().equals(appointmentId) && a.patientId().equals(accountId))
          .max(Comparator.comparingInt(Appointment::version));
      if (latest.isEmpty()) {
        return Future.failedFuture(Problem.notFound("No appointment " + appointmentId));
      }
      if (latest.get().status() != AppointmentStatus.COMPLETED) {
        return Future.failedFuture(Problem.conflict("appointment-not-completed", "Visit not completed",
            "Feedback is for a visit that took place; this appointment is " + latest.get().status().json()));
      }
      return Future.succeededFuture(latest.get());
    });
  }

  private Future<Given> store(Feedback wanted) {
    return feedback.claim(wanted).compose(holder -> {
      if (!holder.saysSameAs(wanted)) {
        return Future.failedFuture(Problem.conflict("feedback-given", "Feedback already given",
            "This visit has feedback already (rating " + holder.rating() + "); nothing was changed"));
      }
      // Written again on a repeat: heals a first request that died after its claim.
      return feedback.listOnPatient(holder).compose(v -> timeline.record(entryOf(holder)))
          .map(new Given(holder, holder == wanted));
    });
  }

  /** A staff member's note of a contact with a patient they may see. */
  public Future<Note> note(Principal author, UUID patientId, String channel, String text) {
    UUID id = Uuids.timeBased();
    Sentiment sentiment = classifier.classify(text, Optional.empty());
    Note note = new Note(id, patientId, channel, text, sentiment.json(), classifier.name(), author.accountId(),
        author.role().claim(), Instant.ofEpochMilli(Uuids.unixTimestamp(id)));
    return notes.save(note).compose(v -> timeline.record(entryOf(note))).map(note);
  }

  public Future<List<Feedback>> feedbackOf(UUID patientId, int limit) {
    return feedback.ofPatient(patientId, limit);
  }

  public Future<List<Note>> notesOf(UUID patientId, int limit) {
    return notes.ofPatient(patientId, limit);
  }

  private static TimelineEntry entryOf(Feedback f) {
    return new TimelineEntry(f.patientId(), f.givenAt(), "feedback:" + f.appointmentId(), "feedback", false,
        "Feedback " + f.rating() + "/5 (" + f.sentiment() + ")", f.toJson());
  }

  private static TimelineEntry entryOf(Note n) {
    return new TimelineEntry(n.patientId(), n.at(), "note:" + n.id(), "note", false,
        n.channel().replace('_', ' ') + " note (" + n.sentiment() + ")", n.toJson());
  }
}
