// Building the page from data with DOM calls only (never innerHTML): text stays text.

/** An element with attributes (`class`, `for`, `aria-*`, `data-*`, `on*` listeners) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.substring(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what the main region shows, and moves focus to its heading for screen readers. */
export function show(...children) {
  const main = document.getElementById("main");
  main.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

/** Says something to screen-reader users without moving their focus. */
export function announce(text) {
  const announcer = document.getElementById("announcer");
  announcer.textContent = "";
  setTimeout(() => (announcer.textContent = text), 50);
}

/** Label and value pairs, as a description list, leaving out what is not known. */
export function facts(id, pairs) {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== null && value !== "");
  return h("dl", { class: "facts", id }, ...shown.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

/**
 * A table whose rows are lists of cells (text or nodes); the caption is for screen readers. Its
 * scrolling box takes focus, so that a keyboard can scroll a table wider than a tablet.
 */
export function table(caption, columns, rows, id) {
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption }, h("table", { id },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, ...columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((c) => h("td", {}, c)))))));
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatTime(iso) {
  return dateTime.format(new Date(iso));
}

/** "3 h ago", "2 days ago": how long someone has waited. */
export function ago(iso, now = Date.now()) {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60000));
  if (minutes < 1) {
    return "just now";
  }
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
