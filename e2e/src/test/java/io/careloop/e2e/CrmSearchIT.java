package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.crm.audit.RecordReads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Staff search their clinics' patients by name, e-mail and phone, paged; never another clinic's.
 */
class CrmSearchIT {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);

  private CrmWorld.Patient known(CrmWorld in, String name, String phone, int slot) {
    CrmWorld.Patient p = in.patient(name, phone);
    in.book(p, slot);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> in.record(in.coordinator.token(), p.id()).statusCode() == 200);
    return p;
  }

  private JsonObject search(String token, String query) {
    var r = app.get("/api/v1/staff/patients?clinicId=" + world.clinicId + "&" + query, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private List<String> names(String token, String q) {
    return search(token, "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
        .getJsonArray("patients")
        .stream()
        .map(o -> ((JsonObject) o).getString("name"))
        .toList();
  }

  @Test
  @DisplayName(
      "By a word of the name (accents aside), the start of an e-mail, a phone's last digits; names and contacts listed")
  void byNameEmailPhone() {
    CrmWorld.Patient jose = known(world, "José Álvarez", "+34 612 345 678", 0);
    known(world, "Josephine Baker", "+33 6 98 76 54 32", 1);
    known(world, "李小明", "+86 138 0013 8000", 2);

    assertThat(names(world.coordinator.token(), "jose"))
        .containsExactlyInAnyOrder("José Álvarez", "Josephine Baker");
    assertThat(names(world.coordinator.token(), "alvarez jose")).containsExactly("José Álvarez");
    assertThat(names(world.coordinator.token(), jose.email().substring(0, 10)))
        .containsExactly("José Álvarez");
    assertThat(names(world.coordinator.token(), "612 345 678")).containsExactly("José Álvarez");
    assertThat(names(world.coordinator.token(), "5432")).containsExactly("Josephine Baker");
    assertThat(names(world.coordinator.token(), "小明")).containsExactly("李小明");
    assertThat(names(world.coordinator.token(), "李")).containsExactly("李小明");
    assertThat(names(world.coordinator.token(), "nobody")).isEmpty();
    JsonObject row =
        search(world.nurse.token(), "q=jose").getJsonArray("patients").stream()
            .map(JsonObject.class::cast)
            .filter(o -> o.getString("name").equals("José Álvarez"))
            .findFirst()
            .orElseThrow();
    assertThat(row.getString("phone")).isEqualTo("+34 612 345 678");
    assertThat(row.getString("email")).isEqualTo(jose.email());
    assertThat(row.getJsonObject("nextAppointment").getString("status")).isEqualTo("booked");
    assertThat(row.getInteger("openAlerts")).as("nurses see open alerts").isZero();
    assertThat(app.app.crm().reads().thisMonth(jose.id()).await())
        .extracting(RecordReads.Read::what)
        .contains("search");
  }

  @Test
  @DisplayName(
      "The clinic's list by name, in pages; another clinic's patients are never listed, and its clinicId is 403")
  void pagesAndScope() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      names.add("Page Patient " + (char) ('A' + i));
      known(world, names.get(i), null, 10 + i);
    }
    CrmWorld elsewhere = new CrmWorld(app);
    known(elsewhere, "Page Patient Stranger", null, 0);

    List<String> listed = new ArrayList<>();
    String token = null;
    do {
      JsonObject page =
          search(
              world.coordinator.token(), "limit=3" + (token == null ? "" : "&pageToken=" + token));
      assertThat(page.getJsonArray("patients").size()).isLessThanOrEqualTo(3);
      page.getJsonArray("patients").forEach(o -> listed.add(((JsonObject) o).getString("name")));
      token = page.getString("nextPageToken");
    } while (token != null);

    assertThat(listed).containsExactlyElementsOf(names);
    assertThat(names(world.coordinator.token(), "stranger")).isEmpty();
    JsonArray mine =
        app.get("/api/v1/staff/patients?q=page", world.nurse.token())
            .bodyAsJsonObject()
            .getJsonArray("patients");
    assertThat(mine).hasSize(7);
    assertThat(
            app.get("/api/v1/staff/patients?clinicId=" + elsewhere.clinicId, world.nurse.token())
                .statusCode())
        .isEqualTo(403);
    assertThat(app.get("/api/v1/staff/patients?q=page", app.adminToken()).statusCode())
        .as("an admin names the clinic")
        .isEqualTo(400);
    assertThat(
            app.get(
                    "/api/v1/staff/patients?clinicId=" + elsewhere.clinicId + "&q=stranger",
                    app.adminToken())
                .bodyAsJsonObject()
                .getJsonArray("patients"))
        .as("an admin sees the chain")
        .hasSize(1);
    assertThat(search(world.coordinator.token(), "tier=strategic").getJsonArray("patients"))
        .as("no tiers before the CRM model")
        .isEmpty();
  }
}
