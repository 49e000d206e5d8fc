package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Failed sign-ins slow down the address that fails, never lock the account's owner out. */
class SignInThrottleIT {

  private static final String PASSWORD = "a long enough password";
  private final TestApp app = TestApp.get();

  @Test
  @DisplayName("Someone failing on a patient's e-mail is slowed down; the patient signs in from home")
  void attackerSlowedOwnerSignsIn() {
    String email = "p-" + UUID.randomUUID() + "@example.org";
    app.app.patients().accounts().registerPatient(email, PASSWORD, "Pat", "Europe/Paris", null).await();

    int lastAttack = 0;
    for (int i = 0; i < 10; i++) {
      lastAttack = signIn("203.0.113.66", email, "guess number " + i).statusCode();
    }
    HttpResponse<Buffer> attackerRight = signIn("203.0.113.66", email, PASSWORD);
    HttpResponse<Buffer> owner = signIn("198.51.100.20", email, PASSWORD);

    assertThat(lastAttack).isEqualTo(429);
    assertThat(attackerRight.statusCode()).as("even the right password waits where the guessing happened")
        .isEqualTo(429);
    assertThat(attackerRight.getHeader("Retry-After")).isNotBlank();
    assertThat(owner.statusCode()).as("the owner's address has not failed").isEqualTo(200);
    assertThat(owner.bodyAsJsonObject().getString("accessToken")).isNotBlank();
  }

  private HttpResponse<Buffer> signIn(String client, String email, String password) {
    return app.http.post("/api/v1/auth/login").putHeader("X-Forwarded-For", client)
        .sendJsonObject(new JsonObject().put("email", email).put("password", password)).await();
  }
}
