// The flow graph that turns items from a Source into indexed documents, recorded in the
// catalog: `trawl ingest` today, `crawl` and `daemon` next. The wiring is all in ingest.cc.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/document.h"
#include "core/result.h"
#include "pipeline/source.h"

namespace trawl {

enum class Outcome {
  kIngested,   // indexed (a new document, a new location of known bytes, or replaced)
  kUnchanged,  // known bytes at a known location: nothing to do
  kFailed,     // stage, code and reason say why
};

// "ingested", "unchanged", "failed".
std::string_view outcome_name(Outcome outcome);

// What happened to one item.
struct DocumentOutcome {
  std::string path;  // the location's uri
  std::string id;    // "" when the bytes could not be read
  Outcome outcome = Outcome::kIngested;
  std::optional<StageError> error;  // set iff outcome == kFailed
  // For a container (or WARC file) whose reading stopped early: why (the members read
  // before stand). The container itself is indexed.
  std::string cut;
  std::vector<std::string> warnings;  // one line each
  std::string mime;
  std::string language;
  std::string parent_id;           // for members of containers
  int depth = 0;                   // 0 for items of the run's source, 1 for their members...
  std::vector<std::string> links;  // the links the document holds, as written (for the crawler)
  std::string date;                // the document's own date, "YYYY-MM-DD" or ""
};

struct IngestSummary {
  uint64_t ingested = 0;
  uint64_t unchanged = 0;
  uint64_t failed = 0;
  uint64_t gone = 0;   // locations found gone
  uint64_t bytes = 0;  // bytes read from ingested documents
  double seconds = 0;
  bool interrupted = false;  // *stop was set: the rest is left for the next run
};

struct IngestCallbacks {
  // Called once per item, after the commit that made it durable (or at once for failures
  // and unchanged items). Calls are serialised; they come from pipeline threads.
  std::function<void(const DocumentOutcome&)> on_document;
  // Called once per item of the run's source as soon as it is extracted, before it is
  // indexed (so before on_document): path, id, links, date and, for an item that failed
  // already, outcome and error. The crawler queues the links from here without waiting
  // for a commit. Calls are serialised; they come from pipeline threads.
  std::function<void(const DocumentOutcome&)> on_extracted;
  // Called now and then with the items of the run's source done so far and, once known,
  // how many there are in all (0 while counting).
  std::function<void(uint64_t done, uint64_t total)> on_progress;
};

// What one run takes and how.
struct IngestRequest {
  std::vector<std::string> paths;  // files and folders; empty: the catalog's locations (below)
  bool only_failed = false;        // failed or unfinished locations only (catalog; or under paths)
  bool reprocess = false;          // extract again what is indexed, replacing entries in place
  std::string type;                // only documents of this type ("pdf" or a MIME type)
  std::string source;              // only locations of this source (catalog-driven runs)
  std::string command = "ingest";  // recorded with the run
  // The crawler's source, used instead of paths and the catalog's locations (nothing is
  // marked gone). REQUIRES: outlives the run.
  Source* source_override = nullptr;
  // Set from another thread (a signal handler) to stop: items in flight are finished and
  // committed, the rest is left to the next run.
  const std::atomic<bool>* stop = nullptr;
};

// Runs the graph over the request's items into the index and catalog under
// config.data_dir. Per-document failures are recorded and the run goes on. Returns
// kFatal only when the index or the catalog cannot be opened or written, or libmagic
// cannot be loaded: the run stops there.
Result<IngestSummary> run_ingest(const Config& config, const IngestRequest& request,
                                 const IngestCallbacks& callbacks);

}  // namespace trawl
