package io.careloop.simulators.fleet;

import io.careloop.simulators.profile.Course;
import io.careloop.simulators.profile.Upload;
import io.careloop.simulators.profile.Wearer;
import java.util.List;

/**
 * A brush of the fleet as planned: its spec, device id, course, and the uploads the run sends
 * (those within its time, with their backlog flag as the pace requires).
 */
public record FleetMember(MemberSpec spec, String deviceId, Course course, List<Upload> uploads) {

  public String label() {
    return course.spec().label();
  }

  public boolean changesHands() {
    return course.wearers().size() > 1;
  }

  public Wearer wearer(int index) {
    return course.wearers().get(index);
  }
}
