// One pass of a crawl source: its frontier (catalog/frontier.h) fed to the fetcher
// (crawl/fetcher.h) under robots.txt, scope and per-host politeness; every response kept
// in a WARC file (crawl/warc_writer.h); the pages go through the same graph as files
// (pipeline/ingest.h), and the links of what was indexed come back to the frontier.
// `trawl crawl --once` runs one pass of each source; `trawl daemon` runs them on their
// schedules.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "catalog/frontier.h"
#include "config/config.h"
#include "core/result.h"
#include "pipeline/ingest.h"

namespace trawl {

struct CrawlPassSummary {
  std::string source;
  int64_t pass = 0;
  PassCounts counts;     // URLs of the pass by state name: done, unchanged, refused...
  IngestSummary ingest;  // what the graph did with the pages
  bool interrupted = false;
};

struct CrawlCallbacks {
  IngestCallbacks ingest;
  // One line for the log: a fetch that failed, robots.txt ignored, a pass's end.
  std::function<void(const std::string& line)> on_event;
};

struct CrawlRun {
  // "host:port:address" entries that bypass DNS (tests map host names to 127.0.0.1).
  std::vector<std::string> resolve;
  // Set from another thread (a signal) to stop: fetches in flight are dropped (queued
  // again next time), fetched pages are committed.
  const std::atomic<bool>* stop = nullptr;
  // Called often (at least every 100 ms or so) while the pass's fetch loop runs: the
  // daemon pings systemd's watchdog from it, so a hung loop is noticed.
  std::function<void()> heartbeat;
};

// Runs one pass of `source` (or finishes its interrupted one) into config.data_dir.
// Failures of URLs are recorded in the frontier and the pass goes on. kFatal when the
// data folder, the catalog, the index or the WARC folder cannot be used.
Result<CrawlPassSummary> run_crawl_pass(const Config& config, const SourceOptions& source,
                                        const CrawlCallbacks& callbacks, const CrawlRun& run);

}  // namespace trawl
