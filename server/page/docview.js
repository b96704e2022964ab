// The document view: metadata, the text page by page with the query's matches marked
// (the service finds them, entity mentions included: /api/doc/{id}/search), the
// entities, the provenance panel, the citation and the original.

import { t } from "./i18n.js";
import { $, el, clear, fmtNumber, langName, entityTypeName, entityType, entityValue, isWebUri,
  copyWithTextarea, markBusy, markRendered } from "./util.js";
import { api, fetchOriginal, reportError, token } from "./api.js";
import { readUrl, urlFor, navigate, searchWith, addFilter, docViewKey } from "./state.js";
import { renderProvenance } from "./provenance.js";
import { corroboration } from "./corroborate.js";

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8");

// E-mail: a message, an Outlook .msg, an mbox (its messages are its children).
export function isMail(d) {
  const t = d.mime || "";
  return t.startsWith("message/") || t === "application/vnd.ms-outlook" || t === "application/mbox" ||
    Boolean(d.metadata && d.metadata.message_id);
}

export const docView = {
  id: "",          // the id asked for (maybe a prefix)
  doc: null,
  q: "",
  matches: [],
  truncated: false,
  page: 0,         // 1-based page shown, 0 for a document without pages
  current: -1,     // index into matches
  abort: null,
  lastFocus: null,
  original: null,  // {id, url}: the original's bytes as a blob: URL (with a token)

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
    this.dropOriginal();
    if (panel.hidden) this.lastFocus = document.activeElement;
    panel.hidden = false;
    document.body.classList.add("doc-open");
    markBusy(panel);
    clear(panel).appendChild(this.toolbar(null));
    panel.appendChild(el("p", { class: "muted loading" }, t("loading.doc")));
    const mq = matchQuery(q, filters);
    const wantMatches = mq !== "";
    let doc;
    let found = { matches: [] };
    try {
      const [d, m] = await Promise.all([
        api("/api/doc/" + encodeURIComponent(id), ctrl.signal),
        wantMatches
          ? api("/api/doc/" + encodeURIComponent(id) + "/search?q=" + encodeURIComponent(mq), ctrl.signal)
            .catch((e) => { if (e.name === "AbortError") throw e; reportError(e); return { matches: [] }; })
          : Promise.resolve({ matches: [] }),
      ]);
      doc = d; found = m;
    } catch (e) {
      if (e.name === "AbortError" || ctrl !== this.abort) return;
      clear(panel).appendChild(this.toolbar(null));
      panel.appendChild(el("p", { class: "error-text" }, e.message));
      markRendered(panel, docViewKey(q, filters), { doc: id, status: "error" });
      reportError(e);
      this.id = "";
      return;
    }
    if (ctrl !== this.abort) return;
    this.doc = doc;
    this.matches = found.matches || [];
    this.truncated = !!found.truncated;
    this.render();
    let p = 0;
    if (this.pageCount()) {
      p = page > 0 && page <= this.pageCount() ? page : 0;
      if (!p) p = this.matches.length ? Math.max(1, this.matches[0].page) : 1;
    }
    this.showPage(p, true);
    markRendered(panel, docViewKey(q, filters), { doc: id, status: "ok" });
    panel.focus({ preventScroll: true });
  },

  close() {
    if (this.abort) { this.abort.abort(); this.abort = null; }
    const panel = this.panel();
    if (panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove("doc-open");
    clear(panel);
    panel.removeAttribute("aria-busy");
    delete panel.dataset.search;
    delete panel.dataset.doc;
    this.id = ""; this.doc = null;
    this.dropOriginal();
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
    const fetched = this.original && this.original.id === doc.id ? this.original.url : "";
    const orig = el("a", { id: "doc-original", href: fetched || "/api/doc/" + doc.id + "/original", target: "_blank",
      rel: "noopener noreferrer", title: t("doc.original_title") }, t("doc.original") + " ↗");
    orig.addEventListener("click", (ev) => this.openOriginal(ev, orig));
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
    // an e-mail's headers first, as a mail reader shows them
    const m = d.metadata && typeof d.metadata === "object" ? d.metadata : {};
    if (isMail(d)) {
      row("mail.from", m.from);
      row("mail.to", m.to);
      row("mail.cc", m.cc);
      row("mail.subject", m.subject || d.title);
      row("mail.attachments", m.attachments);
    }
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
    const lines = [];
    lines.push(d.title || where || d.id);
    // site: the host of the document's first web location (docs/api.md)
    const source = [d.site, loc.source].filter(Boolean).join(" · ");
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

  // With a token the original needs the Authorization header, which a plain link cannot
  // send: fetch the bytes and open them in a new tab as a blob: URL of the type the
  // service gave. The link then points at that URL, so a second click (the first one's
  // tab may have been blocked as a pop-up) opens it without fetching again. Without a
  // token the link works as it is. The blob's document gets this page's
  // Content-Security-Policy (no script of the original runs) but not the service's
  // `sandbox`; it is opened with noopener (no handle on this page, no copy of its token).
  async openOriginal(ev, link) {
    if (!token()) return;
    const doc = this.doc;
    if (!doc) return;
    if (this.original && this.original.id === doc.id && link.getAttribute("href") === this.original.url) {
      return;  // the bytes are here: the link opens them
    }
    ev.preventDefault();
    let blob;
    try {
      blob = await fetchOriginal(doc.id);
    } catch (e) { reportError(e); return; }
    if (this.doc !== doc) return;  // another document meanwhile
    this.dropOriginal();
    const url = URL.createObjectURL(blob);
    this.original = { id: doc.id, url };
    if (link.isConnected) link.setAttribute("href", url);
    window.open(url, "_blank", "noopener,noreferrer");
  },

  // Frees the blob: URL of the original (another document, the view closed).
  dropOriginal() {
    if (!this.original) return;
    const url = this.original.url;
    this.original = null;
    // later, not now: a tab just opened may still be reading it
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  },
};

// What to find in the document: the query, and the entity ids the search's filters name
// (entity:, imo:, …), whose mentions the service then marks. The document was found
// with those filters, so they hold for it; other filters (lang:, date:, cluster:) would
// mark nothing.
function matchQuery(q, filters) {
  const named = (filters || []).filter((f) => /^(?:entity|imo|mmsi|unscr|hs|callsign):[^\s"()]+$/i.test(f));
  return [String(q || "").trim()].concat(named).filter(Boolean).join(" ");
}
