package io.careloop.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SharedJsonCodecTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "Every local consumer of a published event gets the object that was sent, not a copy")
  void consumersShareTheObject() throws Exception {
    SharedJsonCodec.registerOn(vertx.eventBus());
    SharedJsonCodec.registerOn(
        vertx.eventBus()); // a second module registering it again is harmless
    List<Object> received = new CopyOnWriteArrayList<>();
    CountDownLatch delivered = new CountDownLatch(2);
    List<Future<Void>> registered = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // each consumer on its own event loop, as the modules' consumers are
      Promise<Void> ready = Promise.promise();
      vertx
          .getOrCreateContext()
          .runOnContext(
              v ->
                  vertx
                      .eventBus()
                      .<JsonObject>consumer(
                          "shared",
                          msg -> {
                            received.add(msg.body());
                            delivered.countDown();
                          })
                      .completion()
                      .onComplete(ready));
      registered.add(ready.future());
    }
    Future.all(registered).await();
    JsonObject event =
        new JsonObject().put("sessions", new JsonArray().add(new JsonObject().put("sessionId", 7)));

    vertx.eventBus().publish("shared", event, SharedJsonCodec.options());

    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(received).hasSize(2).allSatisfy(body -> assertThat(body).isSameAs(event));
  }

  @Test
  @DisplayName("Between processes the object travels as JSON and arrives equal")
  void wireRoundTrip() {
    SharedJsonCodec codec = SharedJsonCodec.INSTANCE;
    JsonObject event =
        new JsonObject()
            .put(
                "sessions",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("deviceId", "TB-0000001A")
                            .put("plaqueIndex", 1.25)
                            .put("backlog", true)));
    Buffer wire = Buffer.buffer().appendString("header");

    codec.encodeToWire(wire, event);
    JsonObject decoded = codec.decodeFromWire("header".length(), wire);

    assertThat(decoded).isEqualTo(event).isNotSameAs(event);
  }
}
