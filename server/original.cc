#include "server/original.h"

#include <filesystem>
#include <fstream>
#include <memory>

#include "config/layout.h"
#include "extractors/archive.h"
#include "extractors/identify.h"
#include "extractors/warc.h"
#include "index/index.h"

namespace trawl {
namespace {

constexpr int kMaxNesting = 16;

// The body of the response record of `uri` at `offset` in `file`.
Result<std::string> from_warc(const Location& loc) {
  WarcOptions wo;
  wo.start_offset = static_cast<uint64_t>(loc.fetch.warc_offset);
  auto reader = WarcReader::open(loc.fetch.warc_file, wo);
  if (!reader) return reader.error();
  // the response record, or the request record before it at the same place
  for (int i = 0; i < 3; ++i) {
    auto r = (*reader)->next();
    if (!r) return r.error();
    if (!*r) break;
    if (((**r).type == "response" || (**r).type == "resource") && (**r).target_uri == loc.uri)
      return std::move((**r).body);
  }
  return make_error(ErrorCode::kNotFound, "no record of " + loc.uri + " at offset " +
                                              std::to_string(loc.fetch.warc_offset) + " of " +
                                              loc.fetch.warc_file);
}

Result<std::string> from_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return make_error(ErrorCode::kNotFound, path + ": no such file now");
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  if (!in.good() && !in.eof()) return make_error(ErrorCode::kIo, path + ": cannot be read");
  return bytes;
}

Result<std::string> bytes_of(const Config& config, IndexReader& index, const Document& doc,
                             int depth, std::string& tried);

// A member: the container's bytes, then the member by its path inside.
Result<std::string> from_container(const Config& config, IndexReader& index, const Location& loc,
                                   int depth, std::string& tried) {
  auto parent = index.get(loc.parent_id);
  if (!parent) return parent.error();
  auto container = bytes_of(config, index, parent->doc, depth + 1, tried);
  if (!container) return container.error();
  auto shared = std::make_shared<const std::string>(std::move(*container));
  auto reader = ArchiveReader::open(shared, parent->doc.primary_location(), config.archive);
  if (!reader) return reader.error();
  for (;;) {
    auto m = (*reader)->next();
    if (!m) return m.error();
    if (!*m) break;
    if ((**m).path == loc.inner_path) {
      if ((**m).error) return *(**m).error;
      return std::move((**m).bytes);
    }
  }
  return make_error(ErrorCode::kNotFound, "no member " + loc.inner_path + " in " + loc.parent_id);
}

Result<std::string> bytes_of(const Config& config, IndexReader& index, const Document& doc,
                             int depth, std::string& tried) {
  if (depth > kMaxNesting) return make_error(ErrorCode::kTooLarge, "containers nested too deep");
  for (const Location& loc : doc.locations) {
    Result<std::string> bytes = make_error(ErrorCode::kNotFound, "");
    if (!loc.fetch.warc_file.empty() && loc.fetch.warc_offset >= 0)
      bytes = from_warc(loc);
    else if (!loc.parent_id.empty())
      bytes = from_container(config, index, loc, depth, tried);
    else if (!loc.uri.empty() && loc.uri.front() == '/')
      bytes = from_file(loc.uri);
    else
      bytes = make_error(ErrorCode::kNotFound, loc.uri + ": not kept");
    if (bytes && sha256_hex(*bytes) == doc.id) return bytes;
    if (!tried.empty()) tried += "; ";
    tried += bytes ? loc.uri + ": changed since it was indexed" : bytes.error().message;
  }
  return make_error(ErrorCode::kNotFound, "");
}

}  // namespace

Result<std::string> original_bytes(const Config& config, IndexReader& index, const Document& doc) {
  std::string tried;
  auto bytes = bytes_of(config, index, doc, 0, tried);
  if (bytes) return bytes;
  return make_error(ErrorCode::kNotFound,
                    "the original of " + doc.id + " is no longer kept anywhere (" + tried + ")");
}

Result<std::string> original_bytes(const Config& config, const Document& doc) {
  auto index = IndexReader::open(DataLayout(config.data_dir).index());
  if (!index) return index.error();
  return original_bytes(config, **index, doc);
}

}  // namespace trawl
