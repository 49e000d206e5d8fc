package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.models.ModelRepository;
import io.careloop.crm.models.ModelRepository.Stored;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tag rule set that is wrong is refused with the place of the fault, and the rules in force stay
 * as they were.
 */
class CrmTagRulesIT {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);

  private static JsonObject ruleSet(JsonObject when) {
    return new JsonObject()
        .put(
            "rules",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", "fine-rule")
                        .put("tag", "fine")
                        .put("family", "consumption")
                        .put(
                            "when",
                            new JsonObject()
                                .put("kind", "compare")
                                .put("fact", "appointments.upcoming")
                                .put("op", ">=")
                                .put("value", 1)))
                .add(
                    new JsonObject()
                        .put("id", "faulty-rule")
                        .put("tag", "faulty")
                        .put("family", "health")
                        .put("when", when)));
  }

  private HttpResponse<Buffer> put(String token, JsonObject body) {
    return app.http
        .put("/api/v1/admin/tag-rules")
        .bearerTokenAuthentication(token)
        .sendJsonObject(body)
        .await();
  }

  private Optional<Stored> stored() {
    return app.app.crm().models().stored(ModelRepository.TAG_RULES).await();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName(
      "A rule set naming an unknown fact or kind, or an operator its fact's type does not allow, is 400 at its place; nothing changes")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown fact           | {\"kind\": \"compare\", \"fact\": \"plaque.someday\", \"op\": \">\", \"value\": 1} | /rules/1/when/fact",
        "nested unknown kind    | {\"kind\": \"not\", \"of\": {\"kind\": \"maybe\"}}                                  | /rules/1/when/of/kind",
        "operator not for type  | {\"kind\": \"compare\", \"fact\": \"appointments.upcoming\", \"op\": \"in\", \"value\": 1} | /rules/1/when/op"
      })
  void refusedAtItsPlace(String fault, String when, String pointer) {
    JsonObject before = app.get("/api/v1/admin/tag-rules", app.adminToken()).bodyAsJsonObject();
    Optional<Stored> storedBefore = stored();

    HttpResponse<Buffer> refused = put(app.adminToken(), ruleSet(new JsonObject(when)));

    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(
            refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("#" + pointer);
    assertThat(app.get("/api/v1/admin/tag-rules", app.adminToken()).bodyAsJsonObject())
        .isEqualTo(before);
    assertThat(stored().map(Stored::body)).isEqualTo(storedBefore.map(Stored::body));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("Staff other than admins may not read or replace the rules; nothing changes")
  @CsvSource({"nurse", "coordinator"})
  void onlyAdmins(String role) {
    String token = role.equals("nurse") ? world.nurse.token() : world.coordinator.token();
    JsonObject before = app.get("/api/v1/admin/tag-rules", app.adminToken()).bodyAsJsonObject();

    assertThat(app.get("/api/v1/admin/tag-rules", token).statusCode()).isEqualTo(403);
    assertThat(
            put(
                    token,
                    ruleSet(
                        new JsonObject()
                            .put("kind", "compare")
                            .put("fact", "appointments.upcoming")
                            .put("op", ">=")
                            .put("value", 2)))
                .statusCode())
        .isEqualTo(403);
    assertThat(app.get("/api/v1/admin/tag-rules", app.adminToken()).bodyAsJsonObject())
        .isEqualTo(before);
  }
}
