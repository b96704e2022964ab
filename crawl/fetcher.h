// The crawler's HTTP client: many GETs at once over libcurl's multi interface
// (crawl/curl_fetcher.cc is the adapter; libcurl's types never appear here). It fetches
// what it is given and nothing else: no redirect is followed (a redirect is a response
// whose target the crawler judges like any other URL: scope, robots.txt, politeness),
// and which URL goes when (per-host concurrency, delays) is the scheduler's business.
//
// A response is kept as it came off the wire: the head bytes as received and the body
// as transferred (chunked, compressed), so that the WARC record holds exactly what the
// server sent; extractors/warc.h decodes it for indexing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace trawl {

// How one request may be made; from the source it belongs to.
struct FetchPolicy {
  std::string proxy;           // "socks5h://127.0.0.1:9050", "http://proxy:3128"; "" none
  bool allow_private = false;  // connect to loopback and private addresses too
  uint64_t max_body_bytes = 256ull << 20;  // as transferred; past it the fetch fails too-large
  double connect_timeout = 10;             // seconds
  double response_timeout = 300;           // seconds, the whole response
  int low_speed_bytes = 1024;              // slower than this many bytes/s ...
  int low_speed_seconds = 30;              // ... for this long: cut (time-out)
  // Media types to fetch the body of ("text/html", "application/pdf", "text/*"); a
  // response of another type is cut once its head has arrived (kRefused). Empty: any.
  std::vector<std::string> content_types;
};

struct FetchRequest {
  uint64_t tag = 0;           // the caller's, given back with the result
  std::string url;            // absolute http(s) URL, normalised
  std::string etag;           // sent as If-None-Match; "" none
  std::string last_modified;  // sent as If-Modified-Since, as the server wrote it; "" none
  FetchPolicy policy;
};

struct FetchResult {
  uint64_t tag = 0;
  std::string url;
  // Set when no complete response came: kTimeout (connect, low speed, response time),
  // kRefused (an internal address without allow_private; a content type not fetched),
  // kTooLarge (over max_body_bytes), kIo (DNS, connection, TLS, reset, spool file),
  // kUnsupported (a scheme libcurl cannot fetch). One line, without the URL. An HTTP
  // error status (404, 503...) is a response, not an error.
  std::optional<Error> error;
  int status = 0;    // of the final response (after any 1xx)
  std::string head;  // its status line and header lines as received, CRLF CRLF included
  std::map<std::string, std::string> headers;  // names lower-case, repeats joined with ", "
  std::string request;      // the request head as sent (for the WARC request record)
  std::string body;         // the body as transferred, when held in memory
  std::string spool_path;   // ... or its file, past FetcherOptions::spool_above; the caller
                            // owns the file and removes it
  uint64_t body_bytes = 0;  // as transferred
  std::string ip;           // the address connected to ("" with a proxy that resolves)
  double retry_after = -1;  // seconds, from Retry-After (a delay or an HTTP date); -1 none
  int64_t started_at = 0;   // unix microseconds
  int64_t ended_at = 0;
  // A partial response's head is kept (a refused content type, a cut body) but its body
  // is dropped.
};

struct FetcherOptions {
  std::string user_agent;  // the whole User-Agent header value, e.g. "trawl/0.1 (+https://...)"
  std::string spool_dir;   // bodies past spool_above go to files here (created if missing)
  uint64_t spool_above = 4ull << 20;
  int max_connections = 16;  // in flight at once, all hosts
  // "host:port:address" entries that bypass DNS (libcurl's CURLOPT_RESOLVE): tests map
  // several host names to 127.0.0.1; operators can pin a host.
  std::vector<std::string> resolve;
};

// Not thread-safe: one thread submits and waits. Results come in completion order.
class Fetcher {
 public:
  // kInvalid if libcurl cannot start or the spool folder cannot be made.
  static Result<std::unique_ptr<Fetcher>> create(const FetcherOptions& options);
  virtual ~Fetcher() = default;

  // Starts a request (never blocks on the network).
  virtual void submit(FetchRequest request) = 0;
  // Drives the transfers for up to timeout_ms (less when one completes) and returns the
  // ones that completed, possibly none.
  virtual std::vector<FetchResult> wait(int timeout_ms) = 0;
  virtual size_t in_flight() const = 0;
  // Ends every transfer at once; their results are dropped (a stopping crawl records
  // them as not fetched). Spool files of dropped transfers are removed.
  virtual void cancel_all() = 0;
};

// The User-Agent trawl sends: "trawl/VERSION (+CONTACT)", the product token of
// crawl.user_agent and the operator's contact URL. Never a browser's.
std::string user_agent_header(const std::string& product, const std::string& contact);

}  // namespace trawl
