package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.careloop.simulators.demo.DemoCounts;
import io.careloop.simulators.demo.DemoImports;
import io.careloop.simulators.demo.DemoPlan;
import io.careloop.simulators.demo.DemoRun;
import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.scenario.ProgressLine;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * careloop-sim's {@code demo} on a CareLoop that has never seen it, twice: the second run finds
 * everything the first made and adds nothing, counted through the API as the clinics' nurses see
 * it. 30 patients with 5 days of sessions; {@code -Ddemo.patients=N -Ddemo.sessionDays=D
 * -Ddemo.parallel=P} to time a bigger chain.
 */
class DemoIT {

  /** A generous ceiling on the reads (2 s apart) while CareLoop catches up: 3 minutes. */
  private static final int CEILING_READS = 90;

  @Test
  @DisplayName(
      "demo twice: clinics, staff, patients, visits, appointments, feedback and sessions counted the same")
  void secondRunAddsNothing() throws Exception {
    TestApp app = TestApp.get();
    DemoRun.Settings settings =
        new DemoRun.Settings(
            app.app.apiBaseUrl(),
            TestApp.ADMIN_EMAIL,
            TestApp.ADMIN_PASSWORD,
            new Link.Broker(app.mqttUri, null, null),
            Integer.getInteger("demo.patients", 30),
            Integer.getInteger("demo.sessionDays", 5),
            2026,
            Integer.getInteger("demo.parallel", 2));
    DemoRun.Result first = new DemoRun(settings, new ProgressLine(System.out, false)).run();
    System.out.println(
        "demo, first run: "
            + first.took().toMillis()
            + " ms, "
            + first.sessionsSent()
            + " sessions sent");
    DemoCounts expected = expected(first);
    DemoCounts afterFirst = settled(settings, first.plan(), expected);
    System.out.println("demo counts after the first run: " + afterFirst);

    DemoRun.Result second = new DemoRun(settings, new ProgressLine(System.out, false)).run();
    System.out.println("demo, second run: " + second.took().toMillis() + " ms");
    assertThat(second.imports())
        .allSatisfy(
            r -> {
              assertThat(r.stored()).as(r.what() + " stored again").isZero();
              assertThat(r.unchanged()).as(r.what() + " unchanged").isEqualTo(r.lines());
            });
    assertThat(settled(settings, second.plan(), expected)).isEqualTo(afterFirst);
  }

  /** What the plan says the chain holds (sessions: as many as the brushes sent, each once). */
  private static DemoCounts expected(DemoRun.Result run) {
    DemoPlan plan = run.plan();
    int visits = plan.patients().stream().mapToInt(p -> p.visits().size()).sum();
    long users =
        plan.patients().stream()
            .filter(p -> p.hasBrush() || p.hasCarePlan() || p.feedback() != null)
            .count();
    long feedback = plan.patients().stream().filter(p -> p.feedback() != null).count();
    long plans = plan.patients().stream().filter(DemoPlan.PatientSpec::hasCarePlan).count();
    assertThat(run.imports()).extracting(DemoImports.Report::refused).containsOnly(0);
    return new DemoCounts(
        plan.clinics().size(),
        plan.staff().size(),
        plan.patients().size(),
        visits,
        (int) users,
        (int) feedback,
        (int) plans,
        run.sessionsSent());
  }

  /**
   * The counts once CareLoop's processes have caught up with the run (the CRM's record and the
   * brushing summary follow events): read until each reaches what the plan expects (none ever
   * drops), so that one counted twice shows as more, not as a wait.
   */
  private static DemoCounts settled(DemoRun.Settings settings, DemoPlan plan, DemoCounts expected)
      throws InterruptedException {
    AppClient client = new AppClient(settings.api());
    Supplier<DemoCounts> reader =
        DemoCounts.reader(
            client,
            Account.signIn(client, settings.adminEmail(), settings.adminPassword(), null),
            plan);
    DemoCounts counts = reader.get();
    for (int read = 1; !counts.atLeast(expected) && read < CEILING_READS; read++) {
      System.out.println("counts   " + counts + "\nexpected " + expected);
      Thread.sleep(2000);
      counts = reader.get();
    }
    assertThat(counts).isEqualTo(expected);
    return counts;
  }
}
