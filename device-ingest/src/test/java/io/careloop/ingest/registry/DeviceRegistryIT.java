package io.careloop.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.IngestOutcome;
import io.careloop.ingest.SessionIngestor;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.platform.http.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceRegistryIT {

  private final IngestStack stack = IngestStack.get();
  private final DeviceRegistry registry = stack.ingest().registry();

  private static org.assertj.core.api.ThrowableAssert.ThrowingCallable call(Runnable r) {
    return r::run;
  }

  private static void assertProblem(Runnable action, int status, String kind) {
    assertThatThrownBy(call(action))
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.status()).isEqualTo(status);
              assertThat(p.kind()).isEqualTo(kind);
            });
  }

  @Test
  @DisplayName(
      "Only the credential's hash is stored, and registering an id twice is a 409 that changes nothing")
  void credentialShownOnce() {
    var first = registry.register(TestBrushIds.random(), "CL-100").await();

    String stored =
        stack
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT credential_hash FROM devices_by_id WHERE device_id = ?",
                    first.deviceId()))
            .one()
            .getString(0);
    assertThat(stored)
        .isEqualTo(Secrets.hash(first.credential()))
        .doesNotContain(first.credential());
    assertProblem(
        () -> registry.register(first.deviceId(), "CL-200").await(), 409, "device-exists");
    assertThat(registry.verifyCredential(first.deviceId(), first.credential()).await()).isTrue();
    assertThat(registry.find(first.deviceId()).await().orElseThrow().model()).isEqualTo("CL-100");
  }

  @Test
  @DisplayName("A rotated credential replaces the old one at once")
  void rotation() {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();

    String fresh = registry.rotateCredential(brush.deviceId()).await();

    assertThat(registry.verifyCredential(brush.deviceId(), brush.credential()).await()).isFalse();
    assertThat(registry.verifyCredential(brush.deviceId(), fresh).await()).isTrue();
  }

  @Test
  @DisplayName(
      "A pairing code works once: another patient using it gets 409 and the brush stays with the first")
  void pairingCodeIsSingleUse() {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    UUID ben = UUID.randomUUID();

    registry.pair(anna, brush.pairingCode()).await();
    registry
        .pair(anna, brush.pairingCode().toLowerCase().replace("-", " "))
        .await(); // a retry is harmless

    assertProblem(() -> registry.pair(ben, brush.pairingCode()).await(), 409, "pairing-code-used");
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isEqualTo(anna);
    assertThat(registry.devicesOf(ben).await()).isEmpty();
    assertThat(registry.devicesOf(anna).await())
        .extracting(DeviceRegistry.PairedDevice::deviceId)
        .containsExactly(brush.deviceId());
  }

  @Test
  @DisplayName(
      "A code is spent once its pairing ends: the former owner cannot pair the brush with it again")
  void pairingCodeSpentAfterUnpairing() {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    registry.pair(anna, brush.pairingCode()).await();
    registry.unpair(anna, brush.deviceId()).await();

    assertProblem(() -> registry.pair(anna, brush.pairingCode()).await(), 409, "pairing-code-used");
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isNull();
    assertThat(registry.devicesOf(anna).await()).isEmpty();

    UUID ben = UUID.randomUUID();
    registry.pair(ben, registry.newPairingCode(brush.deviceId()).await()).await();
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isEqualTo(ben);
  }

  @Test
  @DisplayName(
      "A spent code stays spent when the brush has a new owner: its former owner cannot take it back later")
  void pairingCodeSpentWhileSomeoneElseOwnsTheBrush() {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    registry.pair(anna, brush.pairingCode()).await();
    registry.unpair(anna, brush.deviceId()).await();
    UUID ben = UUID.randomUUID();
    registry.pair(ben, registry.newPairingCode(brush.deviceId()).await()).await();

    assertProblem(() -> registry.pair(anna, brush.pairingCode()).await(), 409, "pairing-code-used");
    assertThat(codeUsedBy(brush.pairingCode())).isEqualTo(anna);
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isEqualTo(ben);

    registry.unpair(ben, brush.deviceId()).await();
    assertProblem(() -> registry.pair(anna, brush.pairingCode()).await(), 409, "pairing-code-used");
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isNull();
    assertThat(registry.devicesOf(anna).await()).isEmpty();
  }

  @Test
  @DisplayName(
      "A used code's row expires with the code: trying it after that is a 404, and the brush stays paired")
  void usedCodeExpires() {
    DeviceRegistry shortCodes =
        stack.registry(Clock.systemUTC(), Duration.ofSeconds(3), Duration.ofSeconds(1));
    var brush = shortCodes.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    shortCodes.pair(anna, brush.pairingCode()).await();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var row = codeRow(brush.pairingCode());
              return row == null || row.getString("device_id") == null;
            });
    assertThat(codeRow(brush.pairingCode())).as("the claim expired with the code").isNull();
    assertProblem(
        () -> shortCodes.pair(anna, brush.pairingCode()).await(), 404, "pairing-code-invalid");
    assertProblem(
        () -> shortCodes.pair(UUID.randomUUID(), brush.pairingCode()).await(),
        404,
        "pairing-code-invalid");
    assertThat(shortCodes.find(brush.deviceId()).await().orElseThrow().ownerId()).isEqualTo(anna);
  }

  private com.datastax.oss.driver.api.core.cql.Row codeRow(String code) {
    return stack
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT device_id, used_by FROM pairing_codes WHERE code = ?",
                Secrets.normalizePairingCode(code)))
        .one();
  }

  private UUID codeUsedBy(String code) {
    return codeRow(code).getUuid("used_by");
  }

  @Test
  @DisplayName("An unknown or expired pairing code is a 404 and pairs nothing")
  void unknownOrExpiredCode() {
    UUID patient = UUID.randomUUID();
    assertProblem(() -> registry.pair(patient, "ZZZZZ-ZZZZZ").await(), 404, "pairing-code-invalid");

    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
    DeviceRegistry shortCodes =
        stack.registry(Clock.systemUTC(), Duration.ofDays(1), Duration.ofSeconds(1));
    DeviceRegistry twoDaysLater = stack.registry(later, Duration.ofDays(1), Duration.ofSeconds(1));
    var brush = shortCodes.register(TestBrushIds.random(), "CL-100").await();

    assertProblem(
        () -> twoDaysLater.pair(patient, brush.pairingCode()).await(), 404, "pairing-code-invalid");
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isNull();
  }

  @Test
  @DisplayName("A brush paired elsewhere cannot be paired with a fresh code until it is unpaired")
  void alreadyPaired() {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    registry.pair(anna, brush.pairingCode()).await();
    String second = registry.newPairingCode(brush.deviceId()).await();

    assertProblem(
        () -> registry.pair(UUID.randomUUID(), second).await(), 409, "device-already-paired");

    registry.unpair(anna, brush.deviceId()).await();
    UUID ben = UUID.randomUUID();
    registry.pair(ben, second).await();
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isEqualTo(ben);
  }

  @Test
  @DisplayName("Only the owner can unpair; another patient gets 404")
  void unpairOnlyOwn() {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    registry.pair(anna, brush.pairingCode()).await();

    assertProblem(
        () -> registry.unpair(UUID.randomUUID(), brush.deviceId()).await(), 404, "not-found");
    assertThat(registry.find(brush.deviceId()).await().orElseThrow().ownerId()).isEqualTo(anna);
  }

  @Test
  @DisplayName(
      "Sessions after unpairing are not the former owner's; the next owner gets them, earlier ones stay")
  void attributionAcrossOwners() throws Exception {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    registry.pair(anna, brush.pairingCode()).await();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    byte[] whileAnna =
        TestBrush.payload(brush.deviceId(), 1, now.minusSeconds(900))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    String topic = "careloop/v1/devices/" + brush.deviceId() + "/sessions";
    stack.ingest().router().handle(topic, whileAnna).await();

    registry.unpair(anna, brush.deviceId()).await();
    byte[] afterAnna =
        TestBrush.payload(
                brush.deviceId(), 2, Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    stack.ingest().router().handle(topic, afterAnna).await();
    // A copy of Anna's session arriving late (a re-uploaded backlog) is still hers.
    stack.ingest().router().handle(topic, whileAnna).await();

    UUID ben = UUID.randomUUID();
    var device = registry.pair(ben, registry.newPairingCode(brush.deviceId()).await()).await();
    Instant since = device.pairings().get(0).unpairedAt();
    int moved =
        stack.ingest().sessions().attributeWaitingSessions(brush.deviceId(), since, ben).await();

    assertThat(moved).isEqualTo(1);
    assertThat(historyOf(anna)).extracting(s -> s.sessionId()).containsExactly(1L);
    assertThat(historyOf(ben)).extracting(s -> s.sessionId()).containsExactly(2L);
  }

  @Test
  @DisplayName(
      "A live session received after unpairing is not the former owner's, even when the brush's clock is behind")
  void liveSessionAfterUnpairingOnASlowClock() throws InterruptedException {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    registry.pair(anna, brush.pairingCode()).await();
    registry.unpair(anna, brush.deviceId()).await();
    Thread.sleep(1_100); // placements are to the second: the brush changes hands a moment later
    // brushed just now by whoever has the brush (a switch-on of 0 s), on a clock 40 minutes behind:
    // "during Anna's pairing"
    byte[] live =
        TestBrush.payload(
                brush.deviceId(),
                1,
                Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS))
            .put("durationSec", 0)
            .put(
                "pressure",
                new io.vertx.core.json.JsonObject().put("highEvents", 0).put("highSec", 0))
            .put(
                "zonesSec",
                new io.vertx.core.json.JsonObject()
                    .put("UL", 0)
                    .put("UR", 0)
                    .put("LL", 0)
                    .put("LR", 0))
            .encode()
            .getBytes(StandardCharsets.UTF_8);

    stack
        .ingest()
        .router()
        .handle("careloop/v1/devices/" + brush.deviceId() + "/sessions", live)
        .await();

    assertThat(historyOf(anna)).isEmpty();
    UUID ben = UUID.randomUUID();
    var device = registry.pair(ben, registry.newPairingCode(brush.deviceId()).await()).await();
    stack
        .ingest()
        .sessions()
        .attributeWaitingSessions(brush.deviceId(), device.waitingSince(), ben)
        .await();
    assertThat(historyOf(ben)).extracting(s -> s.sessionId()).containsExactly(1L);
  }

  /** A registry of another ingest instance, whose cache keeps a brush ten minutes. */
  private DeviceRegistry anotherInstancesRegistry() {
    return stack.registry(Clock.systemUTC(), Duration.ofDays(1), Duration.ofMinutes(10));
  }

  @Test
  @DisplayName(
      "Pairing and unpairing made by one instance reach another instance's cache at once, not when it expires")
  void changesReachOtherInstances() {
    DeviceRegistry other = anotherInstancesRegistry();
    other.followChanges(stack.vertx().eventBus());
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID anna = UUID.randomUUID();
    assertThat(other.find(brush.deviceId()).await().orElseThrow().ownerId())
        .isNull(); // now in its cache

    registry.pair(anna, brush.pairingCode()).await();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> anna.equals(other.find(brush.deviceId()).await().orElseThrow().ownerId()));

    registry.unpair(anna, brush.deviceId()).await();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> other.find(brush.deviceId()).await().orElseThrow().currentPairing().isEmpty());
  }

  @Test
  @DisplayName(
      "A session stored as waiting by a registry read from before the pairing still reaches the new owner")
  void sessionStoredWhilePairing() {
    DeviceRegistry stale =
        anotherInstancesRegistry(); // it does not hear of changes: the worst case
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    assertThat(stale.find(brush.deviceId()).await().orElseThrow().ownerId()).isNull();
    UUID anna = UUID.randomUUID();
    var device = registry.pair(anna, brush.pairingCode()).await();
    assertThat(
            stack
                .ingest()
                .sessions()
                .attributeWaitingSessions(brush.deviceId(), device.waitingSince(), anna)
                .await())
        .isZero(); // what pairing moves: nothing is waiting yet

    SessionIngestor staleIngest = stack.ingestor(stale, Clock.systemUTC());
    byte[] payload =
        TestBrush.payload(
                brush.deviceId(),
                1,
                Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS))
            .encode()
            .getBytes(StandardCharsets.UTF_8);

    assertThat(
            staleIngest
                .ingest("careloop/v1/devices/" + brush.deviceId() + "/sessions", payload)
                .await())
        .isEqualTo(IngestOutcome.STORED);
    assertThat(historyOf(anna)).extracting(s -> s.sessionId()).containsExactly(1L);
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT session_id FROM unattributed_sessions_by_device WHERE device_id = ?",
                        brush.deviceId()))
                .all())
        .isEmpty();
  }

  @Test
  @DisplayName(
      "A waiting session given to the patient who paired stays theirs when the brush uploads it again after unpairing")
  void givenSessionStaysWhenItComesAgain() {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    SessionIngestor ingest = stack.ingestor(registry, Clock.systemUTC());
    String topic = "careloop/v1/devices/" + brush.deviceId() + "/sessions";
    Instant startedAt = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
    var session = TestBrush.payload(brush.deviceId(), 1, startedAt);
    assertThat(ingest.ingest(topic, session.encode().getBytes(StandardCharsets.UTF_8)).await())
        .isEqualTo(IngestOutcome.STORED);
    UUID anna = UUID.randomUUID();
    var device = registry.pair(anna, brush.pairingCode()).await();
    assertThat(
            stack
                .ingest()
                .sessions()
                .attributeWaitingSessions(brush.deviceId(), device.waitingSince(), anna)
                .await())
        .isEqualTo(1);
    registry.unpair(anna, brush.deviceId()).await();

    // the brush never saw its PUBACK and uploads the session again, from its backlog
    byte[] again = session.copy().put("backlog", true).encode().getBytes(StandardCharsets.UTF_8);
    assertThat(ingest.ingest(topic, again).await()).isEqualTo(IngestOutcome.STORED);

    assertThat(historyOf(anna)).extracting(s -> s.sessionId()).containsExactly(1L);
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT session_id FROM unattributed_sessions_by_device WHERE device_id = ?",
                        brush.deviceId()))
                .all())
        .isEmpty();
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT patient_id FROM sessions_by_device WHERE device_id = ? AND year = ?",
                        brush.deviceId(),
                        startedAt.atZone(java.time.ZoneOffset.UTC).getYear()))
                .all())
        .extracting(r -> r.getUuid(0))
        .containsExactly(anna);
  }

  private java.util.List<io.careloop.ingest.session.BrushingSession> historyOf(UUID patient) {
    return stack
        .ingest()
        .sessions()
        .history(
            patient,
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofHours(1)),
            50,
            null)
        .await()
        .sessions();
  }
}
