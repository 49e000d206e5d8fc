package io.careloop.ingest;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.function.BiFunction;

/** Hands each message of the shared subscription to the ingestor of its topic. */
public final class IngestRouter implements BiFunction<String, byte[], Future<?>> {

  public static final String SESSIONS_TOPIC = "careloop/v1/devices/+/sessions";
  public static final String STATUS_TOPIC = "careloop/v1/devices/+/status";

  private final SessionIngestor sessions;
  private final StatusIngestor statuses;
  private final DeadLetters deadLetters;
  private final Clock clock;

  public IngestRouter(SessionIngestor sessions, StatusIngestor statuses, DeadLetters deadLetters, Clock clock) {
    this.sessions = sessions;
    this.statuses = statuses;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  @Override
  public Future<IngestOutcome> apply(String topic, byte[] payload) {
    if (topic.endsWith("/sessions")) {
      return sessions.ingest(topic, payload);
    }
    if (topic.endsWith("/status")) {
      return statuses.ingest(topic, payload);
    }
    return deadLetters.refuse(clock.instant(), topic, null, "invalid-topic", "No ingestor for " + topic, payload);
  }
}
