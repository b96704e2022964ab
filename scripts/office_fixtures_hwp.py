"""The HWP 5 writer of office_fixtures_ole.py: documents laid out as Hancom Office 2018+
writes them, through cfb_writer.py (see office_fixtures_ole.py for the layout copied)."""

import datetime
import json
import os
import random
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cfb_writer import CompoundFile  # noqa: E402
from office_fixtures_common import CREATED, MODIFIED, TEXT, png  # noqa: E402


def entry(fmt, lang, text, **more):
    e = {"format": fmt, "lang": lang, "text": [t for t in text if t]}
    e.update({k: v for k, v in more.items() if v is not None})
    return e


def filetime(iso):
    dt = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return int((dt - datetime.datetime(1601, 1, 1)).total_seconds()) * 10 ** 7


# ================================================================ HWP 5

HWP_VERSION = 0x05010001  # 5.1.0.1

TAG_DOCUMENT_PROPERTIES = 0x10
TAG_ID_MAPPINGS = 0x11
TAG_BIN_DATA = 0x12
TAG_FACE_NAME = 0x13
TAG_BORDER_FILL = 0x14
TAG_CHAR_SHAPE = 0x15
TAG_TAB_DEF = 0x16
TAG_PARA_SHAPE = 0x19
TAG_STYLE = 0x1A
TAG_DOC_DATA = 0x1B
TAG_DISTRIBUTE_DOC_DATA = 0x1C
TAG_COMPATIBLE_DOCUMENT = 0x1E
TAG_LAYOUT_COMPATIBILITY = 0x1F
TAG_PARA_HEADER = 0x42
TAG_PARA_TEXT = 0x43
TAG_PARA_CHAR_SHAPE = 0x44
TAG_PARA_LINE_SEG = 0x45
TAG_CTRL_HEADER = 0x47
TAG_LIST_HEADER = 0x48
TAG_PAGE_DEF = 0x49
TAG_FOOTNOTE_SHAPE = 0x4A
TAG_PAGE_BORDER_FILL = 0x4B
TAG_SHAPE_COMPONENT = 0x4C
TAG_TABLE = 0x4D
TAG_SHAPE_COMPONENT_PICTURE = 0x55


def rec(tag, level, data):
    n = len(data)
    if n >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, n) + data
    return struct.pack("<I", tag | level << 10 | n << 20) + data


def u16s(s):
    return struct.pack("<H", len(s)) + s.encode("utf-16-le")


def chid(s):
    """A control id as HWP stores it: MAKE_4CHID(a, b, c, d) little-endian, i.e. the
    four ASCII bytes reversed ('tbl ' is b' lbt')."""
    return s.encode("ascii")[::-1]


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


# Controls: extended ones (1 2 3 11 12 14-18 21-23) and inline ones (4-9 19 20) take 8
# UTF-16 units in PARA_TEXT; 10 (line break) and 13 (paragraph end) one.
def ctrl_ext(code, cid):
    return struct.pack("<H", code) + chid(cid) + b"\0" * 8 + struct.pack("<H", code)


def ctrl_inline(code, params=b"\0" * 12):
    return struct.pack("<H", code) + params + struct.pack("<H", code)


TAB = ctrl_inline(9, struct.pack("<IHHI", 4000, 0x0100, 0, 0))  # width, leader/type
LINE_BREAK = struct.pack("<H", 10)

# From the reference file (5.0.0.6): a section's secd CTRL_HEADER (with the two u32 that
# 5.0.1.7+ add) and its children, cold, a table's common object attributes, a line segment.
SECD = bytes.fromhex("64636573000000006e0400000000401f000000000000000000000000" "0000000000000000")
PAGE_DEF = bytes.fromhex("2cb1000038040100e8180000e81800001c20000008150000dc080000140b00000000000000000000")
FOOTNOTE_SHAPE = [bytes.fromhex("000000000000000029000100ffffffff540338021c01010100000000"),
                  bytes.fromhex("00000000000000002900010000000000600340020000000100000000")]
PAGE_BORDER_FILL = bytes.fromhex("0100000089058905890589050000")
COLD = bytes.fromhex("646c6f63041000000000000000000000")
TBL_COMMON = bytes.fromhex("15232a08000000000000000048600000e7450000650000008c008c008c008c00a15d9f4700000000")
LINE_SEG = bytes.fromhex("0000000000000000e8030000e80300005203000058020000000000005c7f000000000600")


class Para:
    """A paragraph: text pieces (str, or bytes of control characters already encoded)
    and the controls' records (a list of (ctrl name, [records at level+1...]))."""

    def __init__(self, pieces, controls=(), style=0, shape=0):
        self.pieces = pieces
        self.controls = list(controls)
        self.style = style
        self.shape = shape


def para_records(para, level, last, mask_extra=0):
    units = bytearray()
    mask = mask_extra
    for p in para.pieces:
        if isinstance(p, str):
            units += p.encode("utf-16-le")
        else:
            units += p
            mask |= 1 << struct.unpack_from("<H", p)[0]
    units += struct.pack("<H", 13)
    nchars = len(units) // 2
    out = [rec(TAG_PARA_HEADER, level, struct.pack(
        "<IIHBBHHHIH", nchars | (0x80000000 if last else 0), mask, para.shape, para.style, 0, 1, 0, 1, 0, 0))]
    if nchars > 1:
        out.append(rec(TAG_PARA_TEXT, level + 1, bytes(units)))
    out.append(rec(TAG_PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0)))
    out.append(rec(TAG_PARA_LINE_SEG, level + 1, LINE_SEG))
    for ctrl in para.controls:
        out += ctrl(level + 1)
    return out


def paras_records(paras, level):
    out = []
    for i, p in enumerate(paras):
        out += para_records(p, level, i == len(paras) - 1)
    return out


def sec_ctrls(level):
    out = [rec(TAG_CTRL_HEADER, level, SECD), rec(TAG_PAGE_DEF, level + 1, PAGE_DEF)]
    out += [rec(TAG_FOOTNOTE_SHAPE, level + 1, f) for f in FOOTNOTE_SHAPE]
    out += [rec(TAG_PAGE_BORDER_FILL, level + 1, PAGE_BORDER_FILL)] * 3
    out.append(rec(TAG_CTRL_HEADER, level, COLD))
    return out


SEC_PIECES = [ctrl_ext(2, "secd"), ctrl_ext(2, "cold")]


def first_para(pieces, controls=()):
    return Para(SEC_PIECES + list(pieces), [sec_ctrls] + list(controls))


def header_para(kind, text):
    """A paragraph holding only a header ('head') or footer ('foot') control."""
    def ctrl(level):
        return ([rec(TAG_CTRL_HEADER, level, chid(kind) + struct.pack("<I", 0)),
                 rec(TAG_LIST_HEADER, level + 1, struct.pack("<HHIIIH", 1, 0, 0, 0x7F5C, 0x08DC, 0))]
                + paras_records([Para([text])], level + 1))
    return Para([ctrl_ext(16, kind)], [ctrl])


def footnote_ctrl(text, kind="fn  "):
    def ctrl(level):
        autonum = lambda lv: [rec(TAG_CTRL_HEADER, lv, chid("atno") + struct.pack("<IHHHH", 1, 1, 0, 0, 0x29))]
        note = Para([ctrl_ext(18, "atno"), " " + text], [autonum])
        return ([rec(TAG_CTRL_HEADER, level, chid(kind) + struct.pack("<IIIHH", 1, 0, 0x29, 0, 0)),
                 rec(TAG_LIST_HEADER, level + 1, struct.pack("<HHI8x", 1, 0, 0))]
                + paras_records([note], level + 1))
    return ctrl


def table_para(rows):
    nr, nc = len(rows), len(rows[0])

    def ctrl(level):
        out = [rec(TAG_CTRL_HEADER, level, chid("tbl ") + TBL_COMMON),
               rec(TAG_TABLE, level + 1, struct.pack("<IHHH4H", 0x04000006, nr, nc, 0, 0x8C, 0x8C, 0x8C, 0x8C)
                   + struct.pack("<%dH" % nr, *([nc] * nr)) + struct.pack("<HH", 1, 0))]
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                out.append(rec(TAG_LIST_HEADER, level + 1, struct.pack(
                    "<HHIHHHHII4HHI", 1, 0, 0x20, c, r, 1, 1, 14173, 1282, 510, 510, 141, 141, 3, 14173)))
                out += paras_records([Para([cell])], level + 1)
        return out
    return Para([ctrl_ext(11, "tbl ")], [ctrl])


def picture_para(bin_id):
    def ctrl(level):
        common = bytes.fromhex("11232a0a0000000000000000c0120000600900000100000000000000000000000200000000000000")
        ident = struct.pack("<6d", 1, 0, 0, 0, 1, 0)
        comp = (chid("$pic") * 2 + struct.pack("<iiHHIIIIIhiiH", 0, 0, 0, 1, 4800, 2400, 4800, 2400, 0, 0,
                                                 2400, 1200, 1) + ident * 3)
        pic = (struct.pack("<IiI", 0, 0, 0) + struct.pack("<8i", 0, 0, 4800, 0, 4800, 2400, 0, 2400)
               + struct.pack("<4i", 0, 0, 4800, 2400) + struct.pack("<4H", 0, 0, 0, 0)
               + struct.pack("<bbBHBII", 0, 0, 0, bin_id, 0, 0, 0))  # ..., transparency, instance id, effect flags
        return [rec(TAG_CTRL_HEADER, level, chid("gso ") + common),
                rec(TAG_SHAPE_COMPONENT, level + 1, comp),
                rec(TAG_SHAPE_COMPONENT_PICTURE, level + 2, pic)]
    return Para([ctrl_ext(11, "gso ")], [ctrl])


def hyperlink_pieces(before, link, after, url):
    return [before, ctrl_ext(3, "%hlk"), link, ctrl_inline(4, chid("%hlk") + b"\0" * 8), after]


def hyperlink_ctrl(url):
    def ctrl(level):
        cmd = url.replace(":", "\\:") + ";1;0;0;"
        return [rec(TAG_CTRL_HEADER, level, chid("%hlk") + struct.pack("<IB", 0, 0) + u16s(cmd)
                    + struct.pack("<II", 627272811, 0))]
    return ctrl


def section_stream(paras):
    return b"".join(paras_records(paras, 0))


def face_name(name, default):
    return struct.pack("<B", 0x61) + u16s(name) + bytes.fromhex("02030600000101010101") + u16s(default)


def doc_info(nsections, bins=()):
    recs = [rec(TAG_DOCUMENT_PROPERTIES, 0, struct.pack("<H6HIII", nsections, 1, 1, 1, 1, 1, 1, 0, 0, 0))]
    nfonts = 7
    recs.append(rec(TAG_ID_MAPPINGS, 0, struct.pack("<18i", len(bins), *([1] * nfonts), 1, 1, 1, 0, 0, 1, 1,
                                                    0, 0, 0)))
    for i, ext in enumerate(bins):
        recs.append(rec(TAG_BIN_DATA, 1, struct.pack("<HH", 0x0001, i + 1) + u16s(ext)))
    for _ in range(nfonts):
        recs.append(rec(TAG_FACE_NAME, 1, face_name("함초롬바탕", "HCR Batang")))
    recs.append(rec(TAG_BORDER_FILL, 1, bytes.fromhex(
        "00000101000000000101000000000101000000000101000000000000000000000000000000000000")))
    recs.append(rec(TAG_CHAR_SHAPE, 1, struct.pack("<7H7B7b7B7biIbbIIIIHI", *([0] * 7), *([100] * 7), *([0] * 7),
                                                   *([100] * 7), *([0] * 7), 1000, 0, 10, 10, 0, 0,
                                                   0xFFFFFFFF, 0xC0C0C0, 1, 0)))
    recs.append(rec(TAG_TAB_DEF, 1, struct.pack("<Ii", 0, 0)))
    recs.append(rec(TAG_PARA_SHAPE, 1, struct.pack("<I6iHHH4hIII", 0x80, 0, 0, 0, 0, 0, 160, 0, 0, 1,
                                                   0, 0, 0, 0, 0, 0, 160)))
    recs.append(rec(TAG_STYLE, 1, u16s("바탕글") + u16s("Normal") + struct.pack("<BBhHHH", 0, 0, 1042, 0, 0, 0)))
    recs.append(rec(TAG_DOC_DATA, 0, bytes.fromhex("0100" "1b02" "0000" "0000")))
    recs.append(rec(TAG_COMPATIBLE_DOCUMENT, 0, struct.pack("<I", 0)))
    recs.append(rec(TAG_LAYOUT_COMPATIBILITY, 1, struct.pack("<5I", 0, 0, 0, 0, 0)))
    return b"".join(recs)


def file_header(props):
    return (b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", HWP_VERSION, props)).ljust(256, b"\0")


def lpwstr(s):
    b = (s + "\0").encode("utf-16-le")
    b += b"\0" * (-len(b) % 4)
    return struct.pack("<II", 0x1F, len(s) + 1) + b


HWP_FMTID = bytes.fromhex("60b6a29f6110d411b4c6006097c09d8c")


def hwp_summary(title, subject, author, keywords, created, modified, paras=1):
    """[MS-OLEPS] property set as Hancom writes \\x05HwpSummaryInformation: one section
    under FMTID 9FA2B660-1061-11D4-B4C6-006097C09D8C, strings VT_LPWSTR, dates
    VT_FILETIME; PID 20 is Hancom's date as text; the header's CLSID is the FMTID again
    and PID 0 a one-entry dictionary, as in Hancom's files (pyhwp needs both)."""
    d = datetime.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ")
    datestr = "%d년 %d월 %d일 %s요일 %d시 %d분" % (d.year, d.month, d.day, "월화수목금토일"[d.weekday()],
                                               d.hour, d.minute)
    props = [(2, lpwstr(title)), (3, lpwstr(subject)), (4, lpwstr(author)), (20, lpwstr(datestr)),
             (5, lpwstr(keywords)), (6, lpwstr("")), (8, lpwstr(author)), (9, lpwstr("11, 0, 0, 5511 WIN32LEWindows_10")),
             (12, struct.pack("<IQ", 0x40, filetime(created))), (13, struct.pack("<IQ", 0x40, filetime(modified))),
             (11, struct.pack("<IQ", 0x40, 0)), (14, struct.pack("<Ii", 0x03, 1)),
             (21, struct.pack("<Ii", 0x03, paras)),
             # the dictionary (PID 0) as Hancom writes it: one entry, PID 0, a 1-byte empty name
             (0, struct.pack("<III", 1, 0, 1) + b"\0")]
    head_len = 8 + 8 * len(props)
    body = b""
    index = b""
    for pid, val in props:
        index += struct.pack("<II", pid, head_len + len(body))
        body += val
    section = struct.pack("<II", head_len + len(body), len(props)) + index + body
    return (struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020105, HWP_FMTID, 1) + HWP_FMTID
            + struct.pack("<I", 48) + section)


def noisy_png(width, height, seed):
    """A grey PNG of seeded noise (a page thumbnail's anti-aliased text does not compress
    either): big enough to live in FAT sectors rather than the mini stream."""
    rnd = random.Random(seed)
    raw = b"".join(b"\0" + bytes(255 - (rnd.randrange(256) if (y // 6) % 2 else rnd.randrange(8))
                                  for _ in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def prv_text(lines):
    return ("\r\n".join(lines) + "\r\n").encode("utf-16-le")[:2048]


def hwp_file(sections, meta, compressed=True, props_extra=0, bins=(), damage=None, view_text=None,
             preview=None, section_bytes=None):
    """sections: list of lists of Para. Returns (CompoundFile, raw section streams)."""
    cf = CompoundFile()
    props = (1 if compressed else 0) | props_extra
    z = deflate if compressed else (lambda b: b)
    cf.add_stream("FileHeader", file_header(props))
    cf.add_stream("DocInfo", z(doc_info(len(sections), [ext for _, ext, _ in bins])))
    raw = [section_stream(s) for s in sections]
    if view_text is None:
        for i, r in enumerate(raw):
            data = section_bytes[i] if section_bytes and i in section_bytes else z(r)
            cf.add_stream("BodyText/Section%d" % i, data)
    else:
        for i, data in enumerate(view_text):
            cf.add_stream("ViewText/Section%d" % i, data)
    cf.add_stream("\x05HwpSummaryInformation", hwp_summary(paras=sum(map(len, sections)), **meta))
    for name, ext, data in bins:
        cf.add_stream("BinData/" + name, z(data))
    cf.add_stream("PrvText", prv_text(preview))
    cf.add_stream("PrvImage", noisy_png(64, 90, 5))
    cf.add_stream("DocOptions/_LinkDoc", b"\0" * 524)
    cf.add_stream("Scripts/DefaultJScript", deflate(b"\xfe\xff" + "function OnDocument_New()\r\n{\r\n\t\r\n}\r\n"
                                                    .encode("utf-16-le")))
    cf.add_stream("Scripts/JScriptVersion", deflate(struct.pack("<II", 0, 1)))
    return cf, raw


def hwp_meta(t, title=None):
    return dict(title=title or t["title"], subject=t["unit"], author=t["author"], keywords="DPRK",
                created=CREATED, modified=MODIFIED)


def hwp_entry(lang, t, text, title=None, **more):
    return entry("hwp", lang, text, title=title or t["title"], author=t["author"], created=CREATED,
                 modified=MODIFIED, **more)


def report_sections(t):
    p = t["paras"]
    s0 = [first_para([t["title"]]),
          header_para("head", t["header"]),
          Para([p[0]]),
          Para([t["unit"], TAB, "2024-03-05", LINE_BREAK, t["author"]]),
          Para([p[1]]),
          table_para(t["table"][:2]),
          picture_para(1)]
    s1 = [first_para([p[2]], [footnote_ctrl(t["footnote"])]), Para([p[3]])]
    s1[0].pieces.append(ctrl_ext(17, "fn  "))
    s2 = [first_para(hyperlink_pieces(t["link_before"], t["link_text"], t["link_after"], t["link_url"]),
                     [hyperlink_ctrl(t["link_url"])]),
          header_para("foot", t["footer"])]
    text0 = [t["title"], t["header"], p[0], t["unit"], "2024-03-05", t["author"], p[1]]
    text0 += [c for row in t["table"][:2] for c in row]
    text1 = [p[2], t["footnote"], p[3]]
    text2 = [t["link_before"] + t["link_text"] + t["link_after"], t["footer"]]
    return [s0, s1, s2], [text0, text1, text2]


def notice_sections(t):
    p = t["paras"]
    s0 = [first_para([t["notice_title"]]), Para([p[0]], [footnote_ctrl(t["footnote"])]), Para([p[1]]),
          table_para(t["table"])]
    s0[1].pieces.append(ctrl_ext(17, "fn  "))
    s1 = [first_para([p[2]]), Para([p[3]])]
    text = [t["notice_title"], p[0], t["footnote"], p[1]] + [c for row in t["table"] for c in row] + [p[2], p[3]]
    return [s0, s1], text


def write_hwp(outdir, expected):
    def save(name, cf, e):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(cf.tobytes())
        expected[name] = e

    ko = TEXT["ko"]
    image = png()
    bins = [("BIN0001.png", "png", image)]

    # ko_report.hwp: compressed, three sections, table, footnote, tab and line break, picture
    secs, texts = report_sections(ko)
    cf, _ = hwp_file(secs, hwp_meta(ko), bins=bins, preview=texts[0][:3])
    save("ko_report.hwp", cf, hwp_entry(
        "ko", ko, sum(texts, []), children=["BIN0001.png"],
        notes="HWP 5.1.0.1, compressed (FileHeader bit 0): DocInfo, BodyText/Section0..2 and BinData/BIN0001.png "
              "are raw deflate. Section0: secd/cold controls, a header control ('head', its LIST_HEADER paragraph "
              "is text), a paragraph with a tab (inline control 9, 8 units) and a line break (char 10) (expected: split there, "
              "as the HWPX entries are), a 2x3 "
              "table ('tbl ': TABLE then six cell LIST_HEADERs, read row by row), a picture ('gso ' -> BinData id 1, "
              "no text). Section1: a footnote ('fn  ', its paragraph starts with an 'atno' control, no text, then a space). "
              "Section2: a hyperlink field (%hlk: its command string, the URL, is no text) and a footer. "
              "Summary: title, author, created/modified (VT_FILETIME) from \\x05HwpSummaryInformation. "
              "Control parameters (the 6 units after an extended/inline control char) must not leak as text."))

    # ko_plain.hwp: uncompressed, one section
    p = ko["paras"]
    cf, _ = hwp_file([[first_para([ko["notice_title"]])] + [Para([x]) for x in p]], hwp_meta(ko, ko["notice_title"]),
                     compressed=False, preview=[ko["notice_title"]] + p[:2])
    save("ko_plain.hwp", cf, hwp_entry(
        "ko", ko, [ko["notice_title"]] + p, title=ko["notice_title"],
        notes="FileHeader bit 0 clear: DocInfo and BodyText/Section0 are stored records, not deflated. One "
              "section, five paragraphs."))

    for lang in ("en", "ru"):
        t = TEXT[lang]
        secs, text = notice_sections(t)
        cf, _ = hwp_file(secs, hwp_meta(t, t["notice_title"]), preview=text[:3])
        save("%s_notice.hwp" % lang, cf, hwp_entry(
            lang, t, text, title=t["notice_title"],
            notes="Two compressed sections, %s text (HWP is UTF-16: any script), a footnote after the first "
                  "body paragraph and a 3x3 table." % {"en": "English", "ru": "Russian"}[lang]))

    # ko_many_sections.hwp: 12 sections, directory entries added in name order
    secs, text = [], []
    for i in range(12):
        line = "제%d절. %s" % (i + 1, p[i % 4])
        secs.append([first_para([line])])
        text.append(line)
    cf = CompoundFile()
    cf.add_stream("FileHeader", file_header(1))
    cf.add_stream("DocInfo", deflate(doc_info(12)))
    for i in sorted(range(12), key=str):  # Section0, Section1, Section10, Section11, Section2...
        cf.add_stream("BodyText/Section%d" % i, deflate(section_stream(secs[i])))
    cf.add_stream("\x05HwpSummaryInformation", hwp_summary(paras=12, **hwp_meta(ko)))
    cf.add_stream("PrvText", prv_text(text[:2]))
    cf.add_stream("PrvImage", png(42, 60, (4, 4, 38, 10)))
    save("ko_many_sections.hwp", cf, hwp_entry(
        "ko", ko, text,
        notes="12 sections: read Section0..Section11 by number (DocInfo DOCUMENT_PROPERTIES says 12), not in "
              "directory order (entries were added Section0, 1, 10, 11, 2, ...) nor sorted as strings "
              "(Section10 before Section2)."))

    # bad_corrupt_section.hwp: Section1's deflate data damaged
    secs, texts = report_sections(ko)
    cf, raw = hwp_file(secs, hwp_meta(ko), bins=bins, preview=texts[0][:3])
    rnd = random.Random(2397)
    garbage = b"\xff" + rnd.randbytes(23)  # BFINAL=1, BTYPE=11: "invalid block type"
    cf.overwrite("BodyText/Section1", 0, garbage)  # after layout: sizes and chains unchanged
    bad = garbage + deflate(raw[1])[24:]
    try:
        zlib.decompressobj(-15).decompress(bytes(bad))
        raise AssertionError("damaged section inflates")
    except zlib.error:
        pass
    save("bad_corrupt_section.hwp", cf, hwp_entry(
        "ko", ko, texts[0] + texts[2], children=["BIN0001.png"], error="ok_with_warning",
        notes="ko_report.hwp with BodyText/Section1's first 24 deflate bytes replaced (the first block "
              "has BTYPE 11: inflate fails at once). Sections 0 and 2 must still be read, with a warning "
              "about Section1; corrupt only if a reader gives up on the whole file (it should not)."))

    # bad_distribution.hwp: bit 2, ViewText holding the AES-128 ciphertext
    secs, text = notice_sections(ko)
    rnd = random.Random(2017)
    view = [rec(TAG_DISTRIBUTE_DOC_DATA, 0, rnd.randbytes(256)) + rnd.randbytes(16 * 40) for _ in secs]
    preview = text[:4]
    cf, _ = hwp_file(secs, hwp_meta(ko, ko["notice_title"]), props_extra=4, view_text=view, preview=preview)
    save("bad_distribution.hwp", cf, hwp_entry(
        "ko", ko, preview, title=ko["notice_title"], error="ok_with_warning",
        notes="A distribution document (FileHeader bit 2): no BodyText; ViewText/Section0 and Section1 are a "
              "DISTRIBUTE_DOC_DATA record (tag 0x1C, 256 bytes) and AES-128 ciphertext (here seeded random "
              "bytes). The text cannot be read; PrvText holds the first lines: trawl indexes that preview "
              "with a warning saying only the preview was read (encrypted would lose what can be read)."))

    # bad_password.hwp: bit 1, sections scrambled
    rnd = random.Random(2018)
    secs, text = notice_sections(ko)
    cf, raw = hwp_file(secs, hwp_meta(ko, ko["notice_title"]), props_extra=2, preview=text[:3],
                       section_bytes={i: rnd.randbytes(len(deflate(section_stream(s)))) for i, s in enumerate(secs)})
    save("bad_password.hwp", cf, hwp_entry(
        "ko", ko, [], title=ko["notice_title"], error="encrypted", text_may=text[:3],
        notes="FileHeader bit 1 (password): the section streams are scrambled (seeded random bytes of the "
              "compressed length). Expected encrypted, without trying to inflate them; summary and PrvText are "
              "readable (text_may)."))

    # bad_sector_cycle.hwp: uncompressed, Section1 over 4096 bytes (FAT chain) looping back on itself
    t = ko
    long1 = [first_para([p[2]])] + [Para(["%d. %s" % (k + 1, p[3])]) for k in range(24)]
    secs = [[first_para([t["notice_title"]]), Para([p[0]]), Para([p[1]])], long1,
            [first_para([t["link_before"] + t["link_text"] + t["link_after"]])]]
    cf, raw = hwp_file(secs, hwp_meta(ko, t["notice_title"]), compressed=False, preview=[t["notice_title"]])
    assert len(raw[1]) >= 4096
    cf.loop_chain("BodyText/Section1")
    save("bad_sector_cycle.hwp", cf, hwp_entry(
        "ko", ko, [t["notice_title"], p[0], p[1], t["link_before"] + t["link_text"] + t["link_after"]],
        title=t["notice_title"], error="ok_with_warning", text_may=[p[2]] + ["%d. %s" % (k + 1, p[3]) for k in range(24)],
        notes="Uncompressed, three sections; BodyText/Section1 (%d bytes, 13 sectors in the FAT) has a chain whose "
              "last sector points back at its first instead of ENDOFCHAIN. A reader must not loop. Read by its "
              "size the stream is whole (libgsf 1.14.50 does that, with a g_warning 'had 0x... instead of a "
              "terminator', and gives the bytes; olefile too): its text is text_may. Sections 0 and 2 must be "
              "read; a warning is right (trawl sees it only if it checks the chain itself)." % len(raw[1])))

    # bad_truncated.hwp: ko_report cut at half its length
    secs, texts = report_sections(ko)
    cf, _ = hwp_file(secs, hwp_meta(ko), bins=bins, preview=texts[0][:3])
    full = len(cf.tobytes())
    cf.truncate(full // 2)
    cut = hwp_entry(
        "ko", ko, [], error="ok_with_warning",
        notes="ko_report.hwp cut at %d of %d bytes: the directory and FAT survive but streams point past the "
              "end. Expected: whatever sections are whole, with a warning naming the streams cut (or corrupt "
              "when nothing is left); never a crash or a hang. libgsf reads the sections, which lie before "
              "the cut; the summary stream lies past it, so no properties are expected." % (full // 2, full))
    for key in ("title", "author", "created", "modified"):
        cut.pop(key, None)
    cut["children"] = ["BIN0001.png"]  # listed in the directory, its bytes cut: a warning
    save("bad_truncated.hwp", cf, cut)
