package io.careloop.simulators.fleet;

import io.careloop.simulators.profile.Course;
import io.careloop.simulators.profile.CourseSpec;
import io.careloop.simulators.profile.Quirk;
import io.careloop.simulators.profile.Upload;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The brushes this machine drives: their courses cut to the run's time. A replayed session is a
 * backlog upload (it carries a past time, as a brush back online sends it), so that CareLoop places
 * it by the brush's clock.
 */
public final class FleetPlan {

  private FleetPlan() {}

  public static List<FleetMember> plan(
      List<MemberSpec> specs,
      Shard shard,
      Pace pace,
      Timeline timeline,
      ZoneId zone,
      int fleetId,
      long seed) {
    if (pace instanceof Pace.Compressed
        && specs.stream().anyMatch(s -> s.quirks().contains(Quirk.CHANGES_HANDS))) {
      throw new IllegalArgumentException(
          "changes-hands needs a live run: CareLoop gives a replayed session to"
              + " whoever had the brush when it was brushed, and a replay's pairings are all made before it");
    }
    List<FleetMember> members = new ArrayList<>();
    for (MemberSpec spec : specs) {
      if (shard.owns(spec.index())) {
        members.add(member(spec, pace, timeline, zone, fleetId, seed));
      }
    }
    return members;
  }

  public static String deviceId(int fleetId, int index) {
    return String.format("TB-%04X%04X", fleetId & 0xFFFF, index & 0xFFFF);
  }

  private static FleetMember member(
      MemberSpec spec, Pace pace, Timeline timeline, ZoneId zone, int fleetId, long seed) {
    LocalDate first = timeline.virtualStart().atZone(zone).toLocalDate();
    int days =
        (int) Duration.between(first.atStartOfDay(zone).toInstant(), timeline.virtualEnd()).toDays()
            + 1;
    CourseSpec courseSpec =
        new CourseSpec(
            spec.profile(),
            spec.quirks(),
            io.careloop.simulators.profile.Seeds.of(seed, spec.index()),
            first,
            days,
            zone);
    String deviceId = deviceId(fleetId, spec.index());
    Course course = Course.generate(courseSpec, deviceId);
    List<Upload> uploads =
        course.uploads().stream()
            .filter(u -> timeline.covers(u.sendAt()))
            .map(
                u ->
                    pace instanceof Pace.Compressed
                        ? new Upload(
                            u.sendAt(),
                            u.wearer(),
                            u.payload().copy().put("backlog", true),
                            u.copy())
                        : u)
            .toList();
    return new FleetMember(spec, deviceId, course, uploads);
  }
}
