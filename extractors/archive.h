// Containers through libarchive: zip, tar (plain, gzip, bzip2, xz, zstd), gzip of one
// file, 7z. A reader streams the members one at a time, so memory holds one member,
// whatever the size of the container. extractors/archive_libarchive.cc is the adapter;
// libarchive's types never appear here.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/result.h"

namespace trawl {

// One member of a container.
struct ArchiveMember {
  // Path inside the container, UTF-8, '/'-separated, never absolute and never with ".."
  // or "." segments (they are dropped: "../../etc/passwd" -> "etc/passwd"). Zip names
  // without the UTF-8 flag are decoded from the legacy code page they are in (CP437,
  // CP949/EUC-KR, Shift_JIS, GBK, judged from the bytes). For a gzip of one file: the
  // name stored in its header, else the container's name without ".gz".
  // Always valid UTF-8 in NFC; "unnamed-N" (N: 1-based member number) when nothing is
  // left of the name. Zip backslashes separate folders (after decoding: 0x5C is a trail
  // byte of Shift_JIS and GBK characters).
  std::string path;
  std::string bytes;        // the uncompressed content; empty when error is set
  int64_t modified_at = 0;  // unix seconds, 0 when unknown
  // Set when this member cannot be read while the others can: kEncrypted (with the
  // reason "encrypted member, no password"), kTooLarge (over archive.max_member_bytes),
  // kUnsupported (an unsupported compression method), kCorrupt (its data is bad; in a
  // zip or 7z the reader reopens the container and reads on past it, other formats end
  // with the reader's kCorrupt instead).
  std::optional<Error> error;
};

// Where the container's counts come from, so nested containers share one budget: the
// members, bytes and depth of a top-level container and everything inside it.
// Atomic: the readers of sibling containers may run on two threads at once.
struct ArchiveBudget {
  std::atomic<uint64_t> members{0};  // members read so far, all depths
  std::atomic<uint64_t> bytes{0};    // uncompressed bytes read so far, all depths
  uint64_t compressed = 0;  // size of the top-level container, set before reading (0: unknown)
};

// Streams the members of one container. Not thread-safe; one reader is used by one
// thread at a time (it may move between threads).
class ArchiveReader {
 public:
  // Opens a container held in memory. `bytes` must stay alive and unchanged as long as
  // the reader (shared ownership makes that so). `name` is used in messages and for the
  // member name of a lone gzip. `budget` is shared with the readers of containers nested
  // in this one (nullptr: a fresh one). Errors: kCorrupt ("not a readable archive: ..."),
  // kUnsupported (a format libarchive cannot read).
  static Result<std::unique_ptr<ArchiveReader>> open(
      std::shared_ptr<const std::string> bytes, std::string name, const ArchiveOptions& limits,
      std::shared_ptr<ArchiveBudget> budget = nullptr);
  // The same for a container on disk, read as it goes (never loaded whole), in 64 KB
  // blocks. Also kNotFound (no such file) and kIo (it cannot be opened or read).
  static Result<std::unique_ptr<ArchiveReader>> open_file(
      const std::string& path, const ArchiveOptions& limits,
      std::shared_ptr<ArchiveBudget> budget = nullptr);
  virtual ~ArchiveReader() = default;

  // The next member that is a regular file (folders, links and devices are skipped), or
  // nullopt at the end. An error ends the container's reading for good; the members
  // returned before it stand:
  //   kCorrupt   "truncated or corrupt archive after N members: <libarchive's reason>"
  //   kTooLarge  over archive.max_members, archive.max_total_bytes or archive.max_ratio
  //              (the message names the setting)
  //   kEncrypted "encrypted archive, no password: ..." when the container's own headers
  //              are encrypted (a 7z made with -mhe), so no member can even be named
  // After an error, next() returns nullopt. A member that cannot be read alone comes
  // back with its error set (see ArchiveMember) and the reading goes on.
  virtual Result<std::optional<ArchiveMember>> next() = 0;

  // "zip", "tar", "7z", "rar", "cpio", "iso9660", "cab", or for a lone compressed file
  // its compressor: "gzip", "bzip2", "xz", "zstd", "lz4", "lzip", "compress" (known
  // after the first next(), "" before). A compressed tar is "tar".
  virtual std::string format() const = 0;
  const std::shared_ptr<ArchiveBudget>& budget() const { return budget_; }

 protected:
  std::shared_ptr<ArchiveBudget> budget_;
};

// True for the MIME types libmagic gives containers that ArchiveReader reads:
// application/zip, application/x-tar, application/gzip, application/x-bzip2,
// application/x-xz, application/zstd, application/x-7z-compressed... (not the zip-based
// office formats: application/vnd.openxmlformats-*, application/vnd.oasis.*).
bool is_archive_type(std::string_view mime);

}  // namespace trawl
