#!/usr/bin/env python3
"""Writes the generated office, HWPX, RTF and e-mail documents of trawl's tests and of
bench/formats (measure.py) into a folder, with OUTDIR/expected.json: for every file the
text a perfect reader returns (in reading order, one string per paragraph, cell or line),
its properties and children, and for the bad_* files the error trawl should report.

Usage: make-office-fixtures.py OUTDIR

Every document exists in English, Korean and Russian (sanctions monitoring of North
Korea: vessels, IMO numbers, ship-to-ship transfers, UN Security Council resolution
2397) so that each reader meets Hangul and Cyrillic, and each copies the structure real
software writes (named above each writer), not what trawl's readers happen to accept.
Python's standard library only; deterministic (fixed dates in the zip entries and the
documents, seeded randomness): two runs give identical bytes; about two seconds.

The writers are in office_fixtures_{ooxml,odf,hwpx,rtf,mail}.py, the prose, dates and zip
and PNG writers they share in office_fixtures_common.py; the bad inputs are written here.
At the end, scripts/office_fixtures_ole.py (HWP 5 and .msg through a compound-file
writer) adds its files and entries when it is there.
"""

import base64
import json
import os
import random
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wildcard-import,unused-wildcard-import,wrong-import-position
from office_fixtures_common import *  # noqa: E402,F401,F403
from office_fixtures_ooxml import *  # noqa: E402,F401,F403
from office_fixtures_odf import *  # noqa: E402,F401,F403
from office_fixtures_hwpx import *  # noqa: E402,F401,F403
from office_fixtures_rtf import *  # noqa: E402,F401,F403
from office_fixtures_mail import *  # noqa: E402,F401,F403


# ---------------------------------------------------------------- bad inputs

def write_bad_malformed(out):
    """en_report.docx with word/document.xml cut inside a start tag (a download cut short)."""
    t = TEXT["en"]
    parts, full = docx_parts("en")
    doc = dict(parts)["word/document.xml"]
    link_para = doc.index("<w:p ", doc.index(x(t["paras"][3])))
    cut = doc[:link_para + 24]  # '<w:p w14:paraId="1A2B000' : inside the tag
    parts = [(n, cut if n == "word/document.xml" else d) for n, d in parts]
    p = t["paras"]
    must = [s for s in full if s not in (p[3], t["link_before"] + t["link_text"] + t["link_after"])]
    out.write("bad_malformed.docx", zip_package(parts), entry(
        "docx", "en", must, error="ok_with_warning", text_may=[p[3]], title=t["title"], author=t["author"],
        notes="word/document.xml ends inside the start tag of the hyperlink paragraph. Expected "
              "ok_with_warning, not corrupt: the XML before the damage is whole (heading, three "
              "paragraphs, the text box, the table) and the header, footer, notes and comment parts are "
              "intact, and office_docx.cc keeps the text before a parse error with a warning (corrupt "
              "only when nothing readable is left). The paragraph just before the cut (text_may) can "
              "be lost to the parser's buffering."))


def write_bad_million_rows(out):
    """A sheet declaring A1:XFD1048576 with 1,048,576 <row> elements, three of them real."""
    t = TEXT["en"]
    sst = SharedStrings()
    top = ['<row r="1" spans="1:5">%s</row>' % "".join(c_str(col_name(i) + "1", sst, h) for i, h in enumerate(t["cols"]))]
    exp = [t["sheets"][0]] + t["cols"]
    for r, row in zip((2, 3), transfer_rows(t)):
        top.append('<row r="%d" spans="1:5">%s%s%s</row>' % (
            r, c_inline("A%d" % r, row[0]), "".join(c_str("%s%d" % (col_name(i), r), sst, row[i]) for i in (1, 2, 3)),
            c_num("E%d" % r, row[4])))
        exp += list(row)
    empty = "".join('<row r="%d"/>' % r for r in range(4, 1048577))
    sheet = (XML_DECL + '<worksheet %s><dimension ref="A1:XFD1048576"/><sheetViews><sheetView tabSelected="1" '
             'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>%s%s</sheetData>'
             '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
             % (SML_NS, "".join(top), empty))
    parts = xlsx_package(t, [sheet], sst, [t["sheets"][0]])
    out.write("bad_million_rows.xlsx", zip_package(parts), entry(
        "xlsx", "en", exp,
        notes="dimension A1:XFD1048576 and 1,048,576 row elements (%d MB of XML), only rows 1-3 with "
              "cells. No error and no warning expected (hence no 'error' key): the three rows must be "
              "read, in well under the time limit, without allocating for the declared range."
              % (len(sheet) >> 20)))


def write_bad_missing_slide(out):
    t = TEXT["en"]
    parts, text = pptx_parts("en", order=(1, 2, 3), notes_on=3, missing=(2,))
    out.write("bad_missing_slide.pptx", zip_package(parts), entry(
        "pptx", "en", text, error="ok_with_warning", title=t["title"], author=t["author"],
        notes="sldIdLst lists three slides; the relationship of the second points at "
              "ppt/slides/slide2.xml, which [Content_Types].xml names but the zip lacks. Slides 1 and 3 "
              "(with the notes) are read; a warning names slide 2; page 2 stays empty."))


def write_bad_huge_xml(out, path):
    """word/document.xml of about 100 MB: one paragraph repeated, deflated to a few hundred KB.
    Written straight to the zip in chunks (no 100 MB string)."""
    t = TEXT["en"]
    parts, _ = docx_parts("en")
    sentence = t["paras"][0]
    para = '<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % x(sentence)
    head = XML_DECL + '<w:document %s><w:body>' % W_NS
    tail = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    count = (100 << 20) // len(para.encode())
    chunk = (para * 1000).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, ZIP_DATE_MS)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name != "word/document.xml":
                z.writestr(info, data)
                continue
            with z.open(info, "w") as f:
                f.write(head.encode())
                for _ in range(count // 1000):
                    f.write(chunk)
                f.write(tail.encode())
    size = len(head) + (count // 1000) * len(chunk) + len(tail)
    text_bytes = (count // 1000) * 1000 * (len(sentence.encode()) + 1)
    out.record("bad_huge_xml.docx", entry(
        "docx", "en", [t["header"], sentence], error="ok_with_warning", part_bytes=size,
        notes="document.xml is %d bytes (%d paragraphs of the same sentence), under office.max_part_bytes "
              "(256 MB) so it is read, but its text (%d bytes) passes office.max_text_bytes (64 MB): "
              "office_docx.cc keeps the first 64 MB and warns 'text cut at office.max_text_bytes'. "
              "Not too-large: that is only for a part over max_part_bytes (the package skips it)."
              % (size, (count // 1000) * 1000, text_bytes)))


def write_bad_rtf(out):
    t = TEXT["en"]
    p = t["paras"]
    depth = 100000
    data = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}\r\n"
            "\\pard\\plain\\f0\\fs22 Before the groups: %s\\par\r\n" % p[0] + "{" * depth +
            "Deep inside: %s" % p[1] + "}" * depth + "\\par\r\nAfter the groups: %s\\par\r\n}" % p[2])
    out.write("bad_nested_groups.rtf", data.encode("ascii"), entry(
        "rtf", "en", ["Before the groups: " + p[0], "Deep inside: " + p[1], "After the groups: " + p[2]],
        error="ok_with_warning",
        notes="100,000 nested groups (past office.max_nesting, 200): read for text without recursion, "
              "a warning about the depth; the text inside and after them is read."))
    data, text = rtf_memo("en", t, closed=False)
    data += b"{\\pard\\plain {\\b Unclosed tail: " + p[3].encode() + b"\\par"
    out.write("bad_unclosed.rtf", data, entry(
        "rtf", "en", text + ["Unclosed tail: " + p[3]], error="ok_with_warning",
        notes="en_memo.rtf without its final }, then two more groups opened and never closed: the "
              "text is read to the end, with a warning."))


def write_bad_misc(out):
    rnd = random.Random(2397)
    out.write("bad_not_zip.docx", rnd.randbytes(8192), entry(
        "docx", "en", [], error="unsupported",
        notes="8 KB of random bytes (seeded). Nothing identifies it (libmagic: application/octet-stream), "
              "the .docx name is not trusted: unsupported. corrupt is as good an answer if the name is "
              "used to pick the reader."))
    sml = CT_BASE + "spreadsheetml."
    ct = content_types([("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                        ("xml", "application/xml")], [("xl/workbook.xml", sml + "sheet.main+xml")])
    out.write("bad_empty.xlsx", zip_package([("[Content_Types].xml", ct)]), entry(
        "xlsx", "en", [], error="corrupt",
        notes="A zip holding only [Content_Types].xml (deflated, as Excel writes it): no _rels/.rels, no "
              "workbook. Expected corrupt ('no main document part'). identify.cc finds "
              "'[Content_Types].xml' in the bytes but not 'xl/workbook.xml' (it is inside the deflated "
              "part), so the file may be typed application/zip and read as an archive of one member."))


# ---------------------------------------------------------------- main

class Out:
    def __init__(self, outdir):
        self.dir = outdir
        self.expected = {}

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data, e):
        with open(self.path(name), "wb") as f:
            f.write(data)
        self.record(name, e)

    def record(self, name, e):
        self.expected[name] = e


def save_expected(out):
    with open(out.path("expected.json"), "w", encoding="utf-8") as f:
        json.dump(out.expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    out = Out(argv[1])
    os.makedirs(out.dir, exist_ok=True)
    for lang in LANGS:
        write_docx(out, lang)
        write_xlsx(out, lang)
        write_pptx(out, lang)
        write_odt(out, lang)
        write_ods(out, lang)
        write_odp(out, lang)
        write_hwpx(out, lang)
        write_rtf(out, lang)
    write_rtf(out, "ja")
    with open(out.path("ru_report.docx"), "rb") as f:
        write_koi8(out, f.read())
    write_euckr(out)
    write_cp949(out)
    write_forward(out)
    write_mbox(out)
    write_mhtml(out)
    write_bad_malformed(out)
    write_bad_million_rows(out)
    write_bad_missing_slide(out)
    write_bad_huge_xml(out, out.path("bad_huge_xml.docx"))
    write_bad_rtf(out)
    write_bad_misc(out)
    save_expected(out)
    # HWP 5 and .msg, when the other half of the generator is there
    try:
        import office_fixtures_ole
    except ModuleNotFoundError as e:
        if e.name != "office_fixtures_ole":
            raise
        return 0
    office_fixtures_ole.write_all(out.dir, out.expected)
    save_expected(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
