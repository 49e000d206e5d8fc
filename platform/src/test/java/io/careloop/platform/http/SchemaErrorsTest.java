package io.careloop.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidationContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaErrorsTest {

  private static final JsonObject SCHEMA =
      new JsonObject(
          """
      {"type": "object", "additionalProperties": false, "minProperties": 1, "properties": {
        "name": {"type": "string"},
        "data": {"type": "object", "additionalProperties": {"type": "string"}},
        "prefs": {"type": "object", "additionalProperties": false, "properties": {"recall": {"type": "boolean"}}}}}
      """);

  private static Problem problemOf(String body) {
    Validator validator =
        Validator.create(
            JsonSchema.of(SCHEMA),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("app://")
                .setOutputFormat(OutputFormat.Basic));
    OutputUnit result = validator.validate(new JsonObject(body));
    assertThat(result.getValid()).isFalse();
    return SchemaErrors.toProblem(
        SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, null));
  }

  private static JsonObject error(String pointer, String detail) {
    return new JsonObject().put("pointer", pointer).put("detail", detail);
  }

  @Test
  @DisplayName("Unknown fields, at the top and within an object, are each named as unknown")
  void unknownFields() {
    Problem problem = problemOf("{\"name\": \"A\", \"nmae\": 1, \"prefs\": {\"recal\": true}}");

    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.type()).endsWith("/validation");
    assertThat(problem.extensions().getJsonArray("errors"))
        .containsExactlyInAnyOrder(
            error("#/nmae", "unknown field"), error("#/prefs/recal", "unknown field"));
    assertThat(problem.getMessage())
        .startsWith("Unknown fields")
        .contains("#/nmae", "#/prefs/recal");
  }

  @Test
  @DisplayName(
      "A known field with a wrong value is named with what is wrong, not as an unknown field")
  void wrongValuesOfKnownFields() {
    Problem problem =
        problemOf("{\"name\": 7, \"data\": {\"k\": 1}, \"prefs\": {\"recall\": \"yes\"}}");

    JsonArray errors = problem.extensions().getJsonArray("errors");
    assertThat(errors)
        .extracting(e -> ((JsonObject) e).getString("pointer"))
        .containsExactlyInAnyOrder("#/name", "#/data/k", "#/prefs/recall");
    assertThat(errors)
        .extracting(e -> ((JsonObject) e).getString("detail"))
        .allMatch(d -> d.toString().contains("type"));
    assertThat(problem.getMessage()).doesNotContain("additional properties");
  }

  @Test
  @DisplayName("An empty body where at least one field is needed is named at the root")
  void empty() {
    Problem problem = problemOf("{}");

    assertThat(problem.extensions().getJsonArray("errors"))
        .extracting(e -> ((JsonObject) e).getString("pointer"))
        .containsExactly("#");
  }
}
