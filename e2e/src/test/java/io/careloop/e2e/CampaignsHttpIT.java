package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The admins' campaigns over HTTP: a bad one refused with its place and nothing stored, the author
 * unable to approve their own, a second admin approving once, an approved one changed by a new
 * version, its stats and its end.
 */
class CampaignsHttpIT {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);

  private String secondAdmin() {
    String email = "admin-" + UUID.randomUUID() + "@example.org";
    HttpResponse<Buffer> created =
        app.post(
            "/api/v1/admin/staff",
            fixture.admin(),
            new JsonObject()
                .put("email", email)
                .put("password", "a long enough password")
                .put("name", "Second Admin")
                .put("role", "admin"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return app.signIn(email, "a long enough password");
  }

  /**
   * For patients in decline of a clinic that does not exist: it reaches no other test's patient.
   */
  private static JsonObject campaign(String name) {
    return new JsonObject()
        .put("name", name)
        .put("kind", "care")
        .put(
            "audience",
            new JsonObject()
                .put("stages", new JsonArray().add("decline"))
                .put("clinicIds", new JsonArray().add(UUID.randomUUID().toString())))
        .put("trigger", new JsonObject().put("type", "stage-entered").put("stage", "decline"))
        .put("sendAt", "10:00")
        .put(
            "message",
            new JsonObject()
                .put("title", "Shall we check on your teeth?")
                .put("body", "Pick a time that suits you.")
                .put("deepLink", "careloop://book?service=check-up"));
  }

  private HttpResponse<Buffer> post(String path, String token) {
    return app.post(path, token, new JsonObject());
  }

  @Test
  @DisplayName(
      "A campaign that targets nothing or is marketing without consent is refused with 400 naming the field, and nothing is stored")
  void badCampaignsAreRefusedWithThePlace() {
    String name = "refused-" + UUID.randomUUID();

    HttpResponse<Buffer> marketing =
        app.post(
            "/api/v1/admin/campaigns", fixture.admin(), campaign(name).put("kind", "marketing"));
    HttpResponse<Buffer> nobody =
        app.post(
            "/api/v1/admin/campaigns",
            fixture.admin(),
            campaign(name)
                .put("audience", new JsonObject().put("stages", new JsonArray().add("growth"))));

    assertThat(marketing.statusCode()).isEqualTo(400);
    assertThat(marketing.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(
            marketing
                .bodyAsJsonObject()
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("pointer"))
        .isEqualTo("#/consent");
    assertThat(nobody.statusCode()).isEqualTo(400);
    assertThat(nobody.bodyAsJsonObject().getString("detail")).startsWith("/trigger/stage");
    assertThat(StoredRows.holding(Set.of(name))).as("rows naming the refused campaign").isEmpty();
  }

  @Test
  @DisplayName(
      "Its author cannot approve a campaign (403); a second admin can, once (then 409); a change to it is a new version; stats and end answer")
  void secondAdminApprovesOnce() {
    String author = fixture.admin();
    String approver = secondAdmin();
    JsonObject draft =
        app.post("/api/v1/admin/campaigns", author, campaign("c-" + UUID.randomUUID()))
            .bodyAsJsonObject();
    String path = "/api/v1/admin/campaigns/" + draft.getString("id");
    assertThat(draft.getString("status")).isEqualTo("draft");

    HttpResponse<Buffer> byAuthor = post(path + "/approve", author);
    HttpResponse<Buffer> approved = post(path + "/approve", approver);
    HttpResponse<Buffer> again = post(path + "/approve", approver);
    HttpResponse<Buffer> changed =
        app.http
            .put(path)
            .bearerTokenAuthentication(author)
            .sendJsonObject(campaign("changed-" + UUID.randomUUID()))
            .await();
    HttpResponse<Buffer> stats = app.get(path + "/stats", approver);
    HttpResponse<Buffer> ended = post(path + "/end", approver);

    assertThat(byAuthor.statusCode()).isEqualTo(403);
    assertThat(approved.statusCode()).as(approved.bodyAsString()).isEqualTo(200);
    assertThat(approved.bodyAsJsonObject().getString("status")).isEqualTo("active");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(201);
    assertThat(changed.bodyAsJsonObject().getString("supersedes")).isEqualTo(draft.getString("id"));
    assertThat(changed.bodyAsJsonObject().getString("status")).isEqualTo("draft");
    assertThat(stats.statusCode()).as(stats.bodyAsString()).isEqualTo(200);
    assertThat(stats.bodyAsJsonObject().getInteger("audience")).isZero();
    assertThat(ended.bodyAsJsonObject().getString("status")).isEqualTo("ended");
    assertThat(
            app.get("/api/v1/admin/campaigns", approver)
                .bodyAsJsonObject()
                .getJsonArray("campaigns"))
        .extracting(c -> ((JsonObject) c).getString("id"))
        .contains(draft.getString("id"), changed.bodyAsJsonObject().getString("id"));
  }
}
