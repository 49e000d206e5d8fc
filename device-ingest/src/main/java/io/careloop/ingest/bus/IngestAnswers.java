package io.careloop.ingest.bus;

import io.careloop.ingest.http.DeviceApi;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.BusFailures;
import io.careloop.platform.bus.SharedJsonCodec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Function;

/**
 * What other modules ask device-ingest over the event bus: a patient's daily brushing ({@link
 * Addresses#DAILY_BRUSHING}), sessions ({@link Addresses#PATIENT_SESSIONS}) and paired brushes
 * ({@link Addresses#PATIENT_DEVICES}). A question that is not well formed is a 400 with its reason;
 * a storage failure a 503.
 */
public final class IngestAnswers {

  /** The longest span of sessions one question may ask for. */
  public static final Duration MAX_SESSIONS_RANGE = Duration.ofDays(92);

  private final DeviceApi api;
  private final DeviceRegistry registry;
  private final BrushingSessionRepository sessions;

  public IngestAnswers(DeviceApi api, DeviceRegistry registry, BrushingSessionRepository sessions) {
    this.api = api;
    this.registry = registry;
    this.sessions = sessions;
  }

  public void answerOn(EventBus bus) {
    SharedJsonCodec.registerOn(bus);
    bus.<JsonObject>consumer(Addresses.DAILY_BRUSHING, msg -> answer(msg, this::daily));
    bus.<JsonObject>consumer(Addresses.PATIENT_DEVICES, msg -> answer(msg, this::devices));
    bus.<JsonObject>consumer(Addresses.PATIENT_SESSIONS, msg -> answer(msg, this::sessions));
  }

  private Future<JsonObject> daily(JsonObject q) {
    return api.daily(
        UUID.fromString(q.getString("patientId")),
        ZoneId.of(q.getString("timeZone")),
        LocalDate.parse(q.getString("from")),
        LocalDate.parse(q.getString("to")));
  }

  private Future<JsonObject> devices(JsonObject q) {
    return registry
        .devicesOf(UUID.fromString(q.getString("patientId")))
        .map(
            devices ->
                new JsonObject()
                    .put(
                        "devices",
                        new JsonArray(
                            devices.stream()
                                .map(
                                    d ->
                                        new JsonObject()
                                            .put("deviceId", d.deviceId())
                                            .put("model", d.model())
                                            .put("pairedAt", d.pairedAt().toString()))
                                .toList())));
  }

  private Future<JsonObject> sessions(JsonObject q) {
    UUID patientId = UUID.fromString(q.getString("patientId"));
    Instant from = Instant.parse(q.getString("from"));
    Instant to = Instant.parse(q.getString("to"));
    if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_SESSIONS_RANGE) > 0) {
      throw new IllegalArgumentException(
          "from must be before to, at most " + MAX_SESSIONS_RANGE.toDays() + " days apart");
    }
    return sessions
        .allPlacedBetween(patientId, from, to)
        .map(
            list ->
                new JsonObject()
                    .put(
                        "sessions",
                        new JsonArray(
                            list.stream()
                                .sorted(Comparator.comparing(BrushingSession::placedAt).reversed())
                                .map(BrushingSession::toJson)
                                .toList())));
  }

  /**
   * Answers with what {@code how} builds; a question it cannot read (a missing or malformed field)
   * is the asker's mistake, 400. The answer is shared, not copied: a patient's weeks of sessions
   * are read, never changed, by the asker.
   */
  private static void answer(
      Message<JsonObject> question, Function<JsonObject, Future<JsonObject>> how) {
    Future<JsonObject> answer;
    try {
      answer = how.apply(question.body());
    } catch (RuntimeException malformed) {
      question.fail(400, "Not a well-formed question: " + malformed.getMessage());
      return;
    }
    answer
        .onSuccess(json -> question.reply(json, SharedJsonCodec.options()))
        .onFailure(err -> BusFailures.reply(question, err));
  }
}
