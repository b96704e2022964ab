#!/usr/bin/env python3
"""Character error rate for the OCR benchmark (Python 3 standard library only).

    cer.py REF HYP                 CER of one hypothesis file against one reference
    cer.py manifest --corpus DIR --samples DIR
                                   list the pages with ground truth (TSV, see below)
    cer.py pages FILE...           page count of images (multi-page TIFF aware)
    cer.py variant SRC DST N       byte-distinct copy of an image, same pixels
    cer.py report --work DIR       score every output in DIR, print the table,
                                   write DIR/results.json
    cer.py selftest                check the bit-parallel distance against plain DP

CER = Levenshtein distance (insert, delete, substitute: 1 each, on Unicode code
points after NFC) / length of the reference, both sides normalised first:

    ws      (the main figure) every run of whitespace, form feeds included,
            becomes one space; leading and trailing whitespace is stripped
    nospace all whitespace removed (shown for Korean, where word spacing is
            a frequent OCR error and the ground truth's spacing is itself unsure)

A group's CER is the sum of the distances over the sum of the reference
lengths (character-weighted); the unweighted mean of the pages is shown too.
See bench/ocr/README.md.
"""

import argparse
import hashlib
import json
import os
import re
import statistics
import struct
import sys
import unicodedata

# ------------------------------------------------------------------ distance


def levenshtein(a, b):
    """Levenshtein distance between two sequences of hashable items.

    Myers' / Hyyrö's bit-parallel algorithm with Python ints as bit vectors:
    O(len(b)) big-int operations on len(a)-bit numbers, fast enough for whole
    pages (a 4,000-character page against itself: ~10 ms)."""
    if len(a) < len(b):
        a, b = b, a  # the longer one becomes the bit vector: fewer loop turns
    m = len(a)
    if m == 0:
        return len(b)
    if not b:
        return m
    peq = {}
    bit = 1
    for c in a:
        peq[c] = peq.get(c, 0) | bit
        bit <<= 1
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & mask  # | 1: row 0 of the matrix is 0, 1, 2, ...
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def levenshtein_dp(a, b):
    """Plain dynamic programming, for the self-test."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


WS = re.compile(r"\s+")


def norm_ws(text):
    return WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def norm_nospace(text):
    return WS.sub("", unicodedata.normalize("NFC", text))


# typographic quotes, dashes, ellipsis: conventions that differ between ground
# truths (UNLV uses ASCII quotes, Tesseract prints curly ones)
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                      "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                      "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-",
                      "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u00ad": None})


def norm_fold(text):
    """Diagnostic only: NFKC (ligatures, full-width forms), quotes and dashes folded
    to ASCII, then whitespace as in norm_ws."""
    return WS.sub(" ", unicodedata.normalize("NFKC", text).translate(FOLD)).strip()


NORMS = {"ws": norm_ws, "nospace": norm_nospace, "fold": norm_fold}


def score(ref, hyp):
    """{"ws": {...}, "nospace": {...}, "words": {...}} for one reference/hypothesis pair."""
    out = {}
    for name, fn in NORMS.items():
        r, h = fn(ref), fn(hyp)
        d = levenshtein(r, h)
        out[name] = {"dist": d, "ref_len": len(r), "hyp_len": len(h),
                     "cer": (d / len(r)) if r else (0.0 if not h else 1.0)}
    rw, hw = norm_ws(ref).split(), norm_ws(hyp).split()
    d = levenshtein(rw, hw)
    out["words"] = {"dist": d, "ref_len": len(rw),
                    "wer": (d / len(rw)) if rw else (0.0 if not hw else 1.0)}
    return out


def split_pages(text):
    """Pages of a multi-page text: separated by form feeds (a line of its own or not)."""
    return text.split("\f")


# ------------------------------------------------------------------ manifest
#
# manifest.tsv: one line per document with ground truth, tab-separated:
#   id  group  clean  kind  baseline_lang  path  gt_path
# group: en | ru | ko | multi;  kind: image | pdf
# clean: 1 | 0 per page of the ground truth, comma-separated ("1,0": page 2 not clean)

IMAGE_EXT = {".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".pnm",
             ".pbm", ".pgm", ".ppm", ".jp2"}
GROUP_LANG = {"en": "eng", "ru": "rus", "ko": "kor", "multi": "eng"}
# corpus pages counted as clean for the absolute CER goals (see README)
# (rendered or synthetic pages; en_unlv_* is a real magazine scan, so it is not clean)
CORPUS_CLEAN = re.compile(r"^(en_phototest\.tif|ko_derived_render_.*|ru_synthetic_.*)$")
# a sample whose path (relative to samples/scans) matches this is not clean. Every page in
# samples/scans is degraded on purpose (skew, blur, noise, JPEG; see its README), so by
# default none is; OCR_NOT_CLEAN overrides (see README)
NOT_CLEAN = re.compile(os.environ.get("OCR_NOT_CLEAN", r"."), re.I)


def group_of(name, rel_parts):
    """en / ru / ko / multi from the file-name prefix, else from a folder name."""
    low = name.lower()
    for g in ("en", "ru", "ko", "multi"):
        if low.startswith(g + "_") or low.startswith(g + "-"):
            return g
    for part in rel_parts:
        if part.lower() in GROUP_LANG:
            return part.lower()
    return None


def gt_for(path):
    """X.png -> X.png.gt.txt or X.gt.txt; en_phototest_rotated_* -> en_phototest.gt.txt."""
    base, _ = os.path.splitext(path)
    for cand in (path + ".gt.txt", base + ".gt.txt"):
        if os.path.isfile(cand):
            return cand
    m = re.match(r"^(.*?)_rotated_[^/]*$", base)
    if m and os.path.isfile(m.group(1) + ".gt.txt"):
        return m.group(1) + ".gt.txt"
    return None


def sample_is_clean(rel):
    return NOT_CLEAN.search(rel) is None


TURNED = re.compile(r"turned|sideways|upside|rotated|\b(90|180|270) ?°", re.I)


def samples_turned_pages(root):
    """{relative path: set of turned pages, 0 = the whole file} from the table in
    samples/scans/README.md (generated with the scans): a row's "rotation" column
    holds "p2: -1.0°, page turned 90° clockwise" or, for one-page files, "+1.2°"."""
    out = {}
    try:
        with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return out
    col = None
    for line in lines:
        if not line.startswith("|"):
            col = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if col is None:
            hits = [i for i, c in enumerate(cells) if "rotation" in c.lower()]
            col = hits[0] if hits else -1
            continue
        if col < 0 or col >= len(cells) or set(cells[0]) <= set("-: "):
            continue
        m = re.match(r"`([^`]+)`", cells[0])
        if not m:
            continue
        turned = set()
        for seg in cells[col].split(";"):
            if TURNED.search(seg):
                pm = re.match(r"\s*p(\d+)\s*:", seg)
                turned.add(int(pm.group(1)) if pm else 0)
        out[os.path.normpath(m.group(1))] = turned
    return out


def make_id(prefix, rel):
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", rel)
    return f"{prefix}__{s}"


def manifest(args):
    rows, seen_ids, skipped = [], set(), []
    sources = []
    if args.corpus and os.path.isdir(args.corpus):
        sources.append(("corpus", args.corpus))
    if args.samples and os.path.isdir(args.samples):
        sources.append(("samples", args.samples))
    for src, root in sources:
        turned = samples_turned_pages(root) if src == "samples" else {}
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            dirnames.sort()
            for fn in sorted(filenames):
                path = os.path.join(dirpath, fn)
                ext = os.path.splitext(fn)[1].lower()
                if ext == ".pdf":
                    kind = "pdf"
                elif ext in IMAGE_EXT:
                    kind = "image"
                else:
                    continue
                rel = os.path.relpath(path, root)
                gt = gt_for(path)
                if gt is None:
                    skipped.append(f"{src}/{rel}: no ground truth")
                    continue
                group = group_of(fn, rel.split(os.sep)[:-1])
                if group is None or (group == "multi" and args.skip_multi):
                    skipped.append(f"{src}/{rel}: no language group")
                    continue
                with open(gt, "rb") as f:
                    gt_pages = [p for p in f.read().decode("utf-8", "replace").split("\f")]
                while len(gt_pages) > 1 and not gt_pages[-1].strip():
                    gt_pages.pop()
                n = len(gt_pages)
                if src == "corpus":
                    flags = [CORPUS_CLEAN.match(fn) is not None] * n
                else:
                    t = turned.get(os.path.normpath(rel), set())
                    flags = [sample_is_clean(rel) and 0 not in t and (i + 1) not in t for i in range(n)]
                if group == "multi":
                    flags = [False] * n  # no absolute goal for mixed-language pages
                clean = ",".join("1" if x else "0" for x in flags)
                pid = make_id(src, rel)
                while pid in seen_ids:
                    pid += "_"
                seen_ids.add(pid)
                rows.append((pid, group, clean, kind, GROUP_LANG[group], path, gt))
    for r in rows:
        if any("\t" in f or "\n" in f for f in r):
            print(f"cer.py: skipping a path with a tab or newline: {r[5]!r}", file=sys.stderr)
            continue
        print("\t".join(r))
    for s in skipped:
        print(f"cer.py manifest: skipped {s}", file=sys.stderr)


# ------------------------------------------------------------------ page counts


def tiff_pages(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"II":
        e = "<"
    elif data[:2] == b"MM":
        e = ">"
    else:
        return 1
    magic = struct.unpack(e + "H", data[2:4])[0]
    n, seen = 0, set()
    if magic == 42:
        off = struct.unpack(e + "I", data[4:8])[0]
        while off and off not in seen and off + 2 <= len(data):
            seen.add(off)
            cnt = struct.unpack(e + "H", data[off:off + 2])[0]
            n += 1
            p = off + 2 + 12 * cnt
            if p + 4 > len(data):
                break
            off = struct.unpack(e + "I", data[p:p + 4])[0]
    elif magic == 43:  # BigTIFF
        off = struct.unpack(e + "Q", data[8:16])[0]
        while off and off not in seen and off + 8 <= len(data):
            seen.add(off)
            cnt = struct.unpack(e + "Q", data[off:off + 8])[0]
            n += 1
            p = off + 8 + 20 * cnt
            if p + 8 > len(data):
                break
            off = struct.unpack(e + "Q", data[p:p + 8])[0]
    return max(n, 1)


def image_pages(path):
    if os.path.splitext(path)[1].lower() in (".tif", ".tiff"):
        try:
            return tiff_pages(path)
        except (OSError, struct.error):
            return 1
    return 1


def variant(args):
    """Copy SRC to DST with different bytes but the same pixels, so that trawl's
    SHA-256 deduplication sees a new file: PNG gets a tEXt chunk after IHDR, JPEG a
    COM segment after SOI, anything else (TIFF: every IFD is found by offset) a
    trailer after its last byte."""
    with open(args.src, "rb") as f:
        data = f.read()
    tag = f"trawl-ocr-bench copy {args.n}".encode()
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        import zlib
        end = 8 + 8 + struct.unpack(">I", data[8:12])[0] + 4  # signature + IHDR chunk
        body = b"Comment\x00" + tag
        chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
        data = data[:end] + chunk + data[end:]
    elif data[:2] == b"\xff\xd8":
        seg = b"\xff\xfe" + struct.pack(">H", len(tag) + 2) + tag
        data = data[:2] + seg + data[2:]
    else:
        data = data + b"\x00" + tag
    with open(args.dst, "wb") as f:
        f.write(data)


def pages_cmd(args):
    total = 0
    for p in args.files:
        total += image_pages(p)
    print(total)


# ------------------------------------------------------------------ report


def read_text(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return None


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def pair_pages(ref_text, hyp_pages, hyp_text, kind):
    """List of (ref, hyp) page pairs. Page by page when both sides have the same
    number of pages; otherwise the whole document as one pair, counted as the
    reference's number of pages."""
    refs = split_pages(ref_text)
    # a trailing form feed in the ground truth is not another page
    while len(refs) > 1 and not refs[-1].strip():
        refs.pop()
    if kind == "pdf" or len(refs) > 1:
        if hyp_pages is not None and len(hyp_pages) == len(refs):
            return [(r, h) for r, h in zip(refs, hyp_pages)], len(refs), True
        return [(" ".join(refs), hyp_text if hyp_text is not None else "")], len(refs), False
    return [(ref_text, hyp_text if hyp_text is not None else "")], 1, True


def add(acc, sc):
    for k in NORMS:
        acc[k]["dist"] += sc[k]["dist"]
        acc[k]["ref_len"] += sc[k]["ref_len"]
    acc["words"]["dist"] += sc["words"]["dist"]
    acc["words"]["ref_len"] += sc["words"]["ref_len"]


def new_acc():
    acc = {k: {"dist": 0, "ref_len": 0} for k in NORMS}
    acc["words"] = {"dist": 0, "ref_len": 0}
    return acc


def rate(acc, k):
    a = acc[k]
    return a["dist"] / a["ref_len"] if a["ref_len"] else None


def pct(x, width=7):
    return f"{'n/a':>{width}}" if x is None else f"{100 * x:>{width - 1}.2f}%"


def median_or_none(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def load_speed(work):
    runs = []
    path = os.path.join(work, "speed.jsonl")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    runs.append(json.loads(line))
    return runs


def report(args):
    work = args.work
    rows = []
    with open(os.path.join(work, "manifest.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    have_trawl = args.have_trawl
    docs = []
    groups = {}
    for pid, group, clean, kind, lang, path, gt in (rows if args.accuracy else []):
        ref = read_text(gt) or ""
        clean_flags = [f == "1" for f in clean.split(",")] or [False]
        doc = {"id": pid, "path": path, "gt": gt, "group": group, "clean": all(clean_flags),
               "kind": kind, "baseline_lang": lang}
        # ---- baseline: text files, pages joined by \f
        btxt = read_text(os.path.join(work, "out", "baseline", pid + ".txt"))
        brc = read_text(os.path.join(work, "out", "baseline", pid + ".rc"))
        doc["baseline_rc"] = int(brc.strip()) if brc and brc.strip().lstrip("-").isdigit() else None
        bpages = split_pages(btxt) if btxt is not None else None
        if bpages is not None and kind == "pdf":
            while len(bpages) > 1 and not bpages[-1].strip():
                bpages.pop()
        # ---- trawl: JSON
        tj = read_json(os.path.join(work, "out", "trawl", pid + ".json")) if have_trawl else None
        trc = read_text(os.path.join(work, "out", "trawl", pid + ".rc"))
        doc["trawl_rc"] = int(trc.strip()) if trc and trc.strip().lstrip("-").isdigit() else None
        ttxt, tpages = None, None
        if isinstance(tj, dict):
            ttxt = tj.get("text") if isinstance(tj.get("text"), str) else None
            tp = tj.get("pages")
            if isinstance(tp, list) and tp and all(isinstance(p, str) for p in tp):
                tpages = tp
            elif ttxt is not None and kind == "pdf":
                tpages = split_pages(ttxt)
            ocr = tj.get("ocr")
            if isinstance(ocr, dict):
                doc["trawl_ocr"] = {"languages": ocr.get("languages"),
                                    "mean_confidence": ocr.get("mean_confidence"),
                                    "rotations": [p.get("rotation") for p in ocr.get("pages") or []
                                                  if isinstance(p, dict)]}
            else:
                doc["trawl_ocr"] = None
            doc["trawl_language"] = tj.get("language")
        pages_in_doc = None
        for who, hyp_text, hyp_pages in (("baseline", btxt, bpages), ("trawl", ttxt, tpages)):
            if who == "trawl" and not have_trawl:
                continue
            pairs, npages, by_page = pair_pages(ref, hyp_pages, hyp_text, kind)
            flags = (clean_flags + [clean_flags[-1]] * npages)[:npages]
            # page by page: each page's own flag; as a whole: clean only if every page is
            pair_clean = flags if by_page else [all(flags)]
            pages_of_pair = [1] * len(pairs) if by_page else [npages]
            acc = new_acc()
            per_page = []
            for (r, h), is_clean, np_ in zip(pairs, pair_clean, pages_of_pair):
                sc = score(r, h)
                add(acc, sc)
                per_page.append(sc["ws"]["cer"])
                for scope in ("all", "clean") if is_clean else ("all",):
                    g = groups.setdefault((group, scope), {"docs": set(), "pages": {}, "baseline": new_acc(),
                                                           "trawl": new_acc(),
                                                           "page_cers": {"baseline": [], "trawl": []}})
                    add(g[who], sc)
                    g["page_cers"][who].append(sc["ws"]["cer"])
                    g["docs"].add(pid)
                    g["pages"].setdefault(who, 0)
                    g["pages"][who] += np_
            wall = read_text(os.path.join(work, "out", who, pid + ".time"))
            doc[who] = {"missing": hyp_text is None, "pages_compared": "per page" if by_page else "whole document",
                        "cer": rate(acc, "ws"), "cer_nospace": rate(acc, "nospace"), "cer_fold": rate(acc, "fold"),
                        "wer": rate(acc, "words"), "wall": float(wall) if wall else None,
                        "dist": acc["ws"]["dist"], "ref_len": acc["ws"]["ref_len"], "page_cers": per_page}
            pages_in_doc = npages
            doc["clean_pages"] = flags
        doc["pages"] = pages_in_doc
        docs.append(doc)

    order = [g for g in ("en", "ru", "ko", "multi") if (g, "all") in groups]
    clean_goal = {"en": 0.03, "ru": 0.03, "ko": 0.05}
    goals = []
    langs_out = {}
    for g in order:
        out = {}
        for scope in ("all", "clean"):
            if (g, scope) not in groups:
                continue
            G = groups[(g, scope)]
            out[scope] = {
                "docs": len(G["docs"]),
                # pages compared: trawl's when there is trawl, else the baseline's
                "pages": G["pages"].get("trawl", G["pages"].get("baseline", 0)),
                "baseline": {"cer": rate(G["baseline"], "ws"), "cer_nospace": rate(G["baseline"], "nospace"),
                             "cer_fold": rate(G["baseline"], "fold"),
                             "wer": rate(G["baseline"], "words"),
                             "mean_page_cer": statistics.mean(G["page_cers"]["baseline"]) if G["page_cers"]["baseline"] else None},
                "trawl": ({"cer": rate(G["trawl"], "ws"), "cer_nospace": rate(G["trawl"], "nospace"),
                           "cer_fold": rate(G["trawl"], "fold"),
                           "wer": rate(G["trawl"], "words"),
                           "mean_page_cer": statistics.mean(G["page_cers"]["trawl"]) if G["page_cers"]["trawl"] else None}
                          if have_trawl else None),
                "ref_chars": max(G["baseline"]["ws"]["ref_len"], G["trawl"]["ws"]["ref_len"]),
            }
        langs_out[g] = out
        if g == "multi":
            continue  # informational: no goal for mixed-language pages
        a = out["all"]
        t = a["trawl"]["cer"] if a["trawl"] else None
        b = a["baseline"]["cer"]
        goals.append({"goal": f"{g}: trawl CER <= baseline CER (all {a['pages']} pages)",
                      "value": t, "limit": b,
                      "pass": None if t is None or b is None else t <= b + 1e-12})
        c = out.get("clean")
        tc = c["trawl"]["cer"] if c and c["trawl"] else None
        goals.append({"goal": f"{g}: trawl CER < {clean_goal[g] * 100:.0f}% on clean pages"
                              f" ({c['pages'] if c else 0} pages)",
                      "value": tc, "limit": clean_goal[g],
                      "pass": None if tc is None else tc < clean_goal[g]})

    # ---- speed
    runs = load_speed(work)
    speed = {"runs": runs}
    for tool in ("trawl", "baseline", "baseline-tuned", "trawl-latcyr", "baseline-latcyr"):
        ok = [r for r in runs if r["tool"] == tool and r.get("ok")]
        wall = median_or_none([r["wall"] for r in ok])
        pages = ok[0]["pages"] if ok else None
        speed[tool] = {"median_wall": wall, "pages": pages, "runs_ok": len(ok),
                       "median_cpu": median_or_none([r.get("cpu") for r in ok]),
                       "max_other_cores": max([r.get("other_cores") or 0 for r in ok], default=None),
                       "runs": len([r for r in runs if r["tool"] == tool]),
                       "pages_per_s": (pages / wall) if wall and pages else None}
    tp, bp = speed["trawl"]["pages_per_s"], speed["baseline"]["pages_per_s"]
    speed["ratio"] = tp / bp if tp and bp else None
    btp = speed["baseline-tuned"]["pages_per_s"]
    speed["ratio_tuned"] = tp / btp if tp and btp else None
    ltp, lbp = speed["trawl-latcyr"]["pages_per_s"], speed["baseline-latcyr"]["pages_per_s"]
    speed["ratio_latcyr"] = ltp / lbp if ltp and lbp else None
    if runs:
        goals.append({"goal": "speed: trawl pages/s >= 0.95 x baseline (2 cores)",
                      "value": speed["ratio"], "limit": 0.95,
                      "pass": None if speed["ratio"] is None else speed["ratio"] >= 0.95})

    # ---- print
    lines = []
    P = lines.append
    P("")
    P("OCR accuracy: CER = edit distance / reference chars, whitespace runs -> one space (main);")
    P("              'nospace': all whitespace removed; 'fold': also quotes/dashes folded (diagnostic);")
    P("              a group's CER is weighted by characters")
    if not args.accuracy:
        P("  (skipped)")
    hdr = (f"{'group':<6} {'scope':<6} {'docs':>4} {'pages':>5} {'chars':>6} | {'trawl':>7} {'baseline':>8} | "
           f"{'tr nosp':>8} {'bl nosp':>8} | {'tr fold':>8} {'bl fold':>8} | {'tr WER':>8} {'bl WER':>8}")
    P(hdr)
    P("-" * len(hdr))
    for g in order:
        for scope in ("all", "clean"):
            o = langs_out[g].get(scope)
            if not o:
                continue
            t = o["trawl"] or {}
            b = o["baseline"]
            P(f"{g:<6} {scope:<6} {o['docs']:>4} {o['pages']:>5} {o['ref_chars']:>6} | "
              f"{pct(t.get('cer')):>7} {pct(b['cer'], 8)} | {pct(t.get('cer_nospace'), 8)} {pct(b['cer_nospace'], 8)} | "
              f"{pct(t.get('cer_fold'), 8)} {pct(b['cer_fold'], 8)} | {pct(t.get('wer'), 8)} {pct(b['wer'], 8)}")
    P("")
    P("per document (main CER; seconds per document, 2 jobs at a time: indicative only):")
    for d in docs:
        t = d.get("trawl") or {}
        b = d.get("baseline") or {}
        ocr = d.get("trawl_ocr") or {}
        extra = ""
        if ocr:
            extra = f"  trawl: {ocr.get('languages')} conf {ocr.get('mean_confidence')} rot {ocr.get('rotations')}"
        if t.get("missing"):
            extra += "  trawl: NO OUTPUT"
        if b.get("missing"):
            extra += "  baseline: NO OUTPUT"
        tw = "" if t.get("wall") is None else f" {t['wall']:5.2f}s"
        bw = "" if b.get("wall") is None else f" {b['wall']:5.2f}s"
        cl = d.get("clean_pages") or [d["clean"]]
        mark = "clean" if all(cl) else ("     " if not any(cl) else "".join("c" if x else "-" for x in cl).ljust(5))
        P(f"  {d['group']:<5} {mark} {d['pages']:>3}p  trawl {pct(t.get('cer'))}{tw}  "
          f"baseline {pct(b.get('cer'))}{bw}  {os.path.basename(d['path'])}{extra}")
    P("")
    if runs:
        P("OCR speed (2 cores, distinct image pages; median of runs):")
        for tool, what in (("trawl", "trawl ingest --threads 2"),
                           ("baseline", "tesseract x2 parallel, OMP_THREAD_LIMIT=1"),
                           ("baseline-tuned", "the same with --psm 6 for Korean, which reads it"),
                           ("trawl-latcyr", "trawl on the pages that are not Korean"),
                           ("baseline-latcyr", "baseline on the pages that are not Korean")):
            if speed[tool]["runs"] == 0:
                continue
            s = speed[tool]
            if s["median_wall"] is None:
                P(f"  {tool:<15} n/a ({s['runs_ok']}/{s['runs']} runs ok)  [{what}]")
            else:
                walls = ", ".join(f"{r['wall']:.2f}" for r in runs if r["tool"] == tool and r.get("ok"))
                cpu = "" if s["median_cpu"] is None else f", CPU {s['median_cpu']:.2f} s"
                P(f"  {tool:<15} {s['pages']} pages in {s['median_wall']:.2f} s{cpu} = {s['pages_per_s']:.2f} pages/s"
                  f"  (runs: {walls} s)  [{what}]")
                if (s["max_other_cores"] or 0) > 0.1:
                    P(f"           warning: other processes used up to {s['max_other_cores']:.2f} cores during these runs")
        P("  ratio trawl/baseline: " + ("n/a" if speed["ratio"] is None else "%.2f" % speed["ratio"]))
        P("  ratio trawl/baseline-tuned (info): " + ("n/a" if speed["ratio_tuned"] is None else "%.2f" % speed["ratio_tuned"]))
        P("  ratio trawl/baseline without Korean pages (info): " +
          ("n/a" if speed["ratio_latcyr"] is None else "%.2f" % speed["ratio_latcyr"]))
        P("")
    P("goals:")
    any_fail = False
    for gl in goals:
        st = "n/a " if gl["pass"] is None else ("PASS" if gl["pass"] else "FAIL")
        if gl["pass"] is False or gl["pass"] is None:
            any_fail = True
        v = gl["value"]
        lim = gl["limit"]
        if gl["goal"].startswith("speed"):
            vs = "n/a" if v is None else f"{v:.2f}x"
            ls = f"{lim:.2f}x"
        else:
            vs = pct(v).strip()
            ls = pct(lim).strip()
        P(f"  [{st}] {gl['goal']}: {vs} (limit {ls})")
    print("\n".join(lines))

    results = {"languages": langs_out, "documents": docs, "speed": speed, "goals": goals,
               "have_trawl": bool(have_trawl),
               "normalisation": "NFC; whitespace runs -> one space, stripped (main); nospace: all whitespace removed",
               "manifest_sha256": hashlib.sha256(open(os.path.join(work, "manifest.tsv"), "rb").read()).hexdigest()}
    with open(os.path.join(work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    print(f"\nresults: {os.path.join(work, 'results.json')}")
    return 3 if any_fail else 0


# ------------------------------------------------------------------ main


def selftest(_args):
    import random
    rnd = random.Random(1)
    alphabet = "ab c한국어ыё\u3000"
    for _ in range(3000):
        a = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80)))
        b = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80)))
        assert levenshtein(a, b) == levenshtein_dp(a, b), (a, b)
        assert levenshtein(a.split(), b.split()) == levenshtein_dp(a.split(), b.split())
    assert levenshtein("kitten", "sitting") == 3
    assert norm_ws("  a\n\n b\f\tc ") == "a b c"
    assert norm_nospace(" 가 나\n다 ") == "가나다"
    print("cer.py selftest: ok")
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] not in ("manifest", "report", "pages", "selftest", "variant") and os.path.isfile(argv[1]):
        ref, hyp = read_text(argv[1]), read_text(argv[2])
        if hyp is None or ref is None:
            print("cer.py: cannot read input", file=sys.stderr)
            return 2
        print(json.dumps(score(ref, hyp), ensure_ascii=False))
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("manifest")
    m.add_argument("--corpus")
    m.add_argument("--samples")
    m.add_argument("--skip-multi", action="store_true")
    m.set_defaults(fn=manifest)
    p = sub.add_parser("pages")
    p.add_argument("files", nargs="*")
    p.set_defaults(fn=pages_cmd)
    v = sub.add_parser("variant")
    v.add_argument("src")
    v.add_argument("dst")
    v.add_argument("n", type=int)
    v.set_defaults(fn=variant)
    r = sub.add_parser("report")
    r.add_argument("--work", required=True)
    r.add_argument("--have-trawl", type=int, default=1)
    r.add_argument("--accuracy", type=int, default=1, help="0: the accuracy part was skipped")
    r.set_defaults(fn=report)
    s = sub.add_parser("selftest")
    s.set_defaults(fn=selftest)
    a = ap.parse_args(argv[1:])
    return a.fn(a) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
