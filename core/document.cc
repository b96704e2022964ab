#include "core/document.h"

namespace trawl {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kEncrypted:
      return "encrypted";
    case ErrorCode::kTooLarge:
      return "too-large";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kEmpty:
      return "empty";
    case ErrorCode::kInvalid:
      return "invalid";
    case ErrorCode::kRefused:
      return "refused";
    case ErrorCode::kFatal:
      return "fatal";
  }
  return "unknown";
}

std::string_view stage_name(Stage stage) {
  switch (stage) {
    case Stage::kRead:
      return "read";
    case Stage::kIdentify:
      return "identify";
    case Stage::kExtract:
      return "extract";
    case Stage::kOcr:
      return "ocr";
    case Stage::kLanguage:
      return "language";
    case Stage::kEntities:
      return "entities";
    case Stage::kIndex:
      return "index";
  }
  return "unknown";
}

std::optional<Stage> stage_from_name(std::string_view name) {
  for (Stage s : {Stage::kRead, Stage::kIdentify, Stage::kExtract, Stage::kOcr, Stage::kLanguage,
                  Stage::kEntities, Stage::kIndex})
    if (stage_name(s) == name) return s;
  return std::nullopt;
}

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
  for (ErrorCode c : {ErrorCode::kNotFound, ErrorCode::kUnsupported, ErrorCode::kCorrupt,
                      ErrorCode::kEncrypted, ErrorCode::kTooLarge, ErrorCode::kTimeout,
                      ErrorCode::kIo, ErrorCode::kEmpty, ErrorCode::kInvalid,
                      ErrorCode::kRefused, ErrorCode::kFatal})
    if (error_code_name(c) == name) return c;
  return std::nullopt;
}

std::string child_uri(std::string_view container_uri, std::string_view inner_path) {
  std::string uri(container_uri);
  uri += '/';
  uri += inner_path;
  return uri;
}

void Document::fail(Stage stage, Error e) {
  if (!error) error = StageError{stage, std::move(e)};
}

const FetchRecord& Document::fetch() const {
  static const FetchRecord kNone;
  return locations.empty() ? kNone : locations.front().fetch;
}

const std::string& Document::primary_location() const {
  static const std::string kNone;
  return locations.empty() ? kNone : locations.front().uri;
}

std::string short_type(const std::string& mime) {
  static const std::map<std::string, std::string> kNames = {
      {"application/pdf", "pdf"}, {"text/html", "html"}, {"application/xhtml+xml", "html"},
      {"text/plain", "text"},     {"text/xml", "xml"},   {"application/xml", "xml"},
      {"text/csv", "csv"},
  };
  auto it = kNames.find(mime);
  if (it != kNames.end()) return it->second;
  auto slash = mime.find('/');
  return slash == std::string::npos ? mime : mime.substr(slash + 1);
}

}  // namespace trawl
