// The in-process baseline of bench/search: runs a query mix through the same searches
// GET /api/search makes, without HTTP, and prints per-query latency as JSON.
//
//   search_bench --data DIR --queries FILE [--iterations N] [--mode MODE]... [--variants]
//                [--url http://127.0.0.1:PORT] [--out FILE]
//
// MODE (repeatable, default "service reader"):
//   service  SearchService::search (what the API handler calls: query understanding with
//            the lists' and gazetteer's names, the reader pool), then the answer's JSON
//            (search_json + dump) timed apart
//   reader   IndexReader::search on IndexReader::open(DIR + "/index"), no names resolved
//   http     GET /api/search on --url with one kept-alive connection (httplib::Client,
//            TCP_NODELAY as wrk and curl set it): the same searches, over HTTP
//
// The modes are interleaved: each search of the mix is run in every mode, one after the
// other, before the next search, so the modes are compared under the same load on the
// machine (other processes, the page cache) and their ratios hold even when that load
// changes during the run. Each mode has its own reader (the service its pool), opened
// before the first search.
//
// The query file has one search a line: the query, then tab-separated parameters as the
// API takes them (filter=..., repeatable; sort=date; offset=N; limit=N; collapse=0;
// facets=0). Lines starting with '#' and empty lines are skipped.
//
// The request is the one server/api_routes.cc search_request() builds: limit 10, offset
// 0, facets and collapse on, match_pages on, the default snippet size.
//
// --variants: the reader mode again with parts switched off (facets=0; limit=0, i.e. no
// hits, so no stored documents, snippets or entity chips; collapse=0; facets=0 limit=0),
// to show where the time goes. One warm-up pass over the mix in every mode comes first
// and is not counted.
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
#include <memory>
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

struct Mode {
  Mode(std::string n, Runner r) : name(std::move(n)), run(std::move(r)) {}
  std::string name;
  Runner run;
  std::vector<std::vector<double>> per, per_json;  // per query
  std::vector<Outcome> last;
  std::vector<double> all, all_json;
  double busy_s = 0;  // summed search time: q/s one client at a time
};

// Runs the mix `iterations` times after one warm-up pass, every search in every mode
// before the next search.
void run_interleaved(std::vector<Mode>& modes, const std::vector<Query>& queries, int iterations) {
  for (const Query& q : queries)
    for (Mode& m : modes) (void)m.run(q);  // warm-up: caches, reader pool
  for (Mode& m : modes) {
    m.per.assign(queries.size(), {});
    m.per_json.assign(queries.size(), {});
    m.last.assign(queries.size(), {});
  }
  for (int it = 0; it < iterations; ++it) {
    for (size_t i = 0; i < queries.size(); ++i) {
      for (Mode& m : modes) {
        Outcome o = m.run(queries[i]);
        m.per[i].push_back(o.ms);
        m.all.push_back(o.ms);
        m.busy_s += o.ms / 1000.0;
        if (o.json_ms > 0) {
          m.per_json[i].push_back(o.json_ms);
          m.all_json.push_back(o.json_ms);
        }
        m.last[i] = std::move(o);
      }
    }
  }
}

nlohmann::json report(const Mode& m, const std::vector<Query>& queries, int iterations) {
  nlohmann::json rows = nlohmann::json::array();
  int errors = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    nlohmann::json r = summary(m.per[i]);
    r.erase("n");
    r["line"] = queries[i].line;
    r["total"] = m.last[i].total;
    r["documents"] = m.last[i].documents;
    r["hits"] = m.last[i].hits;
    if (!m.per_json[i].empty()) r["json_p50_ms"] = quantile(m.per_json[i], 0.5);
    if (m.last[i].json_bytes > 0) r["json_bytes"] = m.last[i].json_bytes;
    if (!m.last[i].error.empty()) {
      r["error"] = m.last[i].error;
      ++errors;
    }
    rows.push_back(std::move(r));
  }
  nlohmann::json out = {{"mode", m.name},
                        {"iterations", iterations},
                        {"queries", queries.size()},
                        {"errors", errors},
                        {"busy_s", m.busy_s},
                        {"qps", m.busy_s > 0 ? static_cast<double>(m.all.size()) / m.busy_s : 0},
                        {"overall", summary(m.all)},
                        {"per_query", std::move(rows)}};
  if (!m.all_json.empty()) out["json"] = summary(m.all_json);
  std::fprintf(
      stderr,
      "search_bench: %-24s p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  %6.1f q/s  (%d errors)\n",
      m.name.c_str(), out["overall"]["p50_ms"].get<double>(),
      out["overall"]["p95_ms"].get<double>(), out["overall"]["p99_ms"].get<double>(),
      out["qps"].get<double>(), errors);
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
  // what each mode holds: opened before the first search, alive until the end
  std::unique_ptr<trawl::SearchService> service;
  std::unique_ptr<trawl::IndexReader> reader;
  std::unique_ptr<httplib::Client> client;
  std::vector<Mode> runs;
  for (const std::string& mode : modes) {
    if (mode == "service") {
      trawl::Config config;
      config.data_dir = data;
      const auto t0 = Clock::now();
      auto s = trawl::SearchService::open(config);
      if (!s) {
        std::cerr << "search_bench: " << s.error().message << "\n";
        return 1;
      }
      out["service_open_ms"] = ms_since(t0);
      service = std::move(*s);
      runs.push_back({"service", [&svc = *service](const Query& q) {
                        auto t = Clock::now();
                        auto r = svc.search(q.request);
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
                      }});
    } else if (mode == "reader") {
      const auto t0 = Clock::now();
      auto r = trawl::IndexReader::open(data + "/index");
      if (!r) {
        std::cerr << "search_bench: " << r.error().message << "\n";
        return 1;
      }
      out["reader_open_ms"] = ms_since(t0);
      reader = std::move(*r);
      auto with = [&rd = *reader](std::function<void(SearchRequest&)> adjust) -> Runner {
        return [&rd, adjust](const Query& q) {
          SearchRequest req = q.request;
          adjust(req);
          auto t = Clock::now();
          return outcome_of(rd.search(req), t);
        };
      };
      runs.push_back({"reader", with([](SearchRequest&) {})});
      if (variants) {
        runs.push_back({"reader facets=0", with([](SearchRequest& r) { r.facets = false; })});
        runs.push_back({"reader limit=0", with([](SearchRequest& r) { r.limit = 0; })});
        runs.push_back({"reader collapse=0", with([](SearchRequest& r) { r.collapse = false; })});
        runs.push_back({"reader facets=0 limit=0", with([](SearchRequest& r) {
                          r.facets = false;
                          r.limit = 0;
                        })});
      }
    } else if (mode == "http") {
      if (url.empty()) usage("--mode http needs --url");
      client = std::make_unique<httplib::Client>(url);
      client->set_keep_alive(true);
      client->set_tcp_nodelay(true);  // as wrk and curl do: the client adds no Nagle delay
      client->set_read_timeout(120, 0);
      runs.push_back({"http", [&cli = *client](const Query& q) {
                        httplib::Params params{{"q", q.q}};
                        for (const auto& p : q.params) params.emplace(p.first, p.second);
                        auto t = Clock::now();
                        auto res = cli.Get("/api/search", params, httplib::Headers{});
                        Outcome o;
                        o.ms = ms_since(t);
                        if (!res) {
                          o.error = "HTTP: " + httplib::to_string(res.error());
                        } else if (res->status != 200) {
                          o.error = "HTTP " + std::to_string(res->status) + ": " +
                                    res->body.substr(0, 200);
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
                      }});
    } else {
      usage("unknown mode " + mode);
    }
  }
  const auto t0 = Clock::now();
  run_interleaved(runs, queries, iterations);
  out["wall_s"] = ms_since(t0) / 1000.0;
  for (const Mode& m : runs) out["runs"].push_back(report(m, queries, iterations));
  const std::string text = out.dump(1);
  if (out_path.empty()) {
    std::cout << text << "\n";
  } else {
    std::ofstream f(out_path);
    f << text << "\n";
  }
  return 0;
}
