package io.careloop.simulators.cli;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The few lines of a report the console shows at the end of a run. */
final class Summary {

  private Summary() {}

  static String of(JsonObject report) {
    JsonObject s = report.getJsonObject("sessions");
    JsonObject stored = report.getJsonObject("latencyMs").getJsonObject("publishToStored");
    JsonObject alert = report.getJsonObject("latencyMs").getJsonObject("publishToAlert");
    JsonObject a = report.getJsonObject("alerts");
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Sessions: %d due, %d published, %d acknowledged, %d stored, %d lost, %d stored twice, %d unacknowledged%n",
                s.getLong("due"),
                s.getLong("published"),
                s.getLong("acknowledged"),
                s.getLong("stored"),
                s.getLong("lost"),
                s.getLong("storedTwice"),
                s.getLong("unacknowledged")));
    if (s.getLong("acknowledgedNoMatchingSubscribers", 0L) > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %d acknowledged with \"no matching subscribers\" (the broker kept nothing),"
                  + " %d of them lost%n",
              s.getLong("acknowledgedNoMatchingSubscribers"),
              s.getLong("lostAfterNoMatchingSubscribers")));
    }
    out.append("Publish to stored ms: ").append(percentiles(stored)).append('\n');
    out.append("Publish to alert ms:  ").append(percentiles(alert)).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "Alerts: %d expected, %d raised, %d differ from the rules' verdict%n",
            a.getInteger("expected"),
            a.getInteger("raised"),
            a.getInteger("raisedNotAsJudged")));
    report
        .getJsonArray("faults")
        .forEach(
            o -> {
              JsonObject f = (JsonObject) o;
              out.append(
                  String.format(
                      Locale.ROOT,
                      "Fault at %.0f s: %s (exit %d, %.1f s)%n",
                      f.getDouble("atSec"),
                      f.getString("name"),
                      f.getInteger("exitCode"),
                      f.getDouble("tookSec")));
            });
    return out.toString().stripTrailing();
  }

  private static String percentiles(JsonObject p) {
    if (p.getLong("count") == 0) {
      return "none";
    }
    return String.format(
        Locale.ROOT,
        "p50 %d, p90 %d, p99 %d, max %d (%d)",
        p.getLong("p50"),
        p.getLong("p90"),
        p.getLong("p99"),
        p.getLong("max"),
        p.getLong("count"));
  }
}
