// Building a document's terms (DocumentBuilder) and writing shards (IndexWriter).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/dates.h"
#include "core/entity_id.h"
#include "core/text.h"
#include "index/document_codec.h"
#include "index/index.h"
#include "index/schema.h"
#include "index/simhash.h"
#include "index/xapian_terms.h"

namespace fs = std::filesystem;

namespace trawl {

using xapian::add_location_terms;
using xapian::bounded_term;
using xapian::fatal;
using xapian::host_of;

// ---------------------------------------------------------------------------------------
// PreparedDocument and DocumentBuilder

struct PreparedDocument::Impl {
  Xapian::Document xdoc;
  Document doc;  // what is stored, locations included (merged by the writer)
};

PreparedDocument::PreparedDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedDocument::PreparedDocument(PreparedDocument&&) noexcept = default;
PreparedDocument& PreparedDocument::operator=(PreparedDocument&&) noexcept = default;
PreparedDocument::~PreparedDocument() = default;
const std::string& PreparedDocument::id() const { return impl_->doc.id; }

struct DocumentBuilder::Impl {
  Xapian::TermGenerator tg;
  Impl() {
    tg.set_stemmer(xapian::script_stemmer());
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME_FULL_POS);
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  }
};

DocumentBuilder::DocumentBuilder() : impl_(std::make_unique<Impl>()) {}
DocumentBuilder::~DocumentBuilder() = default;

namespace {

// The values that follow the first location (facets: source, site).
void set_location_values(Xapian::Document& xd, const std::vector<Location>& locations) {
  if (locations.empty()) return;
  xd.add_value(schema::kValueSource, locations.front().source);
  if (std::string host = host_of(locations.front().uri); !host.empty())
    xd.add_value(schema::kValueHost, host);
  xd.add_value(schema::kValueLocation, std::string(utf8_prefix(locations.front().uri, 1000)));
  xd.add_value(schema::kValueFetched,
               Xapian::sortable_serialise(static_cast<double>(locations.front().fetch.seen_at)));
}

constexpr size_t kMaxStoredEntities = 5000;
// Locations kept in one document's entry. The same bytes at thousands of places (a logo
// in every archive, 42.zip's identical leaves) would otherwise make each new sighting
// rewrite every earlier one; the catalog keeps them all.
constexpr size_t kMaxStoredLocations = 256;

}  // namespace

PreparedDocument DocumentBuilder::build(const Document& doc) {
  auto p = std::make_unique<PreparedDocument::Impl>();
  p->doc = doc;
  if (p->doc.entities.size() > kMaxStoredEntities) p->doc.entities.resize(kMaxStoredEntities);
  Xapian::Document& xd = p->xdoc;
  Xapian::TermGenerator& tg = impl_->tg;
  tg.set_document(xd);

  std::string title = normalize_for_index(doc.title);
  std::string text = normalize_for_index(doc.text);
  if (!title.empty()) {
    tg.index_text(title, 1, std::string(schema::kTitle));
    tg.increase_termpos(100);
    tg.index_text(title, 3);  // title words weigh more in the body field too
    tg.increase_termpos(100);
  }
  tg.index_text(text);
  xapian::add_stemmed_numbers(xd);

  xd.add_boolean_term(std::string(schema::kId) + doc.id);
  xd.add_boolean_term(std::string(schema::kLanguage) + doc.language);
  std::string type = short_type(doc.mime);
  xd.add_boolean_term(bounded_term(schema::kType, type));
  if (type != doc.mime) xd.add_boolean_term(bounded_term(schema::kType, doc.mime));
  for (const Location& loc : doc.locations) add_location_terms(xd, loc);
  xd.add_boolean_term(std::string(schema::kOcr) + (doc.ocr ? "yes" : "no"));
  for (const Entity& e : doc.entities) {
    xd.add_boolean_term(bounded_term(schema::kEntity, e.id));
    for (const std::string& id : entity_search_ids(e.id))
      if (id != e.id) xd.add_boolean_term(bounded_term(schema::kEntityBroader, id));
    xd.add_boolean_term(bounded_term(schema::kEntityType, e.type));
  }

  if (!doc.date.empty()) xd.add_value(schema::kValueDate, compact_date(doc.date));
  xd.add_value(schema::kValueLanguage, doc.language);
  xd.add_value(schema::kValueType, type);
  set_location_values(xd, doc.locations);
  xd.add_value(schema::kValueSize, Xapian::sortable_serialise(static_cast<double>(doc.size)));
  xd.add_value(schema::kValueTitle, std::string(utf8_prefix(doc.title, 300)));
  // "type\tid\n" for each distinct id, at most kFacetEntities of them: the entity facets
  // count them over every match (search.cc), so the value is read for each. Dates and
  // sums are left out: every report has many, and the date facets count dates.
  constexpr size_t kFacetEntities = 100;
  std::string ids;
  std::set<std::string_view> seen;
  for (const Entity& e : p->doc.entities) {
    if (!xapian::counted_entity(e.type) || seen.size() >= kFacetEntities) continue;
    if (seen.insert(e.id).second) ids += e.type + "\t" + e.id + "\n";
  }
  if (!ids.empty()) xd.add_value(schema::kValueEntities, ids);
  p->doc.simhash = simhash(text);
  if (p->doc.simhash) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(p->doc.simhash));
    xd.add_value(schema::kValueSimhash, hex);
  }
  return PreparedDocument(std::move(p));
}

// ---------------------------------------------------------------------------------------
// IndexWriter

struct IndexWriter::Impl {
  fs::path dir;
  std::vector<Xapian::WritableDatabase> dbs;
  SimhashTable near_duplicates;  // every shard's clustered documents, committed or not

  // Reads the simhash and cluster of every document of every shard.
  void load_near_duplicates() {
    for (Xapian::WritableDatabase& db : dbs) {
      Xapian::ValueIterator c = db.valuestream_begin(schema::kValueCluster);
      for (Xapian::ValueIterator v = db.valuestream_begin(schema::kValueSimhash);
           v != db.valuestream_end(schema::kValueSimhash); ++v) {
        c.skip_to(v.get_docid());
        if (c == db.valuestream_end(schema::kValueCluster)) break;
        if (c.get_docid() != v.get_docid()) continue;
        near_duplicates.insert(std::strtoull((*v).c_str(), nullptr, 16), *c);
      }
    }
  }

  // The cluster of a document written for the first time: that of its nearest copy, else
  // a new one named after the document.
  std::string cluster_for(const Document& doc) {
    const std::string own = doc.id.substr(0, 16);
    if (!doc.simhash) return own;
    return near_duplicates.assign(doc.simhash, own);
  }

  Xapian::WritableDatabase& db_for(const std::string& id) {
    return dbs[xapian::shard_for(id, dbs.size())];
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() = default;

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& dir, int new_shards) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  std::error_code ec;
  fs::create_directories(impl->dir, ec);
  if (ec)
    return make_error(ErrorCode::kFatal, "cannot create index folder " + dir + ": " + ec.message());
  fs::path stub = impl->dir / xapian::kStubName;
  std::vector<std::string> names = xapian::read_stub(stub);
  bool create = names.empty();
  if (create) {
    for (int i = 0; i < std::max(1, new_shards); ++i) {
      std::string n = std::to_string(i);
      names.push_back("shard-" + std::string(n.size() < 2 ? 2 - n.size() : 0, '0') + n);
    }
    // No stub: any shard folder here is what a creation killed half-way left behind
    // (the stub is written only once every shard exists). Start again from nothing.
    for (const auto& entry : fs::directory_iterator(impl->dir, ec))
      if (entry.is_directory() && entry.path().filename().string().starts_with("shard-"))
        fs::remove_all(entry.path(), ec);
  }
  try {
    for (const std::string& name : names)
      impl->dbs.emplace_back((impl->dir / name).string(),
                             Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    impl->load_near_duplicates();
  } catch (const Xapian::DatabaseLockError&) {
    return make_error(
        ErrorCode::kFatal,
        "index " + dir + " is locked by another writer (is another trawl ingest running?)");
  } catch (const Xapian::Error& e) {
    return fatal("cannot open index " + dir, e);
  }
  if (create) {
    // the stub appears only once every shard exists, atomically
    fs::path tmp = impl->dir / (std::string(xapian::kStubName) + ".tmp");
    {
      std::ofstream out(tmp);
      for (const std::string& name : names) out << "glass " << name << "\n";
      if (!out) return make_error(ErrorCode::kFatal, "cannot write " + tmp.string());
    }
    fs::rename(tmp, stub, ec);
    if (ec)
      return make_error(ErrorCode::kFatal, "cannot write " + stub.string() + ": " + ec.message());
  }
  return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
}

int IndexWriter::shards() const { return static_cast<int>(impl_->dbs.size()); }

int IndexWriter::shard_of(const std::string& id) const {
  return xapian::shard_for(id, impl_->dbs.size());
}

namespace {

bool has_location(const std::vector<Location>& locations, const std::string& uri) {
  return std::any_of(locations.begin(), locations.end(),
                     [&](const Location& l) { return l.uri == uri; });
}

}  // namespace

Result<WriteOutcome> IndexWriter::write(PreparedDocument prepared, WriteMode mode) {
  PreparedDocument::Impl& p = *prepared.impl_;
  const std::string& id = p.doc.id;
  Xapian::WritableDatabase& db = impl_->db_for(id);
  const std::string qterm = std::string(schema::kId) + id;
  try {
    WriteOutcome outcome = WriteOutcome::kAdded;
    Xapian::PostingIterator pl = db.postlist_begin(qterm);
    std::string cluster;
    if (pl != db.postlist_end(qterm)) {
      // keep the earlier locations first: the first one is the one shown
      Document stored = xapian::stored_document(db.get_document(*pl));
      std::vector<Location> merged = std::move(stored.locations);
      cluster = stored.cluster;  // a document keeps its cluster when written again
      bool added = false;
      for (const Location& l : p.doc.locations) {
        if (!has_location(merged, l.uri) && merged.size() < kMaxStoredLocations) {
          merged.push_back(l);
          added = true;
        }
      }
      if (!added && mode == WriteMode::kMerge) return WriteOutcome::kUnchanged;
      for (const Location& l : merged) add_location_terms(p.xdoc, l);
      set_location_values(p.xdoc, merged);
      p.doc.locations = std::move(merged);
      outcome = added ? WriteOutcome::kLocationAdded : WriteOutcome::kReplaced;
    }
    if (cluster.empty()) cluster = impl_->cluster_for(p.doc);
    p.doc.cluster = cluster;
    p.xdoc.add_value(schema::kValueCluster, cluster);
    p.xdoc.add_boolean_term(std::string(schema::kCluster) + cluster);
    p.xdoc.set_data(document_to_json(p.doc, DocumentForm::kStored));
    db.replace_document(qterm, p.xdoc);
    return outcome;
  } catch (const Xapian::Error& e) {
    return fatal("cannot write document " + id, e);
  }
}

Result<WriteOutcome> IndexWriter::add_location(const std::string& id, const Location& location) {
  Xapian::WritableDatabase& db = impl_->db_for(id);
  const std::string qterm = std::string(schema::kId) + id;
  try {
    Xapian::PostingIterator pl = db.postlist_begin(qterm);
    if (pl == db.postlist_end(qterm))
      return make_error(ErrorCode::kNotFound, "no document with id " + id);
    Xapian::Document xd = db.get_document(*pl);
    Document d = xapian::stored_document(xd);
    if (has_location(d.locations, location.uri) || d.locations.size() >= kMaxStoredLocations)
      return WriteOutcome::kUnchanged;
    d.locations.push_back(location);
    add_location_terms(xd, location);
    xd.set_data(document_to_json(d, DocumentForm::kStored));
    db.replace_document(qterm, xd);
    return WriteOutcome::kLocationAdded;
  } catch (const Xapian::Error& e) {
    return fatal("cannot write document " + id, e);
  }
}

Status IndexWriter::set_current(const std::string& id, bool current) {
  Xapian::WritableDatabase& db = impl_->db_for(id);
  const std::string qterm = std::string(schema::kId) + id;
  const std::string old(schema::kOld);
  try {
    Xapian::PostingIterator pl = db.postlist_begin(qterm);
    if (pl == db.postlist_end(qterm)) return {};  // never indexed (it failed): nothing to flag
    Xapian::Document xd = db.get_document(*pl);
    Xapian::TermIterator t = xd.termlist_begin();
    t.skip_to(old);
    const bool flagged = t != xd.termlist_end() && *t == old;
    if (flagged == !current) return {};
    if (current)
      xd.remove_term(old);
    else
      xd.add_boolean_term(old);
    db.replace_document(qterm, xd);
    return {};
  } catch (const Xapian::Error& e) {
    return fatal("cannot write document " + id, e);
  }
}

Status IndexWriter::commit(int shard) {
  try {
    impl_->dbs.at(shard).commit();
    return {};
  } catch (const Xapian::Error& e) {
    return fatal("cannot commit index shard " + std::to_string(shard), e);
  }
}

}  // namespace trawl
