// The search index (Xapian): writing documents, searching, showing, statistics.
// Xapian's types never appear here; index/xapian_index.cc is the only adapter.
//
// An index is a folder of shards (one Xapian database each) named in a stub file, so a
// bulk run writes with one writer per core and a search reads all shards as one. A
// document goes to the shard chosen by its id, so re-ingesting the same bytes always
// meets its earlier copy and replaces it: never a duplicate.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/document.h"
#include "core/result.h"

namespace trawl {

// A document turned into index terms, values and stored data, ready for a writer.
// Built in parallel by DocumentBuilder; moved into the single writer of its shard.
class PreparedDocument {
 public:
  PreparedDocument(PreparedDocument&&) noexcept;
  PreparedDocument& operator=(PreparedDocument&&) noexcept;
  ~PreparedDocument();

  const std::string& id() const;
  struct Impl;

 private:
  friend class DocumentBuilder;
  friend class IndexWriter;
  explicit PreparedDocument(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Turns Documents into PreparedDocuments: tokenising, stemming (per token by script:
// Latin english, Cyrillic russian, Hangul/CJK n-grams unstemmed), positions, and the
// stored data (document_codec.h). Not thread-safe: use one per thread. Cheap to make.
class DocumentBuilder {
 public:
  DocumentBuilder();
  ~DocumentBuilder();
  // REQUIRES: !doc.failed() and doc.id is set.
  PreparedDocument build(const Document& doc);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

enum class WriteOutcome {
  kAdded,          // a new document
  kLocationAdded,  // known bytes at a new location: the locations were merged
  kReplaced,       // known bytes at known locations, written again (WriteMode::kReplace)
  kUnchanged,      // known bytes at a known location: nothing written
};

enum class WriteMode {
  kMerge,    // known bytes: merge new locations, else leave the entry as it is
  kReplace,  // known bytes: replace the entry in place (re-extracted), locations merged
};

// Writes to every shard of one index. Each shard has a lock: a second writer process
// fails to open with kFatal "index is locked".
//
// Thread safety: write() and commit() for one shard must not run concurrently with each
// other; different shards may be written from different threads at once.
class IndexWriter {
 public:
  // Opens the index in `dir`, creating it with `new_shards` shards (>= 1) if it does not
  // exist. An existing index keeps its own shard count. Errors: kFatal with the reason
  // (locked, permission denied, corrupt).
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& dir, int new_shards);
  ~IndexWriter();

  int shards() const;
  // The shard a document id belongs to. Stable for the life of the index.
  int shard_of(const std::string& id) const;

  // Adds or merges one document in its shard. A written entry is current (no "old"
  // flag). Errors are kFatal (the shard cannot be written). Nothing is durable until
  // commit().
  Result<WriteOutcome> write(PreparedDocument doc, WriteMode mode = WriteMode::kMerge);
  // One more location of an indexed document (a sighting of the same bytes, e.g. a WARC
  // revisit record). kNotFound if the id is not indexed; kFatal if it cannot be written.
  Result<WriteOutcome> add_location(const std::string& id, const Location& location);
  // Sets or clears the flag that leaves an earlier version out of searches. An id not
  // in the index is ignored. kFatal if it cannot be written.
  Status set_current(const std::string& id, bool current);
  // Makes every write to `shard` since the last commit durable, atomically.
  Status commit(int shard);

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Resolves a name typed in vessel:"...", org:"...", person:"...", place:"..." to entity
// ids (lists, any script); entities/ provides it through the app. Without one, those
// fields match nothing.
using NameResolver =
    std::function<std::vector<std::string>(const std::string& type, const std::string& name)>;

// A listed entity named in the free text of a query, and its ids.
struct QueryEntity {
  std::string text;  // as written in the query
  std::vector<std::string> ids;
};

enum class SortOrder { kRelevance, kDate };  // kDate: newest first, undated last

struct SearchRequest {
  std::string query;
  NameResolver resolve_name{};
  std::vector<QueryEntity> expansions{};
  // more filters in the query language ("lang:ko", "site:example.org"), each ANDed with
  // the query: what the page adds when a facet is clicked
  std::vector<std::string> filters{};
  int offset = 0;
  int limit = 10;
  int snippet_bytes = 300;
  bool facets = true;
  SortOrder sort = SortOrder::kRelevance;
  // one hit per near-duplicate cluster, with the number of its matching copies
  bool collapse = true;
  // for paged documents, the pages that match (SearchHit::pages)
  bool match_pages = true;
};

// Words of the query language that are not filters: `versions:all` (also earlier and gone
// versions of documents) and `versions:current` (the default).

// An entity named in a hit, for its chips.
struct HitEntity {
  std::string id;
  std::string type;
  std::string text;  // as first written in the document
  int count = 0;     // mentions in the document
};

struct SearchHit {
  std::string id;
  std::string title;
  std::string location;
  std::vector<std::string> locations;
  std::string site;    // host of the first URL location, "" for files
  std::string source;  // source of the first location
  std::string lang;
  std::string mime;
  std::string type;     // short_type(mime)
  std::string date;     // "YYYY-MM-DD" or ""
  std::string snippet;  // with matches as <b>..</b>; text is HTML-escaped
  double score = 0;
  std::string parent_id;            // the container's id for a child, else ""
  bool current = true;              // false for an earlier or gone version (versions:all)
  bool ocr = false;                 // some text came from OCR
  std::string cluster;              // near-duplicate cluster
  uint64_t copies = 1;              // matching documents of its cluster (1 when not collapsed)
  int page_count = 0;               // pages of a paged document, else 0
  std::vector<int> pages;           // 1-based pages that match (paged documents, match_pages)
  std::vector<HitEntity> entities;  // the most mentioned, at most 12
};

// Why a query found nothing, and what would find something.
struct NoHitsExplanation {
  std::vector<std::string> no_match;   // words or phrases that alone match no document
  bool filters_match_nothing = false;  // the filters alone match no document
  std::string relaxed;                 // a query that finds something, or ""
  uint64_t relaxed_total = 0;
};

struct SearchResults {
  std::string query;
  std::string interpretation;  // the query as it was run ("(tanker AIS) OR (환적)")
  uint64_t total = 0;          // matching documents (hits: clusters when collapsed)
  uint64_t documents = 0;      // matching documents, copies included
  std::vector<SearchHit> hits;
  // facet name -> value -> count over all matches (documents):
  //   "lang", "type", "source", "site", "year" ("2024"), "month" ("2024-03", the histogram),
  //   "entity_type" and "entity" (entity id; the 50 most frequent)
  std::map<std::string, std::map<std::string, uint64_t>> facets;
  std::optional<NoHitsExplanation> explain;  // set when nothing matched
  // a name to show for each entity id of the facets and hits: the list's name, else the
  // text of its first mention among the hits (filled by the search service)
  std::map<std::string, std::string> entity_labels;
};

// One match inside one document (IndexReader::find_in_document).
struct DocumentMatch {
  int page = 0;         // 1-based page for paged documents, else 0
  size_t offset = 0;    // byte offset of the match in the page's text (else the text)
  size_t length = 0;    // bytes
  std::string context;  // the text around it, escaped, the match as <b>..</b>
};

struct DocumentMatches {
  std::string id;
  std::string query;
  std::vector<DocumentMatch> matches;  // in text order, at most `limit`
  bool truncated = false;
};

// What the matching documents of a query say together: one source per near-duplicate
// cluster (`trawl corroborate`, GET /api/corroborate; the JSON names are a contract).
struct CorroborationCluster {
  std::string cluster;
  uint64_t copies = 0;  // matching documents in the cluster
  struct Member {
    std::string id, title, location, site, lang, date;
  };
  std::vector<Member> documents;  // the best matching first, at most 20
  std::vector<std::string> sites;
  std::vector<std::string> languages;
  std::string first_seen;  // "YYYY-MM-DD": the earliest date of a copy (its own, else fetched)
};

struct Corroboration {
  std::string query;
  std::map<std::string, std::string> entity_labels;  // as SearchResults' (the service's)
  uint64_t documents = 0;                            // matching documents
  uint64_t independent_sources = 0;                  // clusters
  std::vector<CorroborationCluster> clusters;        // earliest first
  std::map<std::string, uint64_t> languages;         // language -> documents
  std::string first_seen, last_seen;
  std::map<std::string, uint64_t> timeline;                // "YYYY-MM" -> documents
  std::vector<std::pair<std::string, uint64_t>> entities;  // id -> clusters naming it
  bool truncated = false;  // more than kCorroborateLimit documents matched
};

// A row of an export (IndexReader::export_hits): the fields of one hit without text.
struct ExportRow {
  std::string id, title, location, date, lang, type, cluster;
  uint64_t copies = 1;
};

// A child of a stored document, as `show` lists it.
struct ChildSummary {
  std::string id;
  std::string inner_path;
  std::string title;
  std::string mime;
};

// A stored document as `trawl show` prints it.
struct StoredDocument {
  Document doc;  // id, locations (with their fetch records), identification, title, text, pages...
  std::string site;                    // host of the first URL location, "" for files
  bool current = true;                 // false when no location holds it now
  std::vector<ChildSummary> children;  // in inner-path order (the first 10,000)
};

struct IndexStats {
  uint64_t documents = 0;  // current documents
  uint64_t versions = 0;   // every stored document: current, earlier and gone versions
  std::map<std::string, uint64_t> by_language;
  std::map<std::string, uint64_t> by_type;
  std::map<std::string, uint64_t> by_source;
  int shards = 0;
  uint64_t clusters = 0;  // near-duplicate clusters among current documents
};

// Reads an index: search, fetch, statistics, and the locations of a known id. Sees the
// state of the last commit when opened; refresh() moves to the latest.
// Not thread-safe: use one per thread.
class IndexReader {
 public:
  // kNotFound if there is no index in `dir`; kFatal if it cannot be read.
  static Result<std::unique_ptr<IndexReader>> open(const std::string& dir);
  // Several indexes searched as one: each is an index folder, or "tcp://HOST:PORT" for a
  // remote shard served by xapian-tcpsrv. Errors name the one that failed.
  static Result<std::unique_ptr<IndexReader>> open(const std::vector<std::string>& indexes);
  ~IndexReader();

  // Parses and runs a query (see docs/index-schema.md for the syntax). kCorrupt with the
  // parser's message for a malformed query.
  Result<SearchResults> search(const SearchRequest& request);
  // The matches of a query (its text, filters, names) inside one document, with their
  // page and offset; at most `limit`. Earlier versions count (the document may be one).
  // kNotFound for an unknown id, kCorrupt for a malformed query.
  Result<DocumentMatches> find_in_document(const std::string& id, const SearchRequest& request,
                                           size_t limit = 1000);
  // The documents of a query grouped by near-duplicate cluster.
  Result<Corroboration> corroborate(const SearchRequest& request);
  // Every match of a query (up to `max`), best first, one row per hit (collapsed as the
  // request says); calls `row` for each, stops when it returns false.
  Status export_hits(const SearchRequest& request, size_t max,
                     const std::function<bool(const ExportRow&)>& row);
  // A document by id, or by a unique id prefix of at least 6 characters. kNotFound if
  // none; kUnsupported ("ambiguous") if the prefix names several.
  Result<StoredDocument> get(const std::string& id_or_prefix);
  // The locations (uris) recorded for an id; empty if the id is not indexed.
  std::vector<std::string> locations_of(const std::string& id);
  IndexStats stats();
  // Sees commits made since open.
  void refresh();
  // The number of current documents (cheap).
  uint64_t document_count();

  struct Impl;  // index/xapian_reader.h

 private:
  explicit IndexReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

inline constexpr size_t kCorroborateLimit = 20000;

// Whether `dir` holds an index (IndexWriter::open made one there).
bool index_exists(const std::string& dir);

// Query text as the parser must see it: NFC, ё folded to е, and every run of Hangul
// outside quotes wrapped in parentheses (Xapian 1.4.22's parser fails on "nuclear 북한
// test" otherwise; fixed upstream in 1.4.25). Exposed for tests.
std::string prepare_query_text(std::string_view query);

// Text as the index stores and tokenises it: NFC and ё folded to е.
std::string normalize_for_index(std::string_view text);

}  // namespace trawl
