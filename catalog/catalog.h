// The catalog: what each location holds now and held before, the state of each
// location's document, and the runs. SQLite in WAL mode; catalog/catalog_sqlite.cc is
// the only file of trawl that uses SQLite. docs/catalog.md describes the tables.
//
// The index holds documents (one per distinct bytes); the catalog holds locations (a
// path, a URL, a member of a container) and which document each holds. So:
//   - a location whose bytes change gets a new current document; the earlier one stays
//     in the index as an earlier version, with the times it was seen;
//   - a file gone from a folder that is walked again is marked gone;
//   - a document is "current" while some location that is not gone holds it, indexed.
// The index keeps a flag per document ("old") that search filters on; sync_flags()
// lists the documents whose flag disagrees with the catalog.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/result.h"

namespace trawl {

enum class LocationState {
  kSeen,     // read, not finished: a container whose members are not all done yet
  kIndexed,  // its document is in the index (after the commit that holds it)
  kFailed,   // its document failed: stage, code and reason say why
  kGone,     // no longer there (a file deleted from a folder walked again)
};

// "seen", "indexed", "failed", "gone".
std::string_view location_state_name(LocationState state);

// What a file looked like when read, so an unchanged file is known without reading it.
struct FileState {
  int64_t size = -1;  // -1: not a file, or unknown
  int64_t mtime_ns = 0;
  int64_t inode = 0;
  bool operator==(const FileState&) const = default;
};

struct LocationRecord {
  std::string uri;
  std::string source;
  std::string parent_uri;  // the container's location, "" at top level
  std::string doc_id;      // the document it holds now ("" if its bytes could not be read)
  std::string mime;
  LocationState state = LocationState::kSeen;
  std::optional<StageError> error;  // for kFailed
  int attempts = 0;                 // failed attempts in a row at the same document
  FileState file;
  int64_t first_seen = 0;  // unix seconds
  int64_t last_seen = 0;
  int64_t run = 0;  // the last run that saw it
};

// One version of a location: a document it held, and when.
struct VersionRecord {
  std::string doc_id;
  int64_t first_seen = 0;
  int64_t last_seen = 0;
  bool current = false;  // what the location holds now (and it is not gone)
};

// One sighting of a location, recorded by record(). For kIndexed: after the index commit
// that holds the document.
struct Sighting {
  std::string uri;
  std::string source;
  std::string parent_uri;
  std::string doc_id;
  std::string mime;
  LocationState state = LocationState::kIndexed;
  std::optional<StageError> error;  // REQUIRES: set iff state == kFailed
  FileState file;
  int64_t seen_at = 0;
  int64_t run = 0;
  // The document was written to the index in this commit (a new or replaced entry, which
  // the writer leaves current): its index flag is "current" now.
  bool written = false;
  // An unchanged container: every location inside it was seen again too.
  bool touch_members = false;
};

struct RunRecord {
  int64_t id = 0;
  std::string command;
  int64_t started_at = 0;
  int64_t ended_at = 0;  // 0 while running (or killed)
  std::string status;    // "running", "done", "interrupted", "failed"
  uint64_t ingested = 0, unchanged = 0, failed = 0;
};

struct RunCounts {
  uint64_t ingested = 0, unchanged = 0, failed = 0;
};

// Which locations a catalog-driven run takes (ingest --only-failed / --reprocess without
// paths): top-level locations only (a member is reached through its container).
struct LocationFilter {
  bool failed = false;   // failed, or unfinished (seen), or holding a failed member
  bool indexed = false;  // indexed
  std::string source;    // "" any
  std::string type;      // short type or MIME type ("pdf", "application/pdf"); "" any
  std::string under;     // uri prefix (a folder); "" any
};

// Thread-safe: calls are serialised on one connection. Several processes may open one
// catalog (WAL): readers never block the writer.
class Catalog {
 public:
  // Opens (creating if needed) the catalog at `path`. kFatal if it cannot be opened,
  // created or upgraded. Runs left "running" by a process that died become "interrupted".
  static Result<std::unique_ptr<Catalog>> open(const std::string& path);
  // Opens an existing catalog read-only; kNotFound if there is none.
  static Result<std::unique_ptr<Catalog>> open_readonly(const std::string& path);
  ~Catalog();

  // Starts a run; returns its id.
  Result<int64_t> begin_run(const std::string& command, int64_t now);
  Status end_run(int64_t run, const std::string& status, const RunCounts& counts, int64_t now);
  std::vector<RunRecord> runs(int limit = 20);

  // Applies sightings in one transaction: the location's current document, state,
  // reason and attempts, its versions' times. kFatal if the catalog cannot be written.
  Status record(const std::vector<Sighting>& sightings);

  std::optional<LocationRecord> find(const std::string& uri);
  // Every location that holds or held `doc_id`.
  std::vector<LocationRecord> locations_of(const std::string& doc_id);
  // A location's versions, oldest first.
  std::vector<VersionRecord> history(const std::string& uri);

  // Marks gone every location at or under `root` (a path or a container uri; members
  // of containers included) that run `run` did not see. Returns how many.
  Result<uint64_t> mark_gone(const std::string& root, int64_t run, int64_t now);

  // Calls fn for each location the filter takes, in uri order.
  Status for_each(const LocationFilter& filter,
                  const std::function<void(const LocationRecord&)>& fn);

  // The documents whose index flag disagrees with the catalog: (id, current). A document
  // is current when a location that is not gone holds it and is indexed.
  std::vector<std::pair<std::string, bool>> flags_to_sync();
  // Records that the index now has these flags (after the index commit that set them).
  Status flags_synced(const std::vector<std::pair<std::string, bool>>& flags);

  struct Counts {
    uint64_t locations = 0;
    uint64_t current_documents = 0;  // distinct documents current somewhere
    uint64_t documents = 0;          // distinct documents ever held (all versions)
    std::map<std::string, uint64_t> by_state;
  };
  Counts counts();

 private:
  struct Impl;
  explicit Catalog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace trawl
