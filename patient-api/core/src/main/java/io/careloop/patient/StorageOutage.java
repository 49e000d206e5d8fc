package io.careloop.patient;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cassandra did not answer in time, or no node could take the request: the client gets a 503 it
 * can act on (repeat the request; a booking with the same Idempotency-Key) instead of a 500.
 */
public final class StorageOutage {

  private static final Logger log = LoggerFactory.getLogger(StorageOutage.class);

  private StorageOutage() {
  }

  /** For {@code recover}: storage trouble becomes a 503 problem; anything else passes through. */
  public static <T> Future<T> asProblem(Throwable err) {
    if (err instanceof DriverTimeoutException || err instanceof QueryConsistencyException
        || err instanceof AllNodesFailedException) {
      log.warn("Storage did not answer: {}", err.toString());
      return Future.failedFuture(Problem.unavailable("Storage did not answer in time; repeat the request"));
    }
    return Future.failedFuture(err);
  }
}
