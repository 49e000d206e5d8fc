package io.careloop.reminders;

import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.notifications.Notifications;
import io.careloop.notifications.NotificationsProbe;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.push.PushConfig;
import io.careloop.notifications.push.PushOutboxRepository;
import io.careloop.patient.PatientApi;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.careloop.patient.testing.TestPatientApi;
import io.careloop.platform.push.FcmSettings;
import io.careloop.platform.testing.FakeFcm;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderScheduler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * patient-api with reminders on the tests' real Cassandra, push through the real Firebase Admin SDK
 * to a {@link FakeFcm}, and a clock the test sets. The scheduler's timer is off: tests sweep with
 * {@code runAt(instant)}. Each test makes its own patients and clinic.
 */
final class ReminderWorld implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final CqlSession session =
      TestCassandra.session(PatientApi.MODULE, Notifications.MODULE, Reminders.MODULE);
  final FakeFcm fcm = FakeFcm.start();
  final TestClock clock;
  final PatientApi api;
  final NotificationsProbe notifications;
  private final Reminders reminders;
  final ReminderConfig config;

  ReminderWorld(Instant now) throws Exception {
    clock = new TestClock(now);
    FcmSettings fcmSettings =
        new FcmSettings(
            Optional.of(
                fcm.writeCredentials(Files.createTempDirectory("reminders"), "careloop-test")),
            Optional.empty(),
            Optional.of(fcm.endpoint()),
            Duration.ofSeconds(5));
    config = ReminderConfig.defaults().off();
    api = TestPatientApi.started(vertx, session, clock);
    notifications =
        new NotificationsProbe(
            Notifications.create(
                    vertx,
                    session,
                    PushConfig.withFcm(fcmSettings).withSweepInterval(Duration.ofMillis(50)),
                    clock)
                .compose(Notifications::start)
                .await());
    reminders = Reminders.create(vertx, session, config, api, clock).await();
    resetSweeps();
  }

  Reminders reminders() {
    return reminders;
  }

  BookingService booking() {
    return api.booking();
  }

  /**
   * Tests move the clock back and forth between classes: a sweep watermark from a later test must
   * not hide earlier hours. The shard leases go too (real seconds, not the test's clock): a
   * scheduler of an earlier test or class that still holds shards must not keep this test's
   * schedulers from sweeping them.
   */
  void resetSweeps() {
    session.execute("TRUNCATE reminder_sweeps_by_shard");
    session.execute("TRUNCATE reminder_sweep_lease_by_shard");
  }

  /** Sets the clock and sweeps once, as the scheduler's timer would at that instant. */
  ReminderScheduler.Sweep runAt(Instant instant) {
    clock.set(instant);
    return reminders().scheduler().runOnce(instant).await();
  }

  /**
   * Jumps the clock far ahead (days or months) and sweeps: the sweep watermarks are reset first, as
   * a test does not run the minute-by-minute sweeps of the weeks in between.
   */
  ReminderScheduler.Sweep jumpTo(Instant instant) {
    resetSweeps();
    return runAt(instant);
  }

  /** Moves an appointment through check-in to completed, as the clinic's staff would. */
  Appointment complete(Appointment a) {
    io.careloop.platform.auth.Principal staff =
        new io.careloop.platform.auth.Principal(
            UUID.randomUUID(), io.careloop.platform.auth.Role.ADMIN, Set.of());
    booking()
        .setStatus(staff, a.id(), io.careloop.patient.booking.AppointmentStatus.CHECKED_IN)
        .await();
    return booking()
        .setStatus(staff, a.id(), io.careloop.patient.booking.AppointmentStatus.COMPLETED)
        .await();
  }

  /** A patient with an account in {@code zone} and one push token; returns (id, token). */
  Patient patient(String zone) {
    UUID id =
        api.accounts()
            .registerPatient(
                "p-" + UUID.randomUUID() + "@example.org",
                "a long enough password",
                "Test Patient",
                zone,
                null)
            .await();
    String token =
        "fcm-" + UUID.randomUUID() + ":APA91b" + UUID.randomUUID().toString().replace("-", "");
    notifications.registerToken(id, token).await();
    return new Patient(id, token);
  }

  record Patient(UUID id, String token) {}

  /**
   * A clinic taking bookings a year ahead with no notice, one provider open 07:00-19:00 every day.
   */
  Clinic clinic(String zone, ClinicalService service) {
    Clinic clinic =
        api.catalog()
            .createClinic(
                new ClinicCatalog.NewClinic(
                    "Clinic " + UUID.randomUUID(),
                    "1 Main Street",
                    zone,
                    Optional.of(0),
                    Optional.of(0),
                    Optional.of(730)))
            .await();
    Provider provider =
        api.catalog()
            .createProvider(
                "Dr " + UUID.randomUUID(), "dentist", Set.of(service.id()), Set.of(clinic.id()))
            .await();
    List<WorkingDay> days = new ArrayList<>();
    for (DayOfWeek day : EnumSet.allOf(DayOfWeek.class)) {
      days.add(new WorkingDay(day, List.of(TimeRange.parse("07:00", "19:00")), List.of()));
    }
    api.schedules().setWeeklyHours(provider.id(), clinic.id(), new WeeklyHours(days)).await();
    providers.put(clinic.id(), provider);
    return clinic;
  }

  private final java.util.Map<UUID, Provider> providers = new java.util.HashMap<>();

  ClinicalService service(String name) {
    return api.catalog().createService(name, 30, 0).await();
  }

  Appointment book(Patient patient, Clinic clinic, ClinicalService service, Instant start) {
    return booking()
        .book(
            patient.id(),
            UUID.randomUUID().toString(),
            new BookingService.BookingRequest(
                clinic.id(), service.id(), providers.get(clinic.id()).id(), start))
        .await()
        .appointment();
  }

  /** The appointment's reminders as stored, by key. */
  List<Reminder> remindersOf(String subject) {
    return new RemindersProbe(reminders).remindersOf(subject);
  }

  /** Waits for planning that follows an event (fire and forget) to show. */
  List<Reminder> awaitReminders(String subject, java.util.function.Predicate<List<Reminder>> done) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> remindersOf(subject), done);
  }

  List<InboxEntry> inbox(UUID patient) {
    return notifications.inbox(patient);
  }

  /**
   * Waits until every push of the patient's inbox entries has an outcome at the fake FCM, and
   * returns how many FCM sends their token received.
   */
  long pushesSettled(Patient patient) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              for (InboxEntry e : inbox(patient.id())) {
                for (PushOutboxRepository.Delivery d : notifications.deliveries(e.id())) {
                  if (d.state() == PushOutboxRepository.State.PENDING
                      || d.state() == PushOutboxRepository.State.SENDING) {
                    lastUnsettled = d + " of " + e.title() + " at clock " + clock.instant();
                    return -1L;
                  }
                }
              }
              return fcm.requestsTo(patient.token()).size() + 0L;
            },
            n -> {
              if (n < 0) {
                System.out.println("Waiting for " + lastUnsettled);
              }
              return n >= 0;
            });
  }

  /** What {@link #pushesSettled} last waited for, for failure messages. */
  volatile String lastUnsettled;

  JsonObject patchPreferences(UUID patient, JsonObject patch) {
    var prefs = api.preferences();
    return prefs.save(patient, prefs.of(patient).await().patchedWith(patch)).await().toJson();
  }

  /** The patient changes time zone in their profile (what PATCH /api/v1/me does). */
  void moveTo(Patient patient, java.time.ZoneId zone) {
    api.accounts()
        .updateProfile(patient.id(), Optional.empty(), Optional.empty(), Optional.of(zone.getId()))
        .await();
  }

  void execute(String cql, Object... values) {
    session.execute(SimpleStatement.newInstance(cql, values));
  }

  @Override
  public void close() {
    vertx.close().await();
    fcm.close();
  }
}
