package io.careloop.simulators;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Random;

/**
 * Plausible brushing sessions in the contract's payload format: about two minutes, most time in the
 * four quadrants, now and then too much pressure, plaque only from models with a sensor.
 */
public final class SessionGenerator {

  private static final String[] MODES = {
    "daily_clean",
    "daily_clean",
    "daily_clean",
    "sensitive",
    "gum_care",
    "whitening",
    "intense",
    "tongue"
  };

  private final Random random;
  private final boolean plaqueSensor;

  public SessionGenerator(long seed, boolean plaqueSensor) {
    this.random = new Random(seed);
    this.plaqueSensor = plaqueSensor;
  }

  /**
   * A session of {@code deviceId} that began at {@code startedAt}; battery and firmware as given.
   */
  public JsonObject session(
      String deviceId,
      long sessionId,
      Instant startedAt,
      int batteryPct,
      String firmware,
      boolean backlog) {
    int duration = (int) Math.max(10, Math.min(300, Math.round(120 + random.nextGaussian() * 25)));
    int inZones = (int) (duration * (0.85 + random.nextDouble() * 0.15));
    int[] zones = split(inZones);
    int highEvents = random.nextDouble() < 0.3 ? 1 + random.nextInt(3) : 0;
    int highSec = highEvents == 0 ? 0 : Math.min(duration, highEvents * (2 + random.nextInt(5)));
    JsonObject json =
        new JsonObject()
            .put("schema", "careloop.brushing-session/1")
            .put("deviceId", deviceId)
            .put("sessionId", sessionId)
            .put("startedAt", startedAt.toString())
            .put("durationSec", duration)
            .put("mode", MODES[random.nextInt(MODES.length)])
            .put("pressure", new JsonObject().put("highEvents", highEvents).put("highSec", highSec))
            .put(
                "zonesSec",
                new JsonObject()
                    .put("UL", zones[0])
                    .put("UR", zones[1])
                    .put("LL", zones[2])
                    .put("LR", zones[3]))
            .put("coveragePct", 60 + random.nextInt(41))
            .put("batteryPct", batteryPct)
            .put("firmware", firmware)
            .put("backlog", backlog);
    if (plaqueSensor) {
      json.put("plaqueIndex", Math.round(random.nextDouble() * 250) / 100.0);
    }
    return json;
  }

  private int[] split(int total) {
    double[] weights = new double[4];
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      weights[i] = 0.5 + random.nextDouble();
      sum += weights[i];
    }
    int[] parts = new int[4];
    int assigned = 0;
    for (int i = 0; i < 3; i++) {
      parts[i] = (int) (total * weights[i] / sum);
      assigned += parts[i];
    }
    parts[3] = total - assigned;
    return parts;
  }
}
