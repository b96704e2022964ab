// The SQLite helpers of catalog/ (internal: only catalog/*.cc include it): handles with
// their deleters, a prepared statement that throws on error, and opening a database.
// Callers catch std::runtime_error at their public boundary and turn it into kFatal.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/result.h"

namespace trawl::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

// A prepared statement, reset for each use.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("catalog: ") + sqlite3_errmsg(db) + " in: " + sql);
    stmt_.reset(s);
  }
  Stmt& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_.get(), i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(stmt_.get(), i, v);
    return *this;
  }
  Stmt& bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // true while there is a row
  bool step() {
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("catalog: ") + sqlite3_errmsg(db_));
  }
  void run() {
    step();
    reset();
  }
  void reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
  }
  int64_t i64(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  double f64(int col) const { return sqlite3_column_double(stmt_.get(), col); }
  std::string text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_.get(), col);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col)))
             : std::string();
  }

 private:
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt_;
};

inline void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error("catalog: " + msg);
  }
}

// Opens a database with a 10 s busy time-out. kNotFound when it does not exist and
// `flags` has no SQLITE_OPEN_CREATE; kFatal otherwise.
inline Result<DbPtr> open_db(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return make_error(rc == SQLITE_CANTOPEN && !(flags & SQLITE_OPEN_CREATE) ? ErrorCode::kNotFound
                                                                             : ErrorCode::kFatal,
                      "cannot open catalog " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db.get(), 10000);
  return db;
}

}  // namespace trawl::sqlite
