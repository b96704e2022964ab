// OLE1 objects of RTF's \objdata (MS-OLEDS 2.2.4), for rtf.cc. Internal to extractors/.
#pragma once

#include <optional>
#include <string_view>

#include "extractors/extractor.h"

namespace trawl {

// The file an OLE1 object carries: a "Package" object's file (its name from the
// Packager's label or source path, its bytes), or the compound file an embedded Word or
// Excel object holds ("object-N-Class"). nullopt when `object` is neither or is cut short.
// `index` (1-based) names unnamed objects. Thread-safe.
std::optional<Embedded> ole1_child(std::string_view object, int index);

}  // namespace trawl
