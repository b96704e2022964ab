#include "app/search_commands.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "app/output.h"
#include "catalog/catalog.h"
#include "core/text.h"
#include "server/api_json.h"
#include "server/http_server.h"
#include "server/search_service.h"

namespace trawl {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

void error_line(const std::string& msg) { std::cerr << "trawl: " << one_line(msg) << "\n"; }

Result<std::unique_ptr<SearchService>> open_service(const Config& config) {
  return SearchService::open(config, config.serve.shards);
}

std::string joined(const std::vector<std::string>& words) {
  std::string q;
  for (const std::string& w : words) q += (q.empty() ? "" : " ") + w;
  return q;
}

}  // namespace

int cmd_search(const Config& config, const std::vector<std::string>& words, bool as_json,
               const SearchOptions& o) {
  auto service = open_service(config);
  if (!service) {
    error_line(service.error().message);
    return kExitFailed;
  }
  SearchRequest req;
  req.query = joined(words);
  req.limit = o.limit;
  req.offset = o.offset;
  req.collapse = !o.all_copies;
  req.sort = o.sort == "date" ? SortOrder::kDate : SortOrder::kRelevance;
  auto r = (*service)->search(req);
  if (!r) {
    error_line(r.error().message);
    return r.error().code == ErrorCode::kCorrupt ? kExitUsage : kExitFailed;
  }
  std::cout << (as_json ? dump(search_json(*r), 2) + "\n" : search_text(*r, isatty(STDOUT_FILENO)));
  return kExitOk;
}

int cmd_corroborate(const Config& config, const std::vector<std::string>& words, bool as_json) {
  auto service = open_service(config);
  if (!service) {
    error_line(service.error().message);
    return kExitFailed;
  }
  SearchRequest req;
  req.query = joined(words);
  auto r = (*service)->corroborate(req);
  if (!r) {
    error_line(r.error().message);
    return r.error().code == ErrorCode::kCorrupt ? kExitUsage : kExitFailed;
  }
  std::cout << (as_json ? dump(corroboration_json(*r), 2) + "\n" : corroboration_text(*r));
  return kExitOk;
}

int cmd_show(const Config& config, const std::string& id, bool as_json, bool original,
             const std::string& out_path) {
  auto service = open_service(config);
  if (!service) {
    error_line(service.error().message);
    return kExitFailed;
  }
  if (original) {
    auto bytes = (*service)->original(id);
    if (!bytes) {
      error_line(bytes.error().message);
      return kExitFailed;
    }
    if (out_path.empty()) {
      std::cout.write(bytes->first.data(), static_cast<std::streamsize>(bytes->first.size()));
      std::cout.flush();
      return std::cout ? kExitOk : kExitFailed;
    }
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    out.write(bytes->first.data(), static_cast<std::streamsize>(bytes->first.size()));
    out.close();
    if (!out) {
      error_line(out_path + ": cannot be written");
      return kExitFailed;
    }
    return kExitOk;
  }
  auto v = (*service)->document(id);
  if (!v) {
    error_line(v.error().message);
    return kExitFailed;
  }
  std::cout << (as_json ? dump(show_json(*v), 2) + "\n" : document_text(v->doc, &v->context));
  return kExitOk;
}

int cmd_stats(const Config& config, bool as_json) {
  auto service = open_service(config);
  if (!service) {
    error_line(service.error().message);
    return kExitFailed;
  }
  IndexStats s = (*service)->stats();
  const std::optional<Catalog::Counts> counts = (*service)->catalog_counts();
  std::cout << (as_json ? dump(stats_json(s, counts ? &*counts : nullptr), 2) + "\n"
                        : stats_text(s, counts ? &*counts : nullptr));
  return kExitOk;
}

int cmd_serve(const Config& config, std::atomic<bool>& stop) {
  auto service = SearchService::open(config, config.serve.shards);
  if (!service) {
    error_line(service.error().message);
    return kExitFailed;
  }
  auto server = HttpServer::start(**service);
  if (!server) {
    error_line(server.error().message);
    return kExitFailed;
  }
  std::cout << "trawl: serving " << (*service)->document_count() << " documents on "
            << (*server)->url() << "  (Ctrl-C stops)" << std::endl;
  while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  (*server)->stop();
  return kExitOk;
}

}  // namespace trawl
