package io.careloop.simulators.fleet;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Quirk;
import java.util.Set;

/**
 * One brush of a fleet: its index, its patient's profile, its quirks, and the patient's care plan.
 */
public record MemberSpec(int index, Profile profile, Set<Quirk> quirks, PlanTemplate plan) {

  public MemberSpec {
    quirks = Set.copyOf(quirks);
  }
}
