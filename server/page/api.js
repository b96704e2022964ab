// Talking to the service (docs/api.md): JSON GETs with the access token, the originals'
// bytes, and the errors shown to the user.

import { t } from "./i18n.js";
import { $, el, clear } from "./util.js";

const TOKEN_KEY = "trawl.token";

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// The access token this tab was given (sessionStorage), or null.
export function token() {
  try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
}

export function setToken(value) {
  try { sessionStorage.setItem(TOKEN_KEY, value); } catch (e) { /* kept nowhere */ }
}

function authHeaders(accept) {
  const headers = { Accept: accept || "application/json" };
  const tok = token();
  if (tok) headers.Authorization = "Bearer " + tok;
  return headers;
}

// GET a JSON route. Throws ApiError (status 0 when the service cannot be reached);
// a 401 also opens the token prompt. An aborted request throws its AbortError.
export async function api(path, signal) {
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

// A document's original bytes as a Blob of the type the service sends them with (the
// route needs the Authorization header when there is a token, which a link cannot send).
// Throws ApiError as api() does.
export async function fetchOriginal(id) {
  let r;
  try {
    r = await fetch("/api/doc/" + encodeURIComponent(id) + "/original",
      { headers: authHeaders("*/*"), credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, t("error.network", { msg: e.message }));
  }
  if (r.status === 401) {
    askToken();
    throw new ApiError(401, t("token.needed"));
  }
  if (!r.ok) {
    let msg = r.statusText;
    try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON */ }
    throw new ApiError(r.status, t("error.http", { status: String(r.status), msg }));
  }
  const type = r.headers.get("Content-Type") || "application/octet-stream";
  return new Blob([await r.arrayBuffer()], { type });
}

// ------------------------------------------------------------------ messages

export function showError(message) {
  const box = $("#messages");
  const item = el("div", { class: "message error" },
    el("span", { class: "message-text" }, message),
    el("button", { type: "button", class: "message-dismiss", "aria-label": t("msg.dismiss"),
      title: t("msg.dismiss") }, "×"));
  box.appendChild(item);
}

export function clearErrors() { clear($("#messages")); }

export function reportError(e) {
  if (e && e.name === "AbortError") return;
  if (e instanceof ApiError && e.status === 401) return;  // the prompt says it
  showError(e && e.message ? e.message : String(e));
}

export function askToken() {
  const form = $("#token-prompt");
  if (!form.hidden) return;
  form.hidden = false;
  $("#token-input").value = "";
  $("#token-input").focus();
}
