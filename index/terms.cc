// Terms, normalisation and the index layout: what the writer, the reader and the query
// parser share (index/xapian_terms.h).
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/text.h"
#include "index/document_codec.h"
#include "index/index.h"
#include "index/schema.h"
#include "index/xapian_terms.h"

namespace trawl {
namespace {

std::string nfc(std::string_view text) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return std::string(text);
  icu::UnicodeString us = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (n->quickCheck(us, st) == UNORM_YES && U_SUCCESS(st)) return std::string(text);
  st = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(us, st);
  if (U_FAILURE(st)) return std::string(text);
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

// ё (D1 91) -> е (D0 B5), Ё (D0 81) -> Е (D0 95): Russian writes ё optionally.
void fold_yo(std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a == 0xD1 && b == 0x91) {
      s[i] = '\xD0';
      s[i + 1] = '\xB5';
    } else if (a == 0xD0 && b == 0x81) {
      s[i + 1] = '\x95';
    }
  }
}

}  // namespace

namespace xapian {

bool is_hangul(char32_t cp) {
  return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
         (cp >= 0x3130 && cp <= 0x318F) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xD7B0 && cp <= 0xD7FF);
}

bool is_cjk(char32_t cp) {
  return is_hangul(cp) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3040 && cp <= 0x30FF);
}

namespace {

// One stemmer for index and query: each token is stemmed by the language of its script.
// Latin -> english, Cyrillic -> russian; anything else (Hangul and CJK n-grams, digits
// only) gets no stem, so TermGenerator adds no useless Z copy.
class ScriptStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    size_t pos = 0;
    while (pos < word.size()) {
      char32_t cp = next_code_point(word, pos);
      if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
          (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7))
        return english_(word);
      if (cp >= 0x400 && cp < 0x530) return russian_(word);
      if (cp > 0x7F) return {};
    }
    // digits only: the number itself (the index adds Z copies of numbers, see below)
    return word;
  }
  std::string get_description() const override { return "trawl-script(english,russian)"; }

 private:
  Xapian::Stem english_{"english"};
  Xapian::Stem russian_{"russian"};
};

}  // namespace

Xapian::Stem script_stemmer() { return Xapian::Stem(new ScriptStemmer); }

std::string bounded_term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  if (prefix.size() + value.size() <= 240) {
    t += value;
    return t;
  }
  t += utf8_prefix(value, 200);
  char buf[24];
  std::snprintf(buf, sizeof buf, "#%016zx", std::hash<std::string_view>{}(value));
  t += buf;
  return t;
}

std::string host_of(std::string_view uri) {
  auto scheme = uri.find("://");
  if (scheme == std::string_view::npos) return {};
  auto rest = uri.substr(scheme + 3);
  auto end = rest.find_first_of("/?#");
  auto host = rest.substr(0, end);
  if (auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (auto colon = host.rfind(':');
      colon != std::string_view::npos && host.find(']') == std::string_view::npos)
    host = host.substr(0, colon);
  std::string h = ascii_lower(host);
  if (h.starts_with("www.")) h = h.substr(4);
  return h;
}

void add_location_terms(Xapian::Document& xd, const Location& loc) {
  xd.add_boolean_term(bounded_term(schema::kSource, loc.source));
  if (!loc.parent_id.empty()) xd.add_boolean_term(std::string(schema::kParent) + loc.parent_id);
  xd.add_boolean_term(bounded_term(schema::kUrl, loc.uri));
  if (std::string host = host_of(loc.uri); !host.empty()) {
    xd.add_boolean_term(bounded_term(schema::kHost, host));
    // site:example.org also finds news.example.org
    for (size_t dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
      std::string parent = host.substr(dot + 1);
      if (parent.find('.') == std::string::npos) break;
      xd.add_boolean_term(bounded_term(schema::kHost, parent));
    }
  } else if (!loc.uri.empty() && loc.uri[0] == '/') {
    // path:/a/b matches everything under /a/b
    for (size_t slash = loc.uri.find('/', 1); slash != std::string::npos;
         slash = loc.uri.find('/', slash + 1))
      xd.add_boolean_term(bounded_term(schema::kPath, loc.uri.substr(0, slash)));
    xd.add_boolean_term(bounded_term(schema::kPath, loc.uri));
  }
}

Error fatal(const std::string& what, const Xapian::Error& e) {
  return make_error(ErrorCode::kFatal, what + ": " + e.get_description());
}

void add_stemmed_numbers(Xapian::Document& xd) {
  std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> numbers;
  for (Xapian::TermIterator t = xd.termlist_begin(); t != xd.termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.empty() || term[0] < '0' || term[0] > '9') continue;
    std::vector<Xapian::termpos> positions(t.positionlist_begin(), t.positionlist_end());
    numbers.emplace_back("Z" + term, std::move(positions));
  }
  for (auto& [term, positions] : numbers) {
    if (positions.empty()) xd.add_term(term);
    for (Xapian::termpos p : positions) xd.add_posting(term, p);
  }
}

Document stored_document(const Xapian::Document& xd) { return document_from_json(xd.get_data()); }

std::vector<std::string> read_stub(const std::filesystem::path& stub) {
  std::vector<std::string> shards;
  std::ifstream in(stub);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string kind, path;
    if (ls >> kind >> path) shards.push_back(path);
  }
  return shards;
}

int shard_for(const std::string& id, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < 8 && i < id.size(); ++i) {
    char c = id[i];
    v = v * 16 + static_cast<uint32_t>(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
  }
  return static_cast<int>(v % n);
}

}  // namespace xapian

using xapian::is_hangul;

std::string normalize_for_index(std::string_view text) {
  std::string s = nfc(text);
  fold_yo(s);
  return s;
}

std::string prepare_query_text(std::string_view query) {
  std::string s = normalize_for_index(query);
  std::string out;
  out.reserve(s.size() + 8);
  bool in_quotes = false;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    char32_t cp = next_code_point(s, pos);
    if (cp == '"') in_quotes = !in_quotes;
    if (in_quotes || !is_hangul(cp)) {
      out.append(s, start, pos - start);
      continue;
    }
    size_t end = pos;  // the end of this run of Hangul
    while (end < s.size()) {
      size_t next = end;
      char32_t c = next_code_point(s, next);
      if (!is_hangul(c)) break;
      end = next;
    }
    bool after_field = !out.empty() && out.back() == ':';  // title:북한 stays as it is
    if (!after_field) out += '(';
    out.append(s, start, end - start);
    if (!after_field) out += ')';
    pos = end;
  }
  return out;
}

}  // namespace trawl
