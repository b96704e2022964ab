#!/usr/bin/env python3
"""Near-duplicate copies of corpus documents, so that collapsing has work at scale.

Reads the documents of a corpus that bench/ingest/real_corpus.py (or gen_corpus.py)
wrote, and writes, for every STEP-th document, COPIES copies under OUTDIR/site-K/,
each edited the way a republishing site edits a story: a credit line under the headline
("Republished by site-3.example, copy 3") and, in HTML, the site's name in the <title>.
The body text is the original's, so the copies and the original are one near-duplicate
cluster (the credit line is shorter than index/simhash.h's kSimhashLineWords and does
not count), while their bytes, and so their ids, differ.

No new text: only the corpus's own documents, edited.  Deterministic.  Standard library
only.  Prints a JSON summary on stdout.
"""

import argparse
import json
import os
import re
import shutil
import sys

TITLE = re.compile(rb"</title>")
H1 = re.compile(rb"</h1>")


def edit(data, path, k):
    site = b"site-%d.example" % k
    credit = b"Republished by " + site + b", copy %d" % k
    if path.endswith(".html"):
        out, n1 = TITLE.subn(b" | " + site + b"</title>", data, count=1)
        out, n2 = H1.subn(b"</h1>\n<p class=\"credit\">" + credit + b"</p>", out, count=1)
        if n1 + n2 == 0:
            out = credit + b"\n" + data
        return out
    # plain text: the headline, then the credit line
    nl = data.find(b"\n")
    if nl < 0:
        return data + b"\n" + credit + b"\n"
    return data[:nl + 1] + credit + b"\n" + data[nl + 1:]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", help="a folder bench/ingest's generators wrote (d0000/doc-...)")
    ap.add_argument("outdir")
    ap.add_argument("--step", type=int, default=40, help="copy every STEP-th document (default 40)")
    ap.add_argument("--copies", type=int, default=4, help="copies of each (default 4)")
    ap.add_argument("--offset", type=int, default=7, help="first document copied (default 7)")
    args = ap.parse_args(argv)
    if os.path.exists(args.outdir):
        shutil.rmtree(args.outdir)
    docs = []
    for d in sorted(os.listdir(args.corpus)):
        sub = os.path.join(args.corpus, d)
        if os.path.isdir(sub):
            docs += [os.path.join(d, f) for f in sorted(os.listdir(sub))]
    stories = copies = 0
    by_lang = {}
    for i in range(args.offset, len(docs), args.step):
        rel = docs[i]
        with open(os.path.join(args.corpus, rel), "rb") as f:
            data = f.read()
        n = args.copies
        stories += 1
        for k in range(1, n + 1):
            out = os.path.join(args.outdir, "site-%d" % k, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as f:
                f.write(edit(data, rel, k))
            copies += 1
        m = re.search(r"-(ko|ru|en)\.", rel)
        lang = m.group(1) if m else "?"
        by_lang[lang] = by_lang.get(lang, 0) + n
    json.dump({"stories": stories, "copies": copies, "copies_by_lang": by_lang,
               "step": args.step, "copies_each": args.copies}, sys.stdout, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
