package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Signing in and out through the API: who is slowed down, and what ends when. */
class SignInIT {

  private static final String PASSWORD = "a long enough password";
  private final TestApp app = TestApp.get();

  @Test
  @DisplayName(
      "Someone failing on a patient's e-mail is slowed down; the patient signs in from home")
  void attackerSlowedOwnerSignsIn() {
    String email = "p-" + UUID.randomUUID() + "@example.org";
    app.app
        .patients()
        .accounts()
        .registerPatient(email, PASSWORD, "Pat", "Europe/Paris", null)
        .await();

    int lastAttack = 0;
    for (int i = 0; i < 10; i++) {
      lastAttack = signIn("203.0.113.66", email, "guess number " + i).statusCode();
    }
    HttpResponse<Buffer> attackerRight = signIn("203.0.113.66", email, PASSWORD);
    HttpResponse<Buffer> owner = signIn("198.51.100.20", email, PASSWORD);

    assertThat(lastAttack).isEqualTo(429);
    assertThat(attackerRight.statusCode())
        .as("even the right password waits where the guessing happened")
        .isEqualTo(429);
    assertThat(attackerRight.getHeader("Retry-After")).isNotBlank();
    assertThat(owner.statusCode()).as("the owner's address has not failed").isEqualTo(200);
    assertThat(owner.bodyAsJsonObject().getString("accessToken")).isNotBlank();
  }

  @Test
  @DisplayName(
      "After sign-out the sign-in's access token is refused at once, and a refresh token used twice"
          + " ends its sign-in's access tokens too")
  void signOutEndsAccessTokens() {
    String email = "p-" + UUID.randomUUID() + "@example.org";
    app.app
        .patients()
        .accounts()
        .registerPatient(email, PASSWORD, "Pat", "Europe/Paris", null)
        .await();
    JsonObject phone = signIn("198.51.100.21", email, PASSWORD).bodyAsJsonObject();
    JsonObject tablet = signIn("198.51.100.21", email, PASSWORD).bodyAsJsonObject();
    assertThat(app.get("/api/v1/me", phone.getString("accessToken")).statusCode()).isEqualTo(200);

    assertThat(
            app.post(
                    "/api/v1/auth/logout",
                    phone.getString("accessToken"),
                    new JsonObject().put("refreshToken", phone.getString("refreshToken")))
                .statusCode())
        .isEqualTo(204);

    HttpResponse<Buffer> afterSignOut = app.get("/api/v1/me", phone.getString("accessToken"));
    assertThat(afterSignOut.statusCode()).isEqualTo(401);
    assertThat(afterSignOut.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(app.get("/api/v1/me", tablet.getString("accessToken")).statusCode())
        .as("another sign-in")
        .isEqualTo(200);

    JsonObject rotated =
        app.post(
                "/api/v1/auth/refresh",
                null,
                new JsonObject().put("refreshToken", tablet.getString("refreshToken")))
            .bodyAsJsonObject();
    assertThat(
            app.post(
                    "/api/v1/auth/refresh",
                    null,
                    new JsonObject().put("refreshToken", tablet.getString("refreshToken")))
                .statusCode())
        .as("the old refresh token again: stolen")
        .isEqualTo(401);
    assertThat(app.get("/api/v1/me", rotated.getString("accessToken")).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "A password change needs the current password, ends the other sign-ins and keeps this one;"
          + " a reset answers alike for every address and refuses a made-up token")
  void passwords() {
    String email = "p-" + UUID.randomUUID() + "@example.org";
    app.app
        .patients()
        .accounts()
        .registerPatient(email, PASSWORD, "Pat", "Europe/Paris", null)
        .await();
    String here =
        signIn("198.51.100.22", email, PASSWORD).bodyAsJsonObject().getString("accessToken");
    String elsewhere =
        signIn("198.51.100.23", email, PASSWORD).bodyAsJsonObject().getString("accessToken");

    HttpResponse<Buffer> wrong =
        app.post(
            "/api/v1/me/password",
            here,
            new JsonObject()
                .put("currentPassword", "not the password")
                .put("newPassword", "a new long password"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.bodyAsJsonObject().getString("type")).endsWith("/wrong-password");
    assertThat(app.get("/api/v1/me", elsewhere).statusCode()).as("nothing changed").isEqualTo(200);

    assertThat(
            app.post(
                    "/api/v1/me/password",
                    here,
                    new JsonObject()
                        .put("currentPassword", PASSWORD)
                        .put("newPassword", "a new long password"))
                .statusCode())
        .isEqualTo(204);
    assertThat(app.get("/api/v1/me", here).statusCode()).isEqualTo(200);
    assertThat(app.get("/api/v1/me", elsewhere).statusCode()).isEqualTo(401);
    assertThat(signIn("198.51.100.24", email, "a new long password").statusCode()).isEqualTo(200);

    HttpResponse<Buffer> known =
        app.post("/api/v1/auth/password-reset", null, new JsonObject().put("email", email));
    HttpResponse<Buffer> unknown =
        app.post(
            "/api/v1/auth/password-reset",
            null,
            new JsonObject().put("email", "nobody-" + UUID.randomUUID() + "@example.org"));
    assertThat(known.statusCode()).isEqualTo(202);
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(known.bodyAsString()).isEqualTo(unknown.bodyAsString());

    HttpResponse<Buffer> madeUp =
        app.post(
            "/api/v1/auth/password-reset/confirm",
            null,
            new JsonObject()
                .put("token", "made-up-token")
                .put("newPassword", "someone else's password"));
    assertThat(madeUp.statusCode()).isEqualTo(400);
    assertThat(madeUp.bodyAsJsonObject().getString("type")).endsWith("/invalid-reset-token");
    assertThat(signIn("198.51.100.24", email, "a new long password").statusCode()).isEqualTo(200);
  }

  private HttpResponse<Buffer> signIn(String client, String email, String password) {
    return app.http
        .post("/api/v1/auth/login")
        .putHeader("X-Forwarded-For", client)
        .sendJsonObject(new JsonObject().put("email", email).put("password", password))
        .await();
  }
}
