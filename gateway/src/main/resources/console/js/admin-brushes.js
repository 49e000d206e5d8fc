// Brushes for admins: the brushes registered in a month (paired, revoked, last seen), register one
// (its credential and pairing code are shown once, here, and kept nowhere), a new code, revoke.
import { h, show, announce, formatTime, table } from "./dom.js";
import { api } from "./session.js";
import { apiForm } from "./forms.js";

const DEVICE_ID = { name: "deviceId", label: "Brush id", hint: "TB- and 8 hexadecimal digits, e.g. TB-00A1B2C3" };

export function brushesPage() {
  const secrets = h("div", { id: "brush-secrets", "aria-live": "polite" });
  const listed = brushList();
  show(h("h1", {}, "Brushes"), secrets,
    h("div", { class: "forms" },
      apiForm({
        id: "register-brush", title: "Register a brush", submitLabel: "Register",
        fields: [DEVICE_ID, { name: "model", label: "Model" }],
        send: (values) => api("/api/v1/admin/devices", { method: "POST", body: values }),
        sent: (brush, form) => {
          listed.refresh();
          shownOnce(secrets, form, `${brush.deviceId} is registered`, [
            ["Credential (the brush's MQTT password)", brush.credential, "brush-credential"],
            ["Pairing code", brush.pairingCode, "brush-pairing-code"],
            ["The pairing code works until", formatTime(brush.pairingCodeExpiresAt), "brush-code-expires"]]);
        },
        conflicts: { "device-exists": "deviceId" },
      }),
      apiForm({
        id: "pairing-code", title: "Issue a new pairing code", submitLabel: "Issue a code",
        fields: [DEVICE_ID],
        send: (values) => api(`/api/v1/admin/devices/${encodeURIComponent(values.deviceId || "")}/pairing-code`, { method: "POST", body: {} }),
        sent: (issued, form) => shownOnce(secrets, form, `A new pairing code for ${issued.deviceId}`, [
          ["Pairing code", issued.pairingCode, "brush-pairing-code"]]),
        conflicts: { "device-revoked": "deviceId", "not-found": "deviceId" },
      }),
      apiForm({
        id: "revoke-brush", title: "Revoke a brush", submitLabel: "Revoke",
        fields: [{ ...DEVICE_ID, hint: "It is disconnected and can no longer connect or be paired." }],
        send: (values) => api(`/api/v1/admin/devices/${encodeURIComponent(values.deviceId || "")}/revoke`, { method: "POST", body: {} }),
        sent: (revoked, form) => {
          listed.refresh();
          form.reset();
          secrets.replaceChildren(h("p", { id: "brush-revoked", class: "card" }, `${revoked.deviceId} is revoked.`));
          announce(`${revoked.deviceId} is revoked.`);
        },
        conflicts: { "not-found": "deviceId" },
      })), listed);
}

/** The brushes registered in a month (UTC), newest first; `refresh()` reads them again. */
function brushList() {
  const result = h("div", { id: "brush-list-result", "aria-live": "polite" });
  const month = h("input", { id: "brush-month", name: "month", type: "month",
    value: new Date().toISOString().slice(0, 7), "aria-describedby": "brush-month-error" });
  const error = h("p", { class: "error", id: "brush-month-error", role: "alert" });
  const form = h("form", { class: "card search-form", "aria-label": "Choose a month", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "brush-month" }, "Registered in (month)"), month, error),
    h("div", { class: "buttons" }, h("button", { type: "submit", id: "brush-month-show" }, "Show")));
  const section = h("section", { id: "brush-list", "aria-labelledby": "brush-list-title" },
    h("h2", { id: "brush-list-title" }, "Registered brushes"), form, result);
  section.refresh = () => loadBrushes(month, error, result);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    section.refresh();
  });
  section.refresh();
  return section;
}

async function loadBrushes(month, error, result) {
  error.textContent = "";
  try {
    const { devices, more } = await api(`/api/v1/admin/devices?${new URLSearchParams({ month: month.value })}`);
    result.replaceChildren(devices.length === 0 ? h("p", { id: "no-brushes" }, "No brushes registered that month.")
      : table(`Brushes registered in ${month.value}`, ["Brush", "Model", "Registered", "Paired", "Revoked", "Last seen", "Battery"],
        devices.map(brushRow), "brush-list-table"),
    more ? h("p", { class: "detail" }, "More brushes were registered that month than are shown.") : null);
  } catch (e) {
    error.textContent = e.message;
  }
}

function brushRow(d) {
  const s = d.status;
  return [d.deviceId, d.model, formatTime(d.registeredAt), d.paired ? "paired" : "not paired",
    d.revoked ? "revoked" : "no", s ? formatTime(s.lastSeen) : "never", s && s.batteryPct !== undefined ? `${s.batteryPct} %` : "unknown"];
}

/** Secrets shown once: replaced by the next answer, gone when the admin leaves the page. */
function shownOnce(region, form, title, values) {
  form.reset();
  region.replaceChildren(h("section", { class: "card once", "aria-labelledby": "once-title" },
    h("h2", { id: "once-title" }, title),
    h("p", {}, "Shown this once: write them down or print them now. Leaving the page forgets them."),
    h("dl", { class: "facts" }, ...values.flatMap(([term, value, id]) => [h("dt", {}, term), h("dd", { id, class: "secret" }, value)]))));
  region.querySelector("h2").setAttribute("tabindex", "-1");
  region.querySelector("h2").focus();
}
