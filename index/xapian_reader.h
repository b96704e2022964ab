// Inside index/ only: the state of an IndexReader, shared by reader.cc (opening, fetching,
// statistics), search.cc (search, facets), document_search.cc (matches inside a document)
// and corroborate.cc (corroboration, export).
#pragma once

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <set>

#include "index/index.h"
#include "index/query.h"

namespace trawl {

struct IndexReader::Impl {
  Xapian::Database db;
  int shards = 0;
  bool remote = false;  // some shard is remote: no custom match spies (they do not travel)
  std::unique_ptr<query::Parser> parser;

  // Runs fn, reopening once if a writer's commits outran this snapshot.
  template <typename Fn>
  auto with_retry(Fn&& fn) {
    try {
      return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      db.reopen();
      return fn();
    }
  }

  // The Xapian query of a request: its text, its filters, and (unless the text says
  // versions:all) current documents only. Throws Xapian::QueryParserError.
  struct Built {
    Xapian::Query query;
    std::string interpretation;
    bool all_versions = false;
    bool nothing_to_find = false;  // the text is not empty but parses to no query
  };
  Built build_query(const SearchRequest& req, bool highlight = false);
  // build_query for a search: kCorrupt with the parser's reason for a malformed query, or
  // for text that parses to nothing ("(", a lone quote: not "everything").
  Result<Built> parse(const SearchRequest& req);

  // An mset over `ids` whose query marks the matches of `req` in snippets (see
  // query::Parser::parse's `highlight`); `fallback` when the query has no phrase.
  Xapian::MSet highlighter(const SearchRequest& req, const std::vector<std::string>& ids,
                           const Xapian::MSet& fallback);
};

namespace xapian {

// Tidies highlight marks of CJK n-grams: adjacent marks merge ("<b>북</b><b>한</b>" ->
// "<b>북한</b>"), and a mark around one lone syllable is dropped: the query's unigrams
// (한, 선) match inside unrelated words and would mark noise everywhere.
std::string tidy_marks(std::string s, std::string_view open = "<b>",
                       std::string_view close = "</b>");

// The document id of an indexed document (its Q term).
std::string id_of(const Xapian::Document& xd);

// "YYYYMMDD" (the date value) -> "YYYY-MM-DD"; "" for anything else.
std::string day_from_value(const std::string& v);

// The day a document was first seen: its own date, else the day it was fetched or read.
std::string first_day(const Xapian::Document& xd);

// The 1-based pages of `doc` where the mset's query matches (at most the first 2,000),
// or that name one of `entity_ids`.
std::vector<int> matching_pages(const Xapian::MSet& mset, const Document& doc,
                                const std::set<std::string>& entity_ids);

// The entity ids a query asks for (its E terms: imo:, entity:, vessel:"...", names).
std::set<std::string> entity_ids_of(const Xapian::Query& query);

}  // namespace xapian
}  // namespace trawl
