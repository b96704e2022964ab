// How documents, results and statistics are printed: JSON (field names are a contract
// that scripts rely on; see docs/cli.md) and text for people.
#pragma once

#include <string>

#include "core/document.h"
#include "index/index.h"
#include "pipeline/ingest.h"

namespace trawl {

// `trawl extract --json` and `trawl show --json`.
std::string document_json(const Document& doc, bool with_text = true);
// One line of `trawl ingest --report`.
std::string outcome_json_line(const DocumentOutcome& o);
// `trawl search --json`.
std::string search_json(const SearchResults& r);
// `trawl stats --json`.
std::string stats_json(const IndexStats& s);

// For people. `color` adds ANSI bold to matches.
std::string search_text(const SearchResults& r, bool color);
std::string document_text(const Document& doc);
std::string stats_text(const IndexStats& s);

}  // namespace trawl
