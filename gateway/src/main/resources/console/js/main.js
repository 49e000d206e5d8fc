// The console's entry: the header, sign-in, and which page the address (#/...) names.
import { h, show, announce } from "./dom.js";
import { api, signIn, signOut, signedIn, who, onSignOut, pageChanged, ApiError } from "./session.js";
import { worklistPage } from "./worklist.js";
import { patientPage } from "./patient.js";
import { searchPage } from "./search.js";
import { recordPage } from "./record.js";
import { clinicsPage } from "./admin-clinics.js";
import { brushesPage } from "./admin-brushes.js";
import { staffPage } from "./admin-staff.js";
import { campaignsPage, crmSummaryPage } from "./admin-outreach.js";
import { tagRulesPage, segmentsPage, importPage, forecastPage, funnelPage } from "./admin-crm.js";
import { waitlistPage } from "./waitlist.js";

let leave = () => {}; // stops what the current page runs (polling)

const UUID = "([0-9a-fA-F-]{36})";
const STAFF = ["nurse", "coordinator", "admin"];

/** Each page: the address it answers, the roles it is for, and what shows it (and may stop it). */
const PAGES = [
  [new RegExp(`^#/patients/${UUID}(?:\\?days=(30|90))?$`), ["nurse"], (m) => patientPage(m[1], Number(m[2] || 30))],
  [/^#\/worklist$/, ["nurse"], () => worklistPage()],
  [/^#\/search(?:\?(.*))?$/, STAFF, (m) => searchPage(m[1] || "")],
  [new RegExp(`^#/records/${UUID}$`), STAFF, (m) => recordPage(m[1])],
  [/^#\/waitlist$/, ["coordinator", "admin"], () => waitlistPage()],
  [/^#\/admin\/clinics$/, ["admin"], () => clinicsPage()],
  [/^#\/admin\/brushes$/, ["admin"], () => brushesPage()],
  [/^#\/admin\/staff$/, ["admin"], () => staffPage()],
  [/^#\/admin\/campaigns$/, ["admin"], () => campaignsPage()],
  [/^#\/admin\/crm$/, ["admin"], () => crmSummaryPage()],
  [/^#\/admin\/tag-rules$/, ["admin"], () => tagRulesPage()],
  [/^#\/admin\/segments$/, ["admin"], () => segmentsPage()],
  [/^#\/admin\/import$/, ["admin"], () => importPage()],
  [/^#\/admin\/forecast$/, ["admin"], () => forecastPage()],
  [/^#\/admin\/funnel$/, ["admin"], () => funnelPage()],
];

/** The navigation of each role; its first link is the role's home. */
const NAV = {
  nurse: [["#/worklist", "Worklist", "nav-worklist"], ["#/search", "Patients", "nav-search"]],
  coordinator: [["#/search", "Patients", "nav-search"], ["#/waitlist", "Waitlist", "nav-waitlist"]],
  admin: [["#/admin/clinics", "Clinics", "nav-clinics"], ["#/admin/brushes", "Brushes", "nav-brushes"],
    ["#/admin/staff", "Staff", "nav-staff"], ["#/admin/campaigns", "Campaigns", "nav-campaigns"],
    ["#/admin/crm", "CRM summary", "nav-crm"], ["#/admin/tag-rules", "Tag rules", "nav-tag-rules"],
    ["#/admin/segments", "Segments", "nav-segments"], ["#/admin/import", "Import", "nav-import"],
    ["#/admin/forecast", "Forecast", "nav-forecast"], ["#/admin/funnel", "Journey funnel", "nav-funnel"],
    ["#/waitlist", "Waitlist", "nav-waitlist"], ["#/search", "Patients", "nav-search"]],
};

function route() {
  const hash = location.hash || "#/";
  if (!hash.startsWith("#/")) {
    return; // an in-page link such as the skip link
  }
  leave();
  leave = () => {};
  pageChanged();
  if (!signedIn()) {
    signInPage();
    return;
  }
  const role = who().role;
  markCurrent(hash);
  for (const [address, roles, page] of PAGES) {
    const match = hash.match(address);
    if (match && roles.includes(role)) {
      leave = page(match) || (() => {});
      return;
    }
  }
  if (NAV[role]) {
    location.replace(NAV[role][0][0]); // the role's home; hashchange routes again
  } else {
    show(h("h1", {}, "Nothing here for your role"),
      h("p", {}, "The console is for nurses, coordinators and admins."));
  }
}

function navigation(role) {
  const nav = document.getElementById("nav");
  nav.replaceChildren(...(NAV[role] || []).map(([href, text, id]) => h("a", { href, id }, text)));
  nav.hidden = !NAV[role];
}

function markCurrent(hash) {
  for (const link of document.querySelectorAll("#nav a")) {
    const here = hash === link.getAttribute("href") || hash.startsWith(`${link.getAttribute("href")}?`);
    link.toggleAttribute("aria-current", false);
    if (here) {
      link.setAttribute("aria-current", "page");
    }
  }
}

function signInPage() {
  const error = h("p", { id: "sign-in-error", class: "error", role: "alert" });
  const email = h("input", {
    id: "email", name: "email", type: "email", autocomplete: "username", required: true,
    "aria-describedby": "sign-in-error",
  });
  const password = h("input", {
    id: "password", name: "password", type: "password", autocomplete: "current-password",
    required: true, "aria-describedby": "sign-in-error",
  });
  const submit = h("button", { type: "submit", id: "sign-in" }, "Sign in");
  const form = h(
    "form",
    { class: "card narrow", "aria-labelledby": "sign-in-title", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "email" }, "E-mail"), email),
    h("div", { class: "field" }, h("label", { for: "password" }, "Password"), password),
    error,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    try {
      await signIn(email.value.trim(), password.value);
      await showWho();
      route();
    } catch (e) {
      error.textContent =
        e instanceof ApiError && e.status === 401
          ? "That e-mail and password do not match an account."
          : e.message;
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  show(h("h1", { id: "sign-in-title" }, "Sign in"), form);
  email.focus();
}

/** The header: role, clinics by name, sign-out. */
async function showWho() {
  const claims = who();
  document.getElementById("who-role").textContent = `Signed in as ${claims.role}`;
  const mine = new Set(claims.clinics || []);
  let names = [...mine];
  try {
    const { clinics } = await api("/api/v1/clinics");
    names = clinics.filter((c) => mine.has(c.id)).map((c) => c.name);
  } catch {
    // the ids stand in for the names
  }
  const list = document.getElementById("who-clinics");
  list.replaceChildren(...names.map((n) => h("li", {}, n)));
  document.getElementById("who").hidden = false;
  navigation(claims.role);
}

function signedOut(message) {
  document.getElementById("who").hidden = true;
  document.getElementById("nav").hidden = true;
  leave();
  leave = () => {};
  pageChanged();
  if (location.hash !== "#/") {
    history.replaceState(null, "", "#/");
  }
  signInPage();
  announce(message);
}

document.getElementById("sign-out").addEventListener("click", () => signOut());
onSignOut(() => signedOut("You are signed out."));
window.addEventListener("hashchange", route);
route();
