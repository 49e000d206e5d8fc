package io.careloop.crm.projection;

import io.careloop.patient.booking.Appointment;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * An app appointment as the CRM last heard of it. Clinic, provider and service are ids: the staff
 * app names them from the catalogue operations.
 */
public record KnownAppointment(
    UUID id,
    UUID clinicId,
    UUID providerId,
    UUID serviceId,
    ZoneId zone,
    Instant start,
    Instant end,
    String status,
    int version,
    Instant bookedAt) {

  static KnownAppointment of(Appointment a) {
    return new KnownAppointment(
        a.id(),
        a.clinicId(),
        a.providerId(),
        a.serviceId(),
        a.zone(),
        a.start(),
        a.end(),
        a.status().json(),
        a.version(),
        a.bookedAt());
  }

  /** Ahead of the patient: booked or checked in, not yet over. */
  public boolean upcomingAt(Instant now) {
    return (status.equals("booked") || status.equals("checked_in")) && end.isAfter(now);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("source", "app")
        .put("clinicId", clinicId.toString())
        .put("providerId", providerId.toString())
        .put("serviceId", serviceId.toString())
        .put("timeZone", zone.getId())
        .put("start", Appointment.rfc3339(start, zone))
        .put("end", Appointment.rfc3339(end, zone))
        .put("status", status)
        .put("version", version)
        .put("bookedAt", bookedAt.toString());
  }
}
