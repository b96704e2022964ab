// The analysts' page: one search, its facets and date histogram, a document view with
// its matches and provenance, and corroboration. The contract with the server is
// docs/api.md.
//
// The page is ES modules (index.html loads this one; CSP script-src 'self' allows them),
// one file per job:
//   util.js        DOM helpers, marked text, formatting; the rules for document text
//   api.js         fetch, the access token, errors and messages
//   state.js       the URL as state, navigation, filters, entity names
//   search.js      results, hits, pager, active filters, the selection
//   facets.js      facets, the date histogram, range selection
//   docview.js     the document view: text, matches, entities, citation, original
//   provenance.js  the provenance panel
//   corroborate.js corroboration
//   keys.js        the keyboard
//   i18n.js        the interface strings
//   app.js         start-up and routing: every view is drawn from the URL by route()
//
// Each view says when it shows a state: aria-busy="false" and data-search (util.js's
// markRendered) on #results, #facets, #doc-view (also data-doc) and #corroboration.

import { I18N } from "./i18n.js";
import { $ } from "./util.js";
import { clearErrors, setToken } from "./api.js";
import { readUrl, setRouter, searchWith } from "./state.js";
import { showSearch, invalidateSearch, rerenderSearch, renderActiveFilters } from "./search.js";
import { docView } from "./docview.js";
import { corroboration } from "./corroborate.js";
import { onKey, toggleSyntax } from "./keys.js";

function route() {
  const s = readUrl();
  $("#q").value = s.q;
  $("#sort").value = s.sort;
  renderActiveFilters(s);
  showSearch(s);
  if (s.doc) docView.open(s.doc, s.page, s.q, s.filters);
  else docView.close();
}

function rerenderAll() {
  I18N.apply(document);
  rerenderSearch();
  if (docView.doc) {
    const keepPage = docView.page;
    const keepCurrent = docView.current;
    docView.render();
    docView.current = keepCurrent;
    docView.showPage(keepPage, false);
  }
}

function start() {
  setRouter(route);
  I18N.setLang(I18N.detect(), false);
  $("#lang-switch").value = I18N.lang;
  $("#lang-switch").addEventListener("change", (ev) => {
    I18N.setLang(ev.target.value, true);
    rerenderAll();
  });

  $("#search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    toggleSyntax(false);
    corroboration.close();
    const q = $("#q").value.trim();
    const s = readUrl();
    // the same search again: run it (new documents, a retry)
    if (q === s.q && !s.doc && s.offset === 0) invalidateSearch();
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
    const value = $("#token-input").value.trim();
    if (!value) return;
    setToken(value);
    $("#token-prompt").hidden = true;
    clearErrors();
    invalidateSearch();
    docView.id = "";
    docView.doc = null;
    route();
  });
  document.addEventListener("keydown", onKey);
  window.addEventListener("popstate", route);
  route();
}

start();
