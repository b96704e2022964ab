#include "server/search_service.h"

#include <algorithm>

#include "config/layout.h"
#include "core/text.h"
#include "entities/lists.h"
#include "server/original.h"

namespace trawl {

SearchService::SearchService(const Config& config, std::vector<std::string> indexes)
    : config_(config), indexes_(std::move(indexes)) {}

SearchService::~SearchService() = default;

Result<std::unique_ptr<SearchService>> SearchService::open(const Config& config,
                                                           const std::vector<std::string>& shards,
                                                           bool require_index) {
  DataLayout layout(config.data_dir);
  std::vector<std::string> indexes;
  // the local index, when there is one (a searcher of remote shards may have none)
  if (index_exists(layout.index()) || shards.empty()) indexes.push_back(layout.index());
  for (const std::string& s : shards)
    if (std::find(indexes.begin(), indexes.end(), s) == indexes.end()) indexes.push_back(s);
  std::unique_ptr<SearchService> service(new SearchService(config, indexes));
  if (require_index) {
    auto reader = IndexReader::open(indexes);
    if (!reader) return reader.error();
    service->idle_.push_back({std::move(*reader), std::chrono::steady_clock::now()});
  }
  std::vector<std::string> warnings;
  service->gazetteer_ = load_gazetteer(config.data_dir, &warnings);
  return service;
}

template <typename Fn>
auto SearchService::with_reader(Fn&& fn) -> decltype(fn(std::declval<IndexReader&>())) {
  Pooled p;
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      p = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (!p.reader) {
    auto reader = IndexReader::open(indexes_);
    if (!reader) return reader.error();
    p.reader = std::move(*reader);
    p.refreshed = now;
  } else if (now - p.refreshed >= std::chrono::duration<double>(config_.serve.reopen_seconds)) {
    // a writer may have committed: see its documents
    p.reader->refresh();
    p.refreshed = now;
    ++counters_.reopens;
  }
  auto result = fn(*p.reader);
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(p));
  return result;
}

void SearchService::understand(SearchRequest& req) const {
  std::shared_ptr<const Gazetteer> gazetteer = gazetteer_;
  req.resolve_name = [gazetteer](const std::string& type, const std::string& name) {
    return gazetteer->ids_for_name(type, name);
  };
  // names of listed entities and gazetteer places in the free text: their documents in
  // every script too (Nampo finds 남포 and Нампхо)
  std::vector<Entity> found;
  gazetteer->match(req.query, found);
  for (const Entity& e : found) {
    // not inside a field (vessel:"..." resolves itself)
    if (e.start > 0) {
      const size_t colon = req.query.rfind(':', e.start);
      if (colon != std::string::npos && req.query.find(' ', colon) > e.start) continue;
    }
    auto it = std::find_if(req.expansions.begin(), req.expansions.end(),
                           [&](const QueryEntity& q) { return q.text == e.text; });
    if (it == req.expansions.end())
      req.expansions.push_back({e.text, {e.id}});
    else if (std::find(it->ids.begin(), it->ids.end(), e.id) == it->ids.end())
      it->ids.push_back(e.id);
  }
}

std::string SearchService::label_of(const std::string& id) const {
  if (const ListEntry* e = gazetteer_->find(id)) return e->name;
  // a pattern's id says what it is: "imo:8716344" -> "IMO 8716344"; a folded name
  // ("vessel:kumbyol3") is shown as its key
  const size_t colon = id.find(':');
  if (colon == std::string::npos) return id;
  const std::string kind = id.substr(0, colon), value = id.substr(colon + 1);
  for (auto [k, shown] : {std::pair{"imo", "IMO"},
                          {"mmsi", "MMSI"},
                          {"unscr", "UNSCR"},
                          {"hs", "HS"},
                          {"callsign", "call sign"}})
    if (kind == k) return std::string(shown) + " " + value;
  return value;
}

Result<SearchResults> SearchService::search(SearchRequest req) {
  understand(req);
  const auto start = std::chrono::steady_clock::now();
  auto r = with_reader([&](IndexReader& reader) { return reader.search(req); });
  counters_.search_micros +=
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count());
  ++counters_.searches;
  if (!r) {
    ++counters_.search_errors;
    return r;
  }
  // names for the entity ids the page shows: the lists', else as the hits write them,
  // else made from the id
  for (const SearchHit& h : r->hits)
    for (const HitEntity& e : h.entities)
      if (gazetteer_->find(e.id))
        r->entity_labels[e.id] = label_of(e.id);
      else
        r->entity_labels.try_emplace(e.id, e.text);
  if (auto it = r->facets.find("entity"); it != r->facets.end())
    for (const auto& [id, n] : it->second) r->entity_labels.try_emplace(id, label_of(id));
  return r;
}

Result<DocumentView> SearchService::document(const std::string& id) {
  return with_reader([&](IndexReader& reader) -> Result<DocumentView> {
    auto r = reader.get(id);
    if (!r) return r.error();
    ++counters_.documents_shown;
    DocumentView v;
    v.doc = std::move(r->doc);
    v.site = std::move(r->site);
    v.context.current = r->current;
    v.context.children = std::move(r->children);
    // the containers it is inside, nearest first (bounded: a cycle cannot loop)
    auto parent_of = [](const Document& d) {
      for (const Location& l : d.locations)
        if (!l.parent_id.empty()) return l.parent_id;
      return std::string();
    };
    std::string parent = parent_of(v.doc);
    for (int depth = 0; !parent.empty() && depth < 64; ++depth) {
      auto p = reader.get(parent);
      if (!p) break;
      v.context.parents.push_back({p->doc.id, p->doc.title, p->doc.primary_location()});
      parent = parent_of(p->doc);
    }
    if (Catalog* catalog = this->catalog()) {
      for (const LocationRecord& l : catalog->locations_of(v.doc.id))
        v.context.history.push_back(
            {l.uri, std::string(location_state_name(l.state)), catalog->history(l.uri)});
    }
    return v;
  });
}

Result<DocumentMatches> SearchService::find_in_document(const std::string& id, SearchRequest req) {
  understand(req);
  return with_reader([&](IndexReader& reader) { return reader.find_in_document(id, req); });
}

Result<Corroboration> SearchService::corroborate(SearchRequest req) {
  understand(req);
  auto c = with_reader([&](IndexReader& reader) { return reader.corroborate(req); });
  if (!c) return c;
  for (const auto& [id, n] : c->entities) c->entity_labels[id] = label_of(id);
  return c;
}

Status SearchService::export_hits(SearchRequest req, size_t max,
                                  const std::function<bool(const ExportRow&)>& row) {
  understand(req);
  return with_reader([&](IndexReader& reader) { return reader.export_hits(req, max, row); });
}

Result<EntityView> SearchService::entity(const std::string& id) {
  SearchRequest req;
  req.filters = {"entity:" + id};
  req.limit = 20;
  req.match_pages = false;
  auto r = search(req);
  if (!r) return r.error();
  EntityView v;
  v.id = id;
  v.documents = r->documents;
  if (const ListEntry* e = gazetteer_->find(id)) {
    v.name = e->name;
    v.type = e->type;
  }
  for (const SearchHit& h : r->hits)
    for (const HitEntity& e : h.entities)
      if (e.id == id && v.name.empty()) {
        v.name = e.text;
        v.type = e.type;
      }
  if (v.type.empty()) v.type = id.substr(0, id.find(':'));
  v.hits = std::move(r->hits);
  if (auto it = r->facets.find("entity"); it != r->facets.end()) {
    for (const auto& [other, n] : it->second)
      if (other != id) v.co_occurring.emplace_back(other, n);
    std::stable_sort(v.co_occurring.begin(), v.co_occurring.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  return v;
}

std::vector<BatchLine> SearchService::batch(const std::vector<std::string>& lines,
                                            int hits_per_line) {
  std::vector<BatchLine> out;
  for (const std::string& raw : lines) {
    BatchLine b;
    b.line = one_line(raw);
    if (b.line.empty()) continue;
    SearchRequest req;
    req.query = b.line;
    req.limit = hits_per_line;
    req.facets = false;
    req.match_pages = false;
    req.snippet_bytes = 160;
    auto r = search(req);
    if (r) {
      b.total = r->total;
      b.hits = std::move(r->hits);
    } else {
      b.error = r.error().message;
    }
    out.push_back(std::move(b));
  }
  return out;
}

Result<std::pair<std::string, std::string>> SearchService::original(const std::string& id) {
  return with_reader([&](IndexReader& reader) -> Result<std::pair<std::string, std::string>> {
    auto r = reader.get(id);
    if (!r) return r.error();
    auto bytes = original_bytes(config_, reader, r->doc);
    if (!bytes) return bytes.error();
    return std::pair{std::move(*bytes), r->doc.mime};
  });
}

Catalog* SearchService::catalog() {
  std::lock_guard lock(catalog_mu_);
  if (!catalog_)
    if (auto c = Catalog::open_readonly(DataLayout(config_.data_dir).catalog()))
      catalog_ = std::move(*c);
  return catalog_.get();
}

std::optional<Catalog::Counts> SearchService::catalog_counts() {
  if (Catalog* c = catalog()) return c->counts();
  return std::nullopt;
}

IndexStats SearchService::stats() {
  auto r = with_reader([&](IndexReader& reader) -> Result<IndexStats> { return reader.stats(); });
  return r ? *r : IndexStats{};
}

uint64_t SearchService::document_count() {
  auto r =
      with_reader([&](IndexReader& reader) -> Result<uint64_t> { return reader.document_count(); });
  return r ? *r : 0;
}

}  // namespace trawl
