package io.careloop.platform.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Carries an immutable record over the event bus, so that a payload's shape is a type in code
 * rather than a JSON object described in Javadoc. In this process the record itself is handed over
 * (records do not change, so nothing is copied); between processes it travels as the JSON its
 * {@code toJson} gives and is rebuilt by its {@code fromJson}.
 *
 * <p>Register it once per event bus on both sides with {@link #register}; then a record is sent
 * like any message: {@code bus.request(address, record)}.
 */
public final class RecordCodec<T extends Record> implements MessageCodec<T, T> {

  private final Class<T> type;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  private RecordCodec(
      Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    this.type = type;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  static <T extends Record> RecordCodec<T> of(
      Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    return new RecordCodec<>(type, toJson, fromJson);
  }

  /** Makes this codec the default for {@code type} on this event bus; again is harmless. */
  public static <T extends Record> void register(
      EventBus bus,
      Class<T> type,
      Function<T, JsonObject> toJson,
      Function<JsonObject, T> fromJson) {
    try {
      bus.registerDefaultCodec(type, of(type, toJson, fromJson));
    } catch (IllegalStateException alreadyRegistered) {
      // the other side of the address registered it first in this process
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T record) {
    Buffer encoded = toJson.apply(record).toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.slice(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(T record) {
    return record;
  }

  @Override
  public String name() {
    return "careloop.record." + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
