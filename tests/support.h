// Helpers shared by the tests: temporary folders, files, the corpus beside the repo,
// running the trawl binary.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace trawl::test {

// A fresh folder under /tmp, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Writes bytes to a file under the folder (creating sub-folders) and returns its path.
  std::string write(const std::string& name, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

std::string read_bytes(const std::string& path);

// A file of ../shared/corpus, or nullopt (with a warning) when the corpus is not there.
std::optional<std::string> corpus_file(const std::string& relative);
std::string samples_dir();

struct RunResult {
  int status = -1;   // exit status
  std::string out;   // stdout
  std::string err;   // stderr
};
// Runs the trawl binary with args (no shell), as user `uid` if uid >= 0.
RunResult run_trawl(const std::vector<std::string>& args, int uid = -1);

}  // namespace trawl::test
