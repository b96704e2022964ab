#include "app/crawl_commands.h"

#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "catalog/frontier.h"
#include "config/layout.h"
#include "core/dates.h"
#include "core/text.h"
#include "pipeline/crawl.h"

namespace trawl {
namespace {

void error_line(const std::string& msg) { std::cerr << "trawl: " << one_line(msg) << "\n"; }

// "done 12, unchanged 3, refused 1, failed 2": the pass's URLs by state, in a fixed order.
std::string counts_text(const PassCounts& counts) {
  static const char* const kOrder[] = {"done",       "unchanged", "fetched",
                                       "redirected", "refused",   "out-of-scope",
                                       "failed",     "queued",    "leased"};
  std::string out;
  for (const char* k : kOrder) {
    auto it = counts.find(k);
    if (it == counts.end() || it->second == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::string(k) + " " + std::to_string(it->second);
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace

int cmd_crawl(const Config& config, const std::string& source,
              const std::vector<std::string>& resolve, std::atomic<bool>& stop) {
  if (config.sources.empty()) {
    error_line("crawl: the configuration lists no [[source]]" +
               (config.path.empty() ? std::string(" (give --config FILE)") : " in " + config.path));
    return 2;
  }
  if (config.crawl.contact.empty()) {
    error_line(
        "crawl: set crawl.contact to a URL where site operators can reach you (it is sent "
        "in the User-Agent)");
    return 2;
  }
  std::vector<const SourceOptions*> chosen;
  for (const SourceOptions& s : config.sources)
    if (source.empty() || s.name == source) chosen.push_back(&s);
  if (chosen.empty()) {
    error_line("crawl: no source named \"" + source + "\" in the configuration");
    return 2;
  }
  CrawlCallbacks callbacks;
  callbacks.on_event = [](const std::string& line) { error_line(line); };
  callbacks.ingest.on_document = [](const DocumentOutcome& o) {
    if (o.outcome == Outcome::kFailed)
      error_line(o.path + ": " + (o.error ? o.error->error.message : "failed"));
  };
  CrawlRun run;
  run.resolve = resolve;
  run.stop = &stop;
  for (const SourceOptions* s : chosen) {
    auto r = run_crawl_pass(config, *s, callbacks, run);
    if (!r) {
      error_line(s->name + ": " + r.error().message);
      return 1;
    }
    std::cout << (r->interrupted ? "interrupted: " : "") << "source " << s->name << " pass "
              << r->pass << ": " << counts_text(r->counts) << " (ingested " << r->ingest.ingested
              << ", unchanged " << r->ingest.unchanged << ", failed " << r->ingest.failed << ")\n";
    if (r->interrupted) return 130;
  }
  return 0;
}

int cmd_status(const Config& config, bool as_json) {
  const DataLayout layout(config.data_dir);
  // nothing crawled yet (no data folder, no catalog): every source shows as never crawled
  std::unique_ptr<Frontier> none;
  std::error_code ec;
  const bool crawled = std::filesystem::exists(layout.catalog(), ec);
  Result<std::unique_ptr<Frontier>> frontier =
      crawled ? Frontier::open(layout.catalog())
              : Result<std::unique_ptr<Frontier>>(std::move(none));
  if (!frontier) {
    error_line(frontier.error().message);
    return 1;
  }
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  nlohmann::json out = nlohmann::json::object();
  out["data_dir"] = config.data_dir;
  out["sources"] = nlohmann::json::array();
  for (const SourceOptions& s : config.sources) {
    nlohmann::json j;
    j["name"] = s.name;
    j["kind"] = std::string(source_kind_name(s.kind));
    j["schedule"] = s.schedule.text;
    std::optional<PassRecord> last;
    if (*frontier) last = (*frontier)->last_pass(s.name);
    int64_t next = next_run(s.schedule, last ? last->started_at : 0, now);
    if (last && last->status != "done") next = now;
    j["next_run"] = next < 0 ? nlohmann::json(nullptr) : nlohmann::json(format_timestamp(next));
    if (last) {
      nlohmann::json p;
      p["pass"] = last->pass;
      p["status"] = last->status;
      p["started_at"] = format_timestamp(last->started_at);
      p["ended_at"] = last->ended_at ? nlohmann::json(format_timestamp(last->ended_at))
                                     : nlohmann::json(nullptr);
      p["counts"] = (*frontier)->counts(s.name, last->pass);
      p["queued_by_host"] = (*frontier)->queued_by_host(s.name, last->pass);
      j["last_pass"] = p;
    } else {
      j["last_pass"] = nullptr;
    }
    j["recent_errors"] = nlohmann::json::array();
    if (*frontier)
      for (const FrontierUrl& u : (*frontier)->recent_failures(s.name, 10))
        j["recent_errors"].push_back({{"url", u.url},
                                      {"state", std::string(url_state_name(u.state))},
                                      {"reason", u.reason}});
    out["sources"].push_back(j);
  }
  if (as_json) {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& j : out["sources"]) {
    std::cout << j["name"].get<std::string>() << " (" << j["kind"].get<std::string>() << ", "
              << (j["schedule"].get<std::string>().empty() ? "--once only"
                                                           : j["schedule"].get<std::string>())
              << ")\n";
    if (j["last_pass"].is_null()) {
      std::cout << "  never crawled\n";
    } else {
      const auto& p = j["last_pass"];
      std::cout << "  last pass " << p["pass"].get<int64_t>() << " "
                << p["status"].get<std::string>() << ", started "
                << p["started_at"].get<std::string>() << "\n";
      PassCounts counts = p["counts"].get<PassCounts>();
      std::cout << "  urls: " << counts_text(counts) << "\n";
      for (const auto& [host, n] : p["queued_by_host"].items())
        std::cout << "  queued at " << host << ": " << n.get<uint64_t>() << "\n";
    }
    if (!j["next_run"].is_null())
      std::cout << "  next run " << j["next_run"].get<std::string>() << "\n";
    for (const auto& e : j["recent_errors"])
      std::cout << "  " << e["state"].get<std::string>() << " " << e["url"].get<std::string>()
                << ": " << e["reason"].get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace trawl
