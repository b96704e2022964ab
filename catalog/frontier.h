// The crawl frontier: every URL the crawler has seen, in the catalog's SQLite file (its
// own connection; WAL lets the ingest side write the catalog at the same time). Memory
// holds what one call returns, whatever the frontier's size.
//
// A URL's life in one pass of its source:
//   queued -> leased (handed to the fetcher) -> fetched (its response is in a WARC file)
//          -> done (its document is committed to the index) | unchanged (304, same hash)
//   or refused (robots.txt, a private address, a content type), out-of-scope, failed
//   (with its reason; retried in a later pass), redirected (its target is queued).
// After a crash: leased URLs were in flight and are queued again; fetched URLs are read
// again from their WARC record, not fetched again.
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

enum class UrlState {
  kQueued,
  kLeased,
  kFetched,
  kDone,
  kUnchanged,
  kRefused,
  kOutOfScope,
  kFailed,
  kRedirected,
};
// "queued", "leased", "fetched", "done", "unchanged", "refused", "out-of-scope",
// "failed", "redirected"
std::string_view url_state_name(UrlState state);
std::optional<UrlState> url_state_from_name(std::string_view name);

struct FrontierUrl {
  std::string url;     // normalised
  std::string source;  // the source's name
  std::string host;    // politeness key: "host:port" as fetched
  int depth = 0;       // links from a seed
  UrlState state = UrlState::kQueued;
  int64_t pass = 0;                 // the source's pass that last queued or handled it
  int64_t next_fetch_at = 0;        // unix seconds; not leased before
  int64_t lease_until = 0;          // unix seconds, while leased
  std::string etag, last_modified;  // of the last 200, for conditional requests
  int last_status = 0;
  int failures = 0;             // failed fetches in a row
  std::string content_hash;     // id of the last document fetched
  std::string code, reason;     // of the last failure or refusal (error_code_name, one line)
  std::string discovered_from;  // the URL whose links held it ("" for a seed)
  int redirects = 0;            // redirects followed to reach it
  std::string feed_date;        // "YYYY-MM-DD" from a feed item, for a page with no date
  std::string warc_file;        // where its last response is kept
  int64_t warc_offset = -1;
  int64_t first_seen = 0, last_fetched = 0;
};

// Counts of one pass by state name, for `trawl status` and the end-of-pass line.
using PassCounts = std::map<std::string, uint64_t>;

struct PassRecord {
  std::string source;
  int64_t pass = 0;
  int64_t started_at = 0, ended_at = 0;  // 0 while running (or killed)
  std::string status;                    // "running", "done", "interrupted"
};

// Thread-safe (calls are serialised on one connection).
class Frontier {
 public:
  // Opens the frontier tables in the catalog at `path` (created if needed). kFatal if
  // the file cannot be opened or written. Leased URLs of a process that died are queued
  // again, and its running passes become "interrupted".
  static Result<std::unique_ptr<Frontier>> open(const std::string& path);
  ~Frontier();

  // Starts a pass of `source` (or goes on with the interrupted one: it returns the same
  // number and requeue is not done again). A new pass queues again every URL the source
  // handled before (refused ones too: robots.txt is judged again), except those out of
  // scope (a link found out of scope stays so, even when the scope widens: known gap), and
  // the seeds. Returns the pass.
  Result<int64_t> begin_pass(const std::string& source, const std::vector<FrontierUrl>& seeds,
                             int64_t now);
  Status end_pass(const std::string& source, int64_t pass, const std::string& status, int64_t now);
  std::optional<PassRecord> last_pass(const std::string& source);

  // Adds URLs discovered in this pass. A URL already known is left as it is (it is
  // fetched once per pass); returns how many were new.
  Result<uint64_t> add(const std::vector<FrontierUrl>& urls);

  // Hosts with queued URLs of this pass due at `now`, and the earliest next_fetch_at of
  // URLs not yet due (0 if none).
  std::vector<std::string> ready_hosts(const std::string& source, int64_t pass, int64_t now);
  int64_t next_due(const std::string& source, int64_t pass);

  // Leases up to `n` queued URLs of one host, shallowest first, until now + lease_seconds.
  std::vector<FrontierUrl> lease(const std::string& source, int64_t pass, const std::string& host,
                                 size_t n, int64_t now, int64_t lease_seconds);

  // Records what happened to a URL: every field of `u` is written (state, validators,
  // failures, WARC place...). kFatal if the catalog cannot be written.
  Status update(const FrontierUrl& u);
  Status update(const std::vector<FrontierUrl>& urls);

  std::optional<FrontierUrl> find(const std::string& url);
  // URLs of a pass in one state (e.g. kFetched after a crash), at most `limit`.
  std::vector<FrontierUrl> in_state(const std::string& source, int64_t pass, UrlState state,
                                    size_t limit);
  PassCounts counts(const std::string& source, int64_t pass);
  // Queued URLs of a pass by host, for `trawl status`.
  std::map<std::string, uint64_t> queued_by_host(const std::string& source, int64_t pass);
  // The source's last failed or refused URLs, latest first (their reasons).
  std::vector<FrontierUrl> recent_failures(const std::string& source, size_t n);
  // All URLs the frontier holds, every source and pass.
  uint64_t size();

 private:
  struct Impl;
  explicit Frontier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace trawl
