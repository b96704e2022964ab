#include "config/config.h"

#include <toml++/toml.h>

#include <cctype>
#include <set>
#include <sstream>

namespace trawl {
namespace {

Error config_error(const std::string& where, const std::string& what) {
  return make_error(ErrorCode::kInvalid, where.empty() ? what : where + ": " + what);
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
  const toml::node* node(const char* key) const { return table_.get(key); }
  // Records an error about `key` (the first error wins). Returns false.
  bool fail_key(const char* key, const std::string& what) {
    const toml::node* n = table_.get(key);
    if (!n) {
      if (!error) error = config_error(path_, qualified(key) + " " + what);
      return false;
    }
    return fail(*n, key, what);
  }

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

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '_' && ch != '-')
      return false;
  return true;
}

bool http_url(const std::string& url) {
  return (url.starts_with("http://") || url.starts_with("https://")) &&
         url.find_first_of(" \t\r\n") == std::string::npos && url.size() > url.find("//") + 2;
}

Status validate_crawl(const Config& c) {
  const CrawlOptions& o = c.crawl;
  for (Status s :
       {check_range("crawl.concurrency", o.concurrency, 1, 10000),
        check_range("crawl.per_host", o.per_host, 1, 1000),
        check_range("crawl.low_speed_bytes", o.low_speed_bytes, 0, 1 << 30),
        check_range("crawl.low_speed_seconds", o.low_speed_seconds, 1, 86400),
        check_range("crawl.max_redirects", o.max_redirects, 0, 100),
        check_range("crawl.retries", o.retries, 0, 100),
        check_range("crawl.max_body_bytes", static_cast<int64_t>(o.max_body_bytes), 1024,
                    int64_t{1} << 42),
        check_range("crawl.spool_above", static_cast<int64_t>(o.spool_above), 0, int64_t{1} << 42),
        check_range("crawl.warc_max_file_bytes", static_cast<int64_t>(o.warc_max_file_bytes),
                    1 << 20, int64_t{1} << 44)}) {
    if (!s) return s;
  }
  if (!valid_name(o.user_agent))
    return config_error("",
                        "crawl.user_agent must be a product token of letters, digits, '.', "
                        "'_' and '-' (robots.txt groups are matched with it)");
  if (!o.contact.empty() && !http_url(o.contact) && !o.contact.starts_with("mailto:"))
    return config_error(
        "", "crawl.contact must be an http(s) or mailto: URL, got \"" + o.contact + "\"");
  for (auto [key, v] :
       {std::pair{"crawl.delay", o.delay}, std::pair{"crawl.max_crawl_delay", o.max_crawl_delay},
        std::pair{"crawl.max_retry_after", o.max_retry_after}})
    if (!(v >= 0 && v <= 86400))
      return config_error("", std::string(key) + " must be between 0 and 86400");
  for (auto [key, v] : {std::pair{"crawl.connect_timeout", o.connect_timeout},
                        std::pair{"crawl.response_timeout", o.response_timeout}})
    if (!(v > 0 && v <= 86400))
      return config_error("", std::string(key) + " must be between 0 and 86400 (not 0)");
  std::set<std::string> names;
  for (const SourceOptions& src : c.sources) {
    const std::string at = "source \"" + src.name + "\"" +
                           (src.line > 0 ? " (line " + std::to_string(src.line) + ")" : "") + ": ";
    if (!valid_name(src.name))
      return config_error("", at + "name must be 1 to 64 letters, digits, '.', '_' or '-'");
    if (!names.insert(src.name).second) return config_error("", at + "name is used twice");
    if (src.seeds.empty()) return config_error("", at + "seeds must list at least one URL");
    for (const std::string& seed : src.seeds)
      if (!http_url(seed))
        return config_error("", at + "seeds must be absolute http(s) URLs, got \"" + seed + "\"");
    if (src.max_depth < 0 || src.max_depth > 100)
      return config_error("", at + "max_depth must be between 0 and 100");
    if (src.max_pages < 1) return config_error("", at + "max_pages must be at least 1");
    if (!src.proxy.empty() && !src.proxy.starts_with("http://") &&
        !src.proxy.starts_with("https://") && !src.proxy.starts_with("socks5://") &&
        !src.proxy.starts_with("socks5h://") && !src.proxy.starts_with("socks4a://"))
      return config_error("", at +
                                  "proxy must start with http://, https://, socks5://, "
                                  "socks5h:// or socks4a://, got \"" +
                                  src.proxy + "\"");
    if (src.delay != -1 && !(src.delay >= 0 && src.delay <= 86400))
      return config_error("", at + "delay must be between 0 and 86400");
    if (src.per_host != -1 && (src.per_host < 1 || src.per_host > 1000))
      return config_error("", at + "per_host must be between 1 and 1000");
  }
  return {};
}

}  // namespace

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kSite:
      return "site";
    case SourceKind::kFeed:
      return "feed";
    case SourceKind::kSitemap:
      return "sitemap";
    case SourceKind::kUrls:
      return "urls";
    case SourceKind::kUnList:
      return "un-list";
  }
  return "site";
}

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
        check_range("office.max_part_bytes", static_cast<int64_t>(c.office.max_part_bytes), 1024,
                    int64_t{1} << 40),
        check_range("office.max_total_bytes", static_cast<int64_t>(c.office.max_total_bytes), 1024,
                    int64_t{1} << 44),
        check_range("office.max_text_bytes", static_cast<int64_t>(c.office.max_text_bytes), 1024,
                    int64_t{1} << 40),
        check_range("office.max_cells", static_cast<int64_t>(c.office.max_cells), 1,
                    int64_t{1} << 40),
        check_range("office.max_children", c.office.max_children, 0, 1000000),
        check_range("office.max_nesting", c.office.max_nesting, 8, 100000),
        check_range("index.commit_every", c.index.commit_every, 1, 10000000),
        check_range("serve.threads", c.serve.threads, 1, 1024),
        check_range("serve.max_query_bytes", c.serve.max_query_bytes, 16, 1 << 20),
        check_range("serve.max_limit", c.serve.max_limit, 1, 100000),
        check_range("serve.max_offset", c.serve.max_offset, 0, 100000000),
        check_range("serve.max_upload_bytes", static_cast<int64_t>(c.serve.max_upload_bytes), 1024,
                    int64_t{1} << 40),
        check_range("serve.max_batch_lines", c.serve.max_batch_lines, 1, 1000000),
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
  if (!(c.office.time_limit_seconds > 0))
    return config_error("", "office.time_limit_seconds must be greater than 0");
  if (!(c.serve.reopen_seconds >= 0))
    return config_error("", "serve.reopen_seconds must not be negative");
  return validate_crawl(c);
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
  section("office", [&](TableReader& r) {
    r.read("max_part_bytes", c.office.max_part_bytes);
    r.read("max_total_bytes", c.office.max_total_bytes);
    r.read("max_text_bytes", c.office.max_text_bytes);
    r.read("max_cells", c.office.max_cells);
    r.read("max_children", c.office.max_children);
    r.read("max_nesting", c.office.max_nesting);
    r.read("time_limit_seconds", c.office.time_limit_seconds);
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
  section("crawl", [&](TableReader& r) {
    CrawlOptions& o = c.crawl;
    r.read("user_agent", o.user_agent);
    r.read("contact", o.contact);
    r.read("concurrency", o.concurrency);
    r.read("per_host", o.per_host);
    r.read("delay", o.delay);
    r.read("max_crawl_delay", o.max_crawl_delay);
    r.read("connect_timeout", o.connect_timeout);
    r.read("response_timeout", o.response_timeout);
    r.read("low_speed_bytes", o.low_speed_bytes);
    r.read("low_speed_seconds", o.low_speed_seconds);
    r.read("max_redirects", o.max_redirects);
    r.read("max_body_bytes", o.max_body_bytes);
    r.read("spool_above", o.spool_above);
    r.read("retries", o.retries);
    r.read("max_retry_after", o.max_retry_after);
    r.read("warc_max_file_bytes", o.warc_max_file_bytes);
    r.read("drop_params", o.drop_params);
    r.read("content_types", o.content_types);
  });
  section("serve", [&](TableReader& r) {
    ServeOptions& o = c.serve;
    o.enabled = true;
    r.read("listen", o.listen);
    r.read("token", o.token);
    r.read("shards", o.shards);
    r.read("threads", o.threads);
    r.read("max_query_bytes", o.max_query_bytes);
    r.read("max_limit", o.max_limit);
    r.read("max_offset", o.max_offset);
    r.read("max_upload_bytes", o.max_upload_bytes);
    r.read("max_batch_lines", o.max_batch_lines);
    r.read("reopen_seconds", o.reopen_seconds);
  });
  top.mark_known("source");
  if (const toml::node* node = root.get("source"); node && !err) {
    const toml::array* list = node->as_array();
    if (!list || !list->is_array_of_tables()) {
      err = config_error(where_of(path, *node), "source must be an array of tables ([[source]])");
    } else {
      for (const toml::node& el : *list) {
        if (err) break;
        SourceOptions src;
        src.line = static_cast<int>(el.source().begin.line);
        TableReader r(path, *el.as_table(), "source");
        r.read("name", src.name);
        std::string kind = "site";
        r.read("kind", kind);
        r.read("seeds", src.seeds);
        r.read("allow_private", src.allow_private);
        r.read("obey_robots", src.obey_robots);
        bool depth_set = el.as_table()->contains("max_depth");
        r.read("max_depth", src.max_depth);
        r.read("max_pages", src.max_pages);
        std::string every, cron;
        r.read("every", every);
        r.read("cron", cron);
        r.read("hosts", src.hosts);
        r.read("domains", src.domains);
        r.read("include", src.include);
        r.read("exclude", src.exclude);
        r.read("proxy", src.proxy);
        r.read("list", src.list);
        r.read("delay", src.delay);
        r.read("per_host", src.per_host);
        r.read("content_types", src.content_types);
        r.finish();
        if (r.error) {
          err = r.error;
          break;
        }
        const std::string where = where_of(path, el);
        // an error names the line of its key, else the line of the [[source]]
        auto source_error = [&](const std::string& what, const char* key = nullptr) {
          const toml::node* at = key ? el.as_table()->get(key) : nullptr;
          err = config_error(at ? where_of(path, *at) : where,
                             "source \"" + src.name + "\": " + what);
        };
        bool known = false;
        for (SourceKind k : {SourceKind::kSite, SourceKind::kFeed, SourceKind::kSitemap,
                             SourceKind::kUrls, SourceKind::kUnList})
          if (source_kind_name(k) == kind) {
            src.kind = k;
            known = true;
          }
        if (src.name.empty()) {
          err = config_error(where, "source: name is required");
        } else if (!known) {
          source_error(
              "kind must be one of site, feed, sitemap, urls, un-list; got \"" + kind + "\"",
              "kind");
        } else if (!every.empty() && !cron.empty()) {
          source_error("every and cron cannot both be set");
        } else if (!every.empty() || !cron.empty()) {
          Result<Schedule> sched = every.empty() ? parse_cron(cron) : parse_every(every);
          if (!sched)
            source_error(sched.error().message, every.empty() ? "cron" : "every");
          else
            src.schedule = *sched;
        }
        if (!depth_set && (src.kind == SourceKind::kUrls || src.kind == SourceKind::kUnList))
          src.max_depth = 0;
        if (!depth_set && (src.kind == SourceKind::kFeed || src.kind == SourceKind::kSitemap))
          src.max_depth = 1;
        c.sources.push_back(std::move(src));
      }
    }
  }
  top.finish();
  if (err) return *err;
  if (top.error) return *top.error;
  c.path = path;
  if (Status s = validate(c); !s) return config_error(path, s.error().message);
  return c;
}

}  // namespace trawl
