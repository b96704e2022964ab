#!/usr/bin/env python3
"""Turn the raw measurements of bench/search/run.sh into a table and results.json.

Reads  WORK/inproc.json (search_bench: service, reader, reader variants and one HTTP
       connection, interleaved search by search),
       WORK/wrk.jsonl (one wrk run a line),
       WORK/page-VARIANT.json (page_time.mjs), WORK/page.note,
       WORK/stats.json (trawl stats --json) and the index's `ready` file.
Writes WORK/results.json and prints the table on stdout.
Exit status: 0 = all evaluated goals pass (or n/a), 3 = at least one goal failed.
"""

import argparse
import datetime
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ingest"))
from report import cmd_out, fmt, load_jsonl, loadavg, machine_info, verdict  # noqa: E402

GOALS = {
    "api_overhead_p50": 1.5,  # HTTP p50 (wrk, 1 connection) / in-process p50 (SearchService)  <=
    "p99_8_clients_ms": 100.0,  # p99 over HTTP with 8 connections, ms                          <
}


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""


def ratio(x, y, prec=3):
    return round(x / y, prec) if x is not None and y else None


def r3(x):
    return round(x, 3) if isinstance(x, float) else x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--index-built", type=int, default=0)
    ap.add_argument("--index-bytes", type=int, default=0)
    ap.add_argument("--serve-rss-kb", type=int, default=0)
    ap.add_argument("--trawl-bin", default="")
    ap.add_argument("--trawl-orig", default="")
    ap.add_argument("--have-inproc", type=int, default=0)
    ap.add_argument("--duration", type=float, default=0)
    a = ap.parse_args()
    w = a.work

    inproc = read_json(os.path.join(w, "inproc.json"))
    runs = {r["mode"]: r for r in inproc.get("runs", [])}
    http = runs.get("http")
    wrk_all = load_jsonl(os.path.join(w, "wrk.jsonl"))
    wrk = {r["connections"]: r for r in wrk_all if r.get("server", "plain") == "plain"}
    page = read_json(os.path.join(w, "page-plain.json"))
    page_note = read_text(os.path.join(w, "page.note"))
    stats = read_json(os.path.join(w, "stats.json"))
    ready = read_text(os.path.join(os.path.dirname(a.data), "ready"))
    load = loadavg(w)

    def ov(run, k="p50_ms"):
        return run["overall"][k] if run else None

    svc, rdr = runs.get("service"), runs.get("reader")
    w1, w8 = wrk.get(1, {}).get("wrk") or None, wrk.get(8, {}).get("wrk") or None

    def wl(wr, k):
        return wr["latency_ms"][k] if wr and "latency_ms" in wr else None

    # per query: HTTP (one connection) over in-process (service), both p50
    per_ratio = []
    worst = []
    if svc and http:
        for s, h in zip(svc["per_query"], http["per_query"]):
            if s["line"] == h["line"] and s["p50_ms"] > 0:
                per_ratio.append(h["p50_ms"] / s["p50_ms"])
                worst.append((h["p50_ms"] - s["p50_ms"], s["line"], s["p50_ms"], h["p50_ms"],
                              h.get("json_bytes")))
    worst.sort(reverse=True)

    api_ratio = ratio(wl(w1, "p50"), ov(svc))
    paired_ratio = ratio(ov(http), ov(svc))
    p99_8 = wl(w8, "p99")
    goals = {
        "api_overhead_p50": {"value": api_ratio, "goal": "<= %.1f" % GOALS["api_overhead_p50"],
                             "result": verdict(api_ratio, GOALS["api_overhead_p50"], False)},
        "p99_8_clients_ms": {"value": p99_8, "goal": "< %.0f ms" % GOALS["p99_8_clients_ms"],
                             "result": "n/a" if p99_8 is None else
                             ("PASS" if p99_8 < GOALS["p99_8_clients_ms"] else "FAIL")},
    }

    # slowest searches in-process, and what the parts cost (reader variants)
    slow = []
    if rdr:
        slow = sorted(rdr["per_query"], key=lambda r: -r["p50_ms"])[:8]
    variants = {m: runs[m]["overall"] for m in runs if m.startswith("reader ")}

    nq = inproc.get("runs", [{}])[0].get("queries") if inproc.get("runs") else None
    zero = [r["line"] for r in (rdr or svc or {"per_query": []})["per_query"] if r.get("total") == 0]
    errors = [(r["line"], r["error"]) for r in (svc or {"per_query": []})["per_query"] if r.get("error")]

    results = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load": load,
        "trawl": {"binary": a.trawl_orig or a.trawl_bin, "version": cmd_out([a.trawl_bin, "--version"])},
        "index": {"data": a.data, "built_this_run": bool(a.index_built), "ready": ready,
                  "bytes": a.index_bytes, "documents": stats.get("documents"),
                  "clusters": stats.get("clusters"), "by_language": stats.get("by_language"),
                  "by_type": stats.get("by_type")},
        "queries": {"file": a.queries, "count": nq, "no_hits": zero, "errors": errors},
        "inproc": {m: {"overall": r["overall"], "qps": r3(r["qps"]), "json": r.get("json")}
                   for m, r in runs.items()},
        "inproc_open_ms": {"service": inproc.get("service_open_ms"), "reader": inproc.get("reader_open_ms")},
        "http_one_connection": {"overall": http["overall"], "qps": r3(http["qps"]),
                                "per_query_ratio_median": r3(statistics.median(per_ratio)) if per_ratio else None}
        if http else None,
        "wrk": {str(c): r for c, r in wrk.items()},
        "api_overhead_p50_interleaved": paired_ratio,
        "serve_peak_rss_kb": a.serve_rss_kb,
        "page": page or None,
        "page_note": page_note,
        "goals": goals,
        "per_query": {"service": svc["per_query"] if svc else None,
                      "reader": rdr["per_query"] if rdr else None,
                      "http": http["per_query"] if http else None},
    }

    # ------------------------------------------------------------ table
    P = print
    docs = stats.get("documents")
    P()
    P("trawl search benchmark  %s  (%s)" % (results["date"], results["trawl"]["version"]))
    P("index: %s documents, %s clusters, %.0f MB (%s)%s" % (
        docs, stats.get("clusters"), a.index_bytes / 1048576, ready,
        "" if a.index_built else "; reused"))
    P("query mix: %s searches (%s), limit 10, facets and collapse on" % (nq, a.queries))
    if zero:
        P("  %d of them find nothing (the explanation runs): %s" % (len(zero), "; ".join(zero[:6])))
    if errors:
        P("  ERRORS: %s" % "; ".join("%s: %s" % e for e in errors[:5]))
    fc = load.get("foreign_cores")
    P("other load: %s cores on average during the bench%s" % (
        fmt(fc, "", 2), "  (WARNING: figures skewed; > 0.1)" if fc is not None and fc > 0.1 else ""))
    P()
    hdr = "| %-44s | %10s | %10s | %10s | %9s |" % ("searches (latency over the whole mix)", "p50 ms", "p95 ms", "p99 ms", "q/s")
    P(hdr)
    P("|" + "-" * 46 + "|" + "-" * 12 + "|" + "-" * 12 + "|" + "-" * 12 + "|" + "-" * 11 + "|")

    def row(name, o, qps):
        if not o:
            P("| %-44s | %10s | %10s | %10s | %9s |" % (name, "n/a", "n/a", "n/a", "n/a"))
            return
        P("| %-44s | %10.2f | %10.2f | %10.2f | %9s |" % (name, o["p50"], o["p95"], o["p99"], fmt(qps)))

    def io(r):
        return {"p50": r["overall"]["p50_ms"], "p95": r["overall"]["p95_ms"], "p99": r["overall"]["p99_ms"]} if r else None

    row("in-process IndexReader::search", io(rdr), rdr and rdr["qps"])
    row("in-process SearchService::search", io(svc), svc and svc["qps"])
    if svc and svc.get("json"):
        j = svc["json"]
        row("  + the answer's JSON (search_json + dump)", {"p50": j["p50_ms"], "p95": j["p95_ms"], "p99": j["p99_ms"]}, None)
    row("HTTP, 1 connection, interleaved (search_bench)", io(http), http and http["qps"])
    for label, runs_ in (("", wrk),):
        for c in sorted(runs_):
            wr = runs_[c].get("wrk")
            row("HTTP, wrk %d connection%s%s" % (c, "s" if c > 1 else "", label),
                {"p50": wl(wr, "p50"), "p95": wl(wr, "p95"), "p99": wl(wr, "p99")} if wr and "latency_ms" in wr else None,
                wr and wr.get("rps"))
    P()
    for label, runs_ in (("", wrk),):
        for c in sorted(runs_):
            wr = runs_[c].get("wrk") or {}
            if wr.get("requests"):
                cpu = runs_[c].get("server_cpu_s")
                other = runs_[c].get("other_cores")
                P("wrk c=%d%s: %d requests in %.1f s, %d not 200, %s socket errors; trawl serve used %.2f cores, %.1f CPU-ms a search%s" % (
                    c, label, wr["requests"], wr["duration_s"], wr.get("non200", 0),
                    sum(wr.get("errors", {}).values()), cpu / runs_[c]["wall_s"], 1000 * cpu / wr["requests"],
                    "" if other is None else "; other processes: %.2f cores" % other))
    for name in ("inproc",):
        oc = read_text(os.path.join(w, name + ".other_cores"))
        if oc:
            P("%s (search_bench): other processes used %s cores meanwhile" % (name, oc))
            results.setdefault("other_cores", {})[name] = float(oc)
    if a.serve_rss_kb:
        P("trawl serve peak RSS: %.1f MB" % (a.serve_rss_kb / 1024))
    P()
    P("| goal | measured | goal | result |")
    P("| --- | --- | --- | --- |")
    P("| API overhead: HTTP p50 (wrk, 1 connection) / in-process p50 (SearchService) | %s (%s / %s ms) | <= 1.5x | %s |" % (
        fmt(api_ratio, "x", 3), fmt(wl(w1, "p50"), "", 2), fmt(ov(svc), "", 2), goals["api_overhead_p50"]["result"]))
    P("| (info) the same, one client between in-process searches (search_bench, interleaved) | %s (%s / %s ms) | | info |" % (
        fmt(paired_ratio, "x", 3), fmt(ov(http), "", 2), fmt(ov(svc), "", 2)))
    P("| p99 with 8 connections (wrk) | %s ms | < 100 ms | %s |" % (fmt(p99_8, "", 1), goals["p99_8_clients_ms"]["result"]))
    if per_ratio:
        P()
        P("per query, HTTP p50 / in-process p50 (one client, interleaved): median %.3fx, min %.3fx, max %.3fx" % (
            statistics.median(per_ratio), min(per_ratio), max(per_ratio)))
        P("largest HTTP - in-process differences (ms, p50):")
        for d, line, s, h, b in worst[:5]:
            P("  %+7.2f  %-50s in-process %7.2f  HTTP %7.2f  (%s bytes)" % (d, line.replace("\t", " | ")[:50], s, h, b))
    if variants and rdr:
        P()
        P("where the in-process time goes (IndexReader::search, whole mix, p50 / mean ms):")
        base = rdr["overall"]
        P("  %-28s %8.2f / %8.2f" % ("as the API asks", base["p50_ms"], base["mean_ms"]))
        for m, o in variants.items():
            P("  %-28s %8.2f / %8.2f   (mean %+.2f ms)" % (m[7:], o["p50_ms"], o["mean_ms"], o["mean_ms"] - base["mean_ms"]))
        if svc:
            P("  %-28s %8.2f / %8.2f   (mean %+.2f ms: query understanding, reader pool)" % (
                "SearchService::search", svc["overall"]["p50_ms"], svc["overall"]["mean_ms"],
                svc["overall"]["mean_ms"] - base["mean_ms"]))
    if slow:
        P()
        P("slowest searches in-process (IndexReader::search p50 ms, matching documents):")
        for r in slow:
            P("  %8.2f  %7s docs  %s" % (r["p50_ms"], r.get("documents"), r["line"].replace("\t", " | ")))
    P()
    if page and page.get("queries"):
        for label, pg in (("", page),):
            if not pg or not pg.get("queries"):
                continue
            P("page in Chromium %s%s: time to the first .hit, /?q=WORD, median of %d fresh contexts:" % (
                pg.get("chromium"), label, pg.get("runs")))
            for q in pg["queries"]:
                P("  %-24s %7.1f ms  (document %.1f, app.js %.1f, /api/search starts %.1f and takes %.1f ms)" % (
                    q["q"], q["median_wall_ms"], q["median_document_ms"] or 0, q["median_app_js_ms"] or 0,
                    q["median_api_start_ms"] or 0, q["median_api_ms"] or 0))
    else:
        P("page in Chromium: not measured: %s" % (page_note or "no result"))
    P()
    with open(os.path.join(w, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    P("results: %s" % os.path.join(w, "results.json"))
    failed = any(g["result"] == "FAIL" for g in goals.values())
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
