// Forms whose rules are the API's: nothing is checked here first. Its problem+json names each
// refused field by JSON pointer (`errors[].pointer`) and the message is shown at that field.
import { h } from "./dom.js";
import { ApiError } from "./session.js";

/**
 * A form of labelled fields that sends what was typed and shows the API's answer.
 * fields: [{name, label, type? (input type, select, multiselect, textarea), options?: [[value, label]],
 * value?, optional?, pointer?, hint?}]
 * send(values) calls the API; sent(result) follows a success; `conflicts` names the field a
 * pointer-less problem `type` (e.g. `email-taken`) is about.
 */
export function apiForm({ id, title, fields, submitLabel, send, sent, conflicts = {} }) {
  const inputs = new Map(); // name -> {input, error, pointer}
  const formError = h("p", { class: "error", id: `${id}-error`, role: "alert", tabindex: "-1" });
  const submit = h("button", { type: "submit", id: `${id}-submit` }, submitLabel);
  const form = h("form", { id, class: "card api-form", "aria-labelledby": `${id}-title`, novalidate: true },
    h("h3", { id: `${id}-title` }, title),
    ...fields.map((f) => fieldOf(id, f, inputs)),
    formError, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(inputs, formError);
    submit.disabled = true;
    try {
      const result = await send(valuesOf(inputs));
      await sent(result, form);
    } catch (e) {
      showProblem(e, inputs, formError, conflicts);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function fieldOf(formId, field, inputs) {
  const id = `${formId}-${field.name}`;
  const error = h("p", { class: "error", id: `${id}-error` });
  const hint = field.hint ? h("p", { class: "detail", id: `${id}-hint` }, field.hint) : null;
  const describedBy = [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(" ");
  const pointer = field.pointer || `/${field.name}`;
  const input = inputOf(id, field, describedBy);
  inputs.set(field.name, { input, error, pointer, read: () => readInput(input, field) });
  return h("div", { class: "field" }, h("label", { for: id }, field.label), hint, input, error);
}

function inputOf(id, field, describedBy) {
  const common = { id, name: field.name, "aria-describedby": describedBy };
  if (field.type === "select" || field.type === "multiselect") {
    const multiple = field.type === "multiselect";
    return h("select", { ...common, multiple, size: multiple ? Math.min(6, Math.max(2, field.options.length)) : null },
      ...field.options.map(([value, label]) => h("option", { value, selected: value === field.value }, label)));
  }
  if (field.type === "textarea") {
    return h("textarea", { ...common, rows: 3 }, field.value || "");
  }
  return h("input", { ...common, type: field.type || "text", value: field.value,
    autocomplete: field.autocomplete || "off", inputmode: field.type === "number" ? "numeric" : null });
}

/**
 * What was typed. An empty optional field is left out (the API's default applies); an empty
 * required one is sent as it is, so that the API's refusal names it.
 */
function readInput(input, field) {
  if (field.type === "multiselect") {
    return [...input.selectedOptions].map((o) => o.value);
  }
  if (input.value === "") {
    return field.optional ? undefined : "";
  }
  return field.type === "number" && !Number.isNaN(Number(input.value)) ? Number(input.value) : input.value;
}

function valuesOf(inputs) {
  const values = {};
  for (const [name, { read }] of inputs) {
    const value = read();
    if (value !== undefined) {
      values[name] = value;
    }
  }
  return values;
}

function clear(inputs, formError) {
  for (const { input, error } of inputs.values()) {
    error.textContent = "";
    input.removeAttribute("aria-invalid");
  }
  formError.textContent = "";
}

/** The API's refusal at the fields it names; what names no field, under the form. */
export function showProblem(e, inputs, formError, conflicts = {}) {
  const errors = e instanceof ApiError ? e.fieldErrors() : [];
  const kind = e instanceof ApiError && e.problem.type ? e.problem.type.split("/").pop() : null;
  if (kind && conflicts[kind]) {
    errors.push({ pointer: `/${conflicts[kind]}`, detail: e.message });
  }
  let first = null;
  for (const { pointer, detail } of errors) {
    const at = fieldAt(inputs, String(pointer || "").replace(/^#/, ""));
    if (at) {
      at.error.textContent = at.error.textContent ? `${at.error.textContent} ${detail}` : detail;
      at.input.setAttribute("aria-invalid", "true");
      first = first || at.input;
    }
  }
  formError.textContent = first ? "Not saved: see the fields marked." : `Not saved: ${e.message}`;
  (first || formError).focus();
}

/** The field a pointer names, or holds (`/clinicIds/0` is in the field `/clinicIds`). */
function fieldAt(inputs, pointer) {
  let best = null;
  for (const field of inputs.values()) {
    const p = field.pointer;
    if ((pointer === p || pointer.startsWith(`${p}/`)) && (!best || p.length > best.pointer.length)) {
      best = field;
    }
  }
  return best;
}
