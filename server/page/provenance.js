// The provenance panel of the document view: hashes, every location with its fetch
// record, the containers it is inside, what it contains, and its versions.

import { t } from "./i18n.js";
import { el } from "./util.js";
import { docHref, linkOpensDoc } from "./state.js";

// A link that opens document id in the document view.
export function docLink(id, label) {
  const a = el("a", { href: docHref(id, 0), class: "doc-link", "data-id": id }, label || id);
  linkOpensDoc(a, id, 0);
  return a;
}

export function renderProvenance(d) {
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
    const mail = (d.mime || "").startsWith("message/") || d.mime === "application/vnd.ms-outlook";
    box.appendChild(el("h4", null, t(d.mime === "application/mbox" ? "prov.messages" : mail ? "prov.attachments" : "prov.children")));
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
