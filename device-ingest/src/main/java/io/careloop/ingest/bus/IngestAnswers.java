package io.careloop.ingest.bus;

import io.careloop.ingest.http.DeviceApi;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.BusFailures;
import io.careloop.platform.bus.PatientDailyBrushing;
import io.careloop.platform.bus.PatientDevices;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.bus.SharedCodecs;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;

/**
 * What other modules ask device-ingest over the event bus: a patient's daily brushing ({@link
 * Addresses#DAILY_BRUSHING}), sessions ({@link Addresses#PATIENT_SESSIONS}) and paired brushes
 * ({@link Addresses#PATIENT_DEVICES}). A question out of bounds is a 400 with its reason; a storage
 * failure a 503.
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
    SharedCodecs.register(bus);
    bus.<PatientDailyBrushing>consumer(Addresses.DAILY_BRUSHING, msg -> answer(msg, this::daily));
    bus.<PatientDevices>consumer(Addresses.PATIENT_DEVICES, msg -> answer(msg, this::devices));
    bus.<PatientSessions>consumer(Addresses.PATIENT_SESSIONS, msg -> answer(msg, this::sessions));
  }

  private Future<PatientDailyBrushing> daily(PatientDailyBrushing q) {
    return api.days(q.patientId(), q.timeZone(), q.from(), q.to()).map(q::answer);
  }

  private Future<PatientDevices> devices(PatientDevices q) {
    return registry
        .devicesOf(q.patientId())
        .map(
            devices ->
                new PatientDevices(
                    q.patientId(),
                    devices.stream()
                        .map(
                            d ->
                                new PatientDevices.PairedBrush(
                                    d.deviceId(), d.model(), d.pairedAt()))
                        .toList()));
  }

  private Future<PatientSessions> sessions(PatientSessions q) {
    if (!q.from().isBefore(q.to())
        || Duration.between(q.from(), q.to()).compareTo(MAX_SESSIONS_RANGE) > 0) {
      throw new IllegalArgumentException(
          "from must be before to, at most " + MAX_SESSIONS_RANGE.toDays() + " days apart");
    }
    return sessions
        .allPlacedBetween(q.patientId(), q.from(), q.to())
        .map(
            list ->
                q.answer(
                    list.stream()
                        .sorted(Comparator.comparing(BrushingSession::placedAt).reversed())
                        .map(s -> s.toStored(null))
                        .toList()));
  }

  /**
   * Answers with what {@code how} builds; a question it refuses is the asker's mistake, 400. The
   * answer is a record: the asker in this process reads it as it is, without a copy.
   */
  private static <Q, A> void answer(Message<Q> question, Function<Q, Future<A>> how) {
    Future<A> answer;
    try {
      answer = how.apply(question.body());
    } catch (RuntimeException malformed) {
      question.fail(400, "Not a well-formed question: " + malformed.getMessage());
      return;
    }
    answer.onSuccess(question::reply).onFailure(err -> BusFailures.reply(question, err));
  }
}
