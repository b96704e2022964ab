// Identification: what the bytes are (MIME type by content, libmagic) and who they are
// (the document id, SHA-256 of the bytes).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace trawl {

// Lower-case hex SHA-256 of `bytes` (64 characters): the document id. Thread-safe.
std::string sha256_hex(std::string_view bytes);

// Detects MIME types from content with libmagic. The file name is only a tie-breaker
// (libmagic's "text/plain" for a file named *.html that contains markup becomes
// "text/html"); it never makes binary data text.
//
// Not thread-safe: libmagic handles keep state. Use one detector per thread.
class MimeDetector {
 public:
  // Loads the magic database. Fails (kFatal) only if libmagic is not installed properly.
  static Result<std::unique_ptr<MimeDetector>> create();
  virtual ~MimeDetector() = default;

  // Returns a MIME type such as "application/pdf", "text/html", "text/plain",
  // "application/octet-stream" for unrecognised binary data, "application/x-empty" for
  // no bytes.
  virtual std::string detect(std::string_view bytes, std::string_view name) = 0;
};

}  // namespace trawl
