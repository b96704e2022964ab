// `trawl daemon`: the sources' schedules in one long-running process, for systemd
// (Type=notify: READY, WATCHDOG and STOPPING through libsystemd; logs on stderr for
// journald). One pass runs at a time; SIGTERM stops it at a safe point (fetches in flight
// are dropped and queued again next time, fetched pages are committed) and exits 0;
// SIGHUP reloads the configuration, keeping the old one when the new one is invalid.
// With a [serve] table it also serves the page and the API (server/) from the same index.
#include <systemd/sd-daemon.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "app/crawl_commands.h"
#include "catalog/frontier.h"
#include "config/layout.h"
#include "core/dates.h"
#include "core/text.h"
#include "pipeline/crawl.h"
#include "server/http_server.h"
#include "server/search_service.h"

namespace trawl {
namespace {

std::atomic<bool> g_reload{false};
extern "C" void on_hup(int) { g_reload.store(true); }

void log_line(const std::string& msg) { std::cerr << "trawl daemon: " << one_line(msg) << "\n"; }

int64_t now_s() { return static_cast<int64_t>(std::time(nullptr)); }

// When each source runs next: from its last pass's start in the frontier.
std::map<std::string, int64_t> next_runs(const Config& config, Frontier& frontier) {
  std::map<std::string, int64_t> out;
  const int64_t now = now_s();
  for (const SourceOptions& s : config.sources) {
    std::optional<PassRecord> last = frontier.last_pass(s.name);
    // an interrupted pass goes on at once
    if (last && last->status != "done") {
      out[s.name] = now;
      continue;
    }
    out[s.name] = next_run(s.schedule, last ? last->started_at : 0, now);
  }
  return out;
}

}  // namespace

int cmd_daemon(const Config& initial, std::atomic<bool>& stop) {
  Config config = initial;
  if (config.path.empty()) {
    log_line("give --config FILE: the daemon reloads it on SIGHUP");
    return 2;
  }
  if (config.crawl.contact.empty()) {
    log_line("set crawl.contact to a URL where site operators can reach you");
    return 2;
  }
  std::signal(SIGHUP, on_hup);
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    log_line("cannot create data folder " + config.data_dir + ": " + ec.message());
    return 1;
  }
  auto frontier = Frontier::open(DataLayout(config.data_dir).catalog());
  if (!frontier) {
    log_line(frontier.error().message);
    return 1;
  }
  // the page and the API, when the configuration has a [serve] table: searches see each
  // pass's documents as it commits them
  std::unique_ptr<SearchService> service;
  std::unique_ptr<HttpServer> server;
  if (config.serve.enabled) {
    auto s = SearchService::open(config, config.serve.shards, /*require_index=*/false);
    if (!s) {
      log_line(s.error().message);
      return 1;
    }
    service = std::move(*s);
    auto h = HttpServer::start(*service);
    if (!h) {
      log_line(h.error().message);
      return 1;
    }
    server = std::move(*h);
    log_line("serving the page and the API on " + server->url());
  }
  uint64_t watchdog_us = 0;
  const bool watchdog = sd_watchdog_enabled(0, &watchdog_us) > 0;
  sd_notify(0, "READY=1\nSTATUS=scheduling");
  log_line("started with " + std::to_string(config.sources.size()) + " sources from " +
           config.path);
  auto last_ping = std::chrono::steady_clock::now();
  auto ping = [&] {
    if (!watchdog) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ping >= std::chrono::microseconds(watchdog_us / 3)) {
      sd_notify(0, "WATCHDOG=1");
      last_ping = now;
    }
  };
  CrawlCallbacks callbacks;
  callbacks.on_event = [](const std::string& line) { log_line(line); };
  callbacks.ingest.on_document = [&](const DocumentOutcome& o) {
    ping();
    if (o.outcome == Outcome::kFailed)
      log_line(o.path + ": " + (o.error ? o.error->error.message : "failed"));
  };
  int rc = 0;
  while (!stop.load()) {
    if (g_reload.exchange(false)) {
      auto loaded = load_config_file(config.path);
      if (!loaded) {
        log_line("configuration not reloaded, the old one stays: " + loaded.error().message);
      } else if (loaded->data_dir != config.data_dir) {
        log_line("configuration not reloaded: data_dir cannot change while running");
      } else {
        config = *loaded;
        log_line("configuration reloaded: " + std::to_string(config.sources.size()) + " sources");
      }
    }
    const int64_t now = now_s();
    const SourceOptions* due = nullptr;
    int64_t soonest = -1;
    for (const auto& [name, at] : next_runs(config, **frontier)) {
      if (at < 0) continue;
      if (at <= now && !due)
        for (const SourceOptions& s : config.sources)
          if (s.name == name) due = &s;
      if (soonest < 0 || at < soonest) soonest = at;
    }
    if (due) {
      sd_notify(0, ("STATUS=crawling " + due->name).c_str());
      CrawlRun run;
      run.stop = &stop;
      run.heartbeat = ping;
      auto r = run_crawl_pass(config, *due, callbacks, run);
      if (!r) {
        log_line(due->name + ": " + r.error().message);
        if (r.error().code == ErrorCode::kFatal) {
          rc = 1;
          break;
        }
      } else {
        std::string counts;
        for (const auto& [state, n] : r->counts)
          counts += (counts.empty() ? "" : ", ") + state + " " + std::to_string(n);
        log_line("source " + due->name + " pass " + std::to_string(r->pass) +
                 (r->interrupted ? " interrupted: " : ": ") + counts);
      }
      sd_notify(0, "STATUS=scheduling");
      continue;
    }
    // sleep until the next pass, a signal, or the watchdog's next ping
    const int64_t wait =
        soonest < 0 ? 60 : std::max<int64_t>(1, std::min<int64_t>(soonest - now, 60));
    for (int64_t i = 0; i < wait * 10 && !stop.load() && !g_reload.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ping();
    }
  }
  sd_notify(0, "STOPPING=1");
  if (server) server->stop();
  log_line("stopped");
  std::signal(SIGHUP, SIG_DFL);
  return rc;
}

}  // namespace trawl
