#!/usr/bin/env python3
"""Probe files for the at-sight text test: prose that carries what a libmagic rule looks
for, so that `identify_bench agree` can check that the test never calls text/plain what
libmagic calls something else.

  probes.py OUTDIR

Always written: the formats that must keep their types (PDF, PostScript, RTF, XML, HTML,
e-mail, mbox, JSON, WARC...) and a prose match for each regular expression of the
database that prose can meet. With MAGDIR set to the magic/Magdir folder of file's source
at the version installed (bookworm: FILE5_44), also one probe per string and search rule
of every magic file: the rule's string at its offset in prose, and after a first line.
"""
import os
import re
import sys

PROSE = (b" the tanker was seen off Nampo in March 2024.\n"
         b"It carried coal and iron ore for a company in Dalian.\n") * 4
LINE = b"The tanker was seen off Nampo in March.\n"

HAND = {
    # formats that must keep their types
    "pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + PROSE,
    "postscript": b"%!PS-Adobe-3.0\n%%Title: report\n" + PROSE,
    "rtf": b"{\\rtf1\\ansi\\deff0 {\\fonttbl}" + PROSE + b"}",
    "xml": b"<?xml version=\"1.0\"?>\n<report>" + PROSE + b"</report>\n",
    "html": b"<html><body><p>" + PROSE + b"</p></body></html>\n",
    "html-late": LINE * 3 + b"<html><body>" + PROSE,
    "mail-received": b"Received: from mx.example.org by mail\nSubject: tanker\n\n" + PROSE,
    "mail-return-path": b"Return-Path: <a@example.org>\nFrom: a@example.org\n\n" + PROSE,
    "mail-mime": b"MIME-Version: 1.0\nContent-Type: text/plain\n\n" + PROSE,
    "mail-from-colon": b"From: Monitoring Desk <desk@example.org>\nSubject: x\n\n" + PROSE,
    "mail-date": b"Date: Thu, 28 Mar 2024 09:00:00 +0000\n\n" + PROSE,
    "mbox": b"From desk@example.org Thu Mar 28 09:00:00 2024\nSubject: x\n\n" + PROSE,
    "news-article": b"Article 1234 of alt.news:\nPath: a!b\n\n" + PROSE,
    "news-path": b"Path: news.example.org!not-for-mail\n\n" + PROSE,
    "json": b"{\"ship\": \"Sea Lantern\", \"imo\": 9354521, \"text\": \"" + PROSE.replace(b"\n", b" ") + b"\"}\n",
    "json-array": b"[{\"ship\": \"Sea Lantern\"}]\n",
    "warc": b"WARC/1.0\r\nWARC-Type: response\r\n\r\n" + PROSE,
    "pgp": b"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + PROSE,
    "vcard": b"BEGIN:VCARD\nVERSION:3.0\nFN:Desk\nEND:VCARD\n" + PROSE,
    "vcalendar": b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n" + PROSE,
    "diff": b"diff -u a b\n--- a\n+++ b\n@@ -1 +1 @@\n-" + LINE + b"+" + LINE,
    "shell": b"#!/bin/sh\necho hello\n" + PROSE,
    "troff": b".TH TRAWL 1\n.SH NAME\ntrawl \\- ingest\n" + PROSE,
    "troff-comment": b".\\\" comment\n" + PROSE,
    "tex": b"\\documentclass{article}\n\\begin{document}\n" + PROSE + b"\\end{document}\n",
    "c": b"#include <stdio.h>\nint main(void) { return 0; }\n",
    "c-struct": LINE + b"struct ship {\n  int imo;\n};\n",
    "c-extern": LINE + b"extern int x;\n" + PROSE,
    "python": b"import os\nimport sys\n\ndef main():\n    pass\n",
    "python-from": LINE + b"from os import path\n" + PROSE,
    "ruby": b"class Ship\n  def imo\n  end\nend\n",
    "make": b"all: trawl\n\ttrawl ingest\n",
    "po": b"# Korean translation\nmsgid \"\"\nmsgstr \"\"\n",
    "subrip": b"1\n00:00:01,000 --> 00:00:02,000\nThe tanker\n",
    "webvtt": b"WEBVTT\n\n00:01.000 --> 00:02.000\nThe tanker\n",
    "uuencode": b"begin 644 file.bin\nM9&%T80``\n`\nend\n",
    "fortran": b"C this is a comment\n      PROGRAM HELLO\n      END\n",
    "fortran-lower": b"c the tanker\n" + PROSE,
    "algol-ref": LINE + b"OUR REF 2024/17 about the tanker\n" + PROSE,
    "algol-mode": LINE + b"SAFE MODE ON\n" + PROSE,
    "forth": LINE + b"The tanker ( seen at night -- reports say ) sailed.\n" + PROSE,
    "clojure": b"(ns trawl.core)\n(defn f [x] x)\n",
    "windows-ini": b"; comment\n[section]\nkey=value\n",
    "terminfo": b"MAX=1,2\n" + PROSE,
    "java": b"import java.util.List;\npublic class Ship {}\n",
    "sam-like": b"\t".join([b"r%d" % i for i in range(13)]) + b"\n",
    "bzip2-prose": b"BZhello tanker" + PROSE,
    "article-prose": b"Article 5 of the regulation bans coal imports.\n" + PROSE,
    "url": b"See https://www.kcna.kp/en/article for the report." + PROSE,
    "email-address": b"Write to desk@example.org about" + PROSE,
    "legal-c": b"Cargo: coal\n" + PROSE,
    "ini": b"[Section]\nkey=value\n" + PROSE,
    "prose-signs": b"Prices rose 5% to $1.5 million; item #5 [1] a=b, write to desk@example.org.\n" + PROSE,
    "prose-hash-line": LINE + b"#5 on the list\n" + PROSE,
    "prose-caps": b"SANCTIONS NOTICE\n" + PROSE,
    "prose-ps": b"PS the tanker" + PROSE,
    "prose-a": b"A tanker" + PROSE,
    "prose-i": b"I saw the tanker" + PROSE,
    "prose-number": b"2024-03-28 the tanker" + PROSE,
    "prose-bullets": LINE + b"* coal\n* iron ore\n- oil\n" + PROSE,
    "prose-quote": b"\"The tanker\" was" + PROSE,
    "prose-ru": "Танкер был замечен у Нампхо.\n".encode() + PROSE,
    "mail-subject": b"Subject: tanker report\nTo: desk@example.org\n\n" + PROSE,
    "mail-x-header": b"X-Mailer: mutt\nSubject: x\n\n" + PROSE,
    "prose-report": b"Report: additional tanker\n\n" + PROSE,
    "prose-blank": b"\n\n   Apache License\n" + PROSE,
    "prose-ko": "유조선이 남포 앞바다에서 목격됐다.\n".encode() + PROSE,
}


def unescape(s):
    out = bytearray()
    i = 0
    esc = {"n": 10, "t": 9, "r": 13, "b": 8, "f": 12, "v": 11, "a": 7, "e": 27, " ": 32}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n in "01234567":
                j = i + 1
                v = ""
                while j < len(s) and len(v) < 3 and s[j] in "01234567":
                    v += s[j]
                    j += 1
                out.append(int(v, 8) & 255)
                i = j
                continue
            if n == "x":
                j = i + 2
                v = ""
                while j < len(s) and len(v) < 2 and s[j] in "0123456789abcdefABCDEF":
                    v += s[j]
                    j += 1
                out.append(int(v or "0", 16))
                i = j
                continue
            out.append(esc.get(n, ord(n)))
            i += 2
            continue
        out += c.encode("latin1", "replace")
        i += 1
    return bytes(out)


def fields(line):
    out = []
    i = 0
    while len(out) < 3 and i < len(line):
        while i < len(line) and line[i] in " \t":
            i += 1
        j = i
        while j < len(line) and line[j] not in " \t":
            j += 2 if line[j] == "\\" else 1
        out.append(line[i:j])
        i = j
    return out


def magdir_probes(magdir):
    probes = {}
    for name in sorted(os.listdir(magdir)):
        with open(os.path.join(magdir, name), encoding="latin1") as f:
            for n, line in enumerate(f, 1):
                if not line.strip() or line[0] in "#>!":
                    continue
                fs = fields(line.rstrip("\n"))
                if len(fs) < 3 or not re.fullmatch(r"0x[0-9a-fA-F]+|\d+", fs[0]):
                    continue
                kind = fs[1].split("/")[0]
                test = fs[2]
                if kind not in ("string", "search") or not test or test[0] in "<>!&^~":
                    continue
                if test[0] == "=":
                    test = test[1:]
                pattern = unescape(test)
                offset = int(fs[0], 0)
                if not pattern or offset > 4096:
                    continue
                pad = (b"Shipping " * (offset // 9 + 1))[:offset]
                # past offset 0 a rule needs its string at one place: prose has it there
                # by chance only (and libmagic is then wrong), so these are told apart
                where = "at" if offset == 0 else f"offset{offset}"
                probes[f"{name}.{n}.{where}"] = pad + pattern + PROSE
                if offset == 0:
                    probes[f"{name}.{n}.blank"] = b"  \n" + pattern + PROSE
                if kind == "search":
                    probes[f"{name}.{n}.after"] = LINE + pattern + PROSE
    return probes


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    probes = {f"hand.{k}": v for k, v in HAND.items()}
    magdir = os.environ.get("MAGDIR")
    if magdir and os.path.isdir(magdir):
        probes.update({f"magic.{k}": v for k, v in magdir_probes(magdir).items()})
    for k, v in probes.items():
        with open(os.path.join(out, k.replace("/", "_")), "wb") as f:
            f.write(v)
    print(f"{len(probes)} probes in {out}" + ("" if magdir else " (set MAGDIR for one per rule)"),
          file=sys.stderr)


if __name__ == "__main__":
    main()
