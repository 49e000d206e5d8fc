package io.careloop.patient.clinic;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * Time when bookings are not possible although the weekly hours say otherwise: a public holiday
 * (the whole clinic), a sick day or training (one provider). Every day from {@code firstDay} to
 * {@code lastDay}, either all day or, with {@code hours}, between those local times.
 *
 * @param providerId empty for the whole clinic
 */
public record ScheduleException(
    UUID id,
    UUID clinicId,
    Optional<UUID> providerId,
    LocalDate firstDay,
    LocalDate lastDay,
    Optional<TimeRange> hours,
    Reason reason,
    String note) {

  /** Why the time is closed; shown to staff, not to patients. */
  public enum Reason {
    HOLIDAY,
    SICK,
    OTHER
  }

  public boolean appliesTo(UUID provider) {
    return providerId.map(provider::equals).orElse(true);
  }

  public boolean covers(LocalDate day) {
    return !day.isBefore(firstDay) && !day.isAfter(lastDay);
  }
}
