// How documents, results and statistics are printed for people, and the JSON lines of
// ingest reports. The JSON of results and documents is server/api_json.h: one form for
// the command line and the API.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "core/document.h"
#include "index/index.h"
#include "pipeline/ingest.h"
#include "server/search_service.h"

namespace trawl {

// `trawl extract --json`: the document (index/document_codec.h, printed form), with
// "children": the documents inside it, for containers.
std::string document_json(const Document& doc, const std::vector<Document>& children = {});
// One line of `trawl ingest --report`.
std::string outcome_json_line(const DocumentOutcome& o);

// For people. `color` adds ANSI bold to matches.
std::string search_text(const SearchResults& r, bool color);
std::string corroboration_text(const Corroboration& c);
std::string document_text(const Document& doc, const DocumentContext* context = nullptr);
std::string stats_text(const IndexStats& s, const Catalog::Counts* catalog);

}  // namespace trawl
