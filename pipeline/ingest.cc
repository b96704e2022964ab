// The flow graph:
//
//   walk (input_node, serial) -> limiter (documents in flight)
//     -> process (function_node, parallel: read, hash, skip-if-unchanged, identify,
//                 extract, language, build index terms)
//     -> route (multifunction_node: failed and unchanged documents end here)
//     -> writer[shard] (one serial node per index shard: write, batch commits)
//     -> limiter.decrementer
//
// The limiter bounds memory whatever the corpus size. Index terms are built in the
// parallel stage, so each serial writer only merges postings; with one shard per core
// the writers run in parallel too. A document's outcome is reported only after the
// commit that contains it.
#include "pipeline/ingest.h"

#include <cstdio>

#include "entities/lists.h"
#include "entities/tagger.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "extractors/extractor.h"
#include "index/index.h"
#include "pipeline/process.h"
#include "pipeline/walk.h"

namespace flow = oneapi::tbb::flow;

namespace trawl {

std::string index_dir(const Config& config) {
  return (std::filesystem::path(config.data_dir) / "index").string();
}

namespace {

struct Work {
  WalkItem item;
  Document doc;
  std::optional<PreparedDocument> prepared;
  bool unchanged = false;
};
using WorkPtr = std::shared_ptr<Work>;

// What one thread keeps between documents: a libmagic handle, a term generator, and a
// read-only view of the index to skip unchanged files.
struct ThreadState {
  std::unique_ptr<Processor> processor;
  DocumentBuilder builder;
  std::unique_ptr<IndexReader> reader;
  bool reader_tried = false;
};

DocumentOutcome outcome_of(const Work& w) {
  DocumentOutcome o;
  o.path = w.item.path;
  o.id = w.doc.id;
  o.mime = w.doc.mime;
  o.language = w.doc.language;
  o.warnings = w.doc.warnings;
  if (w.doc.failed()) {
    o.status = "failed";
    o.stage = w.doc.error->stage;
    o.code = std::string(error_code_name(w.doc.error->error.code));
    o.reason = w.doc.error->error.message;
  } else {
    o.status = w.unchanged ? "unchanged" : "ingested";
  }
  return o;
}

class Ingest {
 public:
  Ingest(const Config& config, const IngestCallbacks& callbacks, IndexWriter& writer,
         const ExtractorRegistry& registry)
      : config_(config), callbacks_(callbacks), writer_(writer), registry_(registry),
        ocr_engines_(std::make_shared<OcrEngines>(config.ocr)), pending_(writer.shards()) {
    // one gazetteer (lists in DATA/lists and the built-in places) shared by every thread
    std::vector<std::string> warnings;
    tagger_ = std::make_shared<const Tagger>(load_gazetteer(config.data_dir, &warnings));
    for (const std::string& w : warnings) std::fprintf(stderr, "trawl: %s\n", w.c_str());
  }

  Status run(const std::vector<std::string>& paths, int threads);
  IngestSummary summary() const {
    IngestSummary s;
    s.ingested = ingested_;
    s.unchanged = unchanged_;
    s.failed = failed_;
    s.bytes = bytes_;
    return s;
  }

 private:
  void process(Work& w);
  void report(const Work& w);
  // Writes one document to its shard; commits when the batch is full.
  void write(Work& w);
  Status commit(int shard);

  const Config& config_;
  const IngestCallbacks& callbacks_;
  IndexWriter& writer_;
  const ExtractorRegistry& registry_;
  std::shared_ptr<const Tagger> tagger_;
  oneapi::tbb::enumerable_thread_specific<ThreadState> threads_;
  std::shared_ptr<OcrEngines> ocr_engines_;  // one per thread, shared by the Processors

  struct Pending {
    std::vector<DocumentOutcome> outcomes;
    uint64_t bytes = 0;
  };
  std::vector<Pending> pending_;  // per shard, touched only by that shard's writer node

  std::mutex report_mu_;
  std::atomic<uint64_t> ingested_{0}, unchanged_{0}, failed_{0}, bytes_{0};
  std::mutex fatal_mu_;
  std::optional<Error> fatal_;
};

void Ingest::report(const Work& w) {
  DocumentOutcome o = outcome_of(w);
  if (o.status == "failed") ++failed_;
  else if (o.status == "unchanged") ++unchanged_;
  else ++ingested_;
  if (callbacks_.on_document) {
    std::lock_guard lock(report_mu_);
    callbacks_.on_document(o);
  }
}

void Ingest::process(Work& w) {
  Document& doc = w.doc;
  doc.locations.push_back(Location{config_.ingest.source, w.item.path, "", ""});
  if (w.item.error) {
    doc.fail("read", *w.item.error);
    return;
  }
  ThreadState& ts = threads_.local();
  if (!ts.processor) {
    auto p = Processor::create(registry_, config_, ocr_engines_);
    if (!p) {
      doc.fail("identify", p.error());
      return;
    }
    ts.processor = std::move(*p);
    ts.processor->set_tagger(tagger_);
  }
  Result<FileBytes> file = read_file(w.item.path, config_.ingest.max_file_size);
  if (!file) {
    doc.fail("read", file.error());
    return;
  }
  doc.provenance.fetched_at = static_cast<int64_t>(std::time(nullptr));
  doc.provenance.modified_at = file->modified_at;
  ts.processor->identify(doc, file->bytes);

  // Known bytes at a known place: nothing to do (the writer checks again for
  // documents that arrive twice in one run).
  if (!ts.reader_tried) {
    ts.reader_tried = true;
    if (auto r = IndexReader::open(index_dir(config_))) ts.reader = std::move(*r);
  }
  if (ts.reader) {
    for (const std::string& uri : ts.reader->locations_of(doc.id)) {
      if (uri == w.item.path) {
        w.unchanged = true;
        return;
      }
    }
  }
  ts.processor->process(doc, file->bytes);
  if (doc.failed()) return;
  try {
    w.prepared = ts.builder.build(doc);
  } catch (const std::exception& e) {
    doc.fail("index", make_error(ErrorCode::kCorrupt, std::string("cannot index: ") + e.what()));
  }
}

void Ingest::write(Work& w) {
  {
    std::lock_guard lock(fatal_mu_);
    if (fatal_) return;  // the index is broken: drop the rest quietly, the run reports it
  }
  int shard = writer_.shard_of(w.doc.id);
  Result<WriteOutcome> r = writer_.write(std::move(*w.prepared));
  w.prepared.reset();
  if (!r) {
    std::lock_guard lock(fatal_mu_);
    if (!fatal_) fatal_ = r.error();
    return;
  }
  if (*r == WriteOutcome::kUnchanged) w.unchanged = true;
  Pending& p = pending_[shard];
  p.outcomes.push_back(outcome_of(w));
  p.bytes += w.doc.size;
  if (!w.unchanged) bytes_ += w.doc.size;
  if (p.outcomes.size() >= static_cast<size_t>(config_.index.commit_every) ||
      p.bytes >= config_.index.commit_bytes) {
    if (Status s = commit(shard); !s) {
      std::lock_guard lock(fatal_mu_);
      if (!fatal_) fatal_ = s.error();
    }
  }
}

Status Ingest::commit(int shard) {
  Pending& p = pending_[shard];
  if (p.outcomes.empty()) return {};
  Status s = writer_.commit(shard);
  if (!s) return s;
  for (const DocumentOutcome& o : p.outcomes) {
    if (o.status == "unchanged") ++unchanged_;
    else ++ingested_;
    if (callbacks_.on_document) {
      std::lock_guard lock(report_mu_);
      callbacks_.on_document(o);
    }
  }
  p.outcomes.clear();
  p.bytes = 0;
  return {};
}

Status Ingest::run(const std::vector<std::string>& paths, int threads) {
  std::vector<std::string> exclude = {config_.data_dir};
  Walker walker(paths, exclude);
  const size_t in_flight = config_.ingest.max_in_flight > 0 ? static_cast<size_t>(config_.ingest.max_in_flight)
                                                             : static_cast<size_t>(8 * threads);

  flow::graph g;
  flow::input_node<WorkPtr> walk(g, [&](oneapi::tbb::flow_control& fc) -> WorkPtr {
    std::optional<WalkItem> item;
    try {
      item = walker.next();
    } catch (const std::exception& e) {
      item = WalkItem{"", make_error(ErrorCode::kIo, std::string("walk failed: ") + e.what())};
    }
    if (!item) {
      fc.stop();
      return nullptr;
    }
    auto w = std::make_shared<Work>();
    w->item = std::move(*item);
    return w;
  });
  // An integer decrementer: a continue_msg one would wait for every predecessor to signal
  // before counting one document done.
  flow::limiter_node<WorkPtr, int> limiter(g, in_flight);
  flow::function_node<WorkPtr, WorkPtr> process(g, flow::unlimited, [&](WorkPtr w) {
    try {
      this->process(*w);
    } catch (const std::exception& e) {
      w->doc.fail("extract", make_error(ErrorCode::kCorrupt, std::string("unexpected error: ") + e.what()));
    } catch (...) {
      w->doc.fail("extract", make_error(ErrorCode::kCorrupt, "unexpected error"));
    }
    return w;
  });

  std::vector<std::unique_ptr<flow::function_node<WorkPtr, int>>> writers;
  for (int i = 0; i < writer_.shards(); ++i) {
    writers.push_back(std::make_unique<flow::function_node<WorkPtr, int>>(
        g, flow::serial, [&](WorkPtr w) {
          try {
            write(*w);
          } catch (const std::exception& e) {
            std::lock_guard lock(fatal_mu_);
            if (!fatal_) fatal_ = make_error(ErrorCode::kFatal, std::string("index writer: ") + e.what());
          }
          return 1;
        }));
    flow::make_edge(*writers.back(), limiter.decrementer());
  }

  // Documents that need no writing end here; the others go to their shard's writer.
  using Router = flow::multifunction_node<WorkPtr, std::tuple<int>>;
  Router route(g, flow::unlimited, [&](WorkPtr w, Router::output_ports_type& out) {
    if (w->doc.failed() || w->unchanged || !w->prepared) {
      report(*w);
      std::get<0>(out).try_put(1);
      return;
    }
    writers[writer_.shard_of(w->doc.id)]->try_put(w);
  });

  flow::make_edge(walk, limiter);
  flow::make_edge(limiter, process);
  flow::make_edge(process, route);
  flow::make_edge(flow::output_port<0>(route), limiter.decrementer());
  walk.activate();
  g.wait_for_all();

  for (int i = 0; i < writer_.shards(); ++i) {
    if (Status s = commit(i); !s) {
      std::lock_guard lock(fatal_mu_);
      if (!fatal_) fatal_ = s.error();
    }
  }
  if (fatal_) return *fatal_;
  return {};
}

}  // namespace

Result<IngestSummary> run_ingest(const Config& config, const std::vector<std::string>& paths,
                                 const IngestCallbacks& callbacks) {
  auto start = std::chrono::steady_clock::now();
  int threads = config.ingest.threads > 0 ? config.ingest.threads
                                          : oneapi::tbb::info::default_concurrency();
  oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<size_t>(threads));
  int shards = config.index.shards > 0 ? config.index.shards : threads;
  auto writer = IndexWriter::open(index_dir(config), shards);
  if (!writer) return writer.error();
  ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  Ingest ingest(config, callbacks, **writer, registry);
  Status s = ingest.run(paths, threads);
  if (!s) return s.error();
  IngestSummary summary = ingest.summary();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace trawl
