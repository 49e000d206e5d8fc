package io.careloop.crm.sheet;

import java.util.List;

/** A patient's facts and what was judged of them last: one partition, one read. */
public record PatientSheet(List<FactRow> facts, LastJudgement judgement) {

  public PatientSheet {
    facts = List.copyOf(facts);
  }
}
