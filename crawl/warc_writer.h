// WARC files written by the crawler (ISO 28500, WARC/1.1), one gzip member per record, so
// that every record can be read alone from its offset (extractors/warc.h reads them back;
// so do warcio, pywb and the Wayback Machine's tools). Written by hand: no C or C++ WARC
// library is packaged. zlib for gzip, libcrypto for the SHA-1 digests.
//
// A fetch is kept as a `request` record then a `response` record (the request's
// WARC-Concurrent-To names the response) holding the response exactly as it came: head
// bytes as received, body as transferred (still chunked or compressed). A 304 becomes a
// `revisit` record (profile server-not-modified). Each file starts with a `warcinfo`
// record and has a CDXJ index beside it (`FILE.cdxj`, one line per response or revisit,
// in the order written) so that a URL and a time resolve to their record.
//
// WARC-Payload-Digest is the SHA-1 of the body as it is stored, as transferred: with a
// `Transfer-Encoding: chunked` response, of the chunked bytes (chunk sizes included); with
// Content-Encoding, of the encoded bytes. WARC 1.1 (5.9) defines the payload as the HTTP
// "entity-body" of RFC 2616, which strictly read excludes the transfer coding
// (iipc/warc-specifications#22; wget-lua has moved to digesting the de-chunked body, and
// a Heritrix pull request proposes it). We follow instead what the tools people check
// WARCs with do: warcio.js's WARCSerializer digests WARCRecord.reader, the payload as
// stored (chunked, encoded), and Python warcio's `warcio check` verifies the digest over
// the same raw bytes (its DigestVerifyingReader), so that a de-chunked digest would be
// reported as failed for every chunked response. The cost: the same page sent with other
// chunk boundaries has another digest, and identical-payload-digest deduplication misses
// it (it never pairs two different payloads). tests/warcio_check.mjs checks the digests
// with warcio.js. The block digest (WARC-Block-Digest) is of the whole block as stored.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trawl {

struct WarcWriterOptions {
  std::string dir;                       // created if missing
  std::string prefix = "trawl";          // files are PREFIX-YYYYMMDDhhmmss-NNNNN.warc.gz
  uint64_t max_file_bytes = 1ull << 30;  // a new file starts past this (records never span)
  std::string software = "trawl/0.1";
  std::string operator_contact;
  // The CDXJ key of a URI (its SURT); default: the URI lower-cased.
  std::function<std::string(std::string_view uri)> cdx_key;
};

// One fetch to keep.
struct WarcExchange {
  std::string url;                // no spaces or control characters (kInvalid)
  std::string ip;                 // "" unknown
  int64_t fetched_at_us = 0;      // unix microseconds
  std::string request_head;       // as sent
  std::string response_head;      // as received: status line, header lines, CRLF CRLF
  std::string body;               // as transferred, when in memory ...
  std::string body_path;          // ... or in this file (streamed, never held whole)
  bool not_modified = false;      // a 304: written as a revisit record
  int64_t refers_to_date_us = 0;  // revisit: when the response it revisits was fetched
};

// Where a record went.
struct WarcPlace {
  std::string file;            // absolute path
  uint64_t offset = 0;         // of its gzip member
  uint64_t length = 0;         // of its gzip member
  std::string record_id;       // "<urn:uuid:...>"
  std::string payload_digest;  // "sha1:BASE32"; "" for a revisit (it has no payload digest)
};

// Not thread-safe: one crawl pass writes through one writer. REQUIRES: one writer at a
// time per series (options.dir and prefix); two would cut each other's files.
class WarcWriter {
 public:
  // Opens the series PREFIX-YYYYMMDDhhmmss-NNNNN.warc.gz in options.dir (files of a longer
  // prefix, "PREFIX-other-...", are not of the series). The newest existing file of the
  // series is checked first: a torn end (a gzip member cut short by a killed process,
  // garbage after the last whole member, a request record left without its response) is
  // cut off, with a warning in warnings(), and its index keeps only the records that
  // remain; a file that is not gzip at all is left as it is, with a warning. Writing then
  // goes on in a new file. kIo (one line) if the folder cannot be made or written in.
  static Result<std::unique_ptr<WarcWriter>> open(WarcWriterOptions options);
  ~WarcWriter();

  // Writes the request record (when request_head is not empty), then the response (or
  // revisit) record of a fetch, and their CDXJ line; returns where the response (or
  // revisit) record is. kIo when the file, the index or body_path cannot be written or
  // read (nothing half-written stays: the file and its index are cut back to where they
  // were); kInvalid for a url or ip unfit for a WARC header.
  Result<WarcPlace> write(const WarcExchange& exchange);

  // fdatasync of the current file and its index.
  Status sync();

  const std::vector<std::string>& warnings() const { return warnings_; }
  // The current file ("" before the first record).
  const std::string& current_file() const;

 private:
  struct Impl;
  explicit WarcWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> warnings_;
};

// "sha1:" + RFC 4648 base32 of the SHA-1 of `bytes`, as WARC-Block-Digest and
// WARC-Payload-Digest are written.
std::string warc_sha1(std::string_view bytes);

// The newest record (by its CDXJ timestamp; of two in the same second, the one written
// last) of `cdx_key` (the key options.cdx_key gave its URL) in a CDXJ index file: its WARC
// file (the index's name of it, joined to the index's folder), offset, length and
// payload digest (record_id is not in the index: ""); nullopt if the index has none or
// cannot be read. Lines that do not parse are skipped.
std::optional<WarcPlace> find_in_cdxj(const std::string& cdxj_path, std::string_view cdx_key);

}  // namespace trawl
