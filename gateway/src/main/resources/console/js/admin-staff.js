// Staff accounts for admins: every account with its role and clinics, and creating a nurse,
// coordinator or admin who then signs in with the e-mail and password given here.
import { h, show, announce, table } from "./dom.js";
import { api } from "./session.js";
import { apiForm } from "./forms.js";
import { clinics } from "./catalogue.js";

const ROLES = [["nurse", "Nurse"], ["coordinator", "Coordinator (front desk)"], ["admin", "Admin"]];

export function staffPage() {
  show(h("h1", {}, "Staff"), h("p", {}, "Loading…"));
  clinics().then(render, (e) => show(h("h1", {}, "Staff"), h("p", { class: "error", role: "alert" }, e.message)));
}

function render(list) {
  const created = h("div", { id: "staff-created", "aria-live": "polite" });
  const names = new Map(list.map((c) => [c.id, c.name]));
  const accounts = h("section", { id: "staff-list", "aria-labelledby": "staff-list-title" },
    h("h2", { id: "staff-list-title" }, "Staff accounts"), h("p", {}, "Loading…"));
  const refresh = () => loadStaff(accounts, names);
  refresh();
  show(h("h1", {}, "Staff"), created, apiForm({
    id: "create-staff", title: "Create a staff account", submitLabel: "Create the account",
    fields: [
      { name: "name", label: "Name", autocomplete: "off" },
      { name: "email", label: "E-mail", type: "email" },
      { name: "password", label: "First password", type: "password", autocomplete: "new-password",
        hint: "10 to 128 characters; give it to the person in private." },
      { name: "role", label: "Role", type: "select", options: ROLES, value: "nurse" },
      { name: "clinicIds", label: "Clinics (nurses and coordinators)", type: "multiselect",
        options: list.map((c) => [c.id, c.name]) },
    ],
    send: (values) => api("/api/v1/admin/staff", { method: "POST", body: values }),
    sent: (account, form) => {
      const text = `A ${account.role} account for ${form.elements.email.value} is created: they can sign in now.`;
      form.reset();
      created.replaceChildren(h("p", { class: "card", id: "staff-created-message", "data-account-id": account.accountId }, text));
      announce(text);
      return refresh();
    },
    conflicts: { "email-taken": "email", "unknown-clinic": "clinicIds" },
  }), accounts);
}

async function loadStaff(section, names) {
  const title = section.querySelector("h2");
  try {
    const { staff } = await api("/api/v1/admin/staff");
    section.replaceChildren(title, staff.length === 0 ? h("p", {}, "No staff accounts listed yet.")
      : table("Staff accounts", ["Name", "E-mail", "Role", "Clinics"], staff.map((s) =>
        [s.name, s.email, s.role, s.clinicIds.map((id) => names.get(id) || id).join(", ") || "every clinic (admin)"]), "staff-table"));
  } catch (e) {
    section.replaceChildren(title, h("p", { class: "error", role: "alert" }, e.message));
  }
}
