#!/usr/bin/env node
// Reads WARC files with an implementation that is not ours, webrecorder's warcio.js
// (installed in tests/node by scripts/npm-test-deps.sh), and checks every record's digests.
//
//   node tests/warcio_check.mjs FILE.warc.gz...
//
// One JSON line per record on stdout:
//   {"file", "offset", "length", "type", "uri", "record_id", "content_length",
//    "block_digest_ok", "payload_digest_ok", "warcio_payload_digest_ok", "content_sha1", "ok"}
// A *_ok is null when the record has no such digest. One line {"file", "error"} for a file
// that cannot be read (a parse error, a record cut short, bytes after the last record).
// Exit status: 0 when every record of every file was read and every digest matched, 1 when
// any did not, 2 for a usage error or a missing warcio.js.
//
// Three readings of each file, all through warcio.js's WARCParser:
//  1. parseHttp: false, so that the block comes as stored: WARC-Block-Digest is the SHA-1 of
//     the block, WARC-Payload-Digest that of the bytes after the HTTP head (an HTTP message)
//     or of the block (anything else), both computed here with node:crypto.
//  2. warcio.js's own digests: its WARCSerializer recomputes the payload digest of the
//     record as warcio.js would write it (over WARCRecord.reader, the payload as stored).
//  3. the payload decoded by warcio.js (WARCRecord.contentReader: Transfer-Encoding and
//     Content-Encoding undone), whose SHA-1 is content_sha1, for the caller to compare.
import { createHash } from "node:crypto";
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("./node/package.json", import.meta.url));
let warcio;
try {
  warcio = require("warcio");
} catch (e) {
  console.error(
    `warcio_check: warcio.js is not installed in tests/node (run scripts/npm-test-deps.sh): ${e.message}`,
  );
  process.exit(2);
}
const { WARCParser, WARCSerializer } = warcio;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// RFC 4648 base32, with padding.
function base32(bytes) {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = ((buffer << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}

// Does the digest field `field` ("sha1:BASE32", "sha256:hex"...) name the digest of
// `bytes`? null when there is no field; false for an algorithm we do not know.
function digestMatches(field, bytes) {
  if (!field) return null;
  const colon = field.indexOf(":");
  if (colon < 0) return false;
  const algo = field.slice(0, colon).toLowerCase().replace("-", "");
  const value = field.slice(colon + 1).trim();
  if (algo !== "sha1" && algo !== "sha256") return false;
  const digest = createHash(algo).update(bytes).digest();
  return value.toUpperCase() === base32(digest) || value.toLowerCase() === digest.toString("hex");
}

function sha1Base32(bytes) {
  return "sha1:" + base32(createHash("sha1").update(bytes).digest());
}

// Where the HTTP head ends in a block (after CRLF CRLF, or LF LF), or -1.
function httpHeadEnd(block) {
  for (let i = 0; i + 1 < block.length; ++i) {
    if (block[i] !== 10) continue;
    if (block[i + 1] === 10) return i + 2;
    if (block[i + 1] === 13 && block[i + 2] === 10) return i + 3;
  }
  return -1;
}

function isHttp(record) {
  const ct = (record.warcHeaders.headers.get("Content-Type") || "").toLowerCase();
  return ct.startsWith("application/http");
}

// Reading 1: the block as stored, its digests computed here. Also where the records end:
// warcio.js stops without a word at a gzip member cut short, and reads over garbage after
// the last member, so that the caller compares this end with the file's size.
async function readRaw(path) {
  const rows = [];
  const parser = new WARCParser(createReadStream(path), { parseHttp: false });
  let end = 0;
  for await (const record of parser) {
    if (!/^WARC\/\d+\.\d+$/.test(record.warcHeaders.protocol || ""))
      throw new Error(
        `no WARC record at offset ${parser.offset}: ${JSON.stringify(record.warcHeaders.statusline)}`,
      );
    const block = await record.readFully(false);
    const h = record.warcHeaders.headers;
    const declared = Number(h.get("Content-Length"));
    if (!Number.isInteger(declared) || declared !== block.length)
      throw new Error(
        `record at offset ${parser.offset}: Content-Length ${h.get("Content-Length")} but ` +
          `${block.length} bytes of block (cut short?)`,
      );
    let payload = block;
    if (isHttp(record)) {
      const at = httpHeadEnd(block);
      payload = at < 0 ? new Uint8Array() : block.subarray(at);
    }
    const row = {
      file: path,
      offset: parser.offset,
      length: parser.recordLength,
      type: record.warcType,
      uri: record.warcTargetURI || null,
      record_id: h.get("WARC-Record-ID"),
      content_length: declared,
      block_digest_ok: digestMatches(h.get("WARC-Block-Digest"), block),
      payload_digest_ok: digestMatches(h.get("WARC-Payload-Digest"), payload),
      warcio_payload_digest_ok: null,
      content_sha1: null,
    };
    rows.push(row);
    end = parser.offset + parser.recordLength;
  }
  // not compressed: the CRLF CRLF after the last block is not in its recordLength
  if (!isGzip(path)) end = parser._reader.getRawOffset();
  return { rows, end };
}

function isGzip(path) {
  const fd = openSync(path, "r");
  const magic = Buffer.alloc(2);
  const n = readSync(fd, magic, 0, 2, 0);
  closeSync(fd);
  return n === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
}

// Reading 2: warcio.js computes the payload digest itself, as its writer would.
async function readWithWarcioDigests(path, rows) {
  const parser = new WARCParser(createReadStream(path), { keepHeadersCase: true });
  let i = 0;
  for await (const record of parser) {
    const row = rows[i++];
    if (!row || row.record_id !== record.warcHeaders.headers.get("WARC-Record-ID"))
      throw new Error(`record at offset ${parser.offset}: the readings disagree on the records`);
    const declared = record.warcHeaders.headers.get("WARC-Payload-Digest");
    if (!declared || record.warcType === "revisit" || record.warcType === "warcinfo") {
      await record.skipFully();
      continue;
    }
    const algo = declared.split(":")[0].toLowerCase();
    const serializer = new WARCSerializer(record, {
      digest: algo === "sha1" ? { algo: "sha-1", prefix: "sha1:", base32: true } : {},
    });
    await serializer.digestRecord({ recompute: true });
    const ours = record.warcHeaders.headers.get("WARC-Payload-Digest");
    row.warcio_payload_digest_ok =
      ours === declared || ours.toLowerCase() === declared.toLowerCase();
  }
  if (i !== rows.length) throw new Error("the readings disagree on the number of records");
}

// Reading 3: the payload as warcio.js decodes it (dechunked, Content-Encoding undone).
async function readContent(path, rows) {
  const parser = new WARCParser(createReadStream(path));
  let i = 0;
  for await (const record of parser) {
    const row = rows[i++];
    if (record.warcType === "response" && record.httpHeaders) {
      const content = await record.readFully(true);
      row.content_sha1 = sha1Base32(content);
    } else {
      await record.skipFully();
    }
  }
  if (i !== rows.length) throw new Error("the readings disagree on the number of records");
}

async function checkFile(path) {
  const size = statSync(path).size;
  const { rows, end } = await readRaw(path);
  if (rows.length === 0) throw new Error("no WARC record");
  if (end !== size) throw new Error(`${size - end} bytes after the last whole record, from offset ${end} (a record cut short, or garbage)`);
  await readWithWarcioDigests(path, rows);
  await readContent(path, rows);
  let ok = true;
  for (const row of rows) {
    row.ok =
      row.block_digest_ok !== false &&
      row.payload_digest_ok !== false &&
      row.warcio_payload_digest_ok !== false;
    ok &&= row.ok;
    console.log(JSON.stringify(row));
  }
  return ok;
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node tests/warcio_check.mjs FILE.warc[.gz]...");
    return 2;
  }
  let status = 0;
  // warcio.js tells of a malformed file (a record not followed by CRLF CRLF...) with
  // console.warn and reads on: here that is a failure of the file
  let warnings = [];
  console.warn = (...args) => warnings.push(args.join(" "));
  for (const file of files) {
    warnings = [];
    try {
      const ok = await checkFile(file);
      if (warnings.length) throw new Error(`warcio.js: ${warnings.join("; ")}`);
      if (!ok) status = 1;
    } catch (e) {
      console.log(JSON.stringify({ file, error: String(e && e.message ? e.message : e) }));
      status = 1;
    }
  }
  return status;
}

process.exitCode = await main(process.argv.slice(2));
