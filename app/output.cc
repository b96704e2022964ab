#include "app/output.h"

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/dates.h"
#include "core/text.h"
#include "index/document_codec.h"

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
    if (starts("<b>")) {
      out += color ? "\033[1m" : "[";
      i += 3;
    } else if (starts("</b>")) {
      out += color ? "\033[0m" : "]";
      i += 4;
    } else if (starts("&amp;")) {
      out += '&';
      i += 5;
    } else if (starts("&lt;")) {
      out += '<';
      i += 4;
    } else if (starts("&gt;")) {
      out += '>';
      i += 4;
    } else if (starts("&quot;")) {
      out += '"';
      i += 6;
    } else if (starts("&#39;")) {
      out += '\'';
      i += 5;
    } else if (s[i] == '\n') {
      out += ' ';
      ++i;
    } else
      out += s[i++];
  }
  return out;
}

}  // namespace

std::string document_json(const Document& doc, const std::vector<Document>& children) {
  if (children.empty()) return document_to_json(doc, DocumentForm::kPrinted);
  json j = json::parse(document_to_json(doc, DocumentForm::kPrinted));
  j["children"] = json::array();
  for (const Document& c : children)
    j["children"].push_back(json::parse(document_to_json(c, DocumentForm::kPrinted)));
  return dump(j, 2);
}

std::string outcome_json_line(const DocumentOutcome& o) {
  json j = {{"path", o.path},
            {"id", o.id},
            {"status", std::string(outcome_name(o.outcome))},
            {"reason", o.error ? o.error->error.message : o.cut}};
  if (o.error) {
    j["stage"] = std::string(stage_name(o.error->stage));
    j["code"] = std::string(error_code_name(o.error->error.code));
  }
  if (!o.cut.empty()) j["cut"] = o.cut;
  if (!o.mime.empty()) j["mime"] = o.mime;
  if (!o.language.empty() && o.outcome != Outcome::kFailed) j["lang"] = o.language;
  if (!o.parent_id.empty()) j["parent_id"] = o.parent_id;
  j["warnings"] = o.warnings;
  return dump(j);
}

std::string search_text(const SearchResults& r, bool color) {
  std::ostringstream os;
  os << r.total << (r.total == 1 ? " result" : " results") << " for '" << r.query << "'";
  if (r.documents > r.total) os << " (" << r.documents << " documents with copies)";
  if (r.interpretation != one_line(r.query) && !r.interpretation.empty())
    os << "\n   searched as: " << r.interpretation;
  os << "\n";
  if (r.explain) {
    for (const std::string& w : r.explain->no_match) os << "   no document has " << w << "\n";
    if (r.explain->filters_match_nothing) os << "   no document passes the filters\n";
    if (!r.explain->relaxed.empty())
      os << "   try: " << r.explain->relaxed << "  (" << r.explain->relaxed_total
         << (r.explain->relaxed_total == 1 ? " result" : " results") << ")\n";
  }
  int n = 0;
  for (const SearchHit& h : r.hits) {
    os << "\n"
       << ++n << ". " << (h.title.empty() ? "(no title)" : h.title) << "  [" << h.lang << ", "
       << short_type(h.mime) << (h.date.empty() ? "" : ", " + h.date) << "]\n";
    os << "   " << h.location;
    if (h.locations.size() > 1) os << "  (+" << h.locations.size() - 1 << " more)";
    os << "\n   id " << h.id.substr(0, 12);
    if (h.copies > 1) os << "  (" << h.copies << " copies: cluster:" << h.cluster << ")";
    if (!h.pages.empty()) {
      os << "  pages";
      for (size_t i = 0; i < h.pages.size() && i < 10; ++i) os << (i ? "," : " ") << h.pages[i];
      if (h.pages.size() > 10) os << ",...";
    }
    os << "\n";
    if (!h.snippet.empty()) os << "   " << snippet_for_terminal(h.snippet, color) << "\n";
  }
  return os.str();
}

std::string corroboration_text(const Corroboration& c) {
  std::ostringstream os;
  os << c.documents << (c.documents == 1 ? " document" : " documents") << " for '" << c.query
     << "' from " << c.independent_sources
     << (c.independent_sources == 1 ? " independent source" : " independent sources");
  if (!c.first_seen.empty()) os << ", " << c.first_seen << " to " << c.last_seen;
  os << "\n";
  if (!c.languages.empty()) {
    os << "languages:";
    for (const auto& [lang, n] : c.languages) os << " " << lang << " " << n;
    os << "\n";
  }
  int n = 0;
  for (const CorroborationCluster& cl : c.clusters) {
    if (++n > 30) {
      os << "... " << c.clusters.size() - 30 << " more\n";
      break;
    }
    const auto& first = cl.documents.front();
    os << "\n"
       << n << ". " << (cl.first_seen.empty() ? "undated   " : cl.first_seen) << "  "
       << (first.title.empty() ? "(no title)" : first.title);
    if (cl.copies > 1) os << "  [" << cl.copies << " copies]";
    os << "\n   ";
    for (size_t i = 0; i < cl.sites.size() && i < 6; ++i) os << (i ? ", " : "") << cl.sites[i];
    if (cl.sites.empty()) os << first.location;
    os << "\n";
  }
  if (!c.entities.empty()) {
    os << "\nentities (sources naming them):";
    for (size_t i = 0; i < c.entities.size() && i < 12; ++i)
      os << (i ? ", " : " ") << c.entities[i].first << " " << c.entities[i].second;
    os << "\n";
  }
  return os.str();
}

std::string document_text(const Document& doc, const DocumentContext* context) {
  std::ostringstream os;
  os << "id:        " << doc.id << "\n";
  os << "title:     " << doc.title << "\n";
  os << "type:      " << doc.mime << (doc.encoding.empty() ? "" : " (" + doc.encoding + ")")
     << "\n";
  os << "language:  " << doc.language;
  if (doc.language != "und")
    os << " (" << static_cast<int>(doc.language_confidence * 100 + 0.5) << "%)";
  os << "\n";
  // an e-mail's headers, as a mail reader shows them
  for (const char* h : {"from", "to", "cc"}) {
    auto it = doc.metadata.find(h);
    if (it != doc.metadata.end() && !it->second.empty())
      os << h << ":" << std::string(10 - std::string_view(h).size(), ' ') << it->second << "\n";
  }
  if (!doc.date.empty()) os << "date:      " << doc.date << "\n";
  os << "size:      " << doc.size << " bytes\n";
  if (!doc.pages.empty()) os << "pages:     " << doc.pages.size() << "\n";
  if (doc.ocr) {
    os << "ocr:       " << doc.ocr->pages.size()
       << (doc.ocr->pages.size() == 1 ? " page" : " pages") << ", " << doc.ocr->languages
       << ", mean confidence " << static_cast<int>(doc.ocr->mean_confidence + 0.5) << "\n";
  }
  if (context && !context->current) os << "version:   earlier (no location holds it now)\n";
  os << "locations:\n";
  for (const Location& l : doc.locations) {
    os << "  - [" << l.source << "] " << l.uri << "\n";
    const FetchRecord& f = l.fetch;
    os << "    seen " << (f.seen_at ? format_timestamp(f.seen_at) : "?");
    if (f.modified_at) os << ", modified " << format_timestamp(f.modified_at);
    if (f.http_status) os << ", HTTP " << f.http_status;
    if (!f.ip.empty()) os << ", " << f.ip;
    if (!f.warc_file.empty()) os << ", " << f.warc_file << " @" << f.warc_offset;
    os << "\n";
  }
  if (context) {
    if (!context->parents.empty()) {
      os << "inside:\n";
      for (const auto& p : context->parents)
        os << "  - " << p.id.substr(0, 12) << "  " << (p.title.empty() ? p.uri : p.title) << "\n";
    }
    if (!context->children.empty()) {
      const bool mail =
          doc.mime.starts_with("message/") || doc.mime == "application/vnd.ms-outlook";
      os << (doc.mime == "application/mbox" ? "messages:  "
             : mail                         ? "attachments: "
                                            : "members:   ")
         << context->children.size() << "\n";
      for (const ChildSummary& c : context->children)
        os << "  - " << c.id.substr(0, 12) << "  " << c.inner_path << "  [" << short_type(c.mime)
           << "]\n";
    }
    for (const auto& h : context->history) {
      if (h.versions.size() < 2 && h.state != "gone") continue;
      os << "history of " << h.uri << (h.state == "gone" ? " (gone)" : "") << ":\n";
      for (const VersionRecord& v : h.versions)
        os << "  - " << v.doc_id.substr(0, 12) << "  seen " << format_timestamp(v.first_seen)
           << " .. " << format_timestamp(v.last_seen) << (v.current ? "  (current)" : "") << "\n";
    }
  }
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

std::string stats_text(const IndexStats& s, const Catalog::Counts* catalog) {
  std::ostringstream os;
  os << "documents: " << s.documents << " current, " << s.versions << " versions (" << s.shards
     << (s.shards == 1 ? " shard" : " shards") << ")\n";
  if (catalog) {
    os << "locations:";
    for (const auto& [state, n] : catalog->by_state) os << " " << state << " " << n;
    os << "\n";
  }
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
