package io.careloop.simulators.fleet;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Quirk;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Turns a mix ({@code diligent=3,rushed=1}, quirk shares {@code offline-backlog=0.1}, plans) into
 * the fleet's brushes, deterministically: profiles and plans in turn by weight, quirks drawn per
 * brush from the seed. Groups ({@link Group}) name brushes exactly instead.
 */
public final class FleetMix {

  /** {@code count} brushes of one kind. */
  public record Group(int count, Profile profile, Set<Quirk> quirks, PlanTemplate plan) {}

  private FleetMix() {}

  public static List<MemberSpec> of(
      int brushes,
      Map<Profile, Integer> profiles,
      Map<Quirk, Double> quirks,
      List<PlanTemplate> plans,
      long seed) {
    List<Profile> cycle = new ArrayList<>();
    profiles.forEach(
        (p, weight) -> {
          for (int i = 0; i < weight; i++) {
            cycle.add(p);
          }
        });
    if (cycle.isEmpty() || plans.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one profile and one plan");
    }
    List<MemberSpec> members = new ArrayList<>();
    for (int i = 0; i < brushes; i++) {
      Random random = new Random(io.careloop.simulators.profile.Seeds.of(seed, i));
      Set<Quirk> drawn = EnumSet.noneOf(Quirk.class);
      quirks.forEach(
          (q, share) -> {
            if (random.nextDouble() < share) {
              drawn.add(q);
            }
          });
      members.add(
          new MemberSpec(
              i, cycle.get(i % cycle.size()), drawn, plans.get((i / cycle.size()) % plans.size())));
    }
    return members;
  }

  public static List<MemberSpec> of(List<Group> groups) {
    List<MemberSpec> members = new ArrayList<>();
    for (Group g : groups) {
      for (int i = 0; i < g.count(); i++) {
        members.add(new MemberSpec(members.size(), g.profile(), g.quirks(), g.plan()));
      }
    }
    return members;
  }

  /** Reads {@code a=1,b=2} (a name alone weighs 1); {@code all} is every name once. */
  public static Map<String, Double> weights(String text, List<String> all) {
    Map<String, Double> weights = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return weights;
    }
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=");
      if (kv[0].equals("all")) {
        all.forEach(name -> weights.put(name, kv.length > 1 ? Double.parseDouble(kv[1]) : 1.0));
      } else {
        weights.put(kv[0].trim(), kv.length > 1 ? Double.parseDouble(kv[1].trim()) : 1.0);
      }
    }
    return weights;
  }
}
