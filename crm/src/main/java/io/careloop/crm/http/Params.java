package io.careloop.crm.http;

import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what the OpenAPI schema cannot check (ids, times): a value that does not parse is a 400
 * naming it.
 */
final class Params {

  private Params() {}

  static UUID pathUuid(RoutingContext ctx, String name) {
    return uuid(name, ctx.pathParam(name));
  }

  static Optional<UUID> queryUuid(RoutingContext ctx, String name) {
    return query(ctx, name).map(v -> uuid(name, v));
  }

  static Optional<String> query(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).filter(v -> !v.isBlank());
  }

  static int limit(RoutingContext ctx, int byDefault, int max) {
    Optional<String> value = query(ctx, "limit");
    try {
      int limit = value.map(Integer::parseInt).orElse(byDefault);
      if (limit < 1 || limit > max) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw Problem.validation("limit must be 1 to " + max + ", got " + value.orElse(""));
    }
  }

  /**
   * A time of the query: RFC 3339 with offset, or a date (its start in UTC; the day after, for an
   * end).
   */
  static Optional<Instant> time(RoutingContext ctx, String name, boolean end) {
    return query(ctx, name)
        .map(
            value -> {
              try {
                return value.length() == 10
                    ? LocalDate.parse(value)
                        .plusDays(end ? 1 : 0)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                    : OffsetDateTime.parse(value).toInstant();
              } catch (DateTimeException e) {
                throw Problem.validation(
                    name
                        + " must be a date (2026-11-24) or an RFC 3339 time with offset, got "
                        + value);
              }
            });
  }

  static UUID uuid(String name, String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.validation(name + " must be a UUID, got " + value);
    }
  }

  static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw Problem.validation("A JSON object body is required");
    }
    return body;
  }
}
