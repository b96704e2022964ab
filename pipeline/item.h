// The per-item steps that `trawl ingest` (pipeline/ingest.cc, in the flow graph) and
// `trawl extract` (directly) share: read an item's bytes and identify them, then extract
// a document, or open a container's members, or a WARC file's records.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "config/config.h"
#include "core/document.h"
#include "extractors/archive.h"
#include "pipeline/process.h"
#include "pipeline/source.h"

namespace trawl {

// What the pipeline does with an item's bytes.
enum class ItemKind {
  kDocument,   // extracted into one document
  kContainer,  // a document whose members are documents too (zip, tar, 7z, gzip...)
  kWarc,       // a WARC file: its records are documents; the file itself is not one
};

struct ReadItem {
  ItemKind kind = ItemKind::kDocument;
  std::shared_ptr<const std::string> bytes;  // null for WARC files (read from disk) and failures
  // A container too big to hold (over kStreamContainersAbove): its file, read from disk
  // member by member. bytes is null then.
  std::string path;
  FileState file;  // for files
};

// Files over this size are identified from their first 64 KB before they are read: a
// container is then read from disk member by member (memory does not grow with its
// size, and ingest.max_file_size does not apply to it; the [archive] limits do).
constexpr uint64_t kStreamContainersAbove = 8 << 20;

// Reads an item (its file, or the bytes it carries), then fills doc's location, id, size
// and MIME type. WARC files are recognised from their first bytes and not read whole.
// On failure sets doc.error (stage read or identify) and returns bytes == nullptr.
// `processor` identifies; max_size bounds a file (ingest.max_file_size).
ReadItem read_item(const Item& item, Processor& processor, Document& doc, uint64_t max_size);

// Opens what is inside: a container's members or a WARC file's records. `depth` is the
// container's (1 for a file given to ingest); `budget` is shared with the containers it
// is inside (nullptr at the top). Errors as make_member_source / make_warc_source.
Result<std::unique_ptr<Source>> open_inside(const ReadItem& read, const Document& doc,
                                            const Config& config,
                                            std::shared_ptr<ArchiveBudget> budget);

// Gives a container's document its text: the paths of its members, one per line, with
// metadata "members" and, when its reading was cut short, a warning saying why.
void finish_container(Document& doc, const std::string& listing, uint64_t members,
                      const std::optional<Error>& cut);

// One item through the same steps as ingest: read, identify, extract; a container's
// members and a document's embedded files (to archive.max_depth) come back in
// `children`, depth first. `trawl extract`
// and the extraction service (server/tika.cc) call it. `budget`: nullptr at the top.
void extract_item(const Item& item, Processor& processor, const Config& config, int depth,
                  std::shared_ptr<ArchiveBudget> budget, Document& doc,
                  std::vector<Document>& children);

}  // namespace trawl
