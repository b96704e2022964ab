// The analysts' page's time to first results, in Chromium (bench/search).
//
//   node bench/search/page_time.mjs http://127.0.0.1:PORT RUNS QUERY...
//
// For each query, RUNS times: a new browser context (no cache, no storage), navigate to
// /?q=QUERY and wait until the first `#results .hit` is visible. Prints one JSON object:
// per query the wall times (navigation start to first hit, measured here) and, from the
// page's own Performance API, when the document, app.js and /api/search finished loading
// and how long /api/search took as the browser saw it.
//
// Uses Debian's Chromium (CHROMIUM, default /usr/bin/chromium) with playwright-core from
// tests/node/ (the page tests' setup). Exits 2 when either is missing, 1 when a page
// never showed a hit.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

function die(message, code = 2) {
  console.error("page_time: " + message);
  process.exit(code);
}

let chromium;
try {
  const require = createRequire(path.join(here, "..", "..", "tests", "node", "package.json"));
  ({ chromium } = require("playwright-core"));
} catch (e) {
  die("playwright-core is not installed (cd tests/node && npm ci --ignore-scripts): " + e.message);
}
if (!existsSync(CHROMIUM)) die(`no Chromium at ${CHROMIUM}`);

const [base, runsArg, ...queries] = process.argv.slice(2);
const runs = Number(runsArg);
if (!/^https?:\/\//.test(base || "") || !(runs > 0) || queries.length === 0)
  die("usage: page_time.mjs http://127.0.0.1:PORT RUNS QUERY...");

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update"],
});
const out = { url: base, runs, chromium: browser.version(), queries: [] };
try {
  // one load first, not counted: the browser's own start-up (profile, fonts) is not the page's
  {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/?q=${encodeURIComponent(queries[0])}`);
    await page.locator("#results .hit").first().waitFor({ state: "visible", timeout: 60000 });
    await ctx.close();
  }
  for (const q of queries) {
    const rows = [];
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "en-US" });
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/?q=${encodeURIComponent(q)}`, { waitUntil: "commit" });
      await page.locator("#results .hit").first().waitFor({ state: "visible", timeout: 60000 });
      const wall = performance.now() - t0;
      const perf = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const res = performance.getEntriesByType("resource");
        const api = res.filter((r) => r.name.includes("/api/search"));
        const js = res.find((r) => r.name.endsWith("/app.js"));
        return {
          first_hit_ms: performance.now(),
          document_ms: nav ? nav.responseEnd : null,
          dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
          app_js_ms: js ? js.responseEnd : null,
          api_start_ms: api.length ? api[0].startTime : null,
          api_end_ms: api.length ? api[0].responseEnd : null,
          api_ms: api.length ? api[0].responseEnd - api[0].startTime : null,
          api_requests: api.length,
          // every file the page fetched: when it was asked for, its first byte, its end
          resources: res.map((r) => ({
            name: new URL(r.name).pathname + (new URL(r.name).search ? "?..." : ""),
            start_ms: Math.round(r.startTime * 10) / 10,
            first_byte_ms: Math.round(r.responseStart * 10) / 10,
            end_ms: Math.round(r.responseEnd * 10) / 10,
          })),
        };
      });
      rows.push({ wall_ms: wall, ...perf });
      await ctx.close();
    }
    const pick = (k) => median(rows.map((r) => r[k]).filter((x) => x !== null));
    out.queries.push({
      q,
      median_wall_ms: pick("wall_ms"),
      median_first_hit_ms: pick("first_hit_ms"),
      median_document_ms: pick("document_ms"),
      median_app_js_ms: pick("app_js_ms"),
      median_api_start_ms: pick("api_start_ms"),
      median_api_ms: pick("api_ms"),
      runs: rows,
    });
  }
} catch (e) {
  console.log(JSON.stringify(out));
  await browser.close();
  die("a page showed no hit: " + e.message, 1);
}
await browser.close();
console.log(JSON.stringify(out));
