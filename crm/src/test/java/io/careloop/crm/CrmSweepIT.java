package io.careloop.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.crm.identity.Identity;
import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.patient.SearchRepository;
import io.careloop.crm.patient.SearchTerms;
import io.careloop.crm.patient.SearchTerms.Entry;
import io.careloop.crm.sweep.DailyRepair;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.patient.booking.Appointment;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sweep reads again what lost events would have told, split between instances by shard leases.
 */
class CrmSweepIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static List<String> kinds(Crm crm, Principal staff, UUID patientId) {
    return CrmStack.timeline(crm, staff, patientId).stream()
        .map(TimelineEntry::kind)
        .filter(kind -> !CrmEventsIT.JUDGED.contains(kind))
        .toList();
  }

  @Test
  @DisplayName(
      "Events lost while the CRM was not listening only wait for the sweep: a cancel, a new booking, a new name")
  void lostEventsComeBack() {
    CrmStack stack = new CrmStack(vertx);
    Crm crm = stack.crm(vertx, CrmConfig.defaults().withSweepInterval(Duration.ZERO));
    crm.startListening().await();
    UUID patient = stack.patient("Before Name", "sweep-" + UUID.randomUUID() + "@example.org");
    Appointment first = stack.book(patient, 7);
    Principal nurse = new Principal(UUID.randomUUID(), Role.NURSE, Set.of(stack.clinic.id()));
    await().atMost(Duration.ofSeconds(10)).until(() -> kinds(crm, nurse, patient).size() == 2);

    crm.intake().stop().await(); // from here on, every event is lost to the CRM
    stack.patients.booking().cancel(patient, first.id()).await();
    Appointment second = stack.book(patient, 9);
    stack
        .patients
        .accounts()
        .updateProfile(patient, Optional.of("After Name"), Optional.empty(), Optional.empty())
        .await();
    assertThat(kinds(crm, nurse, patient)).as("nothing heard").hasSize(2);

    crm.sweep()
        .refresh(new io.careloop.crm.patient.PatientRepository.Listed(patient, patient))
        .await();

    JsonObject record = crm.records().record(nurse, patient).await();
    assertThat(record.getJsonObject("profile").getString("name")).isEqualTo("After Name");
    assertThat(
            record.getJsonArray("appointments").stream()
                .map(
                    a ->
                        ((JsonObject) a).getString("id")
                            + " "
                            + ((JsonObject) a).getString("status")))
        .containsExactlyInAnyOrder(first.id() + " cancelled", second.id() + " booked");
    assertThat(kinds(crm, nurse, patient))
        .containsExactlyInAnyOrder(
            "appointment_booked", "appointment_cancelled", "appointment_booked", "registered");
    assertThat(crm.patients().find(patient).await().orElseThrow().name()).isEqualTo("After Name");
  }

  @Test
  @DisplayName(
      "Every known patient is swept by one instance: the one holding the shard's lease; one that stops gives its shards back")
  void leases() {
    CqlSession session = TestCassandra.get().session();
    CrmStack stack = new CrmStack(vertx);
    Crm sweeping = stack.crm(vertx, CrmConfig.defaults().withSweepInterval(Duration.ofMillis(50)));
    Crm other = stack.crm(vertx, CrmConfig.defaults().withSweepInterval(Duration.ZERO));
    UUID patient = stack.patient("Swept", "swept-" + UUID.randomUUID() + "@example.org");
    other.patients().known(patient).await();
    session.execute(
        "TRUNCATE crm_sweep_lease_by_shard"); // leases of earlier runs would lapse only in a minute

    sweeping.startSweeper();
    await().atMost(Duration.ofSeconds(60)).until(() -> leased(session) == Patients.SHARDS);
    assertThat(other.sweep().sweep().await().shardsSkipped())
        .as("every shard is the first instance's")
        .isEqualTo(Patients.SHARDS);

    sweeping.stop().await();

    assertThat(leased(session)).as("given back, not left to lapse").isZero();
    var report = other.sweep().sweep().await();
    assertThat(report.shardsSkipped()).isZero();
    assertThat(report.patients()).isPositive();
    assertThat(report.failures()).as("every module answered").isZero();
  }

  @Test
  @DisplayName(
      "The sweep repairs an imported patient's search entries once a day, at a moment of the day of"
          + " their own")
  void searchEntriesRepairedDaily() {
    CrmStack stack = new CrmStack(vertx);
    TestClock clock = TestClock.startingNow();
    Crm crm = sweepingWhenAsked(stack, clock);
    String externalId = "repair-" + UUID.randomUUID();
    CrmStack.imported(
        vertx,
        crm,
        false,
        List.of(
            new JsonObject()
                .put("externalId", externalId)
                .put("name", "Daily Repair")
                .put("clinicId", stack.clinic.id().toString())
                .encode()));
    UUID patient =
        crm.identities()
            .find(Identity.of("practice", externalId))
            .await()
            .orElseThrow()
            .patientId();
    SearchRepository search = new SearchRepository(stack.session);
    Set<Entry> entries = search.indexOf(patient).await();
    assertThat(entries).as("indexed as imported").isNotEmpty();
    Entry lost = entries.iterator().next();
    search.remove(patient, lost).await();
    Instant moment = justBefore(stack, clock, patient);

    crm.sweep().sweep().await();
    assertThat(search.indexOf(patient).await())
        .as("the first sweep of an instance repairs everyone")
        .isEqualTo(entries);
    search.remove(patient, lost).await();

    clock.set(moment.minusSeconds(1));
    crm.sweep().sweep().await();
    assertThat(search.indexOf(patient).await())
        .as("not yet the patient's moment")
        .doesNotContain(lost);

    clock.set(moment);
    crm.sweep().sweep().await();
    assertThat(search.indexOf(patient).await())
        .as("repaired at the patient's moment")
        .isEqualTo(entries);
  }

  @Test
  @DisplayName(
      "An app patient's profile, address claim and search entries are stored again by the sweep"
          + " only when the profile changed, or at their moment of the day")
  void appProfileStoredAgainOnlyWhenChanged() {
    CrmStack stack = new CrmStack(vertx);
    TestClock clock = TestClock.startingNow();
    Crm crm = sweepingWhenAsked(stack, clock);
    UUID account = stack.patient("Before Name", "again-" + UUID.randomUUID() + "@example.org");
    stack.book(account, 7); // a patient of the clinic, listed and searchable in it
    UUID patient = crm.patients().known(account).await();
    Instant moment = justBefore(stack, clock, patient);
    SearchRepository search = new SearchRepository(stack.session);

    crm.sweep().sweep().await();
    Set<Entry> entries = search.indexOf(patient).await();
    assertThat(entries).as("stored and indexed by the first sweep").isNotEmpty();
    Entry lost = entries.iterator().next();
    search.remove(patient, lost).await();

    clock.set(moment.minusSeconds(1));
    crm.sweep().sweep().await();
    assertThat(search.indexOf(patient).await())
        .as("the profile unchanged, nothing stored again before the patient's moment")
        .doesNotContain(lost);

    stack
        .patients
        .accounts()
        .updateProfile(account, Optional.of("After Name"), Optional.empty(), Optional.empty())
        .await();
    clock.set(moment.minusMillis(500));
    crm.sweep().sweep().await();
    CrmPatient stored = crm.patients().find(patient).await().orElseThrow();
    assertThat(stored.name()).as("a changed profile is stored at once").isEqualTo("After Name");
    assertThat(search.indexOf(patient).await())
        .as("and the patient re-indexed")
        .isEqualTo(SearchTerms.entriesOf(stored));
  }

  /** A CRM on the stack's bus, on {@code clock}, that sweeps when asked and hears no event. */
  private Crm sweepingWhenAsked(CrmStack stack, TestClock clock) {
    return Crm.create(
            vertx, stack.session, CrmConfig.defaults().withSweepInterval(Duration.ZERO), clock)
        .await();
  }

  /**
   * Sets the clock just before the patient's latest moment of repair, which it answers, and frees
   * the shards' leases that earlier runs' sweeps may hold.
   */
  private static Instant justBefore(CrmStack stack, TestClock clock, UUID patient) {
    Instant moment = DailyRepair.lastMoment(patient, clock.instant());
    clock.set(moment.minusSeconds(2));
    stack.session.execute("TRUNCATE crm_sweep_lease_by_shard");
    return moment;
  }

  private static int leased(CqlSession session) {
    return session.execute("SELECT shard FROM crm_sweep_lease_by_shard").all().size();
  }
}
