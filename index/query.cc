#include "index/query.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <set>

#include "core/entity_id.h"
#include "core/text.h"
#include "index/schema.h"
#include "index/xapian_terms.h"

namespace trawl::query {

using xapian::bounded_term;
using xapian::is_hangul;

namespace {

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT |
                            Xapian::QueryParser::FLAG_CJK_NGRAM |
                            Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_WILDCARD;

// The field that stands for a Korean phrase while the parser reads the rest: "xkphrase:N"
// is phrase N of the query being parsed. Not a word anyone types.
constexpr std::string_view kPhraseField = "xkphrase";

// Boolean fields: they filter, they do not match words (index-schema.md).
const std::set<std::string, std::less<>> kFilterFields = {
    "lang",   "type",    "site",   "path",  "source", "ocr",      "id",         "url",
    "parent", "cluster", "imo",    "unscr", "mmsi",   "hs",       "callsign",   "entity",
    "vessel", "org",     "person", "place", "date",   "versions", "entity_type"};

bool is_operator(std::string_view w) {
  for (std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
    if (w == op) return true;
    if ((op == "NEAR" || op == "ADJ") && w.size() > op.size() && w.starts_with(op) &&
        w[op.size()] == '/')
      return true;
  }
  return false;
}

// A boolean filter whose value is case-insensitive (lang:KO, type:PDF, site:Example.org).
class LowercaseFilter : public Xapian::FieldProcessor {
 public:
  explicit LowercaseFilter(std::string prefix) : prefix_(std::move(prefix)) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(bounded_term(prefix_, ascii_lower(value)));
  }

 private:
  std::string prefix_;
};

// path: takes a folder or file path; a trailing slash is ignored.
class PathFilter : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    std::string v = value;
    while (v.size() > 1 && v.back() == '/') v.pop_back();
    return Xapian::Query(bounded_term(schema::kPath, v));
  }
};

// imo:8518572, unscr:2397, mmsi:..., hs:2701: one entity id, "<field>:<value>".
class EntityIdFilter : public Xapian::FieldProcessor {
 public:
  explicit EntityIdFilter(std::string field) : field_(std::move(field)) {}
  Xapian::Query operator()(const std::string& value) override {
    // entity:KIND:VALUE takes any id; a known kind's value is made canonical as the taggers do
    const std::string id =
        field_ == "entity" ? canonical_entity_id(value) : canonical_entity_id(field_, value);
    if (id.empty()) return Xapian::Query::MatchNothing;
    // the documents tagged with it, and those tagged with something narrower (subheadings)
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(bounded_term(schema::kEntity, id)),
                         Xapian::Query(bounded_term(schema::kEntityBroader, id)));
  }

 private:
  std::string field_;
};

// vessel:"NEW REGENT", org:"...", person:"...", place:"...": the ids the name resolves to
// (lists, any script) and the id a name on no list gets.
class EntityNameFilter : public Xapian::FieldProcessor {
 public:
  EntityNameFilter(std::string type, const NameResolver* resolver)
      : type_(std::move(type)), resolver_(resolver) {}
  Xapian::Query operator()(const std::string& value) override {
    // only entities/ knows how names become ids: without a resolver nothing matches
    if (!resolver_ || !*resolver_) return Xapian::Query::MatchNothing;
    const std::vector<std::string> ids = (*resolver_)(type_, value);
    if (ids.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> parts;
    for (const std::string& id : ids) parts.emplace_back(bounded_term(schema::kEntity, id));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

 private:
  std::string type_;
  const NameResolver* resolver_;
};

// A quoted phrase with Hangul in it, as the index holds it: every Hangul syllable is a
// term with a position (FLAG_CJK_NGRAM gives positions to unigrams only), every other
// word its unstemmed form. The terms must come in order within a window that leaves two
// positions after each word for a particle or an ending: "북한 선박" finds "북한의 선박".
class KoreanPhrase : public Xapian::FieldProcessor {
 public:
  explicit KoreanPhrase(const std::vector<std::string>* phrases) : phrases_(phrases) {}
  Xapian::Query operator()(const std::string& value) override {
    size_t n = 0;
    for (char c : value) {
      if (c < '0' || c > '9') return Xapian::Query::MatchNothing;
      n = n * 10 + static_cast<size_t>(c - '0');
    }
    if (value.empty() || n >= phrases_->size()) return Xapian::Query::MatchNothing;
    const std::string text = normalize_for_index((*phrases_)[n]);
    std::vector<std::string> terms;
    int words = 0;
    std::string word;
    bool in_word = false;
    auto end_word = [&] {
      if (!word.empty()) terms.push_back(std::move(word));
      word.clear();
      if (in_word) ++words;
      in_word = false;
    };
    size_t pos = 0;
    while (pos < text.size()) {
      const char32_t cp = next_code_point(text, pos);
      if (is_hangul(cp)) {
        if (!word.empty()) terms.push_back(std::move(word));
        word.clear();
        std::string syllable;
        append_utf8(syllable, cp);
        terms.push_back(std::move(syllable));
        in_word = true;
      } else if (u_isalnum(static_cast<UChar32>(cp))) {
        append_utf8(word, static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
        in_word = true;
      } else {
        end_word();
      }
    }
    end_word();
    if (terms.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> parts;
    Xapian::termpos p = 1;
    for (const std::string& t : terms) parts.emplace_back(t, 1, p++);
    if (parts.size() == 1) return parts.front();
    const auto window = static_cast<Xapian::termcount>(terms.size() + 2 * std::max(0, words - 1));
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), window);
  }

 private:
  const std::vector<std::string>* phrases_;
};

bool has_hangul(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size())
    if (is_hangul(next_code_point(s, pos))) return true;
  return false;
}

}  // namespace

Script script_of(std::string_view text) {
  std::array<int, 5> counts{};
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = next_code_point(text, pos);
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    if (is_hangul(cp))
      ++counts[static_cast<int>(Script::kHangul)];
    else if (cp >= 0x400 && cp < 0x530)
      ++counts[static_cast<int>(Script::kCyrillic)];
    else if (cp < 0x250)
      ++counts[static_cast<int>(Script::kLatin)];
    else
      ++counts[static_cast<int>(Script::kOther)];
  }
  auto best = std::max_element(counts.begin() + 1, counts.end());
  return *best == 0 ? Script::kNeutral : static_cast<Script>(best - counts.begin());
}

std::vector<Token> tokenize(std::string_view q) {
  std::vector<Token> out;
  size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < q.size()) {
    if (space(q[i])) {
      ++i;
      continue;
    }
    if (q[i] == '(' || q[i] == ')') {
      out.push_back({std::string(1, q[i]), TokenKind::kOperator});
      ++i;
      continue;
    }
    const size_t start = i;
    Token t{"", TokenKind::kWord};
    if ((q[i] == '-' || q[i] == '+') && i + 1 < q.size() && !space(q[i + 1])) {
      t.negated = q[i] == '-';
      ++i;
    }
    const size_t body = i;
    if (q[i] == '"') {
      size_t close = q.find('"', i + 1);
      i = close == std::string_view::npos ? q.size() : close + 1;
      t.kind = TokenKind::kPhrase;
    } else {
      while (i < q.size() && !space(q[i]) && q[i] != '(' && q[i] != ')') {
        if (q[i] == ':' && i + 1 < q.size() && q[i + 1] == '"') {
          size_t close = q.find('"', i + 2);
          i = close == std::string_view::npos ? q.size() : close + 1;
          break;
        }
        ++i;
      }
      const std::string_view w = q.substr(body, i - body);
      const size_t colon = w.find(':');
      std::string field = colon == std::string_view::npos ? "" : ascii_lower(w.substr(0, colon));
      if (!field.empty() && std::all_of(field.begin(), field.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || c == '_';
          })) {
        if (field == "title")
          t.kind = TokenKind::kText;
        else if (kFilterFields.count(field))
          t.kind = TokenKind::kFilter;
      }
      if (t.kind == TokenKind::kWord && !t.negated && is_operator(w)) t.kind = TokenKind::kOperator;
    }
    t.text = std::string(q.substr(start, i - start));
    if (t.kind != TokenKind::kFilter && t.kind != TokenKind::kOperator)
      t.script = script_of(q.substr(body, i - body));
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> script_groups(const std::vector<Token>& tokens) {
  std::vector<Script> scripts;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kOperator) return {};
    if (t.kind == TokenKind::kFilter || t.negated || t.script == Script::kNeutral) continue;
    if (std::find(scripts.begin(), scripts.end(), t.script) == scripts.end())
      scripts.push_back(t.script);
  }
  if (scripts.size() < 2) return {};
  std::vector<std::string> groups;
  for (Script s : scripts) {
    std::string g;
    for (const Token& t : tokens) {
      if (t.kind == TokenKind::kFilter) continue;
      if (t.script == s || t.script == Script::kNeutral || t.negated)
        g += (g.empty() ? "" : " ") + t.text;
    }
    groups.push_back(std::move(g));
  }
  return groups;
}

std::string filter_text(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens)
    if (t.kind == TokenKind::kFilter) out += (out.empty() ? "" : " ") + t.text;
  return out;
}

Parser::Parser(Xapian::Database& db) {
  qp_.set_database(db);
  qp_.set_stemmer(xapian::script_stemmer());
  // STEM_ALL_Z: with STEM_SOME the parser leaves capitalised words unstemmed, so
  // "Кореи" would miss "Корея".
  qp_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  qp_.set_default_op(Xapian::Query::OP_AND);
  qp_.add_boolean_prefix("lang", new LowercaseFilter(std::string(schema::kLanguage)));
  qp_.add_boolean_prefix("type", new LowercaseFilter(std::string(schema::kType)));
  qp_.add_boolean_prefix("site", new LowercaseFilter(std::string(schema::kHost)));
  qp_.add_boolean_prefix("path", new PathFilter);
  qp_.add_boolean_prefix("source", std::string(schema::kSource));
  qp_.add_boolean_prefix("ocr", new LowercaseFilter(std::string(schema::kOcr)));
  qp_.add_boolean_prefix("id", std::string(schema::kId));
  qp_.add_boolean_prefix("url", std::string(schema::kUrl));
  qp_.add_boolean_prefix("parent", new LowercaseFilter(std::string(schema::kParent)));
  qp_.add_boolean_prefix("cluster", new LowercaseFilter(std::string(schema::kCluster)));
  qp_.add_boolean_prefix("entity_type", new LowercaseFilter(std::string(schema::kEntityType)));
  qp_.add_prefix("title", std::string(schema::kTitle));
  qp_.add_prefix(std::string(kPhraseField), new KoreanPhrase(&phrases_));
  for (const char* f : {"imo", "unscr", "mmsi", "hs", "callsign", "entity"})
    qp_.add_boolean_prefix(f, new EntityIdFilter(f));
  for (const char* t : {"vessel", "org", "person", "place"})
    qp_.add_boolean_prefix(t, new EntityNameFilter(t, &resolver_));
  qp_.add_rangeprocessor(new Xapian::DateRangeProcessor(schema::kValueDate, "date:"));
}

std::string Parser::hide_korean_phrases(const std::string& text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('"', pos);
    if (open == std::string::npos) break;
    size_t close = text.find('"', open + 1);
    if (close == std::string::npos) close = text.size();
    const std::string inner = text.substr(open + 1, close - open - 1);
    // a field's quoted value (vessel:"...") stays the field's
    const bool after_field = open > 0 && text[open - 1] == ':';
    if (after_field || (!has_hangul(inner) && !highlight_)) {
      out.append(text, pos, std::min(close + 1, text.size()) - pos);
    } else if (!has_hangul(inner)) {
      out.append(text, pos, open - pos);
      out += "(" + inner + ")";  // highlighting: the phrase's words
    } else {
      out.append(text, pos, open - pos);
      out += std::string(kPhraseField) + ":" + std::to_string(phrases_.size());
      phrases_.push_back(inner);
    }
    pos = close + 1;
  }
  if (pos < text.size()) out.append(text, pos, std::string::npos);
  return out;
}

Xapian::Query Parser::parse_plain(const std::string& text) {
  return qp_.parse_query(prepare_query_text(hide_korean_phrases(text)), kFlags);
}

Xapian::Query Parser::parse_expanded(const std::string& text,
                                     const std::vector<QueryEntity>& expansions) {
  Xapian::Query query = parse_plain(text);
  // names of listed entities in the free text: also the documents that name the entity
  // in another script (their entity terms), with the rest of the query
  std::string rest = text;
  std::vector<Xapian::Query> entity_parts;
  for (const QueryEntity& qe : expansions) {
    if (qe.ids.empty()) continue;
    const auto at = rest.find(qe.text);
    if (at == std::string::npos) continue;
    std::vector<Xapian::Query> ids;
    for (const std::string& id : qe.ids) ids.emplace_back(bounded_term(schema::kEntity, id));
    entity_parts.emplace_back(Xapian::Query::OP_OR, ids.begin(), ids.end());
    rest.replace(at, qe.text.size(), " ");
  }
  if (entity_parts.empty()) return query;
  Xapian::Query entities(Xapian::Query::OP_AND, entity_parts.begin(), entity_parts.end());
  if (!one_line(rest).empty()) {
    Xapian::Query others = parse_plain(rest);
    if (!others.empty()) entities = Xapian::Query(Xapian::Query::OP_AND, entities, others);
  }
  return query.empty() ? entities : Xapian::Query(Xapian::Query::OP_OR, query, entities);
}

Xapian::Query Parser::parse(const std::string& text, const NameResolver& resolver,
                            const std::vector<QueryEntity>& expansions, bool highlight) {
  resolver_ = resolver;
  highlight_ = highlight;
  phrases_.clear();
  struct Reset {
    Parser* p;
    ~Reset() { p->resolver_ = nullptr; }
  } reset{this};
  const std::vector<Token> tokens = tokenize(text);
  const std::vector<std::string> groups = script_groups(tokens);
  if (groups.empty()) {
    interpretation_ = one_line(text);
    return parse_expanded(text, expansions);
  }
  std::vector<Xapian::Query> alternatives;
  interpretation_.clear();
  for (const std::string& g : groups) {
    alternatives.push_back(parse_expanded(g, expansions));
    interpretation_ += (interpretation_.empty() ? "(" : " OR (") + g + ")";
  }
  Xapian::Query query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  if (const std::string filters = filter_text(tokens); !filters.empty()) {
    interpretation_ += " " + filters;
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, parse_plain(filters));
  }
  return query;
}

std::string strip_versions(const std::string& query, bool* all) {
  std::string out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t at = query.find("versions:", pos);
    if (at == std::string::npos || (at > 0 && query[at - 1] != ' ' && query[at - 1] != '(')) {
      if (at == std::string::npos) {
        out.append(query, pos, std::string::npos);
        break;
      }
      out.append(query, pos, at + 9 - pos);
      pos = at + 9;
      continue;
    }
    size_t end = query.find_first_of(" )", at);
    if (end == std::string::npos) end = query.size();
    const std::string value = ascii_lower(std::string_view(query).substr(at + 9, end - at - 9));
    if (value == "all") *all = true;
    out.append(query, pos, at - pos);
    pos = end;
  }
  return out;
}

}  // namespace trawl::query
