package io.careloop.patient.booking;

import io.careloop.platform.http.Problem;
import java.util.Locale;

/**
 * Where an appointment is in its life: booked, then checked in and completed, or cancelled, or a
 * no-show. Pending is the short moment between accepting a request and holding its time; a pending
 * appointment is nobody's yet and is never shown.
 */
public enum AppointmentStatus {
  PENDING,
  BOOKED,
  CHECKED_IN,
  COMPLETED,
  CANCELLED,
  NO_SHOW;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AppointmentStatus fromJson(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.validation("Unknown appointment status " + value);
    }
  }

  /** Whether staff may move an appointment from this status to {@code next}. */
  public boolean staffMayChangeTo(AppointmentStatus next) {
    return switch (this) {
      case BOOKED -> next == CHECKED_IN || next == NO_SHOW;
      case CHECKED_IN -> next == COMPLETED;
      default -> false;
    };
  }

  /** An appointment that still lies ahead of the patient (not yet over or called off). */
  public boolean isActive() {
    return this == BOOKED || this == CHECKED_IN;
  }
}
