package io.careloop.notifications.bus;

import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Answered by notifications: a {@link Question} naming delivered notifications → an {@link Answer}
 * with how many of them their recipients have read in the inbox (what a campaign's stats count).
 */
public final class InboxReads {

  public static final String ADDRESS = "careloop.notifications.inbox-reads";

  private InboxReads() {}

  /** A notification in its recipient's inbox. */
  public record Delivered(UUID recipientId, UUID notificationId) {}

  public record Question(List<Delivered> delivered) {

    public Question {
      delivered = List.copyOf(delivered);
    }

    public JsonObject toJson() {
      JsonArray all = new JsonArray();
      delivered.forEach(
          d ->
              all.add(
                  new JsonObject()
                      .put("recipientId", d.recipientId().toString())
                      .put("notificationId", d.notificationId().toString())));
      return new JsonObject().put("delivered", all);
    }

    public static Question fromJson(JsonObject json) {
      return new Question(
          json.getJsonArray("delivered").stream()
              .map(JsonObject.class::cast)
              .map(
                  d ->
                      new Delivered(
                          UUID.fromString(d.getString("recipientId")),
                          UUID.fromString(d.getString("notificationId"))))
              .toList());
    }
  }

  public record Answer(int read) {

    public JsonObject toJson() {
      return new JsonObject().put("read", read);
    }

    public static Answer fromJson(JsonObject json) {
      return new Answer(json.getInteger("read"));
    }
  }

  public static void register(EventBus bus) {
    RecordCodec.register(bus, Question.class, Question::toJson, Question::fromJson);
    RecordCodec.register(bus, Answer.class, Answer::toJson, Answer::fromJson);
  }
}
