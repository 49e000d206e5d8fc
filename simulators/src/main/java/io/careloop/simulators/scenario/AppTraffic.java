package io.careloop.simulators.scenario;

import io.careloop.simulators.chain.Account;
import io.careloop.simulators.chain.ChainSetup;
import io.careloop.simulators.chain.Visits;
import io.careloop.simulators.report.RunLog;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Patients using the app while the fleet runs: every {@code every}, one of them books, moves or
 * cancels a visit (by the mix's weights; moving or cancelling needs a booked one, else it books).
 * Each answer is counted by operation and outcome; a failure (CareLoop away) is counted, not fatal.
 */
final class AppTraffic implements Runnable {

  private final Scenario.Traffic traffic;
  private final List<Account> patients;
  private final Visits visits;
  private final RunLog log;
  private final Random random;
  private final Map<Account, JsonObject> booked = new HashMap<>();
  private volatile boolean stopping;

  AppTraffic(
      Scenario.Traffic traffic,
      List<Account> patients,
      ChainSetup.Clinic clinic,
      RunLog log,
      long seed) {
    this.traffic = traffic;
    this.patients = List.copyOf(patients);
    this.visits = new Visits(clinic, seed);
    this.log = log;
    this.random = new Random(seed);
  }

  @Override
  public void run() {
    while (!stopping) {
      Account patient = patients.get(random.nextInt(patients.size()));
      String operation = pick();
      try {
        act(operation, patient);
      } catch (RuntimeException e) {
        log.traffic(operation, "unreachable");
      }
      sleep(traffic.every());
    }
  }

  void stop() {
    stopping = true;
  }

  private void act(String operation, Account patient) {
    JsonObject appointment = booked.get(patient);
    if (appointment == null || operation.equals("book")) {
      Visits.Result r = visits.book(patient);
      r.appointment().ifPresent(a -> booked.put(patient, a));
      log.traffic("book", outcome(r));
    } else if (operation.equals("reschedule")) {
      Visits.Result r = visits.reschedule(patient, appointment);
      r.appointment().ifPresent(a -> booked.put(patient, a));
      log.traffic("reschedule", outcome(r));
    } else {
      Visits.Result r = visits.cancel(patient, appointment);
      booked.remove(patient);
      log.traffic("cancel", outcome(r));
    }
  }

  private static String outcome(Visits.Result r) {
    return r.outcome() == Visits.Outcome.ERROR
        ? "error " + r.status()
        : r.outcome().name().toLowerCase();
  }

  private String pick() {
    int total = traffic.mix().values().stream().mapToInt(Integer::intValue).sum();
    int n = random.nextInt(Math.max(1, total));
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(traffic.mix().entrySet());
    for (Map.Entry<String, Integer> e : entries) {
      n -= e.getValue();
      if (n < 0) {
        return e.getKey();
      }
    }
    return "book";
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
