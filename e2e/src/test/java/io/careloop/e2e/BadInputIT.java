package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.gateway.RequestBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the HTTP edge, over every operation of the OpenAPI document: unknown fields, values
 * of the wrong type, text too long and text no field takes are refused with 400 problem+json naming
 * the place, before any handler; bad path, query and header parameters get a 4xx problem, never a
 * 5xx; and nothing is stored (every table of the keyspace is compared). The operations come from
 * the document, so one added later is covered without a change here.
 */
class BadInputIT {

  /**
   * Stands for a lone surrogate in a body's text: replaced by the JSON escape once the body is
   * encoded.
   */
  private static final String LONE_SURROGATE = "LONE-SURROGATE";

  /** Longer than any text field takes, well within the body limit. */
  private static final int HUGE_TEXT = 20_000;

  /**
   * Longer than a parameter without a maxLength should take, well within the request line's limit.
   */
  private static final int LONG_PARAMETER = 3_000;

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);
  private final String marker = "edge" + UUID.randomUUID().toString().substring(0, 8);
  private final RequestBodies bodies = new RequestBodies(marker);
  private Map<String, String> tokens;

  @BeforeEach
  void signIn() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 30);
    tokens =
        Map.of(
            "admin",
            fixture.admin(),
            "patient",
            fixture.patient().token(),
            "nurse",
            fixture.nurse(clinic).token());
  }

  @Test
  @DisplayName(
      "An unknown field, at the top of any operation's body or in any object within it, is refused with 400 naming it, and nothing is stored")
  void unknownFieldsAreRefusedEverywhere() {
    Map<String, List<String>> before = StoredRows.snapshot();
    SoftAssertions softly = new SoftAssertions();

    forEveryOperation(
        (operation, body) ->
            bodies.walk(
                body,
                operation.schema(),
                (place, value) -> {
                  boolean map =
                      place.schema() != null
                          && place.schema().getValue("additionalProperties") instanceof JsonObject;
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
  @DisplayName(
      "A lone surrogate in any text of any operation's body is refused with 400 naming the field, and nothing is stored")
  void loneSurrogatesAreRefusedEverywhere() {
    Map<String, List<String>> before = StoredRows.snapshot();
    SoftAssertions softly = new SoftAssertions();

    forEveryOperation(
        (operation, body) ->
            bodies.walk(
                body,
                operation.schema(),
                (place, value) -> {
                  if (value instanceof String) {
                    String json =
                        RequestBodies.with(body, place.pointer(), marker + LONE_SURROGATE)
                            .encode()
                            .replace(LONE_SURROGATE, "\\ud800");
                    expectRefused(
                        softly, operation.id(), send(operation, json), place.pointer(), null);
                  }
                }));

    softly.assertAll();
    assertNothingStored(before);
  }

  @Test
  @DisplayName(
      "A control character in any single-line text of any operation's body is refused with 400 naming the field, and nothing is stored")
  void controlCharactersAreRefusedInSingleLineText() {
    Map<String, List<String>> before = StoredRows.snapshot();
    SoftAssertions softly = new SoftAssertions();

    forEveryOperation(
        (operation, body) ->
            bodies.walk(
                body,
                operation.schema(),
                (place, value) -> {
                  if (value instanceof String) {
                    for (String control : List.of("\u0000", "\u0007", "\n", "\u0085", "\u2028")) {
                      boolean multiline =
                          place.schema() != null
                              && Boolean.TRUE.equals(place.schema().getValue("x-multiline"));
                      if (!(multiline && control.equals("\n"))) {
                        var response =
                            send(
                                operation,
                                RequestBodies.with(body, place.pointer(), marker + control)
                                    .encode());
                        expectRefused(softly, operation.id(), response, place.pointer(), null);
                      }
                    }
                  }
                }));

    softly.assertAll();
    assertNothingStored(before);
  }

  @Test
  @DisplayName(
      "A password with a lone surrogate is refused: it no longer signs in as the same password as '?'")
  void loneSurrogatePasswords() {
    String email = "pw-" + UUID.randomUUID() + "@example.org";
    var registered =
        app.post(
            "/api/v1/auth/register",
            null,
            new JsonObject()
                .put("email", email)
                .put("password", "a long enough password ?")
                .put("name", "Question Mark")
                .put("timeZone", "Europe/Paris"));
    String login =
        new JsonObject()
            .put("email", email)
            .put("password", "a long enough password " + LONE_SURROGATE)
            .encode();
    String otherEmail = "pw-" + UUID.randomUUID() + "@example.org";
    String register =
        new JsonObject()
            .put("email", otherEmail)
            .put("name", "Surrogate")
            .put("password", "a long enough password " + LONE_SURROGATE)
            .put("timeZone", "Europe/Paris")
            .encode();

    var signIn = postRaw("/api/v1/auth/login", null, login.replace(LONE_SURROGATE, "\\udbff"));
    var lossyRegistration =
        postRaw("/api/v1/auth/register", null, register.replace(LONE_SURROGATE, "\\ud800"));

    assertThat(registered.statusCode()).isEqualTo(201);
    assertProblem(signIn, 400, "#/password");
    assertProblem(lossyRegistration, 400, "#/password");
    assertThat(StoredRows.mentioning(otherEmail)).isEmpty();
  }

  @Test
  @DisplayName(
      "Line breaks are taken where the document marks text multi-line (a clinic's address), and refused in its name")
  void lineBreaksOnlyInMultilineText() {
    String name = "Clinic " + UUID.randomUUID();
    JsonObject clinic =
        new JsonObject()
            .put("name", name)
            .put("address", "1 Rue de la Paix\n75002 Paris")
            .put("timeZone", "Europe/Paris");

    var created = app.post("/api/v1/admin/clinics", tokens.get("admin"), clinic);
    var twoLineName =
        app.post(
            "/api/v1/admin/clinics", tokens.get("admin"), clinic.copy().put("name", name + "\nB"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("address"))
        .isEqualTo("1 Rue de la Paix\n75002 Paris");
    assertProblem(twoLineName, 400, "#/name");
    assertThat(StoredRows.mentioning(name + "\nB")).isEmpty();
  }

  @Test
  @DisplayName(
      "A care journey's data keys are text too: a lone surrogate or a control character in one is refused")
  void textInFieldNames() {
    JsonObject journey =
        new JsonObject()
            .put("name", marker)
            .put("trigger", "appointment.completed")
            .put("delayDays", 1)
            .put("title", "Tip")
            .put("body", "Floss tonight");

    var surrogate =
        postRaw(
            "/api/v1/admin/care-journeys",
            tokens.get("admin"),
            journey
                .copy()
                .put("data", new JsonObject().put("k" + LONE_SURROGATE, "v"))
                .encode()
                .replace(LONE_SURROGATE, "\\ud800"));
    var control =
        app.post(
            "/api/v1/admin/care-journeys",
            tokens.get("admin"),
            journey.copy().put("data", new JsonObject().put("k\u0001", "v")));

    assertProblem(surrogate, 400, "#/data/k\\ud800");
    assertProblem(control, 400, "#/data/k\\u0001");
    assertThat(StoredRows.mentioning(marker)).isEmpty();
  }

  @Test
  @DisplayName(
      "A control character (C0, C1, a Unicode line separator) in a path or query parameter is refused with 400 naming it, and nothing is stored")
  void controlCharactersInParameters() {
    Map<String, List<String>> before = StoredRows.snapshot();
    SoftAssertions softly = new SoftAssertions();

    for (String control : List.of("%07", "%C2%85", "%E2%80%A8")) {
      var path = app.delete("/api/v1/me/push-tokens/a" + control + "b", tokens.get("patient"));
      var query =
          app.get("/api/v1/me/notifications?pageToken=a" + control + "b", tokens.get("patient"));
      expectParameterRefused(softly, path, "path parameter token");
      expectParameterRefused(softly, query, "query parameter pageToken");
    }

    softly.assertAll();
    assertNothingStored(before);
  }

  @Test
  @DisplayName(
      "A value of the wrong type, or longer than any field takes, anywhere in any operation's body is refused with 400 naming the place, and nothing is stored")
  void wrongTypesAndHugeValuesInBodies() {
    Map<String, List<String>> before = StoredRows.snapshot();
    SoftAssertions softly = new SoftAssertions();

    forEveryOperation(
        (operation, body) ->
            bodies.walk(
                body,
                operation.schema(),
                (place, value) -> {
                  if (place.pointer().equals("#")
                      || place.schema() == null
                      || !place.schema().containsKey("type")) {
                    return; // the root is the body itself; a place of any type has no wrong one
                  }
                  var wrongType =
                      send(
                          operation,
                          RequestBodies.with(body, place.pointer(), wrongType(value)).encode());
                  expectRefused(softly, operation.id(), wrongType, place.pointer(), null);
                  if (value instanceof String) {
                    var huge =
                        send(
                            operation,
                            RequestBodies.with(
                                    body, place.pointer(), marker + "x".repeat(HUGE_TEXT))
                                .encode());
                    expectRefused(softly, operation.id(), huge, place.pointer(), null);
                  }
                }));

    softly.assertAll();
    assertNothingStored(before);
  }

  @Test
  @DisplayName(
      "A path, query or header parameter of the wrong type, too long, or not UTF-8 is refused with 4xx problem+json by every operation, never a 5xx, and nothing is stored")
  void badParametersEverywhere() {
    Map<String, List<String>> before = StoredRows.snapshot();
    SoftAssertions softly = new SoftAssertions();

    for (RequestBodies.Operation operation : bodies.all()) {
      for (JsonObject parameter : operation.parameters()) {
        for (String bad : badValues(parameter)) {
          var response = sendWith(operation, parameter, bad);
          String what =
              operation.id()
                  + " "
                  + parameter.getString("in")
                  + " parameter "
                  + parameter.getString("name")
                  + "="
                  + (bad.length() > 40 ? bad.substring(0, 40) + "..." : bad)
                  + ": "
                  + response.bodyAsString();
          softly.assertThat(response.statusCode()).as(what).isBetween(400, 499).isNotIn(401, 403);
          softly
              .assertThat(response.getHeader("Content-Type"))
              .as(what)
              .isEqualTo("application/problem+json");
        }
      }
    }

    softly.assertAll();
    assertNothingStored(before);
  }

  @Test
  @DisplayName("PATCH /me without a field it knows is 400, and the profile is unchanged")
  void emptyProfilePatch() {
    String patient = tokens.get("patient");
    JsonObject profile = app.get("/api/v1/me", patient).bodyAsJsonObject();

    var empty =
        app.http
            .patch("/api/v1/me")
            .bearerTokenAuthentication(patient)
            .sendJsonObject(new JsonObject())
            .await();
    var unknownOnly =
        app.http
            .patch("/api/v1/me")
            .bearerTokenAuthentication(patient)
            .sendJsonObject(new JsonObject().put("nmae", "Typo").put("fone", "+33 1"))
            .await();

    assertProblem(empty, 400, null);
    assertProblem(unknownOnly, 400, "#/nmae");
    assertThat(unknownOnly.bodyAsJsonObject().getJsonArray("errors"))
        .contains(new JsonObject().put("pointer", "#/fone").put("detail", "unknown field"));
    assertThat(unknownOnly.bodyAsJsonObject().getString("detail")).contains("#/nmae", "#/fone");
    assertThat(app.get("/api/v1/me", patient).bodyAsJsonObject()).isEqualTo(profile);
  }

  /** Calls {@code check} with every operation that takes a body and a body its schema accepts. */
  private void forEveryOperation(BiConsumer<RequestBodies.Operation, JsonObject> check) {
    List<RequestBodies.Operation> operations = bodies.withBody();
    assertThat(operations)
        .extracting(RequestBodies.Operation::id)
        .contains("registerPatient", "bookAppointment", "updateMe", "createCareJourney");
    for (RequestBodies.Operation operation : operations) {
      check.accept(operation, (JsonObject) bodies.example(operation.schema()));
    }
  }

  private HttpResponse<Buffer> send(RequestBodies.Operation operation, String json) {
    var request =
        app.http
            .request(HttpMethod.valueOf(operation.method()), bodies.path(operation))
            .putHeader("Content-Type", "application/json");
    bodies.headers(operation).forEach(request::putHeader);
    authorize(request, operation);
    return request.sendBuffer(Buffer.buffer(json)).await();
  }

  /** A token of a role the operation allows. */
  private void authorize(HttpRequest<Buffer> request, RequestBodies.Operation operation) {
    if (!operation.roles().isEmpty()) {
      String role =
          List.of("admin", "patient", "nurse").stream()
              .filter(operation.roles()::contains)
              .findFirst()
              .orElseThrow();
      request.bearerTokenAuthentication(tokens.get(role));
    }
  }

  /**
   * The operation with valid parameters and body, but {@code bad} (already URL-encoded) for {@code
   * parameter}.
   */
  private HttpResponse<Buffer> sendWith(
      RequestBodies.Operation operation, JsonObject parameter, String bad) {
    String name = parameter.getString("name");
    String in = parameter.getString("in");
    String path =
        in.equals("path")
            ? bodies.path(withoutParameter(operation, name)).replace("{" + name + "}", bad)
            : bodies.path(operation);
    StringBuilder query = new StringBuilder();
    for (JsonObject other : operation.parameters()) {
      if (other.getString("in").equals("query")
          && (other == parameter || other.getBoolean("required", false))) {
        String value =
            other == parameter
                ? bad
                : URLEncoder.encode(
                    bodies.example(other.getJsonObject("schema")).toString(),
                    StandardCharsets.UTF_8);
        query
            .append(query.isEmpty() ? "?" : "&")
            .append(other.getString("name"))
            .append('=')
            .append(value);
      }
    }
    var request = app.http.request(HttpMethod.valueOf(operation.method()), path + query);
    bodies.headers(operation).forEach(request::putHeader);
    if (in.equals("header")) {
      request.putHeader(name, bad);
    }
    authorize(request, operation);
    if (operation.schema() == null) {
      return request.send().await();
    }
    return request
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(((JsonObject) bodies.example(operation.schema())).encode()))
        .await();
  }

  private static RequestBodies.Operation withoutParameter(
      RequestBodies.Operation operation, String name) {
    return new RequestBodies.Operation(
        operation.id(),
        operation.method(),
        operation.pathTemplate(),
        operation.parameters().stream().filter(p -> !p.getString("name").equals(name)).toList(),
        operation.schema(),
        operation.roles());
  }

  /**
   * Values of {@code parameter} its schema refuses, URL-encoded: of the wrong type, too long, not
   * UTF-8.
   */
  private static List<String> badValues(JsonObject parameter) {
    JsonObject schema = parameter.getJsonObject("schema");
    List<String> bad = new ArrayList<>();
    String type = schema.getString("type", "string");
    String format = schema.getString("format", "");
    if (type.equals("integer") || type.equals("number")) {
      bad.add("abc");
    } else if (type.equals("boolean")) {
      bad.add("maybe");
    } else if (schema.containsKey("enum")) {
      bad.add("no-such-value");
    } else if (format.equals("uuid")) {
      bad.add("not-a-uuid");
    } else if (format.equals("date")) {
      bad.add("2031-02-30");
    } else if (format.equals("date-time")) {
      bad.add("yesterday");
    }
    bad.add("1".repeat(schema.getInteger("maxLength", LONG_PARAMETER - 1) + 1));
    if (!parameter.getString("in").equals("header")) {
      bad.add("a%ED%A0%80b"); // U+D800 in UTF-8: no string holds it
    }
    return bad;
  }

  private static Object wrongType(Object value) {
    return value instanceof String
        ? (Object) 12345
        : value instanceof Number
            ? "12"
            : value instanceof Boolean
                ? "true"
                : value instanceof JsonArray ? new JsonObject() : new JsonArray().add("text");
  }

  private HttpResponse<Buffer> postRaw(String path, String token, String json) {
    var request = app.http.post(path).putHeader("Content-Type", "application/json");
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.sendBuffer(Buffer.buffer(json)).await();
  }

  private static void expectRefused(
      SoftAssertions softly,
      String operationId,
      HttpResponse<Buffer> response,
      String pointer,
      String detail) {
    softly
        .assertThat(response.statusCode())
        .as(operationId + " " + pointer + ": " + response.bodyAsString())
        .isEqualTo(400);
    softly
        .assertThat(response.getHeader("Content-Type"))
        .as(operationId + " " + pointer)
        .isEqualTo("application/problem+json");
    softly
        .assertThat(errors(response))
        .as(operationId + " " + pointer + ": " + response.bodyAsString())
        .anySatisfy(
            error -> {
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
      assertThat(errors(response))
          .as(response.bodyAsString())
          .extracting(e -> e.getString("pointer"))
          .contains(pointer);
    }
  }

  private static void expectParameterRefused(
      SoftAssertions softly, HttpResponse<Buffer> response, String parameter) {
    softly
        .assertThat(response.statusCode())
        .as(parameter + ": " + response.bodyAsString())
        .isEqualTo(400);
    softly
        .assertThat(response.getHeader("Content-Type"))
        .as(parameter)
        .isEqualTo("application/problem+json");
    softly.assertThat(response.bodyAsString()).as(parameter).contains(parameter);
  }

  private void assertNothingStored(Map<String, List<String>> before) {
    assertThat(StoredRows.snapshot()).isEqualTo(before);
    assertThat(StoredRows.mentioning(marker)).isEmpty();
  }
}
