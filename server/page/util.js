// Small helpers every view uses: building DOM from text, snippets with marks, formatting.
//
// Rules kept here for the whole page (it runs under a strict Content-Security-Policy and
// shows hostile documents):
// - document text of any kind (titles, locations, entity texts, text, snippets) goes into
//   the DOM as text nodes only: el() and markedText() never parse HTML;
// - snippets and match contexts are HTML-escaped text whose only markup is <b>…</b>:
//   markedText() splits on those marks, decodes the entities and builds <mark>s.

import { I18N, t } from "./i18n.js";

export const $ = (sel, root) => (root || document).querySelector(sel);

// el("a", {class: "x", href: "/", dataset: {id: "1"}}, "text", child): builds an
// element. Strings become text nodes; attributes are set with setAttribute, and no
// caller passes an on* attribute or document data as a URL.
export function el(tag, attrs, ...children) {
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

export function append(parent, c) {
  if (c === undefined || c === null || c === false) return;
  if (Array.isArray(c)) { for (const x of c) append(parent, x); return; }
  parent.appendChild(typeof c === "string" || typeof c === "number"
    ? document.createTextNode(String(c)) : c);
}

export function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }

// Marks a view as loading (aria-busy="true") or as showing what it was drawn for:
// aria-busy="false" and data-search, the state it shows (state.js's viewKey). Tests wait
// for the pair rather than for the first element of a list, which may be the last view's.
export function markBusy(e) { e.setAttribute("aria-busy", "true"); }

export function markRendered(e, key, extra) {
  e.dataset.search = key;
  if (extra) Object.assign(e.dataset, extra);
  e.setAttribute("aria-busy", "false");
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };

// The text an HTML-escaped string stands for (the few entities an escaper writes).
export function unescapeHtml(s) {
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
export function markedText(escaped) {
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

export function fmtNumber(n) { return Number(n || 0).toLocaleString(I18N.lang); }

export function langName(code) {
  const key = "lang." + code;
  return I18N.has(key) ? t(key) : code;
}

export function entityTypeName(type) {
  const key = "etype." + type;
  return I18N.has(key) ? t(key) : type;
}

// "imo:8716344" → "imo"; "list:UN:KPi.033" → "list".
export function entityType(id) {
  const i = id.indexOf(":");
  return i > 0 ? id.slice(0, i) : "";
}

export function entityValue(id) {
  const i = id.indexOf(":");
  return i > 0 ? id.slice(i + 1) : id;
}

export function isWebUri(u) { return /^https?:\/\//i.test(u || ""); }

export function endOfMonth(ym) {
  const [y, m] = ym.split("-").map(Number);
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return ym + "-" + String(d).padStart(2, "0");
}

// Copies text where navigator.clipboard is missing or refused.
export function copyWithTextarea(text) {
  const ta = el("textarea", { readonly: true, class: "offscreen", "aria-hidden": "true" });
  ta.value = text;
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
  ta.remove();
  return ok;
}
