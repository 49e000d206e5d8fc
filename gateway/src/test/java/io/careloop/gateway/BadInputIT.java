package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the HTTP edge, over every operation of the OpenAPI document: unknown fields are
 * refused with 400 problem+json naming the place, before any handler, and nothing is stored (every
 * table of the keyspace is compared). The operations come from the document, so one added later is
 * covered without a change here.
 */
class BadInputIT {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);
  private final String marker = "edge" + UUID.randomUUID().toString().substring(0, 8);
  private final RequestBodies bodies = new RequestBodies(marker);
  private Map<String, String> tokens;

  @BeforeEach
  void signIn() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 30);
    tokens = Map.of("admin", fixture.admin(), "patient", fixture.patient().token(),
        "nurse", fixture.nurse(clinic).token());
  }

  @Test
  @DisplayName("An unknown field, at the top of any operation's body or in any object within it, is refused with 400 naming it, and nothing is stored")
  void unknownFieldsAreRefusedEverywhere() {
    Map<String, List<String>> before = StoredRows.snapshot();
    SoftAssertions softly = new SoftAssertions();

    forEveryOperation((operation, body) -> bodies.walk(body, operation.schema(), (place, value) -> {
      boolean map = place.schema() != null && place.schema().getValue("additionalProperties") instanceof JsonObject;
      if (value instanceof JsonObject && !map) {
        String unknown = place.pointer() + "/unexpectedField";
        var response = send(operation, RequestBodies.with(body, unknown, 1).encode());
        expectRefused(softly, operation.id(), response, unknown, "unknown field");
      }
    }));

    softly.assertAll();
    assertNothingStored(before);
  }

  @Test
  @DisplayName("PATCH /me without a field it knows is 400, and the profile is unchanged")
  void emptyProfilePatch() {
    String patient = tokens.get("patient");
    JsonObject profile = app.get("/api/v1/me", patient).bodyAsJsonObject();

    var empty = app.http.patch("/api/v1/me").bearerTokenAuthentication(patient).sendJsonObject(new JsonObject()).await();
    var unknownOnly = app.http.patch("/api/v1/me").bearerTokenAuthentication(patient)
        .sendJsonObject(new JsonObject().put("nmae", "Typo").put("fone", "+33 1")).await();

    assertProblem(empty, 400, null);
    assertProblem(unknownOnly, 400, "#/nmae");
    assertThat(unknownOnly.bodyAsJsonObject().getJsonArray("errors")).contains(
        new JsonObject().put("pointer", "#/fone").put("detail", "unknown field"));
    assertThat(unknownOnly.bodyAsJsonObject().getString("detail")).contains("#/nmae", "#/fone");
    assertThat(app.get("/api/v1/me", patient).bodyAsJsonObject()).isEqualTo(profile);
  }

  /** Calls {@code check} with every operation that takes a body and a body its schema accepts. */
  private void forEveryOperation(BiConsumer<RequestBodies.Operation, JsonObject> check) {
    List<RequestBodies.Operation> operations = bodies.withBody();
    assertThat(operations).extracting(RequestBodies.Operation::id).contains("registerPatient", "bookAppointment",
        "updateMe", "createCareJourney");
    for (RequestBodies.Operation operation : operations) {
      check.accept(operation, (JsonObject) bodies.example(operation.schema()));
    }
  }

  private HttpResponse<Buffer> send(RequestBodies.Operation operation, String json) {
    var request = app.http.request(HttpMethod.valueOf(operation.method()), bodies.path(operation))
        .putHeader("Content-Type", "application/json");
    bodies.headers(operation).forEach(request::putHeader);
    if (!operation.roles().isEmpty()) {
      String role = List.of("admin", "patient", "nurse").stream().filter(operation.roles()::contains).findFirst()
          .orElseThrow();
      request.bearerTokenAuthentication(tokens.get(role));
    }
    return request.sendBuffer(Buffer.buffer(json)).await();
  }

  private static void expectRefused(SoftAssertions softly, String operationId, HttpResponse<Buffer> response,
                                    String pointer, String detail) {
    softly.assertThat(response.statusCode()).as(operationId + " " + pointer + ": " + response.bodyAsString())
        .isEqualTo(400);
    softly.assertThat(response.getHeader("Content-Type")).as(operationId + " " + pointer)
        .isEqualTo("application/problem+json");
    softly.assertThat(errors(response)).as(operationId + " " + pointer + ": " + response.bodyAsString())
        .anySatisfy(error -> {
          assertThat(error.getString("pointer")).isEqualTo(pointer);
          if (detail != null) {
            assertThat(error.getString("detail")).isEqualTo(detail);
          }
        });
  }

  private static List<JsonObject> errors(HttpResponse<Buffer> response) {
    try {
      JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors", new JsonArray());
      return errors.stream().map(JsonObject.class::cast).toList();
    } catch (RuntimeException notJson) {
      return List.of();
    }
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String pointer) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith("/validation");
    if (pointer != null) {
      assertThat(errors(response)).as(response.bodyAsString()).extracting(e -> e.getString("pointer"))
          .contains(pointer);
    }
  }

  private void assertNothingStored(Map<String, List<String>> before) {
    assertThat(StoredRows.snapshot()).isEqualTo(before);
    assertThat(StoredRows.mentioning(marker)).isEmpty();
  }
}
