package io.careloop.patient.clinic;

import io.careloop.platform.config.Env;
import java.time.Duration;

/**
 * Configuration of clinics and booking, read once from the environment.
 *
 * @param maxSearchDays the most days one slot search may cover (it reads one partition per provider
 *     and day)
 * @param defaultBookingNotice a new clinic's minimum notice for booking, unless the admin sets one
 * @param defaultChangeNotice a new clinic's minimum notice for cancelling or rescheduling online
 * @param defaultHorizonDays how many days ahead a new clinic takes bookings, unless set
 */
public record BookingConfig(
    int maxSearchDays,
    Duration defaultBookingNotice,
    Duration defaultChangeNotice,
    int defaultHorizonDays) {

  public BookingConfig {
    if (maxSearchDays < 1 || maxSearchDays > 92) {
      throw new IllegalArgumentException(
          "CARELOOP_SLOT_SEARCH_MAX_DAYS must be 1 to 92, got " + maxSearchDays);
    }
  }

  public static BookingConfig defaults() {
    return new BookingConfig(31, Duration.ofHours(2), Duration.ofHours(24), 90);
  }

  public static BookingConfig fromEnv(Env env) {
    BookingConfig d = defaults();
    return new BookingConfig(
        env.integer("CARELOOP_SLOT_SEARCH_MAX_DAYS", d.maxSearchDays()),
        env.duration("CARELOOP_CLINIC_DEFAULT_BOOKING_NOTICE", d.defaultBookingNotice()),
        env.duration("CARELOOP_CLINIC_DEFAULT_CHANGE_NOTICE", d.defaultChangeNotice()),
        env.integer("CARELOOP_CLINIC_DEFAULT_HORIZON_DAYS", d.defaultHorizonDays()));
  }
}
