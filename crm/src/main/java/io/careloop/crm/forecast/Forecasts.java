package io.careloop.crm.forecast;

import io.careloop.crm.forecast.DemandModel.Cell;
import io.careloop.crm.forecast.DemandModel.Forecast;
import io.careloop.patient.bus.ClinicBookings;
import io.careloop.patient.bus.PatientCodecs;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.UUID;

/**
 * The demand forecast of one clinic and service: the bookings of the last full weeks (asked of
 * patient-api, which owns them) counted per weekday and local hour, then {@link DemandModel}.
 */
public final class Forecasts {

  public static final int MIN_WEEKS = 4;
  public static final int MAX_WEEKS = ClinicBookings.MAX_DAYS / 7;
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(30_000);

  private final EventBus bus;
  private final Clock clock;

  public Forecasts(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
    PatientCodecs.register(bus);
  }

  public Future<JsonObject> forecast(UUID clinicId, UUID serviceId, int weeks) {
    if (weeks < MIN_WEEKS || weeks > MAX_WEEKS) {
      return Future.failedFuture(
          Problem.validation("weeks must be " + MIN_WEEKS + " to " + MAX_WEEKS + ", got " + weeks));
    }
    LocalDate thisMonday =
        LocalDate.now(clock).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate from = thisMonday.minusWeeks(weeks);
    return bus.<ClinicBookings>request(
            Addresses.CLINIC_BOOKINGS,
            ClinicBookings.ask(clinicId, from, thisMonday.minusDays(1)),
            ASK)
        .map(reply -> reply.body())
        .map(
            history -> toJson(clinicId, serviceId, weeks, counts(history, serviceId, from, weeks)));
  }

  /** Bookings of the service per week of the history, weekday and local hour. */
  static int[][][] counts(ClinicBookings history, UUID serviceId, LocalDate from, int weeks) {
    int[][][] counts = new int[weeks][DemandModel.DAYS][DemandModel.HOURS];
    for (ClinicBookings.Booking b : history.bookings()) {
      if (!b.serviceId().equals(serviceId)) {
        continue;
      }
      ZonedDateTime local = b.start().atZone(ZoneId.of(b.zone()));
      int week = (int) ChronoUnit.WEEKS.between(from, local.toLocalDate());
      if (week >= 0 && week < weeks) {
        counts[week][local.getDayOfWeek().getValue() - 1][local.getHour()]++;
      }
    }
    return counts;
  }

  private static JsonObject toJson(UUID clinicId, UUID serviceId, int weeks, int[][][] counts) {
    Forecast f = DemandModel.forecast(counts, Math.max(1, weeks / 4));
    JsonArray cells = new JsonArray();
    for (Cell c : f.cells()) {
      if (c.high() > 0) {
        cells.add(
            new JsonObject()
                .put("weekday", c.day().name().toLowerCase(Locale.ROOT))
                .put("hour", c.hour())
                .put("expected", round(c.expected()))
                .put("low", c.low())
                .put("high", c.high()));
      }
    }
    return new JsonObject()
        .put("clinicId", clinicId.toString())
        .put("serviceId", serviceId.toString())
        .put("weeksOfHistory", weeks)
        .put(
            "model",
            new JsonObject()
                .put("name", "seasonal exponential smoothing per weekday and hour")
                .put("alpha", DemandModel.ALPHA)
                .put("interval", "90 %, Poisson around the forecast"))
        .put(
            "backTest",
            new JsonObject()
                .put("heldOutWeeks", f.heldOutWeeks())
                .put("meanAbsoluteError", round(f.modelError()))
                .put("seasonalNaiveError", round(f.naiveError())))
        .put("hours", cells);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
