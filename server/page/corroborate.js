// Corroboration: the documents of a search or an entity grouped by story, so that copies
// of one story count as one source (/api/corroborate).

import { t } from "./i18n.js";
import { $, el, clear, fmtNumber, langName, entityTypeName, entityType, markBusy,
  markRendered } from "./util.js";
import { api, reportError } from "./api.js";
import { addFilter, entityLabel, docViewKey } from "./state.js";
import { renderHistogram } from "./facets.js";
import { docLink } from "./provenance.js";

export const corroboration = {
  abort: null,
  panel() { return $("#corroboration"); },

  close() {
    if (this.abort) { this.abort.abort(); this.abort = null; }
    const p = this.panel();
    p.hidden = true;
    clear(p);
    p.removeAttribute("aria-busy");
    delete p.dataset.search;
  },

  async run(q, filters, label) {
    if (this.abort) this.abort.abort();
    const ctrl = new AbortController();
    this.abort = ctrl;
    const panel = clear(this.panel());
    panel.hidden = false;
    markBusy(panel);
    const key = docViewKey(q, filters);
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
      markRendered(panel, key, { status: "error" });
      reportError(e);
      return;
    }
    if (ctrl !== this.abort) return;
    this.render(json, title);
    markRendered(panel, key, { status: "ok" });
  },

  head(title) {
    const close = el("button", { type: "button", id: "corr-close", class: "close", "aria-label": t("corr.close"), title: t("corr.close") }, "×");
    close.addEventListener("click", () => this.close());
    return el("div", { class: "panel-head" }, el("h2", { id: "corr-title" }, t("corr.title", { q: title })), close);
  },

  // The entities are named as the searches named them (the answer has ids only).
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
