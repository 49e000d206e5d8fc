package io.careloop.simulators.demo;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.careloop.simulators.demo.DemoPlan.PatientSpec;
import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.scenario.ProgressLine;
import io.careloop.simulators.scenario.Reachability;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo chain brought to life through the public API, the admin imports and the broker: the
 * catalogue and staff first, the practice system's patients and visits imported, then each
 * patient's app account, visit, feedback, brush, care plan and sessions, several at a time.
 */
public final class DemoRun {

  /** Where it goes and how big it is. */
  public record Settings(
      String api,
      String adminEmail,
      String adminPassword,
      Link.Broker broker,
      int patients,
      int sessionDays,
      long seed,
      int parallel) {

    public Settings {
      if (sessionDays < 1 || sessionDays > DemoSessions.MAX_DAYS) {
        throw new IllegalArgumentException(
            "--session-days must be 1 to " + DemoSessions.MAX_DAYS + ", got " + sessionDays);
      }
      if (patients < 1) {
        throw new IllegalArgumentException("--patients must be at least 1, got " + patients);
      }
    }
  }

  /** What the run did and how long it took. */
  public record Result(
      DemoPlan plan, List<DemoImports.Report> imports, int sessionsSent, Duration took) {}

  private final Settings settings;
  private final ProgressLine progress;

  public DemoRun(Settings settings, ProgressLine progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public Result run() throws Exception {
    long started = System.nanoTime();
    Optional<String> unreachable =
        Reachability.careloop(settings.api())
            .or(() -> Reachability.broker(settings.broker().uri()));
    if (unreachable.isPresent()) {
      throw new IllegalStateException(unreachable.get() + "; nothing was made");
    }
    AppClient app = new AppClient(settings.api());
    Account admin = signInAdmin(app);
    DemoPlan plan =
        DemoPlan.of(settings.patients(), settings.seed(), LocalDate.now(ZoneOffset.UTC));
    if (settings.sessionDays() > DemoSessions.CONTRACT_DAYS) {
      progress.show(
          "Sending "
              + settings.sessionDays()
              + " days of sessions: CareLoop places those older than its"
              + " CARELOOP_INGEST_BACKLOG_WINDOW (11 days unless set) at their arrival");
    }
    progress.show("Clinics, services, providers and hours");
    List<DemoCatalogueSetup.Clinic> clinics = new DemoCatalogueSetup(admin).ensure(plan);
    DemoStaff staff = DemoStaff.ensure(app, admin, plan.staff(), clinics);
    progress.show("Importing " + plan.patients().size() + " patients and their visits");
    DemoImports imports = new DemoImports(settings.api(), admin);
    List<DemoImports.Report> reports =
        List.of(
            imports.patients(plan.patients(), clinics), imports.visits(plan.patients(), clinics));
    int sent = patients(plan, clinics, new DemoPatients(app, admin, staff));
    return new Result(plan, reports, sent, Duration.ofNanos(System.nanoTime() - started));
  }

  private Account signInAdmin(AppClient app) {
    try {
      return Account.signIn(app, settings.adminEmail(), settings.adminPassword(), null);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "Cannot sign in to CareLoop at "
              + settings.api()
              + " as "
              + settings.adminEmail()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Every patient who uses the app, {@code parallel} at a time; answers the sessions sent. */
  private int patients(DemoPlan plan, List<DemoCatalogueSetup.Clinic> clinics, DemoPatients work)
      throws Exception {
    List<PatientSpec> users =
        plan.patients().stream()
            .filter(p -> p.hasBrush() || p.hasCarePlan() || p.feedback() != null)
            .toList();
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallel());
    AtomicInteger done = new AtomicInteger();
    AtomicInteger sessions = new AtomicInteger();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (PatientSpec p : users) {
        all.add(
            pool.submit(
                () -> {
                  sessions.addAndGet(patient(p, clinics.get(p.clinic()), work, plan.today()));
                  progress.show(
                      String.format(
                          Locale.ROOT,
                          "App users %d/%d, sessions sent %d",
                          done.incrementAndGet(),
                          users.size(),
                          sessions.get()));
                  return null;
                }));
      }
      awaitAll(all);
    } finally {
      pool.shutdownNow();
    }
    return sessions.get();
  }

  private static void awaitAll(List<Future<?>> all) throws InterruptedException {
    for (Future<?> f : all) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "The demo stopped: "
                + e.getCause().getMessage()
                + " (run it again to go on: what is done is kept)",
            e.getCause());
      }
    }
  }

  private int patient(
      PatientSpec p, DemoCatalogueSetup.Clinic clinic, DemoPatients work, LocalDate today)
      throws Exception {
    Account patient = work.account(p, clinic);
    JsonObject appointment = work.appointment(p, patient, clinic);
    if (p.feedback() != null) {
      work.feedback(p, patient, appointment);
    }
    if (p.hasCarePlan()) {
      work.carePlan(p, patient, today.plusDays(90));
    }
    if (!p.hasBrush()) {
      return 0;
    }
    DemoPatients.Brush brush = work.brush(p, patient);
    return DemoSessions.send(
        settings.broker(),
        brush,
        DemoSessions.of(
            p,
            clinic.spec().zone(),
            LocalDate.now(clinic.spec().zone()),
            settings.sessionDays(),
            settings.seed()));
  }
}
