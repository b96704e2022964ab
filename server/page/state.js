// The URL is the state: {q, filters, sort, offset, collapse, doc, page}. Every view is
// drawn from it by the router (app.js's route), so reload, back/forward and shared links
// show the same thing. Also the names of entity ids the service gave (entity_labels).

import { entityValue } from "./util.js";

export const MAX_OFFSET = 100000;     // serve.max_offset's default (docs/api.md)

// {q, filters, sort, offset, collapse, doc, page}; the search part is everything but
// doc and page.
export function readUrl() {
  const p = new URLSearchParams(location.search);
  const offset = Math.max(0, Math.min(MAX_OFFSET, parseInt(p.get("offset") || "0", 10) || 0));
  return {
    q: p.get("q") || "",
    filters: p.getAll("filter").filter((f) => f !== ""),
    sort: p.get("sort") === "date" ? "date" : "relevance",
    offset,
    collapse: p.get("collapse") === "0" ? 0 : 1,
    doc: /^[0-9a-fA-F]{6,64}$/.test(p.get("doc") || "") ? p.get("doc").toLowerCase() : "",
    page: Math.max(0, parseInt(p.get("page") || "0", 10) || 0),
  };
}

export function urlFor(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const f of s.filters) p.append("filter", f);
  if (s.sort === "date") p.set("sort", "date");
  if (s.offset > 0) p.set("offset", String(s.offset));
  if (s.collapse === 0) p.set("collapse", "0");
  if (s.doc) p.set("doc", s.doc);
  if (s.doc && s.page > 0) p.set("page", String(s.page));
  const qs = p.toString();
  return "/" + (qs ? "?" + qs : "");
}

export const searchKey = (s) => JSON.stringify([s.q, s.filters, s.sort, s.offset, s.collapse]);
export const facetKey = (s) => JSON.stringify([s.q, s.filters, s.collapse]);

// What a rendered view says it shows (its data-search, see util.js's markRendered): the
// URL of its search without doc and page; for the document view only q and filters count.
export const viewKey = (s) => urlFor({ q: s.q, filters: s.filters, sort: s.sort, offset: s.offset,
  collapse: s.collapse, doc: "", page: 0 });
export const docViewKey = (q, filters) => urlFor({ q, filters, sort: "relevance", offset: 0,
  collapse: 1, doc: "", page: 0 });

// ------------------------------------------------------------------ navigation

let router = () => {};

// The function that draws the views from the URL (app.js's route).
export function setRouter(fn) { router = fn; }

export function route() { router(); }

export function navigate(changes, replace) {
  const s = Object.assign(readUrl(), changes);
  const url = urlFor(s);
  if (url === location.pathname + location.search) { router(); return; }
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  router();
}

// A new search from the current one: the document view closes, paging restarts.
export function searchWith(changes) {
  navigate(Object.assign({ offset: 0, doc: "", page: 0 }, changes));
}

export function addFilter(f) {
  const s = readUrl();
  let filters = s.filters.slice();
  // One date range at a time: a new one replaces the old rather than intersecting.
  if (f.startsWith("date:")) filters = filters.filter((x) => !x.startsWith("date:"));
  if (!filters.includes(f)) filters.push(f);
  searchWith({ filters });
}

export function removeFilter(f) {
  const s = readUrl();
  const filters = s.filters.filter((x) => x !== f);
  const changes = { filters };
  // The copies of a story were listed uncollapsed; without the story, collapse again.
  if (f.startsWith("cluster:") && !filters.some((x) => x.startsWith("cluster:"))) changes.collapse = 1;
  searchWith(changes);
}

export function docHref(id, page) {
  return urlFor(Object.assign(readUrl(), { doc: id, page: page || 0 }));
}

// Opens a document from a link unless the user asked for a new tab.
export function linkOpensDoc(a, id, page) {
  a.addEventListener("click", (ev) => {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    navigate({ doc: id, page: page || 0 });
  });
}

// ------------------------------------------------------------------ entity names

// The names the service gave for entity ids (entity_labels of /api/search: the list's
// name, else as the hits write it). Kept across searches, so that a facet kept while
// paging, a filter chip and the corroboration panel can name what they show; a newer
// answer's name wins.
const entityLabels = new Map();

export function rememberLabels(labels) {
  if (!labels || typeof labels !== "object") return;
  for (const [id, name] of Object.entries(labels)) if (name) entityLabels.set(id, String(name));
}

// The name to show for an entity id; fallback when the service gave none.
export function entityLabel(id, fallback) {
  return entityLabels.get(id) || fallback || entityValue(id);
}
