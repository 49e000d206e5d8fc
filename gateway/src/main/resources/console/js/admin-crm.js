// The CRM's pages for admins: the tag rules (edited as JSON, one rule per field, so the API's
// refusal shows at the rule its pointer names), the value tiers, the import of a practice system's
// history, the demand forecast and the journey funnel.
import { h, show, announce, facts, table, formatTime } from "./dom.js";
import { api, ApiError } from "./session.js";
import { clinics, clinicCatalogue } from "./catalogue.js";

export function failed(title) {
  return (e) => {
    if (!(e instanceof ApiError && e.status === 401)) {
      show(h("h1", {}, title), h("p", { class: "error", role: "alert" }, e.message));
    }
  };
}

export function tagRulesPage() {
  show(h("h1", {}, "Tag rules"), h("p", {}, "Loading…"));
  api("/api/v1/admin/tag-rules").then(showRules, failed("Tag rules"));
}

function showRules(ruleSet) {
  const fields = ruleSet.rules.map((rule, i) => ruleField(rule, i));
  const formError = h("p", { class: "error", id: "tag-rules-error", role: "alert", tabindex: "-1" });
  const form = h("form", { id: "tag-rules", class: "card api-form wide", "aria-labelledby": "tag-rules-title", novalidate: true },
    h("h2", { id: "tag-rules-title" }, `${fields.length} rule(s)`),
    h("p", { class: "detail" }, "Each rule as JSON: id, tag, family and the condition `when` on the patient's facts. The whole set is stored at once, or nothing."),
    ...fields.map((f) => f.field), formError,
    h("button", { type: "submit", id: "tag-rules-submit" }, "Store the rules"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    storeRules(fields, formError);
  });
  show(h("h1", {}, "Tag rules"), form);
}

function ruleField(rule, i) {
  const id = `rule-${i}`;
  const error = h("p", { class: "error", id: `${id}-error` });
  const input = h("textarea", { id, name: id, rows: 8, spellcheck: "false", class: "code",
    "aria-describedby": `${id}-error` }, JSON.stringify(rule, null, 2));
  const field = h("div", { class: "field", "data-rule-id": rule.id },
    h("label", { for: id }, `Rule ${i + 1}: ${rule.id} (tag ${rule.tag})`), input, error);
  return { field, input, error };
}

async function storeRules(fields, formError) {
  formError.textContent = "";
  for (const { input, error } of fields) {
    error.textContent = "";
    input.removeAttribute("aria-invalid");
  }
  const rules = [];
  for (const f of fields) {
    try {
      rules.push(JSON.parse(f.input.value));
    } catch (e) {
      refuse(f, `Not JSON: ${e.message}`, formError);
      return; // nothing is sent that the page could not read
    }
  }
  try {
    const stored = await api("/api/v1/admin/tag-rules", { method: "PUT", body: { rules } });
    showRules(stored);
    announce(`${stored.rules.length} rule(s) stored.`);
  } catch (e) {
    refusedAtRule(e, fields, formError);
  }
}

/** The refusal at the rule its pointer names (`#/rules/3/when/fact`), the rest of the pointer said. */
function refusedAtRule(e, fields, formError) {
  const errors = e instanceof ApiError ? e.fieldErrors() : [];
  for (const { pointer, detail } of errors) {
    const m = String(pointer || "").replace(/^#/, "").match(/^\/rules\/(\d+)(.*)$/);
    if (m && fields[Number(m[1])]) {
      refuse(fields[Number(m[1])], m[2] ? `${detail} (at ${m[2]})` : detail, formError);
      return;
    }
  }
  formError.textContent = `Not stored: ${e.message}`;
  formError.focus();
}

function refuse({ input, error }, message, formError) {
  error.textContent = message;
  input.setAttribute("aria-invalid", "true");
  formError.textContent = "Not stored: see the rule marked. Nothing changed.";
  input.focus();
}

export function segmentsPage() {
  show(h("h1", {}, "Segments"), h("p", {}, "Loading…"));
  api("/api/v1/admin/segments").then(showSegments, failed("Segments"));
}

const SCORES = ["recency", "frequency", "monetary", "healthRisk", "value"];

function showSegments(fit) {
  const round = (x) => (x === undefined || x === null ? "" : Number(x).toFixed(2));
  const scores = (s) => SCORES.map((k) => round(s && s[k])).join(" / ");
  show(h("h1", {}, "Segments"),
    fit.tiers.length === 0 ? h("p", { id: "no-segments" }, "No tiers fitted yet.") : [
      facts("segment-fit", [["Fitted", fit.fittedAt && formatTime(fit.fittedAt)], ["Patients", fit.patients],
        ["Fitted on", fit.sample], ["Silhouette", round(fit.silhouette)]]),
      table("Value tiers", ["Tier", "Patients", `Centre (${SCORES.join(" / ")})`, "Mean scores"],
        fit.tiers.map((t) => [t.tier, String(t.size), scores(t.centre), scores(t.meanScores)]), "segments-table"),
    ]);
}

export function importPage() {
  const report = h("div", { id: "import-report", "aria-live": "polite" });
  const error = h("p", { class: "error", id: "import-error", role: "alert", tabindex: "-1" });
  const kind = h("select", { id: "import-kind", name: "kind" },
    h("option", { value: "patients" }, "Patients"), h("option", { value: "visits" }, "Past visits"));
  const system = h("input", { id: "import-system", name: "system", value: "practice", autocomplete: "off" });
  const file = h("input", { id: "import-file", name: "file", type: "file", accept: ".jsonl,.ndjson,.json,.txt",
    "aria-describedby": "import-error" });
  const submit = h("button", { type: "submit", id: "import-submit" }, "Import");
  const form = h("form", { id: "import", class: "card api-form", "aria-labelledby": "import-title", novalidate: true },
    h("h2", { id: "import-title" }, "Import a practice system's history"),
    h("p", { class: "detail" }, "A JSON-lines file, one patient or visit per line. Each bad line is reported and stores nothing; the good lines are stored. Importing the same file again changes nothing."),
    h("div", { class: "field" }, h("label", { for: "import-kind" }, "What the file holds"), kind),
    h("div", { class: "field" }, h("label", { for: "import-system" }, "System the external ids belong to"), system),
    h("div", { class: "field" }, h("label", { for: "import-file" }, "File"), file),
    error, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    try {
      const text = file.files[0] ? await file.files[0].text() : "";
      const query = new URLSearchParams({ system: system.value });
      const done = await api(`/api/v1/admin/imports/${kind.value}?${query}`,
        { method: "POST", body: text, contentType: "application/x-ndjson" });
      report.replaceChildren(...reportOf(done));
      announce(`Imported: ${done.stored} stored, ${done.refusedCount} refused.`);
    } catch (e) {
      error.textContent = `Not imported: ${e.message}`;
      error.focus();
    } finally {
      submit.disabled = false;
    }
  });
  show(h("h1", {}, "Import"), form, report);
}

function reportOf(r) {
  return [
    h("h2", {}, "What the import did"),
    facts("import-totals", [["Lines read", r.lines], ["Stored", r.stored], ["Already stored", r.unchanged], ["Refused", r.refusedCount]]),
    r.refused.length === 0 ? h("p", {}, "No line was refused.")
      : table("Refused lines", ["Line", "Why"], r.refused.map((x) => [String(x.line), x.reason]), "import-refused"),
  ];
}

/** A form of a clinic and more criteria whose answer is drawn below it. */
export function criteriaPage(title, id, list, extraFields, load, render) {
  const result = h("div", { id: `${id}-result`, "aria-live": "polite" });
  const error = h("p", { class: "error", id: `${id}-error`, role: "alert" });
  const clinic = h("select", { id: `${id}-clinic`, name: "clinicId" }, ...list.map((c) => h("option", { value: c.id }, c.name)));
  const form = h("form", { id, class: "card search-form", "aria-label": title, novalidate: true },
    h("div", { class: "field" }, h("label", { for: `${id}-clinic` }, "Clinic"), clinic),
    ...extraFields, error,
    h("div", { class: "buttons" }, h("button", { type: "submit", id: `${id}-show` }, "Show")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.textContent = "";
    load(clinic.value).then((answer) => result.replaceChildren(...render(answer)), (e) => (error.textContent = e.message));
  });
  show(h("h1", {}, title), form, result);
  return clinic;
}

export function labelled(id, label, input) {
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

export function forecastPage() {
  show(h("h1", {}, "Forecast"), h("p", {}, "Loading…"));
  clinics().then((list) => {
    const service = h("select", { id: "forecast-service", name: "serviceId" });
    const weeks = h("input", { id: "forecast-weeks", name: "weeks", type: "number", value: 12, min: 4, max: 26, inputmode: "numeric" });
    const clinic = criteriaPage("Forecast", "forecast", list,
      [labelled("forecast-service", "Service", service), labelled("forecast-weeks", "Weeks of history", weeks)],
      (clinicId) => api(`/api/v1/admin/clinics/${clinicId}/forecast?${new URLSearchParams({ serviceId: service.value, weeks: weeks.value })}`),
      forecastOf);
    const services = () => clinicCatalogue(clinic.value).then(({ services: s }) =>
      service.replaceChildren(...s.map((x) => h("option", { value: x.id }, x.name))));
    clinic.addEventListener("change", services);
    services();
  }, failed("Forecast"));
}

function forecastOf(f) {
  const b = f.backTest || {};
  return [
    facts("forecast-backtest", [["Weeks of history", f.weeksOfHistory], ["Held-out weeks", b.heldOutWeeks],
      ["Mean absolute error per hour", b.meanAbsoluteError], ["Seasonal-naive error", b.seasonalNaiveError]]),
    f.hours.length === 0 ? h("p", { id: "forecast-empty" }, "No bookings expected in any hour.")
      : table("Expected bookings", ["Weekday", "Hour", "Expected", "90 % interval"],
        f.hours.map((x) => [x.weekday, `${String(x.hour).padStart(2, "0")}:00`, Number(x.expected).toFixed(1), `${x.low}–${x.high}`]), "forecast-table"),
  ];
}

export function funnelPage() {
  show(h("h1", {}, "Journey funnel"), h("p", {}, "Loading…"));
  clinics().then((list) => {
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
    const from = h("input", { id: "funnel-from", name: "from", type: "date", value: monthAgo });
    const to = h("input", { id: "funnel-to", name: "to", type: "date", value: today });
    const need = h("input", { id: "funnel-need", name: "need", autocomplete: "off" });
    criteriaPage("Journey funnel", "funnel", list,
      [labelled("funnel-from", "First touch from", from), labelled("funnel-to", "First touch to", to),
        labelled("funnel-need", "Access need (optional, e.g. wheelchair)", need)],
      (clinicId) => {
        const query = new URLSearchParams({ clinicId, from: from.value, to: to.value });
        if (need.value) {
          query.set("need", need.value);
        }
        return api(`/api/v1/admin/journey/funnel?${query}`);
      },
      funnelOf);
  }, failed("Journey funnel"));
}

function funnelOf(f) {
  const rate = (x) => (x === undefined ? "" : `${Math.round(x * 100)} %`);
  return [
    h("p", {}, `${f.people} people first touched the clinic from ${f.from} to ${f.to}${f.need ? ` (${f.need})` : ""}.`),
    table("Journey stages", ["Stage", "People", "Dropped off", "Drop-off rate", "Median time from the stage before"],
      f.stages.map((s) => [s.stage.replace("_", " "), String(s.people), s.dropOff === undefined ? "" : String(s.dropOff),
        rate(s.dropOffRate), s.medianTimeFromPrevious || ""]), "funnel-table"),
  ];
}
