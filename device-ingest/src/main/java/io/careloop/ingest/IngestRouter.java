package io.careloop.ingest;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import io.careloop.ingest.mqtt.MessageHandler;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each message of the shared subscription to the ingestor of its topic, and keeps a message
 * that can never be stored from being retried for ever: when handling it fails with an error that
 * repeating cannot cure ({@link #isPermanent}), it becomes an {@code unstorable} dead letter (whole
 * payload, the error as its detail) and is acknowledged, so that it neither holds a slot of the
 * broker's window nor comes back after every restart. Every other failure (a database that is slow
 * or away) fails the future, and the message is retried without acknowledgement.
 */
public final class IngestRouter implements MessageHandler {

  private static final Logger log = LoggerFactory.getLogger(IngestRouter.class);

  public static final String SESSIONS_TOPIC = "careloop/v1/devices/+/sessions";
  public static final String STATUS_TOPIC = "careloop/v1/devices/+/status";
  static final String UNSTORABLE = "unstorable";
  private static final int MAX_DETAIL = 500;

  private final Route sessions;
  private final Route statuses;
  private final DeadLetters deadLetters;
  private final Clock clock;

  /** Where the messages of one kind of topic go. */
  @FunctionalInterface
  interface Route {
    Future<IngestOutcome> ingest(String topic, byte[] payload, Instant receivedAt);
  }

  public IngestRouter(
      SessionIngestor sessions, StatusIngestor statuses, DeadLetters deadLetters, Clock clock) {
    this(sessions::ingest, statuses::ingest, deadLetters, clock);
  }

  IngestRouter(Route sessions, Route statuses, DeadLetters deadLetters, Clock clock) {
    this.sessions = sessions;
    this.statuses = statuses;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  /** Handles a message received now. */
  public Future<IngestOutcome> handle(String topic, byte[] payload) {
    return handle(topic, payload, clock.instant());
  }

  @Override
  public Future<IngestOutcome> handle(String topic, byte[] payload, Instant receivedAt) {
    Future<IngestOutcome> outcome;
    try {
      outcome = route(topic, payload, receivedAt);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.recover(
        err -> {
          if (!isPermanent(err)) {
            return Future.failedFuture(err);
          }
          log.error(
              "A message on {} cannot be stored; it is kept as an unstorable dead letter",
              topic,
              err);
          String detail = err.getClass().getSimpleName() + ": " + err.getMessage();
          return deadLetters.refuse(
              receivedAt,
              topic,
              deviceIdOf(topic),
              UNSTORABLE,
              detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail,
              payload);
        });
  }

  private Future<IngestOutcome> route(String topic, byte[] payload, Instant receivedAt) {
    if (topic.endsWith("/sessions")) {
      return sessions.ingest(topic, payload, receivedAt);
    }
    if (topic.endsWith("/status")) {
      return statuses.ingest(topic, payload, receivedAt);
    }
    return deadLetters.refuse(
        receivedAt, topic, null, "invalid-topic", "No ingestor for " + topic, payload);
  }

  /**
   * Whether trying the same message again cannot help: Cassandra refused the request itself as
   * invalid, a value had no codec, or our code failed on the message's values (a fault of ours that
   * the dead letter keeps the evidence of). Timeouts, unavailable nodes, closed sessions and the
   * like are not permanent; nor are a refused authorization (Cassandra's answer when its own
   * permissions table is out of reach) and an unknown table or column (a node behind on the
   * schema).
   */
  static boolean isPermanent(Throwable err) {
    if (err instanceof DriverException) {
      if (err instanceof UnauthorizedException) {
        return false; // also what Cassandra says when it cannot read its own permissions for a
        // while
      }
      if (err instanceof InvalidQueryException
          && err.getMessage() != null
          && (err.getMessage().contains("unconfigured table")
              || err.getMessage().contains("Undefined column"))) {
        return false; // a node that has not seen the latest schema yet
      }
      return err instanceof QueryValidationException || err instanceof CodecNotFoundException;
    }
    return err instanceof IllegalArgumentException
        || err instanceof NullPointerException
        || err instanceof ClassCastException
        || err instanceof ArithmeticException
        || err instanceof IndexOutOfBoundsException
        || err instanceof DateTimeException;
  }

  /** The {@code {deviceId}} of a device topic, or null. */
  private static String deviceIdOf(String topic) {
    String[] levels = topic.split("/");
    return levels.length == 5 && levels[2].equals("devices") ? levels[3] : null;
  }
}
