package io.careloop.platform.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Delivers a JSON object to the consumers of this process without copying it. The event bus's own
 * JSON codec gives every local consumer a deep copy, so that none can change what another reads;
 * for an event published to several consumers at the rate sessions are stored, those copies cost
 * more than everything else the event does. A message sent with {@link #options()} is handed to
 * each consumer as the very object the sender built, so the sender must not change it after sending
 * and consumers must only read it (reading one object from several event loops is safe once it is
 * no longer changed: the event bus's hand-over orders the sender's writes before their reads).
 * Between processes (a clustered event bus) it travels as JSON text, like any JSON object.
 */
public final class SharedJsonCodec implements MessageCodec<JsonObject, JsonObject> {

  public static final String NAME = "careloop.shared-json";

  /**
   * Delivery options of a message whose JSON body is shared, not copied (new each time: they are
   * mutable).
   */
  public static DeliveryOptions options() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  static final SharedJsonCodec INSTANCE = new SharedJsonCodec();

  private SharedJsonCodec() {}

  /**
   * Makes the codec known to the event bus of the sender (once per event bus; again is harmless).
   */
  public static void registerOn(EventBus bus) {
    try {
      bus.registerCodec(INSTANCE);
    } catch (IllegalStateException alreadyRegistered) {
      // another module of this process registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
