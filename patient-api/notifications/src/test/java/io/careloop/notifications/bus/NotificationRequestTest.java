package io.careloop.notifications.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NotificationRequestTest {

  private static JsonObject valid() {
    return new JsonObject()
        .put("recipientId", UUID.randomUUID().toString())
        .put("kind", "recall")
        .put("title", "Check-up due")
        .put("body", "Book your six-monthly check-up")
        .put("dedupKey", "recall:p1:2026-11")
        .put("collapseKey", "recall")
        .put("ttlSeconds", 3600)
        .put("data", new JsonObject().put("clinicId", "c1"));
  }

  @Test
  @DisplayName("A NOTIFY body as the contract describes it reads into a request with every field")
  void readsTheContract() {
    NotificationRequest request = NotificationRequest.fromJson(valid());

    assertThat(request.kind()).isEqualTo("recall");
    assertThat(request.ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(request.collapseKey()).isEqualTo("recall");
    assertThat(request.data()).containsEntry("clinicId", "c1");
  }

  @Test
  @DisplayName("Optional fields may be left out: no collapse key, the default TTL, no data")
  void optionalFields() {
    JsonObject json = valid();
    json.remove("collapseKey");
    json.remove("ttlSeconds");
    json.remove("data");

    NotificationRequest request = NotificationRequest.fromJson(json);

    assertThat(request.collapseKey()).isNull();
    assertThat(request.ttl()).isNull();
    assertThat(request.data()).isEmpty();
  }

  @Test
  @DisplayName("Each broken field is refused with a 400 that names it")
  void brokenFieldsAreNamed() {
    assertRefused(valid().put("recipientId", "not-a-uuid"), "recipientId");
    assertRefused(valid().put("kind", "advertising"), "kind must be one of");
    assertRefused(valid().putNull("title"), "title");
    assertRefused(valid().put("body", "x".repeat(2001)), "body");
    assertRefused(valid().put("dedupKey", ""), "dedupKey");
    assertRefused(valid().put("ttlSeconds", 0), "ttlSeconds");
    assertRefused(valid().put("ttlSeconds", 2.5), "ttlSeconds");
    assertRefused(valid().put("ttlSeconds", 29L * 24 * 3600), "ttlSeconds");
    assertRefused(valid().put("data", new JsonObject().put("n", 1)), "data.n must be a string");
    assertRefused(valid().put("data", new JsonObject().put("google.x", "y")), "data.google.x");
    assertRefused(valid().put("title", 42), "title must be a string");
  }

  @Test
  @DisplayName(
      "Between processes a request travels as its JSON and comes back equal, optional fields left out too")
  void travelsAsJson() {
    NotificationRequest full =
        NotificationRequest.fromJson(valid().put("pushTitle", "Recall").put("pushBody", "Due"));
    NotificationRequest bare =
        new NotificationRequest(full.recipientId(), "alert", "t", "b", "k", null, null, null);

    assertThat(NotificationRequest.fromJson(full.toJson())).isEqualTo(full);
    assertThat(NotificationRequest.fromJson(bare.toJson())).isEqualTo(bare);
  }

  private static void assertRefused(JsonObject json, String message) {
    assertThatThrownBy(() -> NotificationRequest.fromJson(json))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }
}
