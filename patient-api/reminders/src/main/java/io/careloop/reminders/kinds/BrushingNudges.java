package io.careloop.reminders.kinds;

import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.patient.account.QuietHours;
import io.careloop.reminders.bus.DeviceIngestClient;
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
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brushing nudges for patients whose brush reports sessions: one per local day at most (the key is
 * the patient and the day), at their usual evening time (learned from the last 28 days of sessions,
 * 21:00 by default), pulled before quiet hours when it falls inside them, and sent only if no
 * session was placed since 17:00 that day. Each nudge, sent or not, plans the next day's; a session
 * event (or the repair pass over the roster) starts the chain again.
 *
 * <p>Who has a brush is device-ingest's to say, over the event bus: a pairing or a stored session
 * ({@link io.careloop.reminders.bus.BrushingEvents}) puts the patient on the nudges' own roster
 * (brushing_patients_by_shard) and plans the first nudge, and every nudge asks device-ingest
 * ({@link DeviceIngestClient}) when it is due: a patient with no paired brush any more gets none,
 * leaves the roster, and the chain stops until the next pairing or session.
 */
public final class BrushingNudges {

  private static final Logger log = LoggerFactory.getLogger(BrushingNudges.class);
  public static final String CONDITION = "no-evening-session";
  static final Duration HISTORY = Duration.ofDays(28);

  /** Why a nudge was dropped when its patient has no paired brush; it ends the chain. */
  public static final String NO_PAIRED_BRUSH = "no-paired-brush";

  /**
   * Why a nudge was cancelled when the patient's time zone or quiet hours moved it to another day.
   */
  public static final String SETTINGS_CHANGED = "settings-changed";

  private final BrushingRosterRepository roster;
  private final DeviceIngestClient ingest;
  private final ReminderRepository reminders;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;

  /** The last local day planned per patient in this process: session events then cost nothing. */
  private final Map<UUID, LocalDate> plannedThrough = new ConcurrentHashMap<>();

  public BrushingNudges(
      BrushingRosterRepository roster,
      DeviceIngestClient ingest,
      ReminderRepository reminders,
      Recipients recipients,
      ReminderConfig config,
      Clock clock) {
    this.roster = roster;
    this.ingest = ingest;
    this.reminders = reminders;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
  }

  public static String subject(UUID patientId) {
    return "brushing:" + patientId;
  }

  /**
   * Follows the patient's own changes of time zone and quiet hours (which move a planned nudge).
   */
  public void listen(AccountService accounts, NotificationPreferencesRepository preferences) {
    accounts.onProfileUpdated(
        (before, after) -> {
          if (!before.timeZone().equals(after.timeZone())) {
            settingsChanged(after.id());
          }
        });
    preferences.onSaved((patientId, saved) -> settingsChanged(patientId));
  }

  private void settingsChanged(UUID patientId) {
    replan(patientId, clock.instant())
        .onFailure(
            err ->
                log.warn(
                    "Brushing nudge of {} not moved to the new settings now ({}); it goes at the time planned",
                    patientId,
                    err.toString()));
  }

  /**
   * A session was stored for the patient, or a brush paired: on the roster, and the next nudge
   * planned; unless no brush is paired to them any more (a session heard late, after the brush was
   * unpaired or the patient erased), since nudges are for patients with a brush.
   */
  public Future<Void> onSession(UUID patientId, Instant now) {
    LocalDate through = plannedThrough.get(patientId);
    if (through != null && !through.isBefore(now.atZone(java.time.ZoneOffset.UTC).toLocalDate())) {
      return Future.succeededFuture();
    }
    return ingest
        .hasPairedBrush(patientId)
        .compose(
            paired ->
                paired
                    ? roster.add(patientId, now).compose(v -> planNext(patientId, now))
                    : Future.succeededFuture());
  }

  /**
   * Plans the patient's next nudge after {@code now}: today's if its time is still ahead, else
   * tomorrow's.
   */
  public Future<Void> planNext(UUID patientId, Instant now) {
    return nextNudge(patientId, now)
        .compose(
            next ->
                next.isEmpty()
                    ? Future.succeededFuture()
                    : reminders
                        .plan(next.get())
                        .map(
                            created -> {
                              planned(next.get());
                              return null;
                            }));
  }

  /**
   * The nudge the patient's time zone, quiet hours and history give for the first evening after
   * {@code now} (within three days); empty when the account is gone or no evening allows one.
   */
  private Future<Optional<Reminder>> nextNudge(UUID patientId, Instant now) {
    Future<Optional<Recipients.Recipient>> who = recipients.find(patientId);
    Future<List<Instant>> history = ingest.sessionStarts(patientId, now.minus(HISTORY), now);
    return Future.all(who, history)
        .map(
            done -> {
              if (who.result().isEmpty()) {
                return Optional.empty();
              }
              Recipients.Recipient patient = who.result().get();
              ZoneId zone = patient.zone();
              QuietHours quiet = patient.preferences().quietHours();
              LocalTime usual =
                  ReminderPlanner.usualEveningTime(history.result(), zone, config.nudgeDefault());
              LocalDate day = now.atZone(zone).toLocalDate();
              for (int i = 0; i < 3; i++, day = day.plusDays(1)) {
                Optional<Instant> at =
                    ReminderPlanner.nudgeTime(
                        day, usual, quiet, zone, config.nudgeLeadBeforeQuiet());
                if (at.isPresent() && at.get().isAfter(now)) {
                  Instant until =
                      quiet.none()
                              || !quiet.covers(
                                  ReminderPlanner.localAt(day, quiet.start(), zone), zone)
                          ? ReminderPlanner.localAt(day.plusDays(1), LocalTime.MIDNIGHT, zone)
                          : ReminderPlanner.localAt(day, quiet.start(), zone);
                  if (!until.isAfter(at.get())) {
                    until = ReminderPlanner.localAt(day.plusDays(1), LocalTime.MIDNIGHT, zone);
                  }
                  return Optional.of(
                      Reminder.planned(
                          key(patientId, day),
                          patientId,
                          "brushing",
                          subject(patientId),
                          at.get(),
                          until,
                          QuietRule.BEFORE_QUIET,
                          CONDITION,
                          "Time to brush",
                          "You usually brush around "
                              + usual
                              + ": two minutes now and your teeth are set for the night.",
                          Map.of("day", day.toString(), "usualTime", usual.toString())));
                }
              }
              return Optional.empty();
            });
  }

  /** A nudge's key: the patient and the local day it is for, so that a day gets one at most. */
  private static String key(UUID patientId, LocalDate day) {
    return "brushing:" + patientId + ":" + day;
  }

  private void planned(Reminder nudge) {
    plannedThrough.merge(
        nudge.patientId(),
        LocalDate.parse(nudge.data().get("day")),
        (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * The patient's time zone or quiet hours changed: the pending nudge, planned by the old ones,
   * moves to the time the new ones give (the same day's nudge keeps its key; one for a day the new
   * zone no longer gives is cancelled and the new day's planned). A patient with no pending nudge
   * has no chain running: the next session or pairing plans one with the new settings.
   */
  public Future<Void> replan(UUID patientId, Instant now) {
    // A pending nudge is for an evening within three days of now, in whichever zone: its key names
    // the day, so a few reads by key find it without reading the patient's whole history.
    LocalDate today = now.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    List<Future<Optional<Reminder>>> candidates = new ArrayList<>();
    for (LocalDate day = today.minusDays(1);
        !day.isAfter(today.plusDays(3));
        day = day.plusDays(1)) {
      candidates.add(reminders.find(key(patientId, day)));
    }
    return Future.all(candidates)
        .compose(
            found -> {
              List<Reminder> pending =
                  candidates.stream()
                      .map(Future::result)
                      .flatMap(Optional::stream)
                      .filter(r -> r.state() == Reminder.State.PENDING)
                      .toList();
              if (pending.isEmpty()) {
                return Future.succeededFuture();
              }
              return nextNudge(patientId, now)
                  .compose(
                      next -> {
                        List<Future<?>> moves = new ArrayList<>();
                        boolean nextPlanned = false;
                        for (Reminder old : pending) {
                          if (next.isPresent() && old.key().equals(next.get().key())) {
                            nextPlanned = true;
                            if (!old.dueAt().equals(next.get().dueAt())) {
                              moves.add(reminders.reschedule(next.get(), old.dueAt()));
                            }
                          } else {
                            moves.add(reminders.cancel(old.key(), SETTINGS_CHANGED));
                          }
                        }
                        plannedThrough.remove(patientId);
                        if (nextPlanned) {
                          planned(next.get());
                        } else if (next.isPresent()) {
                          // false when that day's nudge was sent or cancelled before: the day keeps
                          // the one it had
                          moves.add(
                              reminders
                                  .plan(next.get())
                                  .onSuccess(
                                      created -> {
                                        if (created) {
                                          planned(next.get());
                                        }
                                      }));
                        }
                        return Future.all(moves).mapEmpty();
                      });
            });
  }

  private Future<Void> plannedOrLeaving(UUID patient, Instant now) {
    return ingest
        .hasPairedBrush(patient)
        .compose(paired -> paired ? planNext(patient, now) : roster.remove(patient));
  }

  /** At send time: dropped if the patient has no paired brush any more, or brushed this evening. */
  public Future<Optional<String>> dropReason(Reminder nudge, Instant now) {
    return ingest
        .hasPairedBrush(nudge.patientId())
        .compose(
            paired -> {
              if (!paired) {
                plannedThrough.remove(nudge.patientId());
                return roster.remove(nudge.patientId()).map(Optional.of(NO_PAIRED_BRUSH));
              }
              LocalDate day = LocalDate.parse(nudge.data().get("day"));
              Future<Optional<Recipients.Recipient>> who = recipients.find(nudge.patientId());
              Future<List<Instant>> starts =
                  ingest.sessionStarts(nudge.patientId(), now.minus(Duration.ofDays(1)), now);
              return Future.all(who, starts)
                  .map(
                      done -> {
                        ZoneId zone =
                            who.result()
                                .map(Recipients.Recipient::zone)
                                .orElse(java.time.ZoneOffset.UTC);
                        Instant eveningFrom =
                            ReminderPlanner.localAt(day, ReminderPlanner.EVENING_FROM, zone);
                        return starts.result().stream().anyMatch(s -> !s.isBefore(eveningFrom))
                            ? Optional.of("brushed")
                            : Optional.<String>empty();
                      });
            });
  }

  /** After a nudge was sent or dropped (except for want of a paired brush): the next day's. */
  public void afterOutcome(Reminder reminder, Reminder.State state) {
    if (!"brushing".equals(reminder.kind()) || NO_PAIRED_BRUSH.equals(reminder.reason())) {
      return;
    }
    Instant from = reminder.dueAt().isAfter(clock.instant()) ? reminder.dueAt() : clock.instant();
    planNext(reminder.patientId(), from)
        .onFailure(
            err ->
                log.warn(
                    "Next brushing nudge of {} not planned: {}",
                    reminder.patientId(),
                    err.toString()));
  }

  /**
   * Repair: every patient on the roster has a next nudge planned; one without a paired brush any
   * more leaves it.
   */
  public Future<Void> repair(Instant now) {
    List<Future<Void>> runs = new ArrayList<>();
    for (int shard = 0; shard < roster.shards(); shard++) {
      runs.add(
          roster
              .patientsIn(shard)
              .compose(
                  patients -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (UUID patient : patients) {
                      chain =
                          chain.compose(
                              v -> {
                                LocalDate through = plannedThrough.get(patient);
                                return through != null
                                        && !through.isBefore(
                                            now.atZone(java.time.ZoneOffset.UTC).toLocalDate())
                                    ? Future.succeededFuture()
                                    : plannedOrLeaving(patient, now);
                              });
                    }
                    return chain;
                  }));
    }
    return Future.all(runs).mapEmpty();
  }
}
