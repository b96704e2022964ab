// The JSON of results, documents and statistics: one form for the command line
// (`trawl search --json`, `show --json`, `stats --json`, `corroborate --json`) and the
// API (GET /api/...). The field names are a contract that scripts rely on (docs/api.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"
#include "index/index.h"
#include "server/search_service.h"

namespace trawl {

nlohmann::json search_json(const SearchResults& r);
nlohmann::json hit_json(const SearchHit& h);
// The document (index/document_codec.h, printed form) with "cluster", "current",
// "parents", "children" and "history".
nlohmann::json show_json(const DocumentView& v);
nlohmann::json stats_json(const IndexStats& s, const Catalog::Counts* catalog);
nlohmann::json corroboration_json(const Corroboration& c);
nlohmann::json matches_json(const DocumentMatches& m);
nlohmann::json entity_json(const EntityView& e);
nlohmann::json batch_json(const std::vector<BatchLine>& lines);

// The text of a JSON value, with invalid UTF-8 replaced (never thrown on).
std::string dump(const nlohmann::json& j, int indent = -1);

}  // namespace trawl
