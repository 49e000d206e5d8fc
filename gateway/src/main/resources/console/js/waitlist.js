// The front desk's waitlist figures (coordinators and admins): who waits at a clinic now, what
// became of the offers of freed time made in a window of days, and the median wait from joining
// the list to an accepted offer. Counts only: the API names no patient.
import { h, show, facts, table } from "./dom.js";
import { api, who } from "./session.js";
import { clinics } from "./catalogue.js";
import { criteriaPage, failed, labelled } from "./admin-crm.js";

const DAY = 86400000;

export function waitlistPage() {
  show(h("h1", {}, "Waitlist"), h("p", {}, "Loading…"));
  clinics().then((all) => {
    const claims = who();
    const mine = claims.role === "admin" ? all : all.filter((c) => (claims.clinics || []).includes(c.id));
    const from = h("input", { id: "waitlist-from", name: "from", type: "date", value: dayOf(Date.now() - 29 * DAY) });
    const to = h("input", { id: "waitlist-to", name: "to", type: "date", value: dayOf(Date.now()) });
    criteriaPage("Waitlist", "waitlist", mine,
      [labelled("waitlist-from", "Offers made from", from), labelled("waitlist-to", "Offers made to (at most 92 days)", to)],
      (clinicId) => api(`/api/v1/staff/clinics/${clinicId}/waitlist?${new URLSearchParams({ from: from.value, to: to.value })}`),
      figuresOf);
  }, failed("Waitlist"));
}

function dayOf(millis) {
  return new Date(millis).toISOString().slice(0, 10);
}

function figuresOf(f) {
  const o = f.offers;
  const outcomes = [["Sent", o.sent], ["Accepted", o.accepted], ["Refused: the time had gone", o.refused],
    ["Ran out unanswered", o.ranOut], ["Still open", o.open]];
  return [
    h("h2", {}, `Waiting now: ${f.waiting.total}`),
    f.waiting.byService.length === 0 ? h("p", { id: "waitlist-nobody" }, "Nobody waits.")
      : table("Patients waiting per service", ["Service", "Patients"],
        f.waiting.byService.map((s) => [s.name || s.serviceId, String(s.patients)]), "waitlist-waiting"),
    h("h2", {}, `Offers made from ${f.from} to ${f.to}`),
    table("Offers by what became of them", ["Offers", "Count"], outcomes.map(([what, n]) => [what, String(n)]), "waitlist-offers"),
    facts("waitlist-median", [["Median wait from joining to an accepted offer",
      f.medianWaitSeconds === undefined ? "no offer accepted" : duration(f.medianWaitSeconds)]]),
  ];
}

/** "2 days 3 h", "3 h 5 min", "4 min": a wait, to the minute. */
function duration(seconds) {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) {
    return "less than a minute";
  }
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const parts = [days && `${days} day${days === 1 ? "" : "s"}`, hours && `${hours} h`, !days && mins && `${mins} min`];
  return parts.filter(Boolean).join(" ");
}
