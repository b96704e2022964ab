// The one JSON form of a Document: stored as the index's document data, printed by
// `trawl extract --json` and `trawl show --json`, and served by the API. One set of field
// names for all three (docs/index-schema.md lists them):
//   id, title, mime, encoding, language, language_confidence, date, size, text, pages,
//   page_count, metadata, warnings, links, ocr, entities, locations (each with its fetch
//   record: seen_at, modified_at, http_status, headers, ip, warc_file, warc_offset),
//   provenance (the first location's fetch record, as printed before locations had one),
//   error (stage, code, message).
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"

namespace trawl {

enum class DocumentForm {
  kStored,   // for the index: text once (pages are its "\f"-separated parts), no provenance
  kPrinted,  // for people and scripts: pages as an array, provenance, indented
};

// Never throws; invalid UTF-8 is replaced.
std::string document_to_json(const Document& doc, DocumentForm form);

// Reads either form back (and the stored form of earlier versions of trawl). Fields that
// are missing or malformed are left at their defaults; never throws.
Document document_from_json(std::string_view json);

// "YYYY-MM-DDTHH:MM:SSZ" -> unix seconds; 0 if it is not that form.
int64_t parse_timestamp(std::string_view text);

}  // namespace trawl
