// A patient's record (360) and timeline for coordinators and nurses: what the CRM judged (tags with
// the rule and evidence behind each, RFM-Health, tier, stage and its history), contacts, visits,
// feedback and notes; for nurses also the clinical part. A note can be added here.
import { h, show, announce, formatTime, facts, table } from "./dom.js";
import { api, who, ApiError } from "./session.js";
import { clinicNames } from "./catalogue.js";
import { apiForm } from "./forms.js";
import { timelineSection } from "./timeline.js";

const CHANNELS = [["phone", "Phone call"], ["in_person", "In person"], ["message", "Message"],
  ["email", "E-mail"], ["other", "Other"]];

export function recordPage(patientId) {
  show(h("h1", {}, "Patient record"), h("p", {}, "Loading…"));
  load(patientId).catch((e) => failed(e));
}

async function load(patientId) {
  const [record, names] = await Promise.all([api(`/api/v1/staff/patients/${patientId}`), clinicNames()]);
  const reload = () => load(patientId).catch((e) => failed(e));
  show(
    h("h1", { id: "record-name" }, record.profile.name || "Patient without a name"),
    judgement(record),
    profile(record, names),
    tags(record.tags),
    stageHistory(record.stage),
    record.view === "clinical" ? clinical(record) : null,
    appointments(record, names),
    feedback(record.feedback),
    contactHistory(record.contactHistory),
    ["nurse", "coordinator"].includes(who().role) ? noteForm(patientId, reload) : null,
    await timelineSection(patientId),
  );
}

function failed(e) {
  if (e instanceof ApiError && e.status === 404) {
    show(h("h1", {}, "Patient not found"),
      h("p", { id: "not-found", role: "alert" },
        "There is no such patient at your clinics. You can open only the patients of the clinics you work at."),
      h("p", {}, h("a", { href: "#/search" }, "Back to the search")));
  } else if (!(e instanceof ApiError && e.status === 401)) {
    show(h("h1", {}, "Patient record"),
      h("p", { role: "alert", class: "error" }, `Could not load the record: ${e.message}`));
  }
}

function section(id, title, ...content) {
  return h("section", { id, "aria-labelledby": `${id}-title` }, h("h2", { id: `${id}-title` }, title), ...content);
}

function when(iso) {
  return iso ? h("time", { datetime: iso }, formatTime(iso)) : null;
}

function judgement(record) {
  const rfm = record.rfmHealth;
  return section("record-judgement", "What the CRM judged", facts("record-summary", [
    ["Tier", record.tier ? [record.tier.tier, " since ", when(record.tier.since)] : "none yet (tiers are not fitted)"],
    ["Stage", record.stage && record.stage.stage ? [record.stage.stage, " since ", when(record.stage.since)] : "not judged yet"],
    ["Why this stage", record.stage && record.stage.reason],
    ["RFM-Health", rfm && `recency ${rfm.recency}, frequency ${rfm.frequency}, monetary ${rfm.monetary}, health risk ${rfm.healthRisk} (each 1-5); value ${rfm.value}, index ${rfm.index}`],
    ["Churn risk", record.churnRisk !== undefined ? `${Math.round(record.churnRisk * 100)} % chance of no visit within a year` : null],
    ["Judged", when(record.judgedAt)],
  ]));
}

function profile(record, names) {
  const p = record.profile;
  return section("record-profile", "Profile", facts("record-contact", [
    ["E-mail", p.email], ["Phone", p.phone], ["Born", p.birthDate], ["Time zone", p.timeZone],
    ["Registered in the app", when(p.registeredAt) || "not registered (imported)"],
    ["Clinics", record.clinicIds.map((id) => names.get(id) || id).join(", ")],
    ["External records", record.identities.length
      ? h("ul", { id: "record-identities" }, ...record.identities.map((i) =>
        h("li", {}, `${i.system}|${i.value}`, " linked ", when(i.linkedAt))))
      : "none"],
  ]));
}

function tags(list) {
  return section("record-tags", "Tags", list.length === 0 ? h("p", {}, "No tags.")
    : h("ul", { class: "tags" }, ...list.map((t) => h("li", { "data-tag": t.tag },
      h("strong", {}, t.tag), ` (${t.family}) since `, when(t.since),
      h("ul", { class: "reasons" }, ...t.rules.map(reason))))));
}

/** The rule that set the tag and the fact values that made it hold. */
function reason(r) {
  const evidence = (r.evidence || []).map((e) => `${e.fact} = ${JSON.stringify(e.value)}`).join("; ");
  const withheld = r.clinicalEvidenceWithheld ? " (its clinical evidence is for nurses)" : "";
  return h("li", { class: "reason" }, `Rule ${r.rule}`, evidence ? `: ${evidence}` : "", withheld);
}

function stageHistory(stage) {
  const history = (stage && stage.history) || [];
  return section("record-stages", "Stage history", history.length === 0 ? h("p", {}, "No stage yet.")
    : table("Stage changes, newest first", ["When", "From", "To", "Rule", "Why"],
      history.map((s) => [when(s.at), s.from || "(first)", s.to, s.rule, s.reason])));
}

function clinical(record) {
  const b = record.brushing || {};
  const plan = record.carePlan;
  return section("record-clinical", "Brushing and care (nurses)",
    facts("record-brushing", [
      ["Sessions, last 30 days", b.sessions], ["Mean duration", b.meanDurationSec !== undefined ? `${b.meanDurationSec} s` : null],
      ["Mean coverage", b.meanCoveragePct !== undefined ? `${b.meanCoveragePct} %` : null],
      ["High-pressure events", b.pressureHighEvents], ["Latest plaque index", b.latestPlaqueIndex],
      ["Last session", when(b.lastSessionAt)],
      ["Care plan", plan ? `${plan.plan.replace("_", " ")} until ${plan.until}` : "none"],
      ["Open alerts", (record.openAlerts || []).map((a) => `${a.title} (${a.severity}, ${a.status})`).join("; ") || "none"],
    ]),
    record.profile.accountId ? h("p", {}, h("a", { href: `#/patients/${record.profile.accountId}` }, "Brushing charts and care plan")) : null);
}

function appointments(record, names) {
  const rows = [
    ...record.appointments.map((a) => [when(a.start), "app", names.get(a.clinicId) || a.clinicId, "", a.status]),
    ...record.visits.map((v) => [v.date, "imported", names.get(v.clinicId) || v.clinicId, `${v.service}${v.provider ? `, ${v.provider}` : ""}`, v.status]),
  ];
  return section("record-appointments", "Appointments and visits", rows.length === 0 ? h("p", {}, "None.")
    : table("Appointments and visits", ["When", "Source", "Clinic", "Service", "Status"], rows));
}

function feedback(list) {
  return section("record-feedback", "Feedback", list.length === 0 ? h("p", {}, "No feedback.")
    : h("ul", { class: "notes" }, ...list.map((f) => h("li", {},
      h("span", { class: `sentiment ${f.sentiment}` }, f.sentiment), ` rated ${f.rating}/5 `, when(f.givenAt),
      f.comment ? h("p", {}, f.comment) : null))));
}

function contactHistory(notes) {
  return section("record-notes", "Contact history", notes.length === 0 ? h("p", {}, "No notes.")
    : h("ul", { class: "notes", id: "record-note-list" }, ...notes.map((n) => h("li", { "data-note-id": n.id },
      h("span", { class: `sentiment ${n.sentiment}` }, n.sentiment), ` ${n.channel} by a ${n.authorRole}, `, when(n.at),
      h("p", {}, n.text)))));
}

function noteForm(patientId, reload) {
  return apiForm({
    id: "note-form",
    title: "Add a note",
    fields: [
      { name: "channel", label: "Channel", type: "select", options: CHANNELS, value: "phone" },
      { name: "text", label: "What was said or done", type: "textarea" },
    ],
    submitLabel: "Add the note",
    send: (values) => api(`/api/v1/staff/patients/${patientId}/notes`, { method: "POST", body: values }),
    sent: async (note) => {
      announce(`The note is added, read as ${note.sentiment}.`);
      await reload();
    },
  });
}
