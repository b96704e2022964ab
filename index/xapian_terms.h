// Inside index/ only: the schema's terms as Xapian sees them, shared by the writer, the
// reader and the query parser. Xapian types may appear here: this header is private to
// the folder (index.h is the public one).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/result.h"

namespace trawl::xapian {

bool is_hangul(char32_t cp);
bool is_cjk(char32_t cp);

// One stemmer for index and query: each token is stemmed by the language of its script
// (Latin: english, Cyrillic: russian; Hangul and CJK n-grams and the rest: none).
Xapian::Stem script_stemmer();

// A term of at most Xapian's 245 bytes: long values are cut and made unique with a hash.
std::string bounded_term(std::string_view prefix, std::string_view value);

// The host of a URL, lower-case, without "www." and port; "" for paths.
std::string host_of(std::string_view uri);

// The boolean terms of one location: source, uri, host and parent domains (URLs), each
// folder of a path, the parent document (children).
void add_location_terms(Xapian::Document& xd, const Location& loc);

// TermGenerator never stems a word that starts with a digit, but the query parser
// (STEM_ALL_Z) looks every word up as a Z term: numbers get their Z copy.
void add_stemmed_numbers(Xapian::Document& xd);

// The stored document data (document_codec.h, stored form) of a Xapian document.
Document stored_document(const Xapian::Document& xd);

Error fatal(const std::string& what, const Xapian::Error& e);

// Whether entities of this type are counted in facets, chips and corroboration: every
// report has dates and sums, and the date facets count dates. counted_entity_id takes an id.
inline bool counted_entity(std::string_view type) { return type != "date" && type != "money"; }
inline bool counted_entity_id(std::string_view id) {
  return counted_entity(id.substr(0, id.find(':')));
}

// Index layout: DIR/shards.stub lists DIR/shard-NN (Xapian opens a stub file as the union
// of the databases it names; a remote shard can later be one more line).
inline constexpr const char* kStubName = "shards.stub";
std::vector<std::string> read_stub(const std::filesystem::path& stub);
// The shard of a document id among n.
int shard_for(const std::string& id, size_t n);

}  // namespace trawl::xapian
