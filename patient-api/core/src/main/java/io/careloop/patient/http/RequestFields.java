package io.careloop.patient.http;

import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the values of a request that the OpenAPI schema can only describe (ids, dates, times): a
 * value that does not parse is a 400 naming the field, never a 500.
 */
final class RequestFields {

  private RequestFields() {}

  static UUID pathUuid(RoutingContext ctx, String name) {
    return uuid(name, ctx.pathParam(name));
  }

  static Optional<UUID> queryUuid(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name))
        .filter(v -> !v.isBlank())
        .map(v -> uuid(name, v));
  }

  static LocalDate queryDate(RoutingContext ctx, String name) {
    return date(name, ctx.queryParams().get(name));
  }

  static UUID uuid(String name, String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.validation(name + " must be a UUID, got " + value);
    }
  }

  static Optional<UUID> optionalUuid(JsonObject body, String name) {
    return Optional.ofNullable(body.getString(name)).map(v -> uuid(name, v));
  }

  static Set<UUID> uuids(JsonObject body, String name) {
    JsonArray values = body.getJsonArray(name, new JsonArray());
    Set<UUID> ids = new LinkedHashSet<>();
    for (Object value : values) {
      ids.add(uuid(name, String.valueOf(value)));
    }
    return ids;
  }

  static LocalDate date(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException | NullPointerException e) {
      throw Problem.validation(name + " must be a date like 2026-11-24, got " + value);
    }
  }

  /** An RFC 3339 time with offset: an appointment's start must not depend on a guessed zone. */
  static Instant instant(String name, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException | NullPointerException e) {
      throw Problem.validation(
          name
              + " must be an RFC 3339 time with offset, e.g. 2026-11-24T09:30:00+01:00, got "
              + value);
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
