package io.careloop.crm.model.tag;

import java.util.List;

/**
 * A tag that holds on a patient, with the rule that set it and the fact values that made it true.
 */
public record TagHit(String tag, String ruleId, Family family, List<Observation> evidence) {

  public TagHit {
    evidence = List.copyOf(evidence);
  }

  /**
   * The evidence in one line for a timeline: {@code visits.count[status=no_show,window=P1Y]=3;
   * ...}.
   */
  public String evidenceText() {
    return String.join("; ", evidence.stream().map(Observation::toString).toList());
  }
}
