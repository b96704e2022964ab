// WARC files (ISO 28500, WARC/1.0 and WARC/1.1), whole-file gzip, gzip per record, or
// not compressed. Written by hand: no library in bookworm reads real WARCs.
// extractors/warc_reader.cc (zlib for gzip, brotli for Content-Encoding: br).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trawl {

// One WARC record, with its HTTP message parsed when it holds one.
struct WarcRecord {
  std::string
      type;  // WARC-Type: "response", "resource", "revisit", "request", "warcinfo", "metadata"...
  std::string target_uri;      // WARC-Target-URI, without the <> some writers add
  std::string date;            // WARC-Date as written ("2024-03-01T12:00:00Z")
  int64_t date_unix = 0;       // the same in unix seconds, 0 if unparseable
  std::string ip;              // WARC-IP-Address
  std::string record_id;       // WARC-Record-ID, e.g. "<urn:uuid:...>"
  std::string payload_digest;  // WARC-Payload-Digest as written, e.g. "sha1:B2LT..."
  std::string refers_to_uri;   // revisit: WARC-Refers-To-Target-URI
  std::string refers_to_date;  // revisit: WARC-Refers-To-Date
  std::string profile;         // revisit: WARC-Profile
  std::string
      warc_content_type;  // the record's Content-Type, e.g. "application/http; msgtype=response"
  // Every WARC header field of the record (WARC-Concurrent-To, WARC-Truncated...), names
  // lower-case, values trimmed, repeated fields joined with ", ".
  std::map<std::string, std::string> warc_headers;
  uint64_t offset = 0;  // byte offset of the record (its gzip member when compressed) in the file
  // Bytes the record takes in the file (compressed when compressed), from `offset`, so that
  // [offset, offset + length) read alone is the record. 0 when the record shares its gzip
  // member with other records (one gzip stream for the whole file): then `offset` is that
  // of the member it lies in, and the record cannot be read alone.
  uint64_t length = 0;
  // Offset of the record in the file as inflated (== offset for a file not compressed):
  // unique per record in every layout, including one gzip stream for the whole file.
  uint64_t stream_offset = 0;

  // For response (and revisit) records holding an HTTP message: its status, its headers
  // (names lower-case; repeated headers joined with ", "), and the charset its
  // Content-Type declares. 0 / empty for resource records and non-HTTP payloads.
  int http_status = 0;
  std::map<std::string, std::string> http_headers;
  std::string mime;  // media type of the payload (HTTP Content-Type, or the record's for resource
                     // records), lower-case, no parameters
  std::vector<std::string> declared_charsets;  // e.g. {"euc-kr"} from "text/html; charset=euc-kr"

  // The payload: for HTTP responses the entity body, de-chunked (Transfer-Encoding:
  // chunked) and decoded (Content-Encoding gzip, x-gzip, deflate, br); for resource records
  // the block as it is. A body that cannot be decoded is kept as it came, with a warning.
  // A body whose encoding is cut short (a truncated gzip stream, a missing last chunk)
  // keeps what could be decoded, with a warning ("truncated gzip body"). Records of other
  // types (request, warcinfo, metadata) and response records that hold no HTTP message
  // (e.g. "text/dns") keep their block as it is, and `mime` is the record's Content-Type
  // (empty for "application/http": a request's block is the raw HTTP request).
  std::string body;
  std::vector<std::string>
      warnings;  // one line each: "bad chunked encoding", "cannot decode gzip body"...
};

struct WarcOptions {
  uint64_t max_record_bytes =
      512ull << 20;  // a record's block past this is skipped (warning record, kTooLarge)
  // Read from this offset on: a record's WarcRecord::offset, in a file compressed per
  // record or not compressed (to read one record again, e.g. a crawled page that was
  // fetched but not yet indexed when the crawler stopped). Offsets reported stay those
  // of the whole file.
  uint64_t start_offset = 0;
};

// Reads one WARC file record by record; memory holds one record. Not thread-safe.
class WarcReader {
 public:
  // Opens `path`. kNotFound / kIo if it cannot be opened; kEmpty for a 0-byte file;
  // kCorrupt if it does not start with a WARC record ("not a WARC file"). Any version line
  // "WARC/<digits>.<digits>" is read (0.17, 0.18 are the same format as 1.0).
  static Result<std::unique_ptr<WarcReader>> open(const std::string& path,
                                                  const WarcOptions& options = {});
  virtual ~WarcReader() = default;

  // The next record (every type: the caller picks), or nullopt at the end of the file.
  // A truncated or corrupt record ends the reading: kCorrupt with the offset and what was
  // wrong ("record at offset 1234: Content-Length 5000 runs past the end of the file",
  // "record at offset 88: truncated gzip member"); the records returned before stand.
  // A record over max_record_bytes comes back as kTooLarge once and the reading goes on
  // with the next record: a block over it is skipped without being held; a body that
  // decodes (gzip, br) to more than it is dropped. After any other error next() returns
  // nullopt. Never throws. Bare LF line ends and a missing or short CRLF CRLF after a
  // block are tolerated (the latter with a warning on the record: a wrong Content-Length
  // then shows as garbage where the next record should start).
  virtual Result<std::optional<WarcRecord>> next() = 0;
};

// Fills the HTTP part of `rec` (http_status, http_headers, mime, declared_charsets, body,
// warnings) from an HTTP response message as it came off the wire: status line, header
// lines, empty line, body as transferred (chunked and Content-Encoding undone here, as
// for a WARC response record). An interim 1xx response before the final one is skipped.
// false when the decoded body is over `limit` (rec.body is then partial). For the
// crawler, which keeps the message as fetched and indexes what it decodes to; a
// rec.type of "revisit" says the message may be headers only.
bool decode_http_response(std::string message, uint64_t limit, WarcRecord& rec);

// True when `head` (the first bytes of a file as stored, at least 64 KB when the file is
// that long) starts a WARC file: "WARC/1.0" or "WARC/1.1" and a line end, after
// inflating the first gzip member if it is gzip. Cheap: inflates at most a few KB.
bool looks_like_warc(std::string_view head);

}  // namespace trawl
