#include "app/commands.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/crawl_commands.h"
#include "app/output.h"
#include "app/search_commands.h"
#include "catalog/catalog.h"
#include "catalog/list_changes.h"
#include "config/config.h"
#include "config/layout.h"
#include "core/dates.h"
#include "core/text.h"
#include "crawl/fetcher.h"
#include "crawl/robots.h"
#include "crawl/url.h"
#include "entities/lists.h"
#include "entities/tagger.h"
#include "extractors/extractor.h"
#include "extractors/warc.h"
#include "index/index.h"
#include "pipeline/ingest.h"
#include "pipeline/item.h"
#include "pipeline/process.h"
#include "pipeline/walk.h"
#include "server/api_json.h"

namespace trawl {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;  // stopped by SIGINT or SIGTERM; the next run goes on

void error_line(const std::string& msg) { std::cerr << "trawl: " << one_line(msg) << "\n"; }

struct CommonOptions {
  std::string config_file;
  std::string data_dir;
  std::vector<CLI::Option*> data_opts;  // --data of each subcommand
};

// defaults -> config file -> environment / command line
bool build_config(const CommonOptions& common, Config& config) {
  std::string file = common.config_file;
  if (file.empty()) {
    if (const char* env = std::getenv("TRAWL_CONFIG")) file = env;
  }
  if (!file.empty()) {
    auto loaded = load_config_file(file);
    if (!loaded) {
      error_line(loaded.error().message);
      return false;
    }
    config = *loaded;
  }
  for (CLI::Option* opt : common.data_opts)
    if (opt->count() > 0) config.data_dir = common.data_dir;
  if (Status s = validate(config); !s) {
    error_line(s.error().message);
    return false;
  }
  return true;
}

// ---- ingest --------------------------------------------------------------------------

// Set by SIGINT/SIGTERM: the run finishes what is in flight, commits, and stops. A signal
// handler can only reach a global.
std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

std::string duration_text(double seconds) {
  char buf[32];
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

// On a terminal, a bar with count, rate and ETA redrawn in place; otherwise a plain line
// every 10 seconds (logs of a service or a cron job).
class Progress {
 public:
  explicit Progress(bool terminal)
      : terminal_(terminal),
        start_(std::chrono::steady_clock::now()),
        last_(terminal ? decltype(start_){} : start_) {}

  void document(const DocumentOutcome& o) {
    ++documents_;
    if (o.outcome == Outcome::kFailed) {
      clear();
      error_line(o.path + ": " + (o.error ? o.error->error.message : "failed"));
    } else if (!o.cut.empty()) {
      clear();
      error_line(o.path + ": " + o.cut);
    }
  }

  void items(uint64_t done, uint64_t total) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_ <
        (terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(10000)))
      return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    std::string eta =
        total > done && rate > 0 ? duration_text(static_cast<double>(total - done) / rate) : "?";
    if (!terminal_) {
      std::fprintf(stderr, "trawl: %llu of %s items, %llu documents, %.0f items/s, ETA %s\n",
                   static_cast<unsigned long long>(done),
                   total ? std::to_string(total).c_str() : "?",
                   static_cast<unsigned long long>(documents_), rate, eta.c_str());
      return;
    }
    constexpr int kWidth = 28;
    const int filled =
        total ? static_cast<int>(kWidth * std::min(1.0, static_cast<double>(done) / total)) : 0;
    std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
    std::fprintf(stderr, "\r[%s] %llu/%s  %llu docs  %.0f/s  ETA %s \033[K", bar.c_str(),
                 static_cast<unsigned long long>(done), total ? std::to_string(total).c_str() : "?",
                 static_cast<unsigned long long>(documents_), rate, eta.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  bool terminal_;
  bool shown_ = false;
  uint64_t documents_ = 0;
  std::chrono::steady_clock::time_point start_, last_{};
};

int cmd_ingest(const Config& config, IngestRequest request, const std::string& report_path) {
  if (request.paths.empty() && !request.only_failed && !request.reprocess) {
    error_line(
        "ingest: give files or folders, or --only-failed / --reprocess to take them from the "
        "catalog");
    return kExitUsage;
  }
  std::ofstream report;
  if (!report_path.empty()) {
    std::error_code ec;
    std::filesystem::path parent = std::filesystem::path(report_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    report.open(report_path, std::ios::out | std::ios::trunc);
    if (!report) {
      error_line("cannot write report " + report_path);
      return kExitUsage;
    }
  }
  Progress progress(isatty(STDERR_FILENO));
  IngestCallbacks callbacks;
  callbacks.on_document = [&](const DocumentOutcome& o) {
    progress.document(o);
    if (report) report << outcome_json_line(o) << "\n";
  };
  callbacks.on_progress = [&](uint64_t done, uint64_t total) { progress.items(done, total); };
  request.stop = &g_stop;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  Result<IngestSummary> r = run_ingest(config, request, callbacks);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  progress.clear();
  if (report) report.flush();
  if (!r) {
    error_line(r.error().message);
    return kExitFailed;
  }
  const IngestSummary& s = *r;
  std::cout << (s.interrupted ? "interrupted: " : "") << "ingested " << s.ingested << ", unchanged "
            << s.unchanged << ", failed " << s.failed;
  if (s.gone) std::cout << ", gone " << s.gone;
  std::cout << "\n";
  if (isatty(STDERR_FILENO) && s.seconds > 0) {
    std::fprintf(stderr, "  %.1f s, %.0f documents/s, %.1f MB/s\n", s.seconds,
                 (s.ingested + s.unchanged + s.failed) / s.seconds, s.bytes / 1e6 / s.seconds);
  }
  return s.interrupted ? kExitInterrupted : kExitOk;
}

// ---- extract -------------------------------------------------------------------------

int cmd_extract(const Config& config, const std::string& path, bool as_json) {
  ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  auto processor = Processor::create(registry, config);
  if (!processor) {
    error_line(processor.error().message);
    return kExitFailed;
  }
  std::vector<std::string> warnings;
  (*processor)
      ->set_tagger(std::make_shared<const Tagger>(load_gazetteer(config.data_dir, &warnings)));
  for (const std::string& w : warnings) error_line(w);
  Item item;
  item.location = Location{"files", absolute_path(path), "", "", {}};
  item.path = item.location.uri;
  Document doc;
  std::vector<Document> children;
  extract_item(item, **processor, config, 0, nullptr, doc, children);
  if (as_json)
    std::cout << document_json(doc, children) << "\n";
  else if (!doc.failed())
    std::cout << doc.text << "\n";
  if (doc.failed()) {
    error_line(path + ": " + doc.error->error.message);
    return kExitFailed;
  }
  return kExitOk;
}

// ---- search, show, stats -------------------------------------------------------------

// ---- lists ---------------------------------------------------------------------------

int cmd_lists_import(const Config& config, const std::string& file, const std::string& name) {
  auto n = import_list(config.data_dir, file, name);
  if (!n) {
    error_line(n.error().message);
    return kExitFailed;
  }
  std::cout << "imported " << *n << " entries from " << file << " as list '" << name << "'\n";
  return kExitOk;
}

int cmd_lists_show(const Config& config, bool as_json) {
  std::vector<std::string> warnings;
  std::vector<StoredList> lists;
  auto gazetteer = load_gazetteer(config.data_dir, &warnings, &lists);
  for (const std::string& w : warnings) error_line(w);
  if (as_json) {
    nlohmann::json j = nlohmann::json::array();
    for (const StoredList& l : lists)
      j.push_back({{"name", l.name}, {"path", l.path}, {"entries", l.entries}});
    std::cout << nlohmann::json{{"lists", j},
                                {"names", gazetteer->names()},
                                {"skipped_names", gazetteer->skipped_names()}}
                     .dump()
              << "\n";
  } else {
    for (const StoredList& l : lists)
      std::cout << l.name << "\t" << l.entries << " entries\t" << l.path << "\n";
    std::cout << gazetteer->size() << " entries with places, " << gazetteer->names() << " names ("
              << gazetteer->skipped_names() << " too short or too common to match)\n";
  }
  return kExitOk;
}

// What changed in the lists that un-list sources fetch, oldest first.
int cmd_lists_changes(const Config& config, const std::string& list, const std::string& since,
                      bool as_json) {
  int64_t from = 0;
  if (!since.empty()) {
    auto day = parse_date(since);
    if (!day) {
      error_line("lists changes: --since wants a date (YYYY-MM-DD), got \"" + since + "\"");
      return kExitUsage;
    }
    std::tm tm{};
    strptime(day->c_str(), "%Y-%m-%d", &tm);
    from = static_cast<int64_t>(timegm(&tm));
  }
  auto changes = list_changes(DataLayout(config.data_dir).catalog(), list, from);
  if (!changes && changes.error().code != ErrorCode::kNotFound) {
    error_line(changes.error().message);
    return kExitFailed;
  }
  std::vector<ListChange> none;
  const std::vector<ListChange>& all = changes ? *changes : none;
  if (as_json) {
    nlohmann::json j = nlohmann::json::array();
    for (const ListChange& c : all)
      j.push_back({{"list", c.list},
                   {"at", format_timestamp(c.at)},
                   {"kind", c.kind},
                   {"entry", c.entry},
                   {"type", c.type},
                   {"name", c.name},
                   {"detail", c.detail}});
    std::cout << nlohmann::json{{"changes", j}}.dump() << "\n";
    return kExitOk;
  }
  for (const ListChange& c : all)
    std::cout << format_timestamp(c.at) << "  " << c.list << "  " << c.kind << "  " << c.entry
              << "  " << c.name << (c.detail.empty() ? "" : "  (" + c.detail + ")") << "\n";
  if (all.empty()) std::cout << "no changes recorded\n";
  return kExitOk;
}

// ---- robots --------------------------------------------------------------------------

// The request target of a URL: path and query ("/a?b"), without the fragment; "/" for an
// empty path. Taken by hand from scheme://authority (the URL module is not needed for
// this); a string starting with one "/" is a path already. nullopt for anything else.
std::optional<std::string> request_target(const std::string& url) {
  std::string rest;
  if (url.size() >= 1 && url[0] == '/' && url.compare(0, 2, "//") != 0) {
    rest = url;
  } else {
    size_t authority = url.compare(0, 2, "//") == 0 ? 2 : url.find("://");
    if (authority == std::string::npos) return std::nullopt;
    if (authority != 2) {
      if (authority == 0 || !std::isalpha(static_cast<unsigned char>(url[0]))) return std::nullopt;
      for (size_t i = 0; i < authority; ++i)
        if (!std::isalnum(static_cast<unsigned char>(url[i])) && !std::strchr("+-.", url[i]))
          return std::nullopt;
      authority += 3;
    }
    const size_t end = url.find_first_of("/?#", authority);
    if (end != std::string::npos) rest = url.substr(end);
  }
  rest = rest.substr(0, rest.find('#'));
  if (rest.empty() || rest[0] != '/') rest = "/" + rest;
  return rest;
}

// The first kRobotsParseLimit + 1 bytes of a file: enough for parse_robots() to know
// whether the last line it reads is whole, and a bound for /dev/zero.
Result<std::string> read_robots_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return make_error(ErrorCode::kIo, "cannot read " + path + ": " + std::strerror(errno));
  std::string bytes(kRobotsParseLimit + 1, '\0');
  const size_t n = std::fread(bytes.data(), 1, bytes.size(), f.get());
  if (std::ferror(f.get()))
    return make_error(ErrorCode::kIo, "cannot read " + path + ": " + std::strerror(errno));
  bytes.resize(n);
  return bytes;
}

// The live robots.txt of the site `url` is on (its own path when it names a robots.txt),
// fetched as the crawler fetches it: redirects followed (up to 5), 4xx = allow all,
// 5xx or no answer = disallow all. The User-Agent names the contact when one is
// configured.
Result<RobotsTxt> fetch_live_robots(const std::string& url, const std::string& agent,
                                    const std::string& contact) {
  auto parsed = parse_url(url);
  if (!parsed) return make_error(ErrorCode::kInvalid, url + ": " + parsed.error().message);
  std::string target = parsed->path.ends_with("/robots.txt")
                           ? parsed->str()
                           : parsed->scheme + "://" + parsed->host +
                                 (parsed->port > 0 ? ":" + std::to_string(parsed->port) : "") +
                                 "/robots.txt";
  FetcherOptions fo;
  fo.user_agent = user_agent_header(agent, contact);
  fo.spool_dir = std::filesystem::temp_directory_path().string();
  fo.spool_above = kRobotsParseLimit * 4;
  auto fetcher = Fetcher::create(fo);
  if (!fetcher) return fetcher.error();
  for (int redirects = 0;; ++redirects) {
    FetchRequest req;
    req.url = target;
    req.policy.allow_private = true;  // the operator's own question
    req.policy.max_body_bytes = kRobotsParseLimit * 4;
    req.policy.response_timeout = 60;
    (*fetcher)->submit(req);
    std::vector<FetchResult> done;
    while (done.empty()) done = (*fetcher)->wait(1000);
    FetchResult& r = done.front();
    if (!r.spool_path.empty()) std::remove(r.spool_path.c_str());
    if (r.error) {
      std::cerr << "trawl: " << target << ": " << r.error->message << "\n";
      return robots_unreachable(r.error->message);
    }
    auto location = r.headers.find("location");
    if (r.status >= 300 && r.status < 400 && location != r.headers.end() && redirects < 5) {
      auto next = resolve(target, location->second);
      if (!next) return robots_for_status(r.status);
      target = *next;
      continue;
    }
    WarcRecord rec;
    rec.type = "response";
    decode_http_response(r.head + r.body, kRobotsParseLimit * 4, rec);
    std::cerr << "trawl: " << target << ": HTTP " << r.status << "\n";
    return robots_for_status(r.status, rec.body);
  }
}

// One line per URL: "allowed URL  reason" or "disallowed URL  reason".
int cmd_robots(const std::string& file, const std::string& live_url, const std::string& agent,
               const std::string& contact, const std::vector<std::string>& urls) {
  if (agent.empty() || !std::all_of(agent.begin(), agent.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      })) {
    error_line("robots.txt: --agent \"" + agent +
               "\" is not a product token (letters, digits, '_' and '-'; RFC 9309 2.2.1)");
    return kExitUsage;
  }
  std::vector<std::string> targets;
  for (const std::string& url : urls) {
    auto target = request_target(url);
    if (!target) {
      error_line("robots.txt: not a URL (scheme://host/path) nor a path (/path): " + url);
      return kExitUsage;
    }
    targets.push_back(*target);
  }
  RobotsTxt robots;
  if (!live_url.empty()) {
    auto live = fetch_live_robots(live_url, agent, contact);
    if (!live) {
      error_line("robots.txt: " + live.error().message);
      return kExitUsage;
    }
    robots = std::move(*live);
  } else {
    auto body = read_robots_file(file);
    if (!body) {
      error_line("robots.txt: " + body.error().message);
      return kExitUsage;
    }
    robots = parse_robots(*body);
  }
  for (size_t i = 0; i < urls.size(); ++i) {
    const RobotsDecision d = decide(robots, agent, targets[i]);
    std::cout << (d.allowed ? "allowed " : "disallowed ") << urls[i] << "  " << d.reason << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "trawl: ingest, index and search sources on sanctions evasion (Korean, Russian, English)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "trawl 0.1.0");

  CommonOptions common;
  auto add_common = [&](CLI::App* sub, bool data) {
    sub->add_option("--config", common.config_file, "TOML configuration file (env TRAWL_CONFIG)");
    if (data)
      common.data_opts.push_back(
          sub->add_option("--data", common.data_dir,
                          "data folder holding the index (default ./trawl-data)")
              ->envname("TRAWL_DATA"));
  };

  std::vector<std::string> paths;
  std::string report;
  int threads = 0;
  std::string source;
  CLI::App* ingest = app.add_subcommand("ingest", "index files and folders (recursively)");
  add_common(ingest, true);
  IngestRequest request;
  ingest->add_option("paths", paths,
                     "files and folders (none: the catalog's, with --only-failed or --reprocess)");
  ingest->add_flag("--only-failed", request.only_failed, "only what failed or was left unfinished");
  ingest->add_flag("--reprocess", request.reprocess,
                   "extract again what is indexed and replace it in place");
  ingest->add_option("--type", request.type,
                     "only documents of this type (pdf, html, text or a MIME type)");
  ingest->add_option("--report", report, "write one JSON line per document to FILE");
  ingest->add_option("--threads", threads, "worker threads (default: all cores)")
      ->check(CLI::Range(0, 256));
  ingest->add_option(
      "--source", source,
      "source name recorded on these documents (default: files); without paths, only this source");

  std::vector<std::string> words;
  bool json_out = false;
  SearchOptions search_opts;
  std::vector<std::string> shards;
  auto add_shards = [&](CLI::App* sub) {
    sub->add_option("--shard", shards,
                    "also search this index: a folder, or tcp://HOST:PORT (xapian-tcpsrv); "
                    "repeatable");
  };
  CLI::App* search = app.add_subcommand("search", "search the index");
  add_common(search, true);
  add_shards(search);
  search->add_option("query", words, "query (words, \"phrases\", lang:ko, type:pdf, date:A..B ...)")
      ->required();
  search->add_flag("--json", json_out, "print JSON");
  search->add_option("--limit", search_opts.limit, "results to show (default 10)")
      ->check(CLI::Range(0, 10000));
  search->add_option("--offset", search_opts.offset, "results to skip")
      ->check(CLI::Range(0, 1000000));
  search->add_option("--sort", search_opts.sort, "relevance (default) or date (newest first)")
      ->check(CLI::IsMember({"relevance", "date"}));
  search->add_flag("--all-copies", search_opts.all_copies,
                   "list every copy of a story (no grouping of near-duplicates)");

  CLI::App* corroborate = app.add_subcommand(
      "corroborate", "how many independent sources say it: matches grouped by story");
  add_common(corroborate, true);
  add_shards(corroborate);
  corroborate->add_option("query", words, "query, or an entity (imo:8518572, vessel:\"...\")")
      ->required();
  corroborate->add_flag("--json", json_out, "print JSON");

  std::string listen;
  CLI::App* serve = app.add_subcommand(
      "serve", "the analysts' web page and the JSON API (and Tika-compatible extraction)");
  add_common(serve, true);
  add_shards(serve);
  serve->add_option("--listen", listen, "HOST:PORT (default 127.0.0.1:8080, or serve.listen)");

  std::string file;
  CLI::App* extract = app.add_subcommand("extract", "print a file's text and metadata (no index)");
  add_common(extract, false);
  extract->add_option("file", file, "file to extract")->required();
  extract->add_flag("--json", json_out, "print the document as JSON");

  std::string id;
  CLI::App* show =
      app.add_subcommand("show", "print an indexed document: text, locations, provenance");
  add_common(show, true);
  show->add_option("id", id, "document id or a unique prefix of it")->required();
  show->add_flag("--json", json_out, "print JSON");
  bool show_original = false;
  std::string show_out;
  show->add_flag("--original", show_original,
                 "write the document's bytes as fetched or found (from its WARC record, file or "
                 "container), checked against its id");
  show->add_option("--out", show_out, "with --original: write to this file, not stdout");

  std::string list_file, list_name;
  CLI::App* lists =
      app.add_subcommand("lists", "sanctions lists and watchlists used to tag entities");
  lists->require_subcommand(1);
  CLI::App* lists_import =
      lists->add_subcommand("import", "check a list file and store it under a name");
  add_common(lists_import, true);
  lists_import
      ->add_option("file", list_file, "the UN consolidated list XML, or a watchlist .csv/.toml")
      ->required();
  lists_import
      ->add_option("--name", list_name, "list name, used in entity ids list:NAME:... (e.g. UN)")
      ->required();
  CLI::App* lists_show = lists->add_subcommand("show", "the stored lists and their sizes");
  add_common(lists_show, true);
  lists_show->add_flag("--json", json_out, "print JSON");
  std::string changes_list, changes_since;
  CLI::App* lists_changes = lists->add_subcommand(
      "changes",
      "what changed in the lists un-list sources fetch: added, removed, renamed, aliases");
  add_common(lists_changes, true);
  lists_changes->add_option("--list", changes_list, "only this list (e.g. UN)");
  lists_changes->add_option("--since", changes_since, "only changes found on or after this day");
  lists_changes->add_flag("--json", json_out, "print JSON");

  CLI::App* stats = app.add_subcommand("stats", "documents by language, type and source");
  add_common(stats, true);
  stats->add_flag("--json", json_out, "print JSON");

  std::string robots_file, robots_agent = "trawl";
  std::vector<std::string> robots_urls;
  CLI::App* robots =
      app.add_subcommand("robots", "what a robots.txt file lets a crawler fetch (RFC 9309)");
  std::string robots_url;
  auto* robots_file_opt = robots->add_option("--file", robots_file, "the robots.txt file to read");
  auto* robots_url_opt = robots->add_option(
      "--url", robots_url, "fetch the live robots.txt of this URL's site (as the crawler does)");
  robots_file_opt->excludes(robots_url_opt);
  robots->add_option("--agent", robots_agent, "the crawler's product token (default trawl)");
  robots->add_option("urls", robots_urls, "URLs (or paths) to decide, one line each")->required();

  std::string crawl_source;
  std::vector<std::string> crawl_resolve;
  bool crawl_once = false;
  CLI::App* crawl = app.add_subcommand("crawl", "fetch the configured sources: one pass each");
  add_common(crawl, true);
  crawl->add_option("--source", crawl_source, "only this source (its name in the configuration)");
  crawl->add_flag("--once", crawl_once, "one pass of each source, then exit (the daemon schedules)")
      ->required();
  crawl->add_option("--resolve", crawl_resolve,
                    "HOST:PORT:ADDRESS: connect there instead of asking DNS (as curl --resolve)");

  CLI::App* daemon = app.add_subcommand(
      "daemon", "run the sources on their schedules (for systemd: SIGTERM stops, SIGHUP reloads)");
  add_common(daemon, true);
  CLI::App* status =
      app.add_subcommand("status", "sources: last and next passes, queues, counts, recent errors");
  add_common(status, true);
  status->add_flag("--json", json_out, "print JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  // needs no configuration: a broken TRAWL_CONFIG does not stop a look at a file
  if (*robots) {
    if (robots_file.empty() && robots_url.empty()) {
      error_line("robots: give --file robots.txt or --url URL");
      return kExitUsage;
    }
    return cmd_robots(robots_file, robots_url, robots_agent, "", robots_urls);
  }

  Config config;
  if (!build_config(common, config)) return kExitUsage;
  if (threads > 0) config.ingest.threads = threads;
  if (!source.empty()) config.ingest.source = source;
  for (const std::string& sh : shards) config.serve.shards.push_back(sh);
  if (!listen.empty()) config.serve.listen = listen;
  if (const char* token = std::getenv("TRAWL_TOKEN"); token && *token) config.serve.token = token;

  try {
    if (*ingest) {
      request.paths = paths;
      request.source = source;
      return cmd_ingest(config, request, report);
    }
    if (*daemon) {
      std::signal(SIGINT, on_stop_signal);
      std::signal(SIGTERM, on_stop_signal);
      return cmd_daemon(config, g_stop);
    }
    if (*status) return cmd_status(config, json_out);
    if (*crawl) {
      std::signal(SIGINT, on_stop_signal);
      std::signal(SIGTERM, on_stop_signal);
      int rc = cmd_crawl(config, crawl_source, crawl_resolve, g_stop);
      std::signal(SIGINT, SIG_DFL);
      std::signal(SIGTERM, SIG_DFL);
      return rc;
    }
    if (*search) return cmd_search(config, words, json_out, search_opts);
    if (*corroborate) return cmd_corroborate(config, words, json_out);
    if (*serve) {
      std::signal(SIGINT, on_stop_signal);
      std::signal(SIGTERM, on_stop_signal);
      return cmd_serve(config, g_stop);
    }
    if (*extract) return cmd_extract(config, file, json_out);
    if (*show) return cmd_show(config, id, json_out, show_original, show_out);
    if (*stats) return cmd_stats(config, json_out);
    if (*lists_import) return cmd_lists_import(config, list_file, list_name);
    if (*lists_show) return cmd_lists_show(config, json_out);
    if (*lists_changes) return cmd_lists_changes(config, changes_list, changes_since, json_out);
  } catch (const std::exception& e) {
    error_line(std::string("unexpected error: ") + e.what());
    return kExitFailed;
  }
  return kExitUsage;
}

}  // namespace trawl
