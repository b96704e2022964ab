#include "config/config.h"

#include <toml++/toml.h>

#include <set>
#include <sstream>

namespace trawl {
namespace {

Error config_error(const std::string& where, const std::string& what) {
  return make_error(ErrorCode::kCorrupt, where.empty() ? what : where + ": " + what);
}

std::string where_of(const std::string& path, const toml::node& node) {
  auto line = node.source().begin.line;
  return line ? path + ":" + std::to_string(line) : path;
}

// Reads one table's keys into the matching fields, rejecting unknown keys and wrong types.
class TableReader {
 public:
  TableReader(const std::string& path, const toml::table& table, std::string name)
      : path_(path), table_(table), name_(std::move(name)) {}

  template <typename T>
  bool read(const char* key, T& out) {
    seen_.insert(key);
    const toml::node* node = table_.get(key);
    if (!node) return true;
    if constexpr (std::is_same_v<T, bool>) {
      if (auto v = node->value<bool>()) {
        out = *v;
        return true;
      }
      return fail(*node, key, "must be true or false");
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (auto v = node->value<std::string>()) {
        out = *v;
        return true;
      }
      return fail(*node, key, "must be a string");
    } else if constexpr (std::is_same_v<T, double>) {
      if (auto v = node->value<double>()) {
        out = *v;
        return true;
      }
      return fail(*node, key, "must be a number");
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      const toml::array* arr = node->as_array();
      if (!arr) return fail(*node, key, "must be an array of strings");
      out.clear();
      for (const auto& el : *arr) {
        auto v = el.value<std::string>();
        if (!v) return fail(el, key, "must be an array of strings");
        out.push_back(*v);
      }
      return true;
    } else {
      if (auto v = node->value<int64_t>()) {
        out = static_cast<T>(*v);
        if (*v < 0 && std::is_unsigned_v<T>) return fail(*node, key, "must not be negative");
        return true;
      }
      return fail(*node, key, "must be an integer");
    }
  }

  void mark_known(const std::string& key) { seen_.insert(key); }

  // Call after all read()s: any key not read is unknown.
  bool finish() {
    for (const auto& [k, v] : table_) {
      if (!seen_.count(std::string(k.str()))) {
        return fail(v, std::string(k.str()), "is not a known setting");
      }
    }
    return true;
  }

  std::optional<Error> error;

 private:
  bool fail(const toml::node& node, const std::string& key, const std::string& what) {
    if (!error) error = config_error(where_of(path_, node), qualified(key) + " " + what);
    return false;
  }
  std::string qualified(const std::string& key) const {
    return name_.empty() ? key : name_ + "." + key;
  }

  const std::string& path_;
  const toml::table& table_;
  std::string name_;
  std::set<std::string> seen_;
};

Status check_range(const char* key, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) {
    std::ostringstream os;
    os << key << " must be between " << lo << " and " << hi << ", got " << v;
    return config_error("", os.str());
  }
  return {};
}

}  // namespace

Status validate(const Config& c) {
  if (c.data_dir.empty()) return config_error("", "data_dir must not be empty");
  for (Status s :
       {check_range("ingest.threads", c.ingest.threads, 0, 256),
        check_range("ingest.max_in_flight", c.ingest.max_in_flight, 0, 100000),
        check_range("ingest.max_file_size", static_cast<int64_t>(c.ingest.max_file_size), 1,
                    int64_t{1} << 40),
        check_range("pdf.max_pages", c.pdf.max_pages, 1, 1000000),
        check_range("index.shards", c.index.shards, 0, 64),
        check_range("ocr.dpi", c.ocr.dpi, 70, 1200),
        check_range("ocr.max_pixels", static_cast<int64_t>(c.ocr.max_pixels), 10000,
                    int64_t{1} << 34),
        check_range("ocr.max_pages", c.ocr.max_pages, 0, 1000000),
        check_range("ocr.min_text_chars", c.ocr.min_text_chars, 0, 100000),
        check_range("archive.max_depth", c.archive.max_depth, 1, 64),
        check_range("archive.max_members", static_cast<int64_t>(c.archive.max_members), 1,
                    int64_t{1} << 40),
        check_range("archive.max_total_bytes", static_cast<int64_t>(c.archive.max_total_bytes), 1,
                    int64_t{1} << 50),
        check_range("archive.max_member_bytes", static_cast<int64_t>(c.archive.max_member_bytes), 1,
                    int64_t{1} << 40),
        check_range("index.commit_every", c.index.commit_every, 1, 10000000),
        check_range("index.commit_bytes", static_cast<int64_t>(c.index.commit_bytes), 1 << 20,
                    int64_t{1} << 40)}) {
    if (!s) return s;
  }
  if (c.ingest.source.empty()) return config_error("", "ingest.source must not be empty");
  if (!(c.ocr.page_time_limit_seconds > 0))
    return config_error("", "ocr.page_time_limit_seconds must be greater than 0");
  if (c.ocr.languages.empty() || c.ocr.fallback_languages.empty())
    return config_error("", "ocr.languages and ocr.fallback_languages must not be empty");
  if (!(c.archive.max_ratio >= 1)) return config_error("", "archive.max_ratio must be at least 1");
  if (!(c.pdf.time_limit_seconds > 0))
    return config_error("", "pdf.time_limit_seconds must be greater than 0");
  return {};
}

Result<Config> load_config_file(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::string where = path;
    if (e.source().begin.line) where += ":" + std::to_string(e.source().begin.line);
    return config_error(where, std::string(e.description()));
  } catch (const std::exception& e) {
    return config_error(path, e.what());
  }

  Config c;
  TableReader top(path, root, "");
  top.read("data_dir", c.data_dir);
  std::optional<Error> err;
  auto section = [&](const char* name, auto&& body) {
    top.mark_known(name);
    const toml::node* node = root.get(name);
    if (!node || err) return;
    const toml::table* t = node->as_table();
    if (!t) {
      err = config_error(where_of(path, *node), std::string(name) + " must be a table");
      return;
    }
    TableReader r(path, *t, name);
    body(r);
    r.finish();
    err = r.error;
  };
  section("ingest", [&](TableReader& r) {
    r.read("threads", c.ingest.threads);
    r.read("max_in_flight", c.ingest.max_in_flight);
    r.read("max_file_size", c.ingest.max_file_size);
    r.read("source", c.ingest.source);
  });
  section("archive", [&](TableReader& r) {
    r.read("max_depth", c.archive.max_depth);
    r.read("max_members", c.archive.max_members);
    r.read("max_total_bytes", c.archive.max_total_bytes);
    r.read("max_member_bytes", c.archive.max_member_bytes);
    r.read("max_ratio", c.archive.max_ratio);
  });
  section("pdf", [&](TableReader& r) {
    r.read("max_pages", c.pdf.max_pages);
    r.read("time_limit_seconds", c.pdf.time_limit_seconds);
    r.read("passwords", c.pdf.passwords);
  });
  section("ocr", [&](TableReader& r) {
    r.read("enabled", c.ocr.enabled);
    r.read("languages", c.ocr.languages);
    r.read("fallback_languages", c.ocr.fallback_languages);
    r.read("dpi", c.ocr.dpi);
    r.read("max_pixels", c.ocr.max_pixels);
    r.read("max_image_bytes", c.ocr.max_image_bytes);
    r.read("page_time_limit_seconds", c.ocr.page_time_limit_seconds);
    r.read("max_pages", c.ocr.max_pages);
    r.read("min_text_chars", c.ocr.min_text_chars);
    r.read("tessdata_dir", c.ocr.tessdata_dir);
    r.read("trace", c.ocr.trace);
  });
  section("index", [&](TableReader& r) {
    r.read("shards", c.index.shards);
    r.read("commit_every", c.index.commit_every);
    r.read("commit_bytes", c.index.commit_bytes);
  });
  top.finish();
  if (err) return *err;
  if (top.error) return *top.error;
  if (Status s = validate(c); !s) return config_error(path, s.error().message);
  return c;
}

}  // namespace trawl
