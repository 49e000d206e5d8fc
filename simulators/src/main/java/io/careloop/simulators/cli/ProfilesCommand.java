package io.careloop.simulators.cli;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.clinical.CanonicalRun;
import io.careloop.simulators.clinical.ClinicalTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code careloop-sim profiles}: the clinical table, and what the real rules raise on each row. */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    description =
        "Prints the clinical table (Markdown): per profile and quirk, the alerts a nurse should get"
            + " under each care plan, with --verify what the alerts module's real rules raise on two weeks of it.")
final class ProfilesCommand implements Callable<Integer> {

  @Option(
      names = "--verify",
      description = "Judge each row with the real rules (seed 1) and mark differences.")
  boolean verify;

  @Override
  public Integer call() {
    StringBuilder out = new StringBuilder("| profile | what it does |");
    for (PlanTemplate plan : PlanTemplate.values()) {
      out.append(' ').append(plan.json()).append(" |");
    }
    out.append("\n|---|---|").append("---|".repeat(PlanTemplate.values().length)).append('\n');
    int differences = 0;
    for (ClinicalTable.Row row : ClinicalTable.rows()) {
      out.append("| ").append(row.id()).append(" | ").append(row.summary()).append(" |");
      for (PlanTemplate plan : PlanTemplate.values()) {
        ClinicalTable.Expectation e = ClinicalTable.expectation(row, plan);
        List<String> cells = new ArrayList<>(e.should());
        e.knownFalseAlarms().keySet().forEach(rule -> cells.add("(" + rule + ")"));
        String cell = cells.isEmpty() ? "none" : String.join(", ", cells);
        if (verify) {
          Set<String> raised =
              CanonicalRun.raised(CanonicalRun.spec(row, 1), plan).get(row.wearer());
          if (!raised.equals(e.raisedByRules())) {
            cell += " **rules raise: " + raised + "**";
            differences++;
          }
        }
        out.append(' ').append(cell).append(" |");
      }
      out.append('\n');
    }
    out.append(
        "\n(rule): a known false alarm, raised by the rules though the nurse should not get it.\n");
    System.out.print(out);
    return differences == 0 ? 0 : 1;
  }
}
