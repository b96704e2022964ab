// WARC files written by the crawler (ISO 28500, WARC/1.1), one gzip member per record, so
// that every record can be read alone from its offset (extractors/warc.h reads them back;
// so do warcio, pywb and the Wayback Machine's tools). Written by hand: no C or C++ WARC
// library is packaged. zlib for gzip, libcrypto for the SHA-1 digests.
//
// A fetch is kept as a `request` record and a `response` record (linked by
// WARC-Concurrent-To) holding the response exactly as it came: head bytes as received,
// body as transferred (still chunked or compressed). A 304 becomes a `revisit` record
// (profile server-not-modified). Each file starts with a `warcinfo` record and has a
// CDXJ index beside it (`FILE.cdxj`) so that a URL and a time resolve to their record.
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
  std::string url;
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
  std::string payload_digest;  // "sha1:BASE32"
};

// Not thread-safe: one crawl pass writes through one writer.
class WarcWriter {
 public:
  // Opens the series PREFIX-* in options.dir. The newest existing file of the series is
  // checked first: a torn last record (a gzip member cut short by a killed process) is
  // cut off, with a warning in warnings(); writing then goes on in a new file. kIo if the
  // folder cannot be made or written.
  static Result<std::unique_ptr<WarcWriter>> open(WarcWriterOptions options);
  ~WarcWriter();

  // Writes the request and response (or revisit) records of a fetch and their CDXJ line;
  // returns where the response (or revisit) record is. kIo when the file cannot be
  // written (nothing half-written stays: the file is cut back to where it was).
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

// The newest record of `url` in a CDXJ index file: its WARC file (as the index names it,
// relative to the index's folder) and offset; nullopt if the index has none.
std::optional<WarcPlace> find_in_cdxj(const std::string& cdxj_path, std::string_view cdx_key);

}  // namespace trawl
