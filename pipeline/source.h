// Sources: where the flow graph's items come from. The file walk of `trawl ingest`, the
// members of a container, the records of a WARC file, the locations the catalog names
// (ingest --only-failed / --reprocess), and next the crawler: each is a Source, and one
// graph (pipeline/ingest.cc) takes them all.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "config/config.h"
#include "core/document.h"
#include "core/result.h"
#include "extractors/archive.h"
#include "extractors/extractor.h"

namespace trawl {

// One thing to ingest: bytes, or a file to read them from, with the location they were
// found at (its fetch record included) and any charset declared for them.
struct Item {
  Location location;
  // A file to read (the bytes below are then empty). Read in the graph, not by the source.
  std::string path;
  std::shared_ptr<const std::string> bytes;    // the bytes, when the source has them
  std::vector<std::string> declared_charsets;  // e.g. from an HTTP Content-Type header
  std::optional<Error> error;                  // could not be listed or read: fails at read
  // A sighting of bytes already seen (a WARC revisit record): the document's id; no bytes.
  std::string sighting_of;
  // The date a feed or sitemap gave this page ("YYYY-MM-DD"): the document's date when it
  // has none of its own.
  std::string feed_date;
};

// Yields items one at a time. Not thread-safe: one thread at a time calls next() (the
// graph calls a source from one node at a time, which may run on any thread).
class Source {
 public:
  virtual ~Source() = default;
  // The next item, or nullopt at the end. A problem with one item is on the item; a
  // problem that ends the source early is left for error().
  virtual std::optional<Item> next() = 0;
  // Why the source ended before its natural end (a truncated archive or WARC file, a
  // bomb's limit), once next() has returned nullopt; nullopt when it read to the end.
  virtual std::optional<Error> error() const { return std::nullopt; }
  // Items yielded so far.
  virtual uint64_t count() const = 0;
};

// The files under `roots` (files or folders), walked depth first in name order; `exclude`
// (the data folder) is skipped. Items carry a path; the walk's errors are items too.
std::unique_ptr<Source> make_file_source(const std::vector<std::string>& roots,
                                         const std::vector<std::string>& exclude,
                                         const std::string& source_name);

// Counts the files make_file_source would yield (for a progress bar's ETA); stops early
// when *stop becomes true.
uint64_t count_files(const std::vector<std::string>& roots, const std::vector<std::string>& exclude,
                     const std::atomic<bool>* stop);

// The members of a container, as items with a child location: the container's uri, "/",
// the member's path. `container` is the container's location (its source is kept);
// `container_id` its document id. `bytes` stays alive with the source. Errors as
// ArchiveReader::open (the container cannot be opened).
Result<std::unique_ptr<Source>> make_member_source(std::shared_ptr<const std::string> bytes,
                                                   const Location& container,
                                                   const std::string& container_id,
                                                   const ArchiveOptions& limits,
                                                   std::shared_ptr<ArchiveBudget> budget);
// The same for a container file read from disk as it goes.
Result<std::unique_ptr<Source>> make_member_file_source(const std::string& path,
                                                        const Location& container,
                                                        const std::string& container_id,
                                                        const ArchiveOptions& limits,
                                                        std::shared_ptr<ArchiveBudget> budget);

// The files a document holds (Extracted::children: attachments, embedded images, an
// mbox's messages), as items located at the parent's uri, "/", the child's name (made a
// clean relative path, unique among its siblings: "a.png", "a-2.png"). A child with an
// error (a broken attachment) fails at read with that reason; an empty one as kEmpty.
std::unique_ptr<Source> make_embedded_source(std::vector<Embedded> children,
                                             const Location& parent,
                                             const std::string& parent_id);

// The records of a WARC file that hold documents: `response` records with a 2xx status
// and `resource` records become items located at their target URI with the WARC date,
// IP, HTTP status and headers as the fetch record, and the HTTP charset declared; a
// `revisit` record becomes a sighting of the document an earlier record of the same file
// held (matched by payload digest). Other records are skipped. kNotFound / kIo / kCorrupt
// if the file cannot be opened as WARC.
Result<std::unique_ptr<Source>> make_warc_source(const std::string& path,
                                                 const std::string& source_name,
                                                 uint64_t max_record_bytes);

// The top-level locations the catalog's filters take (each in turn), as items to read
// again. Locations that are not files (URLs from WARC records) are left out.
std::unique_ptr<Source> make_catalog_source(Catalog& catalog,
                                            const std::vector<LocationFilter>& filters);

// True when the first bytes of a file say it is a WARC file.
bool is_warc_head(std::string_view head);

}  // namespace trawl
