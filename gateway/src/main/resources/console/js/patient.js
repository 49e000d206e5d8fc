// A patient of the nurse's clinics: brushing over 30 or 90 days against the care plan, the alerts,
// and the care plan's editor. Another clinic's patient is a 404 from the API: the page says so.
import { h, show, formatTime } from "./dom.js";
import { api, ApiError } from "./session.js";
import { chartsOf, resizeCharts } from "./charts.js";
import { planEditor } from "./plan-editor.js";
import { sessionsOfDay } from "./sessions.js";

export function patientPage(patientId, days) {
  show(h("h1", {}, "Patient"), h("p", {}, "Loading…"));
  const onResize = () => resizeCharts(document.getElementById("main"));
  window.addEventListener("resize", onResize);
  load(patientId, days).catch((e) => failed(patientId, e));
  return () => window.removeEventListener("resize", onResize);
}

async function load(patientId, days) {
  const base = `/api/v1/nurse/patients/${patientId}`;
  const { patientName, alerts } = await api(`${base}/alerts`);
  const dailyUpTo = (to) => {
    const from = new Date(to.getTime() - (days - 1) * 86400000);
    return api(`${base}/brushing/daily?from=${isoDate(from)}&to=${isoDate(to)}`);
  };
  let [daily, plan] = await Promise.all([
    dailyUpTo(new Date()),
    api(`${base}/care-plan`).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
  ]);
  // The days are the patient's: where their today is not the browser's, ask for their days.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: daily.timeZone }).format(new Date());
  if (daily.days.length > 0 && daily.days[daily.days.length - 1].date !== today) {
    daily = await dailyUpTo(new Date(`${today}T12:00:00`));
  }
  const name = patientName || "Patient without an account";
  const reload = () => load(patientId, days).catch((e) => failed(patientId, e));
  const sessions = sessionsOfDay(patientId, daily.timeZone);
  show(
    h("h1", { id: "patient-name" }, name),
    h("p", { class: "detail" }, plan ? `Care plan: ${plan.plan.replace("_", " ")}, until ${plan.until}` : "No care plan"),
    h("p", {}, h("a", { href: `#/records/${patientId}`, id: "record-link" }, "Record and timeline")),
    rangeSwitch(patientId, days),
    h("section", { "aria-labelledby": "brushing-title", id: "brushing", "data-days": daily.days.length },
      h("h2", { id: "brushing-title" }, `Brushing, last ${days} days`),
      h("div", { class: "charts" }, chartsOf(daily.days, plan && plan.thresholds, alerts, (date) => sessions.openDay(date)))),
    sessions,
    alertList(alerts),
    planEditor(patientId, plan, reload),
  );
}

function failed(patientId, e) {
  if (e instanceof ApiError && e.status === 404) {
    show(h("h1", {}, "Patient not found"),
      h("p", { id: "not-found", role: "alert" },
        "There is no such patient at your clinics. You can open only the patients of the clinics you work at."),
      h("p", {}, h("a", { href: "#/worklist" }, "Back to the worklist")));
  } else if (!(e instanceof ApiError && e.status === 401)) {
    show(h("h1", {}, "Patient"), h("p", { role: "alert", class: "error" }, `Could not load the patient: ${e.message}`));
  }
}

function rangeSwitch(patientId, days) {
  const link = (n) => h("a", { href: `#/patients/${patientId}?days=${n}`, class: "range",
    "aria-current": n === days ? "page" : null }, `${n} days`);
  return h("nav", { "aria-label": "Period", class: "ranges" }, link(30), link(90));
}

function alertList(alerts) {
  return h("section", { "aria-labelledby": "alerts-title", id: "patient-alerts" },
    h("h2", { id: "alerts-title" }, "Alerts"),
    alerts.length === 0 ? h("p", {}, "No alerts.")
      : h("ul", { class: "alerts" }, ...alerts.map((a) => h("li", { "data-alert-id": a.id },
        h("span", { class: `badge ${a.severity}` }, a.severity), " ",
        h("strong", {}, a.title), ` (${a.status}), opened `,
        h("time", { datetime: a.openedAt }, formatTime(a.openedAt)),
        a.note ? ` — note: ${a.note}` : ""))));
}

function isoDate(d) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

