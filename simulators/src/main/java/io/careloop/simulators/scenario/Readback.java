package io.careloop.simulators.scenario;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.careloop.simulators.report.Observed;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What CareLoop shows through the public API: each patient's sessions, the nurse's alert list. */
final class Readback {

  private Readback() {}

  /** Every session in the patients' lists placed since {@code from}, by device, id and start. */
  static Map<String, List<Observed.StoredCopy>> sessions(List<Account> patients, Instant from) {
    Map<String, List<Observed.StoredCopy>> stored = new HashMap<>();
    for (Account patient : patients) {
      String next = null;
      do {
        String query =
            "/api/v1/me/brushing/sessions?limit=200&from="
                + from
                + (next == null
                    ? ""
                    : "&pageToken=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        JsonObject page = patient.call("GET", query, null, 200);
        for (Object o : page.getJsonArray("sessions", new JsonArray())) {
          JsonObject s = (JsonObject) o;
          String key =
              s.getString("deviceId")
                  + "/"
                  + s.getLong("sessionId")
                  + "/"
                  + Instant.parse(s.getString("startedAt"));
          stored
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(
                  new Observed.StoredCopy(
                      patient.id(),
                      Instant.parse(s.getString("placedAt")),
                      Instant.parse(s.getString("receivedAt"))));
        }
        next = page.getString("nextPageToken");
      } while (next != null);
    }
    return stored;
  }

  /** The clinic's unresolved alerts as the nurse lists them, by patient and rule. */
  static Map<UUID, Map<String, JsonObject>> alerts(Account nurse, String clinicId) {
    AppClient.Response response =
        nurse.send("GET", "/api/v1/nurse/alerts?clinicId=" + clinicId, null, Map.of());
    if (response.status() != 200) {
      throw new IllegalStateException(
          "the nurse's alerts answered " + response.status() + ": " + response.text());
    }
    Map<UUID, Map<String, JsonObject>> alerts = new HashMap<>();
    for (Object o : response.body().getJsonArray("alerts", new JsonArray())) {
      JsonObject a = (JsonObject) o;
      alerts
          .computeIfAbsent(UUID.fromString(a.getString("patientId")), k -> new HashMap<>())
          .putIfAbsent(a.getString("ruleId"), a);
    }
    return alerts;
  }
}
