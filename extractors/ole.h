// OLE compound files (CFB, [MS-CFB]): the container of HWP 5 documents, Outlook .msg
// messages, legacy Office files and encrypted OOXML. A small interface over libgsf
// (ole_gsf.cc); libgsf types never appear here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trawl::ole {

struct Entry {
  std::string name;  // as stored: "BodyText", "Section0", "\005HwpSummaryInformation"
  bool storage = false;
  std::uint64_t size = 0;  // bytes of a stream; 0 for a storage
};

// The properties of a summary-information stream ([MS-OLEPS]) that documents carry.
struct Summary {
  std::string title, subject, author, keywords, comments, last_author, application;
  std::string created, modified;  // ISO 8601 UTC ("2019-03-01T09:30:00Z"); empty if absent
  int codepage = 0;               // PIDSI_CODEPAGE when present
};

// An opened compound file. Paths are storage names joined by '/' from the root ("" is the
// root itself): "BodyText/Section0", "__substg1.0_0037001F". Copies share one parse; the
// bytes given to open() must outlive it. Not thread-safe (libgsf inputs keep a position):
// one CompoundFile per document being read.
class CompoundFile {
 public:
  // kCorrupt "not an OLE compound file" or libgsf's reason (a truncated file, a sector
  // chain that loops). `name` is for messages.
  static Result<CompoundFile> open(std::string_view bytes, std::string_view name);

  // The children of a storage in directory order; empty when `storage` is not one.
  std::vector<Entry> children(std::string_view storage = "") const;
  // Whether a stream or storage exists at `path`.
  bool has(std::string_view path) const;
  std::optional<Entry> entry(std::string_view path) const;

  // A whole stream. kNotFound when there is none at `path`, kTooLarge when it is over
  // `limit` bytes, kCorrupt when it is listed but cannot be opened or libgsf cannot read
  // all of its declared size (what could be read is not returned: callers that want a
  // prefix use read_prefix()).
  Result<std::string> read(std::string_view path, std::uint64_t limit) const;
  // Up to `limit` bytes from the start of a stream, as many as could be read; kNotFound
  // when there is none, kCorrupt when it is listed but cannot be opened.
  Result<std::string> read_prefix(std::string_view path, std::uint64_t limit) const;

  // What libgsf reported while streams were opened, one line each naming the stream, in
  // the order met: "BodyText/Section1: its sector chain does not end (a loop or a bad
  // FAT entry)" (the stream is then read to its declared size, as far as it goes), "...:
  // its sectors lie past the end of the file". Empty for a sound file.
  std::vector<std::string> warnings() const;

  // A summary-information property set stream ("\005SummaryInformation",
  // "\005HwpSummaryInformation"); nullopt when absent or unreadable.
  std::optional<Summary> summary(std::string_view path) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace trawl::ole
