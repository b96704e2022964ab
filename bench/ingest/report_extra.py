#!/usr/bin/env python3
"""Tables and results.json for bench/ingest/containers.sh and resume.sh.

  report_extra.py containers --work DIR ...   (DIR/runs.jsonl, DIR/packed/containers.jsonl)
  report_extra.py resume --work DIR ...       (DIR/runs.jsonl)

Prints the figures with their baseline beside them and writes DIR/results.json.
Exit status 0 whatever the figures (the scripts report, they do not assert).
"""

import argparse
import datetime
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import cmd_out, fmt, load_jsonl, loadavg, machine_info, verdict  # noqa: E402

GOALS = {
    "container_speedup": 1.5,    # trawl docs/s on the containers / omindex docs/s on the files  >=
    "container_memory": 1.15,    # trawl peak RSS, large zip / small zip                          <=
}


def ratio(x, y, prec=3):
    return round(x / y, prec) if x is not None and y else None


def summarize(rows, docs, containers=0):
    """Median wall and peak RSS over the rounds of one run.  Complete when every
    round indexed all the documents with no failure; trawl indexes a zip or tar
    file as a document too, so up to `containers` more documents count as complete."""
    if not rows:
        return None
    wall = statistics.median(r["wall"] for r in rows)
    rss = statistics.median(r["rss_kb"] for r in rows) / 1024
    ok = all(r["rc"] == 0 for r in rows)
    complete = all(r.get("stats_docs") is not None
                   and docs <= r["stats_docs"] <= docs + containers
                   and not r.get("failed") for r in rows)
    last = rows[-1]
    return {
        "runs": len(rows), "wall_s": round(wall, 3), "wall_s_all": [round(r["wall"], 3) for r in rows],
        "docs": docs, "peak_rss_mb": round(rss, 1), "exit_codes": sorted({r["rc"] for r in rows}),
        "cpu_s": round(statistics.median(r["cpu"] for r in rows), 2)
        if all(r.get("cpu") is not None for r in rows) else None,
        "ingested": last.get("ingested"), "unchanged": last.get("unchanged"),
        "failed": last.get("failed"), "stats_documents": last.get("stats_docs"),
        "ok": ok, "complete": complete,
        # a run that indexed fewer than all the documents keeps its rate, marked "*"
        "docs_per_s": round(docs / wall, 1) if wall > 0 and ok else None,
    }


def fr(s, k, prec=1):
    """A figure, marked "*" when its run indexed fewer than all the documents."""
    v = fmt(s[k] if s else None, "", prec)
    return v + "*" if s and v != "n/a" and not s["complete"] else v


def failures(logdir, limit=5):
    """(count, [(path, code, reason)]) of the documents that failed in the
    --report files of logdir."""
    seen, out = set(), []
    try:
        names = sorted(os.listdir(logdir))
    except OSError:
        return 0, []
    for n in names:
        if not n.endswith(".report"):
            continue
        for r in load_jsonl(os.path.join(logdir, n)):
            if r.get("status") == "failed" and r.get("path") not in seen:
                seen.add(r.get("path"))
                out.append((r.get("path"), r.get("code"), r.get("reason") or r.get("mime")))
    return len(out), out[:limit]


def print_failures(logdir):
    n, some = failures(logdir)
    if n:
        print("  documents that failed (all runs, %d distinct):" % n)
        for path, code, reason in some:
            print("    %s: %s (%s)" % (path, code, reason))


def header(work, title, have_trawl, trawl_bin, corpus):
    mi = machine_info()
    la = loadavg(work)
    print()
    print("%s  (%s, %s CPUs, %s GiB)" % (title, mi["cpu_model"] or "?", mi["cpus"], mi["mem_gib"]))
    if not have_trawl:
        print("  trawl binary not available: trawl columns are n/a")
    else:
        print("  trawl: %s (%s)" % (trawl_bin, cmd_out([trawl_bin, "--version"])))
    fc = la.get("foreign_cores")
    if fc is not None and fc > 0.1:
        print("  WARNING: other processes used %.2f cores on average during the bench:"
              " figures may be skewed" % fc)
    elif fc is not None:
        print("  other load during the bench: %.3f cores (bench %.0f s wall, %.0f CPU-s of its own)"
              % (fc, la["bench_wall_s"], la["bench_cpu_s"]))
    if corpus:
        print("  corpus: %s text, %d docs, %.1f MB (seed %s, sha256 %s...)" % (
            corpus.get("kind", "generated"), corpus.get("docs", 0), corpus.get("bytes", 0) / 1e6,
            corpus.get("seed"), str(corpus.get("sha256", ""))[:12]))
    return mi, la


def table(rows):
    head = ("metric", "trawl", "baseline", "ratio", "goal", "result")
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = "  ".join("%%-%ds" % x for x in w)
    print()
    print(line % head)
    print(line % tuple("-" * x for x in w))
    for r in rows:
        print(line % tuple(str(x) for x in r))


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def containers(a):
    runs = load_jsonl(os.path.join(a.work, "runs.jsonl"))
    packed = load_jsonl(os.path.join(a.work, "packed", "containers.jsonl"))
    corpus = load_json(a.corpus_json)

    def sel(tool, set_):
        return [r for r in runs if r["tool"] == tool and r["set"] == set_]

    om = summarize(sel("omindex", "files"), a.docs)
    om_s = summarize(sel("omindex", "files-small"), a.small_files)
    speed_n = sum(1 for p in packed if "set" not in p)
    tc = summarize(sel("trawl", "containers"), a.docs, speed_n)
    tf = summarize(sel("trawl", "files"), a.docs)
    ms = summarize(sel("trawl", "mem-small"), a.mem_small, 1)
    ml = summarize(sel("trawl", "mem-large"), a.mem_large, 1)

    def g(s, k):
        return s[k] if s else None

    speed = [p for p in packed if "set" not in p]
    kinds = {}
    for p in speed:
        k = kinds.setdefault(p["kind"], {"files": 0, "docs": 0, "bytes": 0})
        k["files"] += 1
        k["docs"] += p["docs"]
        k["bytes"] += p["bytes"]
    mem = {p["set"]: p for p in packed if "set" in p}
    doc_bytes = sum(p["doc_bytes"] for p in speed) or corpus.get("bytes")

    speedup = ratio(g(tc, "docs_per_s"), g(om, "docs_per_s"))
    mem_ratio = ratio(g(ml, "peak_rss_mb"), g(ms, "peak_rss_mb"))
    om_mem_ratio = ratio(g(om, "peak_rss_mb"), g(om_s, "peak_rss_mb"))
    goals = {
        "container_speedup": {"value": speedup, "goal": ">= %.2f" % GOALS["container_speedup"],
                              "result": verdict(speedup, GOALS["container_speedup"], True)},
        "container_memory": {"value": mem_ratio, "goal": "<= %.2f" % GOALS["container_memory"],
                             "result": verdict(mem_ratio, GOALS["container_memory"], False)},
    }
    for key, deps in (("container_speedup", (tc, om)), ("container_memory", (ms, ml))):
        bad = [d for d in deps if d and not (d["ok"] and d["complete"])]
        if bad:
            goals[key]["result"] = "FAIL"
            goals[key]["note"] = "incomplete run: exit codes %s, documents in the index %s " \
                "for %s in the input, failed %s" % (
                    [d["exit_codes"] for d in bad], [d["stats_documents"] for d in bad],
                    [d["docs"] for d in bad], [d["failed"] for d in bad])

    mi, la = header(a.work, "trawl containers benchmark", a.have_trawl, a.trawl_bin, corpus)
    print("  speed set: %s; %.1f MB of documents in %.1f MB of containers" % (
        ", ".join("%d %s (%d docs)" % (v["files"], k, v["docs"]) for k, v in sorted(kinds.items())),
        (doc_bytes or 0) / 1e6, sum(v["bytes"] for v in kinds.values()) / 1e6))
    for s in ("mem-small", "mem-large"):
        if s in mem:
            print("  %s: one zip (%s), %d docs, %.1f MB" % (s, a.mem_zip, mem[s]["docs"], mem[s]["bytes"] / 1e6))
    print("  baseline: omindex (1 thread) on the same documents as plain files; trawl --threads %d" % a.threads)

    n_cont = sum(v["files"] for v in kinds.values())
    sm_mb = mem.get("mem-small", {}).get("bytes", 0) / 1e6
    lg_mb = mem.get("mem-large", {}).get("bytes", 0) / 1e6
    rows = [
        ("ingest docs/s, %d docs: trawl on %d containers vs omindex on the files" % (a.docs, n_cont),
         fr(tc, "docs_per_s"), fr(om, "docs_per_s"), fmt(speedup, "x", 3),
         goals["container_speedup"]["goal"] + "x", goals["container_speedup"]["result"]),
        ("ingest MB/s of documents (same)",
         fmt(ratio(doc_bytes / 1e6 if doc_bytes else None, g(tc, "wall_s"), 2), "", 2),
         fmt(ratio(doc_bytes / 1e6 if doc_bytes else None, g(om, "wall_s"), 2), "", 2),
         fmt(speedup, "x", 2), "-", "info"),
        ("ingest wall s (same)", fmt(g(tc, "wall_s"), "", 2), fmt(g(om, "wall_s"), "", 2),
         fmt(ratio(g(tc, "wall_s"), g(om, "wall_s")), "x", 2), "-", "info"),
        ("CPU s (user+sys), same", fmt(g(tc, "cpu_s"), "", 1), fmt(g(om, "cpu_s"), "", 1),
         fmt(ratio(g(tc, "cpu_s"), g(om, "cpu_s")), "x", 2), "-", "info"),
        ("trawl docs/s: containers vs the same docs as files",
         fr(tc, "docs_per_s"), fr(tf, "docs_per_s"),
         fmt(ratio(g(tc, "docs_per_s"), g(tf, "docs_per_s")), "x", 3), "-", "info"),
        ("documents in the index (trawl stats / xapian-delve)",
         fmt(g(tc, "stats_documents")), fmt(g(om, "stats_documents")), "-",
         "%d + <= %d containers" % (a.docs, n_cont),
         "n/a" if not tc else ("PASS" if tc["complete"] else "FAIL")),
        ("trawl summary: ingested / unchanged / failed",
         "%s / %s / %s" % (fmt(g(tc, "ingested")), fmt(g(tc, "unchanged")), fmt(g(tc, "failed"))),
         "-", "-", "-", "info"),
        ("peak RSS MB, speed set", fmt(g(tc, "peak_rss_mb")), fmt(g(om, "peak_rss_mb")),
         fmt(ratio(g(tc, "peak_rss_mb"), g(om, "peak_rss_mb")), "x", 2), "-", "info"),
        ("peak RSS MB, one %.0f MB zip, %d docs (omindex: %d files)" % (sm_mb, a.mem_small, a.small_files),
         fmt(g(ms, "peak_rss_mb")), fmt(g(om_s, "peak_rss_mb")), "-", "-", "info"),
        ("peak RSS MB, one %.0f MB zip, %d docs (omindex: %d files)" % (lg_mb, a.mem_large, a.docs),
         fmt(g(ml, "peak_rss_mb")), fmt(g(om, "peak_rss_mb")), "-", "-", "info"),
        ("peak RSS ratio, large / small (%.1fx the documents)" % (a.mem_large / a.mem_small if a.mem_small else 0),
         fmt(mem_ratio, "x", 3), fmt(om_mem_ratio, "x", 3), "-",
         goals["container_memory"]["goal"] + "x", goals["container_memory"]["result"]),
        ("docs/s, small zip / large zip",
         fr(ms, "docs_per_s"), fr(ml, "docs_per_s"), "-", "-", "info"),
    ]
    table(rows)
    for key, gl in goals.items():
        if "note" in gl:
            print("  note (%s): %s" % (key, gl["note"]))
    if any(s and not s["complete"] for s in (om, om_s, tc, tf, ms, ml)):
        print("  * from a run that indexed fewer than all the documents")
    print_failures(os.path.join(a.work, "logs"))
    results = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": mi, "loadavg": la, "trawl_bin": a.trawl_bin if a.have_trawl else None,
        "versions": {"trawl": cmd_out([a.trawl_bin, "--version"]) if a.have_trawl else None,
                     "omindex": cmd_out(["omindex", "--version"])},
        "corpus": corpus, "containers": packed, "threads": a.threads,
        "runs": {"omindex_files": om, "omindex_files_small": om_s, "trawl_containers": tc,
                 "trawl_files": tf, "trawl_mem_small": ms, "trawl_mem_large": ml},
        "goals": goals,
    }
    path = os.path.join(a.work, "results.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print()
    print("results: %s" % path)


def resume(a):
    runs = {r["phase"]: r for r in load_jsonl(os.path.join(a.work, "runs.jsonl"))}
    corpus = load_json(a.corpus_json)
    full, killed, restart = runs.get("full"), runs.get("killed"), runs.get("restart")

    def g(r, k):
        return r.get(k) if r else None

    full_wall, restart_wall = g(full, "wall"), g(restart, "wall")
    full_docs, kill_docs, final_docs = g(full, "stats_docs"), g(killed, "stats_docs"), g(restart, "stats_docs")
    done = ratio(kill_docs, full_docs) if kill_docs is not None else None
    # what the restart would take if it did only the documents the killed run had not
    # indexed, at the full run's rate
    ideal = round(full_wall * (1 - done), 3) if full_wall and done is not None else None
    lost = round(g(killed, "wall") + restart_wall - full_wall, 3) \
        if full_wall and restart_wall and killed else None
    same = final_docs is not None and final_docs == full_docs and g(restart, "rc") == 0
    full_ok = full is not None and full["rc"] == 0

    mi, la = header(a.work, "trawl resume benchmark", True, a.trawl_bin, corpus)
    print("  runs: trawl ingest --threads %d, SIGKILL at %.0f %% of the full run's wall time, then the"
          " same command%s" % (a.threads, a.kill_at * 100,
                               (" with " + a.restart_args) if a.restart_args else ""))
    if killed is not None and not killed.get("killed"):
        print("  note: the killed run finished before the signal: nothing was left to resume")
    rows = [
        ("full ingest wall s, %d docs (%s indexed)" % (a.docs, fmt(full_docs)), fmt(full_wall, "", 2),
         "-", "-", "-", "info" if full_ok else "FAIL (exit %s)" % g(full, "rc")),
        ("killed run: SIGKILL after s", fmt(g(killed, "kill_after"), "", 2), fmt(full_wall, "", 2),
         fmt(ratio(g(killed, "kill_after"), full_wall, 2), "x", 2), "-", "info"),
        ("documents in the index at the kill", fmt(kill_docs), fmt(full_docs),
         fmt(done, "", 3), "-", "info"),
        ("restart wall s vs full run", fmt(restart_wall, "", 2), fmt(full_wall, "", 2),
         fmt(ratio(restart_wall, full_wall), "x", 3), "-", "info"),
        ("restart CPU s (user+sys) vs full run", fmt(g(restart, "cpu"), "", 1), fmt(g(full, "cpu"), "", 1),
         fmt(ratio(g(restart, "cpu"), g(full, "cpu")), "x", 3), "-", "info"),
        ("restart wall s vs the work left (full x (1 - share at the kill))",
         fmt(restart_wall, "", 2), fmt(ideal, "", 2), fmt(ratio(restart_wall, ideal), "x", 3), "-", "info"),
        ("killed + restart - full: time lost to the kill, s", fmt(lost, "", 2), "-",
         fmt(ratio(lost, full_wall), "x", 3), "-", "info"),
        ("restart summary: ingested / unchanged / failed",
         "%s / %s / %s" % (fmt(g(restart, "ingested")), fmt(g(restart, "unchanged")),
                           fmt(g(restart, "failed"))), "-", "-", "-", "info"),
        ("peak RSS MB, restart vs full", fmt(ratio(g(restart, "rss_kb"), 1024, 1)),
         fmt(ratio(g(full, "rss_kb"), 1024, 1)), fmt(ratio(g(restart, "rss_kb"), g(full, "rss_kb"), 2), "x", 2),
         "-", "info"),
        ("documents after the restart vs full run", fmt(final_docs), fmt(full_docs), "-", "equal",
         "PASS" if same else "FAIL"),
    ]
    table(rows)
    print_failures(os.path.join(a.work, "logs"))
    results = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": mi, "loadavg": la, "trawl_bin": a.trawl_bin,
        "versions": {"trawl": cmd_out([a.trawl_bin, "--version"])},
        "corpus": corpus, "threads": a.threads, "kill_at": a.kill_at, "restart_args": a.restart_args,
        "runs": runs, "share_done_at_kill": done, "restart_ideal_s": ideal, "lost_s": lost,
        "check_same_documents": same,
    }
    path = os.path.join(a.work, "results.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print()
    print("results: %s" % path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("containers")
    c.add_argument("--work", required=True)
    c.add_argument("--docs", type=int, required=True)
    c.add_argument("--mem-small", type=int, required=True)
    c.add_argument("--mem-large", type=int, required=True)
    c.add_argument("--mem-zip", default="stored")
    c.add_argument("--small-files", type=int, required=True)
    c.add_argument("--corpus-json", default="")
    c.add_argument("--trawl-bin", default="")
    c.add_argument("--have-trawl", type=int, default=0)
    c.add_argument("--threads", type=int, default=2)
    r = sub.add_parser("resume")
    r.add_argument("--work", required=True)
    r.add_argument("--docs", type=int, required=True)
    r.add_argument("--corpus", default="real")
    r.add_argument("--corpus-json", default="")
    r.add_argument("--trawl-bin", default="")
    r.add_argument("--threads", type=int, default=2)
    r.add_argument("--kill-at", type=float, default=0.5)
    r.add_argument("--restart-args", default="")
    a = ap.parse_args()
    if a.cmd == "containers":
        containers(a)
    else:
        resume(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
