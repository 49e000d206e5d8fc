// A patient's timeline, newest first, a page at a time (the API's default: the year to tomorrow).
import { h, formatTime } from "./dom.js";
import { api } from "./session.js";

const PAGE = 50;

export async function timelineSection(patientId) {
  const list = h("ol", { class: "timeline", id: "timeline-entries" });
  const section = h("section", { id: "record-timeline", "aria-labelledby": "record-timeline-title" },
    h("h2", { id: "record-timeline-title" }, "Timeline"), list);
  await more(patientId, section, list);
  return section;
}

async function more(patientId, section, list, pageToken) {
  const query = new URLSearchParams({ limit: PAGE });
  if (pageToken) {
    query.set("pageToken", pageToken);
  }
  const page = await api(`/api/v1/staff/patients/${patientId}/timeline?${query}`);
  list.append(...page.entries.map(entry));
  section.querySelector("#timeline-more")?.remove();
  if (page.nextPageToken) {
    section.append(h("button", { type: "button", id: "timeline-more", class: "secondary",
      onclick: () => more(patientId, section, list, page.nextPageToken) }, "Earlier entries"));
  } else if (list.children.length === 0) {
    list.replaceWith(h("p", {}, "Nothing in the last year."));
  }
}

function entry(e) {
  return h("li", { "data-kind": e.kind, "data-entry-id": e.id },
    h("time", { datetime: e.at }, formatTime(e.at)), " ",
    h("span", { class: "kind" }, e.kind.replaceAll("_", " ")), ": ", e.summary);
}
