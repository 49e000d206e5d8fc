package io.careloop.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertCodecs;
import io.careloop.alerts.bus.AlertState;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.cluster.Nodes;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CRM hears the other modules' events, from another process too, and hearing one twice or late
 * changes nothing more.
 */
class CrmEventsIT {

  static final Set<String> JUDGED =
      Set.of("stage_changed", "tag_added", "tag_removed", "tier_changed");

  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(n -> n.close().await());
  }

  private Vertx node(ClusterConfig cluster) {
    Vertx node = Nodes.start(Metrics.newRegistry(), new VertxOptions(), cluster).await();
    nodes.add(node);
    return node;
  }

  private Vertx local() {
    Vertx node = Vertx.vertx();
    nodes.add(node);
    return node;
  }

  private static Principal staffOf(CrmStack stack) {
    return new Principal(UUID.randomUUID(), Role.NURSE, Set.of(stack.clinic.id()));
  }

  /** What was heard of, without what the CRM judged of it (stages, tags). */
  private static List<TimelineEntry> timeline(Crm crm, Principal staff, UUID patientId) {
    return CrmStack.timeline(crm, staff, patientId).stream()
        .filter(e -> !JUDGED.contains(e.kind()))
        .toList();
  }

  @Test
  @DisplayName(
      "A patient registered and a booking made on patient-api's node reach the CRM running alone on another node, and the record shows the patient's access needs asked across")
  void acrossProcesses() {
    int portA = FreePorts.next();
    int portB = FreePorts.next();
    List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    String name = "careloop-crm-test-" + UUID.randomUUID();
    CrmStack stack =
        new CrmStack(node(new ClusterConfig(members, "127.0.0.1", portA, name, Optional.empty())));
    Vertx crmNode = node(new ClusterConfig(members, "127.0.0.1", portB, name, Optional.empty()));
    Crm crm = stack.crm(crmNode, CrmConfig.defaults().withSweepInterval(Duration.ZERO));
    crm.startListening().await();

    UUID patient = stack.patient("Ada Remote", "ada-" + UUID.randomUUID() + "@example.org");
    Appointment booked = stack.book(patient, 3);
    stack
        .patients
        .accessNeeds()
        .set(
            patient,
            new AccessNeeds(Set.of("wheelchair", "easy-read"), 15, Optional.of("pl")),
            "patient",
            patient)
        .await();

    Principal nurse = staffOf(stack);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                crm.records()
                    .visible(nurse, patient)
                    .transform(ar -> io.vertx.core.Future.succeededFuture(ar.succeeded()))
                    .await());
    await().atMost(Duration.ofSeconds(20)).until(() -> timeline(crm, nurse, patient).size() == 2);
    assertThat(timeline(crm, nurse, patient))
        .extracting(TimelineEntry::kind)
        .containsExactly("appointment_booked", "registered");
    JsonObject record = crm.records().record(nurse, patient).await();
    assertThat(record.getJsonObject("profile").getString("name")).isEqualTo("Ada Remote");
    assertThat(record.getJsonArray("appointments").getJsonObject(0).getString("id"))
        .isEqualTo(booked.id().toString());
    JsonObject needs = record.getJsonObject("accessNeeds");
    assertThat(needs.getJsonArray("mobility")).containsExactly("wheelchair");
    assertThat(needs.getInteger("extraMinutes")).isEqualTo(15);
    assertThat(needs.getJsonObject("communication").getBoolean("easyRead")).isTrue();
    assertThat(needs.getJsonObject("communication").getString("interpreterLanguage"))
        .isEqualTo("pl");
  }

  @Test
  @DisplayName(
      "Events heard twice or out of order change nothing more: one entry per fact, the latest version, a resolved alert stays closed")
  void twiceAndLate() {
    Vertx vertx = local();
    CrmStack stack = new CrmStack(vertx);
    Crm crm = stack.crm(vertx, CrmConfig.defaults().withSweepInterval(Duration.ZERO));
    crm.startListening().await();
    UUID patient = stack.patient("Late Listener", "late-" + UUID.randomUUID() + "@example.org");
    Appointment booked = stack.book(patient, 5);
    Appointment cancelled = stack.patients.booking().cancel(patient, booked.id()).await();
    Principal nurse = staffOf(stack);
    await().atMost(Duration.ofSeconds(10)).until(() -> timeline(crm, nurse, patient).size() == 3);

    // the booking heard again, after the cancel: the record keeps the cancel
    vertx
        .eventBus()
        .publish(
            Addresses.APPOINTMENT_CHANGED,
            new AppointmentChanged("booked", booked, Optional.empty()));
    // an alert's resolution heard before its opening
    AlertCodecs.register(vertx.eventBus());
    Instant opened =
        Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    AlertState resolved =
        new AlertState(
            UUID.randomUUID(),
            patient,
            "no-brushing",
            "No brushing for 24 h",
            "medium",
            "resolved",
            opened,
            Optional.empty(),
            Optional.of(opened.plus(Duration.ofHours(1))),
            Set.of(stack.clinic.id()));
    vertx
        .eventBus()
        .publish(Addresses.ALERT_CHANGED, new AlertChanged(AlertChanged.RESOLVED, resolved));
    vertx
        .eventBus()
        .publish(Addresses.ALERT_CHANGED, new AlertChanged(AlertChanged.OPENED, resolved));
    vertx
        .eventBus()
        .publish(Addresses.ALERT_CHANGED, new AlertChanged(AlertChanged.OPENED, resolved));

    await().atMost(Duration.ofSeconds(10)).until(() -> timeline(crm, nurse, patient).size() == 5);
    await()
        .pollDelay(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> crm.intake().failed() == 0);
    assertThat(timeline(crm, nurse, patient))
        .as("newest first: the alert is two hours old")
        .extracting(TimelineEntry::kind)
        .containsExactly(
            "appointment_cancelled",
            "appointment_booked",
            "registered",
            "alert_resolved",
            "alert_opened");
    assertThat(crm.records().record(nurse, patient).await().getJsonArray("appointments"))
        .singleElement()
        .satisfies(a -> assertThat(((JsonObject) a).getString("status")).isEqualTo("cancelled"));
    assertThat(crm.records().record(nurse, patient).await().containsKey("accessNeeds"))
        .as("a patient without access needs")
        .isFalse();
    assertThat(
            TestCassandra.get()
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT alert_id FROM crm_open_alerts_by_patient WHERE patient_id = ?",
                        patient))
                .all())
        .as("resolved, whatever the order")
        .isEmpty();
    assertThat(cancelled.version()).isEqualTo(2);
  }
}
