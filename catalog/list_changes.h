// What changed in a sanctions list between two fetches (kind = "un-list" sources): entries
// added and removed, names and aliases changed. Kept in the catalog so that analysts can
// watch the list (`trawl lists changes`), not only match against it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace trawl {

struct ListChange {
  std::string list;    // "UN"
  int64_t at = 0;      // unix seconds of the fetch that found it
  std::string kind;    // "added", "removed", "renamed", "aliases"
  std::string entry;   // the entry's id: "list:UN:KPi.066"
  std::string type;    // "person", "org", "vessel"
  std::string name;    // the entry's primary name (the new one when renamed)
  std::string detail;  // "aliases +X; -Y", "was OLD NAME"; "" for added and removed
};

// Appends changes to the catalog at `catalog_path` (created if needed). kFatal if it
// cannot be written.
Status record_list_changes(const std::string& catalog_path, const std::vector<ListChange>& changes);

// The changes of `list` ("" all lists) found at or after `since` (unix seconds), oldest
// first. kNotFound when there is no catalog.
Result<std::vector<ListChange>> list_changes(const std::string& catalog_path,
                                             const std::string& list, int64_t since);

}  // namespace trawl
