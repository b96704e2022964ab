#include "pipeline/source.h"

#include <ctime>
#include <map>

#include "core/dates.h"
#include "extractors/identify.h"
#include "extractors/warc.h"
#include "pipeline/walk.h"

namespace trawl {
namespace {

int64_t now() { return static_cast<int64_t>(std::time(nullptr)); }

class FileSource final : public Source {
 public:
  FileSource(const std::vector<std::string>& roots, const std::vector<std::string>& exclude,
             std::string name)
      : walker_(roots, exclude), name_(std::move(name)) {}

  std::optional<Item> next() override {
    std::optional<WalkItem> w;
    try {
      w = walker_.next();
    } catch (const std::exception& e) {
      w = WalkItem{"", make_error(ErrorCode::kIo, std::string("walk failed: ") + e.what())};
    }
    if (!w) return std::nullopt;
    ++count_;
    Item item;
    item.location.source = name_;
    item.location.uri = w->path;
    item.path = w->path;
    item.error = std::move(w->error);
    return item;
  }
  uint64_t count() const override { return count_; }

 private:
  Walker walker_;
  std::string name_;
  uint64_t count_ = 0;
};

class MemberSource final : public Source {
 public:
  MemberSource(std::unique_ptr<ArchiveReader> reader, Location container, std::string container_id)
      : reader_(std::move(reader)),
        container_(std::move(container)),
        container_id_(std::move(container_id)) {}

  std::optional<Item> next() override {
    for (;;) {
      if (error_) return std::nullopt;
      Result<std::optional<ArchiveMember>> m = reader_->next();
      if (!m) {
        error_ = m.error();
        return std::nullopt;
      }
      if (!*m) return std::nullopt;
      ArchiveMember& member = **m;
      ++count_;
      if (!member.error && member.bytes.empty()) continue;  // an empty member is no document
      Item item;
      item.location.source = container_.source;
      item.location.uri = child_uri(container_.uri, member.path);
      item.location.parent_id = container_id_;
      item.location.inner_path = member.path;
      item.location.fetch.seen_at = now();
      item.location.fetch.modified_at = member.modified_at;
      if (member.error)
        item.error = std::move(member.error);
      else
        item.bytes = std::make_shared<const std::string>(std::move(member.bytes));
      return item;
    }
  }
  std::optional<Error> error() const override { return error_; }
  uint64_t count() const override { return count_; }

 private:
  std::unique_ptr<ArchiveReader> reader_;
  Location container_;
  std::string container_id_;
  std::optional<Error> error_;
  uint64_t count_ = 0;
};

// A name that is a path inside its parent: '/'-separated, no empty, "." or ".." segments,
// unique among its siblings ("a.png", "a-2.png", ...), "embedded-N" when nothing is left.
std::string embedded_name(std::string_view raw, uint64_t n, std::map<std::string, int>& seen) {
  std::string name;
  size_t i = 0;
  while (i <= raw.size()) {
    size_t j = raw.find_first_of("/\\", i);
    if (j == std::string_view::npos) j = raw.size();
    std::string_view seg = raw.substr(i, j - i);
    if (!seg.empty() && seg != "." && seg != "..") {
      if (!name.empty()) name += '/';
      for (char c : seg) name += static_cast<unsigned char>(c) < 0x20 ? '_' : c;
    }
    i = j + 1;
  }
  if (name.empty()) name = "embedded-" + std::to_string(n);
  int& count = seen[name];
  if (++count == 1) return name;
  // "report.pdf" -> "report-2.pdf"
  const size_t slash = name.rfind('/');
  size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0 || (slash != std::string::npos && dot < slash + 2))
    dot = name.size();
  std::string unique;
  for (int k = count;; ++k) {
    unique = name.substr(0, dot) + "-" + std::to_string(k) + name.substr(dot);
    if (seen.find(unique) == seen.end()) break;
  }
  seen[unique] = 1;
  return unique;
}

class EmbeddedSource final : public Source {
 public:
  EmbeddedSource(std::vector<Embedded> children, Location parent, std::string parent_id)
      : children_(std::move(children)),
        parent_(std::move(parent)),
        parent_id_(std::move(parent_id)) {}

  std::optional<Item> next() override {
    if (count_ >= children_.size()) return std::nullopt;
    Embedded& e = children_[count_++];
    const std::string name = embedded_name(e.name, count_, seen_);
    Item item;
    item.location.source = parent_.source;
    item.location.uri = child_uri(parent_.uri, name);
    item.location.parent_id = parent_id_;
    item.location.inner_path = name;
    item.location.fetch.seen_at = parent_.fetch.seen_at ? parent_.fetch.seen_at : now();
    item.location.fetch.modified_at = e.modified_at;
    if (e.error) {
      item.error = std::move(e.error);
    } else if (e.bytes.empty()) {
      item.error = make_error(ErrorCode::kEmpty, "empty (0 bytes)");
    } else {
      item.bytes = std::make_shared<const std::string>(std::move(e.bytes));
    }
    std::string().swap(e.bytes);
    return item;
  }
  uint64_t count() const override { return count_; }

 private:
  std::vector<Embedded> children_;
  Location parent_;
  std::string parent_id_;
  std::map<std::string, int> seen_;
  size_t count_ = 0;
};

// HTTP headers a location keeps in its fetch record.
bool header_of_interest(const std::string& name) {
  static const char* const kKept[] = {
      "content-type", "content-language", "last-modified",      "etag",
      "date",         "location",         "content-disposition"};
  for (const char* k : kKept)
    if (name == k) return true;
  return false;
}

class WarcSource final : public Source {
 public:
  WarcSource(std::unique_ptr<WarcReader> reader, std::string path, std::string name)
      : reader_(std::move(reader)), path_(std::move(path)), name_(std::move(name)) {}

  std::optional<Item> next() override {
    for (;;) {
      if (error_) return std::nullopt;
      Result<std::optional<WarcRecord>> r = reader_->next();
      if (!r) {
        if (r.error().code == ErrorCode::kTooLarge) {  // that record only: the reading goes on
          Item item;
          item.location.source = name_;
          item.location.uri = path_ + "#record";
          item.error = r.error();
          ++count_;
          return item;
        }
        error_ = r.error();
        return std::nullopt;
      }
      if (!*r) return std::nullopt;
      WarcRecord& rec = **r;
      const bool response =
          rec.type == "response" && rec.http_status >= 200 && rec.http_status < 300;
      const bool resource = rec.type == "resource";
      const bool revisit = rec.type == "revisit";
      if (!(response || resource || revisit) || rec.target_uri.empty()) continue;
      Item item;
      item.location.source = name_;
      item.location.uri = rec.target_uri;
      FetchRecord& f = item.location.fetch;
      f.seen_at = rec.date_unix;
      f.http_status = rec.http_status;
      f.ip = rec.ip;
      f.warc_file = path_;
      f.warc_offset = static_cast<int64_t>(rec.offset);
      for (const auto& [k, v] : rec.http_headers)
        if (header_of_interest(k)) f.headers[k] = v;
      if (auto lm = rec.http_headers.find("last-modified"); lm != rec.http_headers.end())
        f.modified_at = parse_http_date(lm->second).value_or(0);
      if (revisit) {
        auto it = by_digest_.find(rec.payload_digest);
        if (rec.payload_digest.empty() || it == by_digest_.end())
          continue;  // its original is elsewhere
        item.sighting_of = it->second;
        ++count_;
        return item;
      }
      if (rec.body.empty()) continue;
      auto bytes = std::make_shared<const std::string>(std::move(rec.body));
      if (!rec.payload_digest.empty()) by_digest_[rec.payload_digest] = sha256_hex(*bytes);
      item.bytes = std::move(bytes);
      item.declared_charsets = rec.declared_charsets;
      ++count_;
      return item;
    }
  }
  std::optional<Error> error() const override { return error_; }
  uint64_t count() const override { return count_; }

 private:
  std::unique_ptr<WarcReader> reader_;
  std::string path_;
  std::string name_;
  std::map<std::string, std::string> by_digest_;  // payload digest -> document id, this file
  std::optional<Error> error_;
  uint64_t count_ = 0;
};

class CatalogSource final : public Source {
 public:
  CatalogSource(Catalog& catalog, const std::vector<LocationFilter>& filters) {
    for (const LocationFilter& filter : filters) {
      Status s = catalog.for_each(filter, [&](const LocationRecord& r) {
        if (!r.uri.empty() && r.uri[0] == '/') rows_.push_back({r.uri, r.source});
      });
      if (!s) error_ = s.error();
    }
  }
  std::optional<Item> next() override {
    if (next_ >= rows_.size()) return std::nullopt;
    const auto& [uri, source] = rows_[next_++];
    Item item;
    item.location.source = source;
    item.location.uri = uri;
    item.path = uri;
    return item;
  }
  std::optional<Error> error() const override { return error_; }
  uint64_t count() const override { return next_; }

 private:
  std::vector<std::pair<std::string, std::string>> rows_;  // (uri, source); paths only
  size_t next_ = 0;
  std::optional<Error> error_;
};

}  // namespace

std::unique_ptr<Source> make_file_source(const std::vector<std::string>& roots,
                                         const std::vector<std::string>& exclude,
                                         const std::string& source_name) {
  return std::make_unique<FileSource>(roots, exclude, source_name);
}

uint64_t count_files(const std::vector<std::string>& roots, const std::vector<std::string>& exclude,
                     const std::atomic<bool>* stop) {
  uint64_t n = 0;
  try {
    Walker walker(roots, exclude);
    while (walker.next()) {
      ++n;
      if (stop && stop->load(std::memory_order_relaxed)) break;
    }
  } catch (const std::exception&) {
  }
  return n;
}

std::unique_ptr<Source> make_embedded_source(std::vector<Embedded> children, const Location& parent,
                                             const std::string& parent_id) {
  return std::make_unique<EmbeddedSource>(std::move(children), parent, parent_id);
}

Result<std::unique_ptr<Source>> make_member_source(std::shared_ptr<const std::string> bytes,
                                                   const Location& container,
                                                   const std::string& container_id,
                                                   const ArchiveOptions& limits,
                                                   std::shared_ptr<ArchiveBudget> budget) {
  std::string name = container.inner_path.empty() ? container.uri : container.inner_path;
  auto reader = ArchiveReader::open(std::move(bytes), std::move(name), limits, std::move(budget));
  if (!reader) return reader.error();
  return std::unique_ptr<Source>(
      std::make_unique<MemberSource>(std::move(*reader), container, container_id));
}

Result<std::unique_ptr<Source>> make_member_file_source(const std::string& path,
                                                        const Location& container,
                                                        const std::string& container_id,
                                                        const ArchiveOptions& limits,
                                                        std::shared_ptr<ArchiveBudget> budget) {
  auto reader = ArchiveReader::open_file(path, limits, std::move(budget));
  if (!reader) return reader.error();
  return std::unique_ptr<Source>(
      std::make_unique<MemberSource>(std::move(*reader), container, container_id));
}

Result<std::unique_ptr<Source>> make_warc_source(const std::string& path,
                                                 const std::string& source_name,
                                                 uint64_t max_record_bytes) {
  WarcOptions options;
  options.max_record_bytes = max_record_bytes;
  auto reader = WarcReader::open(path, options);
  if (!reader) return reader.error();
  return std::unique_ptr<Source>(
      std::make_unique<WarcSource>(std::move(*reader), path, source_name));
}

std::unique_ptr<Source> make_catalog_source(Catalog& catalog,
                                            const std::vector<LocationFilter>& filters) {
  return std::make_unique<CatalogSource>(catalog, filters);
}

bool is_warc_head(std::string_view head) { return looks_like_warc(head); }

}  // namespace trawl
