// Lists of names: the UN Security Council consolidated sanctions list (its published
// XML), analysts' watchlists (CSV or TOML), and where trawl keeps them (DATA/lists/).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "entities/gazetteer.h"

namespace trawl {

// The UN list's XML: individuals (persons) and entities (organisations) with their
// aliases and original-script names; ids "list:NAME:<REFERENCE_NUMBER>".
Result<std::vector<ListEntry>> parse_un_list(const std::string& path, const std::string& name);
// A watchlist: CSV with the header id,type,name[,aliases][,imo] (aliases separated by
// "|") or TOML with [[entity]] tables; ids "list:NAME:<id>". Duplicate ids are an error.
Result<std::vector<ListEntry>> parse_watchlist(const std::string& path, const std::string& name);
// Either of the two, by content (XML) or extension (.csv, .toml).
Result<std::vector<ListEntry>> parse_list_file(const std::string& path, const std::string& name);

// Checks FILE, then stores it as DATA/lists/NAME.<ext> in one rename. On any error the
// list already stored under NAME stays as it was. Returns the number of entries.
Result<size_t> import_list(const std::string& data_dir, const std::string& file, const std::string& name);

struct StoredList {
  std::string name, path;
  size_t entries = 0;
};
// The lists in DATA/lists/ and the built-in places, in one gazetteer. A stored list
// that no longer parses is left out with a warning.
std::shared_ptr<const Gazetteer> load_gazetteer(const std::string& data_dir, std::vector<std::string>* warnings,
                                                std::vector<StoredList>* lists = nullptr);

}  // namespace trawl
