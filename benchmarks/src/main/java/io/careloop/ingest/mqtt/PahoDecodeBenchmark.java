package io.careloop.ingest.mqtt;

import io.careloop.ingest.testing.TestBrush;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;

/**
 * CPU time of Paho decoding one session's PUBLISH packet, as its receiver thread does for every
 * message ingest takes, warm, on one thread. Prints microseconds per packet for several rounds; not
 * a test. Paho copies the payload byte by byte through synchronized streams, twice; run it once
 * plainly and once with {@code -XX:+UseBiasedLocking} (JDK 17) to see what those locks cost.
 *
 * <pre>
 * mvn -o -B -q -pl device-ingest -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp device-ingest/target/test-classes:device-ingest/target/classes:$(cat device-ingest/target/bench.cp) \
 *     io.careloop.ingest.mqtt.PahoDecodeBenchmark 200000
 * </pre>
 */
public final class PahoDecodeBenchmark {

  private PahoDecodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int packets = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    String device = "TB-0000ABCD";
    byte[] payload =
        TestBrush.payload(device, 17, Instant.parse("2026-11-20T19:01:02Z"))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    MqttPublish publish =
        new MqttPublish(
            "careloop/v1/devices/" + device + "/sessions", message, new MqttProperties());
    publish.setMessageId(7);
    byte[] packet =
        ByteBuffer.allocate(publish.getHeader().length + publish.getPayload().length)
            .put(publish.getHeader())
            .put(publish.getPayload())
            .array();
    System.out.printf("PUBLISH of %d bytes (payload %d)%n", packet.length, payload.length);
    for (int round = 1; round <= 6; round++) {
      long bytes = 0;
      long start = System.nanoTime();
      for (int i = 0; i < packets; i++) {
        bytes +=
            ((MqttPublish) MqttWireMessage.createWireMessage(packet))
                .getMessage()
                .getPayload()
                .length;
      }
      double micros = (System.nanoTime() - start) / 1e3 / packets;
      System.out.printf("round %d: %.2f us per packet%n", round, micros);
      if (bytes != (long) payload.length * packets) {
        throw new IllegalStateException("Paho decoded another payload than was sent");
      }
    }
  }
}
