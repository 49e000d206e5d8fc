package io.careloop.simulators;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The brushes of a benchmark: connected once, then asked to publish batches of sessions as fast as
 * the broker acknowledges them. Two kinds, because the load generator shares the machine with what
 * it measures: {@link PahoBrushLoad} (MQTT 5 brushes as in the tests, a few threads each) and
 * {@link VertxBrushLoad} (MQTT 3.1.1, as older firmware speaks, all on one event loop).
 */
interface BrushLoad extends AutoCloseable {

  /** Connects one brush with its credential; fails when the broker refuses it. */
  void connect(String deviceId, String credential) throws Exception;

  /**
   * Publishes every brush's sessions, in order, at QoS 1, with at most the load's window of
   * unacknowledged publishes per brush, and returns once the broker acknowledged them all. Each
   * session's publish time goes into {@code published} under {@link #key}.
   */
  void publishAll(Map<String, List<JsonObject>> sessionsByDevice, Map<String, Instant> published)
      throws Exception;

  /**
   * Publishes every brush's sessions on a schedule, whether earlier ones were acknowledged or not
   * (an open loop): the brushes' k-th sessions before their (k+1)-th, one every {@code 1/perSecond}
   * seconds in all, and returns once the broker acknowledged them all. The time each session was
   * due goes into {@code published}, so that a latency measured from it includes any wait for the
   * broker (no coordinated omission). Every brush has the same number of sessions.
   */
  void publishPaced(
      Map<String, List<JsonObject>> sessionsByDevice,
      Map<String, Instant> published,
      double perSecond)
      throws Exception;

  @Override
  void close();

  /** How a published session is known: its brush and its session id. */
  static String key(String deviceId, long sessionId) {
    return deviceId + "/" + sessionId;
  }
}
