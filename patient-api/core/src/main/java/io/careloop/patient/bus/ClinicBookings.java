package io.careloop.patient.bus;

import io.careloop.patient.booking.Appointment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The question and answer of {@link io.careloop.platform.bus.Addresses#CLINIC_BOOKINGS}: the
 * appointments at a clinic on its local days {@code from} to {@code to}, cancelled ones left out
 * (demand that stayed), without whose they are.
 */
public record ClinicBookings(UUID clinicId, LocalDate from, LocalDate to, List<Booking> bookings) {

  /** The longest history one question may cover. */
  public static final int MAX_DAYS = 26 * 7;

  /** One appointment as demand: which service, when, in which zone. */
  public record Booking(UUID serviceId, UUID providerId, java.time.Instant start, String zone) {

    static Booking of(Appointment a) {
      return new Booking(a.serviceId(), a.providerId(), a.start(), a.zone().getId());
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("serviceId", serviceId.toString())
          .put("providerId", providerId.toString())
          .put("start", start.toString())
          .put("zone", zone);
    }

    static Booking fromJson(JsonObject json) {
      return new Booking(
          UUID.fromString(json.getString("serviceId")),
          UUID.fromString(json.getString("providerId")),
          java.time.Instant.parse(json.getString("start")),
          json.getString("zone"));
    }
  }

  public ClinicBookings {
    bookings = List.copyOf(bookings);
  }

  public static ClinicBookings ask(UUID clinicId, LocalDate from, LocalDate to) {
    return new ClinicBookings(clinicId, from, to, List.of());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("clinicId", clinicId.toString())
        .put("from", from.toString())
        .put("to", to.toString())
        .put("bookings", new JsonArray(bookings.stream().map(Booking::toJson).toList()));
  }

  public static ClinicBookings fromJson(JsonObject json) {
    return new ClinicBookings(
        UUID.fromString(json.getString("clinicId")),
        LocalDate.parse(json.getString("from")),
        LocalDate.parse(json.getString("to")),
        json.getJsonArray("bookings", new JsonArray()).stream()
            .map(o -> Booking.fromJson((JsonObject) o))
            .toList());
  }
}
