// Counters and latency histograms of the HTTP service, written as Prometheus text.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "server/search_service.h"

namespace trawl::http {

class Metrics {
 public:
  // One answered request of a route (its name in the route table).
  void observe(const std::string& route, int status, double seconds);
  // Everything, in the Prometheus text format (version 0.0.4): requests and latencies
  // per route, searches, documents in the index, and the catalog's locations by state.
  std::string text(SearchService& service);

 private:
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   10};
  struct RouteStats {
    std::map<int, uint64_t> by_status;
    std::array<uint64_t, kBuckets.size() + 1> buckets{};  // the last: +Inf
    double seconds = 0;
    uint64_t count = 0;
  };
  std::mutex mu_;
  std::map<std::string, RouteStats> routes_;
};

}  // namespace trawl::http
