// A search: asking /api/search, the summary, the hits, the pager, the active filters and
// the selection of a hit (j/k). The facets are facets.js's.

import { t } from "./i18n.js";
import { $, el, append, clear, markedText, fmtNumber, langName, entityTypeName, entityType,
  markBusy, markRendered } from "./util.js";
import { api, clearErrors, reportError } from "./api.js";
import { MAX_OFFSET, readUrl, urlFor, navigate, searchWith, addFilter, removeFilter, searchKey,
  facetKey, viewKey, docHref, linkOpensDoc, rememberLabels, entityLabel } from "./state.js";
import { renderFacets, facetsLoading, facetsShownFor } from "./facets.js";
import { corroboration } from "./corroborate.js";

const PAGE_SIZE = 20;

let shownSearchKey = null;
let shownFacetKey = null;
let lastSearch = null;   // {s, json, facets}
let searchAbort = null;

// Runs the search of s unless it is the one shown (or being asked for).
export function showSearch(s) {
  if (searchKey(s) !== shownSearchKey) runSearch(s);
}

// The next showSearch runs its search again (the same search on Enter, a new token).
export function invalidateSearch() {
  shownSearchKey = null;
  shownFacetKey = null;
}

// Draws the shown search again (the interface language changed).
export function rerenderSearch() {
  renderActiveFilters(readUrl());
  renderResults();
  renderFacets(lastSearch ? { s: lastSearch.s, facets: lastSearch.facets } : null);
  if (selection.index >= 0) selection.set(selection.index);
}

async function runSearch(s) {
  if (searchAbort) searchAbort.abort();
  const ctrl = new AbortController();
  searchAbort = ctrl;
  // A corroboration belongs to the search it was asked from.
  if (shownSearchKey !== null) corroboration.close();
  shownSearchKey = searchKey(s);
  const sameFacets = facetKey(s) === shownFacetKey && lastSearch && lastSearch.facets;
  const p = new URLSearchParams();
  p.set("q", s.q);
  for (const f of s.filters) p.append("filter", f);
  p.set("sort", s.sort);
  p.set("offset", String(s.offset));
  p.set("limit", String(PAGE_SIZE));
  p.set("collapse", String(s.collapse));
  // Paging keeps the facets of the search: ask for none (faster).
  p.set("facets", sameFacets ? "0" : "1");
  clearErrors();
  document.body.classList.add("busy");
  markBusy($("#results"));
  if (!sameFacets) facetsLoading();
  $("#summary").textContent = t("loading");
  const started = performance.now();
  let json;
  try {
    json = await api("/api/search?" + p.toString(), ctrl.signal);
  } catch (e) {
    if (e.name === "AbortError") return;
    if (ctrl !== searchAbort) return;
    document.body.classList.remove("busy");
    shownSearchKey = null;  // a retry (token, Enter) runs it again
    shownFacetKey = null;
    lastSearch = null;
    $("#summary").textContent = "";
    for (const id of ["#results", "#pager", "#facets", "#histogram", "#explain"]) clear($(id));
    $("#histogram").hidden = true;
    $("#explain").hidden = true;
    $("#interpretation").hidden = true;
    $("#corroborate").hidden = true;
    renderFacets(null);
    markRendered($("#results"), viewKey(s), { status: "error" });
    markRendered($("#facets"), viewKey(s));
    reportError(e);
    return;
  }
  if (ctrl !== searchAbort) return;
  document.body.classList.remove("busy");
  const facets = sameFacets ? lastSearch.facets : (json.facets || {});
  lastSearch = { s, json, facets, ms: performance.now() - started };
  rememberLabels(json.entity_labels);
  renderActiveFilters(s);
  renderResults();
  selection.reset();
  if (!sameFacets) {
    shownFacetKey = facetKey(s);
    // Facets are drawn after the hits have been painted, so they never hold them up.
    requestAnimationFrame(() => setTimeout(() => {
      if (lastSearch && lastSearch.facets === facets) renderFacets({ s: lastSearch.s, facets });
    }, 0));
  } else {
    facetsShownFor(s);
  }
}

function renderResults() {
  if (!lastSearch) return;
  const { s, json } = lastSearch;
  const total = json.total || 0;
  const documents = json.documents || 0;
  const summary = $("#summary");
  clear(summary);
  append(summary, el("span", { id: "result-count" }, t("results.summary", { n: total })));
  if (documents > total) {
    append(summary, [" ", el("span", { id: "document-count" }, t("results.documents", { n: documents, m: documents }))]);
  }
  $("#corroborate").hidden = !(s.q || s.filters.length) || total === 0;

  const interp = $("#interpretation");
  const plain = [s.q].concat(s.filters).filter(Boolean).join(" ").trim();
  if (json.interpretation && json.interpretation.trim() !== s.q.trim() && json.interpretation.trim() !== plain) {
    interp.textContent = t("results.interpretation", { q: json.interpretation });
    interp.hidden = false;
  } else {
    interp.hidden = true;
  }

  renderExplain(json);

  const list = clear($("#results"));
  (json.hits || []).forEach((h, i) => list.appendChild(renderHit(h, i, s)));
  renderPager(s, total);
  markRendered(list, viewKey(s), { status: "ok" });
}

function renderExplain(json) {
  const box = clear($("#explain"));
  const ex = json.explain;
  box.hidden = (json.hits && json.hits.length) || (json.total > 0) ? true : false;
  if (box.hidden) return;
  if (!ex) { box.appendChild(el("p", null, t("results.none"))); return; }
  for (const term of ex.no_match || []) {
    box.appendChild(el("p", { class: "explain-no-match" }, t("explain.no_match", { term })));
  }
  if (ex.filters_match_nothing) box.appendChild(el("p", { class: "explain-filters" }, t("explain.filters")));
  if (ex.relaxed) {
    const s = readUrl();
    const link = el("a", { id: "relaxed", href: urlFor(Object.assign({}, s, { q: ex.relaxed, offset: 0, doc: "" })) },
      ex.relaxed);
    link.addEventListener("click", (ev) => {
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      searchWith({ q: ex.relaxed });
    });
    const parts = t("explain.relaxed", { q: "\u0000" }).split("\u0000");
    box.appendChild(el("p", { class: "explain-relaxed" }, parts[0], link, parts[1] || "", " ",
      t("explain.relaxed_count", { n: ex.relaxed_total || 0 })));
  }
  if (!box.firstChild) box.appendChild(el("p", null, t("results.none")));
}

function renderHit(h, index, s) {
  const title = h.title || h.location || h.id;
  const firstPage = h.pages && h.pages.length ? h.pages[0] : 0;  // the view opens there
  const titleLink = el("a", { class: "hit-title", href: docHref(h.id, firstPage) }, title);
  if (!h.title) titleLink.classList.add("untitled");
  linkOpensDoc(titleLink, h.id, firstPage);

  const head = el("div", { class: "hit-head" }, titleLink);
  if (h.ocr) head.appendChild(el("span", { class: "badge ocr", title: t("hit.ocr_title") }, t("hit.ocr")));
  if (h.current === false) head.appendChild(el("span", { class: "badge old" }, t("hit.old")));

  const meta = el("div", { class: "hit-meta" });
  const metaItem = (cls, text, extra) => {
    if (!text) return;
    if (meta.childNodes.length) meta.appendChild(el("span", { class: "sep", "aria-hidden": "true" }, "·"));
    meta.appendChild(el("span", Object.assign({ class: cls }, extra || {}), text));
  };
  metaItem("hit-site", h.site || h.source);
  metaItem("hit-date", h.date);
  metaItem("hit-lang", h.lang ? langName(h.lang) : "", { "data-lang": h.lang || "" });
  metaItem("hit-type", h.type || h.mime);
  if (h.pages && h.pages.length) {
    if (meta.childNodes.length) meta.appendChild(el("span", { class: "sep", "aria-hidden": "true" }, "·"));
    const span = el("span", { class: "hit-pages" });
    const shown = h.pages.slice(0, 12);
    const parts = t("hit.pages", { n: h.pages.length, list: "\u0000" }).split("\u0000");
    span.appendChild(document.createTextNode(parts[0]));
    shown.forEach((p, i) => {
      if (i) span.appendChild(document.createTextNode(", "));
      const a = el("a", { href: docHref(h.id, p), class: "page-link", "data-page": p }, String(p));
      linkOpensDoc(a, h.id, p);
      span.appendChild(a);
    });
    if (h.pages.length > shown.length) span.appendChild(document.createTextNode(", …"));
    span.appendChild(document.createTextNode(parts[1] || ""));
    meta.appendChild(span);
  }
  if (h.copies > 1 && h.cluster) {
    if (meta.childNodes.length) meta.appendChild(el("span", { class: "sep", "aria-hidden": "true" }, "·"));
    const b = el("button", { type: "button", class: "hit-copies link-button", title: t("hit.copies_title"),
      "data-cluster": h.cluster }, t("hit.copies", { n: h.copies }));
    b.addEventListener("click", (ev) => {
      ev.stopPropagation();
      const f = "cluster:" + h.cluster;
      const filters = s.filters.filter((x) => !x.startsWith("cluster:")).concat([f]);
      searchWith({ filters, collapse: 0 });
    });
    meta.appendChild(b);
  }

  const li = el("li", { class: "hit", "data-id": h.id, "data-index": index, "data-lang": h.lang || "",
    "data-type": h.type || "", "data-first-page": firstPage || null }, head, meta);
  if (h.title && h.location) {
    const loc = el("div", { class: "hit-location" }, h.location);
    const more = (h.locations || []).length - 1;
    if (more > 0) loc.appendChild(el("span", { class: "more-locations" }, " ", t("hit.more_locations", { n: more })));
    li.appendChild(loc);
  }
  if (h.snippet) li.appendChild(el("p", { class: "snippet" }, markedText(h.snippet)));
  if (h.entities && h.entities.length) {
    const chips = el("div", { class: "chips" });
    for (const e of h.entities) chips.appendChild(entityChip(e));
    li.appendChild(chips);
  }
  li.addEventListener("click", (ev) => {
    if (ev.target.closest("a, button")) return;
    if (window.getSelection && String(window.getSelection())) return;  // selecting text
    selection.set(index);
  });
  return li;
}

// An entity of a hit: the name the service gives it (entity_labels), with the hit's own
// wording in the title when that differs.
function entityChip(e) {
  const type = e.type || entityType(e.id);
  const name = entityLabel(e.id, e.text);
  const title = t("hit.entity_title", { text: name, type: entityTypeName(type) }) +
    (e.text && e.text !== name ? " · " + e.text : "");
  const b = el("button", { type: "button", class: "entity-chip", "data-entity": e.id, "data-type": type, title },
    el("span", { class: "chip-type" }, entityTypeName(type)), " ",
    el("span", { class: "chip-text" }, name));
  if (e.count > 1) b.appendChild(el("span", { class: "chip-count" }, "×" + e.count));
  b.addEventListener("click", (ev) => { ev.stopPropagation(); addFilter("entity:" + e.id); });
  return b;
}

function renderPager(s, total) {
  const nav = clear($("#pager"));
  if (total <= PAGE_SIZE && s.offset === 0) return;
  const lastOffset = Math.min(Math.max(0, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE),
    Math.floor(MAX_OFFSET / PAGE_SIZE) * PAGE_SIZE);
  const current = Math.floor(s.offset / PAGE_SIZE);
  const last = Math.floor(lastOffset / PAGE_SIZE);
  const link = (offset, label, cls, extra) => {
    const a = el("a", Object.assign({ href: urlFor(Object.assign({}, s, { offset, doc: "", page: 0 })),
      class: cls, "data-offset": offset }, extra || {}), label);
    a.addEventListener("click", (ev) => {
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      navigate({ offset, doc: "", page: 0 });
      window.scrollTo(0, 0);
    });
    return a;
  };
  if (current > 0) nav.appendChild(link((current - 1) * PAGE_SIZE, "‹ " + t("pager.prev"), "pager-prev", { rel: "prev" }));
  const pages = new Set([0, last]);
  for (let i = current - 2; i <= current + 2; i++) if (i >= 0 && i <= last) pages.add(i);
  let prev = -1;
  for (const i of Array.from(pages).sort((a, b) => a - b)) {
    if (i - prev > 1) nav.appendChild(el("span", { class: "gap" }, "…"));
    if (i === current) {
      nav.appendChild(el("span", { class: "pager-page current", "aria-current": "page", "data-offset": i * PAGE_SIZE }, fmtNumber(i + 1)));
    } else {
      nav.appendChild(link(i * PAGE_SIZE, fmtNumber(i + 1), "pager-page", { "aria-label": t("pager.page", { n: i + 1 }) }));
    }
    prev = i;
  }
  if (current < last) nav.appendChild(link((current + 1) * PAGE_SIZE, t("pager.next") + " ›", "pager-next", { rel: "next" }));
}

// ------------------------------------------------------------------ active filters

export function renderActiveFilters(s) {
  const box = clear($("#active-filters"));
  if (!s.filters.length && s.collapse !== 0) { box.hidden = true; return; }
  box.hidden = false;
  box.appendChild(el("span", { class: "label" }, t("filters.label") + ":"));
  for (const f of s.filters) {
    const label = f.startsWith("entity:") ? "entity:" + entityLabel(f.slice(7)) : f;
    const chip = el("span", { class: "filter-chip", "data-filter": f, title: f }, el("span", null, label));
    const x = el("button", { type: "button", class: "filter-remove", "aria-label": t("filters.remove", { f }),
      title: t("filters.remove", { f }) }, "×");
    x.addEventListener("click", () => removeFilter(f));
    chip.appendChild(x);
    box.appendChild(chip);
  }
  if (s.collapse === 0) {
    const chip = el("span", { class: "filter-chip", "data-filter": "collapse=0" }, el("span", null, t("filters.all_copies")));
    const x = el("button", { type: "button", class: "filter-remove", "aria-label": t("filters.remove", { f: t("filters.all_copies") }) }, "×");
    x.addEventListener("click", () => searchWith({ collapse: 1 }));
    chip.appendChild(x);
    box.appendChild(chip);
  }
  if (s.filters.length > 1) {
    const b = el("button", { type: "button", class: "link-button", id: "clear-filters" }, t("filters.clear"));
    b.addEventListener("click", () => searchWith({ filters: [], collapse: 1 }));
    box.appendChild(b);
  }
}

// ------------------------------------------------------------------ selection (j/k)

export const selection = {
  index: -1,
  reset() { this.index = -1; },
  items() { return Array.from(document.querySelectorAll("#results .hit")); },
  set(i) {
    const items = this.items();
    if (!items.length) return;
    this.index = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((li, k) => {
      li.classList.toggle("selected", k === this.index);
      if (k === this.index) li.setAttribute("aria-current", "true"); else li.removeAttribute("aria-current");
    });
    items[this.index].scrollIntoView({ block: "nearest" });
  },
  move(d) { this.set(this.index < 0 ? 0 : this.index + d); },
  open() {
    const items = this.items();
    if (this.index < 0 || !items[this.index]) return;
    const li = items[this.index];
    navigate({ doc: li.dataset.id, page: Number(li.dataset.firstPage) || 0 });
  },
};
