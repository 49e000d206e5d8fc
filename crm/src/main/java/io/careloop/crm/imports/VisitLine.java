package io.careloop.crm.imports;

import io.careloop.crm.projection.Visit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A past visit of a practice system: {@code {"externalPatientId", "visitId"?, "date", "status"
 * (completed, no-show or cancelled), "service", "provider"?, "price"?, "channel"? (how it was
 * booked: phone, walk-in, web, mini-program, app, other), "clinicId"}}.
 */
public record VisitLine(
    String externalPatientId,
    String visitId,
    LocalDate date,
    String status,
    String service,
    String provider,
    BigDecimal price,
    String channel,
    UUID clinicId) {

  static final Set<String> FIELDS =
      Set.of(
          "externalPatientId",
          "visitId",
          "date",
          "status",
          "service",
          "provider",
          "price",
          "channel",
          "clinicId");
  private static final Set<String> STATUSES = Set.of("completed", "no_show", "cancelled");
  private static final Set<String> CHANNELS =
      Set.of("phone", "walk_in", "web", "mini_program", "app", "other");

  public static VisitLine parse(String line, LocalDate today) {
    LineFields f = LineFields.of(line, FIELDS);
    String externalPatientId = f.text("externalPatientId", 128, true);
    String visitId = f.text("visitId", 128, false);
    LocalDate date = f.pastDate("date", today, true);
    String status = f.text("status", 20, true).toLowerCase(Locale.ROOT).replace('-', '_');
    if (!STATUSES.contains(status)) {
      throw new LineRefused("status must be completed, no-show or cancelled, got " + status);
    }
    return new VisitLine(
        externalPatientId,
        visitId,
        date,
        status,
        f.text("service", 200, true),
        f.text("provider", 200, false),
        f.price("price"),
        channel(f.text("channel", 20, false)),
        f.uuid("clinicId", true));
  }

  private static String channel(String given) {
    if (given == null) {
      return null;
    }
    String channel = given.toLowerCase(Locale.ROOT).replace('-', '_');
    if (!CHANNELS.contains(channel)) {
      throw new LineRefused(
          "channel must be phone, walk-in, web, mini-program, app or other, got " + given);
    }
    return channel;
  }

  /**
   * The visit it says, known by the system's visit id or else by patient, date, service and
   * provider.
   */
  Visit visitIn(String system) {
    String key =
        system
            + ":"
            + (visitId != null
                ? visitId
                : externalPatientId
                    + ":"
                    + date
                    + ":"
                    + service.toLowerCase(Locale.ROOT)
                    + ":"
                    + (provider == null ? "" : provider.toLowerCase(Locale.ROOT)));
    return new Visit(key, clinicId, date, status, service, provider, price, channel);
  }
}
