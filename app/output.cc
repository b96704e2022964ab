#include "app/output.h"

#include <nlohmann/json.hpp>
#include <map>
#include <sstream>

#include "core/dates.h"
#include "core/text.h"

using json = nlohmann::json;

namespace trawl {
namespace {

std::string dump(const json& j, int indent = -1) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

// Undoes the HTML escaping of a snippet for a terminal, turning marks into bold.
std::string snippet_for_terminal(const std::string& s, bool color) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto starts = [&](std::string_view w) { return std::string_view(s).substr(i).starts_with(w); };
    if (starts("<b>")) { out += color ? "\033[1m" : "["; i += 3; }
    else if (starts("</b>")) { out += color ? "\033[0m" : "]"; i += 4; }
    else if (starts("&amp;")) { out += '&'; i += 5; }
    else if (starts("&lt;")) { out += '<'; i += 4; }
    else if (starts("&gt;")) { out += '>'; i += 4; }
    else if (starts("&quot;")) { out += '"'; i += 6; }
    else if (starts("&#39;")) { out += '\''; i += 5; }
    else if (s[i] == '\n') { out += ' '; ++i; }
    else out += s[i++];
  }
  return out;
}

}  // namespace

std::string document_json(const Document& doc, bool with_text) {
  json j;
  j["id"] = doc.id;
  j["mime"] = doc.mime;
  j["encoding"] = doc.encoding;
  j["language"] = doc.language;
  j["language_confidence"] = doc.language_confidence;
  j["title"] = doc.title;
  j["date"] = doc.date;
  j["size"] = doc.size;
  if (with_text) {
    j["text"] = doc.text;
    j["pages"] = doc.pages;
  }
  j["metadata"] = doc.metadata;
  j["warnings"] = doc.warnings;
  j["links"] = doc.links;
  if (doc.ocr) {
    json pages = json::array();
    for (const OcrPageInfo& p : doc.ocr->pages)
      pages.push_back({{"page", p.page}, {"confidence", p.confidence}, {"languages", p.languages}, {"rotation", p.rotation}});
    j["ocr"] = {{"pages", pages}, {"languages", doc.ocr->languages}, {"mean_confidence", doc.ocr->mean_confidence}};
  } else {
    j["ocr"] = nullptr;
  }
  j["entities"] = json::array();
  for (const Entity& e : doc.entities) {
    json ej = {{"type", e.type}, {"text", e.text}, {"id", e.id}, {"start", e.start}, {"end", e.end}, {"source", e.source}};
    if (e.confidence < 1.0) ej["confidence"] = e.confidence;
    if (!e.detail.empty()) ej["detail"] = e.detail;
    j["entities"].push_back(std::move(ej));
  }
  j["locations"] = json::array();
  for (const Location& l : doc.locations) {
    json lj = {{"source", l.source}, {"uri", l.uri}};
    if (!l.parent_id.empty()) lj["parent_id"] = l.parent_id;
    if (!l.inner_path.empty()) lj["inner_path"] = l.inner_path;
    j["locations"].push_back(lj);
  }
  json prov;
  if (doc.provenance.fetched_at) prov["fetched_at"] = format_timestamp(doc.provenance.fetched_at);
  if (doc.provenance.modified_at) prov["modified_at"] = format_timestamp(doc.provenance.modified_at);
  if (doc.provenance.http_status) prov["http_status"] = doc.provenance.http_status;
  if (!doc.provenance.headers.empty()) prov["headers"] = doc.provenance.headers;
  if (!doc.provenance.warc_file.empty()) {
    prov["warc_file"] = doc.provenance.warc_file;
    prov["warc_offset"] = doc.provenance.warc_offset;
  }
  j["provenance"] = prov.is_null() ? json::object() : prov;
  if (doc.error) {
    j["error"] = {{"stage", doc.error->stage},
                  {"code", std::string(error_code_name(doc.error->error.code))},
                  {"message", doc.error->error.message}};
  }
  return dump(j, 2);
}

std::string outcome_json_line(const DocumentOutcome& o) {
  json j = {{"path", o.path}, {"id", o.id}, {"status", o.status}, {"reason", o.reason}};
  if (!o.stage.empty()) j["stage"] = o.stage;
  if (!o.code.empty()) j["code"] = o.code;
  if (!o.mime.empty()) j["mime"] = o.mime;
  if (!o.language.empty() && o.status != "failed") j["lang"] = o.language;
  j["warnings"] = o.warnings;
  return dump(j);
}

std::string search_json(const SearchResults& r) {
  json j;
  j["query"] = r.query;
  j["total"] = r.total;
  j["hits"] = json::array();
  for (const SearchHit& h : r.hits) {
    j["hits"].push_back({{"id", h.id},
                         {"title", h.title},
                         {"location", h.location},
                         {"locations", h.locations},
                         {"lang", h.lang},
                         {"mime", h.mime},
                         {"date", h.date},
                         {"snippet", h.snippet},
                         {"score", h.score}});
  }
  j["facets"] = json::object();
  for (const auto& [name, counts] : r.facets) j["facets"][name] = counts;
  return dump(j, 2);
}

std::string stats_json(const IndexStats& s) {
  json j = {{"documents", s.documents},   {"by_language", s.by_language},
            {"by_type", s.by_type},       {"by_source", s.by_source},
            {"shards", s.shards}};
  return dump(j, 2);
}

std::string search_text(const SearchResults& r, bool color) {
  std::ostringstream os;
  os << r.total << (r.total == 1 ? " result" : " results") << " for '" << r.query << "'\n";
  int n = 0;
  for (const SearchHit& h : r.hits) {
    os << "\n" << ++n << ". " << (h.title.empty() ? "(no title)" : h.title) << "  [" << h.lang
       << ", " << short_type(h.mime) << (h.date.empty() ? "" : ", " + h.date) << "]\n";
    os << "   " << h.location;
    if (h.locations.size() > 1) os << "  (+" << h.locations.size() - 1 << " more)";
    os << "\n   id " << h.id.substr(0, 12) << "\n";
    if (!h.snippet.empty()) os << "   " << snippet_for_terminal(h.snippet, color) << "\n";
  }
  return os.str();
}

std::string document_text(const Document& doc) {
  std::ostringstream os;
  os << "id:        " << doc.id << "\n";
  os << "title:     " << doc.title << "\n";
  os << "type:      " << doc.mime << (doc.encoding.empty() ? "" : " (" + doc.encoding + ")") << "\n";
  os << "language:  " << doc.language;
  if (doc.language != "und") os << " (" << static_cast<int>(doc.language_confidence * 100 + 0.5) << "%)";
  os << "\n";
  if (!doc.date.empty()) os << "date:      " << doc.date << "\n";
  os << "size:      " << doc.size << " bytes\n";
  if (!doc.pages.empty()) os << "pages:     " << doc.pages.size() << "\n";
  if (doc.ocr) {
    os << "ocr:       " << doc.ocr->pages.size() << (doc.ocr->pages.size() == 1 ? " page" : " pages") << ", "
       << doc.ocr->languages << ", mean confidence " << static_cast<int>(doc.ocr->mean_confidence + 0.5) << "\n";
  }
  if (doc.provenance.fetched_at) os << "fetched:   " << format_timestamp(doc.provenance.fetched_at) << "\n";
  if (doc.provenance.modified_at) os << "modified:  " << format_timestamp(doc.provenance.modified_at) << "\n";
  os << "locations:\n";
  for (const Location& l : doc.locations) os << "  - [" << l.source << "] " << l.uri << "\n";
  if (!doc.metadata.empty()) {
    os << "metadata:\n";
    for (const auto& [k, v] : doc.metadata) os << "  " << k << ": " << v << "\n";
  }
  if (!doc.entities.empty()) {
    // each id once, with how often and how it was first written
    std::map<std::string, std::pair<const Entity*, int>> seen;
    std::vector<std::string> order;
    for (const Entity& e : doc.entities) {
      auto [it, fresh] = seen.try_emplace(e.id, &e, 0);
      if (fresh) order.push_back(e.id);
      ++it->second.second;
    }
    os << "entities:  " << doc.entities.size() << " (" << order.size() << " distinct)\n";
    for (const std::string& id : order) {
      const auto& [e, n] = seen[id];
      os << "  - " << e->type << "  " << id << "  \"" << one_line(e->text) << "\"";
      if (n > 1) os << " x" << n;
      if (e->source == "heuristic") os << " (heuristic)";
      if (!e->detail.empty()) os << " [" << e->detail << "]";
      os << "\n";
    }
  }
  if (!doc.warnings.empty()) {
    os << "warnings:\n";
    for (const std::string& w : doc.warnings) os << "  - " << w << "\n";
  }
  os << "\n";
  if (doc.pages.size() > 1) {
    for (size_t i = 0; i < doc.pages.size(); ++i)
      os << "--- page " << i + 1 << " ---\n" << doc.pages[i] << "\n";
  } else {
    os << doc.text << "\n";
  }
  return os.str();
}

std::string stats_text(const IndexStats& s) {
  std::ostringstream os;
  os << "documents: " << s.documents << " (" << s.shards << (s.shards == 1 ? " shard" : " shards") << ")\n";
  auto table = [&](const char* name, const std::map<std::string, uint64_t>& m) {
    os << name << ":\n";
    for (const auto& [k, v] : m) os << "  " << k << ": " << v << "\n";
  };
  table("by language", s.by_language);
  table("by type", s.by_type);
  table("by source", s.by_source);
  return os.str();
}

}  // namespace trawl
