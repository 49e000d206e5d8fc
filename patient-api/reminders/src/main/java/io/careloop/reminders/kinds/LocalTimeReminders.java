package io.careloop.reminders.kinds;

import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.reminders.schedule.QuietRule;
import io.careloop.reminders.schedule.Recipients;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderPlanner;
import io.careloop.reminders.schedule.ReminderRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recalls and care-journey messages are meant for a local day and time of the patient (10:00 six
 * months after the visit; the journey's time a week after a cleaning). When the patient changes
 * time zone or quiet hours, the pending ones move to that local day and time under the new
 * settings, keeping their keys; what they are useful until moves with them.
 *
 * <p>The intended local time is kept with the message ({@link #LOCAL_DUE}); for a message planned
 * before it was, it is read back from the due time in the zone the patient had. Appointment
 * reminders are not moved: they follow the appointment's time, not the patient's clock (quiet hours
 * are still kept when they are sent). Brushing nudges move by their own rules ({@link
 * BrushingNudges#replan}).
 */
public final class LocalTimeReminders {

  private static final Logger log = LoggerFactory.getLogger(LocalTimeReminders.class);

  /** The data entry with the local date and time a message is meant for (ISO, no zone). */
  public static final String LOCAL_DUE = "localDue";

  private final ReminderRepository reminders;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;

  public LocalTimeReminders(
      ReminderRepository reminders, Recipients recipients, ReminderConfig config, Clock clock) {
    this.reminders = reminders;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
  }

  /** {@code data} with the entry that says the message is meant for {@code local}. */
  static Map<String, String> withLocalDue(Map<String, String> data, LocalDateTime local) {
    Map<String, String> out = new HashMap<>(data);
    out.put(LOCAL_DUE, local.toString());
    return out;
  }

  /** Follows the patient's changes of time zone and quiet hours, after they are saved. */
  public void listen(AccountService accounts, NotificationPreferencesRepository preferences) {
    accounts.onProfileUpdated(
        (before, after) -> {
          if (!before.timeZone().equals(after.timeZone())) {
            follow(after.id(), ZoneId.of(before.timeZone()));
          }
        });
    preferences.onSaved((patientId, saved) -> follow(patientId, null));
  }

  private void follow(UUID patientId, ZoneId previousZone) {
    replan(patientId, previousZone)
        .onFailure(
            err ->
                log.warn(
                    "Recall and care-journey messages of {} not moved to the new settings now ({}); quiet hours are still kept"
                        + " when they are sent",
                    patientId,
                    err.toString()));
  }

  /**
   * Moves the patient's pending recall and care-journey messages to their local time under the
   * patient's current zone and quiet hours; returns how many moved. {@code previousZone} is the
   * zone they were planned in (null: the current one), needed only for messages planned without
   * {@link #LOCAL_DUE}. A time already past in the new zone becomes now (quiet hours applied); a
   * message already due is left to the sweep that sends it.
   */
  public Future<Integer> replan(UUID patientId, ZoneId previousZone) {
    Future<Optional<Recipients.Recipient>> who = recipients.find(patientId);
    Future<List<Reminder>> pending = pendingOf(patientId);
    return Future.all(who, pending)
        .compose(
            done -> {
              if (who.result().isEmpty()) {
                return Future.succeededFuture(0);
              }
              Recipients.Recipient patient = who.result().get();
              ZoneId plannedIn = previousZone != null ? previousZone : patient.zone();
              Instant now = clock.instant();
              List<Future<Boolean>> moves = new ArrayList<>();
              for (Reminder r : pending.result()) {
                if (!r.dueAt().isAfter(now)) {
                  continue; // due already: the sweep is sending it (quiet hours are checked then)
                }
                LocalDateTime local = intendedLocal(r, plannedIn);
                Instant due = dueAt(local, patient, now);
                if (!due.equals(r.dueAt())) {
                  Instant usefulUntil = r.usefulUntil().plus(Duration.between(r.dueAt(), due));
                  moves.add(
                      reminders.reschedule(
                          r.movedTo(due, usefulUntil, withLocalDue(r.data(), local)), r.dueAt()));
                }
              }
              return Future.all(moves)
                  .map(all -> (int) moves.stream().filter(Future::result).count());
            });
  }

  private Future<List<Reminder>> pendingOf(UUID patientId) {
    Future<List<String>> recall = reminders.keysOf(RecallReminders.subject(patientId));
    Future<List<String>> journeys = reminders.keysOf(CareJourneys.subject(patientId));
    return Future.all(recall, journeys)
        .compose(
            keys -> {
              List<Future<Optional<Reminder>>> found = new ArrayList<>();
              recall.result().forEach(k -> found.add(reminders.find(k)));
              journeys.result().forEach(k -> found.add(reminders.find(k)));
              return Future.all(found)
                  .map(
                      all ->
                          found.stream()
                              .map(Future::result)
                              .flatMap(Optional::stream)
                              .filter(r -> r.state() == Reminder.State.PENDING)
                              .toList());
            });
  }

  /** The local date and time the message is meant for. */
  static LocalDateTime intendedLocal(Reminder r, ZoneId plannedIn) {
    String kept = r.data().get(LOCAL_DUE);
    if (kept != null) {
      try {
        return LocalDateTime.parse(kept);
      } catch (DateTimeParseException e) {
        // fall back to the due time, as for a message planned before the local time was kept
      }
    }
    return LocalDateTime.ofInstant(r.dueAt(), plannedIn);
  }

  private Instant dueAt(LocalDateTime local, Recipients.Recipient patient, Instant now) {
    Instant at = local.atZone(patient.zone()).toInstant();
    return ReminderPlanner.deliveryTime(
        at.isBefore(now) ? now : at,
        QuietRule.POSTPONE,
        patient.preferences().quietHours(),
        patient.zone(),
        config.sameDayEarliest());
  }
}
