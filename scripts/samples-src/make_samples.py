#!/usr/bin/python3
"""Generate the trawl sample corpus under samples/ (fictional test data).

All sources live next to this script as UTF-8 text; this program converts
them to their target encodings, renders the PDFs with cairo, writes
samples/README.md, and then verifies the result (encodings, dates, IMO check
digits, the search terms tests rely on).  Output is deterministic: running it
twice gives the same bytes.

Run it through scripts/make-samples.sh, which installs what is needed.

    make_samples.py                 regenerate samples/ in place
    make_samples.py --out DIR       write the corpus into DIR instead
    make_samples.py --check         regenerate into a temporary directory and
                                    fail if samples/ differs from it
"""
import argparse
import filecmp
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep scripts/samples-src free of __pycache__
import imo  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "samples")

# --------------------------------------------------------------------------
# The corpus.  'codec' is a Python codec name, or 'utf-16-le-bom', or 'pdf'.
# 'date' is the publication date the indexer should find; 'date_where' says
# where it is carried.  'terms' are listed in README.md for test writers.
# --------------------------------------------------------------------------
DOCS = [
    # ---------------------------------------------------------------- Korean
    dict(path="ko/01-nampo-sts-euckr.html", lang="ko", codec="euc_kr",
         encoding="EUC-KR", fmt="HTML", date="2024-03-12",
         date_where='`<meta property="article:published_time">`',
         declares='`<meta charset="euc-kr">`',
         about="Tanker KUM BYOL 3 (금별 3호) in a ship-to-ship transfer with SEA LANTERN west of Nampo",
         terms="북한의, 북한은, 북한이, 선박의, 선박을, 유조선, 해상 환적, 선박 간 환적, 남포, 결의 2397호, IMO 8716344, IMO 9120580"),
    dict(path="ko/02-ttombang-trading-cp949.html", lang="ko", codec="cp949",
         encoding="CP949 (UHC)", fmt="HTML", date="2023-11-20",
         date_where='`<meta name="date">`',
         declares='`<meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">`',
         about="Front company 똠방 무역 (Ttombang Trading) brokering DPRK coal; contains CP949-only syllables 똠 햏 쌰 펲 뷁, so strict EUC-KR decoding fails",
         terms="똠방, 똠방 무역, 박햏수, 김쌰린, 펲코, 뷁스, 햏햏한, 북한의, 북한은, 북한이, 선박을, 유조선, 환적, 남포, 결의 2397호, IMO 8561024, IMO 9304473, IMO 8716344"),
    dict(path="ko/03-weekly-briefing-utf8.txt", lang="ko", codec="utf_8",
         encoding="UTF-8 (no BOM)", fmt="plain text", date="2024-05-07",
         date_where="text only (`작성일: 2024-05-07` line); no metadata",
         about="Weekly maritime sanctions briefing: KUM BYOL 3 at Nampo, ORIENT GRACE near Vladivostok, RYONG MUN 12 at Rajin",
         terms="북한의, 북한은, 북한이, 선박의, 선박을, 유조선, 해상 환적, 남포, 똠방 무역, 결의 2397호, IMO 8716344, IMO 8742159, IMO 8561024"),
    dict(path="ko/04-monitoring-report.pdf", lang="ko", codec="pdf",
         encoding="PDF, Noto Sans CJK KR (subset)", fmt="PDF, 2 pages", date="2024-06-18",
         date_where="PDF Info `CreationDate` (2024-06-18T09:00:00+09:00)",
         about="Half-year monitoring report on DPRK ship-to-ship transfers near Nampo and in the East Sea",
         terms="북한의, 북한은, 북한이, 선박의, 선박을, 유조선, 선박 간 환적, 해상 환적, 남포, 결의 2397호, IMO 8716344, IMO 9120580, IMO 8561024, IMO 9304473"),
    dict(path="ko/05-chongjin-coal-utf8.html", lang="ko", codec="utf_8",
         encoding="UTF-8", fmt="HTML", date="2023-08-29",
         date_where='`<meta itemprop="datePublished">`',
         declares='`<meta charset="utf-8">`',
         about="Coal shipments from Chongjin and Rajin; RYONG MUN 12 (룡문 12호) and AMUR FALCON go dark",
         terms="북한의, 북한은, 북한이, 선박의, 선박을, 유조선, 선박 간 환적, 남포, 청진, 라진, 결의 2397호, IMO 8561024, IMO 9304473"),
    # --------------------------------------------------------------- Russian
    dict(path="ru/01-nakhodka-cp1251.html", lang="ru", codec="cp1251",
         encoding="windows-1251", fmt="HTML", date="2024-02-14",
         date_where='`<meta name="date">`',
         declares="**none** (no charset anywhere: detection must find it)",
         about="Tanker ORIENT GRACE goes dark in Nakhodka bay; suspected transfer with KUM BYOL 3",
         terms="судно, судна, судне, суда, перегрузка с судна на судно, КНДР, Находка, Владивосток, резолюция 2397, всё, ещё, берёт, отчёты, ООО «Восток-Транзит», IMO 8742159, IMO 8716344",
         sudno="bare"),
    dict(path="ru/02-vladivostok-koi8r.html", lang="ru", codec="koi8_r",
         encoding="KOI8-R", fmt="HTML", date="2023-09-05",
         date_where='`<meta property="article:published_time">`',
         declares='`<meta charset="koi8-r">`',
         about="Bulk carrier AMUR FALCON detained in Vladivostok with DPRK coal from RYONG MUN 12. Uses only inflected forms of судно (never the bare word)",
         terms="судна, судном, судне, суда (no bare судно), КНДР, Кореи, Корее, Владивосток, Находки, резолюция 2397, углём, всё, запрещён, остаётся, IMO 9304473, IMO 8561024",
         sudno="inflected-only"),
    dict(path="ru/03-obzor-utf8.txt", lang="ru", codec="utf_8",
         encoding="UTF-8 (no BOM)", fmt="plain text", date="2024-07-22",
         date_where="text only (`Дата: 2024-07-22` line); no metadata",
         about="Review of sea-borne sanctions evasion schemes, list of vessels. Uses only inflected forms of судно (never the bare word)",
         terms="судна, судне, судном, суда (no bare судно), КНДР, Кореи, Находка, Владивосток, Нампхо, резолюция 2397, всё, ещё, берёт, её, IMO 8716344, IMO 9120580, IMO 9304473, IMO 8742159",
         sudno="inflected-only"),
    dict(path="ru/04-otchet-monitoring.pdf", lang="ru", codec="pdf",
         encoding="PDF, DejaVu Sans (subset)", fmt="PDF, 2 pages", date="2023-12-04",
         date_where="PDF Info `CreationDate` (2023-12-04T10:00:00+10:00)",
         about="Monitoring report on DPRK-linked shipping in the Sea of Japan, 2023",
         terms="судно, судна, судне, суда, перегрузка с судна на судно, КНДР, Кореи, Находка, Владивосток, Холмск, Восточный, резолюция 2397, берёт, её, остаётся, IMO 8716344, IMO 8742159, IMO 9304473, IMO 8561024",
         sudno="bare"),
    dict(path="ru/05-kholmsk-utf8.html", lang="ru", codec="utf_8",
         encoding="UTF-8", fmt="HTML", date="2024-10-03",
         date_where='`<meta itemprop="datePublished">`',
         declares='`<meta charset="utf-8">`',
         about="AMUR FALCON unloads coal in Kholmsk (Sakhalin)",
         terms="судно, судна, судном, судне, суда, перегрузка с судна на судно, КНДР, Кореи, Холмск, Владивосток, Находке, резолюция 2397, ещё, трёх, IMO 9304473, IMO 8716344",
         sudno="bare"),
    # --------------------------------------------------------------- English
    dict(path="en/01-nampo-sts-analysis.html", lang="en", codec="utf_8",
         encoding="UTF-8", fmt="HTML", date="2024-03-19",
         date_where='`<meta property="article:published_time">` (2024-03-19T08:30:00Z)',
         declares='`<meta charset="utf-8">`',
         about="Analysis of a ship-to-ship transfer west of Nampo (KUM BYOL 3 / SEA LANTERN). Has `<script>` (zzscriptonly), `<style>` (zzstyleonly) and an HTML comment (zzcommentonly) that must not be indexed; links; entities (&amp;amp; &amp;rsquo; &amp;middot; &amp;quot; &amp;copy;); a spoofed invalid IMO 8716347",
         terms='"ship-to-ship transfer" (2024), resolution 2397, Nampo, Lantern Bay Shipping Ltd, "Trading & Logistics", IMO 8716344, IMO 9120580; must NOT match: zzscriptonly, zzstyleonly, zzcommentonly',
         phrase=True),
    dict(path="en/02-port-calls-utf16le.txt", lang="en", codec="utf-16-le-bom",
         encoding="UTF-16LE with BOM (FF FE), CRLF line ends", fmt="plain text", date="2023-06-30",
         date_where="text only (`Compiled: 2023-06-30` line); no metadata",
         about="Port call log of AMUR FALCON (Vostochny, Kholmsk, Nakhodka); also contains Cyrillic (Восточный, Холмск, Находка) and Korean (청진)",
         terms="AMUR FALCON, Vostochny, Kholmsk, Nakhodka, Chongjin, Восточный, Находка, 청진, resolution 2397, IMO 9304473, IMO 8561024, IMO 8716344, IMO 8742159"),
    dict(path="en/03-weekly-digest-utf8.txt", lang="en", codec="utf_8",
         encoding="UTF-8 (no BOM)", fmt="plain text", date="2024-01-15",
         date_where="text only (`dated 2024-01-15` line); no metadata",
         about="Weekly digest: Nampo tanker activity, coal from Chongjin/Rajin, Russian Far East, front companies",
         terms="Nampo, Chongjin, Rajin, Vladivostok, Nakhodka, Vostochny, Ttombang Trading, Dandong, resolution 2397, IMO 8716344, IMO 8561024, IMO 8742159, IMO 9120580, IMO 9304473"),
    dict(path="en/04-briefing-note.pdf", lang="en", codec="pdf",
         encoding="PDF, DejaVu Sans (subset)", fmt="PDF, 2 pages", date="2023-10-26",
         date_where="PDF Info `CreationDate` (2023-10-26T14:00:00Z)",
         about="Briefing note on illicit oil deliveries at sea, coal exports, front companies",
         terms='"ship-to-ship transfer" (2023), resolution 2397, Nampo, Kholmsk, Vostochny, Ttombang Trading, IMO 8716344, IMO 8742159, IMO 9120580, IMO 9304473, IMO 8561024',
         phrase=True),
    dict(path="en/05-vostochny-advisory.html", lang="en", codec="utf_8",
         encoding="UTF-8", fmt="HTML", date="2023-04-11",
         date_where='`<meta name="date">`',
         declares='`<meta charset="utf-8">`',
         about="Port agency advisory on vessels with AIS gaps; has a `<table>`, a list and a mailto link",
         terms="Vostochny, Nakhodka, Vladivostok, Chongjin, Rajin, resolution 2397, IMO 9304473, IMO 8561024, IMO 8742159"),
]

VESSELS = [
    # name, other names, IMO, type/flag, languages
    ("KUM BYOL 3", "금별 3호", "8716344", "tanker, DPRK flag", "ko, ru, en (the cross-language vessel)"),
    ("SEA LANTERN", "", "9120580", "tanker, Sierra Leone flag; manager Lantern Bay Shipping Ltd (Hong Kong)", "ko, ru, en"),
    ("AMUR FALCON", "", "9304473", "bulk carrier, Mongolia flag", "ko, ru, en"),
    ("RYONG MUN 12", "룡문 12호", "8561024", "bulk carrier, DPRK flag", "ko, ru, en"),
    ("ORIENT GRACE", "", "8742159", "tanker; owner ООО «Восток-Транзит» (Vladivostok)", "ko, ru, en"),
]
SPOOFED_IMO = {"8716347"}        # deliberately invalid, only in en/01

CP949_ONLY = "똠햏쌰펲뷁"

PAGE_W, PAGE_H = 595.276, 841.89  # A4 in points
CREATOR = "trawl scripts/make-samples.sh (cairo)"


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------
def read_source(rel):
    with open(os.path.join(HERE, rel), "rb") as f:
        return f.read().decode("utf-8")  # strict


def encode_text(text, codec):
    if codec == "utf-16-le-bom":
        return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")
    return text.encode(codec)  # strict: fails on any unmappable character


def parse_pdf_source(text):
    head, body = text.split("\n---\n", 1)
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    pages = []
    for page in body.split("<<<PAGE>>>"):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", page) if b.strip()]
        pages.append([" ".join(line.strip() for line in b.splitlines()) for b in blocks])
    return meta, pages


# Noto Sans CJK is a CFF font with large global subroutine tables, which
# cairo's subsetter copies whole (about 25 KB per weight even for one glyph).
# So the Korean faces are first cut down with fontTools to just the characters
# each weight needs, and cairo's fontconfig is pointed at those cut-down files
# (plus DejaVu) through a private fonts.conf.
NOTO_KR = {"Regular": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
           "Bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"}
NOTO_KR_FAMILY = "Noto Sans CJK KR"
DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"


def prepare_fonts(tmp):
    """Write subset Korean fonts into tmp and make fontconfig use only them
    and DejaVu.  Must run before cairo first touches fontconfig."""
    from fontTools import subset, ttLib

    chars = {"Regular": set(" 0123456789/"), "Bold": set(" ")}
    for d in DOCS:
        if d["codec"] == "pdf" and d["lang"] == "ko":
            meta, pages = parse_pdf_source(read_source(d["path"] + ".txt"))
            chars["Regular"].update(meta["header"])
            for blocks in pages:
                for b in blocks:
                    chars["Bold" if b.startswith("#") else "Regular"].update(b.lstrip("#").strip())
    fontdir = os.path.join(tmp, "fonts")
    os.makedirs(fontdir)
    for weight, path in NOTO_KR.items():
        coll = ttLib.TTCollection(path, recalcTimestamp=False, lazy=False)
        font = next(f for f in coll.fonts if f["name"].getDebugName(1) == NOTO_KR_FAMILY)
        opts = subset.Options()
        opts.layout_features = []       # cairo's toy text API does no shaping
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        sub = subset.Subsetter(opts)
        sub.populate(text="".join(sorted(chars[weight])))
        sub.subset(font)
        font.save(os.path.join(fontdir, f"NotoSansCJKkr-{weight}-subset.otf"))
    conf = os.path.join(tmp, "fonts.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                f"<fontconfig>\n  <dir>{fontdir}</dir>\n  <dir>{DEJAVU_DIR}</dir>\n"
                f"  <cachedir>{os.path.join(tmp, 'cache')}</cachedir>\n</fontconfig>\n")
    os.environ["FONTCONFIG_FILE"] = conf


def render_pdf(src_text, korean):
    import cairo

    meta, pages = parse_pdf_source(src_text)
    family = meta["font"]
    buf = io.BytesIO()
    surface = cairo.PDFSurface(buf, PAGE_W, PAGE_H)
    surface.set_metadata(cairo.PDF_METADATA_TITLE, meta["title"])
    surface.set_metadata(cairo.PDF_METADATA_AUTHOR, meta["author"])
    surface.set_metadata(cairo.PDF_METADATA_SUBJECT, meta["subject"])
    surface.set_metadata(cairo.PDF_METADATA_KEYWORDS, meta["keywords"])
    surface.set_metadata(cairo.PDF_METADATA_CREATOR, CREATOR)
    surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, meta["date"])
    surface.set_metadata(cairo.PDF_METADATA_MOD_DATE, meta["date"])
    ctx = cairo.Context(surface)

    left, right, top, bottom = 64.0, PAGE_W - 64.0, 84.0, PAGE_H - 72.0
    width = right - left
    leading = 1.65 if korean else 1.45
    styles = {  # size, weight, space before, space after
        "h1": (17.0, cairo.FONT_WEIGHT_BOLD, 0.0, 10.0),
        "h2": (12.5, cairo.FONT_WEIGHT_BOLD, 8.0, 4.0),
        "p": (10.5, cairo.FONT_WEIGHT_NORMAL, 0.0, 8.0),
    }

    def use(size, weight, gray=0.0):
        ctx.select_font_face(family, cairo.FONT_SLANT_NORMAL, weight)
        ctx.set_font_size(size)
        ctx.set_source_rgb(gray, gray, gray)

    def check_glyphs(s):
        glyphs = ctx.get_scaled_font().text_to_glyphs(0, 0, s, False)
        missing = [ch for ch, g in zip(s, glyphs) if g.index == 0 and not ch.isspace()]
        if missing:
            raise SystemExit(f"font {family!r} lacks glyphs for {''.join(missing)!r}")

    def wrap(s):
        # never break between "IMO" and its number, so line-based
        # extractors still see "IMO 8716344" on one line
        lines, cur = [], ""
        for word in re.sub(r"\bIMO (\d{7})", "IMO\x00\\1", s).split(" "):
            word = word.replace("\x00", " ")
            cand = word if not cur else cur + " " + word
            if cur and ctx.text_extents(cand).x_advance > width:
                lines.append(cur)
                cur = word
            else:
                cur = cand
        if cur:
            lines.append(cur)
        return lines

    for n, blocks in enumerate(pages, 1):
        use(8.0, cairo.FONT_WEIGHT_NORMAL, 0.4)
        ctx.move_to(left, 44.0)
        ctx.show_text(meta["header"])
        footer = f"{n} / {len(pages)}"
        ctx.move_to((PAGE_W - ctx.text_extents(footer).x_advance) / 2, PAGE_H - 40.0)
        ctx.show_text(footer)
        y = top
        for block in blocks:
            kind = "h1" if block.startswith("# ") else "h2" if block.startswith("## ") else "p"
            text = block.lstrip("#").strip()
            size, weight, before, after = styles[kind]
            use(size, weight)
            check_glyphs(text)
            y += before
            for line in wrap(text):
                y += size * leading
                if y > bottom:
                    raise SystemExit(f"PDF text overflows page {n}: shorten the source")
                ctx.move_to(left, y)
                ctx.show_text(line)
            y += after
        ctx.show_page()
    surface.finish()
    return buf.getvalue()


def generate(out):
    saved = os.environ.get("FONTCONFIG_FILE")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            prepare_fonts(tmp)
            write_all(out)
    finally:
        if saved is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = saved


def write_all(out):
    for d in DOCS:
        if d["codec"] == "pdf":
            data = render_pdf(read_source(d["path"] + ".txt"), korean=d["lang"] == "ko")
        else:
            data = encode_text(read_source(d["path"]), d["codec"])
        dest = os.path.join(out, d["path"])
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(data)
    readme = read_source("README.md.in")
    readme = (readme.replace("@FILES_TABLE@", files_table())
              .replace("@VESSELS_TABLE@", vessels_table())
              .replace("@KUM_BYOL_DOCS@", ", ".join(docs_with("IMO 8716344"))))
    with open(os.path.join(out, "README.md"), "wb") as f:
        f.write(readme.encode("utf-8"))


def docs_with(phrase):
    """Short names (ko/01...) of the documents whose source contains phrase."""
    found = []
    for d in DOCS:
        src = read_source(d["path"] + (".txt" if d["codec"] == "pdf" else ""))
        if d["codec"] == "pdf":
            src = src.split("\n---\n", 1)[1]
        if phrase in re.sub(r"\s+", " ", src):
            found.append(d["path"][:5])
    return found


def files_table():
    rows = ["| File | Lang | Encoding | Format | Date (where it is) | About | Search terms tests may use |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for d in DOCS:
        enc = d["encoding"]
        if d.get("declares"):
            enc += "; declared by " + d["declares"]
        rows.append(f"| `{d['path']}` | {d['lang']} | {enc} | {d['fmt']} | "
                    f"**{d['date']}**: {d['date_where']} | {d['about']} | {d['terms']} |")
    return "\n".join(rows)


def vessels_table():
    rows = ["| Vessel | Other name | IMO | Type / flag | Appears in |",
            "| --- | --- | --- | --- | --- |"]
    for name, alt, number, kind, where in VESSELS:
        rows.append(f"| {name} | {alt} | {number} | {kind} | {where} |")
    return "\n".join(rows)


# --------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------
class Checker:
    def __init__(self):
        self.failures = []

    def ok(self, cond, msg):
        if not cond:
            self.failures.append(msg)
        return cond


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True).stdout.decode("utf-8")


def extract(out, d, chk):
    """Return the document's text (decoded or pdftotext'ed)."""
    path = os.path.join(out, d["path"])
    data = open(path, "rb").read()
    codec = d["codec"]
    if codec == "pdf":
        if not shutil.which("pdftotext"):
            print("warning: pdftotext missing, PDF text not verified", file=sys.stderr)
            return None
        return run(["pdftotext", "-enc", "UTF-8", path, "-"])
    if codec == "utf-16-le-bom":
        chk.ok(data.startswith(b"\xff\xfe"), f"{d['path']}: no UTF-16LE BOM")
        text = data[2:].decode("utf-16-le")
        chk.ok("\r\n" in text, f"{d['path']}: expected CRLF line ends")
        text = text.replace("\r\n", "\n")
    else:
        chk.ok(not data.startswith(b"\xef\xbb\xbf"), f"{d['path']}: unexpected UTF-8 BOM")
        text = data.decode(codec)  # strict
    chk.ok(text == read_source(d["path"]), f"{d['path']}: does not round-trip to its source")
    return text


def verify(out):
    chk = Checker()
    texts = {}
    for d in DOCS:
        p, data = d["path"], open(os.path.join(out, d["path"]), "rb").read()
        limit = 60_000 if d["codec"] == "pdf" else 16_000
        chk.ok(len(data) < limit, f"{p}: {len(data)} bytes, over {limit}")
        text = extract(out, d, chk)
        texts[p] = text
        lower = data.lower()

        # --- encodings
        if d["codec"] == "euc_kr":
            # Python's euc_kr codec silently writes KS X 1001 8-byte jamo
            # sequences for syllables outside the 2350; forbid those.
            chk.ok(data == text.encode("cp949"), f"{p}: has syllables outside KS X 1001")
            chk.ok(b'charset="euc-kr"' in lower, f"{p}: no euc-kr declaration")
        if d["codec"] == "cp949":
            try:
                data.decode("euc_kr")
                chk.ok(False, f"{p}: decodes as strict EUC-KR, needs CP949-only syllables")
            except UnicodeDecodeError:
                pass
            for ch in CP949_ONLY:
                chk.ok(ch in text, f"{p}: lacks CP949-only syllable {ch}")
            chk.ok(b"charset=ks_c_5601-1987" in lower, f"{p}: no ks_c_5601-1987 declaration")
        if d["codec"] in ("cp1251", "koi8_r"):
            try:
                data.decode("utf-8")
                chk.ok(False, f"{p}: is valid UTF-8, so encoding detection proves nothing")
            except UnicodeDecodeError:
                pass
        if d["codec"] == "cp1251":
            for word in (b"charset", b"encoding", b"1251"):
                chk.ok(word not in lower, f"{p}: contains {word!r}; must carry no charset hint")
        if d["codec"] == "koi8_r":
            chk.ok(b'charset="koi8-r"' in lower, f"{p}: no koi8-r declaration")

        # --- dates
        if d["fmt"] == "HTML":
            m = re.search(r'<meta (?:property="article:published_time"|name="date"|itemprop="datePublished")'
                          r' content="(\d{4}-\d\d-\d\d)', text)
            chk.ok(m and m.group(1) == d["date"], f"{p}: date meta missing or not {d['date']}")
        elif d["codec"] == "pdf" and shutil.which("pdfinfo"):
            info = run(["pdfinfo", "-isodates", os.path.join(out, p)])
            chk.ok(re.search(r"^Pages:\s+2$", info, re.M), f"{p}: not 2 pages")
            chk.ok(re.search(r"^CreationDate:\s+" + d["date"], info, re.M), f"{p}: CreationDate not {d['date']}")
            chk.ok(re.search(r"^Title:\s+\S", info, re.M), f"{p}: no Title")
            fonts = run(["pdffonts", os.path.join(out, p)])
            want = "NotoSansCJKkr" if d["lang"] == "ko" else "DejaVuSans"
            chk.ok(want in fonts, f"{p}: font {want} not embedded:\n{fonts}")
        elif d["fmt"] == "plain text":
            chk.ok(d["date"] in (text or ""), f"{p}: date {d['date']} not in the text")

    # --- content rules
    for d in DOCS:
        p, text = d["path"], texts[d["path"]]
        if text is None:
            continue
        body = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<!--.*?-->", " ", text)
        chk.ok("2397" in text, f"{p}: resolution 2397 not mentioned")
        for number in imo.find_all(text):
            chk.ok(imo.is_valid(number) or (number in SPOOFED_IMO and p.startswith("en/01")),
                   f"{p}: invalid IMO {number}")
        has_phrase = "ship-to-ship transfer" in re.sub(r"\s+", " ", body)
        chk.ok(has_phrase == bool(d.get("phrase")), f"{p}: 'ship-to-ship transfer' presence is {has_phrase}")
        chk.ok(("ship-to-ship" in text.lower()) == bool(d.get("phrase")), f"{p}: stray 'ship-to-ship'")
        if d["lang"] == "ko":
            for word in ("북한의", "북한은", "북한이", "선박의", "선박을", "유조선", "환적", "남포"):
                chk.ok(word in text, f"{p}: lacks {word}")
        if d["lang"] == "ru":
            bare = re.search(r"\bсудно\b", text, re.I) is not None
            chk.ok(bare == (d["sudno"] == "bare"), f"{p}: bare 'судно' presence is {bare}")
            for word in ("судна", "суда"):
                chk.ok(re.search(rf"\b{word}\b", text, re.I), f"{p}: lacks {word}")
            chk.ok(re.search(r"\bсудн(ом|е)\b", text, re.I), f"{p}: lacks судном/судне")
            chk.ok("ё" in text, f"{p}: no letter ё")
            chk.ok(re.search(r"КНДР|Коре", text), f"{p}: no КНДР/Корея")
        if p.startswith("en/01"):
            for marker in ("zzscriptonly", "zzstyleonly", "zzcommentonly"):
                chk.ok(marker in text and marker not in body, f"{p}: marker {marker} misplaced")
    by_lang = {}
    for d in DOCS:
        if texts[d["path"]] and "IMO 8716344" in re.sub(r"\s+", " ", texts[d["path"]]):
            by_lang.setdefault(d["lang"], []).append(d["path"])
    chk.ok(set(by_lang) == {"ko", "ru", "en"}, f"IMO 8716344 not in all languages: {by_lang}")
    phrase_years = sorted(d["date"][:4] for d in DOCS if d.get("phrase"))
    chk.ok(phrase_years == ["2023", "2024"], f"phrase documents dated {phrase_years}")
    ru_text = " ".join(texts[d["path"]] or "" for d in DOCS if d["lang"] == "ru")
    for word in ("Находк", "Владивосток", "перегрузк", "всё", "ещё", "берёт"):
        chk.ok(word in ru_text, f"Russian corpus lacks {word}")

    if chk.failures:
        print("VERIFY FAILED:\n  " + "\n  ".join(chk.failures), file=sys.stderr)
        return False
    return True


def compare(expected, actual):
    """List files that differ between two trees (expected = fresh build)."""
    diffs = []
    # samples/scans/ belongs to scripts/make-ocr-samples.sh
    def files(top):
        return {os.path.relpath(os.path.join(r, f), top)
                for r, _, fs in os.walk(top) for f in fs
                if not os.path.relpath(r, top).split(os.sep)[0] == "scans"}
    want = files(expected)
    have = files(actual)
    for rel in sorted(want | have):
        if rel not in have:
            diffs.append(f"missing: {rel}")
        elif rel not in want:
            diffs.append(f"not generated: {rel}")
        elif not filecmp.cmp(os.path.join(expected, rel), os.path.join(actual, rel), shallow=False):
            diffs.append(f"differs: {rel}")
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: samples/)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with --out")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            generate(tmp)
            if not verify(tmp):
                return 1
            diffs = compare(tmp, args.out)
            if diffs:
                print("samples are stale:\n  " + "\n  ".join(diffs), file=sys.stderr)
                return 1
        print(f"samples up to date: {len(DOCS)} documents + README.md in {args.out}")
        return 0
    generate(args.out)
    if not verify(args.out):
        return 1
    print(f"wrote and verified {len(DOCS)} documents + README.md in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
