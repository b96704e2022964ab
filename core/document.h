// The Document: the one type that flows through the pipeline. A stage adds to it; a
// failure is recorded on it (error + stage), never thrown past the stage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trawl {

// One sighting of bytes at a location: when and how they were obtained. Each location
// carries its own (the same bytes fetched from two sites were fetched at two times).
struct FetchRecord {
  int64_t seen_at = 0;  // unix seconds when the bytes were read or fetched
  int64_t modified_at =
      0;                // file mtime, member time or HTTP Last-Modified, unix seconds; 0 unknown
  int http_status = 0;  // 0 for files
  std::map<std::string, std::string> headers;  // HTTP headers of interest (lower-case names)
  std::string ip;                              // the server's address, for fetched and WARC records
  std::string warc_file;                       // where the raw response is kept, if any
  int64_t warc_offset = -1;                    // offset of its record in warc_file

  bool operator==(const FetchRecord&) const = default;
};

// One place where the document's bytes were found. The same bytes at two places are one
// Document with two Locations.
struct Location {
  std::string source;  // source name: "files" for `trawl ingest`, or a configured name
  // Absolute path or URL; for a child, the container's uri + "/" + inner_path (scripts
  // rely on this form). Made by child_uri().
  std::string uri;
  std::string parent_id;   // id of the containing document, empty at top level
  std::string inner_path;  // path inside the parent (archive member, attachment name)
  FetchRecord fetch;

  bool operator==(const Location&) const = default;
};

// The uri of a child: the container's uri, "/", and the path inside it.
std::string child_uri(std::string_view container_uri, std::string_view inner_path);

// What OCR did on one page.
struct OcrPageInfo {
  int page = 0;           // 1-based page number in the document
  double confidence = 0;  // Tesseract's mean word confidence, 0..100
  std::string languages;  // Tesseract languages used, e.g. "kor+eng"
  int rotation = 0;       // degrees the page image was turned before recognition
};

struct OcrInfo {
  std::vector<OcrPageInfo> pages;
  std::string languages;       // all languages used, e.g. "kor+eng" or "eng,rus+eng"
  double mean_confidence = 0;  // over the OCRed pages where text was read
};

// A thing analysts track, found in the text: a vessel, an IMO number, a company, a
// person, a resolution, a date... (entities/ finds them; docs/entities.md).
struct Entity {
  std::string type;  // "imo", "vessel", "org", "person", "unscr", "date", "money", "place"...
  std::string text;  // the surface form as written
  std::string id;    // canonical id: "imo:8518572", "unscr:2397", "list:UN:KPe.001"...
  size_t start = 0;  // byte span in Document::text
  size_t end = 0;
  std::string source;  // the tagger that found it: "pattern", "list:UN", "places", "heuristic"...
  double confidence = 1.0;  // 1 for validated patterns and list matches, lower for heuristics
  std::string detail;       // extra facts, e.g. the flag an MMSI implies ("flag=KP")
};

// The stages a document goes through, in order. A failure names the one that raised it.
enum class Stage { kRead, kIdentify, kExtract, kOcr, kLanguage, kEntities, kIndex };

// Stable lower-case names used in reports, JSON and the catalog: "read", "identify",
// "extract", "ocr", "language", "entities", "index".
std::string_view stage_name(Stage stage);
// The stage of a name as stage_name() writes it; nullopt for anything else.
std::optional<Stage> stage_from_name(std::string_view name);

struct StageError {
  Stage stage;
  Error error;
};

struct Document {
  // identity: lower-case hex SHA-256 of the original bytes
  std::string id;
  std::vector<Location> locations;  // the first is the one shown to users
  uint64_t size = 0;                // bytes

  // identification
  std::string mime;      // e.g. "application/pdf"
  std::string encoding;  // source charset for text formats ("UTF-8", "windows-949"...), else ""
  std::string language = "und";    // ISO 639-1 where one exists, "und" when unreliable
  double language_confidence = 0;  // 0..1

  // content, all UTF-8 NFC
  std::string title;
  std::string text;                // the whole text; for paged formats, pages joined by "\f"
  std::vector<std::string> pages;  // per-page text for paged formats, else empty
  std::map<std::string, std::string> metadata;  // "author", "created", "modified", "generator"...
  std::string date;                // the document's own date "YYYY-MM-DD", "" when unknown
  std::vector<std::string> links;  // outgoing links (HTML), as written or resolved
  std::optional<OcrInfo> ocr;      // set when some text came from OCR
  std::vector<Entity> entities;    // in text order
  // near-duplicates (index/simhash.h), set when the document is indexed: the simhash of
  // the text (0 for a text too short to tell), and the cluster of documents that are
  // copies of one story (the id prefix of its first indexed member)
  uint64_t simhash = 0;
  std::string cluster;

  std::vector<std::string> warnings;  // one line each; the document was still processed
  std::optional<StageError> error;    // set when a stage failed; the document is not indexed

  bool failed() const { return error.has_value(); }
  // Records a failure at `stage`, keeping the first one if already failed.
  void fail(Stage stage, Error e);
  // The uri shown to users: the first location's, or "" if none.
  const std::string& primary_location() const;
  // The first location's fetch record (an empty one if there is no location).
  const FetchRecord& fetch() const;
};

// The short, user-facing type name for a MIME type: "pdf", "html", "text", "xml"...;
// the subtype for others. Used for `type:` filters and facets.
std::string short_type(const std::string& mime);

}  // namespace trawl
