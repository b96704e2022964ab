// Browser tests of the analysts' page (server/page/) against a running `trawl serve`.
//
//   node tests/browser/page_test.mjs http://127.0.0.1:PORT
//
// The URL also comes from TRAWL_URL. The service must hold the documents that
// tests/browser/run.sh ingests (the samples, scripts/make-syndicated.py's pages and the
// hostile page with <script>/<img onerror> in its text). With TRAWL_TOKEN_URL and
// TRAWL_TEST_TOKEN set (run.sh sets them), the token prompt and the original opened with
// the token are checked against a second service that wants that token.
//
// A check that runs a search or opens a document waits until the view says it shows the
// address bar's state (viewShowsUrl: aria-busy="false" and data-search), never for the
// first .hit, which may still be the last view's.
//
// Drives Debian's Chromium (CHROMIUM, default /usr/bin/chromium) with playwright-core
// from tests/node/. Prints one line per check; exits 1 on the first failure, 2 when
// Chromium or playwright-core is missing.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

function die(message) {
  console.error("page_test: " + message);
  process.exit(2);
}

let chromium;
try {
  const require = createRequire(path.join(here, "..", "node", "package.json"));
  ({ chromium } = require("playwright-core"));
} catch (e) {
  die("playwright-core is not installed (cd tests/node && npm ci --ignore-scripts): " + e.message);
}
if (!existsSync(CHROMIUM)) die(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);

const base = (process.argv[2] || process.env.TRAWL_URL || "").replace(/\/+$/, "");
if (!/^https?:\/\//.test(base)) die("usage: page_test.mjs http://127.0.0.1:PORT (or set TRAWL_URL)");

const TIMEOUT = 10000;
const LAUNCH = {
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update"],
};

// ------------------------------------------------------------------ harness

const browser = await chromium.launch(LAUNCH);
const problems = [];  // page errors, CSP violations and console errors, per page

async function newPage(options = {}) {
  const context = await browser.newContext(Object.assign({
    viewport: { width: 1366, height: 768 },
    locale: "en-US",
  }, options));
  context.setDefaultTimeout(TIMEOUT);
  // Runs before the page's own scripts, outside its CSP: records what the policy blocks.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push("console error: " + m.text());
  });
  return { context, page };
}

async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

// Fails on page errors, console errors and CSP violations seen since the last call.
async function assertClean(page, what) {
  const csp = await cspViolations(page);
  assert.deepEqual(csp, [], `${what}: CSP violations: ${csp.join("; ")}`);
  const seen = problems.splice(0);
  assert.deepEqual(seen, [], `${what}: ${seen.join("; ")}`);
}

const url = (q, more = "") => `${base}/?q=${encodeURIComponent(q)}${more}`;

// Runs in the page: whether the view `sel` has finished drawing the state in the address
// bar. A view marks that with aria-busy="false" and data-search, the URL of its search
// with doc and page left out (server/page/state.js's viewKey; the document view and
// corroboration count q and filters only), and the document view with data-doc.
// Waiting for this rather than for the first .hit never takes the last view for the new.
function viewShowsUrl([sel, qAndFiltersOnly]) {
  const p = new URLSearchParams(location.search);
  const want = new URLSearchParams();
  if (p.get("q")) want.set("q", p.get("q"));
  for (const f of p.getAll("filter")) if (f) want.append("filter", f);
  if (!qAndFiltersOnly) {
    if (p.get("sort") === "date") want.set("sort", "date");
    const offset = parseInt(p.get("offset") || "0", 10) || 0;
    if (offset > 0) want.set("offset", String(offset));
    if (p.get("collapse") === "0") want.set("collapse", "0");
  }
  const key = "/" + (want.toString() ? "?" + want.toString() : "");
  const e = document.querySelector(sel);
  if (!e || e.hidden || e.getAttribute("aria-busy") !== "false" || e.dataset.search !== key) return false;
  return sel !== "#doc-view" || e.dataset.doc === (p.get("doc") || "").toLowerCase();
}

// The results of the address bar's search are drawn (hits or none, or its error).
async function searched(page) {
  await page.waitForFunction(viewShowsUrl, ["#results", false]);
}

// The same, with at least one hit: the hits.
async function hits(page) {
  await searched(page);
  const list = page.locator("#results .hit");
  assert.ok(await list.count() > 0, `no hits for ${page.url()}`);
  return list;
}

// The facets and the histogram of the address bar's search are drawn.
async function facetsShown(page) {
  await page.waitForFunction(viewShowsUrl, ["#facets", false]);
}

// The document of the address bar is open with the matches of its search.
async function docShown(page) {
  await page.waitForFunction(viewShowsUrl, ["#doc-view", true]);
}

// The corroboration asked from the address bar's search is drawn.
async function corroborationShown(page) {
  await page.waitForFunction(viewShowsUrl, ["#corroboration", true]);
}

async function searchUrlParams(page) {
  return new URL(page.url()).searchParams;
}

const checks = [];
function check(name, fn) { checks.push({ name, fn }); }

// ------------------------------------------------------------------ checks

check("a. a Korean search shows results with marked snippets", async () => {
  const { context, page } = await newPage();
  await page.goto(base + "/");
  await page.fill("#q", "환적");
  await page.press("#q", "Enter");
  await page.waitForURL(/[?&]q=%ED%99%98%EC%A0%81/);
  const list = await hits(page);
  const n = await list.count();
  const marks = page.locator("#results .hit .snippet mark");
  assert.ok(await marks.count() > 0, "no <mark> in the snippets");
  const marked = await marks.allTextContents();
  assert.ok(marked.some((m) => m.includes("환적")), `marks do not hold 환적: ${marked.slice(0, 5).join(", ")}`);
  // The snippets are text: no <b> survives as markup or as visible text.
  assert.equal(await page.locator("#results .snippet b").count(), 0, "a <b> element in a snippet");
  const texts = await page.locator("#results .snippet").allTextContents();
  assert.ok(!texts.some((s) => s.includes("<b>")), "a literal <b> in a snippet");

  // An entity chip adds its entity: filter.
  const chip = page.locator("#results .hit .entity-chip").first();
  const entity = await chip.getAttribute("data-entity");
  await chip.click();
  await page.waitForURL((u) => u.searchParams.getAll("filter").includes("entity:" + entity));
  await page.locator(`#active-filters .filter-chip[data-filter="entity:${entity}"]`).waitFor();
  await hits(page);
  await assertClean(page, "Korean search");
  await context.close();
  return `${n} hits, ${marked.length} marks; chip → entity:${entity}`;
});

check("b. a language facet filters, its chip removes it, back/forward restore", async () => {
  const { context, page } = await newPage();
  await page.goto(url("imo:8716344"));
  await hits(page);
  const before = await page.locator("#result-count").textContent();
  await facetsShown(page);
  const facet = page.locator('.facet[data-facet="lang"] .facet-value[data-value="ru"]');
  const facetCount = Number((await facet.locator(".facet-count").textContent()).replace(/\D/g, ""));
  await facet.click();
  await page.waitForURL(/filter=lang%3Aru/);
  await page.locator('#active-filters .filter-chip[data-filter="lang:ru"]').waitFor();
  await hits(page);
  const langs = await page.locator("#results .hit").evaluateAll((h) => h.map((x) => x.dataset.lang));
  assert.ok(langs.length > 0 && langs.every((l) => l === "ru"), `hits not all ru: ${langs.join(",")}`);
  const shownLang = await page.locator("#results .hit .hit-lang").evaluateAll((h) => h.map((x) => x.dataset.lang));
  assert.ok(shownLang.every((l) => l === "ru"), "a hit shows another language");
  assert.ok(langs.length <= facetCount, `${langs.length} hits but the facet said ${facetCount} documents`);

  await page.click('#active-filters .filter-chip[data-filter="lang:ru"] .filter-remove');
  await page.waitForURL((u) => !u.searchParams.getAll("filter").length);
  await hits(page);
  assert.equal(await page.locator("#result-count").textContent(), before, "removing the filter");
  const mixed = await page.locator("#results .hit").evaluateAll((h) => new Set(h.map((x) => x.dataset.lang)).size);
  assert.ok(mixed > 1, "the filter is still applied after removing its chip");

  await page.goBack();
  await page.waitForURL(/filter=lang%3Aru/);
  await hits(page);
  const back = await page.locator("#results .hit").evaluateAll((h) => h.map((x) => x.dataset.lang));
  assert.ok(back.every((l) => l === "ru"), `back: hits not all ru: ${back.join(",")}`);
  await page.goForward();
  await page.waitForURL((u) => !u.searchParams.getAll("filter").length);
  await hits(page);
  assert.equal(await page.locator("#result-count").textContent(), before, "forward");
  await assertClean(page, "facets");
  await context.close();
  return `${langs.length} ru hits of ${before}`;
});

let briefingId = "";

check("c. a PDF opens at its first matching page; next match steps across pages", async () => {
  const { context, page } = await newPage();
  // "coal" and "draught" occur on page 2 only of samples/en/04-briefing-note.pdf.
  await page.goto(url("coal draught"));
  await hits(page);
  const hit = page.locator("#results .hit", { has: page.locator(".hit-location", { hasText: "04-briefing-note.pdf" }) });
  await hit.waitFor();
  briefingId = await hit.getAttribute("data-id");
  assert.match(briefingId, /^[0-9a-f]{64}$/);
  assert.deepEqual(await hit.locator(".hit-pages .page-link").allTextContents(), ["2"], "the hit's matching pages");
  await hit.locator(".hit-title").click();
  await page.waitForURL(new RegExp("doc=" + briefingId));
  await docShown(page);
  const counter = page.locator("#match-counter");
  assert.equal(await page.locator("#page-select").inputValue(), "2", "the view did not open at page 2");
  assert.equal(await counter.getAttribute("data-index"), "1");
  const total = Number(await counter.getAttribute("data-total"));
  assert.ok(total >= 2, `only ${total} matches`);
  assert.match(await counter.textContent(), new RegExp(`1\\D+${total}`));
  const marks = await page.locator("#doc-text mark").allTextContents();
  assert.ok(marks.length >= 2 && marks.every((m) => /^(coal|draught)$/i.test(m)), `marks: ${marks.join(",")}`);
  assert.ok(await page.locator("#doc-text").textContent().then((s) => s.includes("Coal moving the other way")));
  await page.click("#match-next");
  await page.waitForFunction(() => document.querySelector("#match-counter").dataset.index === "2");
  assert.match(await counter.textContent(), new RegExp(`2\\D+${total}`));
  assert.equal(await page.locator("#doc-text mark.current").count(), 1);

  // A query matching both pages: it opens at page 1 and next match moves to page 2.
  await page.goto(url("transfer", "&doc=" + briefingId));
  await docShown(page);
  assert.equal(await page.locator("#page-select").inputValue(), "1");
  const n2 = Number(await counter.getAttribute("data-total"));
  assert.ok(n2 > 0, "no matches of transfer");
  let steps = 0;
  while ((await page.locator("#page-select").inputValue()) === "1") {
    assert.ok(++steps <= n2, "next match never reached page 2");
    const want = String(steps + 1);
    await page.click("#match-next");
    await page.waitForFunction((w) => document.querySelector("#match-counter").dataset.index === w, want);
  }
  const current = page.locator("#doc-text mark.current");
  assert.equal(await current.count(), 1);
  assert.match(await current.textContent(), /^transfers?$/i);
  assert.ok(await current.isVisible());
  const box = await current.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 768, "the current match is not scrolled into view");
  assert.match(page.url(), /[?&]page=2/, "the URL does not carry the page");
  await assertClean(page, "document view");
  await context.close();
  return `page 2, match 2 of ${total}; "transfer" reached page 2 after ${steps} steps`;
});

check("d. the provenance panel shows the SHA-256 and the location", async () => {
  const { context, page } = await newPage();
  await page.goto(url("coal draught", "&doc=" + briefingId));
  await docShown(page);
  const prov = page.locator("#provenance");
  assert.ok(await prov.isVisible(), "no provenance panel");
  assert.equal((await page.locator("#doc-sha256").textContent()).trim(), briefingId);
  const text = await prov.textContent();
  assert.ok(text.includes("samples/en/04-briefing-note.pdf"), "no location URI in the provenance panel");
  assert.ok(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text), "no seen_at time in the provenance panel");
  const orig = page.locator("#doc-original");
  assert.equal(await orig.getAttribute("href"), `/api/doc/${briefingId}/original`);
  assert.equal(await orig.getAttribute("target"), "_blank");
  await assertClean(page, "provenance");
  await context.close();
  return briefingId.slice(0, 16) + "…";
});

check("e. corroboration shows independent sources ≤ documents", async () => {
  const { context, page } = await newPage();
  await page.goto(url("imo:8716344"));
  await hits(page);
  await page.click("#corroborate");
  await corroborationShown(page);
  const num = async (sel) => Number((await page.locator(sel).textContent()).replace(/\D/g, ""));
  const docs = await num("#corr-documents");
  const sources = await num("#corr-independent");
  assert.ok(sources > 0, "no independent sources");
  assert.ok(sources <= docs, `${sources} independent sources but ${docs} documents`);
  assert.equal(await page.locator("#corr-cluster-list > li").count(), sources, "one story listed per source");
  assert.ok(await page.locator("#corr-timeline .bar").count() > 0, "no timeline");

  // A syndicated story: many copies, fewer independent sources.
  await page.goto(url("Vladivostok", "&filter=lang%3Aen"));
  await hits(page);
  await page.click("#corroborate");
  await corroborationShown(page);
  const docs2 = await num("#corr-documents");
  const sources2 = await num("#corr-independent");
  assert.ok(sources2 > 0 && sources2 < docs2, `syndicated story: ${sources2} sources of ${docs2} documents`);
  await assertClean(page, "corroboration");
  await context.close();
  return `imo:8716344 ${sources}/${docs}; Vladivostok lang:en ${sources2}/${docs2}`;
});

check("f. the interface switches to Korean and remembers it", async () => {
  const { context, page } = await newPage();
  await page.goto(url("tanker"));
  await hits(page);
  const englishButton = await page.locator("#search-button").textContent();
  await page.selectOption("#lang-switch", "ko");
  await page.waitForFunction(() => document.documentElement.lang === "ko");
  assert.equal(await page.locator("#search-button").textContent(), "검색");
  assert.notEqual(englishButton, "검색");
  assert.match(await page.locator("#result-count").textContent(), /결과/);
  assert.match(await page.locator('.facet[data-facet="lang"] h3').textContent(), /언어/);
  assert.match(await page.locator("#q").getAttribute("placeholder"), /검색/);
  await page.reload();
  await hits(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ko", "the choice was not kept");
  assert.equal(await page.locator("#search-button").textContent(), "검색");
  await page.selectOption("#lang-switch", "ru");
  await page.waitForFunction(() => document.documentElement.lang === "ru");
  assert.equal(await page.locator("#search-button").textContent(), "Найти");
  await assertClean(page, "interface language");
  await context.close();

  // First visit: navigator.languages picks the language.
  const second = await newPage({ locale: "ko-KR" });
  await second.page.goto(base + "/");
  await second.page.waitForFunction(() => document.documentElement.lang === "ko");
  await second.context.close();
  return "검색 / Найти";
});

check("g. a hostile document is shown as text and its scripts never run", async () => {
  const { context, page } = await newPage();
  await page.goto(url("xsshostile"));
  const list = await hits(page);
  assert.equal(await list.count(), 1, "the hostile document is not found (run.sh ingests it)");
  const title = await page.locator("#results .hit .hit-title").textContent();
  assert.ok(title.includes("<script>"), `the title is not shown as text: ${title}`);
  const snippet = await page.locator("#results .hit .snippet").textContent();
  assert.ok(snippet.includes("<script>") || snippet.includes("<img"), `the snippet lost its markup text: ${snippet}`);
  assert.ok(!snippet.includes("&lt;"), "the snippet shows escaped entities");
  assert.equal(await page.locator("#results script, #results img, #results iframe").count(), 0);
  // "<b>not bold</b>" in the text stays text, not a mark.
  const marks = await page.locator("#results .snippet mark").allTextContents();
  assert.ok(!marks.some((m) => m.includes("not bold")), "text <b> became a mark");
  await page.locator("#results .hit .hit-title").click();
  await docShown(page);
  const text = await page.locator("#doc-text").textContent();
  assert.ok(text.includes("<script>window.__xss=1</script>"), "the document text lost its <script> text");
  assert.ok(text.includes('<img src=x onerror="window.__xss=2">'), "the document text lost its <img> text");
  assert.ok((await page.locator("#doc-title").textContent()).includes("<script>"));
  assert.equal(await page.locator("#doc-view script, #doc-view img").count(), 0);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => typeof window.__xss), "undefined", "a script of the document ran");
  await assertClean(page, "hostile document");
  await context.close();
  return "window.__xss undefined, no CSP violation";
});

check("h. keyboard: / focuses the search box, j/k select, Enter opens, Escape closes", async () => {
  const { context, page } = await newPage();
  await page.goto(url("환적"));
  await hits(page);
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "q");
  await page.keyboard.type("j");  // typing: no selection
  assert.equal(await page.locator("#results .hit.selected").count(), 0, "j selected a hit while typing");
  await page.fill("#q", "환적");
  await page.keyboard.press("Escape");
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), "q");
  await page.keyboard.press("j");
  const first = page.locator("#results .hit").nth(0);
  await page.waitForFunction(() => document.querySelector("#results .hit")?.classList.contains("selected"));
  await page.keyboard.press("j");
  assert.ok(await page.locator("#results .hit").nth(1).evaluate((e) => e.classList.contains("selected")));
  await page.keyboard.press("k");
  assert.ok(await first.evaluate((e) => e.classList.contains("selected")));
  assert.equal(await page.locator("#results .hit.selected").count(), 1);
  const id = await first.getAttribute("data-id");
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp("doc=" + id));
  await docShown(page);
  await page.keyboard.press("Escape");
  await page.locator("#doc-view").waitFor({ state: "hidden" });
  assert.ok(!page.url().includes("doc="), "Escape left doc= in the URL");
  await assertClean(page, "keyboard");
  await context.close();
  return "ok";
});

check("i. copy citation puts the SHA-256 and the title on the clipboard", async () => {
  const { context, page } = await newPage();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await page.goto(url("coal draught", "&doc=" + briefingId));
  await docShown(page);
  assert.equal(await page.locator("#page-select").inputValue(), "2", "the view did not open at page 2");
  const title = (await page.locator("#doc-title").textContent()).trim();
  await page.click("#copy-citation");
  await page.waitForFunction(() => document.querySelector("#copy-feedback")?.textContent.length > 0);
  assert.ok(await page.locator("#copy-feedback").evaluate((e) => e.classList.contains("ok")), "copy reported failure");
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(clip.includes(briefingId), "the citation lacks the SHA-256");
  assert.ok(clip.includes(title), `the citation lacks the title ${title}`);
  assert.ok(clip.includes("04-briefing-note.pdf"), "the citation lacks the path");
  assert.match(clip, /2 of 2/, "the citation lacks the page");
  await assertClean(page, "citation");
  await context.close();
  return clip.split("\n").length + " lines";
});

check("j. time to first results", async () => {
  const { context, page } = await newPage();
  await page.goto(base + "/favicon.svg");  // warm the connection, not the search
  const started = Date.now();
  await page.goto(url("tanker Vladivostok"), { waitUntil: "commit" });
  await hits(page);
  const ms = Date.now() - started;
  const inPage = await page.evaluate(() => Math.round(performance.now()));
  assert.ok(ms < 5000, `first results took ${ms} ms`);
  await context.close();
  return `first results in ${ms} ms (${inPage} ms after navigation start, in the page)`;
});

check("k. a query the parser rejects shows its reason", async () => {
  const { context, page } = await newPage();
  await page.goto(url("tanker AND"));
  await searched(page);
  assert.equal(await page.locator("#results").getAttribute("data-status"), "error");
  const msg = page.locator("#messages .message");
  assert.ok(await msg.isVisible(), "no message");
  assert.match(await msg.textContent(), /400.*cannot parse query/);
  assert.equal(await page.locator("#results .hit").count(), 0);
  problems.splice(0);  // the 400 itself is logged by Chromium as a failed resource
  await context.close();
  return (await Promise.resolve("400 shown"));
});

check("l. no hits: the explanation and the relaxed query", async () => {
  const { context, page } = await newPage();
  await page.goto(url("tanker xyzzyq"));
  await searched(page);
  assert.ok(await page.locator("#explain .explain-no-match").isVisible(), "no explanation");
  assert.match(await page.locator("#explain .explain-no-match").textContent(), /xyzzyq/);
  const relaxed = page.locator("#relaxed");
  assert.equal(await relaxed.textContent(), "tanker");
  await relaxed.click();
  await page.waitForURL((u) => u.searchParams.get("q") === "tanker");
  await hits(page);
  await page.goto(url("tanker", "&filter=lang%3Axx"));
  await searched(page);
  assert.ok(await page.locator("#explain .explain-filters").isVisible(), "no word on the filters");
  await assertClean(page, "explain");
  await context.close();
  return "ok";
});

check("m. dragging across the histogram adds a date filter", async () => {
  const { context, page } = await newPage();
  await page.goto(url("tanker"));
  await hits(page);
  await facetsShown(page);
  const bars = page.locator("#histogram .bar");
  const n = await bars.count();
  assert.ok(n >= 2, "fewer than two months in the histogram");
  const a = await bars.nth(0).boundingBox();
  const b = await bars.nth(n - 1).boundingBox();
  const first = await bars.nth(0).getAttribute("data-month");
  const last = await bars.nth(n - 1).getAttribute("data-month");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, a.y + a.height / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
  await page.waitForURL(/filter=date%3A/);
  const f = (await searchUrlParams(page)).getAll("filter").find((x) => x.startsWith("date:"));
  const [y, m] = last.split("-").map(Number);
  const endDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  assert.equal(f, `date:${first}-01..${last}-${String(endDay).padStart(2, "0")}`);
  await page.locator(`#active-filters .filter-chip[data-filter="${f}"]`).waitFor();
  await hits(page);
  await assertClean(page, "histogram");
  await context.close();
  return f;
});

check("n. pagination moves by offset and copies open their cluster", async () => {
  const { context, page } = await newPage();
  await page.goto(base + "/?q=");
  await hits(page);
  const firstIds = await page.locator("#results .hit").evaluateAll((h) => h.map((x) => x.dataset.id));
  const documents = await page.locator("#document-count").textContent();
  await page.click("#pager .pager-next");
  await page.waitForURL(/offset=20/);
  await hits(page);
  // the next page asks for no facets (facets=0); the count of documents stays right
  assert.equal(await page.locator("#document-count").textContent(), documents, "documents on the second page");
  const nextIds = await page.locator("#results .hit").evaluateAll((h) => h.map((x) => x.dataset.id));
  assert.ok(!nextIds.some((id) => firstIds.includes(id)), "the second page repeats the first's hits");
  assert.equal(await page.locator('#pager .current').getAttribute("data-offset"), "20");
  await facetsShown(page);  // kept from the first page
  await page.goBack();
  await page.waitForURL((u) => !u.searchParams.get("offset"));
  await hits(page);
  assert.deepEqual(await page.locator("#results .hit").evaluateAll((h) => h.map((x) => x.dataset.id)), firstIds);

  await page.goto(url("Vladivostok"));
  await hits(page);
  const copies = page.locator("#results .hit .hit-copies").first();
  await copies.waitFor();
  const n = Number((await copies.textContent()).replace(/\D/g, ""));
  const cluster = await copies.getAttribute("data-cluster");
  await copies.click();
  await page.waitForURL((u) => u.searchParams.get("collapse") === "0" &&
    u.searchParams.getAll("filter").includes("cluster:" + cluster));
  await hits(page);
  assert.equal(await page.locator("#results .hit").count(), n, "one hit per copy");
  await assertClean(page, "pagination");
  await context.close();
  return `${n} copies of cluster ${cluster}`;
});

check("o. provenance: a member's parents chain, a container's children, versions", async () => {
  const { context, page } = await newPage();
  await page.goto(url("zipdeeper"));
  await hits(page);
  await page.locator("#results .hit .hit-title").first().click();
  await page.waitForURL(/[?&]doc=/);
  await docShown(page);
  const parents = page.locator("#provenance .parents li a.doc-link");
  const chain = await parents.allTextContents();
  assert.deepEqual(chain, ["inner.zip", "bundle.zip"], "parents, nearest first");
  const member = await page.locator("#doc-sha256").textContent();
  assert.ok(await page.locator("#provenance").textContent().then((s) => s.includes("deeper.txt")), "no inner path");
  const parentId = await parents.first().getAttribute("data-id");
  await parents.first().click();
  await page.waitForURL((u) => u.searchParams.get("doc") === parentId);
  await docShown(page);
  assert.equal(await page.locator("#doc-sha256").textContent(), parentId, "the parent is not shown");
  const children = page.locator("#provenance .children a.doc-link");
  assert.deepEqual(await children.allTextContents(), ["deeper.txt"], "the container's children");
  await children.first().click();
  await page.waitForURL((u) => u.searchParams.get("doc") === member);
  await docShown(page);
  assert.equal(await page.locator("#doc-sha256").textContent(), member, "the child is not the member");

  await page.goto(url("vfile versions:all"));
  await hits(page);
  assert.equal(await page.locator("#results .hit").count(), 2, "two versions of notice.txt");
  assert.equal(await page.locator("#results .hit .badge.old").count(), 1, "one hit marked as an earlier version");
  const current = page.locator("#results .hit", { hasNot: page.locator(".badge.old") });
  await current.locator(".hit-title").click();
  await page.waitForURL(/[?&]doc=/);
  await docShown(page);
  const versions = page.locator("#provenance .history .versions li");
  assert.equal(await versions.count(), 2);
  const earlier = page.locator("#provenance .history .versions a.doc-link");
  const earlierId = await earlier.getAttribute("data-id");
  await earlier.click();
  await page.waitForURL((u) => u.searchParams.get("doc") === earlierId);
  await docShown(page);
  assert.equal(await page.locator("#doc-view .badge.old").count(), 1, "the earlier version is not marked");
  assert.match(await page.locator("#doc-text").textContent(), /first version/);
  await assertClean(page, "provenance chain");
  await context.close();
  return chain.join(" ← ");
});

// The mentions of entity `entityId` in document `id`, in text order, as the page once
// found them itself: the entities' byte spans in `text`, whose pages are split by form
// feeds. The service marks them now (/api/doc/{id}/search); the marks must be the same.
async function mentions(id, entityId) {
  const doc = await (await fetch(`${base}/api/doc/${id}`)).json();
  const bytes = Buffer.from(doc.text || "", "utf8");
  const paged = Array.isArray(doc.pages) && doc.pages.length > 0;
  const starts = [0];
  if (paged) for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0c) starts.push(i + 1);
  const seen = new Set();
  const out = [];
  for (const e of (doc.entities || []).slice().sort((a, b) => a.start - b.start)) {
    if (e.id !== entityId || !(e.end > e.start) || seen.has(e.start)) continue;
    seen.add(e.start);
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1] <= e.start) k++;
    out.push({ page: paged ? k + 1 : 0, text: bytes.subarray(e.start, e.end).toString("utf8") });
  }
  return out;
}

// The marks of the page shown and the view's match count.
async function shownMarks(page) {
  const pageNo = (await page.locator("#page-select").count())
    ? Number(await page.locator("#page-select").inputValue()) : 0;
  return {
    page: pageNo,
    total: Number(await page.locator("#match-counter").getAttribute("data-total")),
    marks: await page.locator("#doc-text mark").allTextContents(),
  };
}

check("q. the document view marks where the document names the entities of the search", async () => {
  const { context, page } = await newPage();
  // A term: imo:8716344, in an OCRed scan, on its second page only.
  await page.goto(url("imo:8716344"));
  await hits(page);
  const scan = page.locator("#results .hit", { has: page.locator(".hit-location", { hasText: "03-cover-note-and-scan.pdf" }) });
  const scanId = await scan.getAttribute("data-id");
  const want = await mentions(scanId, "imo:8716344");
  assert.ok(want.length > 0, "the scan names no imo:8716344");
  await scan.locator(".hit-title").click();
  await page.waitForURL((u) => u.searchParams.get("doc") === scanId);
  await docShown(page);
  let got = await shownMarks(page);
  assert.equal(got.total, want.length, "matches of imo:8716344");
  assert.equal(got.page, want[0].page, "the page the view opened at");
  assert.deepEqual(got.marks, want.filter((m) => m.page === got.page).map((m) => m.text), "the marks of imo:8716344");

  // A filter alone: entity:place:nampo, as a facet or an entity chip adds it.
  await page.goto(url("", "&filter=entity%3Aplace%3Anampo"));
  await hits(page);
  const report = page.locator("#results .hit", { has: page.locator(".hit-location", { hasText: "01-nampo-sts-analysis.html" }) });
  const reportId = await report.getAttribute("data-id");
  const nampo = await mentions(reportId, "place:nampo");
  assert.ok(nampo.length > 0, "the report names no place:nampo");
  await report.locator(".hit-title").click();
  await page.waitForURL((u) => u.searchParams.get("doc") === reportId);
  await docShown(page);
  got = await shownMarks(page);
  assert.equal(got.total, nampo.length, "matches of the filter entity:place:nampo");
  assert.deepEqual(got.marks, nampo.map((m) => m.text), "the marks of place:nampo");

  // Words and a filter: the words' matches and the entity's mentions.
  const words = (await (await fetch(`${base}/api/doc/${briefingId}/search?q=transfer`)).json()).matches;
  const inBrief = await mentions(briefingId, "place:nampo");
  await page.goto(url("transfer", "&filter=entity%3Aplace%3Anampo&doc=" + briefingId));
  await docShown(page);
  got = await shownMarks(page);
  assert.equal(got.total, words.length + inBrief.length, "transfer's matches and Nampo's mentions");
  assert.ok(got.marks.some((m) => /^transfers?$/i.test(m)), `no transfer marked: ${got.marks.join(",")}`);
  assert.ok(got.marks.some((m) => inBrief.some((e) => e.text === m)), `no Nampo marked: ${got.marks.join(",")}`);
  await assertClean(page, "entity marks");
  await context.close();
  return `${want.length} imo:8716344 on page ${want[0].page}; ${nampo.length} Nampo; ${got.total} transfer + Nampo`;
});

check("r. facets and chips name entities as the service does; entity types filter", async () => {
  const { context, page } = await newPage();
  await page.goto(url("imo:8716344"));
  await hits(page);
  await facetsShown(page);
  const answer = await (await fetch(`${base}/api/search?q=imo%3A8716344&limit=20`)).json();
  const labels = answer.entity_labels || {};
  assert.equal(labels["place:nampo"], "Nampo", "the service's name of place:nampo");
  const facet = await page.locator('.facet[data-facet="entity"] .facet-value').evaluateAll((l) =>
    l.map((x) => [x.dataset.value, x.querySelector(".facet-label").textContent]));
  assert.ok(facet.length > 0, "no entity facet");
  for (const [id, label] of facet) {
    assert.equal(label, labels[id] || id.slice(id.indexOf(":") + 1), `the facet's name of ${id}`);
  }
  const chips = await page.locator("#results .hit .entity-chip").evaluateAll((l) =>
    l.map((x) => [x.dataset.entity, x.querySelector(".chip-text").textContent]));
  for (const [id, label] of chips) if (labels[id]) assert.equal(label, labels[id], `the chip's name of ${id}`);

  // An entity's filter chip carries its name.
  await page.locator('.facet[data-facet="entity"] .facet-value[data-value="place:nampo"]').click();
  await page.waitForURL((u) => u.searchParams.getAll("filter").includes("entity:place:nampo"));
  await hits(page);
  assert.equal(await page.locator('#active-filters .filter-chip[data-filter="entity:place:nampo"] > span').textContent(),
    "entity:Nampo");

  // Entity types filter: entity_type:vessel.
  await page.goto(url("imo:8716344"));
  await hits(page);
  await facetsShown(page);
  const vessel = page.locator('.facet[data-facet="entity_type"] button.facet-value[data-value="vessel"]');
  assert.equal(await vessel.getAttribute("data-filter"), "entity_type:vessel");
  const docs = Number((await vessel.locator(".facet-count").textContent()).replace(/\D/g, ""));
  await vessel.click();
  await page.waitForURL((u) => u.searchParams.getAll("filter").includes("entity_type:vessel"));
  await hits(page);
  await facetsShown(page);
  const filtered = await (await fetch(`${base}/api/search?q=imo%3A8716344&filter=entity_type%3Avessel&facets=0`)).json();
  assert.equal(filtered.documents, docs, "the facet's count is the filter's documents");
  assert.equal(Number((await page.locator("#result-count").textContent()).replace(/\D/g, "")), filtered.total);
  assert.equal(await page.locator('.facet[data-facet="entity_type"] .facet-value[data-value="vessel"]').getAttribute("aria-pressed"), "true");
  await page.locator('#active-filters .filter-chip[data-filter="entity_type:vessel"]').waitFor();
  await assertClean(page, "entity names and types");
  await context.close();
  return `${facet.length} entity facet values named; entity_type:vessel ${filtered.total} hits`;
});

check("s. an e-mail shows its From, To and Cc and lists its attachments", async () => {
  const { context, page } = await newPage();
  await page.goto(url("mailcheck"));
  await hits(page);
  await page.locator("#results .hit", { hasText: "coal shipment" }).locator(".hit-title").first().click();
  await page.waitForURL(/[?&]doc=/);
  await docShown(page);
  const meta = await page.locator("#doc-meta").textContent();
  assert.ok(meta.includes("Ким Ён Чхоль <kim@example.org>"), `no decoded From in: ${meta}`);
  assert.ok(meta.includes("desk@example.org"), "no To");
  assert.ok(meta.includes("watch@example.org"), "no Cc");
  const headings = await page.locator("#provenance h4").allTextContents();
  assert.ok(headings.includes("Attachments"), `no Attachments heading: ${headings.join(",")}`);
  const children = page.locator("#provenance .children a.doc-link");
  assert.deepEqual(await children.allTextContents(), ["manifest.txt"], "the message's attachments");
  await children.first().click();
  await page.waitForURL(/[?&]doc=/);
  await docShown(page);
  assert.match(await page.locator("#doc-text").textContent(), /coal manifest/);
  await assertClean(page, "e-mail view");
  await context.close();
  return "From, To, Cc, 1 attachment";
});

if (process.env.TRAWL_TOKEN_URL && process.env.TRAWL_TEST_TOKEN) {
  check("p. a service with a token: the page asks for it once and sends it", async () => {
    const tokenBase = process.env.TRAWL_TOKEN_URL.replace(/\/+$/, "");
    const { context, page } = await newPage();
    const auth = [];
    page.on("request", (r) => { if (r.url().includes("/api/")) auth.push(r.headers().authorization || ""); });
    await page.goto(`${tokenBase}/?q=tanker`);
    await page.locator("#token-prompt").waitFor({ state: "visible" });
    await page.fill("#token-input", process.env.TRAWL_TEST_TOKEN);
    await page.click("#token-submit");
    await hits(page);
    assert.equal(auth.at(-1), "Bearer " + process.env.TRAWL_TEST_TOKEN);
    await page.reload();
    await hits(page);
    assert.ok(await page.locator("#token-prompt").isHidden(), "asked again in the same tab");

    // The original: fetched with the token, opened as a blob: URL in a new tab that has
    // no handle on this page and no copy of its token; the hostile page's scripts stay off.
    const originals = [];
    page.on("request", (r) => { if (r.url().endsWith("/original")) originals.push(r.headers().authorization || ""); });
    await page.goto(`${tokenBase}/?q=xsshostile`);
    await hits(page);
    await page.locator("#results .hit .hit-title").click();
    await page.waitForURL(/[?&]doc=/);
    await docShown(page);
    const [tab] = await Promise.all([context.waitForEvent("page"), page.click("#doc-original")]);
    await tab.waitForLoadState();
    assert.match(tab.url(), /^blob:/, "the original is not a blob: URL");
    assert.deepEqual(originals, ["Bearer " + process.env.TRAWL_TEST_TOKEN], "the original was not fetched with the token");
    assert.equal(await tab.evaluate(() => document.contentType), "text/html", "the blob's type");
    assert.ok((await tab.evaluate(() => document.body.textContent)).includes("xsshostile"), "the original's text");
    await tab.waitForTimeout(300);
    assert.equal(await tab.evaluate(() => typeof window.__xss), "undefined", "a script of the original ran");
    assert.equal(await tab.evaluate(() => window.opener), null, "the tab can reach the page");
    assert.equal(await tab.evaluate(() => sessionStorage.getItem("trawl.token")), null, "the tab has the token");
    const blocked = await cspViolations(tab);
    await tab.close();
    // The link now holds the bytes: a second click opens them without fetching again.
    assert.match(await page.locator("#doc-original").getAttribute("href"), /^blob:/);
    const [again] = await Promise.all([context.waitForEvent("page"), page.click("#doc-original")]);
    await again.waitForLoadState();
    assert.match(again.url(), /^blob:/);
    assert.equal(originals.length, 1, "fetched again");
    await again.close();
    problems.splice(0);  // the first 401 is logged as a failed resource
    await context.close();
    return `ok; original as ${blocked.length ? "blob: under the page's CSP (" + blocked[0] + ")" : "blob:"}`;
  });
}

// ------------------------------------------------------------------ run

let failed = false;
for (const { name, fn } of checks) {
  const started = Date.now();
  try {
    const note = await fn();
    console.log(`ok    ${name}${note ? " — " + note : ""} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`FAIL  ${name}`);
    console.log("      " + String(e && e.stack ? e.stack : e).split("\n").join("\n      "));
    failed = true;
    break;
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
