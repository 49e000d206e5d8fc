package io.careloop.ingest;

import io.careloop.ingest.session.DeadLetterRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where refused messages go: a dead-letter row with the reason, the topic, the time and the raw
 * payload, and a count per reason in the metrics. The message is then acknowledged, so a brush does
 * not resend a bad message for ever.
 */
public final class DeadLetters {

  private final DeadLetterRepository repository;
  private final MeterRegistry meters;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  public DeadLetters(DeadLetterRepository repository, MeterRegistry meters) {
    this.repository = repository;
    this.meters = meters;
  }

  public Future<IngestOutcome> refuse(
      Instant receivedAt,
      String topic,
      String deviceId,
      String reason,
      String detail,
      byte[] payload) {
    return repository
        .store(receivedAt, topic, deviceId, reason, detail, payload)
        .map(
            v -> {
              counters
                  .computeIfAbsent(
                      reason,
                      r ->
                          Counter.builder("careloop.ingest.dead.letters")
                              .description("Messages refused and kept as dead letters, by reason")
                              .tag("reason", r)
                              .register(meters))
                  .increment();
              return IngestOutcome.DEAD_LETTERED;
            });
  }
}
