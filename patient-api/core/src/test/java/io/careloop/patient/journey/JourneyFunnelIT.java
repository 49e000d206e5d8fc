package io.careloop.patient.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.access.AccessNeedsRepository;
import io.careloop.patient.access.SetBy;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicFacilities;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.FacilitiesRepository;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scripted population walks the journey with one clinic, an hour between steps, some of them
 * wheelchair users; the funnel must equal the hand count, overall and for wheelchair users.
 * Searches, provider views and booking attempts are recorded as the operations record them;
 * bookings, visits and returns come from the appointments' own changes.
 */
class JourneyFunnelIT {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant START = Instant.parse("2026-12-01T07:00:00Z");
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

  @RegisterExtension static final BookingWorld world = new BookingWorld(START);

  @Test
  @DisplayName("The funnel of a scripted population equals the hand-counted one")
  void scriptedPopulation() {
    Clinic clinic = world.clinic("Europe/Paris", 0, 0, 60);
    ClinicalService checkUp = world.service("Check-up", 30, 0);
    Provider anna = world.provider("Anna", Set.of(checkUp), clinic);
    world.everyDay(
        anna, clinic, List.of(new TimeRange(LocalTime.of(0, 0), LocalTime.of(23, 45))), List.of());
    new FacilitiesRepository(world.session, world.clock)
        .save(clinic.id(), new ClinicFacilities(Set.of("wheelchair"), Set.of(), Map.of()))
        .await();
    Journeys journeys = world.api.journeys();
    AccessNeedsRepository needs = new AccessNeedsRepository(world.session);

    // an earlier patient, first in touch the day before: outside the period
    world.clock.set(START.minus(Duration.ofDays(1)));
    UUID earlier = register("earlier");
    journeys.reached(earlier, clinic.id(), JourneyStage.SEARCHED, "app").await();

    world.clock.set(START);
    List<UUID> people = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      UUID p = register("p" + i);
      if (i % 2 == 0) {
        needs
            .save(
                p,
                new AccessNeeds(Set.of("wheelchair"), 0, Optional.empty()),
                Set.of("mobility"),
                new SetBy("patient", p, START))
            .await();
      }
      people.add(p);
    }
    step(
        1,
        people.subList(0, 9),
        p -> journeys.reached(p, clinic.id(), JourneyStage.SEARCHED, "app").await());
    step(
        2,
        people.subList(0, 7),
        p -> journeys.reached(p, clinic.id(), JourneyStage.VIEWED_PROVIDER, "carer").await());
    step(
        3,
        people.subList(0, 6),
        p -> journeys.reached(p, clinic.id(), JourneyStage.STARTED_BOOKING, "app").await());
    List<Appointment> visits = new ArrayList<>();
    step(
        4,
        people.subList(0, 5),
        p -> visits.add(book(p, clinic, checkUp, anna, 8 + people.indexOf(p))));
    awaitStage(clinic, JourneyStage.BOOKED, 5);
    Principal desk = new Principal(UUID.randomUUID(), Role.ADMIN, Set.of(clinic.id()));
    step(
        6,
        people.subList(0, 4),
        p -> status(desk, visitOf(visits, p), AppointmentStatus.CHECKED_IN));
    awaitStage(clinic, JourneyStage.ATTENDED, 4);
    step(
        7,
        people.subList(0, 3),
        p -> status(desk, visitOf(visits, p), AppointmentStatus.COMPLETED));
    awaitStage(clinic, JourneyStage.FOLLOW_UP_DONE, 3);
    step(9, people.subList(0, 2), p -> book(p, clinic, checkUp, anna, 16 + people.indexOf(p)));
    awaitStage(clinic, JourneyStage.RETURNED, 2);

    JsonObject all = journeys.funnel(clinic.id(), DAY, DAY, Optional.empty()).await();
    assertThat(all.getInteger("people")).isEqualTo(9);
    assertThat(counts(all)).containsExactly(9, 9, 7, 6, 5, 4, 3, 2);
    assertThat(dropOffs(all)).containsExactly(0, 2, 1, 1, 1, 1, 1);
    assertThat(medians(all))
        .containsExactly("PT1H", "PT1H", "PT1H", "PT1H", "PT2H", "PT1H", "PT2H");

    JsonObject wheelchair =
        journeys.funnel(clinic.id(), DAY, DAY, Optional.of("wheelchair")).await();
    assertThat(wheelchair.getInteger("people")).isEqualTo(5);
    assertThat(counts(wheelchair)).containsExactly(5, 5, 4, 3, 3, 2, 2, 1);

    JsonObject dayBefore =
        journeys.funnel(clinic.id(), DAY.minusDays(1), DAY.minusDays(1), Optional.empty()).await();
    assertThat(counts(dayBefore)).containsExactly(1, 1, 0, 0, 0, 0, 0, 0);
  }

  private interface Step {
    void take(UUID person) throws Exception;
  }

  /** Everyone given takes the step {@code hours} after the start. */
  private static void step(int hours, List<UUID> who, Step step) {
    world.clock.set(START.plus(Duration.ofHours(hours)));
    for (UUID p : who) {
      try {
        step.take(p);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static UUID register(String name) {
    return world
        .api
        .accounts()
        .registerPatient(
            name + "-" + UUID.randomUUID() + "@example.org",
            "a long enough password",
            name,
            "Europe/Paris",
            null)
        .await();
  }

  /** A check-up the next day at {@code hour}, local time. */
  private static Appointment book(
      UUID p, Clinic clinic, ClinicalService s, Provider anna, int hour) {
    Instant start = DAY.plusDays(1).atTime(hour, 0).atZone(PARIS).toInstant();
    return world
        .booking()
        .book(
            p,
            UUID.randomUUID().toString(),
            new BookingRequest(clinic.id(), s.id(), anna.id(), start))
        .await()
        .appointment();
  }

  private static Appointment visitOf(List<Appointment> visits, UUID p) {
    return visits.stream().filter(a -> a.patientId().equals(p)).findFirst().orElseThrow();
  }

  private static void status(Principal desk, Appointment a, AppointmentStatus s) {
    world.booking().setStatus(desk, a.id(), s).await();
  }

  private static void awaitStage(Clinic clinic, JourneyStage stage, int people) {
    JourneyRepository steps = new JourneyRepository(world.session);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> steps.atStage(clinic.id(), stage).await().size() == people);
  }

  private static List<Integer> counts(JsonObject funnel) {
    return stages(funnel).stream().map(s -> s.getInteger("people")).toList();
  }

  private static List<Integer> dropOffs(JsonObject funnel) {
    return stages(funnel).stream().skip(1).map(s -> s.getInteger("dropOff")).toList();
  }

  private static List<String> medians(JsonObject funnel) {
    return stages(funnel).stream().skip(1).map(s -> s.getString("medianTimeFromPrevious")).toList();
  }

  private static List<JsonObject> stages(JsonObject funnel) {
    return IntStream.range(0, funnel.getJsonArray("stages").size())
        .mapToObj(i -> funnel.getJsonArray("stages").getJsonObject(i))
        .toList();
  }
}
