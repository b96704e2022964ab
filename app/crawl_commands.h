// The crawler's commands (`trawl crawl`), apart from app/commands.cc, which wires them
// into the one table of commands.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "config/config.h"

namespace trawl {

// `trawl crawl --config F [--source NAME] --once`: one pass of each source (or of the one
// named), then exit. 0 when the passes completed (failed URLs recorded), 1 when the data
// folder cannot be used, 2 for a bad configuration (no sources, an unknown source, no
// crawl.contact), 130 when stopped by SIGINT/SIGTERM. `resolve`: "host:port:address"
// entries that bypass DNS.
int cmd_crawl(const Config& config, const std::string& source,
              const std::vector<std::string>& resolve, std::atomic<bool>& stop);

// `trawl daemon --config F`: the sources on their schedules until SIGTERM (exit 0) or a
// fatal error (exit 1); 2 for a bad configuration. SIGHUP reloads the configuration.
int cmd_daemon(const Config& config, std::atomic<bool>& stop);

// `trawl status --config F [--json]`: per source its last pass (start, end, state, counts
// by URL state), its next run, the queue per host and its recent failures. 0, or 1 when
// the catalog cannot be read.
int cmd_status(const Config& config, bool as_json);

}  // namespace trawl
