package io.careloop.patient.booking;

import io.careloop.patient.clinic.ClinicFacilities;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.time.Interval;
import io.careloop.patient.time.SlotGrid;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An appointment as stored in appointments_by_id.
 *
 * @param zone the clinic's time zone, in which {@link #day()} and the JSON times are given
 * @param end when the service ends
 * @param blockedUntil when the buffer after it ends: the provider's time is held until then
 * @param version 1 when booked, one more with each change
 * @param claimId the claim on provider_time_by_day that holds its time now
 * @param requestHash what the booking request asked, to tell a replay from a different request with
 *     the same Idempotency-Key
 * @param room the room it holds (by name), when the patient's needs are met only in some rooms; its
 *     time is claimed under the same claim as the provider's
 */
public record Appointment(
    UUID id,
    UUID patientId,
    UUID clinicId,
    UUID providerId,
    UUID serviceId,
    ZoneId zone,
    Instant start,
    Instant end,
    Instant blockedUntil,
    AppointmentStatus status,
    int version,
    UUID claimId,
    String requestHash,
    Instant bookedAt,
    Instant updatedAt,
    Optional<String> room) {

  /** One that holds no room. */
  public Appointment(
      UUID id,
      UUID patientId,
      UUID clinicId,
      UUID providerId,
      UUID serviceId,
      ZoneId zone,
      Instant start,
      Instant end,
      Instant blockedUntil,
      AppointmentStatus status,
      int version,
      UUID claimId,
      String requestHash,
      Instant bookedAt,
      Instant updatedAt) {
    this(
        id,
        patientId,
        clinicId,
        providerId,
        serviceId,
        zone,
        start,
        end,
        blockedUntil,
        status,
        version,
        claimId,
        requestHash,
        bookedAt,
        updatedAt,
        Optional.empty());
  }

  /** The id the room's time is claimed under. */
  public Optional<UUID> roomId() {
    return room.map(name -> ClinicFacilities.Room.idOf(clinicId, name));
  }

  /** The local day of the clinic it takes place on; its time is claimed in that day's partition. */
  public LocalDate day() {
    return start.atZone(zone).toLocalDate();
  }

  /** The grid cells it holds: its duration and the buffer after it. */
  public List<Instant> cells() {
    return SlotGrid.cells(start, blockedUntil);
  }

  /** Whether it takes exactly as long as {@code service} and holds the provider as long. */
  public boolean lasts(ClinicalService service) {
    return Duration.between(start, end).equals(service.duration())
        && Duration.between(start, blockedUntil).equals(service.occupies());
  }

  public Interval occupied() {
    return new Interval(start, blockedUntil);
  }

  /** Whether its cells are held in provider_time_by_day: from booking until it is cancelled. */
  public boolean holdsTime() {
    return status != AppointmentStatus.PENDING && status != AppointmentStatus.CANCELLED;
  }

  public Appointment withStatus(AppointmentStatus next, int nextVersion, Instant at) {
    return new Appointment(
        id,
        patientId,
        clinicId,
        providerId,
        serviceId,
        zone,
        start,
        end,
        blockedUntil,
        next,
        nextVersion,
        claimId,
        requestHash,
        bookedAt,
        at,
        room);
  }

  public Appointment movedTo(UUID provider, Instant newStart, UUID newClaimId, Instant at) {
    return movedTo(
        provider,
        newStart,
        Duration.between(start, end),
        Duration.between(start, blockedUntil),
        room,
        newClaimId,
        at);
  }

  /**
   * Moved, taking {@code length}, holding the provider (and {@code newRoom}) for {@code held}
   * (length and buffer).
   */
  public Appointment movedTo(
      UUID provider,
      Instant newStart,
      Duration length,
      Duration held,
      Optional<String> newRoom,
      UUID newClaimId,
      Instant at) {
    return new Appointment(
        id,
        patientId,
        clinicId,
        provider,
        serviceId,
        zone,
        newStart,
        newStart.plus(length),
        newStart.plus(held),
        status,
        version + 1,
        newClaimId,
        requestHash,
        bookedAt,
        at,
        newRoom);
  }

  /**
   * The appointment as the change of its history left it (this is its latest state, the history its
   * past).
   */
  public Appointment asOf(AppointmentChange change) {
    // Rows written before lengths were kept are read with the current length.
    Duration length = Duration.between(start, end);
    Duration held = Duration.between(start, blockedUntil);
    return new Appointment(
        id,
        patientId,
        clinicId,
        change.providerId(),
        serviceId,
        zone,
        change.start(),
        change.end().orElse(change.start().plus(length)),
        change.blockedUntil().orElse(change.start().plus(held)),
        change.status(),
        change.version(),
        claimId,
        requestHash,
        bookedAt,
        change.changedAt(),
        change.end().isPresent() ? change.room() : room);
  }

  /** As the apps and the appointment-changed event see it (times in the clinic's zone). */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("patientId", patientId.toString())
            .put("clinicId", clinicId.toString())
            .put("providerId", providerId.toString())
            .put("serviceId", serviceId.toString())
            .put("timeZone", zone.getId())
            .put("start", local(start))
            .put("end", local(end))
            .put("bufferUntil", local(blockedUntil))
            .put("status", status.json())
            .put("version", version)
            .put("bookedAt", bookedAt.toString())
            .put("updatedAt", updatedAt.toString());
    room.ifPresent(name -> json.put("room", name));
    return json;
  }

  /** Reads {@link #toJson()} back (for consumers of the appointment-changed event). */
  public static Appointment fromJson(JsonObject json) {
    return new Appointment(
        UUID.fromString(json.getString("id")),
        UUID.fromString(json.getString("patientId")),
        UUID.fromString(json.getString("clinicId")),
        UUID.fromString(json.getString("providerId")),
        UUID.fromString(json.getString("serviceId")),
        ZoneId.of(json.getString("timeZone")),
        OffsetDateTime.parse(json.getString("start")).toInstant(),
        OffsetDateTime.parse(json.getString("end")).toInstant(),
        OffsetDateTime.parse(json.getString("bufferUntil")).toInstant(),
        AppointmentStatus.fromJson(json.getString("status")),
        json.getInteger("version"),
        null,
        null,
        Instant.parse(json.getString("bookedAt")),
        Instant.parse(json.getString("updatedAt")),
        Optional.ofNullable(json.getString("room")));
  }

  private String local(Instant time) {
    return rfc3339(time, zone);
  }

  /** RFC 3339 with the zone's offset; unlike OffsetDateTime.toString(), always with seconds. */
  public static String rfc3339(Instant time, ZoneId zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atZone(zone).toOffsetDateTime());
  }
}
