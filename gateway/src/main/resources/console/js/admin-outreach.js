// Outreach for admins: campaigns with their figures, drafting one, and approval (by an admin other
// than the author); a clinic's CRM summary (patients by stage and tier, the last 30 days' moves).
import { h, show, announce, formatTime, facts, table } from "./dom.js";
import { api, who, ApiError } from "./session.js";
import { clinics } from "./catalogue.js";
import { apiForm } from "./forms.js";
import { STAGES, TIERS } from "./search.js";

export function campaignsPage() {
  show(h("h1", {}, "Campaigns"), h("p", {}, "Loading…"));
  loadCampaigns().catch(failed("Campaigns"));
}

function failed(title) {
  return (e) => {
    if (!(e instanceof ApiError && e.status === 401)) {
      show(h("h1", {}, title), h("p", { class: "error", role: "alert" }, e.message));
    }
  };
}

async function loadCampaigns() {
  const [{ campaigns }, list] = await Promise.all([api("/api/v1/admin/campaigns"), clinics()]);
  show(h("h1", {}, "Campaigns"), draftForm(list),
    h("p", { class: "detail" }, "Newest first. A draft is approved by an admin other than its author; open a campaign for its figures."),
    campaigns.length === 0 ? h("p", { id: "no-campaigns" }, "No campaigns yet.")
      : h("ul", { class: "campaigns", id: "campaign-list" }, ...campaigns.map(campaignItem)));
}

const TRIGGERS = [["stage-entered", "Entering a stage"], ["tag-gained", "Gaining a tag"], ["tag-lost", "Losing a tag"],
  ["visit", "A visit (service)"], ["date", "A date"]];
const listOf = (text) => (text || "").split(",").map((t) => t.trim()).filter(Boolean);

/** A draft: what an admin types, nested as the API takes it; its refusal shows at the field. */
function draftForm(list) {
  return apiForm({
    id: "draft-campaign", title: "Draft a campaign", submitLabel: "Save the draft",
    fields: [
      { name: "name", label: "Name" },
      { name: "kind", label: "Kind", type: "select", options: [["care", "Care"], ["marketing", "Marketing"]], value: "care" },
      { name: "consent", label: "Consent", type: "select", options: [["none", "None (care)"], ["marketing", "Marketing consent"]], value: "none" },
      { name: "stages", label: "Audience: stages", type: "multiselect", options: STAGES.map((s) => [s, s]), pointer: "/audience/stages" },
      { name: "tiers", label: "Audience: tiers", type: "multiselect", options: TIERS.map((t) => [t, t]), pointer: "/audience/tiers" },
      { name: "tags", label: "Audience: tags (comma-separated)", optional: true, pointer: "/audience/tags" },
      { name: "clinicIds", label: "Audience: clinics", type: "multiselect", options: list.map((c) => [c.id, c.name]), pointer: "/audience/clinicIds" },
      { name: "triggerType", label: "Trigger", type: "select", options: TRIGGERS, value: "stage-entered", pointer: "/trigger/type" },
      { name: "triggerStage", label: "Trigger's stage", type: "select", optional: true, options: [["", "(none)"], ...STAGES.map((s) => [s, s])], pointer: "/trigger/stage" },
      { name: "triggerTag", label: "Trigger's tag", optional: true, pointer: "/trigger/tag" },
      { name: "triggerService", label: "Trigger's service", optional: true, pointer: "/trigger/service" },
      { name: "triggerDate", label: "Trigger's date", type: "date", optional: true, pointer: "/trigger/date" },
      { name: "messageTitle", label: "Message title", pointer: "/message/title" },
      { name: "messageBody", label: "Message", type: "textarea", pointer: "/message/body" },
    ],
    send: (v) => api("/api/v1/admin/campaigns", { method: "POST", body: campaignOf(v) }),
    sent: (draft) => {
      announce(`${draft.name} is saved as a draft.`);
      return loadCampaigns();
    },
  });
}

function campaignOf(v) {
  const audience = { stages: v.stages, tiers: v.tiers, tags: listOf(v.tags), clinicIds: v.clinicIds };
  const trigger = { type: v.triggerType, stage: v.triggerStage, tag: v.triggerTag, service: v.triggerService, date: v.triggerDate };
  const named = (o) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && !(Array.isArray(x) && x.length === 0)));
  return { name: v.name, kind: v.kind, consent: v.consent, audience: named(audience), trigger: named(trigger),
    message: { title: v.messageTitle, body: v.messageBody } };
}

function campaignItem(c) {
  const error = h("p", { class: "error", id: `approve-${c.id}-error`, role: "alert" });
  const mine = c.createdBy === who().sub;
  return h("li", { class: "card", "data-campaign-id": c.id, "data-status": c.status },
    h("h2", {}, `${c.name} `, h("span", { class: "detail" }, `(${c.kind}, ${c.status}, version ${c.version})`)),
    facts(`campaign-${c.id}`, [
      ["Audience", audienceOf(c.audience)], ["Trigger", triggerOf(c.trigger)],
      ["Message", c.message.title], ["Drafted", formatTime(c.createdAt)],
      ["Approved", c.approvedAt && formatTime(c.approvedAt)], ["Ended", c.endedAt && formatTime(c.endedAt)],
    ]),
    c.status === "draft" ? h("button", { type: "button", class: "approve", disabled: mine,
      "aria-describedby": error.id, onclick: (e) => approve(e.target, c, error) },
    mine ? "Yours: another admin approves it" : "Approve") : null,
    error,
    statsPanel(c));
}

function audienceOf(a) {
  return Object.entries(a).filter(([, v]) => v && v.length).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ");
}

function triggerOf(t) {
  return [t.type, t.stage || t.tag || t.service || t.date].filter(Boolean).join(" ");
}

async function approve(button, campaign, error) {
  button.disabled = true;
  try {
    await api(`/api/v1/admin/campaigns/${campaign.id}/approve`, { method: "POST", body: {} });
    announce(`${campaign.name} is approved and active.`);
    await loadCampaigns();
  } catch (e) {
    error.textContent = `Not approved: ${e.message}`;
    button.disabled = false;
  }
}

function statsPanel(c) {
  const body = h("div", {});
  const panel = h("details", { class: "stats" }, h("summary", {}, "Figures"), body);
  panel.addEventListener("toggle", () => {
    if (panel.open && !body.hasChildNodes()) {
      api(`/api/v1/admin/campaigns/${c.id}/stats`).then((s) => body.append(statsOf(c.id, s)),
        (e) => body.append(h("p", { class: "error" }, e.message)));
    }
  });
  return panel;
}

function statsOf(id, s) {
  const booked = (g) => (g ? `${g.booked} of ${g.patients}${g.rate !== undefined ? ` (${Math.round(g.rate * 100)} %)` : ""}` : null);
  return facts(`stats-${id}`, [
    ["Audience", s.audience], ["Planned", s.planned], ["Sent", s.sent], ["Read", s.read],
    ["Pending", s.pending], ["Held out (control group)", s.heldOut],
    ["Held back", Object.entries(s.heldBack || {}).map(([why, n]) => `${why} ${n}`).join(", ") || "none"],
    ["Booked within 30 days, planned", booked(s.bookedWithin30Days && s.bookedWithin30Days.planned)],
    ["Booked within 30 days, held out", booked(s.bookedWithin30Days && s.bookedWithin30Days.heldOut)],
  ]);
}

export function crmSummaryPage() {
  show(h("h1", {}, "CRM summary"), h("p", {}, "Loading…"));
  clinics().then(summaryForm, failed("CRM summary"));
}

function summaryForm(list) {
  const result = h("div", { id: "crm-summary", "aria-live": "polite" });
  const select = h("select", { id: "summary-clinic", name: "clinicId" },
    ...list.map((c) => h("option", { value: c.id }, c.name)));
  const form = h("form", { class: "card search-form", "aria-label": "Choose a clinic" },
    h("div", { class: "field" }, h("label", { for: "summary-clinic" }, "Clinic"), select),
    h("div", { class: "buttons" }, h("button", { type: "submit", id: "summary-show" }, "Show")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    api(`/api/v1/admin/crm/summary?clinicId=${select.value}`).then((s) => result.replaceChildren(...summaryOf(s)),
      (e) => result.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)));
  });
  show(h("h1", {}, "CRM summary"), form, result);
}

function summaryOf(s) {
  const counts = (names, by) => names.map((n) => [n, String(by[n] || 0)]);
  const moves = s.transitions.moves;
  return [
    h("h2", {}, "Patients by stage"), table("Patients by stage", ["Stage", "Patients"], counts(STAGES, s.byStage), "summary-stages"),
    h("h2", {}, "Patients by tier"), table("Patients by tier", ["Tier", "Patients"], counts(TIERS, s.byTier), "summary-tiers"),
    h("h2", {}, `Stage changes since ${s.transitions.from} (${s.transitions.total})`),
    moves.length === 0 ? h("p", {}, "None.")
      : table("Stage changes", ["From", "To", "Patients"], moves.map((m) => [m.from, m.to, String(m.patients)]), "summary-moves"),
  ];
}
