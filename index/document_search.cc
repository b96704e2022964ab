// Matches inside one document: the pages a hit matches on, and each match's page and
// offset, so the document view opens at the first matching page and steps through the
// matches (also in OCRed text). The marks come from Xapian's own snippet code run over
// the whole page, so a match is exactly what the search matched: stems, Korean n-grams.
#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "index/index.h"
#include "index/schema.h"
#include "index/xapian_reader.h"
#include "index/xapian_terms.h"

namespace trawl {

using xapian::fatal;

namespace {

// Marks that cannot occur in text (control characters the extractors never keep).
constexpr std::string_view kOpen = "\x01", kClose = "\x02";
constexpr size_t kMaxPages = 2000;

constexpr unsigned kSnippetFlags =
    Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_CJK_NGRAM;

// The whole of `text` with its matches marked by kOpen/kClose, HTML-escaped by Xapian.
std::string marked(const Xapian::MSet& mset, const std::string& text) {
  return xapian::tidy_marks(
      mset.snippet(text, text.size() + 64, xapian::script_stemmer(), kSnippetFlags,
                   std::string(kOpen), std::string(kClose), ""),
      kOpen, kClose);
}

struct Span {
  size_t offset, length;
};

// The spans of the marks in `m` as byte offsets in `text`, which `m` is the escaped and
// marked form of. Stops where the two disagree (the snippet left something out).
std::vector<Span> spans(const std::string& m, const std::string& text) {
  std::vector<Span> out;
  size_t at = 0;  // in text
  size_t open = std::string::npos;
  for (size_t i = 0; i < m.size();) {
    if (m.compare(i, kOpen.size(), kOpen) == 0) {
      open = at;
      i += kOpen.size();
      continue;
    }
    if (m.compare(i, kClose.size(), kClose) == 0) {
      if (open != std::string::npos && at > open) out.push_back({open, at - open});
      open = std::string::npos;
      i += kClose.size();
      continue;
    }
    char c = m[i];
    size_t step = 1;
    if (c == '&') {
      for (auto [entity, ch] : {std::pair<std::string_view, char>{"&amp;", '&'},
                                {"&lt;", '<'},
                                {"&gt;", '>'},
                                {"&quot;", '"'},
                                {"&#39;", '\''},
                                {"&apos;", '\''}})
        if (m.compare(i, entity.size(), entity) == 0) {
          c = ch;
          step = entity.size();
          break;
        }
    }
    if (at >= text.size() || text[at] != c) break;
    ++at;
    i += step;
  }
  return out;
}

// The text around a span, escaped, the span marked.
std::string context_of(const std::string& text, Span s) {
  constexpr size_t kAround = 80;
  auto escape = [](std::string_view v) {
    std::string o;
    for (char c : v) {
      switch (c) {
        case '&':
          o += "&amp;";
          break;
        case '<':
          o += "&lt;";
          break;
        case '>':
          o += "&gt;";
          break;
        case '"':
          o += "&quot;";
          break;
        case '\n':
        case '\f':
        case '\r':
        case '\t':
          o += ' ';
          break;
        default:
          o += c;
      }
    }
    return o;
  };
  size_t from = s.offset > kAround ? s.offset - kAround : 0;
  while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
  size_t to = std::min(text.size(), s.offset + s.length + kAround);
  while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
  return (from > 0 ? "…" : "") + escape(std::string_view(text).substr(from, s.offset - from)) +
         "<b>" + escape(std::string_view(text).substr(s.offset, s.length)) + "</b>" +
         escape(std::string_view(text).substr(s.offset + s.length, to - s.offset - s.length)) +
         (to < text.size() ? "…" : "");
}

// Where the document names the entities of `ids`: (page, offset in the page, length),
// page 0 for a document without pages. Entity spans are byte offsets into the text,
// whose pages are joined by form feeds.
struct EntitySpan {
  int page;
  Span span;
};
std::vector<EntitySpan> entity_spans(const Document& doc, const std::set<std::string>& ids) {
  std::vector<EntitySpan> out;
  if (ids.empty()) return out;
  // the start of each page in the text
  std::vector<size_t> starts{0};
  if (!doc.pages.empty())
    for (size_t ff = doc.text.find('\f'); ff != std::string::npos; ff = doc.text.find('\f', ff + 1))
      starts.push_back(ff + 1);
  for (const Entity& e : doc.entities) {
    if (!ids.count(e.id) || e.end <= e.start || e.end > doc.text.size()) continue;
    const size_t page = std::upper_bound(starts.begin(), starts.end(), e.start) - starts.begin();
    out.push_back({doc.pages.empty() ? 0 : static_cast<int>(page),
                   {e.start - starts[page - 1], e.end - e.start}});
  }
  return out;
}

// The word count of the shortest phrase of a query whose free text is only phrases (not
// Korean: those are marked as phrases by Xapian); 0 for any other query.
size_t shortest_phrase(const std::string& query) {
  size_t shortest = 0;
  for (const query::Token& t : query::tokenize(query)) {
    if (t.kind == query::TokenKind::kFilter || t.kind == query::TokenKind::kOperator) continue;
    if (t.kind != query::TokenKind::kPhrase || t.script == query::Script::kHangul || t.negated)
      return 0;
    size_t words = 0;
    bool in_word = false;
    size_t pos = 0;
    while (pos < t.text.size()) {
      const char32_t cp = next_code_point(t.text, pos);
      const bool word = cp != '"' && cp != ' ' && cp != '-' && cp != '\'' && cp != ',';
      if (word && !in_word) ++words;
      in_word = word;
    }
    if (words > 0 && (shortest == 0 || words < shortest)) shortest = words;
  }
  return shortest;
}

// The marks that stand in runs of at least `n`, apart only by spaces and punctuation.
std::vector<Span> phrase_runs(const std::vector<Span>& marks, const std::string& text, size_t n) {
  std::vector<Span> out;
  size_t i = 0;
  while (i < marks.size()) {
    size_t j = i + 1;
    while (j < marks.size()) {
      const size_t gap_from = marks[j - 1].offset + marks[j - 1].length;
      if (marks[j].offset < gap_from || marks[j].offset - gap_from > 3) break;
      const std::string_view gap(text.data() + gap_from, marks[j].offset - gap_from);
      if (gap.find_first_not_of(" -,.'\t\n") != std::string_view::npos) break;
      ++j;
    }
    if (j - i >= n) out.insert(out.end(), marks.begin() + i, marks.begin() + j);
    i = j;
  }
  return out;
}

}  // namespace

namespace xapian {

std::set<std::string> entity_ids_of(const Xapian::Query& query) {
  std::set<std::string> ids;
  const std::string e(schema::kEntity);
  for (Xapian::TermIterator t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
    if ((*t).starts_with(e)) ids.insert((*t).substr(e.size()));
  return ids;
}

std::vector<int> matching_pages(const Xapian::MSet& mset, const Document& doc,
                                const std::set<std::string>& entity_ids) {
  std::vector<int> out;
  std::set<int> named;
  for (const EntitySpan& s : entity_spans(doc, entity_ids)) named.insert(s.page);
  for (size_t i = 0; i < doc.pages.size() && i < kMaxPages; ++i) {
    if (named.count(static_cast<int>(i + 1))) {
      out.push_back(static_cast<int>(i + 1));
      continue;
    }
    if (trim(doc.pages[i]).empty()) continue;
    const std::string page = normalize_for_index(doc.pages[i]);
    const std::string s =
        xapian::tidy_marks(mset.snippet(page, 200, xapian::script_stemmer(), kSnippetFlags,
                                        std::string(kOpen), std::string(kClose), ""),
                           kOpen, kClose);
    if (s.find(kOpen) != std::string::npos) out.push_back(static_cast<int>(i + 1));
  }
  return out;
}

}  // namespace xapian

Result<DocumentMatches> IndexReader::find_in_document(const std::string& id,
                                                      const SearchRequest& request, size_t limit) {
  const std::string& query = request.query;
  auto stored = get(id);
  if (!stored) return stored.error();
  DocumentMatches result;
  result.id = stored->doc.id;
  result.query = query;
  try {
    return impl_->with_retry([&]() -> Result<DocumentMatches> {
      SearchRequest req = request;
      req.query = query + " versions:all";
      auto parsed = impl_->parse(req);
      if (!parsed) return parsed.error();
      const Impl::Built& built = *parsed;
      Xapian::Enquire enquire(impl_->db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, built.query,
                                      Xapian::Query(std::string(schema::kId) + result.id)));
      Xapian::MSet mset = enquire.get_mset(0, 1);
      // Without a match the snippet still marks the query's words where they occur (a
      // word the document has while the whole query does not match): use MatchAll's
      // mset only when the query matched this document.
      if (mset.empty()) return result;
      const Document& doc = stored->doc;
      const Xapian::MSet marks = impl_->highlighter(req, {result.id}, mset);
      // a query of phrases only: its words count where they stand together, not alone
      const size_t phrase_words = shortest_phrase(query);
      std::vector<std::string> single;
      const std::vector<std::string>* pages = &doc.pages;
      if (doc.pages.empty()) {
        single.push_back(doc.text);
        pages = &single;
      }
      // the entities the query names (imo:, vessel:"...", a listed name in the text):
      // their spans, which no word of the text marks
      std::map<int, std::vector<Span>> named;
      for (const EntitySpan& e : entity_spans(doc, xapian::entity_ids_of(built.query)))
        named[e.page].push_back(e.span);
      for (size_t i = 0; i < pages->size() && i < kMaxPages; ++i) {
        const int page = doc.pages.empty() ? 0 : static_cast<int>(i + 1);
        const std::string text = normalize_for_index((*pages)[i]);
        if (trim(text).empty()) continue;
        std::vector<Span> found = spans(marked(marks, text), text);
        if (phrase_words > 1) found = phrase_runs(found, text, phrase_words);
        if (auto it = named.find(page); it != named.end())
          found.insert(found.end(), it->second.begin(), it->second.end());
        std::sort(found.begin(), found.end(),
                  [](const Span& a, const Span& b) { return a.offset < b.offset; });
        size_t end = 0;  // a span inside the one before is the same match
        for (Span s : found) {
          if (s.offset < end) continue;
          end = s.offset + s.length;
          if (result.matches.size() >= limit) {
            result.truncated = true;
            return result;
          }
          result.matches.push_back({page, s.offset, s.length, context_of(text, s)});
        }
      }
      return result;
    });
  } catch (const Xapian::QueryParserError& e) {
    return make_error(ErrorCode::kCorrupt, "cannot parse query '" + query + "': " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return fatal("search in document " + id + " failed", e);
  }
}

}  // namespace trawl
