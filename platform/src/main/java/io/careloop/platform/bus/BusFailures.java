package io.careloop.platform.bus;

import io.careloop.platform.cassandra.StorageFailures;
import io.careloop.platform.http.Problem;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a module answers an event-bus question it could not answer, so that the asker (and, over
 * HTTP, the client) learns the same as from an operation of its own: a problem keeps its status,
 * Cassandra being unreachable is 503, anything else 500 with its details in our log only.
 */
public final class BusFailures {

  private static final Logger log = LoggerFactory.getLogger(BusFailures.class);

  private BusFailures() {}

  public static void reply(Message<?> question, Throwable failure) {
    if (failure instanceof Problem p) {
      question.fail(p.status(), p.getMessage());
    } else if (StorageFailures.isOutage(failure)) {
      question.fail(503, "Storage did not answer in time; ask again");
    } else {
      log.error("Could not answer {}", question.address(), failure);
      question.fail(500, "Could not answer");
    }
  }
}
