// Clinics for admins: every clinic, and opened one at a time its providers, services, weekly
// hours and coming closures; creating clinics, services, providers, working hours and closures.
import { h, show, announce, table } from "./dom.js";
import { api } from "./session.js";
import { apiForm } from "./forms.js";
import { clinics, clinicCatalogue } from "./catalogue.js";

const KINDS = [["dentist", "Dentist"], ["hygienist", "Hygienist"], ["orthodontist", "Orthodontist"]];
const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const REASONS = [["holiday", "Holiday"], ["sick", "Sick day"], ["other", "Other"]];

/** Services created during this visit: offered nowhere until a provider offers them. */
const newServices = new Map();

export function clinicsPage() {
  show(h("h1", {}, "Clinics"), h("p", {}, "Loading…"));
  render().catch((e) => show(h("h1", {}, "Clinics"), h("p", { class: "error", role: "alert" }, e.message)));
}

async function render() {
  const list = await clinics();
  show(h("h1", {}, "Clinics"),
    h("div", { class: "forms" }, clinicForm(), serviceForm()),
    h("section", { id: "clinic-list", "aria-labelledby": "clinic-list-title" },
      h("h2", { id: "clinic-list-title" }, `${list.length} clinic(s)`),
      h("p", { class: "detail" }, "Open a clinic for its providers and services, and to add a provider, hours or a closure."),
      ...list.map(clinicPanel)));
}

function created(message) {
  announce(message);
  return render();
}

function clinicForm() {
  return apiForm({
    id: "create-clinic", title: "Create a clinic", submitLabel: "Create the clinic",
    fields: [
      { name: "name", label: "Name" },
      { name: "address", label: "Address", type: "textarea" },
      { name: "timeZone", label: "Time zone", hint: "IANA region, e.g. Europe/Paris", value: Intl.DateTimeFormat().resolvedOptions().timeZone },
      { name: "minBookingNoticeMinutes", label: "Booking notice, minutes", type: "number", optional: true, hint: "Empty: the configured default." },
      { name: "minChangeNoticeMinutes", label: "Notice to change or cancel, minutes", type: "number", optional: true },
      { name: "bookingHorizonDays", label: "Bookable days ahead", type: "number", optional: true },
    ],
    send: (values) => api("/api/v1/admin/clinics", { method: "POST", body: values }),
    sent: (clinic) => created(`${clinic.name} is created.`),
  });
}

function serviceForm() {
  return apiForm({
    id: "create-service", title: "Create a service", submitLabel: "Create the service",
    fields: [
      { name: "name", label: "Name", hint: "e.g. Check-up, Cleaning" },
      { name: "durationMinutes", label: "Duration, minutes", type: "number", hint: "A multiple of 15" },
      { name: "bufferAfterMinutes", label: "Kept free after, minutes", type: "number", optional: true },
    ],
    send: (values) => api("/api/v1/admin/services", { method: "POST", body: values }),
    sent: (service) => {
      newServices.set(service.id, service);
      return created(`${service.name} is created; a provider offering it brings it to a clinic.`);
    },
  });
}

function clinicPanel(clinic) {
  const body = h("div", { class: "clinic-body" });
  const panel = h("details", { class: "clinic", "data-clinic-id": clinic.id },
    h("summary", {}, h("strong", {}, clinic.name), ` — ${clinic.address} (${clinic.timeZone})`), body);
  panel.addEventListener("toggle", () => {
    if (panel.open && !body.hasChildNodes()) {
      body.append(h("p", {}, "Loading…"));
      clinicCatalogue(clinic.id).then((c) => body.replaceChildren(...clinicDetail(clinic, c)),
        (e) => body.replaceChildren(h("p", { class: "error", role: "alert" }, e.message)));
    }
  });
  return panel;
}

function clinicDetail(clinic, { services, providers }) {
  const serviceName = new Map([...newServices.values(), ...services].map((s) => [s.id, s.name]));
  const schedule = h("section", { id: `schedule-${clinic.id}`, class: "schedule", "aria-labelledby": `schedule-${clinic.id}-title` },
    h("h3", { id: `schedule-${clinic.id}-title` }, "Hours and closures"), h("p", {}, "Loading…"));
  const providerName = new Map(providers.map((p) => [p.id, p.name]));
  schedule.refresh = () => loadSchedule(clinic, schedule, providerName);
  schedule.refresh();
  return [
    h("p", { class: "detail" }, `Booking notice ${clinic.minBookingNoticeMinutes} min, changes up to ${clinic.minChangeNoticeMinutes} min before, bookable ${clinic.bookingHorizonDays} days ahead.`),
    h("h3", {}, "Providers"),
    providers.length === 0 ? h("p", {}, "No providers yet.")
      : table(`Providers of ${clinic.name}`, ["Name", "Kind", "Services"],
        providers.map((p) => [p.name, p.kind, p.serviceIds.map((id) => serviceName.get(id) || id).join(", ")])),
    h("h3", {}, "Services"),
    services.length === 0 ? h("p", {}, "No services yet: a provider offering them brings them here.")
      : table(`Services of ${clinic.name}`, ["Name", "Duration", "Kept free after"],
        services.map((s) => [s.name, `${s.durationMinutes} min`, `${s.bufferAfterMinutes} min`])),
    schedule,
    h("div", { class: "forms" }, providerForm(clinic, serviceName), hoursForm(clinic, providers, schedule),
      closureForm(clinic, providers, schedule)),
  ];
}

/** Each provider's week and the closures of the next 90 days, as the API stored them. */
async function loadSchedule(clinic, section, providerName) {
  const title = section.querySelector("h3");
  try {
    const { weeks, closures, from, to } = await api(`/api/v1/admin/clinics/${clinic.id}/schedules`);
    const ranges = (list) => list.map((r) => `${r.start}–${r.end}`).join(", ");
    section.replaceChildren(title,
      weeks.length === 0 ? h("p", {}, "No working hours set.")
        : table(`Weekly hours at ${clinic.name}`, ["Provider", "Day", "Hours", "Breaks"],
          weeks.flatMap((w) => w.days.map((d) => [providerName.get(w.providerId) || w.providerId, d.day, ranges(d.hours), ranges(d.breaks) || "none"])),
          `hours-table-${clinic.id}`),
      closures.length === 0 ? h("p", {}, `No closures from ${from} to ${to}.`)
        : table(`Closures at ${clinic.name} from ${from} to ${to}`, ["Who", "From", "To", "Time", "Reason", "Note"],
          closures.map((c) => [c.providerId ? providerName.get(c.providerId) || c.providerId : "The whole clinic",
            c.firstDay, c.lastDay, c.startTime ? `${c.startTime}–${c.endTime}` : "all day", c.reason, c.note || ""]),
          `closures-table-${clinic.id}`));
  } catch (e) {
    section.replaceChildren(title, h("p", { class: "error", role: "alert" }, e.message));
  }
}

function providerForm(clinic, serviceName) {
  return apiForm({
    id: `provider-${clinic.id}`, title: "Add a provider", submitLabel: "Add the provider",
    fields: [
      { name: "name", label: "Name" },
      { name: "kind", label: "Kind", type: "select", options: KINDS, value: "dentist" },
      { name: "serviceIds", label: "Services offered", type: "multiselect", options: [...serviceName] },
    ],
    send: (values) => api("/api/v1/admin/providers", { method: "POST", body: { ...values, clinicIds: [clinic.id] } }),
    sent: (provider) => created(`${provider.name} is added to ${clinic.name}.`),
    conflicts: { "unknown-service": "serviceIds" },
  });
}

/** The same hours (and break) on each chosen day; the API replaces the provider's whole week here. */
function hoursForm(clinic, providers, schedule) {
  return apiForm({
    id: `hours-${clinic.id}`, title: "Set working hours", submitLabel: "Set the week",
    fields: [
      { name: "providerId", label: "Provider", type: "select", options: providers.map((p) => [p.id, p.name]) },
      { name: "days", label: "Days", type: "multiselect", options: DAYS.map((d) => [d, d]), pointer: "/days" },
      { name: "start", label: "From (HH:mm)", type: "time", value: "08:00", pointer: "/days/0/hours" },
      { name: "end", label: "To (HH:mm)", type: "time", value: "17:00", pointer: "/days/0/hours/0/end" },
      { name: "breakStart", label: "Break from (optional)", type: "time", optional: true, pointer: "/days/0/breaks" },
      { name: "breakEnd", label: "Break to", type: "time", optional: true, pointer: "/days/0/breaks/0/end" },
    ],
    send: (v) => api("/api/v1/admin/schedules", { method: "POST", body: {
      providerId: v.providerId, clinicId: clinic.id,
      days: (v.days || []).map((day) => ({ day, hours: [{ start: v.start, end: v.end }],
        ...(v.breakStart ? { breaks: [{ start: v.breakStart, end: v.breakEnd }] } : {}) })) } }),
    sent: (week) => {
      announce(`The week is set: ${week.days.length} working day(s).`);
      return schedule.refresh();
    },
  });
}

function closureForm(clinic, providers, schedule) {
  return apiForm({
    id: `closure-${clinic.id}`, title: "Close time", submitLabel: "Close the time",
    fields: [
      { name: "providerId", label: "Who", type: "select", optional: true,
        options: [["", "The whole clinic"], ...providers.map((p) => [p.id, p.name])] },
      { name: "firstDay", label: "First day", type: "date" },
      { name: "lastDay", label: "Last day (optional)", type: "date", optional: true },
      { name: "startTime", label: "From (optional, HH:mm)", type: "time", optional: true },
      { name: "endTime", label: "To (HH:mm)", type: "time", optional: true },
      { name: "reason", label: "Reason", type: "select", options: REASONS, value: "holiday" },
      { name: "note", label: "Note (optional)", type: "textarea", optional: true },
    ],
    send: (values) => api("/api/v1/admin/schedules/exceptions", { method: "POST", body: { ...values, clinicId: clinic.id } }),
    sent: (closure, form) => {
      form.reset();
      announce(`Closed from ${closure.firstDay} to ${closure.lastDay}.`);
      return schedule.refresh();
    },
  });
}
