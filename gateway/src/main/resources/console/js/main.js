// The console's entry: the header, sign-in, and which page the address (#/...) names.
import { h, show, announce } from "./dom.js";
import { api, signIn, signOut, signedIn, who, onSignOut, ApiError } from "./session.js";
import { worklistPage } from "./worklist.js";
import { patientPage } from "./patient.js";

let leave = () => {}; // stops what the current page runs (polling)

function route() {
  const hash = location.hash || "#/";
  if (!hash.startsWith("#/")) {
    return; // an in-page link such as the skip link
  }
  leave();
  leave = () => {};
  if (!signedIn()) {
    signInPage();
    return;
  }
  const patient = hash.match(/^#\/patients\/([0-9a-fA-F-]{36})(?:\?days=(30|90))?$/);
  if (patient) {
    leave = patientPage(patient[1], Number(patient[2] || 30));
  } else if (who().role === "nurse") {
    leave = worklistPage();
  } else {
    show(
      h("h1", {}, "Nothing here for your role yet"),
      h("p", {}, "The console's pages are for nurses for now: the worklist and the patient page."),
    );
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
  document.getElementById("nav").hidden = claims.role !== "nurse";
}

function signedOut(message) {
  document.getElementById("who").hidden = true;
  document.getElementById("nav").hidden = true;
  leave();
  leave = () => {};
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
