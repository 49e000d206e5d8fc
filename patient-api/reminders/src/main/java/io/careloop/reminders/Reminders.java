package io.careloop.reminders;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.patient.PatientApi;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.privacy.PersonalDataResponder;
import io.careloop.reminders.bus.BrushingEvents;
import io.careloop.reminders.bus.DeviceIngestClient;
import io.careloop.reminders.http.ReminderApi;
import io.careloop.reminders.kinds.AppointmentReminders;
import io.careloop.reminders.kinds.BrushingNudges;
import io.careloop.reminders.kinds.BrushingRosterRepository;
import io.careloop.reminders.kinds.CampaignMessages;
import io.careloop.reminders.kinds.CareJourneyRepository;
import io.careloop.reminders.kinds.CareJourneys;
import io.careloop.reminders.kinds.LocalTimeReminders;
import io.careloop.reminders.kinds.RecallReminders;
import io.careloop.reminders.kinds.ReminderPlanRepository;
import io.careloop.reminders.kinds.ReminderSettingsRepository;
import io.careloop.reminders.rights.RemindersPersonalData;
import io.careloop.reminders.schedule.Recipients;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderMetrics;
import io.careloop.reminders.schedule.ReminderRepository;
import io.careloop.reminders.schedule.ReminderScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;

/**
 * The reminders module, assembled: the durable messages, the planners of each kind, and the
 * scheduler that sends them (deployed in every instance; with reminders disabled it runs only when
 * called). It reads patients, clinics and appointments through patient-api's Java API, asks
 * device-ingest over the event bus, and sends through NOTIFY, in this process or another.
 */
public final class Reminders {

  public static final String MODULE = "reminders";

  private final Vertx vertx;
  private final ReminderConfig config;
  private final Clock clock;
  private final Recipients recipients;
  private final ReminderRepository repository;
  private final ShardLeases leases;
  private final NotifyClient notify;
  private final AppointmentReminders appointmentReminders;
  private final RecallReminders recall;
  private final CareJourneys journeys;
  private final BrushingNudges nudges;
  private final PersonalDataResponder dataRights;
  private final LocalTimeReminders localTimes;
  private final CampaignMessages campaigns;
  private ReminderScheduler scheduler;

  /** Prepares every repository's statements: construct it on a worker thread. */
  private Reminders(
      Vertx vertx, CqlSession session, ReminderConfig config, PatientApi patients, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.recipients =
        new Recipients(
            patients.accounts(), patients.preferences(), patients.carers(), patients.accessNeeds());
    this.repository = new ReminderRepository(session, clock, config.shards());
    this.leases = new ShardLeases(session, "reminder_sweep_lease_by_shard", config.sweepLease());
    this.notify = new NotifyClient(vertx.eventBus());
    this.appointmentReminders =
        new AppointmentReminders(
            repository,
            new ReminderSettingsRepository(session),
            new ReminderPlanRepository(session),
            patients.appointments(),
            patients.catalog(),
            recipients,
            config,
            clock);
    this.recall =
        new RecallReminders(
            repository, patients.appointments(), patients.catalog(), recipients, config, clock);
    this.journeys =
        new CareJourneys(
            new CareJourneyRepository(session),
            repository,
            patients.appointments(),
            patients.catalog(),
            recipients,
            config,
            clock);
    BrushingRosterRepository roster = new BrushingRosterRepository(session, config.shards());
    this.nudges =
        new BrushingNudges(
            roster,
            new DeviceIngestClient(vertx.eventBus()),
            repository,
            recipients,
            config,
            clock);
    this.localTimes = new LocalTimeReminders(repository, recipients, config, clock);
    this.campaigns =
        new CampaignMessages(repository, journeys, recipients, config, clock, vertx.eventBus());
    this.dataRights =
        PersonalDataResponder.answer(
            vertx.eventBus(), new RemindersPersonalData(MODULE, repository, roster));
  }

  /** Where this module answers for the personal data it holds. */
  public PersonalDataResponder dataRights() {
    return dataRights;
  }

  public static Future<Reminders> create(
      Vertx vertx, CqlSession session, ReminderConfig config, PatientApi patients, Clock clock) {
    return new SchemaMigrator(session)
        .migrate(vertx, MODULE)
        .compose(
            applied ->
                vertx.executeBlocking(() -> new Reminders(vertx, session, config, patients, clock)))
        .compose(reminders -> reminders.start(patients));
  }

  /** Follows the events each kind plans from, and deploys this instance's scheduler. */
  private Future<Reminders> start(PatientApi patients) {
    appointmentReminders.listen();
    recall.listen(patients.preferences());
    journeys.listen();
    nudges.listen(patients.accounts(), patients.preferences());
    localTimes.listen(patients.accounts(), patients.preferences());
    new BrushingEvents(vertx.eventBus(), clock).listen(nudges::onSession);
    campaigns.listen();
    scheduler = newScheduler(config);
    return vertx.deployVerticle(scheduler).map(this);
  }

  /**
   * A scheduler with every kind's send-time conditions and hooks. One is deployed per instance;
   * tests deploy more to act as further instances over the same tables.
   */
  ReminderScheduler newScheduler(ReminderConfig schedulerConfig) {
    return new ReminderScheduler(
            repository, notify, recipients, leases.newHolder(), schedulerConfig, clock)
        .condition(RecallReminders.CONDITION, recall::dropReason)
        .condition(CareJourneys.NO_UPCOMING, journeys::noUpcomingAppointment)
        .condition(BrushingNudges.CONDITION, nudges::dropReason)
        .afterOutcome(nudges::afterOutcome)
        .repair(appointmentReminders::repair)
        .repair(recall::repair)
        .repair(nudges::repair)
        .repair(journeys::repair);
  }

  /**
   * Deploys another scheduler (another instance, as far as claims are concerned); returns it and
   * its deployment id.
   */
  Future<Map.Entry<ReminderScheduler, String>> deployAnotherScheduler() {
    ReminderScheduler another = newScheduler(config);
    return vertx.deployVerticle(another).map(id -> Map.entry(another, id));
  }

  /** Counts the reminders this process sends or drops, by kind, into {@code meters}. */
  public void reportTo(MeterRegistry meters) {
    ReminderMetrics.register(meters, scheduler);
  }

  /** The scheduler this instance runs: tests sweep with it. */
  public ReminderScheduler scheduler() {
    return scheduler;
  }

  /** The admin operations: a clinic's reminder offsets, care journeys. */
  public HttpApi api() {
    return new ReminderApi(appointmentReminders, journeys);
  }

  ReminderRepository repository() {
    return repository;
  }

  AppointmentReminders appointments() {
    return appointmentReminders;
  }

  CareJourneys journeys() {
    return journeys;
  }

  /** Campaign messages the CRM asks for. */
  public CampaignMessages campaigns() {
    return campaigns;
  }
}
