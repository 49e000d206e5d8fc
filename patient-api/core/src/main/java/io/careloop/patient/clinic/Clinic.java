package io.careloop.patient.clinic;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A clinic and its booking rules.
 *
 * @param bookingNotice how long before its start an appointment can still be booked online
 * @param changeNotice how long before its start an appointment can still be cancelled or
 *     rescheduled online (later, the patient calls the clinic)
 * @param horizonDays patients book from today to this many days ahead, in the clinic's calendar
 */
public record Clinic(
    UUID id,
    String name,
    String address,
    ZoneId zone,
    Duration bookingNotice,
    Duration changeNotice,
    int horizonDays) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("address", address)
        .put("timeZone", zone.getId())
        .put("minBookingNoticeMinutes", bookingNotice.toMinutes())
        .put("minChangeNoticeMinutes", changeNotice.toMinutes())
        .put("bookingHorizonDays", horizonDays);
  }
}
