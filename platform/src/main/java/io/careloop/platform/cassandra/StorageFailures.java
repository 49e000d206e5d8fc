package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;

/**
 * Which failures mean Cassandra could not take a request for now (not that the request was wrong):
 * no node reachable, too few replicas, a timeout, an overloaded node, the driver's queue full. A
 * caller may repeat such a request; every write CareLoop makes can be repeated.
 */
public final class StorageFailures {

  private StorageFailures() {}

  /** True when {@code failure}, or what it wraps, is Cassandra being unreachable or too slow. */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DriverTimeoutException
          || t instanceof AllNodesFailedException
          || t instanceof QueryConsistencyException
          || t instanceof UnavailableException
          || t instanceof OverloadedException
          || t instanceof BusyConnectionException
          || t instanceof RequestThrottlingException
          || t instanceof ClosedConnectionException) {
        return true;
      }
    }
    return false;
  }
}
