package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many patients book, reschedule and cancel at once in a small window of three providers' time, so
 * that most requests collide. Afterwards the stored state must be consistent whatever the
 * interleaving was. The seed is printed; set CARELOOP_TEST_SEED to replay a run.
 */
class BookingConcurrencyIT {

  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
  private static final List<LocalDate> DAYS =
      List.of(LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 4));
  private static final int PATIENTS = 30;
  private static final int WAVES = 12;
  private static final int PER_WAVE = 30;

  /** What a request may be refused with when it collides; anything else fails the test. */
  private static final Set<String> EXPECTED_REFUSALS =
      Set.of(
          "slot-taken",
          "not-bookable",
          "appointment-busy",
          "appointment-not-active",
          "spans-midnight");

  @RegisterExtension static final BookingWorld world = new BookingWorld(NOW);

  private record Outcome(String op, UUID appointmentId, Appointment result, Problem refusal) {}

  @Test
  @DisplayName(
      "Concurrent random bookings, reschedules and cancels leave no overlapping time, no stray claim, and every success as stored")
  void randomisedConcurrentChanges() {
    long seed =
        Optional.ofNullable(System.getenv("CARELOOP_TEST_SEED"))
            .map(Long::parseLong)
            .orElse(System.nanoTime());
    System.out.println("BookingConcurrencyIT seed " + seed);
    Random random = new Random(seed);

    Clinic clinic = world.clinic("Europe/Paris", 0, 0, 30);
    List<ClinicalService> services =
        List.of(
            world.service("Quick look", 15, 0),
            world.service("Check-up", 30, 15),
            world.service("Cleaning", 45, 15));
    List<Provider> providers = new ArrayList<>();
    for (String name : List.of("Anna", "Ben", "Chloe")) {
      Provider p = world.provider(name, Set.copyOf(services), clinic);
      world.everyDay(
          p,
          clinic,
          List.of(TimeRange.parse("08:00", "11:00")),
          List.of(TimeRange.parse("09:30", "09:45")));
      providers.add(p);
    }
    List<UUID> patients = new ArrayList<>();
    for (int i = 0; i < PATIENTS; i++) {
      patients.add(UUID.randomUUID());
    }

    Map<UUID, UUID> ownerOf = new ConcurrentHashMap<>();
    Set<UUID> attempted = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    int keys = 0;
    for (int wave = 0; wave < WAVES; wave++) {
      List<Future<?>> inFlight = new ArrayList<>();
      List<UUID> known = new ArrayList<>(ownerOf.keySet());
      for (int i = 0; i < PER_WAVE; i++) {
        int dice = random.nextInt(10);
        if (dice < 4 || known.isEmpty()) {
          UUID patient = patients.get(random.nextInt(PATIENTS));
          String key = "key-" + keys++;
          UUID id = BookingService.appointmentId(patient, key);
          attempted.add(id);
          BookingRequest request =
              new BookingRequest(
                  clinic.id(),
                  services.get(random.nextInt(3)).id(),
                  providers.get(random.nextInt(3)).id(),
                  randomStart(random));
          inFlight.add(
              record(
                      outcomes,
                      "book",
                      id,
                      world
                          .booking()
                          .book(patient, key, request)
                          .map(BookingService.Booked::appointment))
                  .onSuccess(a -> ownerOf.put(a.id(), a.patientId())));
        } else if (dice < 9) {
          UUID id = known.get(random.nextInt(known.size()));
          Optional<UUID> provider =
              random.nextBoolean()
                  ? Optional.empty()
                  : Optional.of(providers.get(random.nextInt(3)).id());
          inFlight.add(
              record(
                  outcomes,
                  "reschedule",
                  id,
                  world.booking().reschedule(ownerOf.get(id), id, randomStart(random), provider)));
        } else {
          UUID id = known.get(random.nextInt(known.size()));
          inFlight.add(record(outcomes, "cancel", id, world.booking().cancel(ownerOf.get(id), id)));
        }
      }
      Future.join(inFlight).otherwiseEmpty().await();
    }

    List<Outcome> all = new ArrayList<>(outcomes);
    Map<String, Long> tally =
        all.stream()
            .collect(
                Collectors.groupingBy(
                    o -> o.op() + " " + (o.refusal() == null ? "ok" : o.refusal().kind()),
                    TreeMap::new,
                    Collectors.counting()));
    System.out.println("BookingConcurrencyIT outcomes " + tally);
    assertThat(all).hasSize(WAVES * PER_WAVE);
    assertThat(all)
        .filteredOn(o -> o.refusal() != null)
        .extracting(o -> o.refusal().kind())
        .allMatch(EXPECTED_REFUSALS::contains);
    assertThat(all)
        .filteredOn(o -> o.refusal() == null)
        .as("some requests must succeed for the run to mean something")
        .hasSizeGreaterThan(20);

    // The stored state of everything a request may have created.
    Map<UUID, Appointment> stored = new HashMap<>();
    for (UUID id : attempted) {
      world.api.booking().find(id).await().ifPresent(a -> stored.put(id, a));
      assertThat(world.appointmentRowExists(id) && !stored.containsKey(id))
          .as("no pending appointment is left: " + id)
          .isFalse();
    }

    // 1. No provider has overlapping appointments (with their buffers).
    List<Appointment> holding = stored.values().stream().filter(Appointment::holdsTime).toList();
    for (Appointment a : holding) {
      for (Appointment b : holding) {
        if (a != b && a.providerId().equals(b.providerId())) {
          assertThat(a.occupied().overlaps(b.occupied()))
              .as(a.id() + " overlaps " + b.id())
              .isFalse();
        }
      }
    }

    // 2. The claims are exactly the cells of the appointments that hold time, under their current
    // claim.
    Map<String, String> expectedCells = new HashMap<>();
    for (Appointment a : holding) {
      for (Instant cell : a.cells()) {
        expectedCells.put(a.providerId() + "@" + cell, a.id() + "/" + a.claimId());
      }
    }
    Map<String, String> actualCells = new HashMap<>();
    for (Provider p : providers) {
      for (LocalDate day : DAYS) {
        for (Row r : world.cells(p.id(), day)) {
          actualCells.put(
              p.id() + "@" + r.getInstant("cell"),
              r.getUuid("appointment_id") + "/" + r.getUuid("claim_id"));
        }
      }
    }
    assertThat(actualCells).isEqualTo(expectedCells);

    // 3. Every success was stored as answered: for each appointment, the answer with the highest
    // version is its state.
    Map<UUID, Appointment> latestAnswer = new HashMap<>();
    for (Outcome o : all) {
      if (o.refusal() == null) {
        latestAnswer.merge(
            o.appointmentId(), o.result(), (x, y) -> x.version() >= y.version() ? x : y);
      }
    }
    for (Map.Entry<UUID, Appointment> answer : latestAnswer.entrySet()) {
      assertThat(stored.get(answer.getKey()))
          .as("stored state of " + answer.getKey())
          .isEqualTo(answer.getValue());
    }
    // A refused booking left nothing behind (each booking used its own key).
    all.stream()
        .filter(o -> o.op().equals("book") && o.refusal() != null)
        .forEach(o -> assertThat(stored).doesNotContainKey(o.appointmentId()));
    assertThat(stored.keySet()).isEqualTo(latestAnswer.keySet());

    // 4. The lists lead to exactly the stored appointments.
    for (LocalDate day : DAYS) {
      assertThat(world.booking().atClinicOn(clinic.id(), day).await())
          .containsExactlyInAnyOrderElementsOf(
              stored.values().stream().filter(a -> a.day().equals(day)).toList());
    }
    for (UUID patient : patients) {
      assertThat(world.appointmentsOf(patient))
          .containsExactlyInAnyOrderElementsOf(
              stored.values().stream().filter(a -> a.patientId().equals(patient)).toList());
    }
  }

  private static Future<Appointment> record(
      Collection<Outcome> outcomes, String op, UUID id, Future<Appointment> call) {
    return call.andThen(
        ar -> {
          if (ar.succeeded()) {
            outcomes.add(new Outcome(op, id, ar.result(), null));
          } else if (ar.cause() instanceof Problem p) {
            outcomes.add(new Outcome(op, id, null, p));
          } else {
            outcomes.add(
                new Outcome(op, id, null, new Problem(500, "unexpected " + ar.cause(), "", "")));
          }
        });
  }

  /** A start on the grid in the two days' working hours, sometimes just outside them. */
  private static Instant randomStart(Random random) {
    LocalDate day = DAYS.get(random.nextInt(DAYS.size()));
    int quarter = random.nextInt(11); // 08:00 to 10:30
    return OffsetDateTime.parse(day + "T08:00:00+01:00").plusMinutes(15L * quarter).toInstant();
  }
}
