// The files of the web page, built into the binary (embed.cmake writes page_assets.cc
// from server/page/).
#pragma once

#include <string_view>

namespace trawl::http {

struct PageAsset {
  std::string_view name;  // "index.html", "app.js"
  std::string_view type;  // its Content-Type
  std::string_view bytes;
};

// nullptr for a name that is not one of the page's files.
const PageAsset* find_page_asset(std::string_view name);

}  // namespace trawl::http
