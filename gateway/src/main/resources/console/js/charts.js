// A patient's daily brushing drawn with uPlot: one small chart per figure, the care plan's
// threshold as a dashed line, the alerts as marks on the time axis, and beside each chart a table
// of the same numbers (what screen readers and the tests read; the data-* attributes say what is
// drawn). A click on a day of a chart, or its day in the table, opens that day's sessions.
import { uPlot } from "./libraries.js";
import { h } from "./dom.js";

/** The figures of the daily view, and which threshold of a plan belongs to each. */
export const METRICS = [
  { key: "score", label: "Daily score (0-100)", thresholds: [] },
  { key: "meanDurationSec", label: "Mean duration (seconds)",
    thresholds: ["meanDurationSec", "minDurationSec"] },
  { key: "pressureHighEvents", label: "High-pressure events", thresholds: ["maxPressureEvents"] },
  { key: "meanCoveragePct", label: "Coverage (%)", thresholds: ["minCoveragePct"] },
  { key: "plaqueIndex", label: "Plaque index", thresholds: ["maxPlaqueIndex"] },
  { key: "sessions", label: "Sessions", thresholds: ["minSessionsPerDay"] },
];

const BLUE = "#0b57d0";
const RED = "#b3261e";
const ALERT = "#6b2d8c";

/** The charts of `days` (the daily view's entries), with thresholds and alert marks; `onDay(date)`. */
export function chartsOf(days, thresholds, alerts, onDay = () => {}) {
  const figures = [];
  for (const metric of METRICS) {
    const values = days.map((d) => (d[metric.key] === undefined ? null : d[metric.key]));
    if (values.every((v) => v === null)) {
      continue; // e.g. plaque from a brush without the sensor
    }
    const name = metric.thresholds.find((t) => thresholds && thresholds[t] !== undefined);
    figures.push(figure(metric, days, values, name, name ? thresholds[name] : null, alerts, onDay));
  }
  return figures;
}

function figure(metric, days, values, thresholdName, threshold, alerts, onDay) {
  const id = `chart-${metric.key}`;
  const points = values.filter((v) => v !== null).length;
  const plot = h("div", { class: "plot opens-day", role: "img", "aria-labelledby": `${id}-title`,
    "aria-describedby": `${id}-desc` });
  const described = threshold === null
    ? `${points} days drawn.`
    : `${points} days drawn; the plan's ${thresholdName} is ${threshold}, drawn as a dashed line.`;
  const fig = h("figure", {
      class: "chart", id, "data-metric": metric.key, "data-points": points,
      "data-threshold": threshold === null ? null : threshold,
      "data-threshold-name": thresholdName || null, "data-alerts": alerts.length },
    h("figcaption", { id: `${id}-title` }, metric.label),
    h("p", { id: `${id}-desc`, class: "detail" }, described),
    plot,
    table(metric, days, values, threshold, onDay));
  requestAnimationFrame(() => draw(plot, days, values, threshold, alerts, metric, onDay));
  return fig;
}

function draw(plot, days, values, threshold, alerts, metric, onDay) {
  const xs = days.map((d) => Date.parse(`${d.date}T12:00:00`) / 1000);
  const series = [{}, { label: metric.label, stroke: BLUE, width: 2, points: { show: true, size: 5 } }];
  const data = [xs, values];
  if (threshold !== null) {
    series.push({ label: "Threshold", stroke: RED, width: 2, dash: [8, 6], points: { show: false } });
    data.push(xs.map(() => threshold));
  }
  const marks = alerts.map((a) => Date.parse(a.openedAt) / 1000);
  const chart = new uPlot({
    width: Math.max(280, plot.clientWidth || 600),
    height: 180,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: true } },
    axes: [{ stroke: "#1f1f1f" }, { stroke: "#1f1f1f", size: 50 }],
    series,
    hooks: { draw: [(u) => markAlerts(u, marks)] },
  }, data, plot);
  plot.chart = chart;
  chart.over.addEventListener("click", (event) => {
    const day = days[chart.posToIdx(event.offsetX)]; // the day nearest the click
    if (day) {
      onDay(day.date);
    }
  });
}

/** A purple tick above the time axis at each alert's opening. */
function markAlerts(u, marks) {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = ALERT;
  ctx.fillStyle = ALERT;
  ctx.lineWidth = 2 * devicePixelRatio;
  for (const t of marks) {
    const x = u.valToPos(t, "x", true);
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) {
      continue;
    }
    const bottom = u.bbox.top + u.bbox.height;
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom - 14 * devicePixelRatio);
    ctx.stroke();
  }
  ctx.restore();
}

function table(metric, days, values, threshold, onDay) {
  return h("details", { class: "chart-table" },
    h("summary", {}, `${metric.label}: the numbers`),
    h("div", { class: "table-scroll" }, h("table", {},
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Day"),
        h("th", { scope: "col" }, metric.label),
        threshold === null ? null : h("th", { scope: "col" }, "Threshold"))),
      h("tbody", {}, ...days.map((d, i) => h("tr", { "data-date": d.date },
        h("th", { scope: "row" }, h("button", { type: "button", class: "link day-link",
          "aria-label": `Sessions of ${d.date}`, onclick: () => onDay(d.date) }, d.date)),
        h("td", {}, values[i] === null ? "no reading" : values[i]),
        threshold === null ? null : h("td", {}, threshold)))))));
}

/** Redraws every chart at its container's width (a tablet turned, a window resized). */
export function resizeCharts(root) {
  for (const plot of root.querySelectorAll(".plot")) {
    if (plot.chart) {
      plot.chart.setSize({ width: Math.max(280, plot.clientWidth), height: 180 });
    }
  }
}
