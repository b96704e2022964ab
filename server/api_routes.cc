// The JSON API: search, documents, matches inside a document, corroboration, entities,
// statistics, export and batch search (docs/api.md).
#include <charconv>
#include <sstream>

#include "catalog/catalog.h"
#include "core/text.h"
#include "server/api_json.h"
#include "server/routes.h"

namespace trawl::http {

namespace {

// A request that cannot be answered as asked: 400 with the reason.
struct BadRequest {
  std::string message;
};

int int_param(const httplib::Request& req, const char* name, int fallback, int lo, int hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  int n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size())
    throw BadRequest{std::string(name) + " must be a whole number, got \"" + one_line(v) + "\""};
  if (n < lo || n > hi)
    throw BadRequest{std::string(name) + " must be between " + std::to_string(lo) + " and " +
                     std::to_string(hi) + ", got " + std::to_string(n)};
  return n;
}

bool flag_param(const httplib::Request& req, const char* name, bool fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  if (v == "1" || v == "true" || v == "yes") return true;
  if (v == "0" || v == "false" || v == "no") return false;
  throw BadRequest{std::string(name) + " must be 0 or 1, got \"" + one_line(v) + "\""};
}

std::string text_param(const httplib::Request& req, const char* name, const ServeOptions& o) {
  std::string v = req.get_param_value(name);
  if (v.size() > static_cast<size_t>(o.max_query_bytes))
    throw BadRequest{std::string(name) + " is longer than " + std::to_string(o.max_query_bytes) +
                     " bytes (serve.max_query_bytes)"};
  return v;
}

// q, filter (repeatable), limit, offset, sort, collapse, facets
SearchRequest search_request(const httplib::Request& req, const ServeOptions& o) {
  SearchRequest r;
  r.query = text_param(req, "q", o);
  const size_t filters = req.get_param_value_count("filter");
  if (filters > 50) throw BadRequest{"at most 50 filters"};
  for (size_t i = 0; i < filters; ++i) {
    std::string f = req.get_param_value("filter", i);
    if (f.size() > static_cast<size_t>(o.max_query_bytes))
      throw BadRequest{"a filter is longer than serve.max_query_bytes"};
    r.filters.push_back(std::move(f));
  }
  r.limit = int_param(req, "limit", 10, 0, o.max_limit);
  r.offset = int_param(req, "offset", 0, 0, o.max_offset);
  const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "relevance";
  if (sort == "date")
    r.sort = SortOrder::kDate;
  else if (sort != "relevance")
    throw BadRequest{"sort must be relevance or date, got \"" + one_line(sort) + "\""};
  r.collapse = flag_param(req, "collapse", true);
  r.facets = flag_param(req, "facets", true);
  return r;
}

// The status an error of the service is answered with.
int status_of(const Error& e, bool document) {
  switch (e.code) {
    case ErrorCode::kCorrupt:      // a malformed query
    case ErrorCode::kUnsupported:  // an ambiguous id prefix
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kNotFound:
      return document ? 404 : 503;  // no such document; no index yet
    case ErrorCode::kTimeout:
      return 504;
    default:
      return 500;
  }
}

template <typename Fn>
void answer(httplib::Response& res, Fn&& fn) {
  try {
    fn();
  } catch (const BadRequest& b) {
    send_error(res, 400, b.message);
  }
}

std::string doc_id(const httplib::Request& req) { return ascii_lower(req.matches[1].str()); }

// A CSV cell: quoted when it must be, and a leading = + - @ defused (a spreadsheet would
// run it as a formula).
std::string csv_cell(const std::string& v) {
  std::string s = v;
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void handle_search(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  answer(res, [&] {
    SearchRequest r = search_request(req, ctx.options);
    auto results = ctx.service.search(r);
    if (!results)
      return send_error(res, status_of(results.error(), false), results.error().message);
    nlohmann::json j = search_json(*results);
    j["offset"] = r.offset;
    j["limit"] = r.limit;
    send_json(res, j);
  });
}

void handle_document(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  auto v = ctx.service.document(doc_id(req));
  if (!v) return send_error(res, status_of(v.error(), true), v.error().message);
  send_json(res, show_json(*v));
}

void handle_original(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  auto o = ctx.service.original(doc_id(req));
  if (!o) return send_error(res, status_of(o.error(), true), o.error().message);
  res.status = 200;
  // the bytes as they were: never run as part of this site (a fetched page may carry
  // scripts), never sniffed into something else
  res.set_header("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Disposition", "inline; filename=\"" + doc_id(req) + "\"");
  const std::string& mime = o->second.empty() ? "application/octet-stream" : o->second;
  res.set_content(std::move(o->first), mime);
}

void handle_document_search(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  answer(res, [&] {
    SearchRequest r = search_request(req, ctx.options);
    if (one_line(r.query).empty() && r.filters.empty())
      throw BadRequest{"q is missing: what to find in the document"};
    auto m = ctx.service.find_in_document(doc_id(req), r);
    if (!m) return send_error(res, status_of(m.error(), true), m.error().message);
    send_json(res, matches_json(*m));
  });
}

void handle_corroborate(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  answer(res, [&] {
    SearchRequest r = search_request(req, ctx.options);
    if (one_line(r.query).empty() && r.filters.empty())
      throw BadRequest{"q is missing: a query or an entity (imo:8518572)"};
    auto c = ctx.service.corroborate(r);
    if (!c) return send_error(res, status_of(c.error(), false), c.error().message);
    send_json(res, corroboration_json(*c));
  });
}

void handle_entity(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  const std::string id = req.matches[1].str();
  auto e = ctx.service.entity(id);
  if (!e) return send_error(res, status_of(e.error(), false), e.error().message);
  if (e->documents == 0) return send_error(res, 404, "no document names entity " + id);
  send_json(res, entity_json(*e));
}

void handle_stats(const httplib::Request&, httplib::Response& res, Context& ctx) {
  IndexStats s = ctx.service.stats();
  const std::optional<Catalog::Counts> counts = ctx.service.catalog_counts();
  nlohmann::json j = stats_json(s, counts ? &*counts : nullptr);
  j["indexes"] = ctx.service.indexes().size();
  send_json(res, j);
}

void handle_export(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  answer(res, [&] {
    SearchRequest r = search_request(req, ctx.options);
    constexpr size_t kMaxRows = 100000;
    const size_t max = static_cast<size_t>(int_param(req, "max", kMaxRows, 1, kMaxRows));
    std::string csv = flag_param(req, "bom", false) ? "\xEF\xBB\xBF" : "";
    csv += "id,title,location,date,language,type,copies\r\n";
    Status s = ctx.service.export_hits(r, max, [&](const ExportRow& row) {
      csv += csv_cell(row.id) + "," + csv_cell(row.title) + "," + csv_cell(row.location) + "," +
             csv_cell(row.date) + "," + csv_cell(row.lang) + "," + csv_cell(row.type) + "," +
             std::to_string(row.copies) + "\r\n";
      return true;
    });
    if (!s) return send_error(res, status_of(s.error(), false), s.error().message);
    res.status = 200;
    res.set_header("Content-Disposition", "attachment; filename=\"trawl-export.csv\"");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(std::move(csv), "text/csv; charset=utf-8");
  });
}

void handle_batch(const httplib::Request& req, httplib::Response& res, Context& ctx) {
  answer(res, [&] {
    std::vector<std::string> lines;
    const std::string type = req.get_header_value("Content-Type");
    if (type.starts_with("application/json")) {
      nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
      const nlohmann::json* list = j.is_array()                           ? &j
                                   : j.is_object() && j.contains("lines") ? &j["lines"]
                                                                          : nullptr;
      if (!list || !list->is_array())
        throw BadRequest{"the body must be a JSON list of lines, or {\"lines\": [...]}"};
      for (const auto& l : *list)
        if (l.is_string()) lines.push_back(l.get<std::string>());
    } else {
      std::istringstream in(req.body);
      std::string line;
      while (std::getline(in, line)) lines.push_back(line);
    }
    if (lines.size() > static_cast<size_t>(ctx.options.max_batch_lines))
      throw BadRequest{std::to_string(lines.size()) + " lines: at most " +
                       std::to_string(ctx.options.max_batch_lines) + " (serve.max_batch_lines)"};
    for (const std::string& l : lines)
      if (l.size() > static_cast<size_t>(ctx.options.max_query_bytes))
        throw BadRequest{"a line is longer than serve.max_query_bytes"};
    const int hits = int_param(req, "hits", 3, 0, 20);
    send_json(res, batch_json(ctx.service.batch(lines, hits)));
  });
}

void handle_healthz(const httplib::Request&, httplib::Response& res, Context& ctx) {
  send_json(res, {{"status", "ok"}, {"documents", ctx.service.document_count()}});
}

void handle_metrics(const httplib::Request&, httplib::Response& res, Context& ctx) {
  res.status = 200;
  res.set_content(ctx.metrics.text(ctx.service), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace trawl::http
