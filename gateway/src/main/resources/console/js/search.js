// Patient search for coordinators and nurses (and admins, one clinic at a time): name, e-mail or
// phone, an external record (`system|value`), or what the CRM judged (tag, tier, stage). The
// criteria live in the address (#/search?...), so Back returns to the same results.
import { h, show, formatTime } from "./dom.js";
import { api, who, ApiError } from "./session.js";
import { clinicNames } from "./catalogue.js";

export const TIERS = ["strategic", "growth", "maintain", "potential"];
export const STAGES = ["acquisition", "growth", "maturity", "decline", "churned"];
const CRITERIA = ["q", "identity", "tag", "tier", "stage", "clinicId"];

export function searchPage(query) {
  const params = new URLSearchParams(query);
  show(h("h1", {}, "Patients"), h("p", {}, "Loading…"));
  clinicNames()
    .then((names) => render(params, names))
    .catch((e) => show(h("h1", {}, "Patients"), h("p", { class: "error", role: "alert" }, e.message)));
}

async function render(params, names) {
  const admin = who().role === "admin";
  const clinics = admin ? [...names.keys()] : who().clinics || [];
  if (admin && !params.get("clinicId") && clinics.length) {
    params.set("clinicId", clinics[0]); // an admin searches one clinic of the chain at a time
  }
  const results = h("section", { id: "search-results", "aria-labelledby": "results-title" });
  show(h("h1", {}, "Patients"), searchForm(params, clinics, names, admin), results);
  await listPatients(results, params, names);
}

function searchForm(params, clinics, names, admin) {
  const input = (name, label, hint) => h("div", { class: "field" },
    h("label", { for: `search-${name}` }, label),
    hint ? h("p", { class: "detail", id: `search-${name}-hint` }, hint) : null,
    h("input", { id: `search-${name}`, name, type: "search", value: params.get(name) || "",
      "aria-describedby": hint ? `search-${name}-hint` : null }));
  const select = (name, label, values, anyLabel) => h("div", { class: "field" },
    h("label", { for: `search-${name}` }, label),
    h("select", { id: `search-${name}`, name },
      anyLabel ? h("option", { value: "" }, anyLabel) : null,
      ...values.map(([value, text]) => h("option", { value, selected: params.get(name) === value }, text))));
  const form = h("form", { id: "search-form", class: "card search-form", role: "search", "aria-label": "Find patients" },
    input("q", "Name, e-mail or phone", "A word of the name, the start of the e-mail, or the phone's last digits."),
    input("identity", "External record", "system|value, e.g. practice|P-1001"),
    input("tag", "Tag"),
    select("tier", "Tier", TIERS.map((t) => [t, t]), "Any tier"),
    select("stage", "Stage", STAGES.map((s) => [s, s]), "Any stage"),
    select("clinicId", "Clinic", clinics.map((id) => [id, names.get(id) || id]), admin ? null : "All my clinics"),
    h("div", { class: "buttons" }, h("button", { type: "submit", id: "search-submit" }, "Search")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = new URLSearchParams();
    CRITERIA.forEach((c) => form.elements[c].value.trim() && wanted.set(c, form.elements[c].value.trim()));
    const target = `#/search?${wanted}`;
    if (location.hash === target) {
      window.dispatchEvent(new HashChangeEvent("hashchange")); // the same search again: fresh results
    } else {
      location.hash = target;
    }
  });
  return form;
}

async function listPatients(region, params, names, pageToken) {
  const query = new URLSearchParams();
  CRITERIA.forEach((c) => params.get(c) && query.set(c, params.get(c)));
  if (pageToken) {
    query.set("pageToken", pageToken);
  }
  try {
    const page = await api(`/api/v1/staff/patients?${query}`);
    showPage(region, page, names, () => listPatients(region, params, names, page.nextPageToken));
    region.dataset.query = params.toString(); // what these results answer
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      region.replaceChildren(h("p", { id: "search-error", class: "error", role: "alert" },
        `The search was refused: ${e.message}`));
    }
  }
}

function showPage(region, page, names, more) {
  const nurse = who().role === "nurse";
  let body = region.querySelector("tbody");
  if (!body) {
    body = h("tbody");
    region.replaceChildren(h("h2", { id: "results-title" }, "Found"), page.patients.length === 0
      ? h("p", { id: "search-none" }, "No patient matches.")
      : h("div", { class: "table-scroll" }, h("table", { class: "patients" },
        h("caption", { class: "visually-hidden" }, "Patients found"),
        h("thead", {}, h("tr", {}, ...["Patient", "Contact", "Tags", "Tier", "Stage", "Next appointment",
          nurse ? "Open alerts" : null].filter(Boolean).map((c) => h("th", { scope: "col" }, c)))),
        body)));
  }
  body.append(...page.patients.map((p) => patientRow(p, names, nurse)));
  region.querySelector("#search-more")?.remove();
  if (page.nextPageToken) {
    region.append(h("button", { type: "button", id: "search-more", class: "secondary",
      onclick: (e) => { e.target.disabled = true; more(); } }, "More patients"));
  }
}

function patientRow(p, names, nurse) {
  const next = p.nextAppointment;
  return h("tr", { "data-patient-id": p.id },
    h("th", { scope: "row" }, h("a", { href: `#/records/${p.id}` }, p.name || "Patient without a name")),
    h("td", {}, p.email || "", p.email && p.phone ? h("br") : null, p.phone || ""),
    h("td", {}, p.tags.join(", ")),
    h("td", {}, p.tier || "none yet"),
    h("td", {}, p.stage || "not judged yet"),
    h("td", {}, next ? [h("time", { datetime: next.start }, formatTime(next.start)), ` at ${names.get(next.clinicId) || "a clinic"}`] : "none"),
    nurse ? h("td", {}, String(p.openAlerts ?? 0)) : null);
}
