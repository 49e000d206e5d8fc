package io.careloop.patient.reminder;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.notification.Notifications;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The reminder side of patient-api, assembled: the durable messages, the planners of each kind,
 * and the scheduler that sends them (deployed in every instance; with reminders disabled it runs
 * only when called).
 */
public final class Reminders {

  private final ReminderRepository repository;
  private final ReminderScheduler scheduler;
  private final AppointmentReminders appointmentReminders;

  private Reminders(ReminderRepository repository, ReminderScheduler scheduler,
                    AppointmentReminders appointmentReminders) {
    this.repository = repository;
    this.scheduler = scheduler;
    this.appointmentReminders = appointmentReminders;
  }

  public static Future<Reminders> create(Vertx vertx, CqlSession session, ReminderConfig config, AccountService accounts,
                                         NotificationPreferencesRepository preferences, Appointments appointments,
                                         ClinicCatalog catalog, Notifications notifications, Clock clock) {
    Recipients recipients = new Recipients(accounts, preferences);
    return vertx.executeBlocking(() -> {
      ReminderRepository repository = new ReminderRepository(session, clock, config.shards());
      AppointmentReminders appointmentReminders = new AppointmentReminders(session, repository, appointments, catalog,
          recipients, config, clock);
      ReminderScheduler scheduler = new ReminderScheduler(repository, notifications, recipients, config, clock);
      return new Reminders(repository, scheduler, appointmentReminders);
    }).compose(r -> {
      r.appointmentReminders.listen();
      r.scheduler.repair(r.appointmentReminders::repair);
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
}
