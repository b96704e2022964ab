#!/usr/bin/env python3
"""Real-text multilingual corpus builder for the trawl ingest benchmarks.

Writes N documents (default 10,000) into OUTDIR, made of real Korean, Russian
and English text that Debian packages ship, plus the real documents in
shared/corpus (read in place, never copied):

  * translated message catalogues (usr/share/locale/{ko,ru}/LC_MESSAGES/*.mo
    and LibreOffice's, parsed here; the msgids of the Russian ones give English),
  * manual pages (usr/share/man/{ru,ko}, and for English the originals of the
    same pages and section 7), rendered with groff,
  * HTML books: the Debian installation guide, the Debian FAQ, LibreOffice help,
  * shared/corpus: text files in legacy charsets, OCR ground truth, PDF text
    (pdftotext, when installed), the UN sanctions list XML.

The files are looked for under --root: / (what the machine has), or a folder the
packages were unpacked into (bench/ingest/lib.sh fetch_text_sources does that
for a fixed list of packages, so that the corpus does not depend on what else
is installed).

Every source paragraph is checked for its script (Hangul / Cyrillic / Latin)
and de-duplicated; together they make one pool of paragraphs per language.

Document i: language i % 3 (ko, ru, en); 40 % HTML, 60 % plain text; body text
of 1-20 KB (log-normal, median about 5 KB); one to three runs of consecutive
paragraphs, each from a random place in the pool, the last one cut at a
sentence boundary.  HTML has a head, nav, <script>, <style>, headings, lists,
inline markup and entities; about 25 % of the Korean and Russian HTML is in
EUC-KR / windows-1251 (declared in a <meta>), when the text fits the charset.
100 files per sub-folder (d0000/doc-000000-ko.html, ...).

Deterministic: document i depends only on (seed, i, pool), so --docs 2500 gives
exactly the first 2,500 files of --docs 10000.  The pool depends on what is
installed; the JSON summary on stdout records its size and sha256 per language,
and the sources that were missing.

Standard library only (groff and pdftotext are used when present).
"""

import argparse
import bisect
import glob
import gzip
import hashlib
import html
import html.parser
import json
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

VERSION = 1
LANG_ORDER = ("ko", "ru", "en")
MIN_BYTES, MAX_BYTES = 1024, 20480  # file sizes
LEGACY = {"ko": ("euc_kr", "euc-kr"), "ru": ("cp1251", "windows-1251")}

# Catalogues left out: lists of names (languages, countries, currencies,
# scripts, keyboard layouts), not sentences.
MO_SKIP = re.compile(r"^(iso_|iso-|xkeyboard-config)")

MAN_SECTIONS = ("1", "5", "7", "8")
# LibreOffice help folders per language
LO_HELP = {"ko": "ko", "ru": "ru", "en": "en-US"}

# --------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------

WS = re.compile(r"\s+")
SENT_END = re.compile(r"(?<=[.!?。…])\s+")


def norm(s):
    return WS.sub(" ", s).strip()


def end_sentence(s):
    """A full stop after a string that ends in a letter or digit (UI strings,
    headings, list items), so that joined strings read as sentences."""
    return s + "." if s and s[-1].isalnum() else s


def script_counts(s):
    ko = ru = lat = other = 0
    for ch in s:
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            ko += 1
        elif 0x0400 <= o <= 0x04FF:
            ru += 1
        elif ch.isalpha():
            if o < 0x250:
                lat += 1
            else:
                other += 1
    return ko, ru, lat, other


def fits(text, lang):
    """True if the paragraph is mostly in the script of lang."""
    ko, ru, lat, other = script_counts(text)
    letters = ko + ru + lat + other
    if lang == "ko":
        return ko >= 6 and ko >= 0.5 * letters
    if lang == "ru":
        # not Ukrainian / Belarusian: no і ї є ґ ў
        return ru >= 15 and ru >= 0.6 * letters and not re.search("[іїєґўІЇЄҐЎ]", text)
    return lat >= 20 and lat >= 0.97 * letters


def min_len(lang):
    return {"ko": 10, "ru": 25, "en": 30}[lang]


# printf / python / shell placeholders and GTK/Qt mnemonics in UI strings
FMT = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                 r"(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGaAcCsSpn]"
                 r"|%<PRI[a-zA-Z0-9]+>|\{[A-Za-z0-9_]*\}|\$\{?[A-Za-z_]+\}?")
MNEMONIC = re.compile(r"\((?:_|&)[A-Za-z0-9]\)|(?<![A-Za-z0-9])_(?=\w)|&(?=[A-Za-z])")


def clean_message(s):
    s = MNEMONIC.sub("", s)
    s = FMT.sub("", s)
    s = s.replace("%%", "%").replace("\\n", " ")
    s = re.sub(r"[`'\"]\s*[`'\"]", "", s)  # quotes left around a removed placeholder
    s = re.sub(r"\(\s*\)|\[\s*\]", "", s)
    s = norm(s)
    return s


# --------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------


def read_mo(path):
    """[(msgctxt-less msgid, msgstr)] in file order; the first plural form."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0x950412DE else ">"
    if struct.unpack(end + "I", data[:4])[0] != 0x950412DE:
        raise ValueError("not a .mo file")
    _, n, oo, to = struct.unpack(end + "4I", data[4:20])
    raw = []
    for k in range(n):
        ol, op = struct.unpack(end + "2I", data[oo + 8 * k: oo + 8 * k + 8])
        tl, tp = struct.unpack(end + "2I", data[to + 8 * k: to + 8 * k + 8])
        raw.append((data[op:op + ol], data[tp:tp + tl]))
    charset = "utf-8"
    for mid, mstr in raw:
        if mid == b"":
            m = re.search(rb"charset=([A-Za-z0-9_-]+)", mstr)
            if m:
                charset = m.group(1).decode("ascii")
    out = []
    for mid, mstr in raw:
        if not mid:
            continue
        mid = mid.split(b"\x04")[-1].split(b"\x00")[0]
        mstr = mstr.split(b"\x00")[0]
        try:
            out.append((mid.decode("utf-8", "replace"), mstr.decode(charset, "replace")))
        except LookupError:
            out.append((mid.decode("utf-8", "replace"), mstr.decode("utf-8", "replace")))
    return out


def mo_paragraphs(messages, name):
    """Consecutive messages joined into paragraphs of 3-8 (sorted by msgid in a
    .mo, so neighbours are often about the same thing)."""
    rng = random.Random("mo:" + name)
    paras, cur, want = [], [], rng.randint(3, 8)
    for m in messages:
        m = clean_message(m)
        if len(m) < 4:
            continue
        m = end_sentence(m)
        cur.append(m)
        if len(cur) >= want:
            paras.append(" ".join(cur))
            cur, want = [], rng.randint(3, 8)
    if cur:
        paras.append(" ".join(cur))
    return paras


def man_text(path):
    """Rendered text of a man page, or None (symlinks and .so stubs are skipped)."""
    if os.path.islink(path):
        return None
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        src = f.read()
    if src.lstrip().startswith(b".so "):
        return None
    if shutil.which("groff"):
        r = subprocess.run(
            ["groff", "-k", "-t", "-Tutf8", "-man", "-rLL=4000n", "-rHY=0", "-P-cbou"],
            input=src, capture_output=True, timeout=60,
            env=dict(os.environ, LC_ALL="C.UTF-8"))
        text = r.stdout.decode("utf-8", "replace")
        lines = text.split("\n")
        # page header and footer
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines[1:-1])
    # crude roff stripper when groff is missing
    text = src.decode("utf-8", "replace")
    out = []
    for line in text.split("\n"):
        if line.startswith((".\\\"", "'\\\"")):
            continue
        if line.startswith("."):
            req = line[1:].split(" ", 1)
            if req[0] in ("PP", "P", "LP", "SH", "SS", "TP", "IP", "sp", "br"):
                out.append("")
            if len(req) > 1 and req[0] in ("SH", "SS", "B", "I", "BR", "IR", "RB", "BI", "IB"):
                out.append(req[1].replace('"', ""))
            continue
        out.append(re.sub(r"\\f[A-Z1-4P]|\\\(..|\\[&-]|\\e", "", line))
    return "\n".join(out)


def text_paragraphs(text):
    """Blank-line separated paragraphs, their lines joined."""
    paras = []
    for block in re.split(r"\n\s*\n|\f", text):
        p = norm(block)
        if p:
            paras.append(p)
    return paras


class _HTMLText(html.parser.HTMLParser):
    BLOCK = {"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "title",
             "blockquote", "div", "br", "tr", "item", "description"}
    SKIP = {"script", "style", "pre", "table", "head", "header", "aside", "nav", "footer",
            "noscript", "code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras, self.cur, self.skip = [], [], 0

    def flush(self):
        p = norm("".join(self.cur))
        if p:
            self.paras.append(p)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.flush()
            self.skip += 1
        elif tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)


def html_paragraphs(text):
    p = _HTMLText()
    p.feed(text)
    p.close()
    p.flush()
    return p.paras


CHARSET_ALIASES = {
    "UTF-16LE_BOM": "utf-16", "UHC-CP949": "cp949", "JOHAB": "johab",
    "ISO-2022-KR": "iso2022_kr", "MacCyrillic": "mac_cyrillic", "IBM866": "cp866",
}


def shared_sources(shared, missing):
    """(lang, name, paragraphs) from shared/corpus; never copied anywhere."""
    out = []
    if not shared or not os.path.isdir(shared):
        missing.append("shared corpus (%s)" % shared)
        return out
    for path in sorted(glob.glob(os.path.join(shared, "encoding", "*"))):
        base = os.path.basename(path)
        lang = base[:2]
        if lang not in LANG_ORDER or "__" not in base:
            continue
        label = base.split("_", 1)[1].split("__", 1)[0]
        codec = CHARSET_ALIASES.get(label, label)
        with open(path, "rb") as f:
            raw = f.read()
        try:
            text = raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            text = raw.decode("utf-8", "replace")
        paras = html_paragraphs(text) if re.search(r"<(?:html|rss|sami|p|body)", text, re.I) \
            else text_paragraphs(text)
        out.append((lang, "shared:encoding/" + base, paras))
    for path in sorted(glob.glob(os.path.join(shared, "ocr", "*.gt.txt"))):
        base = os.path.basename(path)
        if base[:2] in LANG_ORDER:
            with open(path, encoding="utf-8", errors="replace") as f:
                out.append((base[:2], "shared:ocr/" + base, [norm(f.read())]))
    pdfs = sorted(glob.glob(os.path.join(shared, "pdf", "*.pdf")))
    if pdfs and not shutil.which("pdftotext"):
        missing.append("pdftotext (PDF text of shared/corpus/pdf)")
    elif pdfs:
        for path in pdfs:
            base = os.path.basename(path)
            if base[:2] not in LANG_ORDER:
                continue
            r = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                               capture_output=True, timeout=120)
            if r.returncode == 0:
                out.append((base[:2], "shared:pdf/" + base,
                            text_paragraphs(r.stdout.decode("utf-8", "replace"))))
    for path in sorted(glob.glob(os.path.join(shared, "sanctions", "*.xml"))):
        paras = []
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for rec in root.iter():
            if rec.tag not in ("INDIVIDUAL", "ENTITY"):
                continue
            f = {c.tag: norm(c.text or "") for c in rec}
            name = " ".join(f.get(k, "") for k in ("FIRST_NAME", "SECOND_NAME",
                                                   "THIRD_NAME", "FOURTH_NAME")).strip()
            parts = ["%s (%s), %s list, listed on %s." % (
                norm(name), f.get("REFERENCE_NUMBER", ""), f.get("UN_LIST_TYPE", ""),
                f.get("LISTED_ON", ""))]
            if f.get("COMMENTS1"):
                parts.append(f["COMMENTS1"])
            paras.append(" ".join(parts))
        out.append(("en", "shared:sanctions/" + os.path.basename(path), paras))
    return out


def mo_files(root, lang):
    out = []
    for pat in ("usr/share/locale/%s/LC_MESSAGES/*.mo",
                "usr/lib/libreoffice/program/resource/%s/LC_MESSAGES/*.mo"):
        for p in sorted(glob.glob(os.path.join(root, pat % lang))):
            if not MO_SKIP.match(os.path.basename(p)):
                out.append(p)
    return out


def man_files(root, lang):
    """Translated pages of lang; for English the originals of the translated
    ones, and section 7 (overviews: the most prose)."""
    if lang != "en":
        return [p for s in MAN_SECTIONS
                for p in sorted(glob.glob(os.path.join(root, "usr/share/man/%s/man%s/*" % (lang, s))))]
    names = set()
    for l in ("ko", "ru"):
        for s in MAN_SECTIONS:
            names.update((s, os.path.basename(p)) for p in
                         glob.glob(os.path.join(root, "usr/share/man/%s/man%s/*" % (l, s))))
    out = set()
    for s, base in names:
        p = os.path.join(root, "usr/share/man/man%s/%s" % (s, base))
        if os.path.exists(p):
            out.add(p)
    out.update(glob.glob(os.path.join(root, "usr/share/man/man7/*")))
    return sorted(out)


def html_files(root, lang):
    """(kind, path): the Debian installation guide, the Debian FAQ, LibreOffice help."""
    out = []
    guides = sorted(glob.glob(os.path.join(root, "usr/share/doc/installation-guide-*/")))
    for g in guides[:1]:
        out += [("guide", p) for p in sorted(glob.glob(os.path.join(g, lang, "*.html")))]
    faq = os.path.join(root, "usr/share/doc/debian/FAQ")
    pat = "*.en.html" if lang == "en" else "%s/*.html" % lang
    out += [("faq", p) for p in sorted(glob.glob(os.path.join(faq, pat)))]
    lo = os.path.join(root, "usr/share/libreoffice/help", LO_HELP[lang], "text")
    for d, _, files in sorted(os.walk(lo)):
        out += [("lohelp", os.path.join(d, f)) for f in sorted(files) if f.endswith(".html")]
    return out


def source_files(root, shared):
    """Every file the pool is made from, for the cache fingerprint."""
    files = []
    for lang in LANG_ORDER:
        if lang != "en":
            files += mo_files(root, lang)
        files += man_files(root, lang)
        files += [p for _, p in html_files(root, lang)]
    if shared:
        for sub in ("encoding/*", "ocr/*.gt.txt", "pdf/*.pdf", "sanctions/*.xml"):
            files += sorted(glob.glob(os.path.join(shared, sub)))
    return files


def fingerprint(root, shared):
    h = hashlib.sha256()
    with open(os.path.abspath(__file__), "rb") as f:
        h.update(f.read())
    for p in source_files(root, shared):
        try:
            st = os.stat(p)
            h.update(("%s %d %d\n" % (p, st.st_size, st.st_mtime_ns)).encode())
        except OSError:
            h.update(("%s -\n" % p).encode())
    for tool in ("groff", "pdftotext"):
        h.update(("%s=%s\n" % (tool, shutil.which(tool))).encode())
    return h.hexdigest()


def merge_short(paras, lang, floor=280):
    """Join runs of short paragraphs (UI strings, one-sentence help paragraphs,
    list items) so that a paragraph reads like one."""
    out, cur = [], []
    for p in paras:
        if len(p) < min_len(lang) or not fits(p, lang):
            if cur:
                out.append(" ".join(cur))
                cur = []
            continue
        cur.append(end_sentence(p))
        if sum(len(x.encode("utf-8")) for x in cur) >= floor:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def build_pool(root, shared, log):
    """{lang: {"paras": [...], "sources": {kind: paragraphs kept}}}, missing."""
    missing = []
    blocks = []  # (lang, source name, [paragraphs])

    # message catalogues: ko / ru msgstr, English msgids of the ru catalogues
    for lang in ("ko", "ru"):
        files = mo_files(root, lang)
        if not files:
            missing.append("%s message catalogues under %s" % (lang, root))
        for path in files:
            d = os.path.basename(path)[:-3]
            try:
                msgs = read_mo(path)
            except (OSError, ValueError, struct.error) as e:
                missing.append("%s (%s)" % (path, e))
                continue
            blocks.append((lang, "mo:%s/%s" % (lang, d),
                           mo_paragraphs([s for i, s in msgs if s and s != i], lang + d)))
            if lang == "ru":
                blocks.append(("en", "mo:msgid/%s" % d,
                               mo_paragraphs([i for i, s in msgs], "en" + d)))
    log("catalogues read")

    for lang in LANG_ORDER:
        files = man_files(root, lang)
        if not files:
            missing.append("%s man pages under %s" % (lang, root))
        for path in files:
            t = man_text(path)
            if t:
                blocks.append((lang, "man:%s/%s" % (lang, os.path.basename(path)),
                               text_paragraphs(t)))
    log("man pages rendered")

    for lang in LANG_ORDER:
        files = html_files(root, lang)
        kinds = {k for k, _ in files}
        for k in ("guide", "faq", "lohelp"):
            if k not in kinds:
                missing.append("%s %s under %s" % (lang, k, root))
        for kind, path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                blocks.append((lang, "%s:%s/%s" % (kind, lang, os.path.basename(path)),
                               merge_short(html_paragraphs(f.read()), lang)))
    log("HTML read")

    blocks += shared_sources(shared, missing)
    log("shared corpus read")

    pool = {lang: {"paras": [], "sources": {}} for lang in LANG_ORDER}
    seen = set()
    for lang, name, paras in blocks:
        kept = 0
        for p in paras:
            if len(p) < min_len(lang) or not fits(p, lang):
                continue
            h = hashlib.sha1(p.encode("utf-8")).digest()
            if h in seen:
                continue
            seen.add(h)
            pool[lang]["paras"].append(p)
            kept += 1
        if kept:
            kind = name.split(":", 1)[0]
            pool[lang]["sources"][kind] = pool[lang]["sources"].get(kind, 0) + kept
    return pool, missing


def pool_summary(pool):
    out = {}
    for lang in LANG_ORDER:
        paras = pool[lang]["paras"]
        h = hashlib.sha256()
        for p in paras:
            h.update(p.encode("utf-8") + b"\n")
        out[lang] = {
            "paragraphs": len(paras),
            "bytes": sum(len(p.encode("utf-8")) for p in paras),
            "paragraphs_by_source": pool[lang]["sources"],
            "sha256": h.hexdigest(),
        }
    return out


# --------------------------------------------------------------------------
# documents
# --------------------------------------------------------------------------

NAV = {
    "ko": ["홈", "뉴스", "해운", "제재", "분석", "자료실"],
    "ru": ["Главная", "Новости", "Судоходство", "Санкции", "Аналитика", "Архив"],
    "en": ["Home", "News", "Shipping", "Sanctions", "Analysis", "Archive"],
}
FOOTER = {"ko": "무단 전재 및 재배포 금지", "ru": "Все права защищены", "en": "All rights reserved"}


class Pool:
    def __init__(self, paras):
        self.paras = paras
        self.sizes = [len(p.encode("utf-8")) for p in paras]
        self.cum, c = [], 0
        for s in self.sizes:
            c += s
            self.cum.append(c)

    def start(self, rng):
        """A paragraph index, weighted by paragraph size."""
        return bisect.bisect_right(self.cum, rng.randrange(self.cum[-1]))


def first_words(text, n, limit):
    words = text.split(" ")[:n]
    s = " ".join(words)
    if len(s) > limit:
        s = s[:limit].rsplit(" ", 1)[0] or s[:limit]
    return s.rstrip(".,:;!?-—–(")


def take_run(pool, rng, budget):
    """Consecutive paragraphs from a random place, about budget bytes of UTF-8;
    the last paragraph cut after the sentence that reaches the budget."""
    i = pool.start(rng)
    out, size = [], 0
    while size < budget:
        p = pool.paras[i % len(pool.paras)]
        s = pool.sizes[i % len(pool.sizes)]
        i += 1
        if size + s > budget + 300:
            cut = []
            for sent in SENT_END.split(p):
                cut.append(sent)
                if size + len(" ".join(cut).encode("utf-8")) >= budget:
                    break
            p = " ".join(cut)
            # a single overlong "sentence" (a table row, a list of options): cut at a space
            b = p.encode("utf-8")
            room = max(budget - size, 200)
            if len(b) > room + 600:
                p = b[:room + 300].decode("utf-8", "ignore").rsplit(" ", 1)[0]
        out.append(p)
        size += len(p.encode("utf-8")) + 2
    return out


def make_doc(pools, seed, i, legacy_share, attempt=0):
    """(relative path, bytes, info) for document i."""
    rng = random.Random("%d:%d:%d" % (seed, i, attempt))
    lang = LANG_ORDER[i % 3]
    fmt = "html" if (i // 3) % 5 in (0, 3) else "txt"
    pool = pools[lang]
    # body text: log-normal around 5 KB, 1-20 KB per file (HTML markup takes ~1-2 KB)
    hi = 16000 if fmt == "html" else 18500
    target = int(min(hi, max(1100, rng.lognormvariate(math.log(5000), 0.65))))
    runs = 1 + (rng.random() < 0.45) + (rng.random() < 0.15)
    paras = []
    for k in range(runs):
        paras += take_run(pool, rng, max(400, target // runs))
    title = first_words(paras[0], rng.randint(4, 10), 90) or paras[0][:40]

    enc, label = "utf-8", "utf-8"
    if fmt == "txt":
        data = ("%s\n\n%s\n" % (title, "\n\n".join(paras))).encode("utf-8")
    else:
        e = html.escape
        out = ["<!DOCTYPE html>", '<html lang="%s">' % lang, "<head>"]
        legacy = lang in LEGACY and rng.random() < legacy_share
        if legacy:
            enc, label = LEGACY[lang]
        meta_equiv = rng.random() < 0.4
        charset_at = len(out)
        out.append("")  # the charset declaration, once the encoding is settled
        out.append("<title>%s</title>" % e(title))
        out.append('<meta name="description" content="%s">' % e(paras[0][:150], quote=True))
        out.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
        out.append("<style>body{font-family:sans-serif;max-width:42em;margin:auto}"
                   "nav a{margin-right:1em}.lead{font-weight:bold}</style>")
        out.append("</head>")
        out.append("<body>")
        nav = NAV[lang]
        out.append("<nav>" + "".join('<a href="/%s/%s/">%s</a>' % (lang, k, e(v))
                                     for k, v in enumerate(nav)) + "</nav>")
        out.append("<article>")
        out.append("<h1>%s</h1>" % e(title))
        day = "%04d-%02d-%02d" % (rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
        out.append('<p class="meta"><time datetime="%s">%s</time></p>' % (day, day))
        k = 0
        while k < len(paras):
            p = paras[k]
            if k and rng.random() < 0.2:
                out.append("<h2>%s</h2>" % e(first_words(p, rng.randint(2, 6), 60)))
            # a run of short paragraphs becomes a list now and then
            if rng.random() < 0.12 and k + 2 < len(paras) and all(
                    len(q) < 400 for q in paras[k:k + 3]):
                n = rng.randint(2, 3)
                out.append("<ul>" + "".join("<li>%s</li>" % e(q) for q in paras[k:k + n]) + "</ul>")
                k += n
                continue
            para = e(p, quote=False)
            if rng.random() < 0.35:
                words = para.split(" ")
                j = rng.randrange(len(words))
                tag = rng.choice(["b", "em", "strong"])
                if rng.random() < 0.3:
                    words[j] = '<a href="/%s/%d.html">%s</a>' % (lang, rng.randrange(100000), words[j])
                else:
                    words[j] = "<%s>%s</%s>" % (tag, words[j], tag)
                para = " ".join(words)
            if rng.random() < 0.2:
                para = para.replace(". ", ".&nbsp; ", 1)
            cls = ' class="lead"' if k == 0 and rng.random() < 0.5 else ""
            out.append("<p%s>%s</p>" % (cls, para))
            k += 1
        out.append("</article>")
        out.append('<script>window.dataLayer=window.dataLayer||[];'
                   'dataLayer.push({"page":"%s/%d"});</script>' % (lang, i))
        out.append("<footer>&copy; %d &middot; %s</footer>" % (rng.randint(2019, 2025),
                                                               e(FOOTER[lang])))
        out.append("</body>")
        out.append("</html>")
        data = None
        if legacy:
            out[charset_at] = (
                '<meta http-equiv="Content-Type" content="text/html; charset=%s">' % label
                if meta_equiv else '<meta charset="%s">' % label)
            text = "\n".join(out) + "\n"
            try:
                data = text.encode(enc)
                # CPython's euc_kr writes syllables outside KS X 1001 as 8-byte
                # jamo sequences that other decoders do not read: keep UTF-8 then
                if enc == "euc_kr" and len(data) != sum(1 if ord(c) < 128 else 2 for c in text):
                    data = None
            except UnicodeEncodeError:
                data = None
            if data is None:
                enc, label = "utf-8", "utf-8"
        if data is None:
            out[charset_at] = (
                '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                if meta_equiv else '<meta charset="utf-8">')
            data = ("\n".join(out) + "\n").encode("utf-8")

    rel = os.path.join("d%04d" % (i // 100), "doc-%06d-%s.%s" % (i, lang, fmt))
    return rel, data, {"lang": lang, "fmt": fmt, "enc": label}


def load_pool(args, log):
    fp = fingerprint(args.root, args.shared)
    if args.pool_cache and os.path.exists(args.pool_cache):
        try:
            with open(args.pool_cache, encoding="utf-8") as f:
                c = json.load(f)
            if c.get("fingerprint") == fp and c.get("version") == VERSION:
                log("pool: reusing %s" % args.pool_cache)
                return c["pool"], c["missing"]
        except (OSError, ValueError, KeyError):
            pass
    pool, missing = build_pool(args.root, args.shared, log)
    if args.pool_cache:
        tmp = args.pool_cache + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"version": VERSION, "fingerprint": fp, "pool": pool, "missing": missing},
                      f, ensure_ascii=False)
        os.replace(tmp, args.pool_cache)
    return pool, missing


def default_shared():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "corpus"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", nargs="?", help="folder to write the corpus into")
    ap.add_argument("--docs", type=int, default=10000, help="number of documents (default 10000)")
    ap.add_argument("--seed", type=int, default=20240611, help="random seed (default 20240611)")
    ap.add_argument("--legacy-share", type=float, default=0.25,
                    help="share of ko/ru HTML written in EUC-KR / windows-1251 (default 0.25)")
    ap.add_argument("--shared", default=default_shared(),
                    help="shared corpus folder, read in place (default <repo>/../shared/corpus)")
    ap.add_argument("--root", default="/",
                    help="where to look for the packages' files: / (default), or a folder the "
                         "packages were unpacked into (dpkg-deb -x), as run.sh does")
    ap.add_argument("--pool-cache", help="JSON file caching the paragraph pool between runs")
    ap.add_argument("--min-pool-bytes", type=int, default=1_000_000,
                    help="fail when a language's pool is smaller (default 1000000)")
    ap.add_argument("--force", action="store_true", help="delete OUTDIR first if it exists")
    ap.add_argument("--fingerprint", action="store_true",
                    help="print the fingerprint of the sources (this script, the files the pool "
                         "is made from, their sizes and times) and exit")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.fingerprint:
        print(fingerprint(args.root, args.shared))
        return
    if not args.outdir:
        ap.error("OUTDIR is required")

    def log(msg):
        if not args.quiet:
            print("real_corpus: " + msg, file=sys.stderr)

    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        if not args.force:
            sys.exit("%s exists and is not empty (use --force)" % args.outdir)
        shutil.rmtree(args.outdir)

    pool, missing = load_pool(args, log)
    psum = pool_summary(pool)
    for lang in LANG_ORDER:
        if psum[lang]["bytes"] < args.min_pool_bytes:
            sys.exit("real_corpus: only %d bytes of %s text under %s (missing: %s); "
                     "bench/ingest/lib.sh fetch_text_sources unpacks the packages it needs"
                     % (psum[lang]["bytes"], lang, args.root, "; ".join(missing) or "-"))
    pools = {lang: Pool(pool[lang]["paras"]) for lang in LANG_ORDER}
    os.makedirs(args.outdir, exist_ok=True)

    stats = {"kind": "real", "docs": args.docs, "seed": args.seed, "bytes": 0, "lang": {},
             "fmt": {}, "enc": {}, "bytes_by_lang": {}}
    digest = hashlib.sha256()
    hashes = set()
    made_dirs = set()
    sizes = []
    for i in range(args.docs):
        attempt = 0
        while True:
            rel, data, info = make_doc(pools, args.seed, i, args.legacy_share, attempt)
            h = hashlib.sha256(data).digest()
            # an identical document drawn twice, or one outside 1-20 KB: draw again
            if h not in hashes and (MIN_BYTES <= len(data) <= MAX_BYTES or attempt >= 50):
                break
            attempt += 1
        hashes.add(h)
        d = os.path.dirname(rel)
        if d not in made_dirs:
            os.makedirs(os.path.join(args.outdir, d), exist_ok=True)
            made_dirs.add(d)
        with open(os.path.join(args.outdir, rel), "wb") as f:
            f.write(data)
        stats["bytes"] += len(data)
        sizes.append(len(data))
        for k in ("lang", "fmt", "enc"):
            stats[k][info[k]] = stats[k].get(info[k], 0) + 1
        stats["bytes_by_lang"][info["lang"]] = stats["bytes_by_lang"].get(info["lang"], 0) + len(data)
        digest.update(rel.encode() + b"\0" + h)
    sizes.sort()
    stats["size"] = {"min": sizes[0], "median": sizes[len(sizes) // 2], "max": sizes[-1],
                     "p10": sizes[len(sizes) // 10], "p90": sizes[len(sizes) * 9 // 10]} if sizes else {}
    stats["distinct"] = len(hashes)
    stats["dirs"] = len(made_dirs)
    stats["sha256"] = digest.hexdigest()
    stats["pool"] = psum
    stats["missing_sources"] = missing
    print(json.dumps(stats, sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main()
