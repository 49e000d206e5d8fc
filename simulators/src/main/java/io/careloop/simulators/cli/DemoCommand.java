package io.careloop.simulators.cli;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.careloop.simulators.demo.DemoCounts;
import io.careloop.simulators.demo.DemoPlan;
import io.careloop.simulators.demo.DemoRun;
import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.scenario.ProgressLine;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code careloop-sim demo}: a clinic chain with history, staff, patients, brushes and sessions.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fills a CareLoop with a demo clinic chain through its public API, admin imports and broker:"
          + " three clinics in two time zones with services, providers and hours; a nurse and a front-desk"
          + " coordinator per clinic; patients with 18 months of imported visits (completed, no-shows,"
          + " cancellations); app accounts with a booked visit, some with feedback; brushes paired to most,"
          + " with their last days of sessions shaped by brushing profiles; care plans on post-surgery and"
          + " periodontal patients. The logins are printed at the end.",
      "Repeatable: everything has a fixed name, e-mail or id, and what exists is left as it is, so a"
          + " second run adds nothing.",
      "Exit 0 when done, 2 for a bad option, 3 when CareLoop or the broker refused or could not be reached."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--api",
      defaultValue = "http://127.0.0.1:8080",
      description = "CareLoop's base URL (${DEFAULT-VALUE}).")
  String api;

  @Option(
      names = "--admin-email",
      defaultValue = "admin@careloop.local",
      description = "An admin (${DEFAULT-VALUE}).")
  String adminEmail;

  @Option(
      names = "--admin-password",
      defaultValue = "careloop-local-admin",
      description = "The admin's password.")
  String adminPassword;

  @Option(
      names = "--mqtt",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "The broker's URI (${DEFAULT-VALUE}).")
  String mqtt;

  @Option(
      names = "--patients",
      defaultValue = "2000",
      description = "Patients of the chain (${DEFAULT-VALUE}).")
  int patients;

  @Option(
      names = "--session-days",
      defaultValue = "10",
      description =
          "Days of brushing sent per brush, 1 to 60 (${DEFAULT-VALUE}): a brush keeps ten days,"
              + " and CareLoop places older backlog at its arrival unless started with"
              + " CARELOOP_INGEST_BACKLOG_WINDOW=61d.")
  int sessionDays;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "Names, histories and habits follow from it (${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "Patients set up at once (${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--count",
      description = "Then read the chain back as its nurses see it and print the counts.")
  boolean count;

  @Override
  public Integer call() throws Exception {
    DemoRun.Settings settings;
    try {
      settings =
          new DemoRun.Settings(
              api,
              adminEmail,
              adminPassword,
              new Link.Broker(mqtt, null, null),
              patients,
              sessionDays,
              seed,
              parallel);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    ProgressLine progress = ProgressLine.console();
    DemoRun.Result result;
    try {
      result = new DemoRun(settings, progress).run();
    } catch (IllegalStateException e) {
      progress.done();
      System.err.println(e.getMessage());
      return 3;
    }
    progress.done();
    print(result);
    if (count) {
      AppClient app = new AppClient(api);
      System.out.println(
          "Counts: "
              + DemoCounts.reader(
                      app, Account.signIn(app, adminEmail, adminPassword, null), result.plan())
                  .get());
    }
    return 0;
  }

  private static void print(DemoRun.Result r) {
    System.out.printf(
        Locale.ROOT,
        "Demo chain ready in %d s: %d patients, %d sessions sent.%n",
        r.took().toSeconds(),
        r.plan().patients().size(),
        r.sessionsSent());
    r.imports()
        .forEach(
            i ->
                System.out.printf(
                    Locale.ROOT,
                    "  import %s: %d lines, %d stored, %d unchanged, %d refused%s%n",
                    i.what(),
                    i.lines(),
                    i.stored(),
                    i.unchanged(),
                    i.refused(),
                    i.firstRefusal() == null ? "" : " (first: " + i.firstRefusal() + ")"));
    System.out.println("Staff (password \"" + DemoPlan.STAFF_PASSWORD + "\"):");
    r.plan()
        .staff()
        .forEach(
            s ->
                System.out.printf(
                    Locale.ROOT,
                    "  %-12s %-28s %s%n",
                    s.role(),
                    s.email(),
                    r.plan().clinics().get(s.clinic()).name()));
    DemoPlan.PatientSpec first = r.plan().patients().get(0);
    System.out.println(
        "Patients (password \""
            + DemoPlan.PATIENT_PASSWORD
            + "\"): "
            + first.email()
            + " ... demo.patientNNNNN@careloop.demo (those with a brush, a care plan or feedback have an app account)");
  }
}
