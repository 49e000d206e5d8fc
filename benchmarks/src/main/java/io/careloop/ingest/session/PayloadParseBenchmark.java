package io.careloop.ingest.session;

import io.careloop.ingest.testing.TestBrush;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * CPU time of reading one session payload (JSON parse, JSON Schema validation, the cross-field
 * rules), warm, on one thread. Prints microseconds per payload for several rounds; not a test.
 *
 * <pre>
 * mvn -o -B -q -pl device-ingest -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp device-ingest/target/test-classes:device-ingest/target/classes:$(cat device-ingest/target/bench.cp) \
 *     io.careloop.ingest.session.PayloadParseBenchmark 200000
 * </pre>
 */
public final class PayloadParseBenchmark {

  private PayloadParseBenchmark() {}

  public static void main(String[] args) {
    int payloads = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    String device = "TB-0000ABCD";
    String topic = "careloop/v1/devices/" + device + "/sessions";
    byte[] payload =
        TestBrush.payload(device, 17, Instant.parse("2026-11-20T19:01:02Z"))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    Instant received = Instant.parse("2026-11-21T00:00:00Z");
    SessionPayloadParser parser = new SessionPayloadParser();
    for (int round = 1; round <= 6; round++) {
      int accepted = 0;
      long start = System.nanoTime();
      for (int i = 0; i < payloads; i++) {
        if (parser.parse(topic, payload, received) instanceof SessionPayloadParser.Accepted) {
          accepted++;
        }
      }
      double micros = (System.nanoTime() - start) / 1e3 / payloads;
      System.out.printf(
          "round %d: %.2f us per payload (%d of %d accepted)%n", round, micros, accepted, payloads);
      if (accepted != payloads) {
        throw new IllegalStateException("The benchmark payload was refused");
      }
    }
  }
}
