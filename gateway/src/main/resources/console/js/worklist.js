// The nurse's worklist: open and acknowledged alerts of her clinics, worst and oldest first, kept
// current by polling a fingerprint of the list (cheap, names no patient) and reloading on change.
import { h, show, announce, formatTime, ago } from "./dom.js";
import { api, ApiError } from "./session.js";

const POLL_MS = 3000;
const STATES = { open: "Open", acknowledged: "Acknowledged" };

export function worklistPage() {
  const region = h("div", { id: "worklist", "aria-live": "off" }, h("p", {}, "Loading alerts…"));
  const summary = h("p", { id: "worklist-summary" });
  show(h("h1", {}, "Worklist"), summary, region);
  const state = { version: null, count: null, stopped: false, timer: null };

  const refresh = async () => {
    if (state.stopped || editing(region)) {
      return; // a nurse writing a note keeps her form; the next poll catches up
    }
    try {
      const { version } = await api("/api/v1/nurse/alerts-version");
      if (version !== state.version) {
        const { alerts } = await api("/api/v1/nurse/alerts");
        state.version = version;
        render(region, summary, alerts, refresh);
        if (state.count !== null && alerts.length > state.count) {
          announce(`${alerts.length - state.count} new alert(s) in the worklist`);
        }
        state.count = alerts.length;
      }
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        summary.textContent = `The worklist could not be updated: ${e.message}`;
      }
    }
  };
  const poll = async () => {
    if (!document.hidden) {
      await refresh();
    }
    if (!state.stopped) {
      state.timer = setTimeout(poll, POLL_MS);
    }
  };
  poll();
  return () => {
    state.stopped = true;
    clearTimeout(state.timer);
  };
}

function editing(region) {
  return region.querySelector("form.resolve-form") !== null;
}

function render(region, summary, alerts, refresh) {
  summary.textContent =
    alerts.length === 0
      ? "No open or acknowledged alerts at your clinics."
      : `${alerts.length} alert(s) to follow up, worst and oldest first.`;
  region.dataset.count = alerts.length;
  if (alerts.length === 0) {
    region.replaceChildren();
    return;
  }
  const table = h(
    "table",
    { class: "worklist" },
    h("caption", { class: "visually-hidden" }, "Alerts to follow up"),
    h(
      "thead",
      {},
      h("tr", {}, ...["Severity", "Patient", "Alert", "Opened", "State", "Actions"].map((c) =>
        h("th", { scope: "col" }, c))),
    ),
    h("tbody", {}, ...alerts.map((a) => row(a, refresh))),
  );
  region.replaceChildren(h("div", { class: "table-scroll" }, table));
}

function row(alert, refresh) {
  const name = alert.patientName || "Patient without an account";
  return h(
    "tr",
    { "data-alert-id": alert.id, "data-status": alert.status, "data-severity": alert.severity },
    h("td", {}, h("span", { class: `badge ${alert.severity}` }, alert.severity)),
    h("th", { scope: "row" }, h("a", { href: `#/patients/${alert.patientId}` }, name)),
    h("td", {}, h("strong", {}, alert.title), h("br"), h("span", { class: "detail" }, alert.detail)),
    h("td", {}, h("time", { datetime: alert.openedAt }, formatTime(alert.openedAt)),
      h("br"), h("span", { class: "detail" }, ago(alert.openedAt))),
    h("td", { class: "state" }, stateOf(alert)),
    h("td", { class: "actions" }, actions(alert, name, refresh)),
  );
}

function stateOf(alert) {
  const parts = [STATES[alert.status] || alert.status];
  if (alert.escalatedAt) {
    parts.push(`escalated ${formatTime(alert.escalatedAt)}`);
  } else if (alert.severity === "high" && alert.status === "open") {
    parts.push("escalates if nobody acknowledges");
  }
  if (alert.cleared) {
    parts.push("condition no longer holds");
  }
  return parts.join("; ");
}

function actions(alert, name, refresh) {
  const cell = [];
  if (alert.status === "open") {
    cell.push(h("button", {
      type: "button", class: "ack", "aria-label": `Acknowledge: ${alert.title}, ${name}`,
      onclick: (e) => acknowledge(e.target, alert, name, refresh),
    }, "Acknowledge"));
  }
  cell.push(h("button", {
    type: "button", class: "resolve secondary", "aria-label": `Resolve: ${alert.title}, ${name}`,
    onclick: (e) => openResolve(e.target, alert, name, refresh),
  }, "Resolve…"));
  return cell;
}

async function acknowledge(button, alert, name, refresh) {
  button.disabled = true;
  try {
    await api(`/api/v1/nurse/alerts/${alert.id}/ack`, { method: "POST", body: {} });
    announce(`Acknowledged: ${alert.title}, ${name}`);
  } catch (e) {
    announce(`Not acknowledged: ${e.message}`);
    button.disabled = false;
  }
  await refresh();
  const resolve = document.querySelector(`tr[data-alert-id="${alert.id}"] button.resolve`);
  if (resolve) {
    resolve.focus(); // the row was drawn again: keep the nurse's place
  }
}

function openResolve(button, alert, name, refresh) {
  const cell = button.closest("td");
  const id = `note-${alert.id}`;
  const error = h("p", { class: "error", id: `${id}-error`, role: "alert" });
  const note = h("textarea", { id, name: "note", rows: 3, maxlength: 2000, required: true,
    "aria-describedby": `${id}-error` });
  const form = h("form", { class: "resolve-form", "aria-label": `Resolve ${alert.title} for ${name}` },
    h("label", { for: id }, "What was done"), note, error,
    h("div", { class: "buttons" },
      h("button", { type: "submit", class: "resolve-submit" }, "Resolve"),
      h("button", { type: "button", class: "secondary", onclick: () => close() }, "Cancel")));
  const previous = [...cell.childNodes];
  const close = () => {
    cell.replaceChildren(...previous);
    cell.querySelector("button.resolve").focus();
  };
  form.addEventListener("keydown", (e) => e.key === "Escape" && close());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api(`/api/v1/nurse/alerts/${alert.id}/resolve`, { method: "POST", body: { note: note.value } });
      form.remove();
      announce(`Resolved: ${alert.title}, ${name}`);
      await refresh();
    } catch (err) {
      error.textContent = err.message;
      note.setAttribute("aria-invalid", "true");
      note.focus();
    }
  });
  cell.replaceChildren(form);
  note.focus();
}
