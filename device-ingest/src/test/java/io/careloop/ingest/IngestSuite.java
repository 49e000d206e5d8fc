package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.ingest.mqtt.MqttIngestClient;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.DeadLetterRepository;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.Mqtt311Brush;
import io.careloop.ingest.testing.TestBroker;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttConnectionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * What ingestion promises, proven through a real broker and a real Cassandra. The same suite runs
 * against the embedded HiveMQ and against Mosquitto 2: the backend does not depend on the broker.
 */
abstract class IngestSuite {

  static final Duration STORED_WITHIN = Duration.ofSeconds(60);

  abstract TestBroker broker();

  IngestStack stack() {
    return IngestStack.get();
  }

  DeviceRegistry registry() {
    return stack().ingest().registry();
  }

  /**
   * A registered brush the broker lets in, paired to a new patient when {@code patient} is not
   * null.
   */
  record Brush(String deviceId, String credential, UUID patient) {}

  Brush brush(boolean paired) {
    var registration = registry().register(TestBrushIds.random(), "CL-100").await();
    UUID patient = paired ? UUID.randomUUID() : null;
    if (paired) {
      registry().pair(patient, registration.pairingCode()).await();
    }
    broker().admit(registration.deviceId(), registration.credential());
    return new Brush(registration.deviceId(), registration.credential(), patient);
  }

  TestBrush connect(Brush brush) throws Exception {
    return TestBrush.connect(broker().uri(), brush.deviceId(), brush.credential());
  }

  List<BrushingSession> historyOf(UUID patient) {
    return stack()
        .ingest()
        .sessions()
        .history(
            patient,
            Instant.now().minus(40, ChronoUnit.DAYS),
            Instant.now().plusSeconds(3600),
            200,
            null)
        .await()
        .sessions();
  }

  /** Every row the brush has in sessions_by_device, all years. */
  long rowsOf(String deviceId) {
    long rows = 0;
    for (int year = 2025; year <= 2027; year++) {
      rows +=
          stack()
              .session()
              .execute(
                  SimpleStatement.newInstance(
                      "SELECT session_id FROM sessions_by_device WHERE device_id = ? AND year = ?",
                      deviceId,
                      year))
              .all()
              .size();
    }
    return rows;
  }

  long waitingRowsOf(String deviceId) {
    return stack()
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT session_id FROM unattributed_sessions_by_device WHERE device_id = ?",
                deviceId))
        .all()
        .size();
  }

  void awaitStored(UUID patient, int count) {
    await()
        .atMost(STORED_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(historyOf(patient)).hasSize(count));
  }

  @Test
  @DisplayName("A published session is stored with every field the brush sent")
  void storesWhatTheBrushSent() throws Exception {
    Brush brush = brush(true);
    Instant startedAt = Instant.now().minusSeconds(130).truncatedTo(ChronoUnit.SECONDS);

    try (TestBrush device = connect(brush)) {
      device.publishSession(device.session(1234, startedAt).encode());
    }

    awaitStored(brush.patient(), 1);
    BrushingSession s = historyOf(brush.patient()).get(0);
    assertThat(s.deviceId()).isEqualTo(brush.deviceId());
    assertThat(s.sessionId()).isEqualTo(1234);
    assertThat(s.startedAt()).isEqualTo(startedAt);
    assertThat(s.placedAt()).isEqualTo(startedAt);
    assertThat(s.durationSec()).isEqualTo(124);
    assertThat(s.mode()).isEqualTo("daily_clean");
    assertThat(s.pressureHighEvents()).isEqualTo(2);
    assertThat(s.pressureHighSec()).isEqualTo(9);
    assertThat(s.zonesSec()).isEqualTo(new BrushingSession.Zones(31, 29, 28, 36));
    assertThat(s.coveragePct()).isEqualTo(87);
    assertThat(s.plaqueIndex()).hasValue(1.2);
    assertThat(s.backlog()).isFalse();
  }

  @Test
  @DisplayName(
      "A backlog of 30 sessions uploaded twice, out of order: 30 stored, daily figures as computed from the 30")
  void backlogUploadedTwice() throws Exception {
    Brush brush = brush(true);
    ZoneId zone = ZoneId.of("America/New_York");
    Random random = new Random(30);
    List<JsonObject> backlog = new ArrayList<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 30; i++) {
      // three sessions a day over the last ten days, the oldest first, as the brush stored them
      Instant startedAt =
          now.minus(Duration.ofHours(8L * (30 - i))).minusSeconds(random.nextInt(600));
      backlog.add(
          TestBrush.payload(brush.deviceId(), 100 + i, startedAt)
              .put("durationSec", 60 + random.nextInt(120))
              .put("backlog", true)
              .put(
                  "zonesSec",
                  new JsonObject().put("UL", 10).put("UR", 10).put("LL", 10).put("LR", 10)));
    }

    try (TestBrush device = connect(brush)) {
      for (int round = 0; round < 2; round++) {
        List<JsonObject> shuffled = new ArrayList<>(backlog);
        Collections.shuffle(shuffled, random);
        for (JsonObject session : shuffled) {
          device.publishSession(session.encode());
        }
      }
    }

    awaitStored(brush.patient(), 30);
    assertThat(rowsOf(brush.deviceId())).isEqualTo(30);
    Map<LocalDate, int[]> expected = new TreeMap<>();
    for (JsonObject s : backlog) {
      int[] day =
          expected.computeIfAbsent(
              Instant.parse(s.getString("startedAt")).atZone(zone).toLocalDate(), d -> new int[2]);
      day[0]++;
      day[1] += s.getInteger("durationSec");
    }
    LocalDate from = expected.keySet().iterator().next();
    LocalDate to = ((TreeMap<LocalDate, int[]>) expected).lastKey();
    JsonObject daily = stack().ingest().dailyBrushing(brush.patient(), zone, from, to).await();
    for (Object o : daily.getJsonArray("days")) {
      JsonObject day = (JsonObject) o;
      int[] want = expected.getOrDefault(LocalDate.parse(day.getString("date")), new int[2]);
      assertThat(day.getInteger("sessions")).as(day.getString("date")).isEqualTo(want[0]);
      assertThat(day.getInteger("totalDurationSec")).as(day.getString("date")).isEqualTo(want[1]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "invalid-json",
        "payload-too-large",
        "unsupported-schema",
        "schema-violation",
        "device-mismatch"
      })
  @DisplayName(
      "Bad input through the broker is acknowledged, kept as a dead letter with its reason, and stores nothing")
  void badInputIsDeadLettered(String reason) throws Exception {
    Brush brush = brush(true);
    JsonObject valid = TestBrush.payload(brush.deviceId(), 5, Instant.now().minusSeconds(300));
    Map<String, Consumer<JsonObject>> breakers =
        Map.of(
            "payload-too-large", p -> p.put("padding", "x".repeat(5000)),
            "unsupported-schema", p -> p.put("schema", "careloop.brushing-session/2"),
            "schema-violation", p -> p.put("durationSec", 5000),
            "device-mismatch", p -> p.put("deviceId", TestBrushIds.random()));
    byte[] payload;
    if (reason.equals("invalid-json")) {
      payload =
          ("{\"schema\":\"careloop.brushing-session/1\",\"deviceId\":" + brush.deviceId())
              .getBytes(StandardCharsets.UTF_8);
    } else {
      breakers.get(reason).accept(valid);
      payload = valid.encode().getBytes(StandardCharsets.UTF_8);
    }

    try (TestBrush device = connect(brush)) {
      device.publish(device.sessionTopic(), payload);
    }

    await()
        .atMost(STORED_WITHIN)
        .untilAsserted(() -> assertThat(deadLettersOf(brush.deviceId())).hasSize(1));
    DeadLetterRepository.DeadLetter letter = deadLettersOf(brush.deviceId()).get(0);
    assertThat(letter.reason()).isEqualTo(reason);
    assertThat(letter.detail()).isNotBlank();
    assertThat(letter.topic()).isEqualTo("careloop/v1/devices/" + brush.deviceId() + "/sessions");
    assertThat(letter.payloadSize()).isEqualTo(payload.length);
    assertThat(letter.payload()).isEqualTo(payload);
    assertThat(historyOf(brush.patient())).isEmpty();
    assertThat(rowsOf(brush.deviceId())).isZero();
    assertThat(waitingRowsOf(brush.deviceId())).isZero();
  }

  @Test
  @DisplayName(
      "The broker takes a brush's publishes only on its sessions and status topics, and none over its packet limit")
  void brokerRefusesOtherTopicsAndHugePackets() throws Exception {
    Brush brush = brush(true);
    Instant startedAt = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
    byte[] elsewhere =
        TestBrush.payload(brush.deviceId(), 20, startedAt)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    byte[] huge =
        TestBrush.payload(brush.deviceId(), 21, startedAt.plusSeconds(200))
            .put("padding", "x".repeat(EmbeddedBroker.MAX_PACKET_BYTES))
            .encode()
            .getBytes(StandardCharsets.UTF_8);

    try (TestBrush device = connect(brush)) {
      device.assertPublishRefused("careloop/v1/devices/" + brush.deviceId() + "/debug", elsewhere);
    }
    try (TestBrush device = connect(brush)) {
      device.assertPublishRefused(device.sessionTopic(), huge);
    }
    try (TestBrush device = connect(brush)) {
      device.publishSession(
          TestBrush.payload(brush.deviceId(), 22, startedAt.plusSeconds(400)).encode());
    }

    awaitStored(brush.patient(), 1);
    assertThat(historyOf(brush.patient()))
        .extracting(BrushingSession::sessionId)
        .containsExactly(22L);
    assertThat(rowsOf(brush.deviceId())).isEqualTo(1);
    assertThat(deadLettersOf(brush.deviceId()))
        .as("refused by the broker, never handed to ingest")
        .isEmpty();
  }

  List<DeadLetterRepository.DeadLetter> deadLettersOf(String deviceId) {
    return stack().ingest().deadLettersOf(LocalDate.now(ZoneOffset.UTC)).await().stream()
        .filter(l -> deviceId.equals(l.deviceId()))
        .toList();
  }

  @Test
  @DisplayName(
      "Ingest crashes in the middle of a stream and starts again: every session is stored, none twice")
  void ingestCrashMidStream() throws Exception {
    Brush brush = brush(true);
    Instant start = Instant.now().minus(Duration.ofHours(20)).truncatedTo(ChronoUnit.SECONDS);
    List<JsonObject> sessions = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      sessions.add(TestBrush.payload(brush.deviceId(), i, start.plus(Duration.ofMinutes(10L * i))));
    }
    try (TestBrush device = connect(brush)) {
      device.publishSessions(sessions.subList(0, 20), 5);
      await().atMost(STORED_WITHIN).until(() -> !historyOf(brush.patient()).isEmpty());
      broker().consumer().crash().await();
      device.publishSessions(sessions.subList(20, 60), 5);
    }
    broker().restartConsumer();

    awaitStored(brush.patient(), 60);
    assertThat(rowsOf(brush.deviceId())).isEqualTo(60);
    assertThat(historyOf(brush.patient()))
        .extracting(BrushingSession::sessionId)
        .doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("Sessions published while ingest is stopped are stored when it comes back")
  void ingestStoppedWhileBrushesPublish() throws Exception {
    Brush brush = brush(true);
    IngestVerticle consumer = broker().consumer();
    stack().vertx().undeploy(consumer.deploymentID()).await();

    try (TestBrush device = connect(brush)) {
      for (int i = 1; i <= 10; i++) {
        device.publishSession(
            device.session(i, Instant.now().minus(Duration.ofMinutes(30L * i))).encode());
      }
    }
    Thread.sleep(500);
    assertThat(rowsOf(brush.deviceId()))
        .as("nobody ingests while the consumer is stopped")
        .isZero();
    broker().restartConsumer();

    awaitStored(brush.patient(), 10);
  }

  @Test
  @DisplayName(
      "A backlog larger than a broker's default queue (1,000) waits for ingest without a loss")
  void largeBacklogWhileIngestIsDown() throws Exception {
    IngestVerticle consumer = broker().consumer();
    stack().vertx().undeploy(consumer.deploymentID()).await();
    List<Brush> brushes = new ArrayList<>();
    try {
      Instant start = Instant.now().minus(Duration.ofDays(9)).truncatedTo(ChronoUnit.SECONDS);
      for (int b = 0; b < 12; b++) {
        Brush brush = brush(true);
        brushes.add(brush);
        List<JsonObject> sessions = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
          sessions.add(
              TestBrush.payload(brush.deviceId(), i, start.plus(Duration.ofMinutes(120L * i)))
                  .put("backlog", true));
        }
        try (TestBrush device = connect(brush)) {
          device.publishSessions(sessions, 8);
        }
      }
    } finally {
      broker().restartConsumer();
    }

    for (Brush brush : brushes) {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(rowsOf(brush.deviceId())).isEqualTo(100));
    }
  }

  @Test
  @DisplayName(
      "Copies of the same sessions arriving together on two ingest instances are stored and counted once")
  void duplicatesOnTwoInstances() throws Exception {
    Brush brush = brush(true);
    Instant start = Instant.now().minus(Duration.ofHours(10)).truncatedTo(ChronoUnit.SECONDS);
    List<JsonObject> copies = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      JsonObject session =
          TestBrush.payload(brush.deviceId(), i, start.plus(Duration.ofMinutes(20L * i)));
      copies.add(session);
      copies.add(session);
      copies.add(session);
    }
    IngestVerticle second = broker().startSecondConsumer();
    try (TestBrush device = connect(brush)) {
      device.publishSessions(copies, 8);
      await().atMost(STORED_WITHIN).until(() -> rowsOf(brush.deviceId()) == 20);
    } finally {
      second
          .leave()
          .await(); // a removed instance ends its session (Mosquitto would keep feeding it)
    }

    awaitStored(brush.patient(), 20);
    ZoneId utc = ZoneId.of("UTC");
    JsonObject daily =
        stack()
            .ingest()
            .dailyBrushing(
                brush.patient(),
                utc,
                start.atZone(utc).toLocalDate(),
                start.plus(Duration.ofHours(8)).atZone(utc).toLocalDate())
            .await();
    int counted =
        daily.getJsonArray("days").stream()
            .mapToInt(d -> ((JsonObject) d).getInteger("sessions"))
            .sum();
    assertThat(counted).isEqualTo(20);
  }

  @Test
  @DisplayName(
      "An instance scaled away in the middle of a stream stores what it took before it goes: nothing is lost")
  void leaveDuringStream() throws Exception {
    // HiveMQ CE hands an absent member's share to the others and needs no leave; after an
    // UNSUBSCRIBE it may even leave the group's queue unpolled until a member reconnects (issue
    // 558).
    org.junit.jupiter.api.Assumptions.assumeTrue(
        broker().queuesForAbsentMembers(),
        "leave() is for brokers that keep queuing for a member whose session lives on");
    Brush brush = brush(true);
    Instant start = Instant.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.SECONDS);
    List<JsonObject> sessions = new ArrayList<>();
    for (int i = 1; i <= 150; i++) {
      sessions.add(
          TestBrush.payload(brush.deviceId(), i, start.plus(Duration.ofMinutes(40L * i)))
              .put("backlog", true));
    }
    IngestVerticle second = broker().startSecondConsumer();
    try (TestBrush device = connect(brush)) {
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  device.publishSessions(sessions, 8);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // the second instance holds messages it has not stored yet when it is told to go
      await()
          .atMost(STORED_WITHIN)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> second.inFlight() > 0);
      second.leave().await();
      publishing.get(STORED_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    await().atMost(STORED_WITHIN).until(() -> rowsOf(brush.deviceId()) == 150);
    awaitStored(brush.patient(), 150);
  }

  @Test
  @DisplayName(
      "Two instances with one client id take the session from each other: counted, an error names"
          + " CARELOOP_INGEST_CLIENT_ID, and neither is ready")
  void twoInstancesWithOneClientId() {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger clientLog = (Logger) LoggerFactory.getLogger(MqttIngestClient.class);
    logged.start();
    clientLog.addAppender(logged);
    IngestVerticle one = broker().startSecondConsumer();
    IngestVerticle twin =
        broker().startSecondConsumer(); // the same client id: the README recipe as it was
    try {
      for (IngestVerticle instance : List.of(one, twin)) {
        await()
            .atMost(STORED_WITHIN)
            .untilAsserted(
                () ->
                    assertThat(instance.notReadyBecause())
                        .hasValueSatisfying(
                            why ->
                                assertThat(why)
                                    .contains(
                                        "same MQTT client id",
                                        MqttIngestClient.CLIENT_ID_SETTING)));
        assertThat(instance.ready().failed()).isTrue();
      }
      String clientId = broker().secondConsumerClientId();
      assertThat(logged.list)
          .anySatisfy(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage())
                    .contains(clientId, MqttIngestClient.CLIENT_ID_SETTING);
              });
      assertThat(
              stack()
                  .meters()
                  .get("careloop.ingest.session.takeovers")
                  .tag("client", clientId)
                  .counter()
                  .count())
          .isGreaterThanOrEqualTo(3);
    } finally {
      clientLog.detachAppender(logged);
      stack().vertx().undeploy(twin.deploymentID()).await();
      await().atMost(STORED_WITHIN).until(one::connected);
      one.leave().await(); // Mosquitto would go on queuing a share of the stream for the session
    }
  }

  @Test
  @DisplayName(
      "Cassandra stops during a stream and comes back: nothing acknowledged is lost, intake stays bounded")
  void cassandraOutage() throws Exception {
    TestCassandra cassandra = TestCassandra.get();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        cassandra.node() != null, "needs a node the tests started");
    Brush brush = brush(true);
    Instant start = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
    try (TestBrush device = connect(brush)) {
      device.publishSession(device.session(1, start).encode());
      awaitStored(brush.patient(), 1);

      cassandra.stopNode();
      int maxInFlight = 0;
      try {
        List<JsonObject> sessions = new ArrayList<>();
        for (int i = 2; i <= 41; i++) {
          sessions.add(device.session(i, start.plus(Duration.ofMinutes(30L * i))));
        }
        device.publishSessions(sessions, 5); // the broker holds them while storage is down
        for (int i = 0; i < 20; i++) {
          maxInFlight = Math.max(maxInFlight, broker().consumer().inFlight());
          Thread.sleep(250);
        }
      } finally {
        cassandra.startNode();
      }
      assertThat(maxInFlight)
          .as("messages taken while storage is down")
          .isLessThanOrEqualTo(broker().maxInFlight());
    }

    awaitStored(brush.patient(), 41);
    assertThat(rowsOf(brush.deviceId())).isEqualTo(41);
  }

  @Test
  @DisplayName(
      "A brush's status is kept, and its Last Will marks it offline when its connection drops")
  void statusAndLastWill() throws Exception {
    Brush brush = brush(true);
    JsonObject online =
        new JsonObject()
            .put("schema", "careloop.device-status/1")
            .put("deviceId", brush.deviceId())
            .put("at", Instant.now().toString())
            .put("online", true)
            .put("batteryPct", 63)
            .put("firmware", "3.4.1")
            .put("headUsageSec", 10530);
    String topic = "careloop/v1/devices/" + brush.deviceId() + "/status";
    try (TestBrush device = connect(brush)) {
      device.publish(topic, online.encode().getBytes(StandardCharsets.UTF_8), true);
    }

    await()
        .atMost(STORED_WITHIN)
        .untilAsserted(
            () ->
                assertThat(stack().ingest().statuses().statusOf(brush.deviceId()).await())
                    .hasValueSatisfying(
                        s -> {
                          assertThat(s.online()).isTrue();
                          assertThat(s.batteryPct()).isEqualTo(63);
                          assertThat(s.headUsageSec()).isEqualTo(10530);
                          assertThat(s.firmware()).isEqualTo("3.4.1");
                        }));

    JsonObject will =
        new JsonObject()
            .put("schema", "careloop.device-status/1")
            .put("deviceId", brush.deviceId())
            .put("at", Instant.now().toString())
            .put("online", false);
    TestBrush.connect(broker().uri(), brush.deviceId(), brush.credential(), will).drop();

    await()
        .atMost(STORED_WITHIN)
        .untilAsserted(
            () ->
                assertThat(stack().ingest().statuses().statusOf(brush.deviceId()).await())
                    .hasValueSatisfying(
                        s -> {
                          assertThat(s.online()).isFalse();
                          assertThat(s.batteryPct())
                              .as("the will does not say, so the last known battery stays")
                              .isEqualTo(63);
                        }));
  }

  @Test
  @DisplayName(
      "A brush on older firmware (MQTT 3.1.1) is let in with its credential, and only under its own topics")
  void olderFirmwareSpeaksMqtt311() throws Exception {
    Brush brush = brush(true);
    Brush other = brush(true);
    Instant startedAt = Instant.now().minusSeconds(400).truncatedTo(ChronoUnit.SECONDS);

    assertThatThrownBy(
            () ->
                Mqtt311Brush.connect(
                    broker().uri(), brush.deviceId(), "wrong-" + brush.credential()))
        .as("a wrong credential is refused at CONNECT")
        .hasRootCauseInstanceOf(MqttConnectionException.class);
    try (Mqtt311Brush device =
        Mqtt311Brush.connect(broker().uri(), brush.deviceId(), brush.credential())) {
      device.publishAcknowledged(
          "careloop/v1/devices/" + brush.deviceId() + "/sessions",
          TestBrush.payload(brush.deviceId(), 311, startedAt).encode());
      // another brush's topic: dropped or the connection closed, depending on the broker; never
      // stored
      device.publishQuietly(
          "careloop/v1/devices/" + other.deviceId() + "/sessions",
          TestBrush.payload(other.deviceId(), 312, startedAt).encode());
    }
    try (Mqtt311Brush device =
        Mqtt311Brush.connect(broker().uri(), brush.deviceId(), brush.credential())) {
      device.publishAcknowledged(
          "careloop/v1/devices/" + brush.deviceId() + "/sessions",
          TestBrush.payload(brush.deviceId(), 313, startedAt.plusSeconds(200)).encode());
    }

    awaitStored(brush.patient(), 2);
    assertThat(historyOf(brush.patient()))
        .extracting(BrushingSession::sessionId)
        .containsExactlyInAnyOrder(311L, 313L);
    assertThat(historyOf(brush.patient()))
        .extracting(BrushingSession::startedAt)
        .containsExactlyInAnyOrder(startedAt, startedAt.plusSeconds(200));
    assertThat(rowsOf(other.deviceId())).as("nothing stored under the other brush").isZero();
    assertThat(historyOf(other.patient())).isEmpty();
    assertThat(deadLettersOf(other.deviceId())).isEmpty();
  }
}
