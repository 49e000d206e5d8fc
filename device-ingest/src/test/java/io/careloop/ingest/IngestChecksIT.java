package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.PatientDevices;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.bus.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * device-ingest checks the registry again on its own side, whatever the broker let through: a
 * message of a brush that is not registered, or was revoked, is refused and kept as a dead letter.
 * (The brokers already refuse such brushes at CONNECT: BrokerAccessIT.)
 */
class IngestChecksIT {

  private final IngestStack stack = IngestStack.get();

  private long rowsOf(String deviceId) {
    return stack
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT session_id FROM sessions_by_device WHERE device_id = ? AND year = ?",
                    deviceId,
                    LocalDate.now(ZoneOffset.UTC).getYear()))
            .all()
            .size()
        + stack
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT session_id FROM unattributed_sessions_by_device WHERE device_id = ?",
                    deviceId))
            .all()
            .size();
  }

  private String reasonOfDeadLetter(String deviceId) {
    return stack.ingest().deadLettersOf(LocalDate.now(ZoneOffset.UTC)).await().stream()
        .filter(l -> deviceId.equals(l.deviceId()))
        .findFirst()
        .orElseThrow()
        .reason();
  }

  @Test
  @DisplayName(
      "A session of a brush that is not registered is refused as unknown-device and stores nothing")
  void unknownDevice() {
    String deviceId = TestBrushIds.random();
    byte[] payload =
        TestBrush.payload(deviceId, 1, Instant.now().minusSeconds(200))
            .encode()
            .getBytes(StandardCharsets.UTF_8);

    IngestOutcome outcome =
        stack
            .ingest()
            .router()
            .handle("careloop/v1/devices/" + deviceId + "/sessions", payload)
            .await();

    assertThat(outcome).isEqualTo(IngestOutcome.DEAD_LETTERED);
    assertThat(reasonOfDeadLetter(deviceId)).isEqualTo("unknown-device");
    assertThat(rowsOf(deviceId)).isZero();
  }

  @Test
  @DisplayName("A session of a revoked brush is refused as revoked-device and stores nothing")
  void revokedDevice() {
    var brush = stack.ingest().registry().register(TestBrushIds.random(), "CL-100").await();
    stack.ingest().registry().revoke(brush.deviceId()).await();
    byte[] payload =
        TestBrush.payload(brush.deviceId(), 1, Instant.now().minusSeconds(200))
            .encode()
            .getBytes(StandardCharsets.UTF_8);

    IngestOutcome outcome =
        stack
            .ingest()
            .router()
            .handle("careloop/v1/devices/" + brush.deviceId() + "/sessions", payload)
            .await();

    assertThat(outcome).isEqualTo(IngestOutcome.DEAD_LETTERED);
    assertThat(reasonOfDeadLetter(brush.deviceId())).isEqualTo("revoked-device");
    assertThat(rowsOf(brush.deviceId())).isZero();
  }

  @Test
  @DisplayName("A status message that breaks its schema is dead-lettered and changes no status")
  void badStatus() {
    var brush = stack.ingest().registry().register(TestBrushIds.random(), "CL-100").await();
    byte[] payload =
        ("{\"schema\":\"careloop.device-status/1\",\"deviceId\":\""
                + brush.deviceId()
                + "\",\"at\":\"yesterday\",\"online\":true}")
            .getBytes(StandardCharsets.UTF_8);

    IngestOutcome outcome =
        stack
            .ingest()
            .router()
            .handle("careloop/v1/devices/" + brush.deviceId() + "/status", payload)
            .await();

    assertThat(outcome).isEqualTo(IngestOutcome.DEAD_LETTERED);
    assertThat(reasonOfDeadLetter(brush.deviceId())).isEqualTo("schema-violation");
    assertThat(stack.ingest().statuses().statusOf(brush.deviceId()).await()).isEmpty();
  }

  @Test
  @DisplayName(
      "Other modules read a patient's sessions over the event bus, newest first, and a bad query is refused")
  void patientSessionsOverTheBus() {
    var brush = stack.ingest().registry().register(TestBrushIds.random(), "CL-100").await();
    java.util.UUID patient = java.util.UUID.randomUUID();
    stack.ingest().registry().pair(patient, brush.pairingCode()).await();
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 1; i <= 3; i++) {
      stack
          .ingest()
          .router()
          .handle(
              "careloop/v1/devices/" + brush.deviceId() + "/sessions",
              TestBrush.payload(brush.deviceId(), i, now.minusSeconds(3600L * i))
                  .encode()
                  .getBytes(StandardCharsets.UTF_8))
          .await();
    }
    var bus = stack.vertx().eventBus();

    var reply =
        bus.<PatientSessions>request(
                Addresses.PATIENT_SESSIONS,
                PatientSessions.ask(patient, now.minusSeconds(86_400), now.plusSeconds(60)))
            .await();

    assertThat(reply.body().sessions())
        .extracting(StoredSession::sessionId)
        .containsExactly(1L, 2L, 3L);
    var refused =
        bus.request(
            Addresses.PATIENT_SESSIONS,
            PatientSessions.ask(patient, now.minusSeconds(86_400L * 200), now));
    org.assertj.core.api.Assertions.assertThatThrownBy(refused::await)
        .hasMessageContaining("at most 92 days");
  }

  @Test
  @DisplayName(
      "A patient's paired brushes are answered over the event bus, and none after unpairing")
  void patientDevicesOverTheBus() {
    var brush = stack.ingest().registry().register(TestBrushIds.random(), "CL-100").await();
    java.util.UUID patient = java.util.UUID.randomUUID();
    stack.ingest().registry().pair(patient, brush.pairingCode()).await();
    var bus = stack.vertx().eventBus();
    var ask = PatientDevices.ask(patient);

    var paired = bus.<PatientDevices>request(Addresses.PATIENT_DEVICES, ask).await().body();
    assertThat(paired.devices())
        .extracting(PatientDevices.PairedBrush::deviceId)
        .containsExactly(brush.deviceId());

    stack.ingest().registry().unpair(patient, brush.deviceId()).await();
    assertThat(bus.<PatientDevices>request(Addresses.PATIENT_DEVICES, ask).await().body().devices())
        .isEmpty();
  }
}
