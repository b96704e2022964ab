#!/usr/bin/env python3
"""Pack the documents of a corpus folder (real_corpus.py or gen_corpus.py) into
containers, for bench/ingest/containers.sh.

  zip   OUT.zip  CORPUS FIRST COUNT [--stored]
  targz OUT.tar.gz CORPUS FIRST COUNT
  warc  OUT.warc.gz CORPUS FIRST COUNT [--seed S]

FIRST and COUNT select documents by their number (doc-000123-ko.html is 123), in
order; members keep their path in the corpus (d0001/doc-000123-ko.html).

WARC files are WARC/1.1 with one gzip member per record: a warcinfo record, then
one response record per document, an HTTP/1.1 200 message whose body is the
document, at http://bench.example/<lang>/<number>.<ext>; WARC-Date,
WARC-Record-ID, Content-Length, WARC-Payload-Digest and WARC-Block-Digest (sha1,
base32) on every record.  Deterministic: dates and record ids come from the seed
and the document number.

Standard library only.  Prints a JSON line: container, kind, docs, bytes of the
container, bytes of the documents in it.
"""

import argparse
import base64
import datetime
import gzip
import hashlib
import io
import json
import os
import re
import sys
import tarfile
import uuid
import zipfile

DOC = re.compile(r"doc-(\d+)-([a-z]+)\.([a-z]+)$")
EPOCH = datetime.datetime(2024, 6, 11, 8, 0, 0, tzinfo=datetime.timezone.utc)
# zip and tar entries get a fixed time, so the containers are byte-identical run to run
FIXED_TIME = (2024, 6, 11, 8, 0, 0)


def corpus_docs(corpus):
    """{number: relative path} of the documents in a corpus folder."""
    docs = {}
    for d in sorted(os.listdir(corpus)):
        full = os.path.join(corpus, d)
        if not os.path.isdir(full):
            continue
        for f in sorted(os.listdir(full)):
            m = DOC.match(f)
            if m:
                docs[int(m.group(1))] = os.path.join(d, f)
    return docs


def select(corpus, first, count):
    docs = corpus_docs(corpus)
    sel = [docs[i] for i in range(first, first + count) if i in docs]
    if len(sel) != count:
        sys.exit("pack_containers: %s has %d of documents %d..%d" % (corpus, len(sel), first,
                                                                   first + count - 1))
    return sel


def read(corpus, rel):
    with open(os.path.join(corpus, rel), "rb") as f:
        return f.read()


def pack_zip(out, corpus, rels, stored):
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    total = 0
    with zipfile.ZipFile(out, "w", compression=method, compresslevel=None if stored else 6) as z:
        for rel in rels:
            data = read(corpus, rel)
            total += len(data)
            info = zipfile.ZipInfo(rel, date_time=FIXED_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return total


def pack_targz(out, corpus, rels):
    total = 0
    with open(out, "wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as t:
        dirs = set()
        for rel in rels:
            d = os.path.dirname(rel)
            if d and d not in dirs:
                dirs.add(d)
                ti = tarfile.TarInfo(d)
                ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o755, 1718092800
                t.addfile(ti)
            data = read(corpus, rel)
            total += len(data)
            ti = tarfile.TarInfo(rel)
            ti.size, ti.mode, ti.mtime = len(data), 0o644, 1718092800
            ti.uname = ti.gname = "bench"
            t.addfile(ti, io.BytesIO(data))
    return total


def b32sha1(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(fields, block):
    """One WARC/1.1 record, gzip-compressed on its own."""
    head = ["WARC/1.1"]
    head += ["%s: %s" % kv for kv in fields]
    head.append("WARC-Block-Digest: %s" % b32sha1(block))
    head.append("Content-Length: %d" % len(block))
    rec = ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=6) as gz:
        gz.write(rec)
    return buf.getvalue()


def warc_date(seconds):
    return (EPOCH + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(seconds):
    return (EPOCH + datetime.timedelta(seconds=seconds)).strftime("%a, %d %b %Y %H:%M:%S GMT")


CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def pack_warc(out, name, corpus, rels, seed):
    ns = uuid.uuid5(uuid.NAMESPACE_URL, "http://bench.example/%d" % seed)
    total = 0
    with open(out, "wb") as f:
        info = ("software: trawl bench/ingest/pack_containers.py\r\n"
                "format: WARC File Format 1.1\r\n"
                "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
                "warc-format/warc-1.1/\r\n"
                "description: real-text benchmark corpus, seed %d\r\n" % seed).encode("utf-8")
        f.write(warc_record([
            ("WARC-Type", "warcinfo"),
            ("WARC-Date", warc_date(0)),
            ("WARC-Filename", name),
            ("WARC-Record-ID", "<urn:uuid:%s>" % uuid.uuid5(ns, "warcinfo:" + name)),
            ("Content-Type", "application/warc-fields"),
        ], info))
        for rel in rels:
            m = DOC.search(rel)
            num, lang, ext = int(m.group(1)), m.group(2), m.group(3)
            body = read(corpus, rel)
            total += len(body)
            if ext == "html":
                cs = CHARSET.search(body[:2048])
                ctype = "text/html; charset=%s" % (cs.group(1).decode("ascii").lower() if cs else "utf-8")
            else:
                ctype = "text/plain; charset=utf-8"
            secs = 3600 + num * 7
            http = ("HTTP/1.1 200 OK\r\n"
                    "Date: %s\r\n"
                    "Server: nginx\r\n"
                    "Content-Type: %s\r\n"
                    "Content-Length: %d\r\n"
                    "Connection: close\r\n"
                    "\r\n" % (http_date(secs), ctype, len(body))).encode("ascii") + body
            f.write(warc_record([
                ("WARC-Type", "response"),
                ("WARC-Record-ID", "<urn:uuid:%s>" % uuid.uuid5(ns, "response:%d" % num)),
                ("WARC-Date", warc_date(secs)),
                ("WARC-Target-URI", "http://bench.example/%s/%d.%s" % (lang, num, ext)),
                ("WARC-IP-Address", "192.0.2.%d" % (1 + num % 250)),
                ("Content-Type", "application/http; msgtype=response"),
                ("WARC-Payload-Digest", b32sha1(body)),
            ], http))
    return total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=("zip", "targz", "warc"))
    ap.add_argument("out")
    ap.add_argument("corpus")
    ap.add_argument("first", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("--stored", action="store_true", help="zip: store the members, no deflate")
    ap.add_argument("--seed", type=int, default=20240611, help="warc: seed of dates and record ids")
    a = ap.parse_args(argv)
    rels = select(a.corpus, a.first, a.count)
    tmp = a.out + ".tmp"
    if a.kind == "zip":
        total = pack_zip(tmp, a.corpus, rels, a.stored)
    elif a.kind == "targz":
        total = pack_targz(tmp, a.corpus, rels)
    else:
        total = pack_warc(tmp, os.path.basename(a.out), a.corpus, rels, a.seed)
    os.replace(tmp, a.out)
    print(json.dumps({"container": a.out, "kind": a.kind + ("-stored" if a.stored else ""),
                      "docs": len(rels), "first": a.first, "bytes": os.path.getsize(a.out),
                      "doc_bytes": total}))


if __name__ == "__main__":
    main()
