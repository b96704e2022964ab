// The SQLite adapter of the catalog's locations, versions, index flags and runs.
#include <sqlite3.h>

#include <map>
#include <mutex>
#include <stdexcept>

#include "catalog/catalog.h"
#include "catalog/sqlite.h"

namespace trawl {

using namespace trawl::sqlite;

std::string_view location_state_name(LocationState state) {
  switch (state) {
    case LocationState::kSeen:
      return "seen";
    case LocationState::kIndexed:
      return "indexed";
    case LocationState::kFailed:
      return "failed";
    case LocationState::kGone:
      return "gone";
  }
  return "seen";
}

namespace {

LocationState state_from_name(std::string_view s) {
  for (LocationState st : {LocationState::kSeen, LocationState::kIndexed, LocationState::kFailed,
                           LocationState::kGone})
    if (location_state_name(st) == s) return st;
  return LocationState::kSeen;
}

// Tables. A location's history is its rows in `versions`; `index_flags` is what the
// index holds for each document's "old" flag (1 = not current).
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  ingested INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS locations(
  id INTEGER PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  parent_uri TEXT NOT NULL DEFAULT '',
  doc_id TEXT NOT NULL DEFAULT '',
  mime TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  file_size INTEGER NOT NULL DEFAULT -1,
  file_mtime_ns INTEGER NOT NULL DEFAULT 0,
  file_inode INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  run INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS locations_doc ON locations(doc_id);
CREATE INDEX IF NOT EXISTS locations_state ON locations(state);
CREATE INDEX IF NOT EXISTS locations_parent ON locations(parent_uri);
CREATE TABLE IF NOT EXISTS versions(
  location INTEGER NOT NULL,
  doc_id TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY(location, doc_id));
CREATE INDEX IF NOT EXISTS versions_doc ON versions(doc_id);
CREATE TABLE IF NOT EXISTS index_flags(
  doc_id TEXT PRIMARY KEY,
  old INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '1');
)sql";

// The range of uris strictly inside a location: "uri/" <= x < "uri0" ('0' follows '/').
std::pair<std::string, std::string> inside(const std::string& uri) {
  return {uri + "/", uri + "0"};
}

constexpr const char* kLocationColumns =
    "uri, source, parent_uri, doc_id, mime, state, stage, code, reason, attempts, file_size, "
    "file_mtime_ns, "
    "file_inode, first_seen, last_seen, run";

LocationRecord location_from(const Stmt& s) {
  LocationRecord r;
  r.uri = s.text(0);
  r.source = s.text(1);
  r.parent_uri = s.text(2);
  r.doc_id = s.text(3);
  r.mime = s.text(4);
  r.state = state_from_name(s.text(5));
  if (r.state == LocationState::kFailed) {
    StageError e{stage_from_name(s.text(6)).value_or(Stage::kRead),
                 Error{error_code_from_name(s.text(7)).value_or(ErrorCode::kCorrupt), s.text(8)}};
    r.error = std::move(e);
  }
  r.attempts = static_cast<int>(s.i64(9));
  r.file = FileState{s.i64(10), s.i64(11), s.i64(12)};
  r.first_seen = s.i64(13);
  r.last_seen = s.i64(14);
  r.run = s.i64(15);
  return r;
}

}  // namespace

struct Catalog::Impl {
  DbPtr db;
  std::mutex mu;

  sqlite3* h() { return db.get(); }

  // Runs fn in one transaction, rolled back if it throws.
  template <typename Fn>
  void transaction(Fn&& fn) {
    exec(h(), "BEGIN IMMEDIATE");
    try {
      fn();
      exec(h(), "COMMIT");
    } catch (...) {
      sqlite3_exec(h(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
};

Catalog::Catalog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalog::~Catalog() = default;

Result<std::unique_ptr<Catalog>> Catalog::open(const std::string& path) {
  auto db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  try {
    // WAL: readers (search, show) never block the writer. NORMAL: a commit survives a
    // crash of the process; only a power cut may lose the last commits, which a run redoes.
    exec(impl->h(), "PRAGMA journal_mode=WAL");
    exec(impl->h(), "PRAGMA synchronous=NORMAL");
    exec(impl->h(), kSchema);
    exec(impl->h(), "UPDATE runs SET status='interrupted' WHERE status='running'");
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, std::string(e.what()) + " (" + path + ")");
  }
  return std::unique_ptr<Catalog>(new Catalog(std::move(impl)));
}

Result<std::unique_ptr<Catalog>> Catalog::open_readonly(const std::string& path) {
  auto db = open_db(path, SQLITE_OPEN_READONLY);
  if (!db) return db.error();
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  return std::unique_ptr<Catalog>(new Catalog(std::move(impl)));
}

Result<int64_t> Catalog::begin_run(const std::string& command, int64_t now) {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt(impl_->h(), "INSERT INTO runs(command, started_at, status) VALUES(?, ?, 'running')")
        .bind(1, command)
        .bind(2, now)
        .run();
    return sqlite3_last_insert_rowid(impl_->h());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, e.what());
  }
}

Status Catalog::end_run(int64_t run, const std::string& status, const RunCounts& counts,
                        int64_t now) {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt(impl_->h(),
         "UPDATE runs SET ended_at=?, status=?, ingested=?, unchanged=?, failed=? WHERE id=?")
        .bind(1, now)
        .bind(2, status)
        .bind(3, static_cast<int64_t>(counts.ingested))
        .bind(4, static_cast<int64_t>(counts.unchanged))
        .bind(5, static_cast<int64_t>(counts.failed))
        .bind(6, run)
        .run();
    return {};
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, e.what());
  }
}

std::vector<RunRecord> Catalog::runs(int limit) {
  std::lock_guard lock(impl_->mu);
  std::vector<RunRecord> out;
  try {
    Stmt s(impl_->h(),
           "SELECT id, command, started_at, ended_at, status, ingested, unchanged, failed FROM "
           "runs ORDER BY id DESC "
           "LIMIT ?");
    s.bind(1, limit);
    while (s.step())
      out.push_back(RunRecord{s.i64(0), s.text(1), s.i64(2), s.i64(3), s.text(4),
                              static_cast<uint64_t>(s.i64(5)), static_cast<uint64_t>(s.i64(6)),
                              static_cast<uint64_t>(s.i64(7))});
  } catch (const std::exception&) {
  }
  return out;
}

Status Catalog::record(const std::vector<Sighting>& sightings) {
  if (sightings.empty()) return {};
  std::lock_guard lock(impl_->mu);
  try {
    sqlite3* db = impl_->h();
    impl_->transaction([&] {
      Stmt find(db, "SELECT id, doc_id, attempts FROM locations WHERE uri=?");
      Stmt insert(db,
                  "INSERT INTO locations(uri, source, parent_uri, doc_id, mime, state, stage, "
                  "code, reason, attempts, "
                  "file_size, file_mtime_ns, file_inode, first_seen, last_seen, run) "
                  "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      Stmt update(
          db,
          "UPDATE locations SET source=?, parent_uri=?, doc_id=?, mime=?, state=?, stage=?, "
          "code=?, reason=?, "
          "attempts=?, file_size=?, file_mtime_ns=?, file_inode=?, last_seen=?, run=? WHERE id=?");
      Stmt version(db,
                   "INSERT INTO versions(location, doc_id, first_seen, last_seen) VALUES(?,?,?,?) "
                   "ON CONFLICT(location, doc_id) DO UPDATE SET last_seen=max(last_seen, "
                   "excluded.last_seen)");
      Stmt flag(db,
                "INSERT INTO index_flags(doc_id, old) VALUES(?, 0) ON CONFLICT(doc_id) DO UPDATE "
                "SET old=0");
      Stmt touch(
          db,
          "UPDATE locations SET last_seen=?, run=? WHERE uri >= ? AND uri < ? AND state != 'gone'");
      Stmt touch_versions(
          db,
          "UPDATE versions SET last_seen=max(last_seen, ?) WHERE (location, doc_id) IN "
          "(SELECT id, doc_id FROM locations WHERE uri >= ? AND uri < ? AND state != 'gone')");
      for (const Sighting& s : sightings) {
        const bool failed = s.state == LocationState::kFailed && s.error;
        const std::string stage = failed ? std::string(stage_name(s.error->stage)) : "";
        const std::string code = failed ? std::string(error_code_name(s.error->error.code)) : "";
        const std::string reason = failed ? s.error->error.message : "";
        find.bind(1, s.uri);
        int64_t id = 0;
        if (find.step()) {
          id = find.i64(0);
          const std::string old_doc = find.text(1);
          int64_t attempts = find.i64(2);
          find.reset();
          // a new document at the same place starts its count again
          attempts = failed ? (old_doc == s.doc_id ? attempts + 1 : 1) : 0;
          update.bind(1, s.source)
              .bind(2, s.parent_uri)
              .bind(3, s.doc_id.empty() ? old_doc : s.doc_id)
              .bind(4, s.mime)
              .bind(5, location_state_name(s.state))
              .bind(6, stage)
              .bind(7, code)
              .bind(8, reason)
              .bind(9, attempts)
              .bind(10, s.file.size)
              .bind(11, s.file.mtime_ns)
              .bind(12, s.file.inode)
              .bind(13, s.seen_at)
              .bind(14, s.run)
              .bind(15, id)
              .run();
        } else {
          find.reset();
          insert.bind(1, s.uri)
              .bind(2, s.source)
              .bind(3, s.parent_uri)
              .bind(4, s.doc_id)
              .bind(5, s.mime)
              .bind(6, location_state_name(s.state))
              .bind(7, stage)
              .bind(8, code)
              .bind(9, reason)
              .bind(10, failed ? 1 : 0)
              .bind(11, s.file.size)
              .bind(12, s.file.mtime_ns)
              .bind(13, s.file.inode)
              .bind(14, s.seen_at)
              .bind(15, s.seen_at)
              .bind(16, s.run)
              .run();
          id = sqlite3_last_insert_rowid(db);
        }
        if (!s.doc_id.empty())
          version.bind(1, id).bind(2, s.doc_id).bind(3, s.seen_at).bind(4, s.seen_at).run();
        if (s.written) flag.bind(1, s.doc_id).run();
        if (s.touch_members) {
          auto [lo, hi] = inside(s.uri);
          touch.bind(1, s.seen_at).bind(2, s.run).bind(3, lo).bind(4, hi).run();
          touch_versions.bind(1, s.seen_at).bind(2, lo).bind(3, hi).run();
        }
      }
    });
    return {};
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, e.what());
  }
}

std::optional<LocationRecord> Catalog::find(const std::string& uri) {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt s(impl_->h(),
           (std::string("SELECT ") + kLocationColumns + " FROM locations WHERE uri=?").c_str());
    s.bind(1, uri);
    if (s.step()) return location_from(s);
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::vector<LocationRecord> Catalog::locations_of(const std::string& doc_id) {
  std::lock_guard lock(impl_->mu);
  std::vector<LocationRecord> out;
  try {
    Stmt s(
        impl_->h(),
        (std::string("SELECT ") + kLocationColumns +
         " FROM locations WHERE id IN (SELECT location FROM versions WHERE doc_id=?) ORDER BY uri")
            .c_str());
    s.bind(1, doc_id);
    while (s.step()) out.push_back(location_from(s));
  } catch (const std::exception&) {
  }
  return out;
}

std::vector<VersionRecord> Catalog::history(const std::string& uri) {
  std::lock_guard lock(impl_->mu);
  std::vector<VersionRecord> out;
  try {
    Stmt s(
        impl_->h(),
        "SELECT v.doc_id, v.first_seen, v.last_seen, (v.doc_id = l.doc_id AND l.state != 'gone') "
        "FROM versions v JOIN locations l ON l.id = v.location WHERE l.uri=? ORDER BY "
        "v.first_seen, v.rowid");
    s.bind(1, uri);
    while (s.step()) out.push_back(VersionRecord{s.text(0), s.i64(1), s.i64(2), s.i64(3) != 0});
  } catch (const std::exception&) {
  }
  return out;
}

Result<uint64_t> Catalog::mark_gone(const std::string& root, int64_t run, int64_t now) {
  std::lock_guard lock(impl_->mu);
  try {
    auto [lo, hi] = inside(root);
    Stmt s(impl_->h(),
           "UPDATE locations SET state='gone', last_seen=? WHERE (uri = ? OR (uri >= ? AND uri < "
           "?)) AND run != ? "
           "AND state != 'gone'");
    s.bind(1, now).bind(2, root).bind(3, lo).bind(4, hi).bind(5, run);
    s.step();
    return static_cast<uint64_t>(sqlite3_changes(impl_->h()));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, e.what());
  }
}

Status Catalog::for_each(const LocationFilter& f,
                         const std::function<void(const LocationRecord&)>& fn) {
  std::vector<LocationRecord> rows;  // collected first: fn may call back into the catalog
  {
    std::lock_guard lock(impl_->mu);
    try {
      std::string sql =
          std::string("SELECT ") + kLocationColumns + " FROM locations l WHERE parent_uri = ''";
      if (f.failed)
        sql +=
            // a failed member: under the container's uri, or (a WARC record, at its URL)
            // with the WARC file as its parent
            " AND (state IN ('failed', 'seen') OR EXISTS (SELECT 1 FROM locations c WHERE "
            "((c.uri >= l.uri || '/' AND c.uri < l.uri || '0') OR c.parent_uri = l.uri) AND "
            "c.state = 'failed'))";
      else if (f.indexed)
        sql += " AND state = 'indexed'";
      else
        sql += " AND state != 'gone'";
      if (!f.source.empty()) sql += " AND source = ?1";
      if (!f.type.empty())
        sql += f.type.find('/') == std::string::npos ? " AND mime LIKE '%' || ?2 || '%'"
                                                     : " AND mime = ?2";
      if (!f.under.empty()) sql += " AND (uri = ?3 OR (uri >= ?3 || '/' AND uri < ?3 || '0'))";
      sql += " ORDER BY uri";
      Stmt s(impl_->h(), sql.c_str());
      if (!f.source.empty()) s.bind(1, f.source);
      if (!f.type.empty()) s.bind(2, f.type);
      if (!f.under.empty()) s.bind(3, f.under);
      while (s.step()) rows.push_back(location_from(s));
    } catch (const std::exception& e) {
      return make_error(ErrorCode::kFatal, e.what());
    }
  }
  for (const LocationRecord& r : rows) fn(r);
  return {};
}

std::vector<std::pair<std::string, bool>> Catalog::flags_to_sync() {
  std::lock_guard lock(impl_->mu);
  std::vector<std::pair<std::string, bool>> out;
  try {
    // current in the catalog but flagged old in the index, and the other way round
    Stmt s(
        impl_->h(),
        "SELECT f.doc_id, c.doc_id IS NOT NULL FROM index_flags f LEFT JOIN "
        "(SELECT DISTINCT doc_id FROM locations WHERE state = 'indexed') c ON c.doc_id = f.doc_id "
        "WHERE f.old = (c.doc_id IS NOT NULL) ORDER BY f.doc_id");
    while (s.step()) out.emplace_back(s.text(0), s.i64(1) != 0);
  } catch (const std::exception&) {
  }
  return out;
}

Status Catalog::flags_synced(const std::vector<std::pair<std::string, bool>>& flags) {
  if (flags.empty()) return {};
  std::lock_guard lock(impl_->mu);
  try {
    impl_->transaction([&] {
      Stmt s(impl_->h(), "UPDATE index_flags SET old=? WHERE doc_id=?");
      for (const auto& [id, current] : flags) s.bind(1, current ? 0 : 1).bind(2, id).run();
    });
    return {};
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, e.what());
  }
}

Catalog::Counts Catalog::counts() {
  std::lock_guard lock(impl_->mu);
  Counts c;
  try {
    Stmt s(impl_->h(), "SELECT state, count(*) FROM locations GROUP BY state");
    while (s.step()) {
      c.by_state[s.text(0)] = static_cast<uint64_t>(s.i64(1));
      c.locations += static_cast<uint64_t>(s.i64(1));
    }
    Stmt cur(impl_->h(), "SELECT count(DISTINCT doc_id) FROM locations WHERE state = 'indexed'");
    if (cur.step()) c.current_documents = static_cast<uint64_t>(cur.i64(0));
    Stmt all(impl_->h(), "SELECT count(DISTINCT doc_id) FROM versions");
    if (all.step()) c.documents = static_cast<uint64_t>(all.i64(0));
  } catch (const std::exception&) {
  }
  return c;
}

}  // namespace trawl
