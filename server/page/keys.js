// The keyboard: / search, j/k move through the hits, Enter opens, n/p step through the
// matches of the open document, Escape closes what is open.

import { $ } from "./util.js";
import { navigate } from "./state.js";
import { selection } from "./search.js";
import { docView } from "./docview.js";
import { corroboration } from "./corroborate.js";

function isTyping(target) {
  if (!target || !target.closest) return false;
  return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
}

export function onKey(ev) {
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

export function toggleSyntax(show) {
  const help = $("#syntax-help");
  const btn = $("#syntax-toggle");
  help.hidden = show === undefined ? !help.hidden : !show;
  btn.setAttribute("aria-expanded", help.hidden ? "false" : "true");
}
