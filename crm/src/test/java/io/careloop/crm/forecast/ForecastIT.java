package io.careloop.crm.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.patient.PatientApi;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.careloop.patient.testing.TestPatientApi;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demand forecast on booking history made through patient-api's own booking, week by week with
 * a clock moved back in time: orthodontic reviews peak on weekend mornings, and the forecast shows
 * it and beats the seasonal-naive forecast in its back-test (reported, printed).
 */
class ForecastIT {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final LocalDate THIS_MONDAY = LocalDate.of(2026, 11, 30);
  private static final int WEEKS = 12;

  private static Vertx vertx;
  private static TestClock clock;
  private static PatientApi patients;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new TestClock(THIS_MONDAY.atStartOfDay(PARIS).toInstant());
    var session = TestCassandra.get().session();
    patients = TestPatientApi.started(vertx, session, clock);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Reviews expected per hour: weekend mornings busy, weekdays quiet, nights closed. */
  private static double rate(DayOfWeek day, int hour) {
    boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    if (hour < 8 || hour >= 18) {
      return 0;
    }
    return weekend && hour < 12 ? 3.5 : weekend ? 1 : 0.8;
  }

  @Test
  @DisplayName("Orthodontic demand peaks on weekend mornings, and the forecast sees it")
  void weekendMorningPeak() {
    Clinic clinic =
        patients
            .catalog()
            .createClinic(
                new ClinicCatalog.NewClinic(
                    "Ortho " + UUID.randomUUID(),
                    "1 Main Street",
                    PARIS.getId(),
                    Optional.of(0),
                    Optional.of(0),
                    Optional.of(60)))
            .await();
    ClinicalService review = patients.catalog().createService("Orthodontic review", 15, 0).await();
    List<Provider> providers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Provider p =
          patients
              .catalog()
              .createProvider(
                  "Ortho " + i, "orthodontist", Set.of(review.id()), Set.of(clinic.id()))
              .await();
      patients.schedules().setWeeklyHours(p.id(), clinic.id(), allWeek()).await();
      providers.add(p);
    }
    Random random = new Random(7);
    int booked = 0;
    for (int w = WEEKS; w >= 1; w--) {
      LocalDate monday = THIS_MONDAY.minusWeeks(w);
      clock.set(monday.atStartOfDay(PARIS).toInstant());
      for (int d = 0; d < 7; d++) {
        LocalDate day = monday.plusDays(d);
        for (int hour = 8; hour < 18; hour++) {
          int n = poisson(rate(day.getDayOfWeek(), hour), random);
          for (int i = 0; i < Math.min(n, 8); i++) {
            Provider p = providers.get(i % 2);
            var start = day.atTime(hour, 15 * (i / 2)).atZone(PARIS).toInstant();
            patients
                .booking()
                .book(
                    UUID.randomUUID(),
                    UUID.randomUUID().toString(),
                    new BookingRequest(clinic.id(), review.id(), p.id(), start))
                .await();
            booked++;
          }
        }
      }
    }
    clock.set(THIS_MONDAY.atTime(9, 0).atZone(PARIS).toInstant());

    JsonObject f =
        new Forecasts(vertx.eventBus(), clock).forecast(clinic.id(), review.id(), WEEKS).await();

    JsonObject backTest = f.getJsonObject("backTest");
    System.out.printf(
        "ForecastIT: %d bookings over %d weeks; back-test on %d weeks: MAE %.3f per hour, seasonal-naive %.3f%n",
        booked,
        WEEKS,
        backTest.getInteger("heldOutWeeks"),
        backTest.getDouble("meanAbsoluteError"),
        backTest.getDouble("seasonalNaiveError"));
    assertThat(backTest.getDouble("meanAbsoluteError"))
        .isLessThan(backTest.getDouble("seasonalNaiveError"));
    JsonObject peak =
        f.getJsonArray("hours").stream()
            .map(JsonObject.class::cast)
            .max(Comparator.comparingDouble(h -> h.getDouble("expected")))
            .orElseThrow();
    assertThat(peak.getString("weekday")).isIn("saturday", "sunday");
    assertThat(peak.getInteger("hour")).isBetween(8, 11);
    assertThat(f.getJsonArray("hours").stream().map(JsonObject.class::cast))
        .allSatisfy(h -> assertThat(h.getInteger("hour")).isBetween(8, 17));
  }

  private static WeeklyHours allWeek() {
    return new WeeklyHours(
        EnumSet.allOf(DayOfWeek.class).stream()
            .map(
                d ->
                    new WorkingDay(
                        d,
                        List.of(new TimeRange(LocalTime.of(8, 0), LocalTime.of(18, 0))),
                        List.of()))
            .toList());
  }

  /** Knuth's method: enough for small rates. */
  private static int poisson(double rate, Random random) {
    double limit = Math.exp(-rate);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }
}
