// The sessions of one day of a patient's calendar, as the brush reported them: what lies under a
// point of the charts. It opens on the patient's today (in the patient's time zone), and on the
// day of a chart point through the section's `openDay(date)`.
import { h, table } from "./dom.js";
import { api } from "./session.js";

export function sessionsOfDay(patientId, timeZone) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date()); // YYYY-MM-DD
  const result = h("div", { id: "day-sessions" });
  const error = h("p", { class: "error", id: "day-date-error", role: "alert" });
  const input = h("input", { id: "day-date", name: "date", type: "date", value: today, max: today,
    "aria-describedby": "day-date-error" });
  const form = h("form", { class: "card search-form", "aria-label": "Choose a day", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "day-date" }, "Day"), input, error),
    h("div", { class: "buttons" }, h("button", { type: "submit", id: "day-show" }, "Show the sessions")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showDay(patientId, input, error, result);
  });
  showDay(patientId, input, error, result);
  const title = h("h2", { id: "day-title", tabindex: "-1" }, "Sessions of a day");
  const section = h("section", { id: "sessions-of-day", "aria-labelledby": "day-title" }, title, form, result);
  section.openDay = (date) => {
    input.value = date;
    showDay(patientId, input, error, result);
    title.focus(); // keyboard and screen-reader users land on what they opened
    section.scrollIntoView();
  };
  return section;
}

async function showDay(patientId, input, error, result) {
  error.textContent = "";
  input.removeAttribute("aria-invalid");
  try {
    const query = new URLSearchParams({ date: input.value });
    const day = await api(`/api/v1/nurse/patients/${patientId}/brushing/sessions?${query}`);
    result.replaceChildren(day.sessions.length === 0 ? h("p", {}, `No sessions on ${day.date}.`)
      : table(`Sessions of ${day.date}`, ["Started", "Duration", "Coverage", "High pressure", "Plaque", "Quadrants UL, UR, LL, LR"],
        day.sessions.map((s) => row(s, day.timeZone)), "day-sessions-table"));
    result.dataset.date = day.date;
  } catch (e) {
    error.textContent = e.message;
    input.setAttribute("aria-invalid", "true");
  }
}

function row(s, timeZone) {
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: "short", timeZone }).format(new Date(s.placedAt));
  const z = s.zonesSec || {};
  return [
    h("time", { datetime: s.placedAt }, time), `${s.durationSec} s`, `${s.coveragePct} %`,
    `${(s.pressure && s.pressure.highEvents) || 0} events`, s.plaqueIndex ?? "not measured",
    `${z.UL ?? "?"}, ${z.UR ?? "?"}, ${z.LL ?? "?"}, ${z.LR ?? "?"} s`,
  ];
}
