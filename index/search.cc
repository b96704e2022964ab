// The query language and search: fields, filters, names of listed entities, snippets,
// facets (docs/index-schema.md).
#include <algorithm>

#include "core/entity_id.h"
#include "core/text.h"
#include "index/index.h"
#include "index/schema.h"
#include "index/xapian_reader.h"
#include "index/xapian_terms.h"

namespace trawl {

using xapian::bounded_term;
using xapian::fatal;
using xapian::is_cjk;

namespace {

// A boolean filter whose value is case-insensitive (lang:KO, type:PDF, site:Example.org).
class LowercaseFilter : public Xapian::FieldProcessor {
 public:
  explicit LowercaseFilter(std::string prefix) : prefix_(std::move(prefix)) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(bounded_term(prefix_, ascii_lower(value)));
  }

 private:
  std::string prefix_;
};

// path: takes a folder or file path; a trailing slash is ignored.
class PathFilter : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    std::string v = value;
    while (v.size() > 1 && v.back() == '/') v.pop_back();
    return Xapian::Query(bounded_term(schema::kPath, v));
  }
};

// imo:8518572, unscr:2397, mmsi:..., hs:2701: one entity id, "<field>:<value>".
class EntityIdFilter : public Xapian::FieldProcessor {
 public:
  explicit EntityIdFilter(std::string field) : field_(std::move(field)) {}
  Xapian::Query operator()(const std::string& value) override {
    // entity:KIND:VALUE takes any id; a known kind's value is made canonical as the taggers do
    const std::string id =
        field_ == "entity" ? canonical_entity_id(value) : canonical_entity_id(field_, value);
    if (id.empty()) return Xapian::Query::MatchNothing;
    // the documents tagged with it, and those tagged with something narrower (subheadings)
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(bounded_term(schema::kEntity, id)),
                         Xapian::Query(bounded_term(schema::kEntityBroader, id)));
  }

 private:
  std::string field_;
};

// vessel:"NEW REGENT", org:"...", person:"...", place:"...": the ids the name resolves to
// (lists, any script) and the id a name on no list gets.
class EntityNameFilter : public Xapian::FieldProcessor {
 public:
  EntityNameFilter(std::string type, const NameResolver* resolver)
      : type_(std::move(type)), resolver_(resolver) {}
  Xapian::Query operator()(const std::string& value) override {
    // only entities/ knows how names become ids: without a resolver nothing matches
    if (!resolver_ || !*resolver_) return Xapian::Query::MatchNothing;
    const std::vector<std::string> ids = (*resolver_)(type_, value);
    if (ids.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> parts;
    for (const std::string& id : ids) parts.emplace_back(bounded_term(schema::kEntity, id));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

 private:
  std::string type_;
  const NameResolver* resolver_;
};

// Tidies highlight marks of CJK n-grams: adjacent marks merge ("<b>북</b><b>한</b>" ->
// "<b>북한</b>"), and a mark around one lone syllable is dropped: the query's unigrams
// (한, 선) match inside unrelated words and would mark noise everywhere.
std::string tidy_marks(std::string s) {
  static const std::string kJoin = "</b><b>", kOpen = "<b>", kClose = "</b>";
  for (size_t pos = s.find(kJoin); pos != std::string::npos; pos = s.find(kJoin, pos))
    s.erase(pos, kJoin.size());
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    size_t open = s.find(kOpen, pos);
    if (open == std::string::npos) break;
    size_t close = s.find(kClose, open + kOpen.size());
    if (close == std::string::npos) break;
    std::string_view inner(s.data() + open + kOpen.size(), close - open - kOpen.size());
    size_t p = 0;
    char32_t first = inner.empty() ? 0 : next_code_point(inner, p);
    bool lone_cjk = !inner.empty() && p == inner.size() && is_cjk(first);
    out.append(s, pos, open - pos);
    if (lone_cjk)
      out += inner;
    else
      out.append(s, open, close + kClose.size() - open);
    pos = close + kClose.size();
  }
  out.append(s, pos, std::string::npos);
  return out;
}

// Takes `versions:all` and `versions:current` out of a query: they choose which versions
// a search sees, they do not match terms.
std::string strip_versions(const std::string& query, bool* all) {
  std::string out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t at = query.find("versions:", pos);
    if (at == std::string::npos || (at > 0 && query[at - 1] != ' ' && query[at - 1] != '(')) {
      if (at == std::string::npos) {
        out.append(query, pos, std::string::npos);
        break;
      }
      out.append(query, pos, at + 9 - pos);
      pos = at + 9;
      continue;
    }
    size_t end = query.find_first_of(" )", at);
    if (end == std::string::npos) end = query.size();
    const std::string value = ascii_lower(std::string_view(query).substr(at + 9, end - at - 9));
    if (value == "all") *all = true;
    out.append(query, pos, at - pos);
    pos = end;
  }
  return out;
}

}  // namespace

void IndexReader::Impl::setup_parser() {
  qp = Xapian::QueryParser();
  qp.set_database(db);
  qp.set_stemmer(xapian::script_stemmer());
  // STEM_ALL_Z: with STEM_SOME the parser leaves capitalised words unstemmed, so
  // "Кореи" would miss "Корея".
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_boolean_prefix("lang", new LowercaseFilter(std::string(schema::kLanguage)));
  qp.add_boolean_prefix("type", new LowercaseFilter(std::string(schema::kType)));
  qp.add_boolean_prefix("site", new LowercaseFilter(std::string(schema::kHost)));
  qp.add_boolean_prefix("path", new PathFilter);
  qp.add_boolean_prefix("source", std::string(schema::kSource));
  qp.add_boolean_prefix("ocr", new LowercaseFilter(std::string(schema::kOcr)));
  qp.add_boolean_prefix("id", std::string(schema::kId));
  qp.add_boolean_prefix("url", std::string(schema::kUrl));
  qp.add_boolean_prefix("parent", new LowercaseFilter(std::string(schema::kParent)));
  qp.add_prefix("title", std::string(schema::kTitle));
  for (const char* f : {"imo", "unscr", "mmsi", "hs", "callsign", "entity"})
    qp.add_boolean_prefix(f, new EntityIdFilter(f));
  for (const char* t : {"vessel", "org", "person", "place"})
    qp.add_boolean_prefix(t, new EntityNameFilter(t, &resolver));
  qp.add_rangeprocessor(new Xapian::DateRangeProcessor(schema::kValueDate, "date:"));
}

Result<SearchResults> IndexReader::search(const SearchRequest& req) {
  SearchResults results;
  results.query = req.query;
  try {
    return impl_->with_retry([&]() -> Result<SearchResults> {
      Xapian::Database& db = impl_->db;
      bool all_versions = false;
      const std::string q = strip_versions(req.query, &all_versions);
      std::string qtext = prepare_query_text(q);
      Xapian::Query query;
      try {
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM |
                         Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_WILDCARD;
        impl_->resolver = req.resolve_name;
        query = impl_->qp.parse_query(qtext, flags);
        // names of listed entities in the free text: also the documents that name the
        // entity in another script (their entity terms), with the rest of the query
        if (!req.expansions.empty()) {
          std::string rest = q;
          std::vector<Xapian::Query> entity_parts;
          for (const QueryEntity& qe : req.expansions) {
            if (qe.ids.empty()) continue;
            std::vector<Xapian::Query> ids;
            for (const std::string& id : qe.ids)
              ids.emplace_back(bounded_term(schema::kEntity, id));
            entity_parts.emplace_back(Xapian::Query::OP_OR, ids.begin(), ids.end());
            if (auto at = rest.find(qe.text); at != std::string::npos)
              rest.replace(at, qe.text.size(), " ");
          }
          if (!entity_parts.empty()) {
            Xapian::Query entities(Xapian::Query::OP_AND, entity_parts.begin(), entity_parts.end());
            if (!one_line(rest).empty()) {
              Xapian::Query others = impl_->qp.parse_query(prepare_query_text(rest), flags);
              if (!others.empty())
                entities = Xapian::Query(Xapian::Query::OP_AND, entities, others);
            }
            query = query.empty() ? entities : Xapian::Query(Xapian::Query::OP_OR, query, entities);
          }
        }
        impl_->resolver = nullptr;
      } catch (const Xapian::QueryParserError& e) {
        impl_->resolver = nullptr;
        return make_error(ErrorCode::kCorrupt,
                          "cannot parse query '" + req.query + "': " + e.get_msg());
      }
      if (query.empty()) query = Xapian::Query::MatchAll;
      // earlier and gone versions only when asked for
      if (!all_versions)
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                              Xapian::Query(std::string(schema::kOld)));
      Xapian::Enquire enquire(db);
      enquire.set_query(query);

      struct Facet {
        const char* name;
        unsigned slot;
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
      };
      std::vector<Facet> facets;
      if (req.facets) {
        for (auto [name, slot] : {std::pair{"lang", schema::kValueLanguage},
                                  {"type", schema::kValueType},
                                  {"source", schema::kValueSource},
                                  {"site", schema::kValueHost}}) {
          facets.push_back({name, slot, std::make_unique<Xapian::ValueCountMatchSpy>(slot)});
          enquire.add_matchspy(facets.back().spy.get());
        }
      }
      // Facet counts and the total are exact up to this many matches.
      const Xapian::doccount check_at_least = std::min<Xapian::doccount>(db.get_doccount(), 100000);
      Xapian::MSet mset =
          enquire.get_mset(std::max(0, req.offset), std::max(0, req.limit), check_at_least);
      results.total = mset.get_matches_estimated();
      Xapian::Stem stem = xapian::script_stemmer();
      for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        Document d = xapian::stored_document(it.get_document());
        SearchHit hit;
        hit.id = d.id;
        hit.title = d.title;
        for (const Location& l : d.locations) hit.locations.push_back(l.uri);
        hit.location = d.primary_location();
        hit.lang = d.language;
        hit.mime = d.mime;
        hit.date = d.date;
        hit.score = it.get_weight();
        for (const Location& l : d.locations)
          if (!l.parent_id.empty()) {
            hit.parent_id = l.parent_id;
            break;
          }
        if (all_versions) {
          Xapian::Document xd = it.get_document();
          Xapian::TermIterator t = xd.termlist_begin();
          t.skip_to(std::string(schema::kOld));
          hit.current = !(t != xd.termlist_end() && *t == schema::kOld);
        }
        std::string text = normalize_for_index(utf8_prefix(d.text, 256 * 1024));
        for (char& c : text)
          if (c == '\f') c = '\n';
        hit.snippet = tidy_marks(mset.snippet(text, req.snippet_bytes, stem,
                                              Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                                  Xapian::MSet::SNIPPET_EXHAUSTIVE |
                                                  Xapian::MSet::SNIPPET_CJK_NGRAM,
                                              "<b>", "</b>", "…"));
        results.hits.push_back(std::move(hit));
      }
      for (Facet& f : facets) {
        auto& counts = results.facets[f.name];
        for (Xapian::TermIterator t = f.spy->values_begin(); t != f.spy->values_end(); ++t)
          counts[*t] = t.get_termfreq();
      }
      if (req.facets) {
        // entities: multi-valued, so counted from the entity terms of the best matches
        // (the first kEntityFacetDocs) rather than a value slot
        constexpr Xapian::doccount kEntityFacetDocs = 1000;
        Xapian::MSet top = enquire.get_mset(0, kEntityFacetDocs);
        std::map<std::string, uint64_t> counts;
        const std::string prefix(schema::kEntity);
        for (Xapian::MSetIterator it = top.begin(); it != top.end(); ++it) {
          Xapian::Document xd = it.get_document();
          for (Xapian::TermIterator t = xd.termlist_begin(); t != xd.termlist_end(); ++t) {
            t.skip_to(prefix);
            if (t == xd.termlist_end()) break;
            const std::string term = *t;
            if (term.compare(0, prefix.size(), prefix) != 0) break;
            ++counts[term.substr(prefix.size())];
          }
        }
        // the 50 most frequent
        std::vector<std::pair<uint64_t, std::string>> ranked;
        for (auto& [id, n] : counts) ranked.emplace_back(n, id);
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
          return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        auto& facet = results.facets["entity"];
        for (size_t i = 0; i < ranked.size() && i < 50; ++i)
          facet[ranked[i].second] = ranked[i].first;
      }
      return results;
    });
  } catch (const Xapian::Error& e) {
    return fatal("search failed", e);
  }
}

}  // namespace trawl
