#include "core/document.h"

namespace trawl {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kEncrypted: return "encrypted";
    case ErrorCode::kTooLarge: return "too-large";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kEmpty: return "empty";
    case ErrorCode::kFatal: return "fatal";
  }
  return "unknown";
}

void Document::fail(std::string stage, Error e) {
  if (!error) error = StageError{std::move(stage), std::move(e)};
}

const std::string& Document::primary_location() const {
  static const std::string kNone;
  return locations.empty() ? kNone : locations.front().uri;
}

std::string short_type(const std::string& mime) {
  static const std::map<std::string, std::string> kNames = {
      {"application/pdf", "pdf"},       {"text/html", "html"},
      {"application/xhtml+xml", "html"}, {"text/plain", "text"},
      {"text/xml", "xml"},              {"application/xml", "xml"},
      {"text/csv", "csv"},
  };
  auto it = kNames.find(mime);
  if (it != kNames.end()) return it->second;
  auto slash = mime.find('/');
  return slash == std::string::npos ? mime : mime.substr(slash + 1);
}

}  // namespace trawl
