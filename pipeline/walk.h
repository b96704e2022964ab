// Walks files and folders given on the command line, lazily, in a stable order.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace trawl {

struct WalkItem {
  std::string path;            // absolute, lexically normal (symlinks kept as named)
  std::optional<Error> error;  // set when the path could not be listed or does not exist
};

// Yields every regular-looking file under the given roots, depth first, entries of a
// folder in name order. Follows symbolic links to folders but never enters a folder it
// has entered before (by device and inode), so symlink loops end. Paths listed in
// `exclude` (and anything under them) are skipped: the data folder must not index
// itself. Not thread-safe.
class Walker {
 public:
  Walker(std::vector<std::string> roots, std::vector<std::string> exclude);
  ~Walker();
  // The next item, or nullopt when the walk is over.
  std::optional<WalkItem> next();

 private:
  struct Frame;
  void enter(const std::string& dir);
  bool excluded(const std::string& path) const;

  std::vector<std::string> roots_;
  size_t next_root_ = 0;
  std::vector<std::string> exclude_;
  std::vector<std::unique_ptr<Frame>> stack_;
  std::set<std::pair<unsigned long, unsigned long>> visited_;  // (dev, ino) of folders
  std::vector<WalkItem> pending_;
};

// An absolute, lexically normal form of a path, without resolving symlinks.
std::string absolute_path(const std::string& path);

}  // namespace trawl
