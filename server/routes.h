// Inside server/ only: the routes of the HTTP service and what their handlers share.
// routes.cc holds the one table; the handlers live by area: api_routes.cc (search,
// documents, corroboration, export, batch), tika.cc (extraction), page.cc (the web page,
// /healthz, /metrics).
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/metrics.h"
#include "server/search_service.h"

namespace trawl::http {

class Extraction;  // tika.cc: Processors for the extraction endpoints

struct Context {
  SearchService& service;
  Metrics& metrics;
  Extraction& extraction;
  const ServeOptions& options;
};

using Handler = void (*)(const httplib::Request&, httplib::Response&, Context&);

struct Route {
  const char* method;   // "GET", "PUT", "POST"
  const char* pattern;  // cpp-httplib's: a regular expression over the path
  const char* name;     // for /metrics and docs/api.md
  Handler handler;
  bool open;  // served without the token (the page's files, /healthz)
};

const std::vector<Route>& routes();

// Answers, with the headers every answer has.
void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
// {"error": message, "status": status}
void send_error(httplib::Response& res, int status, const std::string& message);

// The handlers.
void handle_search(const httplib::Request&, httplib::Response&, Context&);
void handle_document(const httplib::Request&, httplib::Response&, Context&);
void handle_original(const httplib::Request&, httplib::Response&, Context&);
void handle_document_search(const httplib::Request&, httplib::Response&, Context&);
void handle_corroborate(const httplib::Request&, httplib::Response&, Context&);
void handle_entity(const httplib::Request&, httplib::Response&, Context&);
void handle_stats(const httplib::Request&, httplib::Response&, Context&);
void handle_export(const httplib::Request&, httplib::Response&, Context&);
void handle_batch(const httplib::Request&, httplib::Response&, Context&);
void handle_healthz(const httplib::Request&, httplib::Response&, Context&);
void handle_metrics(const httplib::Request&, httplib::Response&, Context&);
void handle_page(const httplib::Request&, httplib::Response&, Context&);
void handle_asset(const httplib::Request&, httplib::Response&, Context&);
void handle_tika(const httplib::Request&, httplib::Response&, Context&);
void handle_tika_greeting(const httplib::Request&, httplib::Response&, Context&);
void handle_rmeta(const httplib::Request&, httplib::Response&, Context&);
void handle_meta(const httplib::Request&, httplib::Response&, Context&);
void handle_detect(const httplib::Request&, httplib::Response&, Context&);
void handle_language(const httplib::Request&, httplib::Response&, Context&);
void handle_version(const httplib::Request&, httplib::Response&, Context&);

}  // namespace trawl::http
