// The flow graph:
//
//   source (input_node, serial: the run's Source) -> top limiter (items in flight)
//       -> process (function_node, parallel: read, id, catalog check, identify, extract,
//                   entities, index terms; or open a container's members)
//       -> route (multifunction_node)
//            - finished items (failed, unchanged) end here
//            - a container's members: its ticket goes to the member queue
//            - documents go to the writer of their shard
//   member queue (priority_queue_node of tickets, deeper containers first)
//       -> member limiter (members in flight, their own budget) -> take (one member of
//          a ticket's container; the ticket goes back in the queue) -> process
//   writer[shard] (one serial node per index shard: write, commit in batches; outcomes
//       and catalog states are reported after the commit that holds them)
//       -> the limiter the item came from
//
// Members have their own queue and budget, so containers holding every top-level token
// never starve their members. A nested container gives its member token back as soon as
// its own members are queued, so nesting cannot deadlock either. A container's own
// document (its members' list) is written when its last member has been read; the
// container's location is marked indexed in the catalog only when its document and all
// its members are done, so a run killed half-way reads it again next time (and finds the
// members already done unchanged).
#include "pipeline/ingest.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>

#include "catalog/catalog.h"
#include "config/layout.h"
#include "core/text.h"
#include "entities/lists.h"
#include "entities/tagger.h"
#include "extractors/extractor.h"
#include "index/index.h"
#include "pipeline/item.h"
#include "pipeline/process.h"
#include "pipeline/walk.h"

namespace flow = oneapi::tbb::flow;

namespace trawl {

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kIngested:
      return "ingested";
    case Outcome::kUnchanged:
      return "unchanged";
    case Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

namespace {

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

enum class Token { kNone, kTop, kMember };

struct Expansion;

struct Work {
  Item item;
  Document doc;
  ReadItem read;
  std::optional<PreparedDocument> prepared;
  Outcome outcome = Outcome::kIngested;
  Token token = Token::kNone;
  int depth = 0;                         // 0: an item of the run's source
  std::shared_ptr<Expansion> parent;     // the container this item is a member of
  std::shared_ptr<Expansion> expansion;  // this item's own members (a container, a WARC file)
  bool queued = false;                   // its members are queued
  bool skipped = false;                  // not of the run's --type: nothing recorded
  bool sighting = false;                 // a known document seen at one more location
  bool written = false;                  // the index entry was written (current again)
  bool touch_members = false;            // an unchanged container: its members were seen
  bool announced = false;                // on_extracted was called
};
using WorkPtr = std::shared_ptr<Work>;

// One container being read: its member source, the container's Work, what is pending.
struct Expansion {
  std::unique_ptr<Source> members;
  WorkPtr owner;                          // the container's Work; released when it completes
  std::shared_ptr<Expansion> parent;      // the container this one is inside
  std::string uri;                        // the container's location (a WARC file's path)
  std::vector<std::string> ancestors;     // ids of the containers above, and this one's
  std::shared_ptr<ArchiveBudget> budget;  // shared by all containers under one top-level item
  int depth = 0;                          // of its members
  std::string listing;                    // member paths, one per line (the first 1 MB)
  uint64_t listed = 0;
  std::optional<Error> cut;     // why its reading stopped early
  bool interrupted = false;     // stopped by the run's stop flag: not complete
  std::atomic<int> pending{1};  // members not done, plus the container's own document
};
using Ticket = std::shared_ptr<Expansion>;

struct DeeperFirst {
  bool operator()(const Ticket& a, const Ticket& b) const { return a->depth < b->depth; }
};

// What one thread keeps between documents.
struct ThreadState {
  std::unique_ptr<Processor> processor;
  DocumentBuilder builder;
};

bool matches_type(const std::string& mime, const std::string& type) {
  if (type.empty()) return true;
  if (type.find('/') != std::string::npos) return ascii_lower(type) == mime;
  return short_type(mime) == ascii_lower(type);
}

bool retryable(const LocationRecord& r) {
  if (!r.error) return true;
  const ErrorCode c = r.error->error.code;
  return (c == ErrorCode::kTimeout || c == ErrorCode::kIo) && r.attempts < 3;
}

// Sightings waiting to be written to the catalog, in batches.
class CatalogLog {
 public:
  explicit CatalogLog(Catalog& catalog) : catalog_(catalog) {}
  // Returns kFatal when a flush fails.
  Status add(Sighting s) {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(s));
    if (pending_.size() < 512) return {};
    return flush_locked();
  }
  Status flush() {
    std::lock_guard lock(mu_);
    return flush_locked();
  }

 private:
  Status flush_locked() {
    if (pending_.empty()) return {};
    Status s = catalog_.record(pending_);
    pending_.clear();
    return s;
  }
  Catalog& catalog_;
  std::mutex mu_;
  std::vector<Sighting> pending_;
};

class Ingest {
 public:
  Ingest(const Config& config, const IngestRequest& request, const IngestCallbacks& callbacks,
         IndexWriter& writer, Catalog& catalog, int64_t run, const ExtractorRegistry& registry)
      : config_(config),
        request_(request),
        callbacks_(callbacks),
        writer_(writer),
        catalog_(catalog),
        log_(catalog),
        run_(run),
        registry_(registry),
        ocr_engines_(std::make_shared<OcrEngines>(config.ocr)),
        pending_(writer.shards()),
        pending_bytes_(writer.shards(), 0) {
    // one gazetteer (lists in DATA/lists and the built-in places) shared by every thread
    std::vector<std::string> warnings;
    tagger_ = std::make_shared<const Tagger>(load_gazetteer(config.data_dir, &warnings));
    for (const std::string& w : warnings) std::fprintf(stderr, "trawl: %s\n", w.c_str());
  }

  Status run(Source& source, const std::atomic<uint64_t>& total, int threads);
  IngestSummary summary() const {
    IngestSummary s;
    s.ingested = ingested_;
    s.unchanged = unchanged_;
    s.failed = failed_;
    s.bytes = bytes_;
    s.interrupted = stopping();
    return s;
  }
  bool healthy() const {
    std::lock_guard lock(fatal_mu_);
    return !fatal_;
  }
  Status fatal_status() const {
    std::lock_guard lock(fatal_mu_);
    if (fatal_) return *fatal_;
    return {};
  }
  // Writes what is pending and syncs the index's version flags with the catalog.
  Status finish();

 private:
  bool stopping() const { return request_.stop && request_.stop->load(std::memory_order_relaxed); }
  void set_fatal(Error e) {
    std::lock_guard lock(fatal_mu_);
    if (!fatal_) fatal_ = std::move(e);
  }
  void process(Work& w);
  bool unchanged_file(Work& w);
  bool unchanged_member(Work& w);
  void open_members(Work& w);
  // A document's embedded files (attachments, images, an mbox's messages) become its
  // members, read after it like a container's; the document keeps its own text.
  void embed_children(Work& w, std::vector<Embedded> children);
  // A container's document once its members have all been read.
  void prepare_container(Work& w, Expansion& e);
  void write(const WorkPtr& w);
  Status commit(int shard);
  // The Work is done (committed, failed, unchanged): report it, or count it towards its
  // container's completion.
  void finish(const WorkPtr& w);
  void member_done(
      std::shared_ptr<Expansion> e);  // by value: completing it resets the owner's pointer
  void report(const Work& w, LocationState state);
  void announce(Work& w);

  const Config& config_;
  const IngestRequest& request_;
  const IngestCallbacks& callbacks_;
  IndexWriter& writer_;
  Catalog& catalog_;
  CatalogLog log_;
  int64_t run_;
  const ExtractorRegistry& registry_;
  std::shared_ptr<const Tagger> tagger_;
  oneapi::tbb::enumerable_thread_specific<ThreadState> threads_;
  std::shared_ptr<OcrEngines> ocr_engines_;  // one per thread, shared by the Processors

  // per shard, touched only by that shard's writer node: written, not yet committed
  std::vector<std::vector<WorkPtr>> pending_;
  std::vector<uint64_t> pending_bytes_;

  std::mutex deferred_mu_;
  std::vector<WorkPtr> deferred_;  // sightings of documents not yet in the index

  std::mutex report_mu_;
  std::atomic<uint64_t> ingested_{0}, unchanged_{0}, failed_{0}, bytes_{0};
  mutable std::mutex fatal_mu_;
  std::optional<Error> fatal_;
};

void Ingest::report(const Work& w, LocationState state) {
  if (w.skipped) return;
  const Document& doc = w.doc;
  const Location& loc = doc.locations.empty() ? w.item.location : doc.locations.front();
  DocumentOutcome o;
  o.path = loc.uri;
  o.id = doc.id;
  o.outcome = w.outcome;
  o.error = doc.error;
  // a failure seen again unchanged is not a new failure (the catalog keeps it failed)
  if (doc.failed() && w.outcome != Outcome::kUnchanged) o.outcome = Outcome::kFailed;
  if (w.expansion && w.expansion->cut) o.cut = one_line(w.expansion->cut->message);
  o.warnings = doc.warnings;
  o.mime = doc.mime;
  o.language = doc.language;
  o.parent_id = loc.parent_id;
  o.depth = w.depth;
  o.links = doc.links;
  o.date = doc.date;
  // a WARC file is no document: it is reported only when its reading failed or stopped early
  const bool warc = w.read.kind == ItemKind::kWarc && !doc.failed();
  if (warc && w.expansion && w.expansion->cut) {
    o.outcome = Outcome::kFailed;
    o.error = StageError{Stage::kRead, *w.expansion->cut};
    o.cut.clear();
  }

  Sighting s;
  s.uri = loc.uri;
  s.source = loc.source;
  // a WARC record's container is its WARC file, although its location is its URL: so
  // --only-failed finds the file to read a failed record again from
  s.parent_uri = w.parent ? w.parent->uri : "";
  s.doc_id = doc.id;
  s.mime = doc.mime;
  s.state = o.outcome == Outcome::kFailed || doc.failed() ? LocationState::kFailed : state;
  s.error = o.error;
  s.file = w.read.file;
  s.seen_at = loc.fetch.seen_at ? loc.fetch.seen_at : now();
  s.run = run_;
  s.written = w.written;
  s.touch_members = w.touch_members;
  if (Status st = log_.add(std::move(s)); !st) set_fatal(st.error());

  if (warc && o.outcome != Outcome::kFailed) return;
  if (o.outcome == Outcome::kFailed)
    ++failed_;
  else if (o.outcome == Outcome::kUnchanged)
    ++unchanged_;
  else
    ++ingested_;
  if (callbacks_.on_document) {
    std::lock_guard lock(report_mu_);
    callbacks_.on_document(o);
  }
}

void Ingest::announce(Work& w) {
  w.announced = true;
  if (!callbacks_.on_extracted) return;
  DocumentOutcome o;
  o.path = w.item.location.uri;
  o.id = w.doc.id;
  if (w.doc.failed()) {
    o.outcome = Outcome::kFailed;
    o.error = w.doc.error;
  } else {
    o.outcome = w.outcome;
  }
  o.mime = w.doc.mime;
  o.links = w.doc.links;
  o.date = w.doc.date;
  std::lock_guard lock(report_mu_);
  callbacks_.on_extracted(o);
}

void Ingest::finish(const WorkPtr& w) {
  if (w->expansion && w->queued) {
    // a container's own document is done; it is reported when its members are too
    member_done(w->expansion);
    return;
  }
  report(*w, LocationState::kIndexed);
  if (w->parent) member_done(w->parent);
}

void Ingest::member_done(std::shared_ptr<Expansion> e) {
  if (e->pending.fetch_sub(1) != 1) return;
  WorkPtr owner = std::move(e->owner);
  if (!owner) return;
  // complete: the container's location is indexed, unless the run stopped inside it
  report(*owner, e->interrupted ? LocationState::kSeen : LocationState::kIndexed);
  owner->expansion.reset();  // breaks the owner <-> expansion cycle
  if (e->parent) member_done(e->parent);
}

bool Ingest::unchanged_file(Work& w) {
  // --only-failed: the catalog named this file for itself or for a failed member
  if (w.item.path.empty() || request_.reprocess || request_.only_failed) return false;
  std::optional<LocationRecord> rec = catalog_.find(w.item.location.uri);
  if (!rec || (rec->doc_id.empty() && rec->state != LocationState::kFailed)) return false;
  Result<FileState> st = stat_file(w.item.path);
  if (!st || !(*st == rec->file)) return false;
  const bool same_state =
      rec->state == LocationState::kIndexed ||
      (rec->state == LocationState::kFailed && !request_.only_failed && !retryable(*rec));
  if (!same_state) return false;
  w.doc.id = rec->doc_id;
  w.doc.mime = rec->mime;
  w.doc.locations = {w.item.location};
  w.read.file = *st;
  w.outcome = Outcome::kUnchanged;
  if (rec->state == LocationState::kFailed) w.doc.error = rec->error;
  w.touch_members = true;  // members of a container (and records of a WARC file) were seen too
  return true;
}

bool Ingest::unchanged_member(Work& w) {
  if (request_.reprocess) return false;
  std::optional<LocationRecord> rec = catalog_.find(w.doc.primary_location());
  if (!rec || rec->doc_id != w.doc.id) return false;
  if (rec->state == LocationState::kIndexed ||
      (rec->state == LocationState::kFailed && !request_.only_failed && !retryable(*rec))) {
    w.outcome = Outcome::kUnchanged;
    if (rec->state == LocationState::kFailed) w.doc.error = rec->error;
    w.touch_members = true;
    return true;
  }
  return false;
}

void Ingest::process(Work& w) {
  Document& doc = w.doc;
  ThreadState& ts = threads_.local();
  if (!ts.processor) {
    auto p = Processor::create(registry_, config_, ocr_engines_);
    if (!p) {
      set_fatal(p.error());
      doc.fail(Stage::kIdentify, p.error());
      return;
    }
    ts.processor = std::move(*p);
    ts.processor->set_tagger(tagger_);
  }
  if (!w.item.sighting_of.empty()) {
    w.sighting = true;
    doc.id = w.item.sighting_of;
    doc.locations = {w.item.location};
    return;
  }
  if (unchanged_file(w)) return;
  w.read = read_item(w.item, *ts.processor, doc, config_.ingest.max_file_size);
  if (doc.failed()) return;
  if (w.read.kind == ItemKind::kDocument) {
    if (!matches_type(doc.mime, request_.type)) {
      w.skipped = true;
      return;
    }
    if (w.depth > 0 && unchanged_member(w)) return;
    std::vector<Embedded> children;
    ts.processor->process(doc, *w.read.bytes, w.item.declared_charsets, w.item.feed_date,
                          &children);
    w.read.bytes.reset();
    if (!doc.failed() && !children.empty()) embed_children(w, std::move(children));
  } else {
    if (w.depth > 0 && unchanged_member(w)) return;
    const bool too_deep = w.depth + 1 >= config_.archive.max_depth;
    const bool itself =
        w.parent && std::find(w.parent->ancestors.begin(), w.parent->ancestors.end(), doc.id) !=
                        w.parent->ancestors.end();
    if (w.read.kind == ItemKind::kContainer && (too_deep || itself)) {
      // indexed as a container not opened
      finish_container(
          doc, "", 0,
          make_error(ErrorCode::kTooLarge, itself ? "contains itself: not opened again"
                                                  : "nested deeper than archive.max_depth (" +
                                                        std::to_string(config_.archive.max_depth) +
                                                        "): not opened"));
      w.read.bytes.reset();
    } else {
      open_members(w);
      return;
    }
  }
  if (doc.failed()) return;
  try {
    w.prepared = ts.builder.build(doc);
  } catch (const std::exception& e) {
    doc.fail(Stage::kIndex,
             make_error(ErrorCode::kCorrupt, std::string("cannot index: ") + e.what()));
  }
}

void Ingest::open_members(Work& w) {
  auto e = std::make_shared<Expansion>();
  e->parent = w.parent;
  e->uri = w.doc.primary_location();
  if (w.parent) e->ancestors = w.parent->ancestors;
  e->ancestors.push_back(w.doc.id);
  if (w.parent) {
    e->budget = w.parent->budget;
  } else {
    e->budget = std::make_shared<ArchiveBudget>();
    e->budget->compressed = w.doc.size;
  }
  e->depth = w.depth + 1;
  auto members = open_inside(w.read, w.doc, config_, e->budget);
  if (!members) {
    w.doc.fail(Stage::kExtract, members.error());
    return;
  }
  e->members = std::move(*members);
  w.expansion = std::move(e);  // its owner is set by the process node, which holds the WorkPtr
}

void Ingest::embed_children(Work& w, std::vector<Embedded> children) {
  if (w.depth + 1 >= config_.archive.max_depth) {
    w.doc.warnings.push_back("holds " + std::to_string(children.size()) +
                             " embedded files, nested deeper than archive.max_depth (" +
                             std::to_string(config_.archive.max_depth) + "): not read");
    return;
  }
  auto e = std::make_shared<Expansion>();
  e->parent = w.parent;
  e->uri = w.doc.primary_location();
  if (w.parent) e->ancestors = w.parent->ancestors;
  e->ancestors.push_back(w.doc.id);
  if (w.parent) {
    e->budget = w.parent->budget;
  } else {
    e->budget = std::make_shared<ArchiveBudget>();
    e->budget->compressed = w.doc.size;
  }
  e->depth = w.depth + 1;
  e->members = make_embedded_source(std::move(children), w.doc.locations.front(), w.doc.id);
  w.expansion = std::move(e);  // its owner is set by the process node, which holds the WorkPtr
}

void Ingest::prepare_container(Work& w, Expansion& e) {
  if (w.read.kind == ItemKind::kWarc) return;      // no document of its own
  if (w.read.kind == ItemKind::kDocument) return;  // its own text, prepared before its children
  finish_container(w.doc, e.listing, e.listed, e.cut);
  w.read.bytes.reset();
  try {
    w.prepared = threads_.local().builder.build(w.doc);
  } catch (const std::exception& ex) {
    w.doc.fail(Stage::kIndex,
               make_error(ErrorCode::kCorrupt, std::string("cannot index: ") + ex.what()));
  }
}

void Ingest::write(const WorkPtr& w) {
  if (!healthy()) return;  // the index is broken: drop the rest quietly, the run reports it
  const std::string& id = w->doc.id;
  const int shard = writer_.shard_of(id);
  Result<WriteOutcome> r = WriteOutcome::kUnchanged;
  if (w->sighting) {
    r = writer_.add_location(id, w->doc.locations.front());
    if (!r && r.error().code == ErrorCode::kNotFound) {
      // its original may be on its way through the graph: tried again at the end
      std::lock_guard lock(deferred_mu_);
      deferred_.push_back(w);
      return;
    }
  } else {
    r = writer_.write(std::move(*w->prepared),
                      request_.reprocess ? WriteMode::kReplace : WriteMode::kMerge);
    w->prepared.reset();
  }
  if (!r) {
    set_fatal(r.error());
    return;
  }
  if (*r == WriteOutcome::kUnchanged) {
    if (!w->doc.failed()) w->outcome = Outcome::kUnchanged;
  } else {
    w->written = true;
    bytes_ += w->doc.size;
  }
  // what the report needs stays; the text has gone to the index
  w->doc.text.clear();
  w->doc.text.shrink_to_fit();
  w->doc.pages.clear();
  w->doc.entities.clear();
  pending_[shard].push_back(w);
  pending_bytes_[shard] += w->doc.size;
  if (pending_[shard].size() >= static_cast<size_t>(config_.index.commit_every) ||
      pending_bytes_[shard] >= config_.index.commit_bytes) {
    if (Status s = commit(shard); !s) set_fatal(s.error());
  }
}

Status Ingest::commit(int shard) {
  std::vector<WorkPtr> done;
  done.swap(pending_[shard]);
  pending_bytes_[shard] = 0;
  if (done.empty()) return {};
  if (Status s = writer_.commit(shard); !s) return s;
  for (const WorkPtr& w : done) finish(w);
  return log_.flush();
}

Status Ingest::finish() {
  for (int i = 0; i < writer_.shards(); ++i)
    if (Status s = commit(i); !s) set_fatal(s.error());
  // sightings that arrived before the document they are of
  std::vector<WorkPtr> deferred;
  {
    std::lock_guard lock(deferred_mu_);
    deferred.swap(deferred_);
  }
  if (!deferred.empty() && healthy()) {
    for (const WorkPtr& w : deferred) {
      Result<WriteOutcome> r = writer_.add_location(w->doc.id, w->doc.locations.front());
      if (!r && r.error().code == ErrorCode::kNotFound)
        w->doc.fail(Stage::kIndex,
                    make_error(ErrorCode::kNotFound, "revisit of a document that is not indexed"));
      else if (!r)
        set_fatal(r.error());
      else if (*r == WriteOutcome::kUnchanged)
        w->outcome = Outcome::kUnchanged;
      else
        w->written = true;
    }
    for (int i = 0; i < writer_.shards() && healthy(); ++i)
      if (Status s = writer_.commit(i); !s) set_fatal(s.error());
    if (healthy())
      for (const WorkPtr& w : deferred) finish(w);
  }
  if (Status s = log_.flush(); !s) set_fatal(s.error());
  return fatal_status();
}

Status Ingest::run(Source& source, const std::atomic<uint64_t>& total, int threads) {
  const size_t in_flight = config_.ingest.max_in_flight > 0
                               ? static_cast<size_t>(config_.ingest.max_in_flight)
                               : static_cast<size_t>(8 * std::max(1, threads));
  flow::graph g;
  auto catch_all = [&](Work& w, auto&& fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      w.doc.fail(Stage::kExtract,
                 make_error(ErrorCode::kCorrupt, std::string("unexpected error: ") + e.what()));
    } catch (...) {
      w.doc.fail(Stage::kExtract, make_error(ErrorCode::kCorrupt, "unexpected error"));
    }
  };

  flow::input_node<WorkPtr> input(g, [&](oneapi::tbb::flow_control& fc) -> WorkPtr {
    std::optional<Item> item;
    if (!stopping() && healthy()) {
      try {
        item = source.next();
      } catch (const std::exception& e) {
        item = Item{};
        item->error = make_error(ErrorCode::kIo, std::string("source failed: ") + e.what());
      }
    }
    if (!item) {
      fc.stop();
      return nullptr;
    }
    if (callbacks_.on_progress) callbacks_.on_progress(source.count(), total.load());
    auto w = std::make_shared<Work>();
    w->item = std::move(*item);
    w->token = Token::kTop;
    return w;
  });
  // Integer decrementers: a continue_msg one would wait for every predecessor to signal.
  flow::limiter_node<WorkPtr, int> top_limit(g, in_flight);
  flow::priority_queue_node<Ticket, DeeperFirst> tickets(g);
  flow::limiter_node<Ticket, int> member_limit(g, in_flight);

  flow::function_node<WorkPtr, WorkPtr> process(g, flow::unlimited, [&](WorkPtr w) {
    catch_all(*w, [&] {
      this->process(*w);
      if (w->expansion) w->expansion->owner = w;
    });
    return w;
  });

  // take: one member of a ticket's container
  using Take = flow::multifunction_node<Ticket, std::tuple<WorkPtr, int, WorkPtr, Ticket>>;
  Take take(g, flow::unlimited, [&](Ticket e, Take::output_ports_type& out) {
    std::optional<Item> item;
    const ArchiveBudget& b = *e->budget;
    const double ratio = config_.archive.max_ratio;
    if (stopping() || !healthy()) {
      e->interrupted = true;
    } else if (b.compressed > 0 && b.bytes > (1u << 20) &&
               static_cast<double>(b.bytes) > ratio * b.compressed) {
      // nested containers (42.zip): each may look sane; together they are a bomb
      e->cut = make_error(ErrorCode::kTooLarge,
                          "over archive.max_ratio (" + std::to_string(static_cast<int>(ratio)) +
                              ") for the whole container: " + std::to_string(b.bytes.load()) +
                              " bytes out of " + std::to_string(b.compressed) + " compressed");
    } else {
      try {
        item = e->members->next();
      } catch (const std::exception& ex) {
        e->cut = make_error(ErrorCode::kCorrupt, std::string("unexpected error: ") + ex.what());
      }
      if (!item && !e->cut) e->cut = e->members->error();
    }
    if (item) {
      auto w = std::make_shared<Work>();
      if (e->listing.size() < (1u << 20) && !item->location.inner_path.empty())
        e->listing += item->location.inner_path + "\n";
      ++e->listed;
      w->item = std::move(*item);
      w->token = Token::kMember;
      w->depth = e->depth;
      w->parent = e;
      e->pending.fetch_add(1);
      std::get<0>(out).try_put(w);
      std::get<3>(out).try_put(e);  // back in the queue for its next member
      return;
    }
    std::get<1>(out).try_put(1);  // no member: the token goes back
    e->members.reset();           // frees the reader and the container's bytes
    WorkPtr owner = e->owner;
    if (!owner) return;
    catch_all(*owner, [&] { prepare_container(*owner, *e); });
    std::get<2>(out).try_put(owner);
  });

  std::vector<std::unique_ptr<flow::multifunction_node<WorkPtr, std::tuple<int, int>>>> writers;
  using Writer = flow::multifunction_node<WorkPtr, std::tuple<int, int>>;
  auto give_back = [](Work& w, auto& out) {
    if (w.token == Token::kTop)
      std::get<0>(out).try_put(1);
    else if (w.token == Token::kMember)
      std::get<1>(out).try_put(1);
    w.token = Token::kNone;
  };
  for (int i = 0; i < writer_.shards(); ++i) {
    writers.push_back(
        std::make_unique<Writer>(g, flow::serial, [&](WorkPtr w, Writer::output_ports_type& out) {
          try {
            write(w);
          } catch (const std::exception& e) {
            set_fatal(make_error(ErrorCode::kFatal, std::string("index writer: ") + e.what()));
          }
          give_back(*w, out);
        }));
    flow::make_edge(flow::output_port<0>(*writers.back()), top_limit.decrementer());
    flow::make_edge(flow::output_port<1>(*writers.back()), member_limit.decrementer());
  }

  using Router = flow::multifunction_node<WorkPtr, std::tuple<int, int, Ticket>>;
  Router route(g, flow::unlimited, [&](WorkPtr w, Router::output_ports_type& out) {
    if (w->depth == 0 && !w->announced) announce(*w);
    if (w->expansion && !w->queued && !w->doc.failed()) {
      // a container: its members are queued; a nested one gives its token back now
      w->queued = true;
      if (w->token == Token::kMember) {
        std::get<1>(out).try_put(1);
        w->token = Token::kNone;
      }
      std::get<2>(out).try_put(w->expansion);
      return;
    }
    if (w->doc.failed() || w->outcome == Outcome::kUnchanged || w->skipped ||
        (!w->prepared && !w->sighting)) {
      finish(w);
      if (w->token == Token::kTop)
        std::get<0>(out).try_put(1);
      else if (w->token == Token::kMember)
        std::get<1>(out).try_put(1);
      w->token = Token::kNone;
      return;
    }
    writers[writer_.shard_of(w->doc.id)]->try_put(w);
  });

  flow::make_edge(input, top_limit);
  flow::make_edge(top_limit, process);
  flow::make_edge(process, route);
  flow::make_edge(flow::output_port<0>(route), top_limit.decrementer());
  flow::make_edge(flow::output_port<1>(route), member_limit.decrementer());
  flow::make_edge(flow::output_port<2>(route), tickets);
  flow::make_edge(tickets, member_limit);
  flow::make_edge(member_limit, take);
  flow::make_edge(flow::output_port<0>(take), process);
  flow::make_edge(flow::output_port<1>(take), member_limit.decrementer());
  flow::make_edge(flow::output_port<2>(take), route);
  flow::make_edge(flow::output_port<3>(take), tickets);
  input.activate();
  g.wait_for_all();
  if (std::optional<Error> e = source.error()) set_fatal(*e);
  return finish();
}

// The index's flags follow the catalog: documents no location holds now are left out of
// searches, documents held again come back.
Status sync_versions(Catalog& catalog, IndexWriter& writer) {
  std::vector<std::pair<std::string, bool>> flags = catalog.flags_to_sync();
  if (flags.empty()) return {};
  for (const auto& [id, current] : flags)
    if (Status s = writer.set_current(id, current); !s) return s;
  for (int i = 0; i < writer.shards(); ++i)
    if (Status s = writer.commit(i); !s) return s;
  return catalog.flags_synced(flags);
}

}  // namespace

Result<IngestSummary> run_ingest(const Config& config, const IngestRequest& request,
                                 const IngestCallbacks& callbacks) {
  auto start = std::chrono::steady_clock::now();
  int threads =
      config.ingest.threads > 0 ? config.ingest.threads : oneapi::tbb::info::default_concurrency();
  oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<size_t>(threads));
  const DataLayout layout(config.data_dir);
  std::error_code ec;
  std::filesystem::create_directories(layout.root(), ec);
  if (ec)
    return make_error(ErrorCode::kFatal,
                      "cannot create data folder " + layout.root() + ": " + ec.message());

  ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  // libmagic that cannot load stops the run here, not document by document
  if (auto probe = Processor::create(registry, config); !probe) return probe.error();

  int shards = config.index.shards > 0 ? config.index.shards : threads;
  auto writer = IndexWriter::open(layout.index(), shards);
  if (!writer) return writer.error();
  auto catalog = Catalog::open(layout.catalog());
  if (!catalog) return catalog.error();
  // a run killed between an index commit and the flags' sync left them behind
  if (Status s = sync_versions(**catalog, **writer); !s) return s.error();

  auto run = (*catalog)->begin_run(request.command, now());
  if (!run) return run.error();

  std::unique_ptr<Source> source;
  std::vector<std::string> roots;
  for (const std::string& p : request.paths) roots.push_back(absolute_path(p));
  const std::vector<std::string> exclude = {config.data_dir};
  std::atomic<uint64_t> total{0};
  std::atomic<bool> counting_done{false};
  std::thread counter;
  if (request.source_override) {
    // the crawler's: nothing to walk
  } else if (roots.empty() || request.only_failed) {
    // the catalog names what to take: failed or unfinished locations (under the paths
    // given), or with --reprocess alone everything indexed
    std::vector<LocationFilter> filters;
    for (const std::string& under : roots.empty() ? std::vector<std::string>{""} : roots) {
      LocationFilter filter;
      filter.failed = request.only_failed;
      filter.indexed = request.reprocess && !request.only_failed;
      filter.source = request.source;
      filter.under = under;
      filters.push_back(filter);
    }
    source = make_catalog_source(**catalog, filters);
  } else {
    source = make_file_source(roots, exclude, config.ingest.source);
    if (callbacks.on_progress)
      counter = std::thread([&] { total = count_files(roots, exclude, &counting_done); });
  }

  Ingest ingest(config, request, callbacks, **writer, **catalog, *run, registry);
  Status s =
      ingest.run(request.source_override ? *request.source_override : *source, total, threads);
  counting_done = true;
  if (counter.joinable()) counter.join();
  IngestSummary summary = ingest.summary();

  // gone: what a complete walk of a folder did not see
  const bool narrowed = request.only_failed || !request.type.empty();
  if (s && !summary.interrupted && !narrowed) {
    for (const std::string& root : roots) {
      auto gone = (*catalog)->mark_gone(root, *run, now());
      if (!gone) {
        s = gone.error();
        break;
      }
      summary.gone += *gone;
    }
  }
  if (s) s = sync_versions(**catalog, **writer);
  RunCounts counts{summary.ingested, summary.unchanged, summary.failed};
  (void)(*catalog)->end_run(*run,
                            !s                    ? "failed"
                            : summary.interrupted ? "interrupted"
                                                  : "done",
                            counts, now());
  if (!s) return s.error();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace trawl
