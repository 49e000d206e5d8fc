package io.careloop.ingest;

import io.careloop.ingest.contract.ContractReader;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.status.DeviceStatusRepository;
import io.careloop.ingest.status.StatusPayloadParser;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;

/** Brush status messages (battery, firmware, head usage, online, and the Last Will's offline). */
public final class StatusIngestor {

  private final StatusPayloadParser parser = new StatusPayloadParser();
  private final DeviceRegistry registry;
  private final DeviceStatusRepository statuses;
  private final DeadLetters deadLetters;
  private final Clock clock;

  public StatusIngestor(
      DeviceRegistry registry,
      DeviceStatusRepository statuses,
      DeadLetters deadLetters,
      Clock clock) {
    this.registry = registry;
    this.statuses = statuses;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  /** Stores a status message received now. */
  public Future<IngestOutcome> ingest(String topic, byte[] payload) {
    return ingest(topic, payload, clock.instant());
  }

  /**
   * Stores a status message that reached ingest at {@code receivedAt}, the same on every retry of
   * it: the stored status is the one that arrived last, whichever was stored last.
   */
  public Future<IngestOutcome> ingest(String topic, byte[] payload, Instant receivedAt) {
    ContractReader.Read read = parser.read(topic, payload);
    if (!read.accepted()) {
      return deadLetters.refuse(
          receivedAt,
          topic,
          read.deviceId(),
          read.rejection().reason(),
          read.rejection().detail(),
          payload);
    }
    return registry
        .find(read.deviceId())
        .compose(
            device -> {
              if (device.isEmpty() || device.get().revoked()) {
                String reason = device.isEmpty() ? "unknown-device" : "revoked-device";
                return deadLetters.refuse(
                    receivedAt,
                    topic,
                    read.deviceId(),
                    reason,
                    read.deviceId() + " may not report",
                    payload);
              }
              return statuses
                  .store(StatusPayloadParser.toStatus(read.json(), receivedAt))
                  .map(IngestOutcome.STORED);
            });
  }
}
