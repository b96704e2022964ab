#include "pipeline/walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace trawl {

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  if (ec) p = path;
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

struct Walker::Frame {
  std::vector<std::string> entries;  // sorted full paths
  size_t next = 0;
};

Walker::Walker(std::vector<std::string> roots, std::vector<std::string> exclude)
    : roots_(std::move(roots)) {
  for (const std::string& e : exclude) exclude_.push_back(absolute_path(e));
}

Walker::~Walker() = default;

bool Walker::excluded(const std::string& path) const {
  for (const std::string& e : exclude_)
    if (path == e || (path.size() > e.size() && path.starts_with(e) && path[e.size()] == '/')) return true;
  return false;
}

void Walker::enter(const std::string& dir) {
  std::error_code ec;
  auto frame = std::make_unique<Frame>();
  fs::directory_iterator it(dir, ec);
  if (ec) {
    pending_.push_back({dir, make_error(ErrorCode::kIo, "cannot list folder: " + ec.message())});
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      pending_.push_back({dir, make_error(ErrorCode::kIo, "cannot list folder: " + ec.message())});
      break;
    }
    frame->entries.push_back(it->path().string());
  }
  std::sort(frame->entries.begin(), frame->entries.end());
  stack_.push_back(std::move(frame));
}

std::optional<WalkItem> Walker::next() {
  for (;;) {
    if (!pending_.empty()) {
      WalkItem item = std::move(pending_.back());
      pending_.pop_back();
      return item;
    }
    std::string path;
    if (!stack_.empty()) {
      Frame& top = *stack_.back();
      if (top.next >= top.entries.size()) {
        stack_.pop_back();
        continue;
      }
      path = top.entries[top.next++];
    } else if (next_root_ < roots_.size()) {
      path = absolute_path(roots_[next_root_++]);
    } else {
      return std::nullopt;
    }
    if (excluded(path)) continue;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      int err = errno;
      struct stat lst;
      bool dangling = ::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
      std::string why = err == ELOOP ? "symbolic link loop"
                        : dangling   ? "broken symbolic link"
                        : err == ENOENT ? "no such file or directory"
                                        : std::strerror(err);
      return WalkItem{path, make_error(err == ENOENT && !dangling ? ErrorCode::kNotFound : ErrorCode::kIo, why)};
    }
    if (S_ISDIR(st.st_mode)) {
      auto key = std::make_pair(static_cast<unsigned long>(st.st_dev), static_cast<unsigned long>(st.st_ino));
      if (!visited_.insert(key).second) continue;  // entered before: a symlink loop or a second link
      enter(path);
      continue;
    }
    return WalkItem{path, std::nullopt};
  }
}

}  // namespace trawl
