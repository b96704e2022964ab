// Compound files libmagic does not name ("application/CDFV2", "application/x-ole-storage":
// a damaged HWP, an odd .msg): opened and handed to the extractor of what their streams
// say they are. Internal to extractors/ (registered in extractor.cc).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "extractors/extractor.h"

namespace trawl {

// The extractor registered for a MIME type, or nullptr. Called at construction only.
using ExtractorLookup = std::function<std::shared_ptr<const Extractor>(const std::string& mime)>;

// By the streams at the root of the file:
//   FileHeader starting "HWP Document File"     -> application/x-hwp (HWP 5)
//   __properties_version1.0 and __substg1.0_*   -> application/vnd.ms-outlook (.msg)
//   EncryptionInfo and EncryptedPackage         -> application/encrypted
//   WordDocument / Workbook or Book / PowerPoint Document
//                                               -> application/msword,
//                                                  application/vnd.ms-excel,
//                                                  application/vnd.ms-powerpoint
// else kUnsupported naming the top-level streams. A type with no extractor registered
// (a build without the .msg or legacy reader) is kUnsupported naming the format. A file
// that is no compound file is kCorrupt. The delegate gets the blob with its MIME type.
std::unique_ptr<Extractor> make_compound_file_extractor(const ExtractorLookup& lookup);

}  // namespace trawl
