// The data folder's layout, named in one place: every folder that keeps files under the
// data folder asks here where they go.
//
//   DATA/index/          the Xapian index (index/): shards and their stub file
//   DATA/catalog.sqlite  the catalog (catalog/): locations, versions, states, runs
//   DATA/lists/          sanctions lists and watchlists (entities/)
//   DATA/warc/           raw crawled responses (crawl/)
//   DATA/spool/          large downloads and temporary files
#pragma once

#include <string>

namespace trawl {

class DataLayout {
 public:
  explicit DataLayout(std::string data_dir) : dir_(std::move(data_dir)) {}
  const std::string& root() const { return dir_; }
  std::string index() const { return dir_ + "/index"; }
  std::string catalog() const { return dir_ + "/catalog.sqlite"; }
  std::string lists() const { return dir_ + "/lists"; }
  std::string warc() const { return dir_ + "/warc"; }
  std::string spool() const { return dir_ + "/spool"; }

 private:
  std::string dir_;
};

}  // namespace trawl
