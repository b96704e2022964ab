// The facets of a search, its date histogram, and selecting a range of months on it.

import { t } from "./i18n.js";
import { $, el, clear, fmtNumber, langName, entityTypeName, entityType, endOfMonth,
  markBusy, markRendered } from "./util.js";
import { addFilter, removeFilter, entityLabel, viewKey } from "./state.js";

const FACET_TOP = 15;          // entity values shown before "show more"

const FACETS = [
  { name: "lang", filter: (v) => "lang:" + v, label: (v) => langName(v) },
  { name: "type", filter: (v) => "type:" + v },
  { name: "site", filter: (v) => "site:" + v },
  { name: "source", filter: (v) => "source:" + v },
  { name: "year", filter: (v) => "date:" + v + "-01-01.." + v + "-12-31", order: "key-desc" },
  { name: "entity_type", filter: (v) => "entity_type:" + v, label: (v) => entityTypeName(v) },
  { name: "entity", filter: (v) => "entity:" + v, label: (v) => entityLabel(v), top: FACET_TOP,
    type: (v) => entityTypeName(entityType(v)) },
];
const expandedFacets = new Set();
let shown = null;              // the view #facets shows: {s, facets}

// The facets are being asked for (a new search whose facets differ).
export function facetsLoading() { markBusy($("#facets")); }

// Draws view = {s, facets} (the search and the facets it got) into #facets and
// #histogram; view null leaves them empty.
export function renderFacets(view) {
  shown = view;
  const aside = clear($("#facets"));
  if (!view) return;
  const { s, facets } = view;
  for (const spec of FACETS) {
    const values = facets[spec.name];
    if (!values || !Object.keys(values).length) continue;
    let entries = Object.entries(values);
    if (spec.order === "key-desc") entries.sort((a, b) => (a[0] < b[0] ? 1 : -1));
    else entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const group = el("section", { class: "facet", "data-facet": spec.name },
      el("h3", null, t("facet." + spec.name)));
    const list = el("ul");
    const limit = spec.top && !expandedFacets.has(spec.name) ? spec.top : entries.length;
    entries.slice(0, limit).forEach(([value, count]) => {
      const label = spec.label ? spec.label(value) : value;
      const f = spec.filter ? spec.filter(value) : null;
      const active = f !== null && s.filters.includes(f);
      const inner = [el("span", { class: "facet-label" }, label)];
      if (spec.type) inner.push(el("span", { class: "facet-type" }, spec.type(value)));
      inner.push(el("span", { class: "facet-count" }, fmtNumber(count)));
      let item;
      if (f) {
        item = el("button", { type: "button", class: "facet-value" + (active ? " active" : ""),
          "data-value": value, "data-filter": f, "aria-pressed": active ? "true" : "false", title: f }, inner);
        item.addEventListener("click", () => (active ? removeFilter(f) : addFilter(f)));
      } else {
        item = el("span", { class: "facet-value static", "data-value": value }, inner);
      }
      list.appendChild(el("li", null, item));
    });
    group.appendChild(list);
    if (spec.top && entries.length > spec.top) {
      const expanded = expandedFacets.has(spec.name);
      const more = el("button", { type: "button", class: "link-button facet-more" },
        expanded ? t("facet.less") : t("facet.more", { n: entries.length - spec.top }));
      more.addEventListener("click", () => {
        if (expanded) expandedFacets.delete(spec.name); else expandedFacets.add(spec.name);
        renderFacets(shown);
      });
      group.appendChild(more);
    }
    aside.appendChild(group);
  }
  renderHistogram($("#histogram"), facets.month || {}, true);
  markRendered(aside, viewKey(s));
}

// The facets shown are also those of s (a page of the same search): say so, unless
// they are still to be drawn.
export function facetsShownFor(s) {
  const aside = $("#facets");
  if (!shown || aside.getAttribute("aria-busy") === "true") return;
  shown = { s, facets: shown.facets };
  markRendered(aside, viewKey(s));
}

// ------------------------------------------------------------------ histograms

// Every month from the first to the last key, with zeros between.
function monthSeries(counts) {
  const keys = Object.keys(counts).filter((k) => /^\d{4}-\d{2}$/.test(k)).sort();
  if (!keys.length) return [];
  let [y, m] = keys[0].split("-").map(Number);
  const [ly, lm] = keys[keys.length - 1].split("-").map(Number);
  const out = [];
  while ((y < ly || (y === ly && m <= lm)) && out.length < 2400) {
    const k = y + "-" + String(m).padStart(2, "0");
    out.push([k, counts[k] || 0]);
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

// Draws bars into box; with selectable, dragging across bars adds a date filter.
export function renderHistogram(box, counts, selectable) {
  clear(box);
  const series = monthSeries(counts);
  if (series.length < 1) { box.hidden = true; return; }
  box.hidden = false;
  const max = Math.max(1, ...series.map((x) => x[1]));
  const head = el("div", { class: "histogram-head" }, el("span", { class: "histogram-title" },
    selectable ? t("histogram.title") : t("corr.timeline")));
  if (selectable) head.appendChild(el("span", { class: "histogram-hint muted" }, t("histogram.hint")));
  box.appendChild(head);
  const bars = el("div", { class: "bars" + (selectable ? " selectable" : "") });
  for (const [month, n] of series) {
    const bar = el("div", { class: "bar" + (n ? "" : " empty"), "data-month": month, "data-count": n,
      title: t("histogram.bar", { month, n }) }, el("div", { class: "bar-fill" }));
    bar.firstChild.style.height = (n ? Math.max(4, Math.round((n / max) * 100)) : 0) + "%";
    bars.appendChild(bar);
  }
  box.appendChild(bars);
  box.appendChild(el("div", { class: "histogram-axis" },
    el("span", null, series[0][0]), el("span", null, series[series.length - 1][0])));
  if (selectable) attachRangeSelection(bars, series);
}

function attachRangeSelection(bars, series) {
  let start = -1;
  let end = -1;
  const indexAt = (clientX) => {
    const r = bars.getBoundingClientRect();
    const i = Math.floor(((clientX - r.left) / Math.max(1, r.width)) * series.length);
    return Math.max(0, Math.min(series.length - 1, i));
  };
  const paint = () => {
    const lo = Math.min(start, end);
    const hi = Math.max(start, end);
    Array.from(bars.children).forEach((b, i) => b.classList.toggle("in-range", start >= 0 && i >= lo && i <= hi));
  };
  const onMove = (ev) => { end = indexAt(ev.clientX); paint(); };
  const onUp = (ev) => {
    window.removeEventListener("mousemove", onMove);
    window.removeEventListener("mouseup", onUp);
    end = indexAt(ev.clientX);
    const lo = Math.min(start, end);
    const hi = Math.max(start, end);
    start = -1;
    paint();
    addFilter("date:" + series[lo][0] + "-01.." + endOfMonth(series[hi][0]));
  };
  bars.addEventListener("mousedown", (ev) => {
    if (ev.button !== 0) return;
    ev.preventDefault();
    start = end = indexAt(ev.clientX);
    paint();
    window.addEventListener("mousemove", onMove);
    window.addEventListener("mouseup", onUp);
  });
}
