// The index schema, written down once: term prefixes, value slots, the document data
// format. docs/index-schema.md describes the same in prose; keep them in step.
#pragma once

#include <string_view>

namespace trawl::schema {

// Boolean filter prefixes (one term per value) and the query fields that use them.
inline constexpr std::string_view kId = "Q";        // Q<sha256>: unique per document
inline constexpr std::string_view kLanguage = "L";  // lang:ko
inline constexpr std::string_view kType = "T";      // type:pdf and type:application/pdf
inline constexpr std::string_view kHost = "H";      // site:example.org (URLs)
inline constexpr std::string_view kPath = "P";    // path:/data/reports (each folder of a file path)
inline constexpr std::string_view kSource = "S";  // source:NAME
inline constexpr std::string_view kUrl = "U";     // the full location (URL or path)
inline constexpr std::string_view kOcr = "XOCR";  // ocr:yes / ocr:no (some text came from OCR)
inline constexpr std::string_view kEntity =
    "E";  // E<canonical id>: entity:, imo:, unscr:, vessel:...
inline constexpr std::string_view kEntityType =
    "XE";  // XE<type>: the document has an entity of this type
// XB<id>: an id broader than one of the document's entities (entity_search_ids): hs:2701
// for a document tagged hs:2701.12, so a heading finds its subheadings. Apart from E so
// the entity facet counts only the ids the document was tagged with.
inline constexpr std::string_view kEntityBroader = "XB";
inline constexpr std::string_view kParent = "XP";  // XP<id>: a child of that document (parent:ID)
// Set on a document that no location holds now (an earlier version, or gone): search
// leaves these out unless the query says versions:all. A flag of absence, so documents
// of an index written before versions existed stay current.
inline constexpr std::string_view kOld = "XOLD";
// XC<cluster>: the near-duplicate cluster (cluster:ID lists the copies of one story).
inline constexpr std::string_view kCluster = "XC";
// Free-text prefixes (stemmed like the body).
inline constexpr std::string_view kTitle = "XT";  // title:word
// Stemmed terms carry "Z" before the prefix, as Xapian does.

// Value slots.
enum Slot : unsigned {
  kValueDate = 0,       // document's own date as "YYYYMMDD" (date: ranges)
  kValueFetched = 1,    // fetch/ingest time, sortable_serialise(unix seconds)
  kValueLanguage = 2,   // "ko", "ru", "en", "und" (facet)
  kValueType = 3,       // short type "pdf", "html", "text" (facet)
  kValueHost = 4,       // host of the first URL location (facet)
  kValueSource = 5,     // source of the first location (facet)
  kValueSize = 6,       // sortable_serialise(bytes)
  kValueSimhash = 7,    // the text's simhash, 16 hex digits (absent for short texts)
  kValueCluster = 8,    // near-duplicate cluster id: the collapse key (index/simhash.h)
  kValueTitle = 9,      // the title, at most 300 bytes: lists read it without the data
  kValueLocation = 10,  // the first location's uri, at most 1,000 bytes
  kValueEntities = 11,  // the entity ids, one per line (the entity facet's counts)
};

}  // namespace trawl::schema
