package io.careloop.reminders;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.patient.PatientApi;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.cassandra.ShardLeases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The reminders module, assembled: the durable messages, the planners of each kind, and the
 * scheduler that sends them (deployed in every instance; with reminders disabled it runs only
 * when called). It reads patients, clinics and appointments through patient-api's Java API and
 * sends through the notifications module's NOTIFY address, in this process or another.
 */
public final class Reminders {

  public static final String MODULE = "reminders";

  private final Vertx vertx;
  private final ReminderRepository repository;
  private final NotifyClient notifications;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;
  private final AppointmentReminders appointmentReminders;
  private final RecallReminders recall;
  private final CareJourneys journeys;
  private final BrushingNudges nudges;
  private final ReminderApi api;
  private final ShardLeases leases;
  private ReminderScheduler scheduler;

  private Reminders(Vertx vertx, ReminderRepository repository, NotifyClient notifications, Recipients recipients,
                    ReminderConfig config, Clock clock, AppointmentReminders appointmentReminders,
                    RecallReminders recall, CareJourneys journeys, BrushingNudges nudges, ShardLeases leases) {
    this.vertx = vertx;
    this.leases = leases;
    this.repository = repository;
    this.notifications = notifications;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
    this.appointmentReminders = appointmentReminders;
    this.recall = recall;
    this.journeys = journeys;
    this.nudges = nudges;
    this.api = new ReminderApi(appointmentReminders, journeys);
  }

  /**
   * A scheduler with every kind's send-time conditions and hooks. One is deployed per instance;
   * tests deploy more to act as further instances over the same tables.
   */
  public ReminderScheduler newScheduler() {
    return newScheduler(config);
  }

  /** The same, with another configuration (a test runs the timer with a short interval). */
  public ReminderScheduler newScheduler(ReminderConfig otherConfig) {
    return new ReminderScheduler(repository, notifications, recipients, leases.newHolder(), otherConfig, clock)
        .condition(RecallReminders.CONDITION, recall::dropReason)
        .condition(CareJourneys.NO_UPCOMING, journeys::noUpcomingAppointment)
        .condition(BrushingNudges.CONDITION, nudges::dropReason)
        .afterOutcome(nudges::afterOutcome)
        .repair(appointmentReminders::repair)
        .repair(recall::repair)
        .repair(nudges::repair)
        .repair(journeys::repair);
  }

  /** Deploys another scheduler (another instance, as far as claims are concerned); returns it and its deployment id. */
  public Future<java.util.Map.Entry<ReminderScheduler, String>> deployAnotherScheduler() {
    ReminderScheduler another = newScheduler();
    return vertx.deployVerticle(another).map(id -> java.util.Map.entry(another, id));
  }

  public static Future<Reminders> create(Vertx vertx, CqlSession session, ReminderConfig config, PatientApi patients,
                                         Clock clock) {
    AccountService accounts = patients.accounts();
    NotificationPreferencesRepository preferences = patients.preferences();
    var appointments = patients.appointments();
    var catalog = patients.catalog();
    Recipients recipients = new Recipients(accounts, preferences);
    return new SchemaMigrator(session).migrate(vertx, MODULE).compose(applied -> vertx.executeBlocking(() -> {
      ReminderRepository repository = new ReminderRepository(session, clock, config.shards());
      AppointmentReminders appointmentReminders = new AppointmentReminders(repository,
          new ReminderSettingsRepository(session), new ReminderPlanRepository(session), appointments, catalog,
          recipients, config, clock);
      return new Reminders(vertx, repository, new NotifyClient(vertx.eventBus()), recipients, config, clock, appointmentReminders,
          new RecallReminders(repository, appointments, catalog, recipients, config, clock),
          new CareJourneys(new CareJourneyRepository(session), repository, appointments, catalog, recipients, config,
              clock),
          new BrushingNudges(new BrushingRosterRepository(session, config.shards()), vertx.eventBus(), repository,
              recipients, config, clock),
          new ShardLeases(session, "reminder_sweep_lease_by_shard", config.sweepLease()));
    })).compose(r -> {
      r.appointmentReminders.listen();
      r.recall.listen(preferences);
      r.journeys.listen();
      r.nudges.listen(accounts, preferences);
      new LocalTimeReminders(r.repository, recipients, config, clock).listen(accounts, preferences);
      r.scheduler = r.newScheduler();
      return vertx.deployVerticle(r.scheduler).map(r);
    });
  }

  public ReminderRepository repository() {
    return repository;
  }

  public ReminderScheduler scheduler() {
    return scheduler;
  }

  public AppointmentReminders appointments() {
    return appointmentReminders;
  }

  public RecallReminders recall() {
    return recall;
  }

  public CareJourneys journeys() {
    return journeys;
  }

  public BrushingNudges nudges() {
    return nudges;
  }

  /** The admin operations: a clinic's reminder offsets, care journeys. */
  public ReminderApi api() {
    return api;
  }
}
