package io.careloop.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.identity.Identity;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Value tiers fitted on the patients' RFM-Health scores, named from their centres, refitted on
 * demand; a refit that moves a patient records the move. The patients are imported with visits that
 * give each group its scores (recency, frequency, monetary; no brush, so health risk 1).
 */
class CrmTiersIT {

  private final Vertx vertx = Vertx.vertx();
  private final Principal admin = new Principal(UUID.randomUUID(), Role.ADMIN, Set.of());

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /**
   * A group of patients with the same visits: {@code daysAgo} of each completed visit, all at
   * {@code price}.
   */
  private record Group(String name, int size, List<Integer> daysAgo, int price) {}

  private static void importGroups(
      Vertx vertx, Crm crm, CrmStack stack, String run, List<Group> groups) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> patients = new ArrayList<>();
    List<String> visits = new ArrayList<>();
    for (Group g : groups) {
      for (int i = 0; i < g.size(); i++) {
        String id = run + "-" + g.name() + i;
        patients.add(
            new JsonObject()
                .put("externalId", id)
                .put("name", g.name() + " " + i)
                .put("clinicId", stack.clinic.id().toString())
                .encode());
        for (int days : g.daysAgo()) {
          visits.add(
              new JsonObject()
                  .put("externalPatientId", id)
                  .put("date", today.minusDays(days).toString())
                  .put("status", "completed")
                  .put("service", "check-up")
                  .put("price", g.price())
                  .put("clinicId", stack.clinic.id().toString())
                  .encode());
        }
      }
    }
    CrmStack.imported(vertx, crm, false, patients);
    CrmStack.imported(vertx, crm, true, visits);
  }

  private UUID patient(Crm crm, String externalId) {
    return crm.identities()
        .find(Identity.of("practice", externalId))
        .await()
        .orElseThrow()
        .patientId();
  }

  private String tierOf(Crm crm, UUID patientId) {
    return crm.records().record(admin, patientId).await().getJsonObject("tier").getString("tier");
  }

  private Map<String, String> tiers(Crm crm, String run, List<Group> groups) {
    return groups.stream()
        .collect(
            Collectors.toMap(
                Group::name,
                g ->
                    IntStream.range(0, g.size())
                        .mapToObj(i -> tierOf(crm, patient(crm, run + "-" + g.name() + i)))
                        .distinct()
                        .collect(Collectors.joining(","))));
  }

  @Test
  @DisplayName(
      "A refit names the tiers from their centres and gives everyone theirs; a refit whose new centres move patients records each move in their timeline")
  void refitRecordsMoves() {
    CrmStack stack = new CrmStack(vertx);
    Crm crm = stack.crmWithoutSweep();
    // the refits fit this test's patients only, from no earlier model: a test run before it in
    // this keyspace may have stored one, and a refit starts from the stored centres
    TestCassandra.get().session().execute("TRUNCATE crm_patients_by_shard");
    TestCassandra.get().session().execute("TRUNCATE crm_models");
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Group> four =
        List.of(
            new Group("A", 3, List.of(10, 20, 30, 40, 50, 60), 700), // R5 F5 M5
            new Group("B", 3, List.of(800), 100), // R1 F1 M1
            new Group("C", 3, List.of(30), 50), // R5 F2 M1
            new Group("D", 3, List.of(400, 500), 400)); // R2 F3 M3
    importGroups(vertx, crm, stack, run, four);

    JsonObject first = crm.tierRefit().refit(Optional.empty()).await();

    assertThat(first.getInteger("patients")).isEqualTo(12);
    assertThat(first.getInteger("moved")).as("everyone gets a first tier").isEqualTo(12);
    assertThat(tiers(crm, run, four))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("A", "strategic", "C", "growth", "B", "potential", "D", "maintain"));

    // thirty patients of high frequency and spend but less recent: the four centres must make room
    // for them
    Group e = new Group("E", 30, List.of(400, 450, 500, 550, 600, 650), 800); // R2 F5 M5
    importGroups(vertx, crm, stack, run, List.of(e));
    JsonObject second = crm.tierRefit().refit(Optional.empty()).await();

    assertThat(tiers(crm, run, four))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("A", "strategic", "C", "growth", "B", "potential", "D", "potential"));
    assertThat(tiers(crm, run, List.of(e))).containsEntry("E", "maintain");
    assertThat(second.getInteger("moved")).as("D's three patients").isEqualTo(3);
    UUID moved = patient(crm, run + "-D0");
    List<TimelineEntry> entries = CrmStack.timeline(crm, admin, moved, Duration.ofDays(1));
    assertThat(entries)
        .filteredOn(t -> t.kind().equals("tier_changed"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.data().getString("from")).isEqualTo("maintain");
              assertThat(t.data().getString("to")).isEqualTo("potential");
              assertThat(t.data().getString("reason")).isEqualTo("refit");
            });
    JsonObject potential =
        second.getJsonArray("tiers").stream()
            .map(JsonObject.class::cast)
            .filter(t -> t.getString("tier").equals("potential"))
            .findFirst()
            .orElseThrow();
    assertThat(potential.getInteger("size")).isEqualTo(6);
    assertThat(potential.getJsonObject("meanScores").getDouble("recency")).isEqualTo(1.5);
    assertThat(second.getDouble("silhouette")).isBetween(-1.0, 1.0);
  }
}
