// Inside index/ only: the state of an IndexReader, shared by reader.cc (opening, fetching,
// statistics) and search.cc (query parsing and search).
#pragma once

#include <xapian.h>

#include <filesystem>

#include "index/index.h"

namespace trawl {

struct IndexReader::Impl {
  std::filesystem::path dir;
  Xapian::Database db;
  int shards = 0;
  Xapian::QueryParser qp;
  NameResolver resolver;  // set per search from the request

  // The parser with every field of the query language (search.cc).
  void setup_parser();

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
};

}  // namespace trawl
