package io.careloop.reminders.kinds;

import io.careloop.notifications.bus.InboxReads;
import io.careloop.platform.bus.BusFailures;
import io.careloop.platform.vertx.Bounded;
import io.careloop.reminders.bus.CampaignBus;
import io.careloop.reminders.bus.CampaignBus.CampaignPage;
import io.careloop.reminders.bus.CampaignBus.JourneyRef;
import io.careloop.reminders.bus.CampaignBus.Outcomes;
import io.careloop.reminders.bus.CampaignBus.Plan;
import io.careloop.reminders.bus.CampaignBus.Planned;
import io.careloop.reminders.schedule.QuietRule;
import io.careloop.reminders.schedule.Recipients;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderPlanner;
import io.careloop.reminders.schedule.ReminderRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaign messages the CRM decided on: planned at the patient's local send time after the delay,
 * out of quiet hours, once per campaign, patient and firing of the trigger (the message's key).
 * Marketing goes as kind {@code marketing}, which the patient's consent allows at planning and
 * again at send time; care goes as {@code care_tip}, which the care-tips opt-out stops.
 */
public final class CampaignMessages {

  private static final Logger log = LoggerFactory.getLogger(CampaignMessages.class);

  public static final String MARKETING = "marketing";
  public static final String CARE = "care_tip";

  /** Messages of one page read or cancelled at once. */
  private static final int IN_FLIGHT = 64;

  /** How long after its time a campaign message is still worth sending. */
  static final Duration USEFUL_FOR = Duration.ofDays(3);

  private final ReminderRepository reminders;
  private final CareJourneys journeys;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;
  private final EventBus bus;

  public CampaignMessages(
      ReminderRepository reminders,
      CareJourneys journeys,
      Recipients recipients,
      ReminderConfig config,
      Clock clock,
      EventBus bus) {
    this.bus = bus;
    this.reminders = reminders;
    this.journeys = journeys;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
  }

  /** What a campaign's messages are filed under: what ending it cancels. */
  public static String subject(UUID campaignId) {
    return "campaign:" + campaignId;
  }

  /** The message's key: one per campaign, patient and firing, also when heard twice. */
  public static String key(UUID campaignId, UUID accountId, String occurrence) {
    return "campaign:" + campaignId + ":" + accountId + ":" + occurrence;
  }

  /** Answers the CRM's plans, ends and questions from now on. */
  public void listen() {
    CampaignBus.register(bus);
    InboxReads.register(bus);
    bus.<Plan>consumer(CampaignBus.PLAN, m -> answer(m, this::plan));
    bus.<CampaignPage>consumer(CampaignBus.END, m -> answer(m, this::end));
    bus.<CampaignPage>consumer(CampaignBus.OUTCOMES, m -> answer(m, this::outcomes));
    bus.<JourneyRef>consumer(
        CampaignBus.RETIRE_JOURNEY,
        m -> answer(m, ref -> journeys.retire(ref.journeyId()).map(ref)));
  }

  private static <T, R> void answer(Message<T> m, Function<T, Future<R>> handler) {
    handler
        .apply(m.body())
        .onSuccess(m::reply)
        .onFailure(
            err -> {
              log.warn("Campaign request on {} failed: {}", m.address(), err.toString());
              BusFailures.reply(m, err);
            });
  }

  /**
   * Plans the message unless the patient cannot or did not consent to receive it, or is held out
   * (then only told whether they could have received it).
   */
  public Future<Planned> plan(Plan p) {
    return recipients
        .find(p.accountId())
        .compose(
            who -> {
              if (who.isEmpty()) {
                return Future.succeededFuture(Planned.heldBack("no-account"));
              }
              String kind = p.marketing() ? MARKETING : CARE;
              if (!who.get().preferences().allows(kind)) {
                return Future.succeededFuture(
                    Planned.heldBack(p.marketing() ? "consent" : "opted-out"));
              }
              Instant due = dueAt(p, who.get());
              Instant usefulUntil = due.plus(USEFUL_FOR);
              if (p.endsAt().isPresent()) {
                if (!due.isBefore(p.endsAt().get())) {
                  return Future.succeededFuture(Planned.heldBack("past-end"));
                }
                usefulUntil = min(usefulUntil, p.endsAt().get());
              }
              if (p.holdOut()) {
                return Future.succeededFuture(Planned.heldBack(Planned.HELD_OUT));
              }
              return reminders.plan(reminder(p, kind, due, usefulUntil)).map(Planned.at(due));
            });
  }

  /**
   * The local day of the trigger plus the delay, at the send time; a time already past moves to the
   * next day at that time. Quiet hours then postpone it to their end.
   */
  private Instant dueAt(Plan p, Recipients.Recipient who) {
    Instant now = clock.instant();
    LocalDate day = p.triggeredAt().atZone(who.zone()).toLocalDate().plusDays(p.delayDays());
    Instant at = ReminderPlanner.localAt(day, p.sendAt(), who.zone());
    while (at.isBefore(now)) {
      day = day.plusDays(1);
      at = ReminderPlanner.localAt(day, p.sendAt(), who.zone());
    }
    return ReminderPlanner.deliveryTime(
        at,
        QuietRule.POSTPONE,
        who.preferences().quietHours(),
        who.zone(),
        config.sameDayEarliest());
  }

  private static Reminder reminder(Plan p, String kind, Instant due, Instant usefulUntil) {
    Map<String, String> data = new HashMap<>();
    data.put("campaignId", p.campaignId().toString());
    p.deepLink().ifPresent(link -> data.put("deepLink", link));
    return Reminder.planned(
        key(p.campaignId(), p.accountId(), p.occurrence()),
        p.accountId(),
        kind,
        subject(p.campaignId()),
        due,
        usefulUntil,
        QuietRule.POSTPONE,
        "none",
        p.title(),
        p.body(),
        data);
  }

  /** Cancels the page's unsent messages, then counts them. */
  public Future<Outcomes> end(CampaignPage page) {
    return keys(page)
        .compose(
            keys ->
                Bounded.map(keys, IN_FLIGHT, key -> reminders.cancel(key, "campaign-ended"))
                    .compose(cancelled -> count(keys, page)));
  }

  /**
   * The page's messages by state, and by reason where dropped or cancelled; {@code read}, how many
   * sent ones their recipients read (left out when notifications does not answer).
   */
  public Future<Outcomes> outcomes(CampaignPage page) {
    return keys(page).compose(keys -> count(keys, page));
  }

  private Future<List<String>> keys(CampaignPage page) {
    return reminders.keysOf(subject(page.campaignId()), page.after(), page.limit());
  }

  private Future<Outcomes> count(List<String> keys, CampaignPage page) {
    Optional<String> next =
        keys.size() < page.limit() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
    return Bounded.map(keys, IN_FLIGHT, reminders::find)
        .compose(
            all -> {
              Map<String, Integer> counts = new HashMap<>();
              List<InboxReads.Delivered> sent = new ArrayList<>();
              for (Optional<Reminder> found : all) {
                found.ifPresent(r -> counts.merge(outcome(r), 1, Integer::sum));
                found
                    .filter(r -> r.state() == Reminder.State.SENT && r.notificationId() != null)
                    .ifPresent(
                        r -> sent.add(new InboxReads.Delivered(r.patientId(), r.notificationId())));
              }
              return read(sent)
                  .map(
                      read -> {
                        read.ifPresent(n -> counts.put(Outcomes.READ, n));
                        return new Outcomes(counts, next);
                      });
            });
  }

  private Future<Optional<Integer>> read(List<InboxReads.Delivered> sent) {
    if (sent.isEmpty()) {
      return Future.succeededFuture(Optional.of(0));
    }
    return bus.<InboxReads.Answer>request(InboxReads.ADDRESS, new InboxReads.Question(sent))
        .map(reply -> Optional.of(reply.body().read()))
        .otherwise(
            err -> {
              log.warn("Read state of campaign messages not known now: {}", err.toString());
              return Optional.empty();
            });
  }

  private static String outcome(Reminder r) {
    String state = r.state().db();
    return r.reason() == null || r.state() == Reminder.State.PENDING
        ? state
        : state + ":" + r.reason();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
