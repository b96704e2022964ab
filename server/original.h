// `trawl show --original ID`: the bytes of a document as they were fetched or found,
// read again from where its locations say they are kept (a WARC record at its offset, a
// file, a member of a container found that way), and checked against the id (SHA-256).
#pragma once

#include <string>

#include "config/config.h"
#include "core/document.h"
#include "core/result.h"
#include "index/index.h"

namespace trawl {

// The document's bytes from the first of its locations that still holds them. kNotFound
// (one line naming every location tried and why) when none does.
Result<std::string> original_bytes(const Config& config, const Document& doc);
// The same with an open index (containers are looked up in it).
Result<std::string> original_bytes(const Config& config, IndexReader& index, const Document& doc);

}  // namespace trawl
