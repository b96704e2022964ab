#!/usr/bin/env python3
"""Turn the raw measurements of bench/ingest/run.sh into a table and results.json.

Reads  WORK/runs.jsonl  (one ingest run per line),
       WORK/pdf.jsonl   (one PDF extraction run or RSS sample per line),
       WORK/real-N.json or WORK/corpus-N.json (corpus summaries, for input
       bytes; real_corpus.py or gen_corpus.py, chosen by --corpus).
Writes WORK/results.json and prints the tables on stdout.
Exit status: 0 = all evaluated goals pass (or n/a), 3 = at least one goal failed.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

GOALS = {
    "ingest_speedup": 1.5,     # trawl docs/s (threads 2) / omindex docs/s  >=
    "pdf_time_ratio": 1.2,     # trawl extract / pdftotext, net of start-up   <=
    "thread_scaling": 1.7,     # docs/s threads 2 / threads 1               >=
    "memory_flatness": 1.15,   # max/min peak RSS of 10k vs 2.5k docs       <=
}


def load_jsonl(path):
    rows = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    rows.append(json.loads(line))
    return rows


def cmd_out(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        return (r.stdout + r.stderr).strip().splitlines()[0] if (r.stdout + r.stderr).strip() else ""
    except Exception:
        return ""


def machine_info():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kb = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {"host": platform.node(), "cpus": os.cpu_count(), "cpu_model": cpu,
            "mem_gib": round(mem_kb / 1048576, 1), "kernel": platform.release()}


def loadavg(work):
    """1/5/15-minute load averages before the bench and now (at report time)."""
    out = {}
    try:
        with open(os.path.join(work, "loadavg.start")) as f:
            out["start"] = [float(x) for x in f.read().split()[:3]]
    except (OSError, ValueError):
        pass
    try:
        out["end"] = [float(x) for x in os.getloadavg()]
        out["end"] = [round(x, 2) for x in out["end"]]
    except OSError:
        pass
    # foreign CPU: machine-wide busy time minus the bench's own children
    try:
        def busy(path):
            with open(os.path.join(work, path)) as f:
                v = [int(x) for x in f.read().split()[1:]]
            return sum(v[i] for i in (0, 1, 2, 5, 6) if i < len(v))  # user nice system irq softirq

        def secs(tok):  # bash `times` format: 1m2.345s
            m, rest = tok.rstrip("s").split("m")
            return int(m) * 60 + float(rest)

        hz = os.sysconf("SC_CLK_TCK")
        with open(os.path.join(work, "times.txt")) as f:
            lines = f.read().split("\n")
        own = sum(secs(t) for t in lines[0].split()) + sum(secs(t) for t in lines[1].split())
        with open(os.path.join(work, "wall.txt")) as f:
            wall = float(f.read())
        total = (busy("cpu.end") - busy("cpu.start")) / hz
        out["bench_wall_s"] = round(wall, 1)
        out["machine_cpu_s"] = round(total, 1)
        out["bench_cpu_s"] = round(own, 1)
        out["foreign_cores"] = round(max(0.0, total - own) / wall, 3) if wall > 0 else None
    except (OSError, ValueError, IndexError):
        pass
    return out


def summarize_runs(runs, tool, threads, docs, corpus_bytes):
    sel = [r for r in runs if r["tool"] == tool and r["threads"] == threads and r["docs"] == docs]
    if not sel:
        return None
    walls = [r["wall"] for r in sel]
    rss = [r["rss_kb"] for r in sel]
    wall = statistics.median(walls)
    ok = all(r["rc"] == 0 for r in sel)
    indexed = [r["indexed"] for r in sel]
    failed = [r["failed"] for r in sel]
    complete = all(i is not None and i == docs for i in indexed) and \
        all(r.get("stats_docs") in (None, docs) for r in sel)
    s = {
        "runs": len(sel),
        "wall_s": round(wall, 3),
        "wall_s_all": [round(w, 3) for w in walls],
        "docs": docs,
        "input_bytes": corpus_bytes,
        # rates only for runs that exited 0; a run that indexed fewer than all the
        # documents shows them marked with "*", and its goals fail
        "docs_per_s": round(docs / wall, 1) if wall > 0 and ok else None,
        "mb_per_s": round(corpus_bytes / 1e6 / wall, 2)
        if wall > 0 and corpus_bytes and ok else None,
        # user + system CPU seconds (older runs.jsonl have none)
        "cpu_s": round(statistics.median(r["cpu"] for r in sel), 2)
        if all(r.get("cpu") is not None for r in sel) else None,
        "peak_rss_mb": round(statistics.median(rss) / 1024, 1),
        "peak_rss_mb_max": round(max(rss) / 1024, 1),
        "exit_codes": sorted({r["rc"] for r in sel}),
        "indexed": indexed[-1],
        "failed": failed[-1],
        "stats_documents": sel[-1].get("stats_docs"),
        "ok": ok,
        "complete": complete,
    }
    return s


def summarize_pdfs(rows):
    files = {}
    for r in rows:
        f = files.setdefault(r["pdf"], {})
        t = f.setdefault(r["tool"], {"walls": [], "rcs": [], "rss_kb": None})
        if "rss_kb" in r:
            t["rss_kb"] = r["rss_kb"]
        else:
            t["walls"].append(r["wall"])
            t["rcs"].append(r["rc"])
    out = []
    for path in sorted(files):
        entry = {"file": path, "name": os.path.basename(path)}
        for tool, t in files[path].items():
            if not t["walls"]:
                continue
            rc = max(t["rcs"], key=lambda c: (c != 0, c))
            entry[tool] = {
                "median_s": round(statistics.median(t["walls"]), 5),
                "runs": len(t["walls"]),
                "exit_code": rc,
                "ok": all(c == 0 for c in t["rcs"]),
                "peak_rss_mb": round(t["rss_kb"] / 1024, 1) if t["rss_kb"] else None,
            }
        out.append(entry)
    return out


def fmt(v, unit="", prec=1):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return ("%." + str(prec) + "f%s") % (v, unit)
    return "%s%s" % (v, unit)


def verdict(value, goal, higher_better):
    if value is None:
        return "n/a"
    ok = value >= goal if higher_better else value <= goal
    return "PASS" if ok else "FAIL"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--small-docs", type=int, required=True)
    ap.add_argument("--trawl-bin", default="")
    ap.add_argument("--have-trawl", type=int, default=0)
    ap.add_argument("--corpus", choices=("real", "generated"), default="generated",
                    help="kind of corpus the runs read (labels the figures)")
    a = ap.parse_args()

    runs = load_jsonl(os.path.join(a.work, "runs.jsonl"))
    pdf_rows = load_jsonl(os.path.join(a.work, "pdf.jsonl"))

    def corpus_stats(n):
        p = os.path.join(a.work, "%s-%d.json" % ("real" if a.corpus == "real" else "corpus", n))
        if os.path.exists(p):
            with open(p) as f:
                return json.load(f)
        return {}

    big, small = corpus_stats(a.docs), corpus_stats(a.small_docs)
    bbytes, sbytes = big.get("bytes"), small.get("bytes")

    om = summarize_runs(runs, "omindex", 1, a.docs, bbytes)
    om_s = summarize_runs(runs, "omindex", 1, a.small_docs, sbytes)
    t1 = summarize_runs(runs, "trawl", 1, a.docs, bbytes)
    t2 = summarize_runs(runs, "trawl", 2, a.docs, bbytes)
    t2_s = summarize_runs(runs, "trawl", 2, a.small_docs, sbytes)

    def g(s, k):
        return s[k] if s else None

    def fr(s, k, prec=1):
        """A rate, marked when its run indexed fewer than all the documents."""
        v = fmt(g(s, k), "", prec)
        return v + "*" if s and v != "n/a" and not s["complete"] else v

    def ratio(x, y):
        return round(x / y, 3) if x is not None and y else None

    def flat(x, y):
        return round(max(x, y) / min(x, y), 3) if x and y else None

    pdfs = summarize_pdfs(pdf_rows)
    startup = next((p for p in pdfs if p["file"] == "(startup)"), {})
    pdfs = [p for p in pdfs if p["file"] != "(startup)"]
    startup_s = {t: startup[t]["median_s"] for t in ("trawl", "pdftotext") if t in startup}
    both = [p for p in pdfs if p.get("trawl", {}).get("ok") and p.get("pdftotext", {}).get("ok")]
    pt_ok = [p for p in pdfs if p.get("pdftotext", {}).get("ok")]
    pdf_tot = {
        "files": len(pdfs),
        "pdftotext_total_s_all": round(sum(p["pdftotext"]["median_s"] for p in pdfs if "pdftotext" in p), 4),
        "pdftotext_total_s_ok": round(sum(p["pdftotext"]["median_s"] for p in pt_ok), 4),
        "pdftotext_failed": [p["name"] for p in pdfs if "pdftotext" in p and not p["pdftotext"]["ok"]],
        "trawl_total_s_all": round(sum(p["trawl"]["median_s"] for p in pdfs if "trawl" in p), 4)
        if any("trawl" in p for p in pdfs) else None,
        "trawl_failed": [p["name"] for p in pdfs if "trawl" in p and not p["trawl"]["ok"]],
        "both_ok_files": len(both),
        "trawl_total_s_both_ok": round(sum(p["trawl"]["median_s"] for p in both), 4) if both else None,
        "pdftotext_total_s_both_ok": round(sum(p["pdftotext"]["median_s"] for p in both), 4) if both else None,
    }
    if not pdfs:
        for k in ("pdftotext_total_s_all", "pdftotext_total_s_ok"):
            pdf_tot[k] = None
    pdf_raw_ratio = ratio(pdf_tot["trawl_total_s_both_ok"], pdf_tot["pdftotext_total_s_both_ok"])
    # Extraction time net of each tool's own process start-up (measured separately):
    # what a file costs inside a running pipeline, which pays start-up once.
    def net(tool):
        if tool not in startup_s or not both:
            return None
        return round(sum(max(0.0, p[tool]["median_s"] - startup_s[tool]) for p in both), 4)
    pdf_tot["startup_s"] = startup_s
    pdf_tot["trawl_net_s_both_ok"] = net("trawl")
    pdf_tot["pdftotext_net_s_both_ok"] = net("pdftotext")
    pdf_ratio = ratio(pdf_tot["trawl_net_s_both_ok"], pdf_tot["pdftotext_net_s_both_ok"])

    speedup = ratio(g(t2, "docs_per_s"), g(om, "docs_per_s"))
    scaling = ratio(g(t2, "docs_per_s"), g(t1, "docs_per_s"))
    mem_flat = flat(g(t2, "peak_rss_mb"), g(t2_s, "peak_rss_mb"))
    om_flat = flat(g(om, "peak_rss_mb"), g(om_s, "peak_rss_mb"))

    goals = {
        "ingest_speedup": {"value": speedup, "goal": ">= %.2f" % GOALS["ingest_speedup"],
                           "result": verdict(speedup, GOALS["ingest_speedup"], True)},
        "pdf_time_ratio": {"value": pdf_ratio, "goal": "<= %.2f" % GOALS["pdf_time_ratio"],
                           "result": verdict(pdf_ratio, GOALS["pdf_time_ratio"], False)},
        "thread_scaling": {"value": scaling, "goal": ">= %.2f" % GOALS["thread_scaling"],
                           "result": verdict(scaling, GOALS["thread_scaling"], True)},
        "memory_flatness": {"value": mem_flat, "goal": "<= %.2f" % GOALS["memory_flatness"],
                            "result": verdict(mem_flat, GOALS["memory_flatness"], False)},
    }
    # a run that did not complete (non-zero exit, fewer docs indexed) cannot pass
    for key, deps in (("ingest_speedup", (t2, om)), ("thread_scaling", (t1, t2)),
                      ("memory_flatness", (t2, t2_s))):
        bad = [d for d in deps if d and not (d["ok"] and d["complete"])]
        if bad:
            goals[key]["result"] = "FAIL"
            goals[key]["note"] = "incomplete run: exit codes %s, indexed %s of %s" % (
                [d["exit_codes"] for d in bad], [d["indexed"] for d in bad], [d["docs"] for d in bad])

    results = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "loadavg": loadavg(a.work),
        "versions": {
            "trawl": cmd_out([a.trawl_bin, "--version"]) if a.have_trawl else None,
            "omindex": cmd_out(["omindex", "--version"]),
            "pdftotext": cmd_out(["pdftotext", "-v"]),
        },
        "trawl_bin": a.trawl_bin if a.have_trawl else None,
        "corpus": {"kind": a.corpus, "docs": a.docs, "small_docs": a.small_docs,
                   "big": big, "small": small},
        "ingest": {
            "omindex_%d" % a.docs: om, "omindex_%d" % a.small_docs: om_s,
            "trawl_t1_%d" % a.docs: t1, "trawl_t2_%d" % a.docs: t2,
            "trawl_t2_%d" % a.small_docs: t2_s,
            "omindex_rss_ratio_big_small": om_flat,
        },
        "pdf": {"totals": pdf_tot, "ratio_trawl_pdftotext": pdf_ratio, "files": pdfs},
        "goals": goals,
    }
    with open(os.path.join(a.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # ------------------------------------------------------------- tables
    N, S = a.docs, a.small_docs
    kind = "real-text" if a.corpus == "real" else "generated"
    rows = [
        ("ingest docs/s, %d %s docs (trawl -t2 vs omindex)" % (N, kind),
         fr(t2, "docs_per_s"), fr(om, "docs_per_s"), fmt(speedup, "x", 3),
         goals["ingest_speedup"]["goal"] + "x", goals["ingest_speedup"]["result"]),
        ("ingest MB/s, %d %s docs (trawl -t2 vs omindex)" % (N, kind),
         fr(t2, "mb_per_s", 2), fr(om, "mb_per_s", 2),
         fmt(ratio(g(t2, "mb_per_s"), g(om, "mb_per_s")), "x", 2), "-", "info"),
        ("ingest docs/s, %d %s docs (trawl -t1 vs omindex)" % (N, kind),
         fr(t1, "docs_per_s"), fr(om, "docs_per_s"),
         fmt(ratio(g(t1, "docs_per_s"), g(om, "docs_per_s")), "x", 2), "-", "info"),
        ("ingest wall s, %d %s docs (trawl -t2 vs omindex)" % (N, kind),
         fmt(g(t2, "wall_s"), "", 2), fmt(g(om, "wall_s"), "", 2),
         fmt(ratio(g(t2, "wall_s"), g(om, "wall_s")), "x", 2), "-", "info"),
        ("CPU s (user+sys), %d %s docs (trawl -t2 vs omindex)" % (N, kind),
         fmt(g(t2, "cpu_s"), "", 1), fmt(g(om, "cpu_s"), "", 1),
         fmt(ratio(g(t2, "cpu_s"), g(om, "cpu_s")), "x", 2), "-", "info"),
        ("CPU s (user+sys), %d %s docs (trawl -t1 vs omindex)" % (N, kind),
         fmt(g(t1, "cpu_s"), "", 1), fmt(g(om, "cpu_s"), "", 1),
         fmt(ratio(g(t1, "cpu_s"), g(om, "cpu_s")), "x", 2), "-", "info"),
        ("thread scaling docs/s -t2 / -t1",
         fmt(scaling, "x", 3), "-", "-", goals["thread_scaling"]["goal"] + "x",
         goals["thread_scaling"]["result"]),
        ("peak RSS MB, %d %s docs (trawl -t2 vs omindex)" % (N, kind),
         fmt(g(t2, "peak_rss_mb")), fmt(g(om, "peak_rss_mb")),
         fmt(ratio(g(t2, "peak_rss_mb"), g(om, "peak_rss_mb")), "x", 2), "-", "info"),
        ("peak RSS MB, %d %s docs (trawl -t2 vs omindex)" % (S, kind),
         fmt(g(t2_s, "peak_rss_mb")), fmt(g(om_s, "peak_rss_mb")),
         fmt(ratio(g(t2_s, "peak_rss_mb"), g(om_s, "peak_rss_mb")), "x", 2), "-", "info"),
        ("peak RSS max/min, %d vs %d %s docs" % (N, S, kind),
         fmt(mem_flat, "x", 3), fmt(om_flat, "x", 3), "-",
         goals["memory_flatness"]["goal"] + "x", goals["memory_flatness"]["result"]),
        ("PDF extract s net of start-up, %d files ok in both" % pdf_tot["both_ok_files"],
         fmt(pdf_tot["trawl_net_s_both_ok"], "", 3), fmt(pdf_tot["pdftotext_net_s_both_ok"], "", 3),
         fmt(pdf_ratio, "x", 3), goals["pdf_time_ratio"]["goal"] + "x", goals["pdf_time_ratio"]["result"]),
        ("PDF extract s per process, %d files ok in both" % pdf_tot["both_ok_files"],
         fmt(pdf_tot["trawl_total_s_both_ok"], "", 3), fmt(pdf_tot["pdftotext_total_s_both_ok"], "", 3),
         fmt(pdf_raw_ratio, "x", 3), "-", "info"),
        ("process start-up s (extract /dev/null / -v)",
         fmt(startup_s.get("trawl"), "", 4), fmt(startup_s.get("pdftotext"), "", 4), "-", "-", "info"),
        ("PDF extract total s, all %d files" % pdf_tot["files"],
         fmt(pdf_tot["trawl_total_s_all"], "", 3), fmt(pdf_tot["pdftotext_total_s_all"], "", 3),
         fmt(ratio(pdf_tot["trawl_total_s_all"], pdf_tot["pdftotext_total_s_all"]), "x", 2), "-", "info"),
    ]
    head = ("metric", "trawl", "baseline", "ratio", "goal", "result")
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join("%%-%ds" % x for x in w)
    print()
    print("trawl ingest benchmark  (%s, %s CPUs, %s GiB)" % (
        results["machine"]["cpu_model"] or "?", results["machine"]["cpus"], results["machine"]["mem_gib"]))
    if not a.have_trawl:
        print("  trawl binary not available: trawl columns are n/a")
    la = results["loadavg"]
    fc = la.get("foreign_cores")
    # foreign_cores is exact; the load average still carries what ran minutes before
    if fc is not None and fc > 0.1:
        print("  WARNING: other processes used %.2f cores on average during the bench:"
              " figures may be skewed" % fc)
    elif fc is not None:
        print("  other load during the bench: %.3f cores (bench %.0f s wall, %.0f CPU-s of its own)"
              % (fc, la["bench_wall_s"], la["bench_cpu_s"]))
    print("  corpus: %s (CORPUS=%s), %d docs, %.1f MB; small: %d docs, %.1f MB;"
          " baseline: omindex (1 thread), pdftotext"
          % ("real text from Debian packages and shared/corpus (real_corpus.py)"
             if a.corpus == "real" else "generated vocabulary (gen_corpus.py)",
             a.corpus, N, (bbytes or 0) / 1e6, S, (sbytes or 0) / 1e6))
    print()
    print(line % head)
    print(line % tuple("-" * x for x in w))
    for r in rows:
        print(line % r)
    for key, gl in goals.items():
        if "note" in gl:
            print("  note (%s): %s" % (key, gl["note"]))
    if any(s and not s["complete"] for s in (om, om_s, t1, t2, t2_s)):
        print("  * from a run that indexed fewer than all the documents (see the notes; "
              "the failures are in logs/*.report)")

    if pdfs:
        print()
        ph = ("pdf", "trawl s", "rc", "pdftotext s", "rc", "ratio", "trawl MB", "pdftotext MB")
        prow = []
        for p in pdfs:
            tr, pt = p.get("trawl"), p.get("pdftotext")
            prow.append((p["name"],
                         fmt(tr and tr["median_s"], "", 4), fmt(tr and tr["exit_code"]),
                         fmt(pt and pt["median_s"], "", 4), fmt(pt and pt["exit_code"]),
                         fmt(ratio(tr and tr["median_s"], pt and pt["median_s"]), "x", 2),
                         fmt(tr and tr["peak_rss_mb"]), fmt(pt and pt["peak_rss_mb"])))
        prow.append(("TOTAL (all files)", fmt(pdf_tot["trawl_total_s_all"], "", 4), "",
                     fmt(pdf_tot["pdftotext_total_s_all"], "", 4), "",
                     fmt(ratio(pdf_tot["trawl_total_s_all"], pdf_tot["pdftotext_total_s_all"]), "x", 2),
                     "", ""))
        pw = [max(len(str(r[i])) for r in prow + [ph]) for i in range(len(ph))]
        pl = "  ".join("%%-%ds" % x for x in pw)
        print(pl % ph)
        print(pl % tuple("-" * x for x in pw))
        for r in prow:
            print(pl % r)
        print("  (median of the timed runs per file, each a full process start; rc = worst exit code)")
        if pdf_tot["pdftotext_failed"]:
            print("  pdftotext failed on: %s" % ", ".join(pdf_tot["pdftotext_failed"]))
        if pdf_tot["trawl_failed"]:
            print("  trawl extract failed on: %s" % ", ".join(pdf_tot["trawl_failed"]))
    print()
    print("results: %s" % os.path.join(a.work, "results.json"))
    return 3 if any(gl["result"] == "FAIL" for gl in goals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
