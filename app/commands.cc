#include "app/commands.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/output.h"
#include "config/config.h"
#include "entities/lists.h"
#include "entities/tagger.h"
#include "core/text.h"
#include "extractors/extractor.h"
#include "index/index.h"
#include "pipeline/ingest.h"
#include "pipeline/process.h"
#include "pipeline/walk.h"

namespace trawl {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

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

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

  void document(const DocumentOutcome& o) {
    ++seen_;
    if (o.status == "failed") {
      clear();
      error_line(o.path + ": " + o.reason);
    }
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r  %llu documents  %.0f/s   ", static_cast<unsigned long long>(seen_),
                 secs > 0 ? seen_ / secs : 0.0);
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  uint64_t seen_ = 0;
  std::chrono::steady_clock::time_point start_, last_{};
};

int cmd_ingest(const Config& config, const std::vector<std::string>& paths, const std::string& report_path) {
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
  Result<IngestSummary> r = run_ingest(config, paths, callbacks);
  progress.clear();
  if (report) report.flush();
  if (!r) {
    error_line(r.error().message);
    return kExitFailed;
  }
  const IngestSummary& s = *r;
  std::cout << "ingested " << s.ingested << ", unchanged " << s.unchanged << ", failed " << s.failed << "\n";
  if (isatty(STDERR_FILENO) && s.seconds > 0) {
    std::fprintf(stderr, "  %.1f s, %.0f documents/s, %.1f MB/s\n", s.seconds,
                 (s.ingested + s.unchanged + s.failed) / s.seconds, s.bytes / 1e6 / s.seconds);
  }
  return kExitOk;
}

// ---- extract -------------------------------------------------------------------------

int cmd_extract(const Config& config, const std::string& path, bool as_json) {
  Document doc;
  std::string abs = absolute_path(path);
  doc.locations.push_back(Location{"files", abs, "", ""});
  ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  auto processor = Processor::create(registry, config);
  if (!processor) {
    error_line(processor.error().message);
    return kExitFailed;
  }
  Result<FileBytes> file = read_file(abs, config.ingest.max_file_size);
  if (!file) {
    doc.fail("read", file.error());
  } else {
    doc.provenance.modified_at = file->modified_at;
    std::vector<std::string> warnings;
    (*processor)->set_tagger(std::make_shared<const Tagger>(load_gazetteer(config.data_dir, &warnings)));
    for (const std::string& w : warnings) error_line(w);
    (*processor)->process(doc, file->bytes);
  }
  if (as_json) std::cout << document_json(doc) << "\n";
  else if (!doc.failed()) std::cout << doc.text << "\n";
  if (doc.failed()) {
    error_line(path + ": " + doc.error->error.message);
    return kExitFailed;
  }
  return kExitOk;
}

// ---- search, show, stats -------------------------------------------------------------

Result<std::unique_ptr<IndexReader>> open_reader(const Config& config) {
  return IndexReader::open(index_dir(config));
}

int cmd_search(const Config& config, const std::vector<std::string>& words, bool as_json, int limit, int offset) {
  auto reader = open_reader(config);
  if (!reader) {
    error_line(reader.error().message);
    return kExitFailed;
  }
  SearchRequest req;
  for (const std::string& w : words) req.query += (req.query.empty() ? "" : " ") + w;
  // names of listed entities: vessel:"..." and friends, and names in the free text
  std::vector<std::string> warnings;
  auto gazetteer = load_gazetteer(config.data_dir, &warnings);
  for (const std::string& w : warnings) error_line(w);
  req.resolve_name = [gazetteer](const std::string& type, const std::string& name) {
    return gazetteer->ids_for_name(type, name);
  };
  {
    std::vector<Entity> found;
    gazetteer->match(req.query, found);
    for (const Entity& e : found) {
      if (e.source == "places") continue;  // places are words, not people or companies
      // not inside a field (vessel:"..." resolves itself)
      if (e.start > 0 && req.query.rfind(':', e.start) != std::string::npos &&
          req.query.find(' ', req.query.rfind(':', e.start)) > e.start)
        continue;
      auto it = std::find_if(req.expansions.begin(), req.expansions.end(),
                             [&](const QueryEntity& q) { return q.text == e.text; });
      if (it == req.expansions.end()) req.expansions.push_back({e.text, {e.id}});
      else it->ids.push_back(e.id);
    }
  }
  req.limit = limit;
  req.offset = offset;
  auto r = (*reader)->search(req);
  if (!r) {
    error_line(r.error().message);
    return r.error().code == ErrorCode::kCorrupt ? kExitUsage : kExitFailed;
  }
  std::cout << (as_json ? search_json(*r) + "\n" : search_text(*r, isatty(STDOUT_FILENO)));
  return kExitOk;
}

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
    for (const StoredList& l : lists) j.push_back({{"name", l.name}, {"path", l.path}, {"entries", l.entries}});
    std::cout << nlohmann::json{{"lists", j}, {"names", gazetteer->names()}, {"skipped_names", gazetteer->skipped_names()}}.dump()
              << "\n";
  } else {
    for (const StoredList& l : lists) std::cout << l.name << "\t" << l.entries << " entries\t" << l.path << "\n";
    std::cout << gazetteer->size() << " entries with places, " << gazetteer->names() << " names ("
              << gazetteer->skipped_names() << " too short or too common to match)\n";
  }
  return kExitOk;
}

int cmd_show(const Config& config, const std::string& id, bool as_json) {
  auto reader = open_reader(config);
  if (!reader) {
    error_line(reader.error().message);
    return kExitFailed;
  }
  auto r = (*reader)->get(id);
  if (!r) {
    error_line(r.error().message);
    return kExitFailed;
  }
  std::cout << (as_json ? document_json(r->doc) + "\n" : document_text(r->doc));
  return kExitOk;
}

int cmd_stats(const Config& config, bool as_json) {
  auto reader = open_reader(config);
  if (!reader) {
    error_line(reader.error().message);
    return kExitFailed;
  }
  IndexStats s = (*reader)->stats();
  std::cout << (as_json ? stats_json(s) + "\n" : stats_text(s));
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"trawl: ingest, index and search sources on sanctions evasion (Korean, Russian, English)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "trawl 0.1.0");

  CommonOptions common;
  auto add_common = [&](CLI::App* sub, bool data) {
    sub->add_option("--config", common.config_file, "TOML configuration file (env TRAWL_CONFIG)");
    if (data)
      common.data_opts.push_back(
          sub->add_option("--data", common.data_dir, "data folder holding the index (default ./trawl-data)")
              ->envname("TRAWL_DATA"));
  };

  std::vector<std::string> paths;
  std::string report;
  int threads = 0;
  std::string source;
  CLI::App* ingest = app.add_subcommand("ingest", "index files and folders (recursively)");
  add_common(ingest, true);
  ingest->add_option("paths", paths, "files and folders")->required();
  ingest->add_option("--report", report, "write one JSON line per document to FILE");
  ingest->add_option("--threads", threads, "worker threads (default: all cores)")->check(CLI::Range(0, 256));
  ingest->add_option("--source", source, "source name recorded on these documents (default: files)");

  std::vector<std::string> words;
  bool json_out = false;
  int limit = 10, offset = 0;
  CLI::App* search = app.add_subcommand("search", "search the index");
  add_common(search, true);
  search->add_option("query", words, "query (words, \"phrases\", lang:ko, type:pdf, date:A..B ...)")->required();
  search->add_flag("--json", json_out, "print JSON");
  search->add_option("--limit", limit, "results to show (default 10)")->check(CLI::Range(0, 10000));
  search->add_option("--offset", offset, "results to skip")->check(CLI::Range(0, 1000000));

  std::string file;
  CLI::App* extract = app.add_subcommand("extract", "print a file's text and metadata (no index)");
  add_common(extract, false);
  extract->add_option("file", file, "file to extract")->required();
  extract->add_flag("--json", json_out, "print the document as JSON");

  std::string id;
  CLI::App* show = app.add_subcommand("show", "print an indexed document: text, locations, provenance");
  add_common(show, true);
  show->add_option("id", id, "document id or a unique prefix of it")->required();
  show->add_flag("--json", json_out, "print JSON");

  std::string list_file, list_name;
  CLI::App* lists = app.add_subcommand("lists", "sanctions lists and watchlists used to tag entities");
  lists->require_subcommand(1);
  CLI::App* lists_import = lists->add_subcommand("import", "check a list file and store it under a name");
  add_common(lists_import, true);
  lists_import->add_option("file", list_file, "the UN consolidated list XML, or a watchlist .csv/.toml")->required();
  lists_import->add_option("--name", list_name, "list name, used in entity ids list:NAME:... (e.g. UN)")->required();
  CLI::App* lists_show = lists->add_subcommand("show", "the stored lists and their sizes");
  add_common(lists_show, true);
  lists_show->add_flag("--json", json_out, "print JSON");

  CLI::App* stats = app.add_subcommand("stats", "documents by language, type and source");
  add_common(stats, true);
  stats->add_flag("--json", json_out, "print JSON");

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

  Config config;
  if (!build_config(common, config)) return kExitUsage;
  if (threads > 0) config.ingest.threads = threads;
  if (!source.empty()) config.ingest.source = source;

  try {
    if (*ingest) return cmd_ingest(config, paths, report);
    if (*search) return cmd_search(config, words, json_out, limit, offset);
    if (*extract) return cmd_extract(config, file, json_out);
    if (*show) return cmd_show(config, id, json_out);
    if (*stats) return cmd_stats(config, json_out);
    if (*lists_import) return cmd_lists_import(config, list_file, list_name);
    if (*lists_show) return cmd_lists_show(config, json_out);
  } catch (const std::exception& e) {
    error_line(std::string("unexpected error: ") + e.what());
    return kExitFailed;
  }
  return kExitUsage;
}

}  // namespace trawl
