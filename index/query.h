// Inside index/ only: how a query typed by an analyst becomes a Xapian query. The
// parser does the syntax; this file does what the parser cannot:
// - a quoted phrase with Korean in it becomes a phrase of syllables that allows a
//   particle after each word (Xapian 1.4.22 parses it into stemmed terms the index
//   never holds for Hangul, so it found nothing);
// - a query written in several scripts ("tanker 환적 AIS") becomes one alternative per
//   script, so the English documents about tankers and the Korean ones about 환적 are
//   both found (docs/search.md, "Queries in several languages");
// - names of listed entities found in the text also match the entity's documents in
//   other scripts;
// - a query that finds nothing says which words matched nothing.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "index/index.h"

namespace trawl::query {

enum class Script { kNeutral, kLatin, kCyrillic, kHangul, kOther };

enum class TokenKind {
  kWord,      // a word, possibly with + or -
  kPhrase,    // "a quoted phrase"
  kFilter,    // a boolean field: lang:ko, vessel:"NEW REGENT", date:2024..2025
  kText,      // a free-text field: title:word
  kOperator,  // AND, OR, NOT, XOR, NEAR, ADJ, parentheses
};

struct Token {
  std::string text;  // as it goes to the parser
  TokenKind kind;
  Script script = Script::kNeutral;
  bool negated = false;  // -word
};

// Splits a query into tokens (quotes, fields, operators). Never fails: an unclosed quote
// runs to the end.
std::vector<Token> tokenize(std::string_view query);

// The script most of a text's letters are written in; kNeutral for no letters.
Script script_of(std::string_view text);

// The query's free words grouped by script when it uses more than one of Latin, Cyrillic
// and Hangul and has no operators: each group has that script's words, the neutral ones
// (numbers) and the negated ones. Empty when the query is to be parsed as it is.
std::vector<std::string> script_groups(const std::vector<Token>& tokens);

// The filters of a query (boolean fields), joined; "" if none.
std::string filter_text(const std::vector<Token>& tokens);

// The parser with every field of the query language, and the phrases it hands to the
// Korean phrase field. One per IndexReader; not thread-safe.
class Parser {
 public:
  explicit Parser(Xapian::Database& db);
  // The Xapian query for `text` (versions:... taken out before). Throws
  // Xapian::QueryParserError for a malformed query. `highlight`: the query whose terms
  // mark matches in snippets: phrases other than Korean ones become their words, since
  // Xapian 1.4's snippets mark no word of a stemmed phrase.
  Xapian::Query parse(const std::string& text, const NameResolver& resolver,
                      const std::vector<QueryEntity>& expansions, bool highlight = false);
  // What parse() made of the text, for people: "(tanker AIS) OR (환적)".
  const std::string& interpretation() const { return interpretation_; }

 private:
  Xapian::Query parse_plain(const std::string& text);
  Xapian::Query parse_expanded(const std::string& text, const std::vector<QueryEntity>& expansions);
  std::string hide_korean_phrases(const std::string& text);
  bool highlight_ = false;

  Xapian::QueryParser qp_;
  NameResolver resolver_;
  std::vector<std::string> phrases_;
  std::string interpretation_;
};

// Takes `versions:all` and `versions:current` out of a query: they choose which versions
// a search sees, they do not match terms.
std::string strip_versions(const std::string& query, bool* all);

}  // namespace trawl::query
