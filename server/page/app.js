"use strict";
// The analysts' page: one search, its facets and date histogram, a document view with
// its matches and provenance, and corroboration. The contract with the server is
// docs/api.md.
//
// Rules this file keeps (the page runs under a strict Content-Security-Policy and shows
// hostile documents):
// - document text of any kind (titles, locations, entity texts, text, snippets) goes into
//   the DOM as text nodes only: el() and markedText() never parse HTML;
// - snippets and match contexts are HTML-escaped text whose only markup is <b>…</b>:
//   markedText() splits on those marks, decodes the entities and builds <mark>s;
// - the URL is the state (readUrl/urlFor); every view is drawn from it by route(), so
//   reload, back/forward and shared links show the same thing.

(function () {
  const I = window.I18N;
  const t = I.t;

  const PAGE_SIZE = 20;
  const MAX_OFFSET = 100000;     // serve.max_offset's default (docs/api.md)
  const FACET_TOP = 15;          // entity values shown before "show more"
  const TOKEN_KEY = "trawl.token";

  // ------------------------------------------------------------------ small helpers

  const $ = (sel, root) => (root || document).querySelector(sel);

  // el("a", {class: "x", href: "/", dataset: {id: "1"}}, "text", child): builds an
  // element. Strings become text nodes; attributes are set with setAttribute, and no
  // caller passes an on* attribute or document data as a URL.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === "class") e.className = v;
        else if (k === "dataset") Object.assign(e.dataset, v);
        else if (k === "text") e.textContent = v;
        else e.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const c of children) append(e, c);
    return e;
  }

  function append(parent, c) {
    if (c === undefined || c === null || c === false) return;
    if (Array.isArray(c)) { for (const x of c) append(parent, x); return; }
    parent.appendChild(typeof c === "string" || typeof c === "number"
      ? document.createTextNode(String(c)) : c);
  }

  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };

  // The text an HTML-escaped string stands for (the few entities an escaper writes).
  function unescapeHtml(s) {
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, name) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X"
          ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
          return String.fromCodePoint(code);
        }
        return all;
      }
      const v = ENTITIES[name.toLowerCase()];
      return v !== undefined ? v : all;
    });
  }

  // A snippet or match context as nodes: text, and <mark> for each <b>…</b>.
  function markedText(escaped) {
    const frag = document.createDocumentFragment();
    let inMark = false;
    for (const part of String(escaped || "").split(/(<\/?b>)/)) {
      if (part === "<b>") { inMark = true; continue; }
      if (part === "</b>") { inMark = false; continue; }
      if (!part) continue;
      const text = unescapeHtml(part);
      frag.appendChild(inMark ? el("mark", null, text) : document.createTextNode(text));
    }
    return frag;
  }

  function fmtNumber(n) { return Number(n || 0).toLocaleString(I.lang); }

  function langName(code) {
    const key = "lang." + code;
    return I.has(key) ? t(key) : code;
  }

  function entityTypeName(type) {
    const key = "etype." + type;
    return I.has(key) ? t(key) : type;
  }

  // "imo:8716344" → "imo"; "list:UN:KPi.033" → "list".
  function entityType(id) {
    const i = id.indexOf(":");
    return i > 0 ? id.slice(0, i) : "";
  }

  function entityValue(id) {
    const i = id.indexOf(":");
    return i > 0 ? id.slice(i + 1) : id;
  }

  function isWebUri(u) { return /^https?:\/\//i.test(u || ""); }

  function hostOf(u) {
    if (!isWebUri(u)) return "";
    try { return new URL(u).hostname; } catch (e) { return ""; }
  }

  function endOfMonth(ym) {
    const [y, m] = ym.split("-").map(Number);
    const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return ym + "-" + String(d).padStart(2, "0");
  }

  // The display names of entity ids seen in hits and documents, for facets and
  // corroboration (the facets carry ids only).
  const entityNames = new Map();

  function rememberEntity(id, text, type) {
    if (id && text && !entityNames.has(id)) entityNames.set(id, { text, type });
  }

  function entityLabel(id) {
    const known = entityNames.get(id);
    return known ? known.text : entityValue(id);
  }

  // ------------------------------------------------------------------ messages

  function showError(message) {
    const box = $("#messages");
    const item = el("div", { class: "message error" },
      el("span", { class: "message-text" }, message),
      el("button", { type: "button", class: "message-dismiss", "aria-label": t("msg.dismiss"),
        title: t("msg.dismiss") }, "×"));
    box.appendChild(item);
  }

  function clearErrors() { clear($("#messages")); }

  // ------------------------------------------------------------------ API access

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  function authHeaders() {
    const headers = { Accept: "application/json" };
    let token = null;
    try { token = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* none */ }
    if (token) headers.Authorization = "Bearer " + token;
    return headers;
  }

  // GET a JSON route. Throws ApiError (status 0 when the service cannot be reached);
  // a 401 also opens the token prompt. An aborted request throws its AbortError.
  async function api(path, signal) {
    let r;
    try {
      r = await fetch(path, { headers: authHeaders(), signal, credentials: "same-origin" });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new ApiError(0, t("error.network", { msg: e.message }));
    }
    if (r.status === 401) {
      askToken();
      throw new ApiError(401, t("token.needed"));
    }
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (!r.ok) {
      const msg = body && body.error ? body.error : r.statusText;
      throw new ApiError(r.status, t("error.http", { status: String(r.status), msg }));
    }
    if (body === null) throw new ApiError(r.status, t("error.http", { status: String(r.status), msg: "not JSON" }));
    return body;
  }

  function reportError(e) {
    if (e && e.name === "AbortError") return;
    if (e instanceof ApiError && e.status === 401) return;  // the prompt says it
    showError(e && e.message ? e.message : String(e));
  }

  function askToken() {
    const form = $("#token-prompt");
    if (!form.hidden) return;
    form.hidden = false;
    $("#token-input").value = "";
    $("#token-input").focus();
  }

  // ------------------------------------------------------------------ URL state

  // {q, filters, sort, offset, collapse, doc, page}; the search part is everything but
  // doc and page.
  function readUrl() {
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

  function urlFor(s) {
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

  function navigate(changes, replace) {
    const s = Object.assign(readUrl(), changes);
    const url = urlFor(s);
    if (url === location.pathname + location.search) { route(); return; }
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
    route();
  }

  // A new search from the current one: the document view closes, paging restarts.
  function searchWith(changes) {
    navigate(Object.assign({ offset: 0, doc: "", page: 0 }, changes));
  }

  function addFilter(f) {
    const s = readUrl();
    let filters = s.filters.slice();
    // One date range at a time: a new one replaces the old rather than intersecting.
    if (f.startsWith("date:")) filters = filters.filter((x) => !x.startsWith("date:"));
    if (!filters.includes(f)) filters.push(f);
    searchWith({ filters });
  }

  function removeFilter(f) {
    const s = readUrl();
    const filters = s.filters.filter((x) => x !== f);
    const changes = { filters };
    // The copies of a story were listed uncollapsed; without the story, collapse again.
    if (f.startsWith("cluster:") && !filters.some((x) => x.startsWith("cluster:"))) changes.collapse = 1;
    searchWith(changes);
  }

  const searchKey = (s) => JSON.stringify([s.q, s.filters, s.sort, s.offset, s.collapse]);
  const facetKey = (s) => JSON.stringify([s.q, s.filters, s.collapse]);

  // ------------------------------------------------------------------ routing

  let shownSearchKey = null;
  let shownFacetKey = null;
  let lastSearch = null;   // {s, json, facets, documents}

  function route() {
    const s = readUrl();
    $("#q").value = s.q;
    $("#sort").value = s.sort;
    renderActiveFilters(s);
    if (searchKey(s) !== shownSearchKey) runSearch(s);
    if (s.doc) docView.open(s.doc, s.page, s.q, s.filters);
    else docView.close();
  }

  // ------------------------------------------------------------------ search

  let searchAbort = null;

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
      reportError(e);
      return;
    }
    if (ctrl !== searchAbort) return;
    document.body.classList.remove("busy");
    const facets = sameFacets ? lastSearch.facets : (json.facets || {});
    // With facets=0 the server counts documents as stories (see the report): keep the
    // count the full answer gave.
    const documents = sameFacets ? lastSearch.documents : json.documents;
    lastSearch = { s, json, facets, documents, ms: performance.now() - started };
    for (const h of json.hits || []) {
      for (const e of h.entities || []) rememberEntity(e.id, e.text, e.type);
    }
    renderActiveFilters(s);
    renderResults();
    selection.reset();
    if (!sameFacets) {
      shownFacetKey = facetKey(s);
      // Facets are drawn after the hits have been painted, so they never hold them up.
      requestAnimationFrame(() => setTimeout(() => {
        if (lastSearch && lastSearch.json === json) renderFacets();
      }, 0));
    }
  }

  function renderResults() {
    if (!lastSearch) return;
    const { s, json, documents } = lastSearch;
    const total = json.total || 0;
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

  function docHref(id, page) {
    return urlFor(Object.assign(readUrl(), { doc: id, page: page || 0 }));
  }

  // Opens a document from a link unless the user asked for a new tab.
  function linkOpensDoc(a, id, page) {
    a.addEventListener("click", (ev) => {
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      ev.stopPropagation();
      navigate({ doc: id, page: page || 0 });
    });
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

  function entityChip(e) {
    const type = e.type || entityType(e.id);
    const b = el("button", { type: "button", class: "entity-chip", "data-entity": e.id, "data-type": type,
      title: t("hit.entity_title", { text: e.text || e.id, type: entityTypeName(type) }) },
    el("span", { class: "chip-type" }, entityTypeName(type)), " ",
    el("span", { class: "chip-text" }, e.text || entityValue(e.id)));
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

  function renderActiveFilters(s) {
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

  // ------------------------------------------------------------------ facets

  const FACETS = [
    { name: "lang", filter: (v) => "lang:" + v, label: (v) => langName(v) },
    { name: "type", filter: (v) => "type:" + v },
    { name: "site", filter: (v) => "site:" + v },
    { name: "source", filter: (v) => "source:" + v },
    { name: "year", filter: (v) => "date:" + v + "-01-01.." + v + "-12-31", order: "key-desc" },
    // No filter for entity types in the query language: counts only.
    { name: "entity_type", label: (v) => entityTypeName(v) },
    { name: "entity", filter: (v) => "entity:" + v, label: (v) => entityLabel(v), top: FACET_TOP,
      type: (v) => entityTypeName(entityType(v)) },
  ];
  const expandedFacets = new Set();

  function renderFacets() {
    const aside = clear($("#facets"));
    if (!lastSearch) return;
    const { s, facets } = lastSearch;
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
          renderFacets();
        });
        group.appendChild(more);
      }
      aside.appendChild(group);
    }
    renderHistogram($("#histogram"), facets.month || {}, true);
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
  function renderHistogram(box, counts, selectable) {
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

  // ------------------------------------------------------------------ selection (j/k)

  const selection = {
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

  // ------------------------------------------------------------------ document view

  const enc = new TextEncoder();
  const dec = new TextDecoder("utf-8");

  const docView = {
    id: "",          // the id asked for (maybe a prefix)
    doc: null,
    q: "",
    matches: [],
    truncated: false,
    page: 0,         // 1-based page shown, 0 for a document without pages
    current: -1,     // index into matches
    abort: null,
    lastFocus: null,

    panel() { return $("#doc-view"); },

    pageCount() {
      const d = this.doc;
      return d && d.pages && d.pages.length ? d.pages.length : 0;
    },

    pageText(p) {
      const d = this.doc;
      if (!d) return "";
      return p > 0 && d.pages && d.pages.length ? d.pages[p - 1] || "" : d.text || "";
    },

    async open(id, page, q, filters) {
      const panel = this.panel();
      const key = JSON.stringify([q, filters]);
      if (this.doc && id === this.id && key === this.key) {
        if (page > 0 && page !== this.page && page <= this.pageCount()) this.showPage(page, true);
        if (panel.hidden) { panel.hidden = false; document.body.classList.add("doc-open"); }
        return;
      }
      if (this.abort) this.abort.abort();
      const ctrl = new AbortController();
      this.abort = ctrl;
      this.id = id; this.q = q; this.key = key; this.doc = null; this.matches = []; this.current = -1;
      const entityIds = queryEntityIds(q, filters);
      if (panel.hidden) this.lastFocus = document.activeElement;
      panel.hidden = false;
      document.body.classList.add("doc-open");
      clear(panel).appendChild(this.toolbar(null));
      panel.appendChild(el("p", { class: "muted loading" }, t("loading.doc")));
      const wantMatches = q.trim() !== "" && !onlyEntityTerms(q);
      let doc;
      let found = { matches: [] };
      try {
        const [d, m] = await Promise.all([
          api("/api/doc/" + encodeURIComponent(id), ctrl.signal),
          wantMatches
            ? api("/api/doc/" + encodeURIComponent(id) + "/search?q=" + encodeURIComponent(q), ctrl.signal)
              .catch((e) => { if (e.name === "AbortError") throw e; reportError(e); return { matches: [] }; })
            : Promise.resolve({ matches: [] }),
        ]);
        doc = d; found = m;
      } catch (e) {
        if (e.name === "AbortError" || ctrl !== this.abort) return;
        clear(panel).appendChild(this.toolbar(null));
        panel.appendChild(el("p", { class: "error-text" }, e.message));
        reportError(e);
        this.id = "";
        return;
      }
      if (ctrl !== this.abort) return;
      this.doc = doc;
      this.matches = mergeMatches(found.matches || [], entityMatches(doc, entityIds));
      this.truncated = !!found.truncated;
      for (const e of doc.entities || []) rememberEntity(e.id, e.text, e.type);
      this.render();
      let p = 0;
      if (this.pageCount()) {
        p = page > 0 && page <= this.pageCount() ? page : 0;
        if (!p) p = this.matches.length ? Math.max(1, this.matches[0].page) : 1;
      }
      this.showPage(p, true);
      panel.focus({ preventScroll: true });
    },

    close() {
      if (this.abort) { this.abort.abort(); this.abort = null; }
      const panel = this.panel();
      if (panel.hidden) return;
      panel.hidden = true;
      document.body.classList.remove("doc-open");
      clear(panel);
      this.id = ""; this.doc = null;
      const back = this.lastFocus;
      this.lastFocus = null;
      if (back && document.contains(back) && back !== document.body) back.focus({ preventScroll: true });
    },

    toolbar(doc) {
      const bar = el("div", { class: "doc-toolbar" });
      const back = el("button", { type: "button", id: "doc-close" }, "← " + t("doc.back"));
      back.addEventListener("click", () => navigate({ doc: "", page: 0 }));
      bar.appendChild(back);
      if (!doc) return bar;
      const orig = el("a", { id: "doc-original", href: "/api/doc/" + doc.id + "/original", target: "_blank",
        rel: "noopener noreferrer", title: t("doc.original_title") }, t("doc.original") + " ↗");
      orig.addEventListener("click", (ev) => openOriginal(ev, doc));
      bar.appendChild(orig);
      const copy = el("button", { type: "button", id: "copy-citation" }, t("doc.copy"));
      copy.addEventListener("click", () => this.copyCitation());
      bar.appendChild(copy);
      bar.appendChild(el("span", { id: "copy-feedback", role: "status", "aria-live": "polite" }));
      return bar;
    },

    render() {
      const d = this.doc;
      const panel = clear(this.panel());
      panel.appendChild(this.toolbar(d));
      const title = d.title || (d.locations && d.locations[0] && d.locations[0].uri) || d.id;
      panel.appendChild(el("h2", { id: "doc-title", class: d.title ? "" : "untitled" }, title));
      if (d.current === false) panel.appendChild(el("p", { class: "badge old block" }, t("doc.old")));
      panel.appendChild(this.metaList(d));

      // Matches and pages.
      const nav = el("div", { id: "doc-nav" });
      const matchBox = el("div", { id: "doc-matches" });
      const prev = el("button", { type: "button", id: "match-prev", title: t("doc.match_prev"), "aria-label": t("doc.match_prev") }, "▲");
      const next = el("button", { type: "button", id: "match-next", title: t("doc.match_next"), "aria-label": t("doc.match_next") }, "▼");
      prev.addEventListener("click", () => this.step(-1));
      next.addEventListener("click", () => this.step(1));
      const counter = el("span", { id: "match-counter", "aria-live": "polite" });
      matchBox.append(prev, counter, next);
      if (!this.q.trim() && !this.matches.length) matchBox.hidden = true;
      if (this.truncated) matchBox.appendChild(el("span", { class: "muted" }, " " + t("doc.matches_truncated")));
      nav.appendChild(matchBox);
      const n = this.pageCount();
      if (n) {
        const pager = el("div", { id: "doc-pager" });
        const pp = el("button", { type: "button", id: "page-prev", title: t("doc.prev_page"), "aria-label": t("doc.prev_page") }, "‹");
        const np = el("button", { type: "button", id: "page-next", title: t("doc.next_page"), "aria-label": t("doc.next_page") }, "›");
        const select = el("select", { id: "page-select", "aria-label": t("doc.page") });
        const pagesWithMatches = new Set(this.matches.map((m) => m.page));
        for (let i = 1; i <= n; i++) {
          select.appendChild(el("option", { value: i }, String(i) + (pagesWithMatches.has(i) ? " •" : "")));
        }
        pp.addEventListener("click", () => this.showPage(this.page - 1, true, true));
        np.addEventListener("click", () => this.showPage(this.page + 1, true, true));
        select.addEventListener("change", () => this.showPage(Number(select.value), true, true));
        pager.append(el("span", null, t("doc.page") + " "), pp, select, np, el("span", { id: "page-of" }, " " + t("doc.page_of", { n })));
        nav.appendChild(pager);
      }
      panel.appendChild(nav);
      panel.appendChild(el("pre", { id: "doc-text", lang: d.language && d.language !== "und" ? d.language : null }));
      panel.appendChild(this.entityList(d));
      panel.appendChild(renderProvenance(d));
    },

    metaList(d) {
      const dl = el("dl", { id: "doc-meta", class: "meta" });
      const row = (key, value) => {
        if (value === undefined || value === null || value === "") return;
        dl.appendChild(el("dt", null, t(key)));
        dl.appendChild(el("dd", null, value));
      };
      const loc = d.locations && d.locations[0];
      row("meta.location", loc ? loc.uri : "");
      row("meta.date", d.date);
      row("meta.language", d.language ? langName(d.language) : "");
      row("meta.type", d.mime);
      row("meta.size", typeof d.size === "number" ? t("meta.bytes", { n: d.size }) : "");
      row("meta.encoding", d.encoding);
      row("meta.pages", d.page_count ? fmtNumber(d.page_count) : "");
      if (d.ocr && typeof d.ocr === "object" && (d.ocr.pages || d.ocr.mean_confidence !== undefined)) {
        row("meta.ocr", t("meta.ocr_value", { languages: d.ocr.languages || "", c: String(Math.round((d.ocr.mean_confidence || 0) * 10) / 10) }));
      }
      if (d.cluster) {
        const b = el("button", { type: "button", class: "link-button", "data-cluster": d.cluster }, d.cluster);
        b.addEventListener("click", () => searchWith({ q: "", filters: ["cluster:" + d.cluster], collapse: 0 }));
        row("meta.cluster", b);
      }
      const md = d.metadata && typeof d.metadata === "object" ? Object.entries(d.metadata) : [];
      if (md.length) {
        const inner = el("dl", { class: "metadata" });
        for (const [k, v] of md) {
          inner.appendChild(el("dt", null, k));
          inner.appendChild(el("dd", null, typeof v === "string" ? v : JSON.stringify(v)));
        }
        dl.appendChild(el("dt", null, t("meta.metadata")));
        dl.appendChild(el("dd", null, el("details", null, el("summary", null, String(md.length)), inner)));
      }
      return dl;
    },

    entityList(d) {
      const box = el("section", { id: "doc-entities" }, el("h3", null, t("doc.entities")));
      const byId = new Map();
      for (const e of d.entities || []) {
        const k = byId.get(e.id);
        if (k) k.count++;
        else byId.set(e.id, { id: e.id, type: e.type || entityType(e.id), text: e.text || entityValue(e.id), count: 1 });
      }
      const list = Array.from(byId.values()).sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
      if (!list.length) { box.appendChild(el("p", { class: "muted" }, t("doc.no_entities"))); return box; }
      const ul = el("ul", { class: "doc-entity-list" });
      for (const e of list) {
        const name = el("button", { type: "button", class: "entity-chip", "data-entity": e.id, "data-type": e.type,
          title: t("doc.filter_entity_title", { text: e.text }) },
        el("span", { class: "chip-type" }, entityTypeName(e.type)), " ", el("span", { class: "chip-text" }, e.text));
        if (e.count > 1) name.appendChild(el("span", { class: "chip-count" }, "×" + e.count));
        name.addEventListener("click", () => { addFilter("entity:" + e.id); });
        const corr = el("button", { type: "button", class: "link-button entity-corroborate", "data-entity": e.id,
          title: t("doc.corroborate_entity_title", { text: e.text }) }, t("doc.corroborate_entity"));
        corr.addEventListener("click", () => {
          navigate({ doc: "", page: 0 });
          corroboration.run("entity:" + e.id, [], e.text);
        });
        ul.appendChild(el("li", null, name, " ", corr));
      }
      box.appendChild(ul);
      return box;
    },

    // Draws page p (0: the whole text) with the query's matches marked.
    showPage(p, focusFirst, userAction) {
      const n = this.pageCount();
      if (n) p = Math.max(1, Math.min(n, p || 1)); else p = 0;
      this.page = p;
      const pre = $("#doc-text");
      if (!pre) return;
      clear(pre);
      const text = this.pageText(p);
      const onPage = [];
      this.matches.forEach((m, i) => { if (!n || m.page === p) onPage.push(i); });
      if (!text) pre.appendChild(el("span", { class: "muted" }, t("doc.empty")));
      else if (!onPage.length) pre.textContent = text;
      else {
        // offset/length are UTF-8 bytes into this page's text (docs/api.md).
        const bytes = enc.encode(text);
        let at = 0;
        for (const i of onPage) {
          const m = this.matches[i];
          const start = Math.max(at, Math.min(bytes.length, m.offset));
          const end = Math.min(bytes.length, m.offset + m.length);
          if (end <= start) continue;  // overlapping or out of range
          if (start > at) pre.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, start))));
          pre.appendChild(el("mark", { class: "match", "data-match": i }, dec.decode(bytes.subarray(start, end))));
          at = end;
        }
        if (at < bytes.length) pre.appendChild(document.createTextNode(dec.decode(bytes.subarray(at))));
      }
      const select = $("#page-select");
      if (select) select.value = String(p);
      if ($("#page-prev")) $("#page-prev").disabled = p <= 1;
      if ($("#page-next")) $("#page-next").disabled = p >= n;
      if (focusFirst && onPage.length && (this.current < 0 || this.matchPage(this.current) !== p)) {
        this.current = onPage[0];
      }
      this.highlight(focusFirst && !userAction);
      if (userAction) pre.scrollIntoView({ block: "start" });
      if (n) {
        const s = readUrl();
        if (s.doc && s.page !== p) history.replaceState(null, "", urlFor(Object.assign(s, { page: p })));
      }
    },

    matchPage(i) { return this.pageCount() ? this.matches[i].page : 0; },

    highlight(scroll) {
      const counter = $("#match-counter");
      const n = this.matches.length;
      if (counter) {
        counter.dataset.index = String(this.current < 0 ? 0 : this.current + 1);
        counter.dataset.total = String(n);
        counter.dataset.page = String(this.page);
        if (!n) counter.textContent = t("doc.no_matches");
        else if (this.current < 0) counter.textContent = t("doc.match_none_here", { n });
        else counter.textContent = t("doc.match_counter", { i: this.current + 1, n });
      }
      if ($("#match-prev")) $("#match-prev").disabled = n === 0;
      if ($("#match-next")) $("#match-next").disabled = n === 0;
      for (const m of document.querySelectorAll("#doc-text mark.current")) m.classList.remove("current");
      const mark = this.current >= 0 ? $('#doc-text mark[data-match="' + this.current + '"]') : null;
      if (mark) {
        mark.classList.add("current");
        // "nearest" with the marks' scroll-margin keeps them clear of the sticky bars.
        if (scroll) mark.scrollIntoView({ block: "nearest" });
      }
    },

    step(d) {
      const n = this.matches.length;
      if (!n || !this.doc) return;
      const i = this.current < 0 ? (d > 0 ? 0 : n - 1) : (this.current + d + n) % n;
      this.current = i;
      const p = this.matchPage(i);
      if (p !== this.page) this.showPage(p, false);
      this.highlight(true);
    },

    citation() {
      const d = this.doc;
      const loc = (d.locations && d.locations[0]) || {};
      const where = loc.uri || "";
      const host = hostOf(where);
      const lines = [];
      lines.push(d.title || where || d.id);
      const source = [host, loc.source].filter(Boolean).join(" · ");
      if (source) lines.push(t("cite.source") + ": " + source);
      if (where) lines.push((isWebUri(where) ? t("cite.url") : t("cite.path")) + ": " + where +
        (loc.inner_path ? " → " + loc.inner_path : ""));
      if (d.date) lines.push(t("cite.date") + ": " + d.date);
      const fetched = loc.seen_at || (d.provenance && (d.provenance.seen_at || d.provenance.fetched_at));
      if (fetched) lines.push(t("cite.fetched") + ": " + fetched);
      lines.push(t("cite.sha") + ": " + d.id);
      if (this.pageCount()) lines.push(t("cite.page") + ": " + t("cite.page_value", { p: this.page, n: this.pageCount() }));
      return lines.join("\n");
    },

    async copyCitation() {
      if (!this.doc) return;
      const text = this.citation();
      const feedback = $("#copy-feedback");
      let ok = false;
      try {
        if (navigator.clipboard && navigator.clipboard.writeText) {
          await navigator.clipboard.writeText(text);
          ok = true;
        }
      } catch (e) { ok = false; }
      if (!ok) ok = copyWithTextarea(text);
      if (feedback) {
        feedback.textContent = ok ? t("doc.copied") : t("doc.copy_failed");
        feedback.className = ok ? "ok" : "error-text";
        clearTimeout(this.feedbackTimer);
        this.feedbackTimer = setTimeout(() => { if (feedback.isConnected) feedback.textContent = ""; }, 2500);
      }
    },
  };

  // The entity ids a search names directly: entity: filters and terms such as imo:8716344
  // (canonical ids, core/entity_id.h), lower-cased. Names (vessel:"…") are resolved by the
  // server through the lists, which the page cannot repeat.
  function queryEntityIds(q, filters) {
    const ids = new Set();
    for (const f of filters || []) if (f.startsWith("entity:")) ids.add(f.slice(7).toLowerCase());
    for (const tok of String(q || "").split(/\s+/)) {
      const m = /^(?:entity:)?((?:imo|mmsi|unscr|hs|callsign):[^\s"()]+)$/i.exec(tok);
      if (m) ids.add(m[1].toLowerCase());
    }
    return ids;
  }

  function onlyEntityTerms(q) {
    const toks = String(q || "").trim().split(/\s+/).filter(Boolean);
    return toks.length > 0 && toks.every((tok) => /^(?:entity:)?(?:imo|mmsi|unscr|hs|callsign):[^\s"()]+$/i.test(tok));
  }

  // The document's mentions of those entities as matches (page, byte offset in the page,
  // length): the in-document search finds no matches for entity terms, but every entity
  // carries its byte span in `text`, whose pages are separated by form feeds.
  function entityMatches(doc, ids) {
    if (!ids.size || !doc.entities || !doc.entities.length) return [];
    const paged = doc.pages && doc.pages.length > 0;
    const starts = [0];
    if (paged) {
      const bytes = enc.encode(doc.text || "");
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0c) starts.push(i + 1);
    }
    const out = [];
    for (const e of doc.entities) {
      if (!ids.has(String(e.id).toLowerCase()) || !(e.end > e.start)) continue;
      let k = 0;
      while (k + 1 < starts.length && starts[k + 1] <= e.start) k++;
      out.push({ page: paged ? k + 1 : 0, offset: e.start - starts[k], length: e.end - e.start, entity: e.id });
    }
    return out;
  }

  function mergeMatches(a, b) {
    const all = a.concat(b).sort((x, y) => (x.page - y.page) || (x.offset - y.offset) || (y.length - x.length));
    const out = [];
    for (const m of all) {
      const last = out[out.length - 1];
      if (last && last.page === m.page && m.offset < last.offset + last.length) continue;  // overlaps
      out.push(m);
    }
    return out;
  }

  function copyWithTextarea(text) {
    const ta = el("textarea", { readonly: true, class: "offscreen", "aria-hidden": "true" });
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
    return ok;
  }

  // With a token the original needs the Authorization header, which a plain link cannot
  // send: fetch it and hand the bytes over as a download (never rendered as our page).
  async function openOriginal(ev, doc) {
    let token = null;
    try { token = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* none */ }
    if (!token) return;  // the link works as it is
    ev.preventDefault();
    try {
      const r = await fetch("/api/doc/" + doc.id + "/original", { headers: authHeaders() });
      if (r.status === 401) { askToken(); return; }
      if (!r.ok) throw new ApiError(r.status, t("error.http", { status: String(r.status), msg: r.statusText }));
      const blob = await r.blob();
      const url = URL.createObjectURL(new Blob([blob], { type: "application/octet-stream" }));
      const loc = (doc.locations && doc.locations[0]) || {};
      const name = (loc.inner_path || loc.uri || doc.id).split(/[\\/]/).filter(Boolean).pop() || doc.id;
      const a = el("a", { href: url, download: name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) { reportError(e); }
  }

  // ------------------------------------------------------------------ provenance

  function docLink(id, label) {
    const a = el("a", { href: docHref(id, 0), class: "doc-link", "data-id": id }, label || id);
    linkOpensDoc(a, id, 0);
    return a;
  }

  function renderProvenance(d) {
    const box = el("section", { id: "provenance" }, el("h3", null, t("prov.title")));
    const top = el("dl", { class: "meta" });
    top.append(el("dt", null, t("prov.sha")), el("dd", null, el("code", { id: "doc-sha256", class: "sha" }, d.id)));
    if (d.simhash) top.append(el("dt", null, t("prov.simhash")), el("dd", null, el("code", null, d.simhash)));
    box.appendChild(top);

    box.appendChild(el("h4", null, t("prov.locations")));
    const locs = el("ol", { class: "locations" });
    for (const loc of d.locations || []) {
      const dl = el("dl", { class: "meta location" });
      const row = (key, value) => {
        if (value === undefined || value === null || value === "") return;
        dl.append(el("dt", null, t(key)), el("dd", null, value));
      };
      row("prov.uri", el("span", { class: "uri" }, loc.uri || ""));
      row("prov.source", loc.source);
      row("prov.seen_at", loc.seen_at);
      row("prov.modified_at", loc.modified_at);
      row("prov.http_status", loc.http_status ? String(loc.http_status) : "");
      row("prov.ip", loc.ip);
      if (loc.warc_file) row("prov.warc", loc.warc_file + (loc.warc_offset !== undefined ? " @ " + loc.warc_offset : ""));
      row("prov.inner_path", loc.inner_path);
      if (loc.parent_id) row("prov.parent", docLink(loc.parent_id));
      locs.appendChild(el("li", { class: "location-item" }, dl));
    }
    if (!locs.firstChild) locs.appendChild(el("li", { class: "muted" }, t("prov.none")));
    box.appendChild(locs);

    if (d.parents && d.parents.length) {
      box.appendChild(el("h4", null, t("prov.parents")));
      const ol = el("ol", { class: "parents" });
      for (const p of d.parents) {
        ol.appendChild(el("li", null, docLink(p.id, p.title || p.uri || p.id),
          p.uri && p.title ? el("span", { class: "muted" }, " " + p.uri) : null));
      }
      box.appendChild(ol);
    }
    if (d.children && d.children.length) {
      box.appendChild(el("h4", null, t("prov.children")));
      const ul = el("ul", { class: "children" });
      for (const c of d.children) {
        ul.appendChild(el("li", null, docLink(c.id, c.inner_path || c.title || c.id),
          c.title && c.inner_path ? el("span", null, " — " + c.title) : null,
          c.mime ? el("span", { class: "muted" }, " (" + c.mime + ")") : null));
      }
      box.appendChild(ul);
    }
    if (d.history && d.history.length) {
      box.appendChild(el("h4", null, t("prov.history")));
      const ul = el("ul", { class: "history" });
      for (const h of d.history) {
        const versions = el("ol", { class: "versions" });
        for (const v of h.versions || []) {
          const label = t("prov.version", { first: v.first_seen || "?", last: v.last_seen || "?" });
          const item = el("li", { "data-id": v.id || "" });
          if (v.id && v.id !== d.id) item.appendChild(docLink(v.id, label));
          else item.appendChild(el("span", null, label, " (" + t("prov.this") + ")"));
          if (v.current) item.appendChild(el("span", { class: "badge" }, t("prov.current")));
          versions.appendChild(item);
        }
        ul.appendChild(el("li", null, el("span", { class: "uri" }, h.uri || ""), " ",
          el("span", { class: "muted" }, t("prov.state", { state: h.state || "?" })), versions));
      }
      box.appendChild(ul);
    }
    return box;
  }

  // ------------------------------------------------------------------ corroboration

  const corroboration = {
    abort: null,
    panel() { return $("#corroboration"); },

    close() {
      if (this.abort) { this.abort.abort(); this.abort = null; }
      const p = this.panel();
      p.hidden = true;
      clear(p);
    },

    async run(q, filters, label) {
      if (this.abort) this.abort.abort();
      const ctrl = new AbortController();
      this.abort = ctrl;
      const panel = clear(this.panel());
      panel.hidden = false;
      const title = [label || q].concat(filters).filter(Boolean).join(" ");
      panel.appendChild(this.head(title));
      panel.appendChild(el("p", { class: "muted" }, t("corr.loading")));
      panel.scrollIntoView({ block: "start" });
      const p = new URLSearchParams();
      p.set("q", q);
      for (const f of filters) p.append("filter", f);
      let json;
      try {
        json = await api("/api/corroborate?" + p.toString(), ctrl.signal);
      } catch (e) {
        if (e.name === "AbortError" || ctrl !== this.abort) return;
        clear(panel).appendChild(this.head(title));
        panel.appendChild(el("p", { class: "error-text" }, e.message));
        reportError(e);
        return;
      }
      if (ctrl !== this.abort) return;
      this.render(json, title);
    },

    head(title) {
      const close = el("button", { type: "button", id: "corr-close", class: "close", "aria-label": t("corr.close"), title: t("corr.close") }, "×");
      close.addEventListener("click", () => this.close());
      return el("div", { class: "panel-head" }, el("h2", { id: "corr-title" }, t("corr.title", { q: title })), close);
    },

    render(j, title) {
      const panel = clear(this.panel());
      panel.appendChild(this.head(title));
      if (!j.documents) { panel.appendChild(el("p", null, t("corr.none"))); return; }
      const stats = el("dl", { class: "corr-stats" });
      const stat = (key, value, id) => stats.append(el("div", { class: "stat" },
        el("dt", null, t(key)), el("dd", id ? { id } : null, value)));
      stat("corr.documents", fmtNumber(j.documents), "corr-documents");
      stat("corr.independent", fmtNumber(j.independent_sources), "corr-independent");
      stat("corr.first_seen", j.first_seen || "–", "corr-first-seen");
      stat("corr.last_seen", j.last_seen || "–", "corr-last-seen");
      const langs = Object.entries(j.languages || {}).sort((a, b) => b[1] - a[1])
        .map(([l, n]) => langName(l) + " " + fmtNumber(n)).join(", ");
      stat("corr.languages", langs || "–", "corr-languages");
      panel.appendChild(stats);
      if (j.truncated) panel.appendChild(el("p", { class: "muted" }, t("corr.truncated")));

      const timeline = el("div", { id: "corr-timeline", class: "histogram" });
      renderHistogram(timeline, j.timeline || {}, false);
      panel.appendChild(timeline);

      const cols = el("div", { class: "corr-columns" });
      const clusters = el("section", { class: "corr-clusters" }, el("h3", null, t("corr.clusters")));
      const ol = el("ol", { id: "corr-cluster-list" });
      for (const c of j.clusters || []) {
        const li = el("li", { class: "corr-cluster", "data-cluster": c.cluster });
        li.appendChild(el("div", { class: "corr-cluster-head" },
          el("strong", null, t("corr.cluster_head", { first: c.first_seen || "?", n: c.copies || 0 })),
          (c.languages || []).length ? el("span", { class: "muted" }, " · " + c.languages.map(langName).join(", ")) : null,
          (c.sites || []).length ? el("span", { class: "muted" }, " · " + c.sites.join(", ")) : null));
        const docs = el("ul", { class: "corr-docs" });
        for (const d of c.documents || []) {
          docs.appendChild(el("li", null, docLink(d.id, d.title || d.location || d.id),
            el("span", { class: "muted" }, " " + [d.site, d.date, d.lang].filter(Boolean).join(" · "))));
        }
        li.appendChild(docs);
        ol.appendChild(li);
      }
      clusters.appendChild(ol);
      cols.appendChild(clusters);

      const ents = el("section", { class: "corr-entities" }, el("h3", null, t("corr.entities")));
      const ul = el("ul", { id: "corr-entity-list" });
      for (const e of (j.entities || []).slice(0, 30)) {
        const b = el("button", { type: "button", class: "entity-chip", "data-entity": e.id, "data-type": entityType(e.id) },
          el("span", { class: "chip-type" }, entityTypeName(entityType(e.id))), " ",
          el("span", { class: "chip-text" }, entityLabel(e.id)));
        b.addEventListener("click", () => addFilter("entity:" + e.id));
        ul.appendChild(el("li", null, b, " ", el("span", { class: "muted" }, t("corr.sources", { n: e.count }))));
      }
      ents.appendChild(ul);
      cols.appendChild(ents);
      panel.appendChild(cols);
    },
  };

  // ------------------------------------------------------------------ keyboard

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  }

  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (ev.key === "Escape") {
      const help = $("#syntax-help");
      if (!help.hidden) { toggleSyntax(false); ev.preventDefault(); return; }
      if (isTyping(ev.target)) { ev.target.blur(); return; }
      if (!$("#doc-view").hidden) { navigate({ doc: "", page: 0 }); ev.preventDefault(); return; }
      if (!$("#corroboration").hidden) { corroboration.close(); ev.preventDefault(); }
      return;
    }
    if (isTyping(ev.target)) return;
    const docOpen = !$("#doc-view").hidden;
    switch (ev.key) {
      case "/":
        ev.preventDefault();
        $("#q").focus();
        $("#q").select();
        break;
      case "j": ev.preventDefault(); selection.move(1); break;
      case "k": ev.preventDefault(); selection.move(-1); break;
      case "n": if (docOpen) { ev.preventDefault(); docView.step(1); } break;
      case "p": if (docOpen) { ev.preventDefault(); docView.step(-1); } break;
      case "Enter":
        if (ev.target.closest && ev.target.closest("a, button")) return;  // they act themselves
        if (selection.index >= 0) { ev.preventDefault(); selection.open(); }
        break;
      default:
    }
  }

  function toggleSyntax(show) {
    const help = $("#syntax-help");
    const btn = $("#syntax-toggle");
    help.hidden = show === undefined ? !help.hidden : !show;
    btn.setAttribute("aria-expanded", help.hidden ? "false" : "true");
  }

  // ------------------------------------------------------------------ start

  function rerenderAll() {
    I.apply(document);
    renderActiveFilters(readUrl());
    renderResults();
    renderFacets();
    if (selection.index >= 0) selection.set(selection.index);
    if (docView.doc) {
      const keepPage = docView.page;
      const keepCurrent = docView.current;
      docView.render();
      docView.current = keepCurrent;
      docView.showPage(keepPage, false);
    }
  }

  function start() {
    I.setLang(I.detect(), false);
    $("#lang-switch").value = I.lang;
    $("#lang-switch").addEventListener("change", (ev) => {
      I.setLang(ev.target.value, true);
      rerenderAll();
    });

    $("#search-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      toggleSyntax(false);
      corroboration.close();
      const q = $("#q").value.trim();
      const s = readUrl();
      if (q === s.q && !s.doc && s.offset === 0) {
        shownSearchKey = null; // the same search again: run it (new documents, a retry)
        shownFacetKey = null;
      }
      searchWith({ q });
    });
    $("#sort").addEventListener("change", (ev) => searchWith({ sort: ev.target.value }));
    $("#syntax-toggle").addEventListener("click", () => toggleSyntax());
    document.addEventListener("click", (ev) => {
      const help = $("#syntax-help");
      if (!help.hidden && !ev.target.closest("#syntax-help, #syntax-toggle")) toggleSyntax(false);
    });
    $("#messages").addEventListener("click", (ev) => {
      const b = ev.target.closest(".message-dismiss");
      if (b) b.parentElement.remove();
    });
    $("#corroborate").addEventListener("click", () => {
      const s = readUrl();
      corroboration.run(s.q, s.filters, s.q);
    });
    $("#token-prompt").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const token = $("#token-input").value.trim();
      if (!token) return;
      try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* kept nowhere */ }
      $("#token-prompt").hidden = true;
      clearErrors();
      shownSearchKey = null;
      shownFacetKey = null;
      docView.id = "";
      docView.doc = null;
      route();
    });
    document.addEventListener("keydown", onKey);
    window.addEventListener("popstate", route);
    route();
  }

  start();
})();
