package io.careloop.simulators.fleet;

import io.careloop.simulators.chain.Account;
import io.careloop.simulators.chain.ChainSetup;
import io.careloop.simulators.chain.Visits;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fleet of brushes through the public API and any MQTT broker: a clinic and a nurse for it, each
 * brush's patient registered, booked at the clinic (which makes them the clinic's patient), their
 * brush registered and paired and their care plan set; then every brush on a thread of its own
 * sending its course on the timeline.
 */
public final class Fleet implements AutoCloseable {

  /** Where the fleet runs and the names it gives. */
  public record Settings(
      ChainSetup chain, Link.Broker broker, ZoneId zone, int fleetId, String password) {}

  private final Settings settings;
  private final List<FleetMember> members;
  private final Map<String, Enrolled> enrolled = new ConcurrentHashMap<>();
  private final List<LiveBrush> brushes = new ArrayList<>();
  private ChainSetup.Clinic clinic;
  private Account nurse;
  private Vertx mqtt311;

  public Fleet(Settings settings, List<FleetMember> members) {
    this.settings = settings;
    this.members = List.copyOf(members);
  }

  public List<FleetMember> members() {
    return members;
  }

  public ChainSetup.Clinic clinic() {
    return clinic;
  }

  public Account nurse() {
    return nurse;
  }

  public Enrolled enrolled(FleetMember member) {
    return enrolled.get(member.deviceId());
  }

  /**
   * Makes the clinic, its nurse and every brush's patient, {@code parallel} at a time; tells
   * progress.
   */
  public void enroll(int parallel, IntConsumer progress) throws Exception {
    String tag = String.format("%04X", settings.fleetId() & 0xFFFF);
    clinic =
        settings
            .chain()
            .clinic(
                "Simulated clinic "
                    + tag
                    + " "
                    + java.util.UUID.randomUUID().toString().substring(0, 4),
                settings.zone());
    nurse =
        settings
            .chain()
            .nurse(
                "sim-nurse-" + tag + "-" + clinic.id().substring(0, 8) + "@example.org",
                settings.password(),
                clinic);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    AtomicInteger done = new AtomicInteger();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (FleetMember m : members) {
        all.add(
            pool.submit(
                () -> {
                  enrolled.put(m.deviceId(), enroll(m));
                  progress.accept(done.incrementAndGet());
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Enrolled enroll(FleetMember m) {
    List<Account> patients = new ArrayList<>();
    for (int w = 0; w < m.course().wearers().size(); w++) {
      Account patient =
          settings
              .chain()
              .patient(
                  "sim-" + m.deviceId().toLowerCase() + "-" + w + "@example.org",
                  settings.password(),
                  "Sim " + m.label() + " " + m.spec().index() + (w == 0 ? "" : " (2nd)"),
                  settings.zone());
      book(patient);
      patients.add(patient);
    }
    JsonObject brush = settings.chain().registerBrush(m.deviceId());
    Enrolled e = new Enrolled(m, brush.getString("credential"), patients);
    pairAndPlan(e, 0, brush.getString("pairingCode"));
    return e;
  }

  /** A first visit booked makes the patient one of the clinic's: the nurse sees their alerts. */
  private void book(Account patient) {
    Visits visits = new Visits(clinic, patient.id().getLeastSignificantBits());
    for (int attempt = 0; attempt < 5; attempt++) {
      if (visits.book(patient).outcome() == Visits.Outcome.DONE) {
        return;
      }
    }
    throw new IllegalStateException("could not book a first visit for " + patient.email());
  }

  private void pairAndPlan(Enrolled e, int wearer, String pairingCode) {
    Account patient = e.patients().get(wearer);
    Instant pairedAt = Instant.now();
    patient.call(
        "POST", "/api/v1/me/devices", new JsonObject().put("pairingCode", pairingCode), 201);
    JsonObject plan =
        nurse.call(
            "PUT",
            "/api/v1/nurse/patients/" + patient.id() + "/care-plan",
            new JsonObject()
                .put("plan", e.member().spec().plan().json())
                .put("until", LocalDate.now(settings.zone()).plusDays(90).toString()),
            200);
    e.began(patient, pairedAt, Instant.parse(plan.getString("startsAt")));
  }

  /**
   * The brush goes to its second wearer: the first unpairs it, the clinic issues a new code, the
   * second pairs it.
   */
  private void handOver(Enrolled e) {
    Instant unpaired = Instant.now();
    e.patients().get(0).call("DELETE", "/api/v1/me/devices/" + e.member().deviceId(), null, 204);
    e.ended(0, unpaired);
    pairAndPlan(e, 1, settings.chain().newPairingCode(e.member().deviceId()));
  }

  /**
   * Runs every brush on the timeline and returns when all are done (or have given up {@code grace}
   * after the end).
   */
  public void run(Timeline timeline, Duration grace, FleetListener listener)
      throws InterruptedException {
    Instant giveUpAt = timeline.realEnd().plus(grace);
    List<Thread> threads = new ArrayList<>();
    for (FleetMember m : members) {
      Enrolled e = enrolled.get(m.deviceId());
      LiveBrush brush =
          new LiveBrush(m, link(m, e), timeline, listener, () -> handOver(e), giveUpAt);
      brushes.add(brush);
      Thread t = new Thread(brush, "brush-" + m.deviceId());
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Sessions the brushes still held, unacknowledged, when they stopped. */
  public int keptOnBrushes() {
    return brushes.stream().mapToInt(LiveBrush::kept).sum();
  }

  private Link link(FleetMember m, Enrolled e) {
    if (m.course().mqtt311()) {
      synchronized (this) {
        if (mqtt311 == null) {
          mqtt311 = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        }
      }
      return new Mqtt311Link(mqtt311, settings.broker(), m.deviceId(), e.credential());
    }
    return new PahoLink(settings.broker(), m.deviceId(), e.credential());
  }

  @Override
  public void close() {
    brushes.forEach(LiveBrush::stop);
    if (mqtt311 != null) {
      mqtt311.close();
    }
  }
}
