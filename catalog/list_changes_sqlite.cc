#include "catalog/list_changes.h"
#include "catalog/sqlite.h"

namespace trawl {
namespace {

using sqlite::Stmt;

void create(sqlite3* db) {
  sqlite::exec(db,
               "PRAGMA journal_mode=WAL;"
               "CREATE TABLE IF NOT EXISTS list_changes(list TEXT NOT NULL, at INTEGER NOT NULL, "
               "kind TEXT NOT NULL, entry TEXT NOT NULL, type TEXT, name TEXT, detail TEXT);"
               "CREATE INDEX IF NOT EXISTS list_changes_at ON list_changes(list, at);");
}

}  // namespace

Status record_list_changes(const std::string& catalog_path,
                           const std::vector<ListChange>& changes) {
  auto db = sqlite::open_db(catalog_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  try {
    create(db->get());
    sqlite::exec(db->get(), "BEGIN IMMEDIATE");
    Stmt ins(db->get(),
             "INSERT INTO list_changes(list, at, kind, entry, type, name, detail) "
             "VALUES(?,?,?,?,?,?,?)");
    for (const ListChange& c : changes) {
      ins.bind(1, c.list).bind(2, c.at).bind(3, c.kind).bind(4, c.entry).bind(5, c.type);
      ins.bind(6, c.name).bind(7, c.detail);
      ins.run();
    }
    sqlite::exec(db->get(), "COMMIT");
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, e.what());
  }
  return {};
}

Result<std::vector<ListChange>> list_changes(const std::string& catalog_path,
                                             const std::string& list, int64_t since) {
  auto db = sqlite::open_db(catalog_path, SQLITE_OPEN_READWRITE);
  if (!db) return db.error();
  std::vector<ListChange> out;
  try {
    create(db->get());
    Stmt q(db->get(),
           "SELECT list, at, kind, entry, type, name, detail FROM list_changes "
           "WHERE (?1 = '' OR list = ?1) AND at >= ?2 ORDER BY at, rowid");
    q.bind(1, list).bind(2, since);
    while (q.step())
      out.push_back({q.text(0), q.i64(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6)});
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFatal, e.what());
  }
  return out;
}

}  // namespace trawl
