// `trawl ingest`: files and folders -> read -> identify -> extract -> language ->
// index, as a oneTBB flow graph. The wiring is all in ingest.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"

namespace trawl {

// What happened to one input file.
struct DocumentOutcome {
  std::string path;
  std::string id;                     // "" when the file could not be read
  std::string status;                 // "ingested", "unchanged" or "failed"
  std::string stage;                  // for failures: "read", "identify", "extract", "index"
  std::string code;                   // for failures: error_code_name()
  std::string reason;                 // one line; for failures the error, else empty
  std::vector<std::string> warnings;  // one line each
  std::string mime;
  std::string language;
};

struct IngestSummary {
  uint64_t ingested = 0;
  uint64_t unchanged = 0;
  uint64_t failed = 0;
  uint64_t bytes = 0;     // bytes read from ingested documents
  double seconds = 0;
};

struct IngestCallbacks {
  // Called once per input file, after the commit that made it durable (or at once for
  // failures and unchanged files). Calls are serialised; they come from pipeline threads.
  std::function<void(const DocumentOutcome&)> on_document;
};

// Ingests `paths` (files or folders, recursively) into the index under
// config.data_dir. Per-document failures are recorded and the run goes on.
// Returns kFatal only when the index cannot be opened or written.
Result<IngestSummary> run_ingest(const Config& config, const std::vector<std::string>& paths,
                                 const IngestCallbacks& callbacks);

// The index folder inside a data folder.
std::string index_dir(const Config& config);

}  // namespace trawl
