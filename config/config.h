// trawl's configuration: one immutable value, built once from defaults, then a TOML
// file, then the environment and the command line (the last two applied by app/), and
// passed down by const reference. No singletons. Every key is documented with its default
// in docs/configuration.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/schedule.h"
#include "core/result.h"

namespace trawl {

struct IngestOptions {
  int threads = 0;                        // worker threads; 0 = all cores
  int max_in_flight = 0;                  // documents in the pipeline at once; 0 = 8 per thread
  uint64_t max_file_size = 512ull << 20;  // bigger files fail with too-large
  std::string source = "files";           // source name recorded on ingested files
};

struct PdfOptions {
  int max_pages = 5000;                // pages past this are not extracted (warning)
  double time_limit_seconds = 120;     // text extraction stops after this (warning)
  std::vector<std::string> passwords;  // tried in order for PDFs that need a user password
};

// Office documents, Korean word-processor files and e-mail (extractors/office_*, hwp*,
// rtf.cc, email_*, msg_outlook.cc): what one document may cost. Past a limit a reader
// stops with a one-line reason (kTooLarge, kTimeout) or, where the text read so far
// stands, a warning.
struct OfficeOptions {
  uint64_t max_part_bytes = 256ull << 20;   // one part of a package (an XML file, a stream), uncompressed
  uint64_t max_total_bytes = 1ull << 30;    // all the parts of one document read, uncompressed
  uint64_t max_text_bytes = 64ull << 20;    // text kept from one document (the rest: a warning)
  uint64_t max_cells = 5'000'000;           // spreadsheet cells read from one workbook
  int max_children = 1000;                  // attachments and embedded files kept from one document
  int max_nesting = 200;                    // RTF groups, XML elements deep (deeper is skipped)
  double time_limit_seconds = 120;          // one document's reading, converters included
};

struct OcrOptions {
  bool enabled = true;
  std::string languages =
      "auto";  // "auto": by the page's script (Tesseract OSD); or e.g. "kor+eng"
  std::string fallback_languages =
      "eng";      // "auto" when the script cannot be told (short lines, little text)
  int dpi = 300;  // PDF pages are rendered at this resolution
  uint64_t max_pixels = 25'000'000;  // larger pages are downscaled to fit (A3 at 300 dpi is 17 MP)
  uint64_t max_image_bytes = 256ull
                             << 20;     // images whose decoded raster would be larger are refused
  double page_time_limit_seconds = 60;  // recognition of one page stops after this (warning)
  int max_pages = 500;                  // pages OCRed per document
  int min_text_chars = 32;              // PDF pages with fewer visible characters are OCRed
  std::string tessdata_dir;             // "" = Tesseract's default
  bool trace = false;                   // one line per OSD and recognition pass on stderr
};

struct IndexOptions {
  int shards = 0;                       // shards created with a new index; 0 = threads
  int commit_every = 250;               // commit a shard after this many documents
  uint64_t commit_bytes = 16ull << 20;  // ... or this many bytes, whichever comes first
};

// Bounds on containers (zip, tar, 7z, gzip...) and on what they hold. A container that
// passes one is cut there with a reason; what was read before it is kept.
struct ArchiveOptions {
  int max_depth = 5;                      // containers inside containers, the top one is depth 1
  uint64_t max_members = 200'000;         // members read from one top-level container, all depths
  uint64_t max_total_bytes = 8ull << 30;  // uncompressed bytes read from one top-level container
  uint64_t max_member_bytes = 512ull << 20;  // one member's uncompressed size
  double max_ratio = 200;  // uncompressed : compressed, checked past 1 MB uncompressed
};

// How the crawler fetches, for every source (a source may override the politeness and
// the proxy). Times in seconds.
struct CrawlOptions {
  std::string user_agent = "trawl";  // the product token robots.txt groups are matched with
  std::string contact;   // the operator's contact URL, sent in the User-Agent (required to crawl)
  int concurrency = 16;  // fetches in flight at once, all hosts
  int per_host = 1;      // fetches in flight to one host
  double delay = 1.0;    // between two requests to one host (raised by Crawl-delay)
  double max_crawl_delay = 60;  // a robots.txt Crawl-delay is honoured up to this
  double connect_timeout = 10;
  double response_timeout = 300;  // one response, start to end
  int low_speed_bytes = 1024;     // a response slower than this many bytes/s ...
  int low_speed_seconds = 30;     // ... for this long is cut
  int max_redirects = 10;
  uint64_t max_body_bytes = 256ull << 20;  // compressed and decompressed, counted as it comes
  uint64_t spool_above = 4ull << 20;       // bodies past this go to the spool folder
  int retries = 3;                         // time-outs and 5xx, with exponential backoff and jitter
  double max_retry_after = 60;  // a Retry-After up to this is waited for in the same pass
  uint64_t warc_max_file_bytes = 1ull << 30;  // WARC files rotate past this size
  // Query parameters dropped from every URL ("utm_*" is a prefix). Empty: the defaults
  // of the URL normaliser; ["none"] keeps them all.
  std::vector<std::string> drop_params;
  // Media types fetched pages may have (a pattern ending in "*" is a prefix; a response
  // with no Content-Type is fetched); others are recorded as refused. Empty: every type.
  std::vector<std::string> content_types = {
      "text/*",
      "application/xhtml+xml",
      "application/xml",
      "application/rss+xml",
      "application/atom+xml",
      "application/rdf+xml",
      "application/pdf",
      "application/octet-stream",  // what many servers call a PDF or a scan
      "application/zip",
      "application/gzip",
      "application/x-gzip",
      "application/x-tar",
      "application/x-7z-compressed",
      "application/vnd.rar",
      "application/x-rar-compressed",
      "application/msword",
      "application/vnd.ms-*",
      "application/vnd.openxmlformats-*",
      "application/vnd.oasis.opendocument.*",
      "application/rtf",
      "application/x-hwp",
      "application/haansofthwp",
      "application/vnd.hancom.*",
      "message/rfc822",
      "application/warc",
      "image/*"};
};

// The search service (`trawl serve`, and `trawl daemon` when the file has a [serve]
// table). Read-only; binds loopback unless a token is set.
struct ServeOptions {
  bool enabled = false;                   // a [serve] table was given (the daemon serves)
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; another host than loopback needs a token
  std::string token;                      // bearer token the API and page require ("" none)
  std::vector<std::string> shards;        // more indexes: folders or tcp://HOST:PORT
  int threads = 32;            // requests served at once (a kept-alive connection holds one)
  int max_query_bytes = 2000;  // longer queries are refused (400)
  int max_limit = 200;         // hits per page
  int max_offset = 100000;     // deepest page a search may ask for
  uint64_t max_upload_bytes = 100ull << 20;  // extraction endpoints (PUT /tika...)
  int max_batch_lines = 2000;                // POST /api/batch
  double reopen_seconds = 1.0;               // the index is reopened at most this often
};

enum class SourceKind { kSite, kFeed, kSitemap, kUrls, kUnList };
// "site", "feed", "sitemap", "urls", "un-list"
std::string_view source_kind_name(SourceKind kind);

// One [[source]] of the configuration: what to crawl, how far, how often.
struct SourceOptions {
  std::string name;  // unique; [A-Za-z0-9._-]+
  SourceKind kind = SourceKind::kSite;
  std::vector<std::string> seeds;  // absolute http(s) URLs
  bool allow_private = false;      // loopback and private addresses are refused otherwise
  bool obey_robots = true;         // false only when a source says so (logged)
  int max_depth = 3;               // links followed from a seed (kind urls: 0)
  uint64_t max_pages = 10000;      // fetched per pass
  Schedule schedule;               // every = "6h" or cron = "0 */6 * * *"; none: --once only
  // Scope: hosts (exact) and registrable domains (with every host under them); both
  // empty: the seeds' hosts. include/exclude: globs on the whole URL, exclude wins.
  std::vector<std::string> hosts, domains, include, exclude;
  std::string proxy;        // "socks5h://127.0.0.1:9050", "http://proxy:3128"; "" none
  std::string list = "UN";  // un-list: the name it is stored under (entity ids list:UN:...)
  double delay = -1;        // -1: crawl.delay
  int per_host = -1;        // -1: crawl.per_host
  std::vector<std::string> content_types;  // empty: crawl.content_types
  int line = 0;                            // where it is in the file, for messages
};

struct Config {
  std::string data_dir = "./trawl-data";
  IngestOptions ingest;
  ArchiveOptions archive;
  PdfOptions pdf;
  OfficeOptions office;
  OcrOptions ocr;
  IndexOptions index;
  CrawlOptions crawl;
  ServeOptions serve;
  std::vector<SourceOptions> sources;
  std::string path;  // the file it was read from, "" when built in code
};

// Reads and validates a TOML file over the defaults. On error the message names the file,
// the line where known, the key and what was wrong, e.g.
//   "trawl.toml:3: ingest.threads must be between 0 and 256, got -1".
// Unknown keys are errors too (a typo should not be silently ignored).
Result<Config> load_config_file(const std::string& path);

// Checks a Config built in code or from the command line; same messages as above,
// without file and line.
Status validate(const Config& config);

}  // namespace trawl
