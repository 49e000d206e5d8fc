package io.careloop.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  record Greeting(UUID to, String text) {

    JsonObject toJson() {
      return new JsonObject().put("to", to.toString()).put("text", text);
    }

    static Greeting fromJson(JsonObject json) {
      return new Greeting(UUID.fromString(json.getString("to")), json.getString("text"));
    }
  }

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "A record sent in this process arrives as the very record; registering twice is harmless")
  void localDelivery() {
    RecordCodec.register(vertx.eventBus(), Greeting.class, Greeting::toJson, Greeting::fromJson);
    RecordCodec.register(vertx.eventBus(), Greeting.class, Greeting::toJson, Greeting::fromJson);
    Greeting sent = new Greeting(UUID.randomUUID(), "hello");
    vertx.eventBus().<Greeting>consumer("greetings", msg -> msg.reply(msg.body() == sent));

    assertThat(vertx.eventBus().request("greetings", sent).await().body()).isEqualTo(true);
  }

  @Test
  @DisplayName(
      "Over the wire a record travels as its JSON and comes back equal, after whatever precedes it")
  void wire() {
    RecordCodec<Greeting> codec =
        RecordCodec.of(Greeting.class, Greeting::toJson, Greeting::fromJson);
    Greeting greeting = new Greeting(UUID.randomUUID(), "h\u00e9llo \uD83E\uDDB7");
    Buffer buffer = Buffer.buffer().appendString("header");

    codec.encodeToWire(buffer, greeting);

    assertThat(codec.decodeFromWire(6, buffer)).isEqualTo(greeting);
  }
}
