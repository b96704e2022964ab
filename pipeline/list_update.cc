#include "pipeline/list_update.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "config/layout.h"
#include "entities/lists.h"

namespace trawl {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<ListChange> diff(const std::vector<ListEntry>& before,
                             const std::vector<ListEntry>& after, const std::string& list,
                             int64_t at) {
  std::map<std::string, const ListEntry*> old, now;
  for (const ListEntry& e : before) old[e.id] = &e;
  for (const ListEntry& e : after) now[e.id] = &e;
  std::vector<ListChange> out;
  auto change = [&](const char* kind, const ListEntry& e, std::string detail) {
    out.push_back({list, at, kind, e.id, e.type, e.name, std::move(detail)});
  };
  for (const auto& [id, e] : now) {
    auto it = old.find(id);
    if (it == old.end()) {
      change("added", *e, "");
      continue;
    }
    const ListEntry& o = *it->second;
    if (o.name != e->name) change("renamed", *e, "was " + o.name);
    std::set<std::string> a(o.aliases.begin(), o.aliases.end());
    std::set<std::string> b(e->aliases.begin(), e->aliases.end());
    std::vector<std::string> plus, minus;
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(plus));
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(minus));
    if (!plus.empty() || !minus.empty()) {
      std::string d;
      if (!plus.empty()) d = "+" + join(plus, "; +");
      if (!minus.empty()) d += (d.empty() ? "-" : "; -") + join(minus, "; -");
      change("aliases", *e, d);
    }
  }
  for (const auto& [id, e] : old)
    if (!now.count(id)) change("removed", *e, "");
  return out;
}

}  // namespace

Result<ListUpdate> update_list(const std::string& data_dir, const std::string& path,
                               const std::string& name, int64_t at) {
  auto fresh = parse_list_file(path, name);
  if (!fresh) return fresh.error();
  ListUpdate u;
  u.entries = fresh->size();
  std::vector<ListEntry> stored;
  u.first = true;
  for (const char* ext : {".xml", ".csv", ".toml"}) {
    const std::string old = DataLayout(data_dir).lists() + "/" + name + ext;
    std::error_code ec;
    if (!std::filesystem::exists(old, ec)) continue;
    if (auto parsed = parse_list_file(old, name)) {
      stored = std::move(*parsed);
      u.first = false;
    }
    break;
  }
  if (auto n = import_list(data_dir, path, name); !n) return n.error();
  if (!u.first) {
    u.changes = diff(stored, *fresh, name, at);
    if (Status s = record_list_changes(DataLayout(data_dir).catalog(), u.changes); !s)
      return s.error();
  }
  return u;
}

std::string list_changes_summary(const std::vector<ListChange>& changes) {
  std::map<std::string, int> n;
  for (const ListChange& c : changes) ++n[c.kind];
  std::string out;
  for (const char* k : {"added", "removed", "renamed", "aliases"})
    if (n[k]) out += (out.empty() ? "" : ", ") + std::to_string(n[k]) + " " + k;
  return out.empty() ? "no changes" : out;
}

}  // namespace trawl
