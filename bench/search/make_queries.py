#!/usr/bin/env python3
"""Writes bench/search's query mix (queries.txt) from the vocabulary of its corpus.

Reads a sample of the documents bench/ingest's generators wrote (real_corpus.py: real
Korean, Russian and English text; gen_corpus.py: shipping text with IMO numbers), counts
in how many sampled documents each word occurs, and picks, deterministically (--seed):

  * single words in each language, from three bands of document frequency: common
    (in >= 8 % of the language's documents), middle (0.5-3 %) and rare (0.05-0.3 %);
  * two words that occur in one document (middle band);
  * quoted phrases: two or three consecutive words of a sentence, in each language;
  * filters: lang:ko / lang:ru / lang:en and type:html / type:text, in the query and as
    the API's filter= parameter; an empty query with a filter (what a click on a facet
    of an empty search runs);
  * entity filters: imo:NNNNNNN for IMO numbers (valid check digit) written in the
    sampled documents, alone and as filter=entity:imo:NNNNNNN with a word;
  * date ranges (date:2023-01-01..2023-12-31) with a word, and as a filter;
  * queries in several scripts ("word 단어 слово");
  * names from the UN list (SearchService::understand expands them in every script),
    and an org:"..." field (resolved through the lists);
  * sort=date on some, offset=100 on some (common words: they have that many hits).

Output: one search a line, the query then tab-separated API parameters (search_bench.cc
and wrk_queries.py read it); '#' lines say which group follows.  Standard library only.
"""

import argparse
import html
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"^[a-z]+$")
IMO = re.compile(r"IMO(?: number| Number)?:? ?([0-9]{7})\b")  # not "(IMO) Number": a company's (imo-company:)
TAGS = re.compile(r"<[^>]+>")
DROP = re.compile(r"<(script|style|nav|footer)\b.*?</\1>", re.S | re.I)
CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_-]+)")
# function words: a query of "the" or "и" tells nothing about a search engine's speed
STOP = set("""the and for that this with from are was were have has not but you your can
will all any may its one use used using also when which what into than then there these
those them they their been being more most such only other some each must should would
could about after before over under between while where here very just like make made
если или это что как для при его она они все так уже чем без над под где кто тот эта эти
быть было были есть нет еще или либо также может можно только""".split())


def imo_ok(d):
    return sum(int(d[i]) * (7 - i) for i in range(6)) % 10 == int(d[6])


def text_of(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".html"):
        m = CHARSET.search(data[:2048])
        enc = m.group(1).decode().lower() if m else "utf-8"
        enc = {"euc-kr": "cp949", "windows-1251": "cp1251"}.get(enc, enc)
        s = data.decode(enc, "replace")
        s = DROP.sub(" ", s)
        s = html.unescape(TAGS.sub(" ", s))
        return s, "html"
    return data.decode("utf-8", "replace"), "text"


def lang_of(word):
    if HANGUL.search(word):
        return "ko"
    if CYRILLIC.search(word):
        return "ru"
    if LATIN.match(word):
        return "en"
    return None


def files_of(corpus, every):
    out = []
    for d in sorted(os.listdir(corpus)):
        sub = os.path.join(corpus, d)
        if os.path.isdir(sub):
            out += [os.path.join(sub, f) for f in sorted(os.listdir(sub))]
    return out[::every]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="+", help="corpus folders (d0000/doc-...)")
    ap.add_argument("--every", type=int, default=10, help="sample one document in EVERY (default 10)")
    ap.add_argument("--list", help="the UN list XML: a few of its names become queries")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)

    df = {"ko": {}, "ru": {}, "en": {}}
    docs = {"ko": 0, "ru": 0, "en": 0}
    sentences = {"ko": [], "ru": [], "en": []}
    pairs_src = {"ko": [], "ru": [], "en": []}
    imos = {}
    for corpus in args.corpora:
        for path in files_of(corpus, args.every):
            text, _ = text_of(path)
            m = re.search(r"-(ko|ru|en)\.", os.path.basename(path))
            if not m:
                continue
            lang = m.group(1)
            docs[lang] += 1
            words = set()
            for w in WORD.findall(text):
                w = w.lower()
                if lang_of(w) == lang and w not in STOP and len(w) >= (2 if lang == "ko" else 4):
                    words.add(w)
            for n in IMO.findall(text):
                if imo_ok(n):
                    # the number, how often it was seen, and a document's words and language
                    seen = imos.setdefault(n, [0, words, lang])
                    seen[0] += 1
            for w in words:
                df[lang][w] = df[lang].get(w, 0) + 1
            pairs_src[lang].append(sorted(words))
            for sent in re.split(r"(?<=[.!?])\s+", text):
                ws = sent.split()
                if 4 <= len(ws) <= 40:
                    sentences[lang].append(ws)

    def band(lang, lo, hi):
        n = docs[lang]
        return sorted(w for w, c in df[lang].items() if lo * n <= c <= hi * n)

    common = {l: band(l, 0.08, 0.9) for l in df}
    middle = {l: band(l, 0.005, 0.03) for l in df}
    rare = {l: band(l, 0.0005, 0.003) for l in df}
    for l in df:
        print("make_queries: %s: %d documents sampled, %d common, %d middle, %d rare words"
              % (l, docs[l], len(common[l]), len(middle[l]), len(rare[l])), file=sys.stderr)

    out = []

    def group(title):
        out.append("# " + title)

    def add(q, *params):
        out.append("\t".join([q] + [p for p in params if p]))

    pick = lambda seq, k: rng.sample(seq, min(k, len(seq)))
    langs = ("ko", "ru", "en")

    group("single words, common (>= 8 % of the language's documents)")
    for l in langs:
        for w in pick(common[l], 5):
            add(w)
    group("single words, middle band (0.5-3 %)")
    for l in langs:
        for w in pick(middle[l], 8):
            add(w)
    group("single words, rare (0.05-0.3 %)")
    for l in langs:
        for w in pick(rare[l], 5):
            add(w)

    group("two words of one document (middle band)")
    for l in langs:
        mid = set(middle[l])
        got = 0
        for ws in rng.sample(pairs_src[l], len(pairs_src[l])):
            cand = [w for w in ws if w in mid]
            if len(cand) >= 2:
                a, b = rng.sample(cand, 2)
                add(a + " " + b)
                got += 1
                if got == 5:
                    break
    group("two words, one common and one middle")
    for l in langs:
        for a, b in zip(pick(common[l], 3), pick(middle[l], 3)):
            add(a + " " + b)

    group("quoted phrases: consecutive words of a sentence")
    for l in langs:
        got = 0
        for ws in rng.sample(sentences[l], min(4000, len(sentences[l]))):
            i = rng.randrange(0, len(ws) - 3)
            k = 2 if l == "ko" else rng.choice((2, 3))
            phrase = [WORD.fullmatch(w.strip(".,:;!?()«»\"'")) for w in ws[i:i + k]]
            if not all(phrase):
                continue
            words = [p.group(0) for p in phrase]
            if any(lang_of(w.lower()) != l or w.lower() in STOP for w in words):
                continue
            add('"%s"' % " ".join(words))
            got += 1
            if got == 5:
                break

    group("filters in the query and as filter= (the page's facet clicks)")
    for l, other in (("ko", "ru"), ("ru", "en"), ("en", "ko")):
        w = pick(middle[l], 1)[0]
        add("%s lang:%s" % (w, l))
        add(w, "filter=lang:" + l)
        add(pick(common[l], 1)[0], "filter=type:html")
        add("%s type:text" % pick(middle[l], 1)[0])
    add("", "filter=lang:ko")
    add("", "filter=type:html")
    add("", "filter=lang:ru", "filter=type:text")

    group("entity filters: IMO numbers written in the corpus")
    top = sorted(imos, key=lambda n: (-imos[n][0], n))
    for n in top[:6]:
        add("imo:" + n)
    for n in top[6:9]:
        # a word of a document that names the number, so that both can match
        _, words, l = imos[n]
        known = set(common[l]) | set(middle[l])
        cand = sorted(w for w in words if w in known)
        add(pick(cand, 1)[0] if cand else "", "filter=entity:imo:" + n)
    for n in top[9:11]:
        add("imo:%s lang:%s" % (n, imos[n][2]))

    group("date ranges")
    for y in (2019, 2021, 2023, 2024):
        l = rng.choice(langs)
        add("%s date:%d-01-01..%d-12-31" % (pick(common[l], 1)[0], y, y))
    for l in langs:
        add(pick(middle[l], 1)[0], "filter=date:2022-01-01..2023-06-30")
    add("date:2023-01-01..2023-12-31")

    group("several scripts in one query")
    for _ in range(4):
        add(" ".join(pick(middle[l], 1)[0] for l in langs))
    add("%s %s" % (pick(common["en"], 1)[0], pick(common["ko"], 1)[0]))
    add("tanker %s" % pick(middle["ru"], 1)[0])

    if args.list:
        group("names from the UN list (expanded in every script)")
        root = ET.parse(args.list).getroot()
        names, orgs = [], []
        for kind in ("ENTITY", "INDIVIDUAL"):
            for e in root.iter(kind):
                ref = e.findtext("REFERENCE_NUMBER") or ""
                if ref.startswith("KP"):
                    name = " ".join(filter(None, (e.findtext(f) for f in
                                                  ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME"))))
                    names.append(name.strip())
                    if kind == "ENTITY":
                        orgs.append(name.strip())
        for name in pick(sorted(set(names)), 4):
            add(name)
        add('org:"%s"' % pick(sorted(set(orgs)), 1)[0])

    group("sort=date")
    for l in langs:
        add(pick(common[l], 1)[0], "sort=date")
        add(pick(middle[l], 1)[0], "sort=date")
    add("", "filter=lang:en", "sort=date")
    group("offset=100 (the eleventh page)")
    for l in langs:
        add(pick(common[l], 1)[0], "offset=100")
    add(pick(common["en"], 1)[0], "offset=100", "sort=date")
    group("no hits (the explanation runs)")
    add("%s xyzzyqwv" % pick(middle["en"], 1)[0])
    add("%s %s" % (pick(rare["ru"], 1)[0], pick(rare["en"], 1)[0]))

    print("# bench/search query mix: written by make_queries.py (seed %d, one document in %d of %s);"
          % (args.seed, args.every, ", ".join(os.path.basename(c.rstrip("/")) for c in args.corpora)))
    print("# one search a line: the query, then tab-separated API parameters (filter=, sort=, offset=)")
    for line in out:
        print(line)
    print("make_queries: %d searches" % sum(1 for l in out if not l.startswith("#")), file=sys.stderr)


if __name__ == "__main__":
    main()
