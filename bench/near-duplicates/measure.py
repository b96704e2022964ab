#!/usr/bin/env python3
"""Simhash distances and clusters of the syndicated copies (bench/near-duplicates/run.sh).

Usage: measure.py TRAWL PAGES DATA. Standard library only."""
import json, subprocess, os, itertools, sys
trawl, root, data = sys.argv[1], sys.argv[2], sys.argv[3]
env = dict(os.environ, TRAWL_DATA=data)
man = json.load(open(root + "/manifest.json"))
out = subprocess.run([trawl, "search", "--json", "--limit", "1000", "--all-copies", ""], capture_output=True, text=True, env=env).stdout
by = {}
for h in json.loads(out)["hits"]:
    j = json.loads(subprocess.run([trawl, "show", "--json", h["id"]], capture_output=True, text=True, env=env).stdout)
    by[j["locations"][0]["uri"]] = (int(j.get("simhash", "0"), 16), j["cluster"])
docs = [(m, by[os.path.abspath(root + "/" + m["path"])]) for m in man]
for lang in ["en", "ko", "ru"]:
    w = [h for m, (h, c) in docs if m["story"] == lang + "-wire"]
    d = sorted(bin(a ^ b).count("1") for a, b in itertools.combinations(w, 2))
    cl = {}
    for m, (h, c) in docs:
        if m["story"] == lang + "-wire": cl[c] = cl.get(c, 0) + 1
    print(f"{lang}: copies pairwise min {d[0]} median {d[len(d)//2]} max {d[-1]}; clusters {sorted(cl.values(), reverse=True)}")
diff = [bin(a[1][0] ^ b[1][0]).count("1") for a, b in itertools.combinations(docs, 2) if a[0]["story"] != b[0]["story"]]
print(f"different stories: min {min(diff)}, {sum(1 for x in diff if x <= 12)} pairs within 12 bits of {len(diff)}")
mixed = {}
for m, (h, c) in docs: mixed.setdefault(c, set()).add(m["story"])
print("clusters holding two stories:", sum(1 for v in mixed.values() if len(v) > 1))
