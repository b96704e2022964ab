// The search commands (`trawl search`, `corroborate`, `show`, `stats`, `serve`), apart
// from app/commands.cc, which wires them into the one table of commands. They all go
// through the search service (server/), as the API does.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "config/config.h"

namespace trawl {

// `trawl search`'s options beyond the query.
struct SearchOptions {
  int limit = 10;
  int offset = 0;
  std::string sort = "relevance";
  bool all_copies = false;  // --all-copies: no collapsing of near-duplicates
};

// `trawl search [--json] QUERY...`: 0, 1 when the index cannot be read, 2 for a query
// the parser refuses.
int cmd_search(const Config& config, const std::vector<std::string>& words, bool as_json,
               const SearchOptions& o);
// `trawl corroborate [--json] QUERY...`: the matches grouped by story.
int cmd_corroborate(const Config& config, const std::vector<std::string>& words, bool as_json);
// `trawl show [--json] [--original [--out F]] ID`.
int cmd_show(const Config& config, const std::string& id, bool as_json, bool original,
             const std::string& out_path);
// `trawl stats [--json]`.
int cmd_stats(const Config& config, bool as_json);
// `trawl serve`: the page and the API until SIGINT/SIGTERM (0); 1 when the index cannot
// be opened or the address cannot be used.
int cmd_serve(const Config& config, std::atomic<bool>& stop);

}  // namespace trawl
