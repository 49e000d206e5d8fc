package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.booking.SlotFinder.Slot;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.PriorityTime;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.patient.waitlist.Waitlist;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.PatientStanding;
import io.careloop.platform.http.Problem;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Priority time on a real Cassandra. The CRM's answer on standing is given here by a responder on
 * its bus address (the CRM's own rule has unit tests, and e2e runs both modules together).
 */
class PriorityTimeIT {

  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 12, 10);
  private static final Duration RELEASE = Duration.ofHours(48);
  private static final PriorityTime HALF = new PriorityTime(50, RELEASE);

  @RegisterExtension static final BookingWorld world = new BookingWorld(NOW);
  private static final Set<UUID> FAST_TRACK = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** How often the CRM was asked for each patient's standing. */
  private static final java.util.Map<UUID, Integer> ASKED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static MessageConsumer<PatientStanding> crm;

  private Clinic clinic;
  private ClinicalService checkUp;
  private Provider anna;

  /** A day on which some, not all, of Anna's hours are held (which ones depends on her id). */
  private LocalDate day;

  @BeforeAll
  static void start() {
    PatientStanding.register(world.vertx.eventBus());
    crm =
        world
            .vertx
            .eventBus()
            .consumer(
                Addresses.PATIENT_STANDING,
                msg -> {
                  UUID id = msg.body().patientId();
                  ASKED.merge(id, 1, Integer::sum);
                  boolean fast = FAST_TRACK.contains(id);
                  msg.reply(
                      new PatientStanding(id, fast, fast ? List.of("stage:maturity") : List.of()));
                });
  }

  @AfterAll
  static void stop() {
    crm.unregister().await();
  }

  @BeforeEach
  void clinic() {
    world.clock.set(NOW);
    clinic = world.clinic("Europe/Paris", 60, 24 * 60, 60);
    checkUp = world.service("Check-up", 30, 0);
    anna = world.provider("Anna", Set.of(checkUp), clinic);
    world.everyDay(
        anna, clinic, List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))), List.of());
    priorityTime().save(clinic.id(), HALF).await();
    day = dayWithHeldAndOpenHours();
  }

  private LocalDate dayWithHeldAndOpenHours() {
    for (LocalDate candidate = FIRST_DAY; ; candidate = candidate.plusDays(1)) {
      long held = 0;
      for (int hour = 9; hour < 17; hour++) {
        Instant start = candidate.atTime(hour, 0).atZone(clinic.zone()).toInstant();
        held += HALF.holds(anna.id(), start, clinic.zone(), NOW) ? 1 : 0;
      }
      if (held > 0 && held < 8) {
        return candidate;
      }
    }
  }

  @Test
  @DisplayName(
      "Held time is invisible and unbookable to others until released, then anyone books it")
  void heldUntilReleased() {
    UUID regular = UUID.randomUUID();
    UUID returning = UUID.randomUUID();
    FAST_TRACK.add(returning);

    SlotSearch.Result staff = search(Optional.empty());
    SlotSearch.Result fast = search(Optional.of(returning));
    SlotSearch.Result other = search(Optional.of(regular));
    assertThat(staff.slots()).as("09:00 to 16:30 every 15 minutes").hasSize(31);
    assertThat(fast.slots()).isEqualTo(staff.slots());
    assertThat(fast.priority()).isNotEmpty().isEqualTo(staff.priority());
    assertThat(other.slots())
        .hasSize(staff.slots().size() - staff.priority().size())
        .doesNotContainAnyElementsOf(staff.priority());
    assertThat(other.priority()).isEmpty();

    Slot held =
        staff.priority().stream()
            .sorted(java.util.Comparator.comparing(Slot::start))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> book(regular, held))
        .isInstanceOfSatisfying(
            Problem.class, p -> assertThat(p.kind()).isEqualTo("priority-time"));
    assertThat(world.appointmentsOf(regular)).isEmpty();
    assertThat(world.cells(anna.id(), day)).isEmpty();

    world.clock.set(held.start().minus(RELEASE));
    assertThat(search(Optional.of(regular)).slots()).contains(held);
    assertThat(book(regular, held).start()).isEqualTo(held.start());
  }

  @Test
  @DisplayName("A fast-track patient books held time; a clinic without priority time holds none")
  void fastTrackBooksHeldTime() {
    UUID returning = UUID.randomUUID();
    FAST_TRACK.add(returning);
    Slot held = search(Optional.empty()).priority().iterator().next();
    assertThat(book(returning, held).patientId()).isEqualTo(returning);

    priorityTime().save(clinic.id(), PriorityTime.NONE).await();
    SlotSearch.Result open = search(Optional.of(UUID.randomUUID()));
    assertThat(open.priority()).isEmpty();
    assertThat(open.slots()).isEqualTo(search(Optional.empty()).slots());
  }

  @Test
  @DisplayName("Held time a cancellation frees is offered to waiting patients who may book it")
  void freedHeldTimeGoesToTheFastTrackOnTheWaitlist() {
    UUID returning = UUID.randomUUID();
    UUID waitingRegular = UUID.randomUUID();
    UUID waitingReturning = UUID.randomUUID();
    FAST_TRACK.addAll(List.of(returning, waitingReturning));
    Slot held = search(Optional.empty()).priority().iterator().next();
    Appointment booked = book(returning, held);
    join(waitingRegular); // first come, but the time is held from them
    world.clock.set(NOW.plusSeconds(1));
    join(waitingReturning);
    ASKED.clear();

    world.booking().cancel(returning, booked.id()).await();

    await().atMost(Duration.ofSeconds(20)).until(() -> offersOf(waitingReturning).size() == 1);
    assertThat(offersOf(waitingRegular)).as("held from them, so not offered").isEmpty();
    assertThat(ASKED)
        .as("each waiting patient's standing asked once for the freed time")
        .containsEntry(waitingRegular, 1)
        .containsEntry(waitingReturning, 1);
    JsonObject offer = offersOf(waitingReturning).get(0);
    assertThat(offer.getInteger("sharedWith")).isEqualTo(1);
    Appointment taken =
        world
            .api
            .waitlist()
            .accept(waitingReturning, UUID.fromString(offer.getString("id")))
            .await();
    assertThat(taken.start()).isEqualTo(held.start());
  }

  @Test
  @DisplayName("Freed time is offered to waiting patients on the fast track first, then first come")
  void fastTrackFirstOnTheWaitlist() {
    UUID booker = UUID.randomUUID();
    List<UUID> regulars = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    UUID returning = UUID.randomUUID();
    FAST_TRACK.add(returning);
    SlotSearch.Result slots = search(Optional.empty());
    Slot open =
        slots.slots().stream().filter(s -> !slots.priority().contains(s)).findFirst().orElseThrow();
    Appointment booked = book(booker, open);
    for (UUID regular : regulars) {
      join(regular);
      world.clock.set(world.clock.instant().plusSeconds(1));
    }
    join(returning); // the last to join

    world.booking().cancel(booker, booked.id()).await();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                offersOf(returning).size() == 1
                    && offersOf(regulars.get(0)).size() == 1
                    && offersOf(regulars.get(1)).size() == 1);
    assertThat(offersOf(regulars.get(2))).as("a wave of three, the fast track first").isEmpty();
    assertThat(offersOf(returning).get(0).getInteger("sharedWith")).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "Priority time released with nobody booked in it is offered to the waitlist once, and can be taken")
  void releasedTimeGoesToTheWaitlist() {
    UUID waiting = UUID.randomUUID();
    Slot held =
        search(Optional.empty()).priority().stream()
            .min(java.util.Comparator.comparing(Slot::start))
            .orElseThrow();
    Instant hour = held.start().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    join(waiting);

    world.clock.set(hour.minus(RELEASE).minusSeconds(60));
    world.api.freedTimeOffers().sweep().await();
    assertThat(offersOf(waiting)).as("still held").isEmpty();
    world.clock.set(hour.minus(RELEASE).plusSeconds(60));
    world.api.freedTimeOffers().sweep().await();
    world.clock.set(hour.minus(RELEASE).plusSeconds(120));
    world.api.freedTimeOffers().sweep().await();

    List<JsonObject> offers = offersOf(waiting);
    assertThat(offers).as("one offer for the released hour, not one per sweep or start").hasSize(1);
    Appointment taken =
        world
            .api
            .waitlist()
            .accept(waiting, UUID.fromString(offers.get(0).getString("id")))
            .await();
    assertThat(taken.start()).isEqualTo(hour);
    assertThat(taken.providerId()).isEqualTo(held.providerId());
  }

  private void join(UUID patient) {
    world
        .api
        .waitlist()
        .join(patient, new Waitlist.Request(clinic.id(), checkUp.id(), Optional.empty(), day, day))
        .await();
  }

  private List<JsonObject> offersOf(UUID patient) {
    return world.api.waitlist().of(patient).await().getJsonArray("offers").stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  private io.careloop.patient.clinic.PriorityTimeRepository priorityTime() {
    return world.api.priorityTime();
  }

  private SlotSearch.Result search(Optional<UUID> patient) {
    return world
        .api
        .slots()
        .find(clinic.id(), checkUp.id(), day, day, Optional.empty(), patient)
        .await();
  }

  private Appointment book(UUID patient, Slot slot) {
    return world
        .booking()
        .book(
            patient,
            UUID.randomUUID().toString(),
            new BookingRequest(clinic.id(), checkUp.id(), slot.providerId(), slot.start()))
        .await()
        .appointment();
  }
}
