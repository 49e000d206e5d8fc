package io.careloop.simulators.fleet;

/** A brush's connection to the broker: MQTT 5 (current firmware) or 3.1.1 (older firmware). */
public interface Link extends AutoCloseable {

  /** Connects as the brush (client id and user name = device id); throws when the broker refuses or is away. */
  void connect() throws Exception;

  boolean connected();

  /** Publishes at QoS 1 and returns once the broker's PUBACK came; throws otherwise. */
  void publish(String topic, byte[] payload) throws Exception;

  /** Drops the connection without a DISCONNECT (the broker publishes the Last Will). */
  @Override
  void close();

  /** Where and as whom brushes connect; {@code username}/{@code password} null: the device's own. */
  record Broker(String uri, String username, String password) {
  }
}
