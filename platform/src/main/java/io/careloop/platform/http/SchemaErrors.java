package io.careloop.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body that breaks the OpenAPI schema, as a 400 naming every field at fault (RFC 9457's
 * {@code errors} with a {@code pointer} each). The validator also reports a declared property whose
 * value is wrong as an "additional property", and the location that holds the wrong one; only the
 * deepest, most specific error at each place is the client's to fix.
 */
final class SchemaErrors {

  private static final String UNKNOWN = "/additionalProperties";

  private SchemaErrors() {}

  static Problem toProblem(SchemaValidationException e) {
    if (e.getOutputUnit() == null || !e.getMessage().startsWith("The value of the request body")) {
      return Problem.validation(e.getMessage()); // a parameter: the validator's message names it
    }
    List<OutputUnit> errors = innermost(e.getOutputUnit());
    List<String> unknown =
        errors.stream()
            .filter(SchemaErrors::isUnknownField)
            .map(OutputUnit::getInstanceLocation)
            .toList();
    JsonArray listed = new JsonArray();
    errors.forEach(
        u ->
            listed.add(
                new JsonObject()
                    .put("pointer", u.getInstanceLocation())
                    .put("detail", isUnknownField(u) ? "unknown field" : u.getError())));
    String detail =
        unknown.size() == errors.size()
            ? "Unknown field"
                + (unknown.size() > 1 ? "s " : " ")
                + String.join(", ", unknown)
                + ": the API takes only the fields it documents"
            : "The request body is invalid: "
                + String.join(
                    "; ",
                    errors.stream()
                        .map(u -> u.getInstanceLocation() + " " + u.getError())
                        .toList());
    return new Problem(
        400,
        "validation",
        "The request is not valid",
        detail,
        new JsonObject().put("errors", listed));
  }

  /**
   * Per place in the body that holds no deeper error, its most specific error: an unknown field
   * only when nothing else is wrong there.
   */
  static List<OutputUnit> innermost(OutputUnit result) {
    List<OutputUnit> all =
        result.getErrors() == null || result.getErrors().isEmpty()
            ? List.of(result)
            : result.getErrors();
    Map<String, OutputUnit> byPlace = new LinkedHashMap<>();
    Comparator<OutputUnit> specific =
        Comparator.<OutputUnit, Boolean>comparing(u -> !isUnknownField(u))
            .thenComparingInt(u -> u.getKeywordLocation().length());
    for (OutputUnit error : all) {
      byPlace.merge(
          error.getInstanceLocation(), error, (a, b) -> specific.compare(a, b) >= 0 ? a : b);
    }
    List<OutputUnit> deepest = new ArrayList<>();
    byPlace.forEach(
        (place, error) -> {
          if (byPlace.keySet().stream().noneMatch(other -> other.startsWith(place + "/"))) {
            deepest.add(error);
          }
        });
    return deepest;
  }

  private static boolean isUnknownField(OutputUnit error) {
    return error.getKeywordLocation().endsWith(UNKNOWN);
  }
}
