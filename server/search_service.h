// The search service: what `trawl serve` answers from and what `trawl search`,
// `trawl show` and `trawl corroborate` call. Holds the index readers (one per thread
// using it, reopened when a writer commits), the sanctions lists and the query
// understanding (names of listed entities and gazetteer places in any script), loaded
// once. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "config/config.h"
#include "core/result.h"
#include "entities/gazetteer.h"
#include "index/index.h"

namespace trawl {

// What `trawl show` and GET /api/doc/{id} tell about a document beyond the document
// itself: whether it is current, the containers it is inside, its members, and each
// location's history (versions).
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

struct DocumentView {
  Document doc;
  std::string site;  // host of the first URL location, "" for files
  DocumentContext context;
};

// The documents that name an entity, and the entities named with it.
struct EntityView {
  std::string id;
  std::string name;  // the list's name for it, or the first surface form
  std::string type;
  uint64_t documents = 0;
  std::vector<SearchHit> hits;                                 // the best 20
  std::vector<std::pair<std::string, uint64_t>> co_occurring;  // id -> documents
};

// One line of a batch search (POST /api/batch).
struct BatchLine {
  std::string line;
  uint64_t total = 0;
  std::vector<SearchHit> hits;  // the best few
  std::string error;            // the parser's reason for a malformed line
};

// Counters for /metrics.
struct ServiceCounters {
  std::atomic<uint64_t> searches{0}, search_errors{0}, documents_shown{0}, reopens{0};
  std::atomic<uint64_t> search_micros{0};  // summed time of searches
};

class SearchService {
 public:
  // Opens the index of config.data_dir (when it has one) and every shard in `shards`
  // (index folders or tcp://HOST:PORT), the lists and the catalog. kNotFound when there
  // is no index at all and `require_index`; otherwise searches fail with kNotFound until
  // one appears (a daemon serving before its first crawl).
  static Result<std::unique_ptr<SearchService>> open(const Config& config,
                                                     const std::vector<std::string>& shards = {},
                                                     bool require_index = true);
  ~SearchService();

  // Runs a search: fills in the name resolver and the names found in the text.
  Result<SearchResults> search(SearchRequest request);
  Result<DocumentView> document(const std::string& id);
  Result<DocumentMatches> find_in_document(const std::string& id, SearchRequest request);
  Result<Corroboration> corroborate(SearchRequest request);
  Status export_hits(SearchRequest request, size_t max,
                     const std::function<bool(const ExportRow&)>& row);
  Result<EntityView> entity(const std::string& id);
  std::vector<BatchLine> batch(const std::vector<std::string>& lines, int hits_per_line);
  // The original bytes of a document and its MIME type.
  Result<std::pair<std::string, std::string>> original(const std::string& id);
  IndexStats stats();
  uint64_t document_count();
  // The catalog's counts (locations by state); nullopt while there is no catalog.
  std::optional<Catalog::Counts> catalog_counts();

  const Config& config() const { return config_; }
  ServiceCounters& counters() { return counters_; }
  const std::vector<std::string>& indexes() const { return indexes_; }

  // Fills in how names in `request.query` resolve (lists, gazetteer places).
  void understand(SearchRequest& request) const;
  // A name to show for an entity id: the list's, else one made from the id.
  std::string label_of(const std::string& id) const;

 private:
  SearchService(const Config& config, std::vector<std::string> indexes);

  // Runs fn(IndexReader&) with a reader of the pool (opened when none is idle,
  // refreshed when it is older than serve.reopen_seconds), then puts it back.
  template <typename Fn>
  auto with_reader(Fn&& fn) -> decltype(fn(std::declval<IndexReader&>()));

  Config config_;
  std::vector<std::string> indexes_;
  std::shared_ptr<const Gazetteer> gazetteer_;
  // The catalog, read-only, opened on first use (a daemon may serve before its first
  // pass makes one); null while there is none.
  Catalog* catalog();
  std::mutex catalog_mu_;
  std::unique_ptr<Catalog> catalog_;
  struct Pooled {
    std::unique_ptr<IndexReader> reader;
    std::chrono::steady_clock::time_point refreshed;
  };
  std::mutex mu_;
  std::vector<Pooled> idle_;
  ServiceCounters counters_;
};

}  // namespace trawl
