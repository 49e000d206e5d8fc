// The care plan's editor. The API decides what is valid: its problem+json names each refused
// field by JSON pointer, and the message is shown at that field.
import { h, announce } from "./dom.js";
import { api, ApiError } from "./session.js";

/** The thresholds in words (the API's names stay visible: they are what its messages use). */
const THRESHOLDS = {
  minSessionsPerDay: "Sessions a day, at least",
  missedDays: "Days short of that before an alert",
  meanDurationSec: "Mean session length, seconds",
  meanDays: "Days the mean is taken over",
  absenceHours: "Hours without brushing before an alert",
  maxPressureEvents: "High-pressure events in a session, alert from",
  minDurationSec: "Shortest session, seconds",
  minCoveragePct: "Coverage, at least %",
  maxPlaqueIndex: "Plaque index, alert from",
  risingSessions: "Sessions of rising plaque",
  quadrantMinSec: "Seconds per quadrant, at least",
  quadrantTimes: "Short quadrants before an alert",
  quadrantOf: "… out of the last sessions",
};

const PLANS = { standard: "Standard", post_surgery: "After surgery", periodontal: "Periodontal",
  orthodontic: "Orthodontic" };

export function planEditor(patientId, plan, saved) {
  const fields = new Map(); // JSON pointer -> {input, error}
  const formError = h("p", { class: "error", id: "plan-error", role: "alert" });
  const select = h("select", { id: "plan-template", name: "plan" },
    ...Object.entries(PLANS).map(([value, label]) =>
      h("option", { value, selected: plan && plan.plan === value }, label)));
  const until = field("#/until", "plan-until", "Last day", h("input", {
    id: "plan-until", name: "until", type: "date", required: true,
    value: plan ? String(plan.until).substring(0, 10) : "" }), fields);
  const thresholds = Object.entries((plan && plan.thresholds) || {}).map(([name, value]) =>
    field(`#/thresholds/${name}`, `threshold-${name}`, labelOf(name), h("input", {
      id: `threshold-${name}`, name, type: "number", step: "any", value, "data-threshold": name,
      inputmode: "decimal" }), fields));
  const thresholdSet = h("fieldset", { id: "plan-thresholds" },
    h("legend", {}, "Thresholds"),
    thresholds.length ? thresholds : h("p", {}, "The plan's defaults apply; set them after saving."));
  select.addEventListener("change", () => {
    thresholdSet.hidden = plan === null || select.value !== plan.plan; // another plan's thresholds differ
  });
  const form = h("form", { id: "plan-form", class: "card", "aria-labelledby": "plan-title", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "plan-template" }, "Plan"), select),
    until, thresholdSet, formError,
    h("button", { type: "submit", id: "plan-save" }, "Save the care plan"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    save(patientId, plan, form, fields, formError, saved);
  });
  return h("section", { "aria-labelledby": "plan-title", id: "care-plan" },
    h("h2", { id: "plan-title" }, plan ? "Care plan" : "Care plan (none yet)"), form);
}

function labelOf(name) {
  return THRESHOLDS[name] ? `${THRESHOLDS[name]} (${name})` : name;
}

function field(pointer, id, label, input, fields) {
  const error = h("p", { class: "error", id: `${id}-error` });
  input.setAttribute("aria-describedby", `${id}-error`);
  fields.set(pointer, { input, error });
  return h("div", { class: "field" }, h("label", { for: id }, label), input, error);
}

async function save(patientId, plan, form, fields, formError, saved) {
  for (const { input, error } of fields.values()) {
    error.textContent = "";
    input.removeAttribute("aria-invalid");
  }
  formError.textContent = "";
  try {
    await api(`/api/v1/nurse/patients/${patientId}/care-plan`, { method: "PUT", body: bodyOf(form, plan) });
    announce("The care plan is saved.");
    await saved();
  } catch (e) {
    showErrors(e, fields, formError);
  }
}

function bodyOf(form, plan) {
  const body = { plan: form.elements.plan.value, until: form.elements.until.value };
  const fieldset = form.querySelector("#plan-thresholds");
  if (!fieldset.hidden) {
    const thresholds = {};
    for (const input of fieldset.querySelectorAll("input[data-threshold]")) {
      thresholds[input.dataset.threshold] = input.value === "" ? null : Number(input.value);
    }
    body.thresholds = thresholds;
  }
  if (plan && plan.customRules && plan.customRules.length) {
    body.customRules = plan.customRules; // the plan is replaced whole: keep the nurse's own rules
  }
  return body;
}

function showErrors(e, fields, formError) {
  const errors = e instanceof ApiError ? e.fieldErrors() : [];
  let first = null;
  for (const { pointer, detail } of errors) {
    const at = fields.get(pointer);
    if (at) {
      at.error.textContent = detail;
      at.input.setAttribute("aria-invalid", "true");
      first = first || at.input;
    }
  }
  formError.textContent = first ? "The plan was not saved: see the fields marked." : `The plan was not saved: ${e.message}`;
  (first || formError).focus?.();
}
