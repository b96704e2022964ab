#!/usr/bin/env python3
"""Turn the raw measurements of bench/crawl/run.sh into a table and results.json.

Reads  WORK/runs.jsonl (one run per line: kind server | wget2 | trawl | frontier),
       WORK/site.json and WORK/frontier-N.json (gen_site.py's summaries).
Writes WORK/results.json and prints the table on stdout.
Exit status: 0 = all evaluated goals pass (or n/a), 3 = at least one goal failed.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ingest"))
from report import cmd_out, fmt, load_jsonl, loadavg, machine_info, verdict  # noqa: E402

GOALS = {
    "crawl_speed": 1.0,        # trawl end-to-end pages/s / wget2 fetch-only pages/s   >=
    "frontier_memory": 1.15,   # max/min peak RSS, 200,000 vs 10,000 queued URLs      <=
}


def ratio(x, y, prec=3):
    return round(x / y, prec) if x is not None and y else None


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def summarize(rows, pages=None, min_frontier=None):
    """Medians over the rounds of one kind of run.  Rates only when every round exited 0;
    complete when every round fetched (and, for trawl, indexed) all the pages."""
    if not rows:
        return None
    wall = statistics.median(r["wall"] for r in rows)
    ok = all(r["rc"] == 0 for r in rows)
    served = statistics.median(r["pages"] for r in rows)
    sbytes = statistics.median(r["bytes"] for r in rows)
    complete = True
    if pages is not None:
        for r in rows:
            got = [r["pages"]] + [r[k] for k in ("ingested", "stats_docs", "done") if k in r]
            if any(g is None or g != pages for g in got):
                complete = False
    if min_frontier is not None:
        complete = all(r.get("frontier") is not None and r["frontier"] >= min_frontier
                       for r in rows)
    s = {
        "runs": len(rows),
        "wall_s": round(wall, 3),
        "wall_s_all": [round(r["wall"], 3) for r in rows],
        "cpu_s": round(statistics.median(r["cpu"] for r in rows), 2),
        "peak_rss_mb": round(statistics.median(r["rss_kb"] for r in rows) / 1024, 1),
        "peak_rss_mb_all": [round(r["rss_kb"] / 1024, 1) for r in rows],
        "exit_codes": sorted({r["rc"] for r in rows}),
        "requests": rows[-1]["requests"],
        "pages_served": served,
        "pages_per_s": round(served / wall, 1) if wall > 0 and ok else None,
        "mb_per_s": round(sbytes / 1e6 / wall, 2) if wall > 0 and ok else None,
        "ok": ok,
        "complete": complete,
    }
    for k in ("ingested", "failed", "stats_docs", "done", "queued", "frontier", "warc_bytes"):
        if k in rows[-1]:
            s[k] = rows[-1][k]
    if "warc_bytes" in rows[-1]:
        wb = [r["warc_bytes"] for r in rows if r.get("warc_bytes")]
        s["warc_mb_per_s"] = round(statistics.median(wb) / 1e6 / wall, 2) if wb and ok else None
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--small", type=int, required=True)
    ap.add_argument("--big", type=int, required=True)
    ap.add_argument("--frontier-pages", type=int, required=True)
    ap.add_argument("--trawl-bin", default="")
    ap.add_argument("--have-trawl", type=int, default=0)
    a = ap.parse_args()

    runs = load_jsonl(os.path.join(a.work, "runs.jsonl"))
    site = read_json(os.path.join(a.work, "site.json"))
    fsmall = read_json(os.path.join(a.work, "frontier-%d.json" % a.small))
    fbig = read_json(os.path.join(a.work, "frontier-%d.json" % a.big))

    def of(kind, urls=None):
        return [r for r in runs if r["kind"] == kind and (urls is None or r.get("urls") == urls)]

    server_rows = of("server")
    server = None
    if server_rows:
        best = min(server_rows, key=lambda r: r["wall"] if r["rc"] == 0 else 1e9)
        server = summarize([best])
        server["runs"] = len(server_rows)
        server["pages_per_s_all"] = [round(r["pages"] / r["wall"], 1) for r in server_rows if r["wall"] > 0]
    wget = summarize(of("wget2"), a.pages)
    trawl = summarize(of("trawl"), a.pages)
    # the frontier holds at least the leaves, the hubs and /
    fr_s = summarize(of("frontier", a.small), min_frontier=a.small)
    fr_b = summarize(of("frontier", a.big), min_frontier=a.big)

    def g(s, k):
        return s.get(k) if s else None

    def fr(s, k, prec=1):
        v = fmt(g(s, k), "", prec)
        return v + "*" if s and v != "n/a" and not s["complete"] else v

    speed = ratio(g(trawl, "pages_per_s"), g(wget, "pages_per_s"))
    rs, rb = g(fr_s, "peak_rss_mb"), g(fr_b, "peak_rss_mb")
    mem_flat = round(max(rs, rb) / min(rs, rb), 3) if rs and rb else None
    goals = {
        "crawl_speed": {"value": speed, "goal": ">= %.2f" % GOALS["crawl_speed"],
                        "result": verdict(speed, GOALS["crawl_speed"], True)},
        "frontier_memory": {"value": mem_flat, "goal": "<= %.2f" % GOALS["frontier_memory"],
                            "result": verdict(mem_flat, GOALS["frontier_memory"], False)},
    }
    for key, deps in (("crawl_speed", (trawl, wget)), ("frontier_memory", (fr_s, fr_b))):
        bad = [d for d in deps if d and not (d["ok"] and d["complete"])]
        if bad:
            goals[key]["result"] = "FAIL"
            goals[key]["note"] = "incomplete run: exit codes %s, pages %s, frontier %s (want %s)" % (
                [d["exit_codes"] for d in bad], [d["pages_served"] for d in bad],
                [d.get("frontier") for d in bad],
                a.pages if key == "crawl_speed" else "%d / %d URLs" % (a.small, a.big))

    results = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "loadavg": loadavg(a.work),
        "versions": {
            "trawl": cmd_out([a.trawl_bin, "--version"]) if a.have_trawl else None,
            "wget2": cmd_out(["wget2", "--version"]),
            "nginx": cmd_out(["/usr/sbin/nginx", "-v"]),
        },
        "trawl_bin": a.trawl_bin if a.have_trawl else None,
        "site": site, "threads": a.threads,
        "frontier_sites": {"small": fsmall, "big": fbig, "max_pages": a.frontier_pages},
        "server": server, "wget2": wget, "trawl": trawl,
        "frontier": {"small_%d" % a.small: fr_s, "big_%d" % a.big: fr_b},
        "goals": goals,
    }
    with open(os.path.join(a.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # ------------------------------------------------------------- table
    P, T = a.pages, a.threads
    rows = [
        ("crawl pages/s, %d pages (trawl end-to-end vs wget2 fetch-only)" % P,
         fr(trawl, "pages_per_s"), fr(wget, "pages_per_s"), fmt(speed, "x", 3),
         goals["crawl_speed"]["goal"] + "x", goals["crawl_speed"]["result"]),
        ("crawl HTML MB/s fetched (trawl vs wget2)",
         fr(trawl, "mb_per_s", 2), fr(wget, "mb_per_s", 2),
         fmt(ratio(g(trawl, "mb_per_s"), g(wget, "mb_per_s")), "x", 3), "-", "info"),
        ("trawl fetch-only pages/s (no fetch-only switch)", "n/a", fr(wget, "pages_per_s"),
         "-", "-", "info"),
        ("trawl WARC MB/s written (gzip WARC bytes / wall s)", fmt(g(trawl, "warc_mb_per_s"), "", 2),
         "-", "-", "-", "info"),
        ("crawl wall s, %d pages (trawl vs wget2)" % P,
         fmt(g(trawl, "wall_s"), "", 2), fmt(g(wget, "wall_s"), "", 2),
         fmt(ratio(g(trawl, "wall_s"), g(wget, "wall_s")), "x", 1), "-", "info"),
        ("CPU s (user+sys), %d pages (trawl vs wget2)" % P,
         fmt(g(trawl, "cpu_s"), "", 2), fmt(g(wget, "cpu_s"), "", 2),
         fmt(ratio(g(trawl, "cpu_s"), g(wget, "cpu_s")), "x", 1), "-", "info"),
        ("peak RSS MB, %d pages (trawl vs wget2)" % P,
         fmt(g(trawl, "peak_rss_mb")), fmt(g(wget, "peak_rss_mb")),
         fmt(ratio(g(trawl, "peak_rss_mb"), g(wget, "peak_rss_mb")), "x", 2), "-", "info"),
        ("cores used (CPU s / wall s; the machine has %s)" % os.cpu_count(),
         fmt(ratio(g(trawl, "cpu_s"), g(trawl, "wall_s"), 2), "", 2),
         fmt(ratio(g(wget, "cpu_s"), g(wget, "wall_s"), 2), "", 2), "-", "-", "info"),
        ("server alone pages/s (nginx; wget2 -i, %d threads, best)" % T,
         "-", fmt(g(server, "pages_per_s")),
         fmt(ratio(g(server, "pages_per_s"), max(g(trawl, "pages_per_s") or 0,
                                                 g(wget, "pages_per_s") or 0) or None), "x", 1)
         + " of fastest", "-", "info"),
        ("peak RSS MB, frontier %d URLs (max_pages %d)" % (a.small, a.frontier_pages),
         fr(fr_s, "peak_rss_mb"), "-", "-", "-", "info"),
        ("peak RSS MB, frontier %d URLs (max_pages %d)" % (a.big, a.frontier_pages),
         fr(fr_b, "peak_rss_mb"), "-", "-", "-", "info"),
        ("peak RSS max/min, frontier %d vs %d URLs" % (a.big, a.small),
         fmt(mem_flat, "x", 3), "-", "-", goals["frontier_memory"]["goal"] + "x",
         goals["frontier_memory"]["result"]),
        ("peak RSS growth per extra URL in the frontier, bytes",
         fmt(round((rb - rs) * 1048576 / (a.big - a.small)) if rs and rb and a.big != a.small
             else None), "-", "-", "-", "info"),
        ("frontier URLs held after the pass (%d / %d site)" % (a.small, a.big),
         "%s / %s" % (fmt(g(fr_s, "frontier")), fmt(g(fr_b, "frontier"))), "-", "-", "-", "info"),
        ("frontier crawl wall s (%d / %d URLs)" % (a.small, a.big),
         "%s / %s" % (fmt(g(fr_s, "wall_s"), "", 2), fmt(g(fr_b, "wall_s"), "", 2)),
         "-", "-", "-", "info"),
    ]
    head = ("metric", "trawl", "baseline", "ratio", "goal", "result")
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join("%%-%ds" % x for x in w)
    m = results["machine"]
    print()
    print("trawl crawl benchmark  (%s, %s CPUs, %s GiB)" % (m["cpu_model"] or "?", m["cpus"], m["mem_gib"]))
    if not a.have_trawl:
        print("  trawl binary not available: trawl columns are n/a")
    la = results["loadavg"]
    fc = la.get("foreign_cores")
    if fc is not None and fc > 0.1:
        print("  WARNING: other processes used %.2f cores on average during the bench:"
              " figures may be skewed" % fc)
    elif fc is not None:
        print("  other load during the bench: %.3f cores (bench %.0f s wall, %.0f CPU-s of its own)"
              % (fc, la["bench_wall_s"], la["bench_cpu_s"]))
    if site:
        print("  site: %d pages, %.1f MB (mean %d bytes), %.1f links a page, tree depth %d; "
              "real text from Debian packages and shared/corpus (bench/ingest/real_corpus.py's pool), "
              "pages ko/ru/en %s" % (site["pages"], site["bytes"] / 1e6, site["mean_page_bytes"],
                                     site["links_per_page"], site["tree_depth"],
                                     "/".join(str(site["by_lang"].get(k, 0)) for k in ("ko", "ru", "en"))))
    print("  server: %s, 2 workers, sendfile, on 127.0.0.1; alone it served %s pages/s (%s MB/s) to wget2 -i"
          % (results["versions"]["nginx"].replace("nginx version: ", "") or "nginx",
             fmt(g(server, "pages_per_s"), "", 0), fmt(g(server, "mb_per_s"), "", 0)))
    print("  baseline: %s --recursive --level=inf --no-parent --max-threads=%d --delete-after (fetch and"
          " link parsing only); trawl: crawl --once, concurrency = per_host = %d, delay 0 (fetch, WARC,"
          " extract, index)" % (results["versions"]["wget2"].split(" - ")[0] or "wget2", T, T))
    print()
    print(line % head)
    print(line % tuple("-" * x for x in w))
    for r in rows:
        print(line % r)
    for key, gl in goals.items():
        if "note" in gl:
            print("  note (%s): %s" % (key, gl["note"]))
    if any(s and not s["complete"] for s in (wget, trawl, fr_s, fr_b)):
        print("  * from a run that fetched or indexed fewer than all the pages, or whose frontier "
              "held fewer URLs than the site links to (see the notes and logs/)")
    print("  trawl has no fetch-only switch: its pages/s are end to end; the WARC rate is what it"
          " wrote while doing all of it")
    if trawl:
        print("  trawl runs: wall %s s, peak RSS %s MB; pages served %s, ingested %s, failed %s,"
              " index %s docs" % (trawl["wall_s_all"], trawl["peak_rss_mb_all"],
                                  trawl["pages_served"], trawl.get("ingested"),
                                  trawl.get("failed"), trawl.get("stats_docs")))
    if wget:
        print("  wget2 runs: wall %s s; pages served %s (%s requests with robots.txt)"
              % (wget["wall_s_all"], wget["pages_served"], wget["requests"]))
    for s, n in ((fr_s, a.small), (fr_b, a.big)):
        if s:
            print("  frontier %d runs: peak RSS %s MB, pages fetched %s, URLs queued at the end %s"
                  % (n, s["peak_rss_mb_all"], s["pages_served"], s.get("queued")))
    print()
    print("results: %s" % os.path.join(a.work, "results.json"))
    return 3 if any(gl["result"] == "FAIL" for gl in goals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
