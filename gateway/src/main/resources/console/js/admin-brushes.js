// Brushes for admins: register one (its credential and pairing code are shown once, here, and kept
// nowhere), issue a new pairing code, revoke. The API lists no brushes: an admin names the brush.
import { h, show, announce, formatTime } from "./dom.js";
import { api } from "./session.js";
import { apiForm } from "./forms.js";

const DEVICE_ID = { name: "deviceId", label: "Brush id", hint: "TB- and 8 hexadecimal digits, e.g. TB-00A1B2C3" };

export function brushesPage() {
  const secrets = h("div", { id: "brush-secrets", "aria-live": "polite" });
  show(h("h1", {}, "Brushes"), secrets,
    h("div", { class: "forms" },
      apiForm({
        id: "register-brush", title: "Register a brush", submitLabel: "Register",
        fields: [DEVICE_ID, { name: "model", label: "Model" }],
        send: (values) => api("/api/v1/admin/devices", { method: "POST", body: values }),
        sent: (brush, form) => shownOnce(secrets, form, `${brush.deviceId} is registered`, [
          ["Credential (the brush's MQTT password)", brush.credential, "brush-credential"],
          ["Pairing code", brush.pairingCode, "brush-pairing-code"],
          ["The pairing code works until", formatTime(brush.pairingCodeExpiresAt), "brush-code-expires"]]),
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
          form.reset();
          secrets.replaceChildren(h("p", { id: "brush-revoked", class: "card" }, `${revoked.deviceId} is revoked.`));
          announce(`${revoked.deviceId} is revoked.`);
        },
        conflicts: { "not-found": "deviceId" },
      })));
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
