// Every route of the HTTP service (docs/api.md lists them with their parameters).
#include "server/routes.h"

#include "server/api_json.h"

namespace trawl::http {

const std::vector<Route>& routes() {
  // An id is 64 hex digits, or a unique prefix of at least 6.
  static const std::vector<Route> table = {
      // the web page
      {"GET", "/", "page", handle_page, true},
      {"GET", R"(/([a-z0-9_-]{1,64}\.(js|css|svg)))", "asset", handle_asset, true},
      // the JSON API
      {"GET", "/api/search", "search", handle_search, false},
      {"GET", R"(/api/doc/([0-9a-fA-F]{6,64}))", "doc", handle_document, false},
      {"GET", R"(/api/doc/([0-9a-fA-F]{6,64})/original)", "original", handle_original, false},
      {"GET", R"(/api/doc/([0-9a-fA-F]{6,64})/search)", "doc_search", handle_document_search,
       false},
      {"GET", "/api/corroborate", "corroborate", handle_corroborate, false},
      {"GET", R"(/api/entity/([^/]{1,300}))", "entity", handle_entity, false},
      {"GET", "/api/stats", "stats", handle_stats, false},
      {"GET", "/api/export.csv", "export", handle_export, false},
      {"POST", "/api/batch", "batch", handle_batch, false},
      // operations
      {"GET", "/healthz", "healthz", handle_healthz, true},
      {"GET", "/metrics", "metrics", handle_metrics, false},
      // extraction, as Apache Tika Server 3.x answers it
      {"GET", "/tika", "tika", handle_tika_greeting, false},
      {"PUT", "/tika", "tika", handle_tika, false},
      {"PUT", "/tika/text", "tika", handle_tika, false},
      {"PUT", R"(/rmeta(/text)?)", "rmeta", handle_rmeta, false},
      {"PUT", "/meta", "meta", handle_meta, false},
      {"PUT", "/detect/stream", "detect", handle_detect, false},
      {"PUT", "/language/stream", "language", handle_language, false},
      {"GET", "/version", "version", handle_version, false},
  };
  return table;
}

namespace {

void security_headers(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");
}

}  // namespace

void send_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  security_headers(res);
  res.set_content(dump(body), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, {{"error", message}, {"status", status}}, status);
}

}  // namespace trawl::http
