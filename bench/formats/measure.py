#!/usr/bin/env python3
"""bench/formats: text recall and documents/s of trawl's format readers, beside the tools a
user would reach for, on the same files.

Reads the files under WORK/in (generated/: scripts/make-office-fixtures.py's files and
its expected.json; corpus/: the real files of shared/corpus/office and the office
members of shared/corpus/archives/tgz_test-documents_tika.tgz). Runs:
  - formats_bench (trawl's extractors in-process, median of N passes) on every file;
  - the baselines, one process per file, each where it applies:
      docx2txt (docx), antiword and catdoc (doc), xls2csv (xls), catppt (ppt),
      unrtf --text (rtf);
  - LibreOffice, one `soffice --headless --convert-to` call per target for all the files
    it covers (text documents to txt, spreadsheets to csv with every sheet,
    presentations to pdf then pdftotext), so that its start-up is paid once.
Recall: for a generated file, the share of its reference words (expected.json "text",
as a multiset of lower-cased NFC words) found in the output; for a corpus file, the
share of the phrases Tika's tests assert (CORPUS_REFERENCES) found. "vs baseline": the
share of a baseline's words that trawl's output also has (trawl is no worse than the
baseline on a file when that share is at least the baseline's share of trawl's words).
Writes WORK/results.json and prints the tables. Exit 0 whatever the figures, 3 with
--strict when a goal fails.
"""

import argparse
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

# Phrases Tika's tests (or shared/corpus/MANIFEST.md) assert of the real files.
CORPUS_REFERENCES = {
    "cs_rtf_word2010_czech_tika.rtf": ["Článek týdne"],
    "en_excel_tika.xlsx": ["Simple Excel document", "Sample Excel Worksheet"],
    "en_word_various_tika.docx": ["Footnote appears here", "This is a footnote.",
                                  "This is the header text.", "This is the footer text.",
                                  "Here is a text box"],
    "en_pptx_various_tika.pptx": ["Here is a text box", "Row 1 Col 1", "Here is a numbered list:"],
    "en_odt_ooo3_tika.odt": ["Apache Tika", "Tika is part of the Lucene project."],
    "testWORD.doc": ["Sample Word Document"],
    "testEXCEL.xls": ["Sample Excel Worksheet"],
    "testPPT.ppt": ["Sample Powerpoint Slide"],
    "testRTF.rtf": ["Test"],
    "testOpenOffice2.odt": ["This is a sample Open Office document"],
}

GOALS = {"recall": 0.98, "speed_vs_libreoffice": 5.0}

WORD = re.compile(r"\w+", re.UNICODE)


def words(text):
    return collections.Counter(w.lower() for w in WORD.findall(unicodedata.normalize("NFC", text)))


def recall(ref, out):
    total = sum(ref.values())
    if not total:
        return None
    return sum(min(n, out[w]) for w, n in ref.items()) / total


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s).split())


def fmt_of(path):
    name = os.path.basename(path).lower()
    return name.rsplit(".", 1)[-1] if "." in name else "?"


def run_timed(cmd, timeout=120):
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        out = p.stdout.decode("utf-8", "replace")
        rc = p.returncode
    except subprocess.TimeoutExpired:
        out, rc = "", "timeout"
    except FileNotFoundError:
        return None
    return {"ms": (time.monotonic() - t0) * 1000, "text": out, "rc": rc}


BASELINES = {
    "docx": [("docx2txt", lambda f: ["docx2txt", f, "-"])],
    "doc": [("antiword", lambda f: ["antiword", "-w", "0", f]), ("catdoc", lambda f: ["catdoc", "-d", "utf-8", "-w", f])],
    "xls": [("xls2csv", lambda f: ["xls2csv", "-d", "utf-8", f])],
    "ppt": [("catppt", lambda f: ["catppt", "-d", "utf-8", f])],
    "rtf": [("unrtf", lambda f: ["unrtf", "--text", f])],
}

LO_TEXT = {"docx", "doc", "odt", "rtf", "hwp"}
LO_SHEET = {"xlsx", "xls", "ods"}
LO_SLIDES = {"pptx", "ppt", "odp"}


def libreoffice(files, work):
    """One soffice call per target over all the files it covers: {path: {"text", "ms"}}."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return {}, "LibreOffice is not installed (libreoffice-writer-nogui, -calc-nogui, -impress-nogui)"
    out = {}
    profile = tempfile.mkdtemp(prefix="lo-profile-", dir=work)
    base = [soffice, "-env:UserInstallation=file://" + profile, "--headless", "--norestore"]
    groups = [
        ("txt:Text (encoded):UTF8", [f for f in files if fmt_of(f) in LO_TEXT], "txt"),
        ("csv:Text - txt - csv (StarCalc):9,34,76,1,,0,false,true,false,false,false,-1",
         [f for f in files if fmt_of(f) in LO_SHEET], "csv"),
        ("pdf", [f for f in files if fmt_of(f) in LO_SLIDES], "pdf"),
    ]
    # one warm-up call so that the profile is created outside the timing
    subprocess.run(base + ["--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    for target, group, ext in groups:
        if not group:
            continue
        outdir = tempfile.mkdtemp(prefix="lo-" + ext + "-", dir=work)
        t0 = time.monotonic()
        subprocess.run(base + ["--convert-to", target, "--outdir", outdir] + group,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
        if ext == "pdf":
            for f in group:
                stem = os.path.splitext(os.path.basename(f))[0]
                pdf = os.path.join(outdir, stem + ".pdf")
                if os.path.exists(pdf):
                    subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, pdf + ".txt"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        per = (time.monotonic() - t0) * 1000 / len(group)
        for f in group:
            stem = os.path.splitext(os.path.basename(f))[0]
            texts = []
            for name in sorted(os.listdir(outdir)):
                if name.startswith(stem) and name.endswith(".txt" if ext != "csv" else ".csv"):
                    with open(os.path.join(outdir, name), encoding="utf-8", errors="replace") as fh:
                        texts.append(fh.read())
            out[f] = {"text": "\n".join(texts), "ms": per, "ok": bool(texts)}
    return out, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--formats-bench", required=True)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--no-libreoffice", action="store_true")
    ap.add_argument("--strict", action="store_true")
    a = ap.parse_args()
    indir = os.path.join(a.work, "in")
    expected_path = os.path.join(indir, "generated", "expected.json")
    expected = json.load(open(expected_path, encoding="utf-8")) if os.path.exists(expected_path) else {}
    files = []
    for sub in ("generated", "corpus"):
        d = os.path.join(indir, sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if name == "expected.json" or name.startswith("bad_") or not os.path.isfile(p):
                continue
            if sub == "generated" and name not in expected:
                continue
            files.append(p)
    if not files:
        print("measure.py: no files under %s" % indir, file=sys.stderr)
        return 2

    outdir = os.path.join(a.work, "trawl-text")
    p = subprocess.run([a.formats_bench, "--iterations", str(a.iterations), "--out", outdir] + files,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    rows = {}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        with open(os.path.join(outdir, os.path.basename(r["file"]) + ".txt"), encoding="utf-8", errors="replace") as fh:
            r["text"] = fh.read()
        rows[r["file"]] = r

    lo, lo_note = ({}, "skipped (--no-libreoffice)") if a.no_libreoffice else libreoffice(files, a.work)

    results = []
    for f in files:
        name = os.path.basename(f)
        fmt = fmt_of(f)
        r = rows.get(f, {"text": "", "error": "formats_bench gave nothing", "ms": None})
        entry = {"file": name, "format": fmt, "trawl_ms": r.get("ms"), "trawl_error": r.get("error"),
                 "mime": r.get("mime"), "children": r.get("children")}
        ours = words(r["text"])
        if name in expected:
            ref = words("\n".join(expected[name].get("text", [])))
            entry["reference"] = "generator"
            entry["lang"] = expected[name].get("lang")
            score = lambda text: recall(ref, words(text))
        elif name in CORPUS_REFERENCES:
            phrases = CORPUS_REFERENCES[name]
            entry["reference"] = "tika"
            score = lambda text: sum(1 for ph in phrases if norm(ph) in norm(text)) / len(phrases)
        else:
            score = None
        entry["recall"] = score(r["text"]) if score else None
        entry["baselines"] = {}
        for tool, cmd in BASELINES.get(fmt, []):
            b = run_timed(cmd(f))
            if b is None:
                entry["baselines"][tool] = {"missing": True}
                continue
            theirs = words(b["text"])
            entry["baselines"][tool] = {
                "ms": b["ms"], "rc": b["rc"], "recall": score(b["text"]) if score else None,
                "ours_of_theirs": recall(theirs, ours), "theirs_of_ours": recall(ours, theirs)}
        if f in lo:
            theirs = words(lo[f]["text"])
            entry["baselines"]["libreoffice"] = {
                "ms": lo[f]["ms"], "ok": lo[f]["ok"], "recall": score(lo[f]["text"]) if score else None,
                "ours_of_theirs": recall(theirs, ours), "theirs_of_ours": recall(ours, theirs)}
        results.append(entry)

    # ------------------------------------------------------------ tables
    P = print
    P()
    P("| file | lang | trawl recall | trawl ms | baselines: recall, ms, trawl has of its words |")
    P("| --- | --- | ---: | ---: | --- |")
    worse = []
    for e in results:
        bl = []
        for tool, b in e["baselines"].items():
            if b.get("missing"):
                bl.append("%s: not installed" % tool)
                continue
            rec = "n/a" if b.get("recall") is None else "%.3f" % b["recall"]
            has = "n/a" if b.get("ours_of_theirs") is None else "%.3f" % b["ours_of_theirs"]
            bl.append("%s: %s, %.0f ms, %s" % (tool, rec, b["ms"], has))
            if b.get("recall") is not None and e["recall"] is not None and b["recall"] > e["recall"] + 1e-9:
                worse.append((e["file"], tool, e["recall"], b["recall"]))
        P("| %s | %s | %s | %s | %s |" % (
            e["file"], e.get("lang") or "", "n/a" if e["recall"] is None else "%.3f" % e["recall"],
            "n/a" if e["trawl_ms"] is None else "%.2f" % e["trawl_ms"],
            e["trawl_error"] and "error: " + e["trawl_error"] or "; ".join(bl) or "none packaged"))
    P()
    by_fmt = collections.defaultdict(list)
    for e in results:
        by_fmt[e["format"]].append(e)
    P("| format | files | min recall (generated) | trawl docs/s | LibreOffice docs/s | speed-up |")
    P("| --- | ---: | ---: | ---: | ---: | ---: |")
    speed_fail = []
    recall_fail = []
    for fmt, es in sorted(by_fmt.items()):
        gen = [e["recall"] for e in es if e.get("reference") == "generator" and e["recall"] is not None]
        ms = [e["trawl_ms"] for e in es if e["trawl_ms"] and not e["trawl_error"]]
        lo_ms = [e["baselines"]["libreoffice"]["ms"] for e in es if "libreoffice" in e["baselines"]]
        ours = 1000 / statistics.mean(ms) if ms else None
        theirs = 1000 / statistics.mean(lo_ms) if lo_ms else None
        ratio = ours / theirs if ours and theirs else None
        if gen and min(gen) < GOALS["recall"]:
            recall_fail.append((fmt, min(gen)))
        if ratio is not None and ratio < GOALS["speed_vs_libreoffice"]:
            speed_fail.append((fmt, ratio))
        P("| %s | %d | %s | %s | %s | %s |" % (
            fmt, len(es), "%.3f" % min(gen) if gen else "n/a", "%.0f" % ours if ours else "n/a",
            "%.1f" % theirs if theirs else "n/a", "%.0f×" % ratio if ratio else "n/a"))
    P()
    if lo_note:
        P("LibreOffice: %s" % lo_note)
    P("goals: recall >= %.2f on every generated format: %s" % (
        GOALS["recall"], "PASS" if not recall_fail else "FAIL " + str(recall_fail)))
    P("       no worse than a baseline on any file: %s" % ("PASS" if not worse else "FAIL " + str(worse)))
    P("       >= %.0fx LibreOffice's speed: %s" % (
        GOALS["speed_vs_libreoffice"], ("PASS" if not speed_fail else "FAIL " + str(speed_fail))
        if lo else "n/a"))
    with open(os.path.join(a.work, "results.json"), "w", encoding="utf-8") as fh:
        json.dump({"files": results, "libreoffice": lo_note or "measured", "goals": {
            "recall_fail": recall_fail, "worse_than_baseline": worse, "speed_fail": speed_fail}},
            fh, indent=1, ensure_ascii=False)
    P("results: %s" % os.path.join(a.work, "results.json"))
    failed = recall_fail or worse or speed_fail
    return 3 if (failed and a.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
