package io.careloop.crm.projection;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A past visit imported from a practice system.
 *
 * @param key the visit's identity: the practice system's visit id, or what tells it from the
 *     patient's other visits (date, service, provider)
 * @param status completed, no_show or cancelled
 * @param provider null when the system did not say
 * @param price null when the system did not say
 * @param channel how it was booked (phone, walk_in, web, mini_program, app, other); null when the
 *     system did not say
 */
public record Visit(
    String key,
    UUID clinicId,
    LocalDate day,
    String status,
    String service,
    String provider,
    BigDecimal price,
    String channel) {

  /** Whether both say the same (a price of 80 and of 80.00 are the same). */
  public boolean sameAs(Visit other) {
    return key.equals(other.key)
        && clinicId.equals(other.clinicId)
        && day.equals(other.day)
        && status.equals(other.status)
        && service.equals(other.service)
        && Objects.equals(provider, other.provider)
        && Objects.equals(channel, other.channel)
        && (price == null
            ? other.price == null
            : other.price != null && price.compareTo(other.price) == 0);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", key)
            .put("source", "import")
            .put("clinicId", clinicId.toString())
            .put("date", day.toString())
            .put("status", status)
            .put("service", service);
    if (provider != null) {
      json.put("provider", provider);
    }
    if (price != null) {
      json.put("price", price);
    }
    if (channel != null) {
      json.put("channel", channel);
    }
    return json;
  }
}
