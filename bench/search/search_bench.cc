// The in-process baseline of bench/search: runs a query mix through the same searches
// GET /api/search makes, without HTTP, and prints per-query latency as JSON.
//
//   search_bench --data DIR --queries FILE [--iterations N] [--mode MODE] [--variants]
//                [--url http://127.0.0.1:PORT] [--out FILE]
//
// MODE (repeatable, default "service reader"):
//   service  SearchService::search (what the API handler calls: query understanding with
//            the lists' and gazetteer's names, the reader pool), then the answer's JSON
//            (search_json + dump) timed apart
//   reader   IndexReader::search on IndexReader::open(DIR + "/index"), no names resolved
//   http     GET /api/search on --url with one kept-alive connection (httplib::Client):
//            the same searches, per query, over HTTP
//
// The query file has one search a line: the query, then tab-separated parameters as the
// API takes them (filter=..., repeatable; sort=date; offset=N; limit=N; collapse=0;
// facets=0). Lines starting with '#' and empty lines are skipped.
//
// The request is the one server/api_routes.cc search_request() builds: limit 10, offset
// 0, facets and collapse on, match_pages on, the default snippet size.
//
// --variants: the reader mode again with parts switched off (facets=0; limit=0, i.e. no
// hits, so no stored documents, snippets or entity chips; collapse=0), to show where the
// time goes. Each run of the mix is preceded by one warm-up pass that is not counted.
// Exit status: 0 when it ran (whatever the figures), 2 on bad arguments, 1 when the
// index cannot be opened.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "index/index.h"
#include "server/api_json.h"
#include "server/search_service.h"

namespace {

using Clock = std::chrono::steady_clock;
using trawl::SearchRequest;

struct Query {
  std::string line;  // as written in the file
  std::string q;
  std::vector<std::pair<std::string, std::string>> params;  // as the API takes them
  SearchRequest request;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "search_bench: " << why
            << "\nusage: search_bench --data DIR --queries FILE [--iterations N] [--mode "
               "service|reader|http]... [--variants] [--url URL] [--out FILE]\n";
  std::exit(2);
}

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = s.find('\t', start);
    out.push_back(s.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

// The SearchRequest of server/api_routes.cc search_request() for these parameters.
SearchRequest request_of(const Query& q) {
  SearchRequest r;
  r.query = q.q;
  for (const auto& [k, v] : q.params) {
    if (k == "filter")
      r.filters.push_back(v);
    else if (k == "limit")
      r.limit = std::stoi(v);
    else if (k == "offset")
      r.offset = std::stoi(v);
    else if (k == "sort")
      r.sort = v == "date" ? trawl::SortOrder::kDate : trawl::SortOrder::kRelevance;
    else if (k == "collapse")
      r.collapse = v == "1";
    else if (k == "facets")
      r.facets = v == "1";
    else
      usage("unknown parameter '" + k + "' in the query file");
  }
  return r;
}

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) usage("cannot read " + path);
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    Query q;
    q.line = line;
    std::vector<std::string> f = split_tabs(line);
    q.q = f[0];
    for (size_t i = 1; i < f.size(); ++i) {
      if (f[i].empty()) continue;
      size_t eq = f[i].find('=');
      if (eq == std::string::npos) usage("a parameter needs NAME=VALUE: '" + f[i] + "'");
      q.params.emplace_back(f[i].substr(0, eq), f[i].substr(eq + 1));
    }
    q.request = request_of(q);
    out.push_back(std::move(q));
  }
  if (out.empty()) usage("no queries in " + path);
  return out;
}

double quantile(std::vector<double> v, double p) {  // nearest rank
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

nlohmann::json summary(const std::vector<double>& ms) {
  double sum = 0;
  for (double x : ms) sum += x;
  return {{"n", ms.size()},
          {"p50_ms", quantile(ms, 0.50)},
          {"p95_ms", quantile(ms, 0.95)},
          {"p99_ms", quantile(ms, 0.99)},
          {"max_ms", ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end())},
          {"mean_ms", ms.empty() ? 0 : sum / static_cast<double>(ms.size())}};
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// One search: its time in ms, and what it found (for the report's sanity columns).
struct Outcome {
  double ms = 0;
  double json_ms = 0;  // service mode: search_json + dump
  size_t json_bytes = 0;
  uint64_t total = 0, documents = 0;
  size_t hits = 0;
  std::string error;
};

using Runner = std::function<Outcome(const Query&)>;

// Runs the mix `iterations` times after one warm-up pass; per query and over all runs.
nlohmann::json run_mix(const std::string& name, const std::vector<Query>& queries, int iterations,
                       const Runner& run) {
  for (const Query& q : queries) (void)run(q);  // warm-up: caches, reader pool
  std::vector<std::vector<double>> per(queries.size()), per_json(queries.size());
  std::vector<Outcome> last(queries.size());
  std::vector<double> all, all_json;
  const auto t0 = Clock::now();
  for (int it = 0; it < iterations; ++it) {
    for (size_t i = 0; i < queries.size(); ++i) {
      Outcome o = run(queries[i]);
      per[i].push_back(o.ms);
      all.push_back(o.ms);
      if (o.json_ms > 0) {
        per_json[i].push_back(o.json_ms);
        all_json.push_back(o.json_ms);
      }
      last[i] = std::move(o);
    }
  }
  const double wall = ms_since(t0) / 1000.0;
  nlohmann::json rows = nlohmann::json::array();
  int errors = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    nlohmann::json r = summary(per[i]);
    r.erase("n");
    r["line"] = queries[i].line;
    r["total"] = last[i].total;
    r["documents"] = last[i].documents;
    r["hits"] = last[i].hits;
    if (!per_json[i].empty()) {
      r["json_p50_ms"] = quantile(per_json[i], 0.5);
      r["json_bytes"] = last[i].json_bytes;
    }
    if (!last[i].error.empty()) {
      r["error"] = last[i].error;
      ++errors;
    }
    rows.push_back(std::move(r));
  }
  nlohmann::json out = {{"mode", name},
                        {"iterations", iterations},
                        {"queries", queries.size()},
                        {"errors", errors},
                        {"wall_s", wall},
                        {"qps", wall > 0 ? static_cast<double>(all.size()) / wall : 0},
                        {"overall", summary(all)},
                        {"per_query", std::move(rows)}};
  if (!all_json.empty()) out["json"] = summary(all_json);
  std::fprintf(
      stderr,
      "search_bench: %-22s p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  %6.1f q/s  (%d errors)\n",
      name.c_str(), out["overall"]["p50_ms"].get<double>(), out["overall"]["p95_ms"].get<double>(),
      out["overall"]["p99_ms"].get<double>(), out["qps"].get<double>(), errors);
  return out;
}

Outcome outcome_of(const trawl::Result<trawl::SearchResults>& r, Clock::time_point t0) {
  Outcome o;
  o.ms = ms_since(t0);
  if (r) {
    o.total = r->total;
    o.documents = r->documents;
    o.hits = r->hits.size();
  } else {
    o.error = r.error().message;
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data, queries_path, out_path, url;
  int iterations = 5;
  bool variants = false;
  std::vector<std::string> modes;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--data")
      data = value();
    else if (a == "--queries")
      queries_path = value();
    else if (a == "--iterations")
      iterations = std::stoi(value());
    else if (a == "--mode")
      modes.push_back(value());
    else if (a == "--variants")
      variants = true;
    else if (a == "--url")
      url = value();
    else if (a == "--out")
      out_path = value();
    else
      usage("unknown argument " + a);
  }
  if (data.empty() || queries_path.empty()) usage("--data and --queries are required");
  if (iterations < 1) usage("--iterations must be at least 1");
  if (modes.empty()) modes = {"service", "reader"};
  const std::vector<Query> queries = read_queries(queries_path);

  nlohmann::json out = {
      {"data", data}, {"queries_file", queries_path}, {"runs", nlohmann::json::array()}};
  for (const std::string& mode : modes) {
    if (mode == "service") {
      trawl::Config config;
      config.data_dir = data;
      const auto t0 = Clock::now();
      auto service = trawl::SearchService::open(config);
      if (!service) {
        std::cerr << "search_bench: " << service.error().message << "\n";
        return 1;
      }
      out["service_open_ms"] = ms_since(t0);
      trawl::SearchService& s = **service;
      out["runs"].push_back(run_mix("service", queries, iterations, [&](const Query& q) {
        auto t = Clock::now();
        auto r = s.search(q.request);
        Outcome o = outcome_of(r, t);
        if (r) {
          // what handle_search adds: the answer's JSON
          auto tj = Clock::now();
          nlohmann::json j = trawl::search_json(*r);
          j["offset"] = q.request.offset;
          j["limit"] = q.request.limit;
          o.json_bytes = trawl::dump(j).size();
          o.json_ms = ms_since(tj);
        }
        return o;
      }));
    } else if (mode == "reader") {
      const auto t0 = Clock::now();
      auto reader = trawl::IndexReader::open(data + "/index");
      if (!reader) {
        std::cerr << "search_bench: " << reader.error().message << "\n";
        return 1;
      }
      out["reader_open_ms"] = ms_since(t0);
      trawl::IndexReader& rd = **reader;
      auto run_with = [&](const char* name, auto&& adjust) {
        out["runs"].push_back(run_mix(name, queries, iterations, [&](const Query& q) {
          SearchRequest req = q.request;
          adjust(req);
          auto t = Clock::now();
          return outcome_of(rd.search(req), t);
        }));
      };
      run_with("reader", [](SearchRequest&) {});
      if (variants) {
        run_with("reader facets=0", [](SearchRequest& r) { r.facets = false; });
        run_with("reader limit=0", [](SearchRequest& r) { r.limit = 0; });
        run_with("reader collapse=0", [](SearchRequest& r) { r.collapse = false; });
        run_with("reader facets=0 limit=0", [](SearchRequest& r) {
          r.facets = false;
          r.limit = 0;
        });
      }
    } else if (mode == "http") {
      if (url.empty()) usage("--mode http needs --url");
      httplib::Client cli(url);
      cli.set_keep_alive(true);
      cli.set_read_timeout(120, 0);
      out["runs"].push_back(run_mix("http", queries, iterations, [&](const Query& q) {
        httplib::Params params{{"q", q.q}};
        for (const auto& p : q.params) params.emplace(p.first, p.second);
        auto t = Clock::now();
        auto res = cli.Get("/api/search", params, httplib::Headers{});
        Outcome o;
        o.ms = ms_since(t);
        if (!res) {
          o.error = "HTTP: " + httplib::to_string(res.error());
        } else if (res->status != 200) {
          o.error = "HTTP " + std::to_string(res->status) + ": " + res->body.substr(0, 200);
        } else {
          o.json_bytes = res->body.size();
          auto j = nlohmann::json::parse(res->body, nullptr, false);
          if (!j.is_discarded()) {
            o.total = j.value("total", uint64_t{0});
            o.documents = j.value("documents", uint64_t{0});
            o.hits = j.contains("hits") ? j["hits"].size() : 0;
          }
        }
        return o;
      }));
    } else {
      usage("unknown mode " + mode);
    }
  }
  const std::string text = out.dump(1);
  if (out_path.empty()) {
    std::cout << text << "\n";
  } else {
    std::ofstream f(out_path);
    f << text << "\n";
  }
  return 0;
}
