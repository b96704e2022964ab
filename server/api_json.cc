#include "server/api_json.h"

#include "core/dates.h"
#include "index/document_codec.h"

using json = nlohmann::json;

namespace trawl {

std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json hit_json(const SearchHit& h) {
  json entities = json::array();
  for (const HitEntity& e : h.entities)
    entities.push_back({{"id", e.id}, {"type", e.type}, {"text", e.text}, {"count", e.count}});
  return {{"id", h.id},
          {"title", h.title},
          {"location", h.location},
          {"locations", h.locations},
          {"site", h.site},
          {"source", h.source},
          {"lang", h.lang},
          {"mime", h.mime},
          {"type", h.type},
          {"date", h.date},
          {"snippet", h.snippet},
          {"score", h.score},
          {"parent_id", h.parent_id},
          {"current", h.current},
          {"ocr", h.ocr},
          {"cluster", h.cluster},
          {"copies", h.copies},
          {"page_count", h.page_count},
          {"pages", h.pages},
          {"entities", entities}};
}

json search_json(const SearchResults& r) {
  json j;
  j["query"] = r.query;
  j["interpretation"] = r.interpretation;
  j["total"] = r.total;
  j["documents"] = r.documents;
  j["hits"] = json::array();
  for (const SearchHit& h : r.hits) j["hits"].push_back(hit_json(h));
  j["facets"] = json::object();
  for (const auto& [name, counts] : r.facets) j["facets"][name] = counts;
  j["entity_labels"] = r.entity_labels;
  if (r.explain) {
    const NoHitsExplanation& e = *r.explain;
    j["explain"] = {{"no_match", e.no_match},
                    {"filters_match_nothing", e.filters_match_nothing},
                    {"relaxed", e.relaxed},
                    {"relaxed_total", e.relaxed_total}};
  }
  return j;
}

json show_json(const DocumentView& v) {
  const DocumentContext& c = v.context;
  json j = json::parse(document_to_json(v.doc, DocumentForm::kPrinted));
  j["site"] = v.site;
  j["current"] = c.current;
  j["parents"] = json::array();
  for (const auto& p : c.parents)
    j["parents"].push_back({{"id", p.id}, {"title", p.title}, {"uri", p.uri}});
  j["children"] = json::array();
  for (const ChildSummary& ch : c.children)
    j["children"].push_back(
        {{"id", ch.id}, {"inner_path", ch.inner_path}, {"title", ch.title}, {"mime", ch.mime}});
  j["history"] = json::array();
  for (const auto& h : c.history) {
    json versions = json::array();
    for (const VersionRecord& ver : h.versions)
      versions.push_back({{"id", ver.doc_id},
                          {"first_seen", format_timestamp(ver.first_seen)},
                          {"last_seen", format_timestamp(ver.last_seen)},
                          {"current", ver.current}});
    j["history"].push_back({{"uri", h.uri}, {"state", h.state}, {"versions", versions}});
  }
  return j;
}

json stats_json(const IndexStats& s, const Catalog::Counts* catalog) {
  json j = {{"documents", s.documents}, {"versions", s.versions},   {"by_language", s.by_language},
            {"by_type", s.by_type},     {"by_source", s.by_source}, {"shards", s.shards},
            {"clusters", s.clusters}};
  if (catalog) j["locations"] = catalog->by_state;
  return j;
}

json corroboration_json(const Corroboration& c) {
  json clusters = json::array();
  for (const CorroborationCluster& cl : c.clusters) {
    json docs = json::array();
    for (const auto& m : cl.documents)
      docs.push_back({{"id", m.id},
                      {"title", m.title},
                      {"location", m.location},
                      {"site", m.site},
                      {"lang", m.lang},
                      {"date", m.date}});
    clusters.push_back({{"cluster", cl.cluster},
                        {"copies", cl.copies},
                        {"documents", docs},
                        {"sites", cl.sites},
                        {"languages", cl.languages},
                        {"first_seen", cl.first_seen}});
  }
  json entities = json::array();
  for (const auto& [id, n] : c.entities) entities.push_back({{"id", id}, {"count", n}});
  return {{"query", c.query},
          {"documents", c.documents},
          {"independent_sources", c.independent_sources},
          {"clusters", clusters},
          {"languages", c.languages},
          {"first_seen", c.first_seen},
          {"last_seen", c.last_seen},
          {"timeline", c.timeline},
          {"entities", entities},
          {"entity_labels", c.entity_labels},
          {"truncated", c.truncated}};
}

json matches_json(const DocumentMatches& m) {
  json matches = json::array();
  for (const DocumentMatch& x : m.matches)
    matches.push_back(
        {{"page", x.page}, {"offset", x.offset}, {"length", x.length}, {"context", x.context}});
  return {{"id", m.id}, {"query", m.query}, {"matches", matches}, {"truncated", m.truncated}};
}

json entity_json(const EntityView& e) {
  json hits = json::array();
  for (const SearchHit& h : e.hits) hits.push_back(hit_json(h));
  json co = json::array();
  for (const auto& [id, n] : e.co_occurring) co.push_back({{"id", id}, {"count", n}});
  return {{"id", e.id},   {"name", e.name},    {"type", e.type}, {"documents", e.documents},
          {"hits", hits}, {"co_occurring", co}};
}

json batch_json(const std::vector<BatchLine>& lines) {
  json out = json::array();
  for (const BatchLine& b : lines) {
    json hits = json::array();
    for (const SearchHit& h : b.hits)
      hits.push_back({{"id", h.id},
                      {"title", h.title},
                      {"location", h.location},
                      {"lang", h.lang},
                      {"date", h.date},
                      {"snippet", h.snippet},
                      {"copies", h.copies}});
    json line = {{"line", b.line}, {"total", b.total}, {"hits", hits}};
    if (!b.error.empty()) line["error"] = b.error;
    out.push_back(std::move(line));
  }
  return {{"lines", out}};
}

}  // namespace trawl
