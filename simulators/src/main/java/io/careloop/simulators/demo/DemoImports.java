package io.careloop.simulators.demo;

import io.careloop.simulators.chain.Account;
import io.careloop.simulators.demo.DemoPlan.PatientSpec;
import io.careloop.simulators.demo.DemoPlan.VisitSpec;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The practice system's side: every patient and their 18 months of visits, through the admin
 * imports (JSON lines). Imports are idempotent by external id and visit id: the second run's report
 * says every line unchanged.
 */
public final class DemoImports {

  /** What one import reported: lines, stored, unchanged, refused. */
  public record Report(
      String what, int lines, int stored, int unchanged, int refused, String firstRefusal) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String api;
  private final Account admin;

  DemoImports(String api, Account admin) {
    this.api = api.replaceAll("/+$", "");
    this.admin = admin;
  }

  Report patients(List<PatientSpec> patients, List<DemoCatalogueSetup.Clinic> clinics) {
    String lines =
        patients.stream()
            .map(
                p ->
                    new JsonObject()
                        .put("externalId", p.externalId())
                        .put("name", p.name())
                        .put("email", p.email())
                        .put("phone", p.phone())
                        .put("birthDate", p.birthDate().toString())
                        .put("clinicId", clinics.get(p.clinic()).id())
                        .encode())
            .collect(Collectors.joining("\n"));
    return send("patients", lines);
  }

  Report visits(List<PatientSpec> patients, List<DemoCatalogueSetup.Clinic> clinics) {
    String lines =
        patients.stream()
            .flatMap(p -> p.visits().stream().map(v -> line(p, v, clinics.get(p.clinic()))))
            .collect(Collectors.joining("\n"));
    return send("visits", lines);
  }

  private static String line(PatientSpec p, VisitSpec v, DemoCatalogueSetup.Clinic clinic) {
    JsonObject line =
        new JsonObject()
            .put("externalPatientId", p.externalId())
            .put("visitId", v.visitId())
            .put("date", v.date().toString())
            .put("status", v.status())
            .put("service", v.service())
            .put("provider", v.provider())
            .put("clinicId", clinic.id());
    if (v.price() != null) {
      line.put("price", v.price().doubleValue());
    }
    return line.encode();
  }

  private Report send(String what, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    api + "/api/v1/admin/imports/" + what + "?system=" + DemoPlan.IMPORT_SYSTEM))
            .timeout(Duration.ofMinutes(10))
            .header("Content-Type", "application/x-ndjson")
            .header("Authorization", "Bearer " + admin.token())
            .POST(HttpRequest.BodyPublishers.ofString(body + "\n"))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "importing " + what + " answered " + answer.statusCode() + ": " + answer.body());
      }
      JsonObject r = new JsonObject(answer.body());
      return new Report(
          what,
          r.getInteger("lines"),
          r.getInteger("stored"),
          r.getInteger("unchanged"),
          r.getInteger("refusedCount"),
          r.getJsonArray("refused").isEmpty()
              ? null
              : r.getJsonArray("refused").getJsonObject(0).encode());
    } catch (IOException e) {
      throw new IllegalStateException("importing " + what + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
