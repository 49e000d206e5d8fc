package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus alerting rules in ops/ query only metrics a running
 * CareLoop exports, once it has done a little of everything (a request, a refused message).
 */
class ObservabilityIT {

  private static final Path OPS = Path.of("..", "ops");
  private static final Pattern METRIC =
      Pattern.compile("\\b(?:careloop|vertx|jvm|process)_[a-z_]+\\b");
  private static final TestApp app = TestApp.get();
  private static String scrape;

  @BeforeAll
  static void somethingOfEverything() throws Exception {
    assertThat(app.get("/openapi.yaml", null).statusCode()).isEqualTo(200);
    String deviceId = TestBrushIds.random();
    JsonObject registered =
        app.post(
                "/api/v1/admin/devices",
                app.adminToken(),
                new JsonObject().put("deviceId", deviceId).put("model", "CL-1"))
            .bodyAsJsonObject();
    try (TestBrush brush =
        TestBrush.connect(app.mqttUri, deviceId, registered.getString("credential"))) {
      brush.publish(
          brush.sessionTopic(), "{\"not\": \"a session\"}".getBytes(StandardCharsets.UTF_8));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                app.manage("/metrics")
                    .bodyAsString()
                    .contains("careloop_ingest_dead_letters_total{"));
    scrape = app.manage("/metrics").bodyAsString();
  }

  @Test
  @DisplayName("Every metric a dashboard panel queries is exported")
  void dashboard() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(OPS.resolve("grafana/careloop.json")));
    Set<String> queried = new TreeSet<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
        queried.addAll(metricsIn(((JsonObject) target).getString("expr")));
      }
    }

    assertThat(queried).hasSizeGreaterThan(15);
    assertThat(queried).allSatisfy(metric -> assertThat(scrape).as(metric).contains(metric));
  }

  @Test
  @DisplayName(
      "Every alerting rule names a severity, says what happened, and queries exported metrics")
  @SuppressWarnings("unchecked")
  void alertingRules() throws Exception {
    Map<String, Object> file =
        new Yaml().load(Files.readString(OPS.resolve("prometheus/careloop-alerts.yml")));
    List<Map<String, Object>> rules =
        (List<Map<String, Object>>)
            ((List<Map<String, Object>>) file.get("groups")).get(0).get("rules");

    assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
    for (Map<String, Object> rule : rules) {
      assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
      assertThat(((Map<String, Object>) rule.get("labels")).get("severity")).isIn("page", "ticket");
      assertThat((Map<String, Object>) rule.get("annotations"))
          .containsKeys("summary", "description");
      assertThat(metricsIn((String) rule.get("expr")))
          .isNotEmpty()
          .allSatisfy(
              metric -> assertThat(scrape).as(rule.get("alert") + ": " + metric).contains(metric));
    }
  }

  private static Set<String> metricsIn(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }
}
