#include "pipeline/item.h"

#include <ctime>

#include "core/text.h"
#include "extractors/identify.h"

namespace trawl {

ReadItem read_item(const Item& item, Processor& processor, Document& doc, uint64_t max_size) {
  ReadItem out;
  doc.locations = {item.location};
  Location& loc = doc.locations.front();
  if (loc.fetch.seen_at == 0) loc.fetch.seen_at = static_cast<int64_t>(std::time(nullptr));
  if (item.error) {
    doc.fail(Stage::kRead, *item.error);
    return out;
  }
  std::shared_ptr<const std::string> bytes = item.bytes;
  if (!item.path.empty()) {
    Result<FileState> st = stat_file(item.path);
    if (!st) {
      doc.fail(Stage::kRead, st.error());
      return out;
    }
    out.file = *st;
    loc.fetch.modified_at = st->mtime_ns / 1000000000;
    if (st->size > 0) {
      Result<std::string> head = read_head(item.path, 64 * 1024);
      // a WARC file is read record by record from disk, whatever its size
      if (head && is_warc_head(*head)) {
        out.kind = ItemKind::kWarc;
        doc.mime = "application/warc";
        doc.size = static_cast<uint64_t>(st->size);
        return out;
      }
      if (head && static_cast<uint64_t>(st->size) > kStreamContainersAbove) {
        processor.identify_head(doc, *head);
        if (is_archive_type(doc.mime)) {
          Result<std::string> id = hash_file(item.path, *st);
          if (!id) {
            doc.fail(Stage::kRead, id.error());
            return out;
          }
          doc.id = std::move(*id);
          doc.size = static_cast<uint64_t>(st->size);
          out.kind = ItemKind::kContainer;
          out.path = item.path;
          return out;
        }
        doc.mime.clear();
      }
    }
    Result<FileBytes> file = read_file(item.path, max_size);
    if (!file) {
      doc.fail(Stage::kRead, file.error());
      return out;
    }
    out.file = file->state;
    loc.fetch.modified_at = file->modified_at;
    bytes = std::make_shared<const std::string>(std::move(file->bytes));
  }
  if (!bytes || bytes->empty()) {
    doc.fail(Stage::kRead, make_error(ErrorCode::kEmpty, "empty (0 bytes)"));
    return out;
  }
  processor.identify(doc, *bytes);
  if (is_archive_type(doc.mime)) out.kind = ItemKind::kContainer;
  out.bytes = std::move(bytes);
  return out;
}

Result<std::unique_ptr<Source>> open_inside(const ReadItem& read, const Document& doc,
                                            const Config& config,
                                            std::shared_ptr<ArchiveBudget> budget) {
  const Location& loc = doc.locations.front();
  if (read.kind == ItemKind::kWarc)
    return make_warc_source(loc.uri, loc.source, config.ingest.max_file_size);
  if (!read.path.empty())
    return make_member_file_source(read.path, loc, doc.id, config.archive, std::move(budget));
  return make_member_source(read.bytes, loc, doc.id, config.archive, std::move(budget));
}

void finish_container(Document& doc, const std::string& listing, uint64_t members,
                      const std::optional<Error>& cut) {
  doc.text = listing;
  doc.metadata["members"] = std::to_string(members);
  if (doc.title.empty()) {
    const std::string& uri = doc.primary_location();
    size_t slash = uri.rfind('/');
    doc.title = slash == std::string::npos ? uri : uri.substr(slash + 1);
  }
  if (cut) doc.warnings.push_back(one_line(cut->message));
}

void extract_item(const Item& item, Processor& processor, const Config& config, int depth,
                  std::shared_ptr<ArchiveBudget> budget, Document& doc,
                  std::vector<Document>& children) {
  ReadItem read = read_item(item, processor, doc, config.ingest.max_file_size);
  if (doc.failed()) return;
  if (read.kind == ItemKind::kDocument) {
    std::vector<Embedded> embedded;
    processor.process(doc, *read.bytes, item.declared_charsets, item.feed_date, &embedded);
    if (doc.failed() || embedded.empty()) return;
    if (depth + 1 >= config.archive.max_depth) {
      doc.warnings.push_back("holds " + std::to_string(embedded.size()) +
                             " embedded files, nested deeper than archive.max_depth: not read");
      return;
    }
    if (!budget) budget = std::make_shared<ArchiveBudget>();
    auto source = make_embedded_source(std::move(embedded), doc.locations.front(), doc.id);
    while (std::optional<Item> m = source->next()) {
      Document child;
      std::vector<Document> inside;
      extract_item(*m, processor, config, depth + 1, budget, child, inside);
      children.push_back(std::move(child));
      for (Document& d : inside) children.push_back(std::move(d));
    }
    return;
  }
  if (!budget) budget = std::make_shared<ArchiveBudget>();
  std::optional<Error> cut;
  std::string listing;
  uint64_t listed = 0;
  if (depth + 1 >= config.archive.max_depth) {
    cut = make_error(ErrorCode::kTooLarge, "nested deeper than archive.max_depth: not opened");
  } else {
    auto members = open_inside(read, doc, config, budget);
    if (!members) {
      doc.fail(Stage::kExtract, members.error());
      return;
    }
    while (std::optional<Item> m = (*members)->next()) {
      listing += m->location.inner_path + "\n";
      ++listed;
      Document child;
      std::vector<Document> inside;
      extract_item(*m, processor, config, depth + 1, budget, child, inside);
      children.push_back(std::move(child));
      for (Document& d : inside) children.push_back(std::move(d));
    }
    cut = (*members)->error();
  }
  if (read.kind == ItemKind::kContainer) finish_container(doc, listing, listed, cut);
}

}  // namespace trawl
