// Search: the query (index/query.h) run with collapsing, sorting, snippets and facets,
// and the explanation of a query that finds nothing (docs/search.md).
#include <algorithm>
#include <set>

#include "core/dates.h"
#include "core/text.h"
#include "index/index.h"
#include "index/schema.h"
#include "index/xapian_reader.h"
#include "index/xapian_terms.h"

namespace trawl {

using xapian::fatal;
using xapian::is_cjk;

namespace xapian {

std::string tidy_marks(std::string s, std::string_view open, std::string_view close) {
  const std::string join = std::string(close) + std::string(open);
  for (size_t pos = s.find(join); pos != std::string::npos; pos = s.find(join, pos))
    s.erase(pos, join.size());
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    size_t o = s.find(open, pos);
    if (o == std::string::npos) break;
    size_t c = s.find(close, o + open.size());
    if (c == std::string::npos) break;
    std::string_view inner(s.data() + o + open.size(), c - o - open.size());
    size_t p = 0;
    char32_t first = inner.empty() ? 0 : next_code_point(inner, p);
    bool lone_cjk = !inner.empty() && p == inner.size() && is_cjk(first);
    out.append(s, pos, o - pos);
    if (lone_cjk)
      out += inner;
    else
      out.append(s, o, c + close.size() - o);
    pos = c + close.size();
  }
  out.append(s, pos, std::string::npos);
  return out;
}

std::string id_of(const Xapian::Document& xd) {
  Xapian::TermIterator t = xd.termlist_begin();
  t.skip_to(std::string(schema::kId));
  if (t == xd.termlist_end() || !(*t).starts_with(schema::kId)) return {};
  return (*t).substr(schema::kId.size());
}

std::string day_from_value(const std::string& v) {
  if (v.size() != 8) return {};
  return v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2);
}

std::string first_day(const Xapian::Document& xd) {
  if (std::string d = day_from_value(xd.get_value(schema::kValueDate)); !d.empty()) return d;
  const std::string f = xd.get_value(schema::kValueFetched);
  if (f.empty()) return {};
  const auto t = static_cast<int64_t>(Xapian::sortable_unserialise(f));
  return format_date(t);  // "" when unknown
}

}  // namespace xapian

namespace {

// Counts entity ids and entity types over every matching document, from the entity value
// (one id per line); exact where the terms of a sample were not. Local shards only: a
// remote shard cannot run a match spy it does not know.
class EntitySpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    const std::string v = doc.get_value(schema::kValueEntities);
    if (v.empty()) return;
    ++documents_;
    types_seen_.clear();
    size_t start = 0;
    while (start < v.size()) {
      size_t nl = v.find('\n', start);
      if (nl == std::string::npos) nl = v.size();
      std::string_view line(v.data() + start, nl - start);
      if (size_t tab = line.find('\t'); tab != std::string_view::npos) {
        count(ids_, line.substr(tab + 1));
        const std::string_view type = line.substr(0, tab);
        if (std::find(types_seen_.begin(), types_seen_.end(), type) == types_seen_.end())
          types_seen_.push_back(type);
      }
      start = nl + 1;
    }
    for (std::string_view t : types_seen_) count(types_, t);
  }
  std::map<std::string, uint64_t, std::less<>> ids_, types_;
  uint64_t documents_ = 0;

 private:
  // one more for `key`, allocating only for a key not seen before
  static void count(std::map<std::string, uint64_t, std::less<>>& m, std::string_view key) {
    auto it = m.find(key);
    if (it == m.end()) it = m.emplace(std::string(key), 0).first;
    ++it->second;
  }
  std::vector<std::string_view> types_seen_;
};

// The 50 most frequent of `counts`.
template <typename Counts>
std::map<std::string, uint64_t> top(const Counts& counts, size_t n) {
  std::vector<std::pair<uint64_t, std::string>> ranked;
  for (auto& [id, c] : counts) ranked.emplace_back(c, id);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::map<std::string, uint64_t> out;
  for (size_t i = 0; i < ranked.size() && i < n; ++i) out[ranked[i].second] = ranked[i].first;
  return out;
}

// Entity ids counted from the entity terms of the best 1,000 matches: what a remote shard
// allows.
void sample_entities(Xapian::Enquire& enquire, SearchResults& results) {
  constexpr Xapian::doccount kEntityFacetDocs = 1000;
  Xapian::MSet sample = enquire.get_mset(0, kEntityFacetDocs);
  std::map<std::string, uint64_t> ids, types;
  const std::string prefix(schema::kEntity), type_prefix(schema::kEntityType);
  for (Xapian::MSetIterator it = sample.begin(); it != sample.end(); ++it) {
    Xapian::Document xd = it.get_document();
    for (Xapian::TermIterator t = xd.termlist_begin(); t != xd.termlist_end(); ++t) {
      t.skip_to(prefix);
      if (t == xd.termlist_end()) break;
      const std::string term = *t;
      if (term.compare(0, prefix.size(), prefix) != 0) break;
      const std::string id = term.substr(prefix.size());
      if (xapian::counted_entity_id(id)) ++ids[id];  // as the value slot holds them
    }
    Xapian::TermIterator t = xd.termlist_begin();
    for (t.skip_to(type_prefix); t != xd.termlist_end() && (*t).starts_with(type_prefix); ++t) {
      const std::string type = (*t).substr(type_prefix.size());
      if (xapian::counted_entity(type)) ++types[type];
    }
  }
  results.facets["entity"] = top(ids, 50);
  results.facets["entity_type"] = std::move(types);
}

// The entities of a hit for its chips: the most mentioned first, dates and sums left out.
std::vector<HitEntity> hit_entities(const Document& d) {
  std::vector<HitEntity> out;
  for (const Entity& e : d.entities) {
    if (!xapian::counted_entity(e.type)) continue;
    auto it =
        std::find_if(out.begin(), out.end(), [&](const HitEntity& h) { return h.id == e.id; });
    if (it == out.end())
      out.push_back({e.id, e.type, one_line(e.text), 1});
    else
      ++it->count;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const HitEntity& a, const HitEntity& b) { return a.count > b.count; });
  if (out.size() > 12) out.resize(12);
  return out;
}

}  // namespace

Xapian::MSet IndexReader::Impl::highlighter(const SearchRequest& req,
                                            const std::vector<std::string>& ids,
                                            const Xapian::MSet& fallback) {
  if (req.query.find('"') == std::string::npos || ids.empty()) return fallback;
  std::vector<Xapian::Query> id_terms;
  for (const std::string& id : ids) id_terms.emplace_back(std::string(schema::kId) + id);
  SearchRequest all = req;
  all.query += " versions:all";  // the hits may be earlier versions
  Xapian::Enquire e(db);
  e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, build_query(all, true).query,
                            Xapian::Query(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end())));
  return e.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
}

IndexReader::Impl::Built IndexReader::Impl::build_query(const SearchRequest& req, bool highlight) {
  Built b;
  const std::string q = query::strip_versions(req.query, &b.all_versions);
  b.query = parser->parse(q, req.resolve_name, req.expansions, highlight);
  b.interpretation = parser->interpretation();
  // text that parses to nothing ("(", a lone quote): not "everything"
  b.nothing_to_find = b.query.empty() && !one_line(q).empty();
  for (const std::string& f : req.filters) {
    if (one_line(f).empty()) continue;
    Xapian::Query fq = parser->parse(f, req.resolve_name, {});
    b.interpretation += (b.interpretation.empty() ? "" : " ") + one_line(f);
    if (fq.empty()) continue;
    b.query = b.query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, fq, 0)
                              : Xapian::Query(Xapian::Query::OP_FILTER, b.query, fq);
  }
  if (b.query.empty()) b.query = Xapian::Query::MatchAll;
  // earlier and gone versions only when asked for
  if (!b.all_versions)
    b.query =
        Xapian::Query(Xapian::Query::OP_AND_NOT, b.query, Xapian::Query(std::string(schema::kOld)));
  return b;
}

Result<IndexReader::Impl::Built> IndexReader::Impl::parse(const SearchRequest& req) {
  Built b;
  bool all = false;
  const std::string shown = one_line(query::strip_versions(req.query, &all));
  try {
    b = build_query(req);
  } catch (const Xapian::QueryParserError& e) {
    return make_error(ErrorCode::kCorrupt, "cannot parse query '" + shown + "': " + e.get_msg());
  }
  if (b.nothing_to_find)
    return make_error(ErrorCode::kCorrupt, "cannot parse query '" + shown +
                                               "': it has no words or filters to search for");
  return b;
}

namespace {

// Whether anything current matches `text` (a word, a phrase or filters of the query).
bool matches_anything(IndexReader::Impl& impl, const SearchRequest& req, const std::string& text,
                      bool with_filters) {
  SearchRequest one;
  one.query = text;
  one.resolve_name = req.resolve_name;
  one.expansions = req.expansions;
  if (with_filters) one.filters = req.filters;
  Xapian::Enquire e(impl.db);
  e.set_query(impl.build_query(one).query);
  e.set_weighting_scheme(Xapian::BoolWeight());
  return e.get_mset(0, 1).size() > 0;
}

uint64_t count_of(IndexReader::Impl& impl, const SearchRequest& req, const std::string& text) {
  SearchRequest r;
  r.query = text;
  r.resolve_name = req.resolve_name;
  r.expansions = req.expansions;
  r.filters = req.filters;
  Xapian::Enquire e(impl.db);
  e.set_query(impl.build_query(r).query);
  e.set_weighting_scheme(Xapian::BoolWeight());
  e.set_collapse_key(schema::kValueCluster);
  return e.get_mset(0, 0, 10000).get_matches_estimated();
}

// Which words of a query that found nothing match nothing, and a query that finds
// something: without those words, or with OR between words that match apart but never
// together.
NoHitsExplanation explain(IndexReader::Impl& impl, const SearchRequest& req) {
  NoHitsExplanation ex;
  bool all = false;
  const std::vector<query::Token> tokens = query::tokenize(query::strip_versions(req.query, &all));
  std::vector<std::string> kept, negated;
  for (const query::Token& t : tokens) {
    if (t.kind == query::TokenKind::kOperator || t.kind == query::TokenKind::kFilter) continue;
    if (t.negated) {
      negated.push_back(t.text);
      continue;
    }
    if (matches_anything(impl, req, t.text, false))
      kept.push_back(t.text);
    else
      ex.no_match.push_back(t.text);
  }
  const std::string filters = query::filter_text(tokens);
  std::string filter_part = filters;
  for (const std::string& f : req.filters) filter_part += (filter_part.empty() ? "" : " ") + f;
  if (!filter_part.empty()) {
    SearchRequest only;
    only.query = filters;
    only.filters = req.filters;
    only.resolve_name = req.resolve_name;
    ex.filters_match_nothing = !matches_anything(impl, only, filters, true);
  }
  if (kept.empty()) return ex;
  std::string relaxed;
  const bool dropped = !ex.no_match.empty();
  for (const std::string& w : kept) relaxed += relaxed.empty() ? w : (dropped ? " " : " OR ") + w;
  if (!dropped && kept.size() < 2) return ex;  // one word that matches: the filters did it
  for (const std::string& n : negated) relaxed += " " + n;
  if (!filters.empty())
    relaxed = (dropped || kept.size() < 2 ? relaxed : "(" + relaxed + ")") + " " + filters;
  ex.relaxed_total = count_of(impl, req, relaxed);
  if (ex.relaxed_total > 0) ex.relaxed = relaxed;
  return ex;
}

}  // namespace

Result<SearchResults> IndexReader::search(const SearchRequest& req) {
  try {
    return impl_->with_retry([&]() -> Result<SearchResults> {
      SearchResults results;
      results.query = req.query;
      Xapian::Database& db = impl_->db;
      auto parsed = impl_->parse(req);
      if (!parsed) return parsed.error();
      const Impl::Built& built = *parsed;
      results.interpretation = built.interpretation;
      Xapian::Enquire enquire(db);
      enquire.set_query(built.query);
      if (req.collapse) enquire.set_collapse_key(schema::kValueCluster);
      if (req.sort == SortOrder::kDate)
        enquire.set_sort_by_value_then_relevance(schema::kValueDate, true);

      struct Facet {
        const char* name;
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
      };
      std::vector<Facet> facets;
      std::unique_ptr<Xapian::ValueCountMatchSpy> dates;
      // without facets, one spy still counts the documents (copies included)
      std::unique_ptr<Xapian::ValueCountMatchSpy> counter;
      if (!req.facets && req.collapse) {
        counter = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kValueLanguage);
        enquire.add_matchspy(counter.get());
      }
      std::unique_ptr<EntitySpy> entities;
      if (req.facets) {
        for (auto [name, slot] : {std::pair{"lang", schema::kValueLanguage},
                                  {"type", schema::kValueType},
                                  {"source", schema::kValueSource},
                                  {"site", schema::kValueHost}}) {
          facets.push_back({name, std::make_unique<Xapian::ValueCountMatchSpy>(slot)});
          enquire.add_matchspy(facets.back().spy.get());
        }
        dates = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kValueDate);
        enquire.add_matchspy(dates.get());
        if (!impl_->remote) {
          entities = std::make_unique<EntitySpy>();
          enquire.add_matchspy(entities.get());
        }
      }
      // Facet counts and the total are exact up to this many matches.
      const Xapian::doccount check_at_least = std::min<Xapian::doccount>(db.get_doccount(), 100000);
      Xapian::MSet mset =
          enquire.get_mset(std::max(0, req.offset), std::max(0, req.limit), check_at_least);
      results.total = mset.get_matches_estimated();
      results.documents = !facets.empty() ? facets.front().spy->get_total()
                          : counter       ? counter->get_total()
                                          : results.total;
      Xapian::Stem stem = xapian::script_stemmer();
      const std::set<std::string> entity_ids = xapian::entity_ids_of(built.query);
      std::vector<std::string> ids;
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        ids.push_back(xapian::id_of(it.get_document()));
      const Xapian::MSet marks = impl_->highlighter(req, ids, mset);
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document xd = it.get_document();
        Document d = xapian::stored_document(xd);
        SearchHit hit;
        hit.id = d.id;
        hit.title = d.title;
        for (const Location& l : d.locations) hit.locations.push_back(l.uri);
        hit.location = d.primary_location();
        hit.site = xd.get_value(schema::kValueHost);
        hit.source = d.locations.empty() ? "" : d.locations.front().source;
        hit.lang = d.language;
        hit.mime = d.mime;
        hit.type = short_type(d.mime);
        hit.date = d.date;
        hit.score = it.get_weight();
        hit.ocr = d.ocr.has_value();
        hit.cluster = xd.get_value(schema::kValueCluster);
        if (req.collapse) hit.copies = it.get_collapse_count() + 1;
        hit.page_count = static_cast<int>(d.pages.size());
        for (const Location& l : d.locations)
          if (!l.parent_id.empty()) {
            hit.parent_id = l.parent_id;
            break;
          }
        if (built.all_versions) {
          Xapian::TermIterator t = xd.termlist_begin();
          t.skip_to(std::string(schema::kOld));
          hit.current = !(t != xd.termlist_end() && *t == schema::kOld);
        }
        if (req.match_pages && d.pages.size() > 1)
          hit.pages = xapian::matching_pages(marks, d, entity_ids);
        // the snippet of a paged document from its first matching page; of others from
        // their first 32 KB (a snippet reads every word it is given). No background model:
        // it looks up the frequency of every word of the text, a third of a search's time
        const std::string_view source =
            !hit.pages.empty() && hit.pages.front() <= static_cast<int>(d.pages.size())
                ? std::string_view(d.pages[hit.pages.front() - 1])
                : std::string_view(d.text);
        std::string text = normalize_for_index(utf8_prefix(source, 32 * 1024));
        for (char& c : text)
          if (c == '\f') c = '\n';
        hit.snippet = xapian::tidy_marks(
            marks.snippet(text, req.snippet_bytes, stem,
                          Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_CJK_NGRAM, "<b>",
                          "</b>", "…"));
        hit.entities = hit_entities(d);
        results.hits.push_back(std::move(hit));
      }
      for (Facet& f : facets) {
        auto& counts = results.facets[f.name];
        for (Xapian::TermIterator t = f.spy->values_begin(); t != f.spy->values_end(); ++t)
          counts[*t] = t.get_termfreq();
      }
      if (dates) {
        auto& years = results.facets["year"];
        auto& months = results.facets["month"];
        for (Xapian::TermIterator t = dates->values_begin(); t != dates->values_end(); ++t) {
          const std::string v = *t;
          if (v.size() != 8) continue;
          years[v.substr(0, 4)] += t.get_termfreq();
          months[v.substr(0, 4) + "-" + v.substr(4, 2)] += t.get_termfreq();
        }
      }
      if (req.facets) {
        if (entities && (entities->documents_ > 0 || results.documents == 0)) {
          results.facets["entity"] = top(entities->ids_, 50);
          results.facets["entity_type"] =
              std::map<std::string, uint64_t>(entities->types_.begin(), entities->types_.end());
        } else {
          sample_entities(enquire, results);  // remote shards, or an index without the value
        }
      }
      if (results.total == 0 && !one_line(req.query).empty()) {
        results.explain = explain(*impl_, req);
      } else if (results.total == 0 && !req.filters.empty()) {
        results.explain = NoHitsExplanation{};
        results.explain->filters_match_nothing = true;  // nothing but filters
      }
      return results;
    });
  } catch (const Xapian::QueryParserError& e) {
    return make_error(ErrorCode::kCorrupt,
                      "cannot parse query '" + req.query + "': " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return fatal("search failed", e);
  }
}

}  // namespace trawl
