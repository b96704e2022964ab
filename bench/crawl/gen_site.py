#!/usr/bin/env python3
"""Static sites for the trawl crawl benchmark (bench/crawl/run.sh).

  gen_site.py site  OUTDIR --pages 5000 [--page-bytes 20000] [--fanout 8] [--links 10]
  gen_site.py hubs  OUTDIR --urls 200000 [--hub-links 5000]
  gen_site.py leaf  --root R --pool-cache F     (one paragraph of Korean text, for the leaves)

`site`: PAGES HTML pages of about PAGE_BYTES each, in one of Korean, Russian and English
(page i: i % 3) with a paragraph of another of the three, real text from the paragraph
pool of bench/ingest/real_corpus.py (Debian packages' catalogues, man pages and books, and
shared/corpus; the same pool bench/ingest builds, read from its cache).  Page 0 is /
(index.html); page i > 0 is /dNNN/pNNNNNN.html.  Links: page i links to its children
FANOUT*i+1 .. FANOUT*i+FANOUT in a FANOUT-ary tree (so a crawl from / reaches every page
within ceil(log_FANOUT(PAGES)) + 1 links), to its parent, and to random pages up to
about LINKS links in all; links are absolute paths, relative paths or absolute URLs.

`hubs`: the frontier-memory site.  / links to HUBS hub pages /hub/NNNN.html (default
ceil(URLS / HUB_LINKS)), each of which links to HUB_LINKS leaf URLs /f/NNNNNNN.html,
going round URLS distinct leaves.  The leaves are not files: the server answers them
from its configuration (run.sh: an nginx `return 200` with the URI in the page).
run.sh makes both sites with the same HUBS and HUB_LINKS, so that they hold the same
pages of the same size and differ only in how many distinct URLs the hubs link to.

Deterministic for a given seed and pool.  Prints a JSON summary on stdout.
Standard library only, plus bench/ingest/real_corpus.py (imported, not changed).
"""

import argparse
import html
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "ingest"))
import real_corpus as rc  # noqa: E402

LANGS = rc.LANG_ORDER  # ko, ru, en
NAV = rc.NAV


def load_pools(root, shared, pool_cache):
    args = argparse.Namespace(root=root, shared=shared, pool_cache=pool_cache)
    pool, missing = rc.load_pool(args, lambda m: print("gen_site: " + m, file=sys.stderr))
    summary = rc.pool_summary(pool)
    for lang in LANGS:
        if summary[lang]["bytes"] < 200_000:
            sys.exit("gen_site: only %d bytes of %s text (missing: %s)"
                     % (summary[lang]["bytes"], lang, "; ".join(missing) or "-"))
    return {lang: rc.Pool(pool[lang]["paras"]) for lang in LANGS}, summary


def page_path(i):
    return "/" if i == 0 else "/d%03d/p%06d.html" % (i // 100, i)


def page_file(i):
    return "index.html" if i == 0 else "d%03d/p%06d.html" % (i // 100, i)


def rel_link(frm, to):
    """A relative reference from page frm to page to (both > 0)."""
    a, b = page_path(frm), page_path(to)
    if a.split("/")[1] == b.split("/")[1]:
        return b.rsplit("/", 1)[1]
    return "../" + b.lstrip("/")


def site_links(i, pages, fanout, nlinks, rng):
    out = [c for c in range(fanout * i + 1, fanout * i + fanout + 1) if c < pages]
    if i:
        out.append((i - 1) // fanout)
    seen = set(out) | {i}
    while len(out) < nlinks and len(seen) < pages:
        j = rng.randrange(pages)
        if j not in seen:
            seen.add(j)
            out.append(j)
    return out


def make_page(i, pools, args, rng, base_url):
    lang = LANGS[i % 3]
    other = LANGS[(i + 1 + rng.randrange(2)) % 3]
    e = html.escape
    target = int(args.page_bytes * rng.uniform(0.9, 1.1))
    links = site_links(i, args.pages, args.fanout, args.links, rng)
    anchors = []
    for j in links:
        r = rng.random()
        if j == 0 or r < 0.6:
            href = page_path(j)
        elif r < 0.85 and i:
            href = rel_link(i, j)
        else:
            href = base_url + page_path(j)
        anchors.append((href, j))

    # link texts: the first words of a paragraph of the linked page's language
    def anchor_text(j):
        p = rc.take_run(pools[LANGS[j % 3]], rng, 80)[0]
        return rc.first_words(p, rng.randint(3, 7), 60) or p[:40]

    head = ["<!DOCTYPE html>", '<html lang="%s">' % lang, "<head>", '<meta charset="utf-8">']
    nav = "<nav>" + "".join('<a href="/">%s</a>' % e(NAV[lang][0]) if k == 0 else
                            "<span>%s</span>" % e(v) for k, v in enumerate(NAV[lang])) + "</nav>"
    related = ["<aside><h2>%s</h2><ul>" % e(NAV[lang][5])]
    related += ['<li><a href="%s">%s</a></li>' % (e(h, quote=True), e(anchor_text(j)))
                for h, j in anchors]
    related.append("</ul></aside>")
    foot = ["<footer>&copy; %d &middot; %s</footer>" % (2019 + i % 7, e(rc.FOOTER[lang])),
            "</body>", "</html>"]
    fixed = sum(len(s.encode("utf-8")) + 1 for s in head + [nav] + related + foot) + 400
    # body: mostly the page's language, one run of another language in the middle
    budget = max(2000, int((target - fixed) * 0.94))
    other_budget = budget // 8
    paras = rc.take_run(pools[lang], rng, budget - other_budget)
    mixed = rc.take_run(pools[other], rng, other_budget)
    cut = max(1, len(paras) // 2)
    title = rc.first_words(paras[0], rng.randint(4, 10), 90) or paras[0][:40]
    body = ["<article>", "<h1>%s</h1>" % e(title),
            '<p class="meta"><time datetime="%04d-%02d-%02d">page %d</time></p>'
            % (2019 + i % 7, 1 + i % 12, 1 + i % 28, i)]
    for k, p in enumerate(paras[:cut]):
        body.append("<p>%s</p>" % e(p, quote=False))
    body.append('<blockquote lang="%s">' % other)
    body += ["<p>%s</p>" % e(p, quote=False) for p in mixed]
    body.append("</blockquote>")
    for k, p in enumerate(paras[cut:]):
        if rng.random() < 0.15:
            body.append("<h2>%s</h2>" % e(rc.first_words(p, rng.randint(2, 6), 60)))
        body.append("<p>%s</p>" % e(p, quote=False))
    body.append("</article>")
    head += ["<title>%s</title>" % e(title),
             '<meta name="description" content="%s">' % e(paras[0][:150], quote=True),
             "<style>body{font-family:sans-serif;max-width:42em;margin:auto}</style>",
             "</head>", "<body>"]
    data = "\n".join(head + [nav] + body + related + foot) + "\n"
    return data.encode("utf-8"), lang, len(links)


def cmd_site(args):
    pools, summary = load_pools(args.root, args.shared, args.pool_cache)
    if os.path.exists(args.outdir):
        shutil.rmtree(args.outdir)
    os.makedirs(args.outdir)
    total, nlinks, by_lang = 0, 0, {}
    for i in range(args.pages):
        rng = random.Random("%d:%d" % (args.seed, i))
        data, lang, n = make_page(i, pools, args, rng, args.base_url)
        path = os.path.join(args.outdir, page_file(i))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
        nlinks += n
        by_lang[lang] = by_lang.get(lang, 0) + 1
    depth, reach, level = 0, 1, 1
    while reach < args.pages:
        level *= args.fanout
        reach += level
        depth += 1
    json.dump({"pages": args.pages, "bytes": total, "mean_page_bytes": round(total / args.pages),
               "links_per_page": round(nlinks / args.pages, 2), "tree_depth": depth,
               "fanout": args.fanout, "by_lang": by_lang, "seed": args.seed,
               "pool": {k: {"paragraphs": v["paragraphs"], "bytes": v["bytes"]}
                        for k, v in summary.items()}}, sys.stdout)
    print()


def cmd_hubs(args):
    if os.path.exists(args.outdir):
        shutil.rmtree(args.outdir)
    os.makedirs(os.path.join(args.outdir, "hub"))
    hubs = args.hubs or (args.urls + args.hub_links - 1) // args.hub_links
    idx = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>Frontier benchmark: %d URLs</title></head><body><ul>" % args.urls]
    idx += ['<li><a href="/hub/%04d.html">hub %d</a></li>' % (h, h) for h in range(hubs)]
    idx.append("</ul></body></html>")
    with open(os.path.join(args.outdir, "index.html"), "w", encoding="utf-8") as f:
        f.write("\n".join(idx) + "\n")
    total = 0
    for h in range(hubs):
        # hub_links links each, going round the urls leaves: with fewer leaves than
        # hubs x hub_links a leaf is linked from several hubs (known after the first)
        ids = [(h * args.hub_links + k) % args.urls for k in range(args.hub_links)]
        lines = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
                 "<title>hub %d</title></head><body><ul>" % h]
        # the link texts depend on the place of the link, not on the leaf: the hub pages
        # of both sites then have the same text (the same terms in the index), and only
        # their URLs differ
        lines += ['<li><a href="/f/%07d.html">item %d</a></li>' % (k, (h * args.hub_links + j) % 1000)
                  for j, k in enumerate(ids)]
        lines.append("</ul></body></html>")
        data = ("\n".join(lines) + "\n").encode("utf-8")
        total += len(data)
        with open(os.path.join(args.outdir, "hub", "%04d.html" % h), "wb") as f:
            f.write(data)
    json.dump({"urls": args.urls, "hubs": hubs, "hub_links": args.hub_links,
               "hub_bytes": total, "distinct_leaves": min(args.urls, hubs * args.hub_links)},
              sys.stdout)
    print()


def cmd_leaf(args):
    """A paragraph of real text for the leaf pages' template (no quotes, no $ or \\)."""
    pools, _ = load_pools(args.root, args.shared, args.pool_cache)
    rng = random.Random(args.seed)
    out = []
    for lang in LANGS:
        p = rc.take_run(pools[lang], rng, 400)[0][:600]
        out.append(html.escape(p).replace("$", "").replace("\\", "").replace("'", "&#39;"))
    print(" ".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("site", "hubs", "leaf"):
        p = sub.add_parser(name)
        if name != "leaf":
            p.add_argument("outdir")
        p.add_argument("--seed", type=int, default=20240611)
        p.add_argument("--root", default="/")
        p.add_argument("--shared", default=rc.default_shared())
        p.add_argument("--pool-cache")
        if name == "site":
            p.add_argument("--pages", type=int, default=5000)
            p.add_argument("--page-bytes", type=int, default=20000)
            p.add_argument("--fanout", type=int, default=8)
            p.add_argument("--links", type=int, default=10)
            p.add_argument("--base-url", required=True,
                           help="http://127.0.0.1:PORT, for the absolute links")
        if name == "hubs":
            p.add_argument("--urls", type=int, default=200000)
            p.add_argument("--hub-links", type=int, default=5000)
            p.add_argument("--hubs", type=int, default=0,
                           help="hub pages (default: urls / hub-links); run.sh gives both "
                                "sites the same number, so that they differ only in leaves")
    args = ap.parse_args()
    {"site": cmd_site, "hubs": cmd_hubs, "leaf": cmd_leaf}[args.cmd](args)


if __name__ == "__main__":
    main()
