package io.careloop.simulators.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A run's report as one self-contained HTML page (inline SVG, no script, nothing fetched): the
 * counts, throughput and latency over time with the faults marked, and the clinical tables.
 * Rendered from the JSON report alone, so an old report can be drawn again.
 */
public final class HtmlReport {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 240;
  private static final int PAD = 40;

  private HtmlReport() {}

  public static String render(JsonObject report) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>CareLoop run: ")
        .append(esc(report.getString("scenario")))
        .append("</title><style>")
        .append(
            "body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse;margin:1em 0}")
        .append(
            "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}th{background:#eee}")
        .append(
            ".bad{color:#b00;font-weight:bold}.ok{color:#070}svg{border:1px solid #ddd}</style></head><body>");
    html.append("<h1>")
        .append(esc(report.getString("scenario")))
        .append("</h1><p>")
        .append(esc(report.getString("startedAt")))
        .append(" to ")
        .append(esc(report.getString("endedAt")))
        .append(" &middot; ")
        .append(esc(report.getJsonObject("meta").encode()))
        .append("</p>");
    sessions(html, report.getJsonObject("sessions"), report.getJsonObject("latencyMs"));
    JsonArray timeline = report.getJsonArray("timeline");
    JsonArray faults = report.getJsonArray("faults");
    html.append("<h2>Throughput (sessions per second)</h2>")
        .append(
            chart(
                timeline,
                faults,
                List.of("published", "acknowledged", "stored"),
                List.of("#36c", "#f90", "#393"),
                1));
    html.append("<h2>Publish to stored, by second of first publish (seconds)</h2>")
        .append(
            chart(
                timeline,
                faults,
                List.of("storeP50Ms", "storeMaxMs"),
                List.of("#36c", "#c33"),
                1000));
    alerts(html, report.getJsonObject("alerts"));
    faults(html, faults);
    html.append("<h2>App traffic</h2>")
        .append(
            table(
                List.of("operation: outcome", "count"),
                report.getJsonObject("traffic").stream()
                    .map(e -> List.of(e.getKey(), String.valueOf(e.getValue())))
                    .toList()));
    return html.append("</body></html>").toString();
  }

  private static void sessions(StringBuilder html, JsonObject s, JsonObject latency) {
    html.append("<h2>Sessions</h2>")
        .append(
            table(
                List.of(
                    "due",
                    "published",
                    "acknowledged (PUBACK)",
                    "stored",
                    "lost",
                    "stored twice",
                    "unacknowledged",
                    "publishes",
                    "failed publishes"),
                List.of(
                    List.of(
                        str(s, "due"),
                        str(s, "published"),
                        str(s, "acknowledged"),
                        str(s, "stored"),
                        mark(s.getLong("lost", 0L)),
                        mark(s.getLong("storedTwice", 0L)),
                        str(s, "unacknowledged"),
                        str(s, "publishes"),
                        str(s, "failedPublishes")))));
    html.append(
        table(
            List.of("latency (ms)", "count", "p50", "p90", "p99", "max"),
            List.of(
                percentiles("publish to stored", latency.getJsonObject("publishToStored")),
                percentiles("publish to alert", latency.getJsonObject("publishToAlert")))));
  }

  private static List<String> percentiles(String name, JsonObject p) {
    return List.of(
        name, str(p, "count"), str(p, "p50"), str(p, "p90"), str(p, "p99"), str(p, "max"));
  }

  private static void alerts(StringBuilder html, JsonObject alerts) {
    html.append(
        "<h2>Alerts per profile: expected against raised</h2><p>Expected: what a nurse should get (the"
            + " clinical table), for the rules this run can judge. Raised: the nurse's list (patients with the alert)."
            + " Judged: the real rules over what reached CareLoop.</p>");
    html.append(
        table(
            List.of(
                "profile",
                "plan",
                "patients",
                "expected",
                "raised",
                "judged",
                "known false alarms",
                "not judgeable in this run"),
            alerts.getJsonArray("byRow").stream()
                .map(o -> (JsonObject) o)
                .map(
                    r ->
                        List.of(
                            r.getString("row"),
                            r.getString("plan"),
                            str(r, "patients"),
                            join(r.getJsonArray("expected")),
                            counts(r.getJsonObject("raised")),
                            counts(r.getJsonObject("judged")),
                            String.join(", ", r.getJsonObject("knownFalseAlarms").fieldNames()),
                            join(r.getJsonArray("notJudgeable"))))
                .toList()));
    html.append("<h2>Clinical precision and recall per rule</h2>")
        .append(
            table(
                List.of(
                    "plan/rule",
                    "true",
                    "false",
                    "of which known false alarms",
                    "missed",
                    "precision",
                    "recall"),
                alerts.getJsonArray("byRule").stream()
                    .map(o -> (JsonObject) o)
                    .map(
                        r ->
                            List.of(
                                r.getString("rule"),
                                str(r, "tp"),
                                str(r, "fp"),
                                str(r, "knownFalseAlarms"),
                                str(r, "fn"),
                                pct(r.getDouble("precision")),
                                pct(r.getDouble("recall"))))
                    .toList()));
  }

  private static void faults(StringBuilder html, JsonArray faults) {
    html.append("<h2>Faults</h2>")
        .append(
            table(
                List.of("at (s)", "name", "command", "took (s)", "exit"),
                faults.stream()
                    .map(o -> (JsonObject) o)
                    .map(
                        f ->
                            List.of(
                                str(f, "atSec"),
                                f.getString("name"),
                                f.getString("command"),
                                str(f, "tookSec"),
                                str(f, "exitCode")))
                    .toList()));
  }

  /**
   * A line chart of some fields of the timeline, divided by {@code scale}, with the faults as
   * dashed lines.
   */
  static String chart(
      JsonArray timeline,
      JsonArray faults,
      List<String> fields,
      List<String> colours,
      double scale) {
    int n = Math.max(1, timeline.size());
    double max = 1e-9;
    for (Object o : timeline) {
      for (String f : fields) {
        max = Math.max(max, ((JsonObject) o).getDouble(f, 0.0) / scale);
      }
    }
    double top = max;
    Function<Double, Double> x = t -> PAD + t * (WIDTH - 2 * PAD) / Math.max(1, n - 1);
    Function<Double, Double> y = v -> HEIGHT - PAD - v * (HEIGHT - 2 * PAD) / top;
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                WIDTH,
                HEIGHT));
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            PAD,
            HEIGHT - PAD,
            WIDTH - PAD,
            HEIGHT - PAD));
    svg.append(
        String.format(
            Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">%.1f</text>", PAD, top));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d s</text>",
            WIDTH - PAD,
            HEIGHT - PAD + 14,
            n - 1));
    for (int i = 0; i < fields.size(); i++) {
      StringBuilder points = new StringBuilder();
      for (Object o : timeline) {
        JsonObject p = (JsonObject) o;
        if (p.containsKey(fields.get(i))) {
          points.append(
              String.format(
                  Locale.ROOT,
                  "%.1f,%.1f ",
                  x.apply(p.getDouble("t")),
                  y.apply(p.getDouble(fields.get(i)) / scale)));
        }
      }
      svg.append("<polyline fill=\"none\" stroke=\"")
          .append(colours.get(i))
          .append("\" points=\"")
          .append(points)
          .append("\"/>")
          .append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                  PAD + 10 + 130 * i,
                  14,
                  colours.get(i),
                  esc(fields.get(i))));
    }
    for (Object o : faults) {
      JsonObject f = (JsonObject) o;
      double fx = x.apply(f.getDouble("atSec"));
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c00\""
                  + " stroke-dasharray=\"4\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#c00\">%s</text>",
              fx,
              PAD - 10,
              fx,
              HEIGHT - PAD,
              fx + 3,
              PAD,
              esc(f.getString("name"))));
    }
    return svg.append("</svg>").toString();
  }

  private static String table(List<String> headers, List<List<String>> rows) {
    StringBuilder t = new StringBuilder("<table><tr>");
    headers.forEach(h -> t.append("<th>").append(esc(h)).append("</th>"));
    t.append("</tr>");
    for (List<String> row : rows) {
      t.append("<tr>");
      row.forEach(
          cell ->
              t.append("<td>").append(cell.startsWith("<span") ? cell : esc(cell)).append("</td>"));
      t.append("</tr>");
    }
    return t.append("</table>").toString();
  }

  private static String mark(long count) {
    return "<span class=\"" + (count == 0 ? "ok" : "bad") + "\">" + count + "</span>";
  }

  private static String counts(JsonObject counts) {
    StringBuilder s = new StringBuilder();
    counts.forEach(
        e ->
            s.append(s.length() == 0 ? "" : ", ")
                .append(e.getKey())
                .append(" (")
                .append(e.getValue())
                .append(")"));
    return s.toString();
  }

  private static String join(JsonArray values) {
    return String.join(", ", values.stream().map(String::valueOf).toList());
  }

  private static String str(JsonObject o, String key) {
    Object v = o == null ? null : o.getValue(key);
    return v == null ? "" : String.valueOf(v);
  }

  private static String pct(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.0f %%", v * 100);
  }

  static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
