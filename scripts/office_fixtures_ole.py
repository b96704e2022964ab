#!/usr/bin/env python3
"""HWP 5 and Outlook .msg fixtures (OLE compound files written by cfb_writer.py), with
their expected.json entries (the shape make-office-fixtures.py writes).

Usage: office_fixtures_ole.py OUTDIR   (merges into OUTDIR/expected.json)
make-office-fixtures.py calls write_all(outdir, expected) with its dict of entries.

HWP 5: per Hancom's "한글문서파일형식 5.0" revision 1.3, laid out as Hancom Office 2018+
writes it (FileHeader, DocInfo, BodyText/SectionN raw-deflated, \\x05HwpSummaryInformation,
PrvText, PrvImage, BinData, DocOptions/_LinkDoc, Scripts). Records are copied in shape
from a real file (shared/corpus/office/ko_hwp5_grammar_java-hwp.hwp): the secd/cold
controls of a section's first paragraph with PAGE_DEF, FOOTNOTE_SHAPE and
PAGE_BORDER_FILL, the header/footer/footnote LIST_HEADERs, a table's CTRL_HEADER,
TABLE and cell LIST_HEADERs. Reading order of nested lists (expected "text"): a
control's list (header, footer, footnote, table cells) follows the text of the
paragraph that holds it. A tab or a line break inside a paragraph splits the
expected strings there (as the HWPX entries do).

.msg: per [MS-OXMSG] / [MS-OXPROPS] as Outlook 2016 writes it; PR_RTF_COMPRESSED with a
real [MS-OXRTFCP] LZFu compressor (checked against the decompressor below).
Standard library only; deterministic (seeded randomness, fixed dates).
"""


import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from office_fixtures_hwp import write_hwp  # noqa: E402
from office_fixtures_msg import write_msg  # noqa: E402


def write_all(outdir, expected):
    os.makedirs(outdir, exist_ok=True)
    write_hwp(outdir, expected)
    write_msg(outdir, expected)
    return expected


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, "expected.json")
    expected = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            expected = json.load(f)
    write_all(outdir, expected)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
