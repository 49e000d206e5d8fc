package io.careloop.simulators.fleet;

/** A brush's connection to the broker: MQTT 5 (current firmware) or 3.1.1 (older firmware). */
public interface Link extends AutoCloseable {

  /**
   * Connects as the brush (client id and user name = device id); throws when the broker refuses or
   * is away.
   */
  void connect() throws Exception;

  boolean connected();

  /**
   * Publishes at QoS 1 and returns once the broker's PUBACK came, with its reason code (MQTT 5: 0
   * success, 16 "no matching subscribers": the broker kept nothing; 3.1.1 has none: 0); throws
   * otherwise.
   */
  int publish(String topic, byte[] payload) throws Exception;

  /** MQTT 5's PUBACK reason "no matching subscribers": acknowledged, and dropped by the broker. */
  int NO_MATCHING_SUBSCRIBERS = 16;

  /** Drops the connection without a DISCONNECT (the broker publishes the Last Will). */
  @Override
  void close();

  /** A brush on current firmware (MQTT 5), not yet connected. */
  static Link mqtt5(Broker broker, String deviceId, String credential) {
    return new PahoLink(broker, deviceId, credential);
  }

  /**
   * Where and as whom brushes connect; {@code username}/{@code password} null: the device's own.
   */
  record Broker(String uri, String username, String password) {}
}
