// The SQLite adapter of the crawl frontier (catalog/frontier.h).
#include <mutex>

#include "catalog/frontier.h"
#include "catalog/sqlite.h"

namespace trawl {

using namespace trawl::sqlite;

namespace {

constexpr UrlState kStates[] = {UrlState::kQueued,     UrlState::kLeased,    UrlState::kFetched,
                                UrlState::kDone,       UrlState::kUnchanged, UrlState::kRefused,
                                UrlState::kOutOfScope, UrlState::kFailed,    UrlState::kRedirected};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS frontier(
  url TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  host TEXT NOT NULL,
  depth INTEGER NOT NULL,
  state TEXT NOT NULL,
  pass INTEGER NOT NULL,
  next_fetch_at INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER NOT NULL DEFAULT 0,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_status INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  discovered_from TEXT NOT NULL DEFAULT '',
  redirects INTEGER NOT NULL DEFAULT 0,
  feed_date TEXT NOT NULL DEFAULT '',
  warc_file TEXT NOT NULL DEFAULT '',
  warc_offset INTEGER NOT NULL DEFAULT -1,
  first_seen INTEGER NOT NULL DEFAULT 0,
  last_fetched INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS frontier_queue ON frontier(source, pass, state, host, depth);
CREATE TABLE IF NOT EXISTS passes(
  source TEXT NOT NULL,
  pass INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  PRIMARY KEY(source, pass));
)sql";

constexpr const char* kColumns =
    "url, source, host, depth, state, pass, next_fetch_at, lease_until, etag, last_modified, "
    "last_status, failures, content_hash, code, reason, discovered_from, redirects, feed_date, "
    "warc_file, warc_offset, first_seen, last_fetched";

FrontierUrl url_from(const Stmt& s) {
  FrontierUrl u;
  u.url = s.text(0);
  u.source = s.text(1);
  u.host = s.text(2);
  u.depth = static_cast<int>(s.i64(3));
  u.state = url_state_from_name(s.text(4)).value_or(UrlState::kQueued);
  u.pass = s.i64(5);
  u.next_fetch_at = s.i64(6);
  u.lease_until = s.i64(7);
  u.etag = s.text(8);
  u.last_modified = s.text(9);
  u.last_status = static_cast<int>(s.i64(10));
  u.failures = static_cast<int>(s.i64(11));
  u.content_hash = s.text(12);
  u.code = s.text(13);
  u.reason = s.text(14);
  u.discovered_from = s.text(15);
  u.redirects = static_cast<int>(s.i64(16));
  u.feed_date = s.text(17);
  u.warc_file = s.text(18);
  u.warc_offset = s.i64(19);
  u.first_seen = s.i64(20);
  u.last_fetched = s.i64(21);
  return u;
}

// Binds every column of `u` in kColumns order, from parameter 1.
void bind_all(Stmt& s, const FrontierUrl& u) {
  s.bind(1, u.url)
      .bind(2, u.source)
      .bind(3, u.host)
      .bind(4, u.depth)
      .bind(5, url_state_name(u.state))
      .bind(6, u.pass)
      .bind(7, u.next_fetch_at)
      .bind(8, u.lease_until)
      .bind(9, u.etag)
      .bind(10, u.last_modified)
      .bind(11, u.last_status)
      .bind(12, u.failures)
      .bind(13, u.content_hash)
      .bind(14, u.code)
      .bind(15, u.reason)
      .bind(16, u.discovered_from)
      .bind(17, u.redirects)
      .bind(18, u.feed_date)
      .bind(19, u.warc_file)
      .bind(20, u.warc_offset)
      .bind(21, u.first_seen)
      .bind(22, u.last_fetched);
}

Error fatal(const std::exception& e) { return make_error(ErrorCode::kFatal, e.what()); }

}  // namespace

std::string_view url_state_name(UrlState state) {
  switch (state) {
    case UrlState::kQueued:
      return "queued";
    case UrlState::kLeased:
      return "leased";
    case UrlState::kFetched:
      return "fetched";
    case UrlState::kDone:
      return "done";
    case UrlState::kUnchanged:
      return "unchanged";
    case UrlState::kRefused:
      return "refused";
    case UrlState::kOutOfScope:
      return "out-of-scope";
    case UrlState::kFailed:
      return "failed";
    case UrlState::kRedirected:
      return "redirected";
  }
  return "queued";
}

std::optional<UrlState> url_state_from_name(std::string_view name) {
  for (UrlState s : kStates)
    if (url_state_name(s) == name) return s;
  return std::nullopt;
}

struct Frontier::Impl {
  DbPtr db;
  std::mutex mu;
  sqlite3* h() { return db.get(); }

  // Runs fn in one transaction; a throw rolls it back.
  template <typename F>
  void transaction(F&& fn) {
    exec(h(), "BEGIN IMMEDIATE");
    try {
      fn();
      exec(h(), "COMMIT");
    } catch (...) {
      exec(h(), "ROLLBACK");
      throw;
    }
  }
};

Frontier::Frontier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Frontier::~Frontier() = default;

Result<std::unique_ptr<Frontier>> Frontier::open(const std::string& path) {
  auto db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  try {
    exec(impl->h(), "PRAGMA journal_mode=WAL");
    exec(impl->h(), "PRAGMA synchronous=NORMAL");
    exec(impl->h(), kSchema);
    // one crawler per data folder: what a dead one held is in flight no more
    exec(impl->h(), "UPDATE frontier SET state='queued', lease_until=0 WHERE state='leased'");
    exec(impl->h(), "UPDATE passes SET status='interrupted' WHERE status='running'");
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, std::string(e.what()) + " (" + path + ")");
  }
  return std::unique_ptr<Frontier>(new Frontier(std::move(impl)));
}

std::optional<PassRecord> Frontier::last_pass(const std::string& source) {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt s(impl_->h(),
           "SELECT source, pass, started_at, ended_at, status FROM passes WHERE source=? "
           "ORDER BY pass DESC LIMIT 1");
    s.bind(1, source);
    if (!s.step()) return std::nullopt;
    return PassRecord{s.text(0), s.i64(1), s.i64(2), s.i64(3), s.text(4)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Result<int64_t> Frontier::begin_pass(const std::string& source,
                                     const std::vector<FrontierUrl>& seeds, int64_t now) {
  std::optional<PassRecord> last = last_pass(source);
  std::lock_guard lock(impl_->mu);
  try {
    int64_t pass = 0;
    impl_->transaction([&] {
      if (last && last->status != "done") {
        pass = last->pass;  // an interrupted pass goes on where it stopped
        Stmt(impl_->h(), "UPDATE passes SET status='running' WHERE source=? AND pass=?")
            .bind(1, source)
            .bind(2, pass)
            .run();
      } else {
        pass = last ? last->pass + 1 : 1;
        Stmt(impl_->h(),
             "INSERT INTO passes(source, pass, started_at, status) VALUES(?, ?, ?, 'running')")
            .bind(1, source)
            .bind(2, pass)
            .bind(3, now)
            .run();
        // every URL the source handled is due again (with its validators, for a
        // conditional request); scope is judged again when it is leased
        Stmt(impl_->h(),
             "UPDATE frontier SET state='queued', pass=?, next_fetch_at=0, lease_until=0 "
             "WHERE source=? AND state != 'out-of-scope'")
            .bind(1, pass)
            .bind(2, source)
            .run();
      }
      Stmt insert(impl_->h(), (std::string("INSERT OR IGNORE INTO frontier(") + kColumns +
                               ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                                  .c_str());
      Stmt requeue(impl_->h(),
                   "UPDATE frontier SET state='queued', pass=?, depth=0, next_fetch_at=0 "
                   "WHERE url=? AND (pass != ? OR state='out-of-scope')");
      for (FrontierUrl seed : seeds) {
        seed.source = source;
        seed.pass = pass;
        seed.depth = 0;
        seed.state = UrlState::kQueued;
        if (!seed.first_seen) seed.first_seen = now;
        bind_all(insert, seed);
        insert.run();
        requeue.bind(1, pass).bind(2, seed.url).bind(3, pass).run();
      }
    });
    return pass;
  } catch (const std::exception& e) {
    return fatal(e);
  }
}

Status Frontier::end_pass(const std::string& source, int64_t pass, const std::string& status,
                          int64_t now) {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt(impl_->h(), "UPDATE passes SET status=?, ended_at=? WHERE source=? AND pass=?")
        .bind(1, status)
        .bind(2, now)
        .bind(3, source)
        .bind(4, pass)
        .run();
    return {};
  } catch (const std::exception& e) {
    return fatal(e);
  }
}

Result<uint64_t> Frontier::add(const std::vector<FrontierUrl>& urls) {
  std::lock_guard lock(impl_->mu);
  uint64_t added = 0;
  try {
    impl_->transaction([&] {
      Stmt insert(impl_->h(), (std::string("INSERT OR IGNORE INTO frontier(") + kColumns +
                               ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                                  .c_str());
      for (const FrontierUrl& u : urls) {
        bind_all(insert, u);
        insert.run();
        added += static_cast<uint64_t>(sqlite3_changes(impl_->h()));
      }
    });
    return added;
  } catch (const std::exception& e) {
    return fatal(e);
  }
}

std::vector<std::string> Frontier::ready_hosts(const std::string& source, int64_t pass,
                                               int64_t now) {
  std::lock_guard lock(impl_->mu);
  std::vector<std::string> out;
  try {
    Stmt s(impl_->h(),
           "SELECT DISTINCT host FROM frontier WHERE source=? AND pass=? AND state='queued' AND "
           "next_fetch_at<=? ORDER BY host");
    s.bind(1, source).bind(2, pass).bind(3, now);
    while (s.step()) out.push_back(s.text(0));
  } catch (const std::exception&) {
  }
  return out;
}

int64_t Frontier::next_due(const std::string& source, int64_t pass) {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt s(impl_->h(),
           "SELECT MIN(next_fetch_at) FROM frontier WHERE source=? AND pass=? AND "
           "state='queued'");
    s.bind(1, source).bind(2, pass);
    return s.step() ? s.i64(0) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

std::vector<FrontierUrl> Frontier::lease(const std::string& source, int64_t pass,
                                         const std::string& host, size_t n, int64_t now,
                                         int64_t lease_seconds) {
  std::lock_guard lock(impl_->mu);
  std::vector<FrontierUrl> out;
  try {
    impl_->transaction([&] {
      Stmt s(impl_->h(), (std::string("SELECT ") + kColumns +
                          " FROM frontier WHERE source=? AND pass=? AND state='queued' AND "
                          "host=? AND next_fetch_at<=? ORDER BY depth, rowid LIMIT ?")
                             .c_str());
      s.bind(1, source).bind(2, pass).bind(3, host).bind(4, now).bind(5, static_cast<int64_t>(n));
      while (s.step()) out.push_back(url_from(s));
      Stmt mark(impl_->h(), "UPDATE frontier SET state='leased', lease_until=? WHERE url=?");
      for (FrontierUrl& u : out) {
        u.state = UrlState::kLeased;
        u.lease_until = now + lease_seconds;
        mark.bind(1, u.lease_until).bind(2, u.url).run();
      }
    });
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

Status Frontier::update(const FrontierUrl& u) { return update(std::vector<FrontierUrl>{u}); }

Status Frontier::update(const std::vector<FrontierUrl>& urls) {
  std::lock_guard lock(impl_->mu);
  try {
    impl_->transaction([&] {
      Stmt s(impl_->h(), (std::string("INSERT OR REPLACE INTO frontier(") + kColumns +
                          ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                             .c_str());
      for (const FrontierUrl& u : urls) {
        bind_all(s, u);
        s.run();
      }
    });
    return {};
  } catch (const std::exception& e) {
    return fatal(e);
  }
}

std::optional<FrontierUrl> Frontier::find(const std::string& url) {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt s(impl_->h(), (std::string("SELECT ") + kColumns + " FROM frontier WHERE url=?").c_str());
    s.bind(1, url);
    if (!s.step()) return std::nullopt;
    return url_from(s);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<FrontierUrl> Frontier::in_state(const std::string& source, int64_t pass, UrlState state,
                                            size_t limit) {
  std::lock_guard lock(impl_->mu);
  std::vector<FrontierUrl> out;
  try {
    Stmt s(impl_->h(), (std::string("SELECT ") + kColumns +
                        " FROM frontier WHERE source=? AND pass=? AND state=? ORDER BY rowid "
                        "LIMIT ?")
                           .c_str());
    s.bind(1, source)
        .bind(2, pass)
        .bind(3, url_state_name(state))
        .bind(4, static_cast<int64_t>(limit));
    while (s.step()) out.push_back(url_from(s));
  } catch (const std::exception&) {
  }
  return out;
}

PassCounts Frontier::counts(const std::string& source, int64_t pass) {
  std::lock_guard lock(impl_->mu);
  PassCounts out;
  try {
    Stmt s(impl_->h(),
           "SELECT state, COUNT(*) FROM frontier WHERE source=? AND pass=? GROUP BY state");
    s.bind(1, source).bind(2, pass);
    while (s.step()) out[s.text(0)] = static_cast<uint64_t>(s.i64(1));
  } catch (const std::exception&) {
  }
  return out;
}

std::map<std::string, uint64_t> Frontier::queued_by_host(const std::string& source, int64_t pass) {
  std::lock_guard lock(impl_->mu);
  std::map<std::string, uint64_t> out;
  try {
    Stmt s(impl_->h(),
           "SELECT host, COUNT(*) FROM frontier WHERE source=? AND pass=? AND state='queued' "
           "GROUP BY host");
    s.bind(1, source).bind(2, pass);
    while (s.step()) out[s.text(0)] = static_cast<uint64_t>(s.i64(1));
  } catch (const std::exception&) {
  }
  return out;
}

std::vector<FrontierUrl> Frontier::recent_failures(const std::string& source, size_t n) {
  std::lock_guard lock(impl_->mu);
  std::vector<FrontierUrl> out;
  try {
    Stmt s(impl_->h(), (std::string("SELECT ") + kColumns +
                        " FROM frontier WHERE source=? AND state IN ('failed', 'refused') "
                        "ORDER BY last_fetched DESC, rowid DESC LIMIT ?")
                           .c_str());
    s.bind(1, source).bind(2, static_cast<int64_t>(n));
    while (s.step()) out.push_back(url_from(s));
  } catch (const std::exception&) {
  }
  return out;
}

uint64_t Frontier::size() {
  std::lock_guard lock(impl_->mu);
  try {
    Stmt s(impl_->h(), "SELECT COUNT(*) FROM frontier");
    return s.step() ? static_cast<uint64_t>(s.i64(0)) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace trawl
