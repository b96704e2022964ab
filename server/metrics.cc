#include "server/metrics.h"

#include <sstream>

namespace trawl::http {

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  RouteStats& r = routes_[route];
  ++r.by_status[status];
  ++r.count;
  r.seconds += seconds;
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  ++r.buckets[b];
}

namespace {

// A label value with \, " and newlines escaped.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string Metrics::text(SearchService& service) {
  std::ostringstream os;
  {
    std::lock_guard lock(mu_);
    os << "# HELP trawl_http_requests_total Requests answered, by route and status.\n"
          "# TYPE trawl_http_requests_total counter\n";
    for (const auto& [route, r] : routes_)
      for (const auto& [status, n] : r.by_status)
        os << "trawl_http_requests_total{route=\"" << label(route) << "\",status=\"" << status
           << "\"} " << n << "\n";
    os << "# HELP trawl_http_request_seconds Time to answer a request, by route.\n"
          "# TYPE trawl_http_request_seconds histogram\n";
    for (const auto& [route, r] : routes_) {
      uint64_t cumulative = 0;
      for (size_t b = 0; b <= kBuckets.size(); ++b) {
        cumulative += r.buckets[b];
        os << "trawl_http_request_seconds_bucket{route=\"" << label(route) << "\",le=\"";
        if (b < kBuckets.size())
          os << kBuckets[b];
        else
          os << "+Inf";
        os << "\"} " << cumulative << "\n";
      }
      os << "trawl_http_request_seconds_sum{route=\"" << label(route) << "\"} " << r.seconds
         << "\n";
      os << "trawl_http_request_seconds_count{route=\"" << label(route) << "\"} " << r.count
         << "\n";
    }
  }
  ServiceCounters& c = service.counters();
  os << "# HELP trawl_searches_total Searches run (API, page and batch).\n"
        "# TYPE trawl_searches_total counter\n"
     << "trawl_searches_total " << c.searches.load() << "\n"
     << "# HELP trawl_search_errors_total Searches that failed (bad query, index error).\n"
        "# TYPE trawl_search_errors_total counter\n"
     << "trawl_search_errors_total " << c.search_errors.load() << "\n"
     << "# HELP trawl_search_seconds_total Time spent in searches.\n"
        "# TYPE trawl_search_seconds_total counter\n"
     << "trawl_search_seconds_total " << static_cast<double>(c.search_micros.load()) / 1e6 << "\n"
     << "# HELP trawl_index_reopens_total Times a reader moved to a writer's newer commit.\n"
        "# TYPE trawl_index_reopens_total counter\n"
     << "trawl_index_reopens_total " << c.reopens.load() << "\n"
     << "# HELP trawl_documents Current documents in the index.\n"
        "# TYPE trawl_documents gauge\n"
     << "trawl_documents " << service.document_count() << "\n";
  // ingest and crawl: the catalog's locations by state (indexed, failed, refused, gone...)
  if (const std::optional<Catalog::Counts> counts = service.catalog_counts()) {
    os << "# HELP trawl_locations Locations (files, members, URLs) in the catalog by state.\n"
          "# TYPE trawl_locations gauge\n";
    for (const auto& [state, n] : counts->by_state)
      os << "trawl_locations{state=\"" << label(state) << "\"} " << n << "\n";
  }
  return os.str();
}

}  // namespace trawl::http
