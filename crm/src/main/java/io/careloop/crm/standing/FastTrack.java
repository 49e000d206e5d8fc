package io.careloop.crm.standing;

import io.careloop.crm.patient.CrmPatient;
import io.careloop.platform.bus.PatientStanding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who may book priority time: returning patients of good standing, by what the CRM last judged (the
 * patient's labels). Returning and active ({@code growth} or {@code maturity} stage), a high value
 * tier ({@code strategic}, {@code growth}) or clinical urgency (an open high alert) each put a
 * patient on the fast track; frequent no-shows are never on it, whatever else holds.
 */
public final class FastTrack {

  static final Set<String> RETURNING_STAGES = Set.of("growth", "maturity");
  static final Set<String> PRIORITY_TIERS = Set.of("strategic", "growth");
  static final String URGENT_TAG = "open-high-alert";
  static final String EXCLUDING_TAG = "frequent-no-show";

  private FastTrack() {}

  public static PatientStanding of(CrmPatient patient) {
    List<String> tags = patient.labelled("tag");
    if (tags.contains(EXCLUDING_TAG)) {
      return new PatientStanding(patient.id(), false, List.of("tag:" + EXCLUDING_TAG));
    }
    List<String> reasons = new ArrayList<>();
    patient.labelled("stage").stream()
        .filter(RETURNING_STAGES::contains)
        .forEach(s -> reasons.add("stage:" + s));
    patient.labelled("tier").stream()
        .filter(PRIORITY_TIERS::contains)
        .forEach(t -> reasons.add("tier:" + t));
    if (tags.contains(URGENT_TAG)) {
      reasons.add("tag:" + URGENT_TAG);
    }
    return new PatientStanding(patient.id(), !reasons.isEmpty(), reasons);
  }
}
