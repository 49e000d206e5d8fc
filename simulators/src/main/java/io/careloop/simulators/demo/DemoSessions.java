package io.careloop.simulators.demo;

import io.careloop.simulators.demo.DemoPlan.PatientSpec;
import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.profile.Course;
import io.careloop.simulators.profile.CourseSpec;
import io.careloop.simulators.profile.Seeds;
import io.careloop.simulators.profile.Upload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A brush's last days of sessions, shaped by its patient's profile, sent as the brush sends what it
 * kept while offline: oldest first, each marked backlog and carrying its own time. The sessions
 * follow from the seed, the brush and the day, so sending them again (a second run) stores nothing
 * new: CareLoop knows a session by brush, session id and start.
 */
final class DemoSessions {

  /**
   * The most days a brush keeps (device contract); CareLoop places older backlog at its arrival
   * unless started with a wider {@code CARELOOP_INGEST_BACKLOG_WINDOW}.
   */
  static final int CONTRACT_DAYS = 10;

  /** The most days the demo sends: 60, for a CareLoop whose backlog window takes them. */
  static final int MAX_DAYS = 60;

  /**
   * Tries per upload before the demo gives up on the broker (a loaded CareLoop acknowledges
   * slowly).
   */
  private static final int MAX_ATTEMPTS = 6;

  private DemoSessions() {}

  /** The uploads: {@code days} whole days before {@code today}, in the patient's clinic's zone. */
  static List<Upload> of(PatientSpec p, ZoneId zone, LocalDate today, int days, long seed) {
    CourseSpec spec =
        new CourseSpec(
            p.profile(), Set.of(), Seeds.of(seed, p.number()), today.minusDays(days), days, zone);
    Instant now = Instant.now();
    return Course.generate(spec, p.deviceId()).uploads().stream()
        .filter(u -> !u.copy())
        .filter(u -> u.startedAt().isBefore(now))
        .map(
            u -> new Upload(u.sendAt(), u.wearer(), u.payload().copy().put("backlog", true), false))
        .toList();
  }

  /**
   * Connects as the brush and publishes every upload at QoS 1, oldest first; an upload without a
   * PUBACK is sent again on a new connection, as the brush does (CareLoop stores a copy once).
   * Answers how many the broker acknowledged.
   */
  static int send(Link.Broker broker, DemoPatients.Brush brush, List<Upload> uploads)
      throws Exception {
    String topic = "careloop/v1/devices/" + brush.deviceId() + "/sessions";
    Link link = Link.mqtt5(broker, brush.deviceId(), brush.credential());
    try {
      for (Upload u : uploads) {
        publish(link, topic, u.payload().encode().getBytes(StandardCharsets.UTF_8));
      }
      return uploads.size();
    } finally {
      link.close();
    }
  }

  private static void publish(Link link, String topic, byte[] payload) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        if (!link.connected()) {
          link.connect();
        }
        link.publish(topic, payload);
        return;
      } catch (Exception e) {
        link.close(); // a publish still in flight would block the next one: start a new connection
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        Thread.sleep(1000L * attempt);
      }
    }
  }
}
