package io.careloop.crm;

import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.bus.AlertCodecs;
import io.careloop.alerts.bus.PatientCare;
import io.careloop.alerts.bus.PatientCareQuestion;
import io.careloop.crm.bus.StageChanged;
import io.careloop.notifications.Notifications;
import io.careloop.notifications.NotificationsProbe;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.push.PushConfig;
import io.careloop.patient.PatientApi;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.TestClinics;
import io.careloop.patient.testing.TestPatientApi;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.PatientDailyBrushing;
import io.careloop.platform.bus.PatientDevices;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.careloop.reminders.Reminders;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Two CRM instances, reminders, notifications and patient-api on one event bus and the tests' real
 * Cassandra, on a clock the test sets. The reminders' scheduler timer is off: tests sweep with
 * {@link #sweepAt}, as the timer would at that instant.
 */
final class CampaignWorld implements AutoCloseable {

  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  final Vertx vertx = Vertx.vertx();
  final CqlSession session =
      TestCassandra.session(PatientApi.MODULE, Notifications.MODULE, Reminders.MODULE);
  final TestClock clock;
  final PatientApi api;
  final NotificationsProbe notifications;
  final Reminders reminders;
  final Crm crm;
  final Crm otherCrm;
  private Clinic clinic;
  private Provider provider;
  private ClinicalService checkUp;
  private ClinicalService cleaning;

  CampaignWorld(Instant now) {
    clock = new TestClock(now);
    api = TestPatientApi.started(vertx, session, clock);
    notifications =
        new NotificationsProbe(
            Notifications.create(vertx, session, PushConfig.off(), clock)
                .compose(Notifications::start)
                .await());
    reminders =
        Reminders.create(vertx, session, ReminderConfig.defaults().off(), api, clock).await();
    crm = startedCrm();
    otherCrm = startedCrm();
    session.execute("TRUNCATE reminder_sweeps_by_shard");
    session.execute("TRUNCATE reminder_sweep_lease_by_shard");
    noBrushesNorCare();
  }

  /**
   * device-ingest and alerts are not started here: to the CRM sweep's questions they answer as for
   * a patient without a brush, sessions, care plan or alerts.
   */
  private void noBrushesNorCare() {
    EventBus bus = vertx.eventBus();
    AlertCodecs.register(bus);
    bus.<PatientSessions>consumer(
        Addresses.PATIENT_SESSIONS, m -> m.reply(m.body().answer(List.of())));
    bus.<PatientDailyBrushing>consumer(
        Addresses.DAILY_BRUSHING, m -> m.reply(m.body().answer(List.of())));
    bus.<PatientDevices>consumer(
        Addresses.PATIENT_DEVICES,
        m -> m.reply(new PatientDevices(m.body().patientId(), List.of())));
    bus.<PatientCareQuestion>consumer(
        Addresses.PATIENT_CARE,
        m -> m.reply(new PatientCare(m.body().patientId(), Optional.empty(), List.of())));
  }

  private Crm startedCrm() {
    Crm one =
        Crm.create(
                vertx,
                session,
                CrmConfig.defaults().withoutScheduledRefits(),
                new Crm.Neighbours(
                    new SimpleMeterRegistry(),
                    id -> api.catalog().service(id).map(found -> found.map(ClinicalService::name))),
                clock)
            .await();
    one.startListening().await();
    return one;
  }

  /**
   * A care campaign to the patients entering decline at {@code clinic} (a clinic of the caller's
   * alone, so it reaches no other test's patient).
   */
  static JsonObject declineCampaign(UUID clinic) {
    return new JsonObject()
        .put("name", "Check-up for patients in decline")
        .put("kind", "care")
        .put(
            "audience",
            new JsonObject()
                .put("stages", new JsonArray().add("decline"))
                .put("clinicIds", new JsonArray().add(clinic.toString())))
        .put("trigger", new JsonObject().put("type", "stage-entered").put("stage", "decline"))
        .put(
            "message",
            new JsonObject()
                .put("title", "Shall we check on your teeth? " + clinic)
                .put("body", "Pick a time that suits you.")
                .put("deepLink", "careloop://book?service=check-up"));
  }

  /** Sets the clock and sweeps the due messages once. */
  ReminderScheduler.Sweep sweepAt(Instant at) {
    clock.set(at);
    return reminders.scheduler().runOnce(at).await();
  }

  UUID patient(String zone) {
    return api.accounts()
        .registerPatient(
            "c-" + UUID.randomUUID() + "@example.org",
            "a long enough password",
            "Campaign Patient",
            zone,
            null)
        .await();
  }

  void preferences(UUID patient, JsonObject patch) {
    var prefs = api.preferences();
    prefs.save(patient, prefs.of(patient).await().patchedWith(patch)).await();
  }

  /** The CRM announces that the patient entered a stage, as its judgement does, {@code times}. */
  void entered(UUID patient, UUID clinicId, String stage, Instant at, int times) {
    StageChanged e =
        new StageChanged(
            patient,
            Optional.of(patient),
            Set.of(clinicId),
            Optional.of("maturity"),
            stage,
            "test-rule",
            "the test moved them",
            at);
    for (int i = 0; i < times; i++) {
      vertx.eventBus().publish(Addresses.STAGE_CHANGED, e);
    }
  }

  /** Waits until the CRM knows each patient as a patient of the clinic (from their bookings). */
  void awaitKnownAt(List<UUID> patients, UUID clinicId) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                patients.stream()
                    .allMatch(
                        p ->
                            crm.patients()
                                .find(p)
                                .await()
                                .map(found -> found.clinicIds().contains(clinicId))
                                .orElse(false)));
  }

  List<InboxEntry> inbox(UUID patient) {
    return notifications.inbox(patient);
  }

  /** The campaign's stats once {@code done} holds (decisions follow an event: fire and forget). */
  JsonObject statsWhen(UUID campaignId, Predicate<JsonObject> done) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> crm.campaignStats().of(campaignId).await(), done);
  }

  /** A check-up booked for the patient, in a clinic open every day. */
  Appointment book(UUID patient, Instant start) {
    return book(patient, clinic().checkUp, start);
  }

  /** A cleaning, booked, checked in and completed, as the clinic's staff would. */
  Appointment cleaned(UUID patient, Instant start) {
    Appointment a = book(patient, clinic().cleaning, start);
    Principal staff = new Principal(UUID.randomUUID(), Role.ADMIN, Set.of());
    api.booking().setStatus(staff, a.id(), AppointmentStatus.CHECKED_IN).await();
    return api.booking().setStatus(staff, a.id(), AppointmentStatus.COMPLETED).await();
  }

  private Appointment book(UUID patient, ClinicalService service, Instant start) {
    return api.booking()
        .book(
            patient,
            UUID.randomUUID().toString(),
            new BookingService.BookingRequest(clinic.id(), service.id(), provider.id(), start))
        .await()
        .appointment();
  }

  /** The clinic the world's bookings are at. */
  UUID clinicId() {
    return clinic().clinic.id();
  }

  private CampaignWorld clinic() {
    if (clinic == null) {
      openClinic();
    }
    return this;
  }

  private void openClinic() {
    TestClinics clinics = new TestClinics(api);
    checkUp = clinics.service("Check-up", 30, 0);
    cleaning = clinics.service("Cleaning", 30, 0);
    clinic = clinics.clinic(PARIS.getId(), 0, 0, 730);
    provider = clinics.provider("Dr Campaign", Set.of(checkUp, cleaning), clinic);
    clinics.everyDay(provider, clinic, List.of(TimeRange.parse("07:00", "19:00")), List.of());
  }

  @Override
  public void close() {
    crm.stop().await();
    otherCrm.stop().await();
    vertx.close().await();
  }
}
