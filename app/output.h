// How documents, results and statistics are printed: JSON (field names are a contract
// that scripts rely on; see docs/cli.md) and text for people.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "core/document.h"
#include "index/index.h"
#include "pipeline/ingest.h"

namespace trawl {

// What `trawl show` tells about a document beyond the document itself: whether it is
// current, the containers it is inside, its members, and each location's history.
struct DocumentContext {
  bool current = true;
  struct Parent {
    std::string id, title, uri;
  };
  std::vector<Parent> parents;  // the nearest container first
  std::vector<ChildSummary> children;
  struct History {
    std::string uri;
    std::string state;  // location_state_name()
    std::vector<VersionRecord> versions;
  };
  std::vector<History> history;
};

// `trawl extract --json`: the document (index/document_codec.h, printed form), with
// "children": the documents inside it, for containers.
std::string document_json(const Document& doc, const std::vector<Document>& children = {});
// `trawl show --json`: the document and its context ("current", "parents", "children",
// "history").
std::string show_json(const Document& doc, const DocumentContext& context);
// One line of `trawl ingest --report`.
std::string outcome_json_line(const DocumentOutcome& o);
// `trawl search --json`.
std::string search_json(const SearchResults& r);
// `trawl stats --json`: the index's counts and the catalog's locations by state.
std::string stats_json(const IndexStats& s, const Catalog::Counts* catalog);

// For people. `color` adds ANSI bold to matches.
std::string search_text(const SearchResults& r, bool color);
std::string document_text(const Document& doc, const DocumentContext* context = nullptr);
std::string stats_text(const IndexStats& s, const Catalog::Counts* catalog);

}  // namespace trawl
