package io.careloop.patient.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The waitlist on a real Cassandra: freed time goes to the waiting patients first come first, a
 * wave of three at a time; of those, exactly one gets it; a wave that runs out passes it on.
 */
class WaitlistIT {

  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
  private static final LocalDate THURSDAY = LocalDate.of(2026, 12, 3);
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @RegisterExtension static final BookingWorld world = new BookingWorld(NOW);
  private Clinic clinic;
  private ClinicalService checkUp;
  private Provider anna;

  @BeforeEach
  void clinic() {
    world.clock.set(NOW);
    clinic = world.clinic("Europe/Paris", 60, 24 * 60, 60);
    checkUp = world.service("Check-up", 30, 15);
    anna = world.provider("Anna", Set.of(checkUp), clinic);
    world.everyDay(
        anna, clinic, List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))), List.of());
  }

  @Test
  @DisplayName(
      "30 waiting patients, one freed slot: the first three are offered it, exactly one gets it")
  void oneFreedSlotOneAppointment() {
    Appointment held = book(UUID.randomUUID(), THURSDAY.atTime(10, 0));
    List<UUID> waiting = join(30);

    world.booking().cancel(held.patientId(), held.id()).await();

    List<UUID> offered = waiting.subList(0, 3);
    await().atMost(Duration.ofSeconds(20)).until(() -> offersOf(offered.get(2)).size() == 1);
    for (UUID patient : waiting.subList(3, 30)) {
      assertThat(offersOf(patient)).as("patient later in the queue").isEmpty();
    }
    List<JsonObject> offers = offered.stream().map(p -> offersOf(p).get(0)).toList();
    assertThat(offers).allSatisfy(o -> assertThat(o.getInteger("sharedWith")).isEqualTo(3));
    assertThat(offers)
        .allSatisfy(o -> assertThat(o.getString("start")).isEqualTo(held.start().toString()));

    // the same change heard again (another instance) makes no second round
    world.api.freedTimeOffers().freedBy(cancelledAgain(held)).await();
    assertThat(offersOf(offered.get(0))).hasSize(1);

    List<Future<Appointment>> accepts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      accepts.add(waitlist().accept(offered.get(i), offerId(offers.get(i))));
    }
    Future.join(accepts).otherwiseEmpty().await();
    List<Appointment> booked =
        accepts.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(booked).hasSize(1);
    assertThat(accepts.stream().filter(Future::failed))
        .allSatisfy(f -> assertThat(((Problem) f.cause()).kind()).isEqualTo("slot-taken"));

    Appointment won = booked.get(0);
    assertThat(won.status()).isEqualTo(AppointmentStatus.BOOKED);
    assertThat(won.start()).isEqualTo(held.start());
    long onTheDay =
        world.booking().atClinicOn(clinic.id(), THURSDAY).await().stream()
            .filter(a -> a.status() == AppointmentStatus.BOOKED)
            .count();
    assertThat(onTheDay).isEqualTo(1);
    for (UUID patient : offered) {
      int entries = entriesOf(patient);
      assertThat(entries).isEqualTo(patient.equals(won.patientId()) ? 0 : 1);
    }

    // a repeated accept answers the same appointment; the time is not offered any further
    int winner = offered.indexOf(won.patientId());
    assertThat(waitlist().accept(won.patientId(), offerId(offers.get(winner))).await().id())
        .isEqualTo(won.id());
    world.clock.set(NOW.plus(Duration.ofHours(1)));
    world.api.freedTimeOffers().sweep().await();
    assertThat(offersOf(waiting.get(3))).isEmpty();
  }

  @Test
  @DisplayName("An offer that ran out is refused and the time goes to the next wave")
  void expiredOffersPassTheTimeOn() {
    Appointment held = book(UUID.randomUUID(), THURSDAY.atTime(11, 0));
    List<UUID> waiting = join(5);
    world.booking().cancel(held.patientId(), held.id()).await();
    await().atMost(Duration.ofSeconds(20)).until(() -> offersOf(waiting.get(0)).size() == 1);
    JsonObject first = offersOf(waiting.get(0)).get(0);
    assertThat(Instant.parse(first.getString("expiresAt")))
        .isEqualTo(NOW.plus(WaitlistConfig.defaults().offerValidity()));

    world.clock.set(NOW.plus(WaitlistConfig.defaults().offerValidity()));
    assertThatThrownBy(() -> waitlist().accept(waiting.get(0), offerId(first)).await())
        .isInstanceOfSatisfying(
            Problem.class, p -> assertThat(p.kind()).isEqualTo("offer-expired"));
    assertThat(world.appointmentsOf(waiting.get(0))).isEmpty();

    world.api.freedTimeOffers().sweep().await();
    List<JsonObject> second = offersOf(waiting.get(4));
    assertThat(second).hasSize(1);
    assertThat(second.get(0).getInteger("sharedWith")).isEqualTo(2);
    assertThat(offersOf(waiting.get(0))).as("expired offers are not listed").isEmpty();

    Appointment booked = waitlist().accept(waiting.get(4), offerId(second.get(0))).await();
    assertThat(booked.start()).isEqualTo(held.start());
    assertThat(entriesOf(waiting.get(0))).isEqualTo(1);
  }

  @Test
  @DisplayName("No offer outlives the clinic's booking notice before the freed time")
  void offersEndBeforeTheTime() {
    clinic = world.clinic("Europe/Paris", 60, 30, 60); // cancels up to 30 minutes ahead
    anna = world.provider("Anna", Set.of(checkUp), clinic);
    world.everyDay(
        anna, clinic, List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))), List.of());
    Appointment held = book(UUID.randomUUID(), LocalDate.of(2026, 12, 1).atTime(9, 15));
    UUID patient = joinFor(LocalDate.of(2026, 12, 1));

    world.clock.set(NOW.plus(Duration.ofMinutes(5)));
    world.booking().cancel(held.patientId(), held.id()).await();

    await().atMost(Duration.ofSeconds(20)).until(() -> offersOf(patient).size() == 1);
    Instant expires = Instant.parse(offersOf(patient).get(0).getString("expiresAt"));
    assertThat(expires).isEqualTo(held.start().minus(Duration.ofMinutes(60)));
  }

  @Test
  @DisplayName("Joining checks the clinic and service; leaving takes the entry off")
  void joinAndLeave() {
    UUID patient = UUID.randomUUID();
    ClinicalService elsewhere = world.service("Implant", 60, 15);
    assertThatThrownBy(
            () ->
                waitlist()
                    .join(
                        patient,
                        new Waitlist.Request(
                            clinic.id(), elsewhere.id(), Optional.empty(), THURSDAY, THURSDAY))
                    .await())
        .isInstanceOfSatisfying(
            Problem.class, p -> assertThat(p.kind()).isEqualTo("service-not-offered"));
    assertThat(entriesOf(patient)).isZero();

    WaitlistEntry entry =
        waitlist()
            .join(
                patient,
                new Waitlist.Request(
                    clinic.id(), checkUp.id(), Optional.of(anna.id()), THURSDAY, THURSDAY))
            .await();
    assertThat(entriesOf(patient)).isEqualTo(1);
    waitlist().leave(patient, entry.id()).await();
    assertThat(entriesOf(patient)).isZero();
    assertThatThrownBy(() -> waitlist().leave(patient, entry.id()).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(404));
  }

  @Test
  @DisplayName(
      "The clinic's figures: one accepted, one refused, two run out, the median wait; erasure leaves them")
  void figures() {
    ClinicalService cleaning = world.service("Cleaning", 30, 15);
    anna = world.provider("Anna", Set.of(checkUp, cleaning), clinic);
    world.everyDay(
        anna, clinic, List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))), List.of());
    Appointment thursday = book(UUID.randomUUID(), THURSDAY.atTime(10, 0));
    Appointment friday = book(UUID.randomUUID(), THURSDAY.plusDays(1).atTime(10, 0));
    List<UUID> early = new ArrayList<>();
    for (int daysAgo = 3; daysAgo >= 1; daysAgo--) { // joined three, two and one day ago
      world.clock.set(NOW.minus(Duration.ofDays(daysAgo)));
      early.add(joinFor(checkUp, THURSDAY));
    }
    UUID late = joinFor(cleaning, THURSDAY.plusDays(1));
    world.clock.set(NOW);

    world.booking().cancel(thursday.patientId(), thursday.id()).await();
    world.booking().cancel(friday.patientId(), friday.id()).await();
    await().atMost(Duration.ofSeconds(20)).until(() -> offersOf(early.get(2)).size() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> offersOf(late).size() == 1);

    world.clock.set(NOW.plus(Duration.ofMinutes(5)));
    waitlist().accept(early.get(1), offerId(offersOf(early.get(1)).get(0))).await();
    assertThatThrownBy(
            () -> waitlist().accept(early.get(0), offerId(offersOf(early.get(0)).get(0))).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo("slot-taken"));

    LocalDate today = NOW.atZone(PARIS).toLocalDate();
    WaitlistFigures before = waitlist().figures(clinic.id(), today.minusDays(6), today).await();
    assertThat(before.offers()).isEqualTo(new WaitlistFigures.Offers(4, 1, 1, 0, 2));
    assertThat(before.waitingByService()).isEqualTo(Map.of(checkUp.id(), 2L, cleaning.id(), 1L));
    assertThat(before.medianWait())
        .as("joined two days before the offer, accepted five minutes after it")
        .contains(Duration.ofDays(2).plusMinutes(5));

    world.clock.set(NOW.plus(WaitlistConfig.defaults().offerValidity()));
    WaitlistFigures after = waitlist().figures(clinic.id(), today, today).await();
    assertThat(after.offers()).isEqualTo(new WaitlistFigures.Offers(4, 1, 1, 2, 0));
    assertThat(after.medianWait()).isEqualTo(before.medianWait());
    assertThat(
            waitlist().figures(clinic.id(), today.plusDays(1), today.plusDays(7)).await().offers())
        .as("no offers made in a later window")
        .isEqualTo(new WaitlistFigures.Offers(0, 0, 0, 0, 0));

    for (UUID patient : List.of(early.get(0), early.get(1), early.get(2), late)) {
      waitlist().forget(patient).await();
    }
    WaitlistFigures erased = waitlist().figures(clinic.id(), today, today).await();
    assertThat(erased.offers()).as("only counts stay").isEqualTo(after.offers());
    assertThat(erased.medianWait()).isEqualTo(after.medianWait());
    assertThat(erased.waiting()).isZero();
  }

  @Test
  @DisplayName("Figures: a window ending before it starts, or longer than 92 days, is refused")
  void figuresWindow() {
    LocalDate today = NOW.atZone(PARIS).toLocalDate();
    for (LocalDate[] window :
        List.of(
            new LocalDate[] {today, today.minusDays(1)},
            new LocalDate[] {today.minusDays(92), today})) {
      assertThatThrownBy(() -> waitlist().figures(clinic.id(), window[0], window[1]).await())
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    }
    assertThat(waitlist().figures(clinic.id(), today.minusDays(91), today).await().waiting())
        .isZero();
    assertThatThrownBy(() -> waitlist().figures(UUID.randomUUID(), today, today).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(404));
  }

  private Waitlist waitlist() {
    return world.api.waitlist();
  }

  private Appointment book(UUID patient, java.time.LocalDateTime local) {
    return world
        .booking()
        .book(
            patient,
            UUID.randomUUID().toString(),
            new BookingRequest(
                clinic.id(), checkUp.id(), anna.id(), local.atZone(PARIS).toInstant()))
        .await()
        .appointment();
  }

  /** Patients who join one after another, a second apart. */
  private List<UUID> join(int count) {
    List<UUID> patients = new ArrayList<>();
    Instant at = world.clock.instant();
    for (int i = 0; i < count; i++) {
      UUID patient = UUID.randomUUID();
      world.clock.set(at.plusSeconds(i));
      waitlist()
          .join(
              patient,
              new Waitlist.Request(clinic.id(), checkUp.id(), Optional.empty(), THURSDAY, THURSDAY))
          .await();
      patients.add(patient);
    }
    world.clock.set(at);
    return patients;
  }

  private UUID joinFor(LocalDate day) {
    return joinFor(checkUp, day);
  }

  private UUID joinFor(ClinicalService service, LocalDate day) {
    UUID patient = UUID.randomUUID();
    waitlist()
        .join(patient, new Waitlist.Request(clinic.id(), service.id(), Optional.empty(), day, day))
        .await();
    return patient;
  }

  private List<JsonObject> offersOf(UUID patient) {
    return waitlist().of(patient).await().getJsonArray("offers").stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  private int entriesOf(UUID patient) {
    return waitlist().of(patient).await().getJsonArray("entries").size();
  }

  private static UUID offerId(JsonObject offer) {
    return UUID.fromString(offer.getString("id"));
  }

  private io.careloop.patient.booking.Appointments.AppointmentChanged cancelledAgain(
      Appointment held) {
    Appointment cancelled = world.booking().find(held.id()).await().orElseThrow();
    return new io.careloop.patient.booking.Appointments.AppointmentChanged(
        "cancelled", cancelled, Optional.empty());
  }
}
