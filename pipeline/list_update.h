// A sanctions list fetched by a `un-list` source: checked, swapped in for the one in use
// (DATA/lists/NAME.xml, which the next ingest's gazetteer reads), and compared with it,
// the differences recorded in the catalog (catalog/list_changes.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/list_changes.h"
#include "core/result.h"

namespace trawl {

struct ListUpdate {
  size_t entries = 0;
  bool first = false;  // no list of that name was stored before: nothing to compare
  std::vector<ListChange> changes;
};

// Stores the list file at `path` as list `name` when it parses; on any error the stored
// list stays in use and nothing is recorded.
Result<ListUpdate> update_list(const std::string& data_dir, const std::string& path,
                               const std::string& name, int64_t at);

// "3 added, 1 removed, 2 renamed, 4 aliases" or "no changes".
std::string list_changes_summary(const std::vector<ListChange>& changes);

}  // namespace trawl
