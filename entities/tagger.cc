#include "entities/tagger.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "core/entity_id.h"
#include "core/text.h"
#include "entities/normalize.h"
#include "entities/patterns.h"

namespace trawl {

namespace {

constexpr double kHeuristicConfidence = 0.6;

struct Word {
  size_t start, end;
  std::string_view text;
  Script script;
  bool capital, upper;
};

// Words with their offsets; a word is a run of letters/digits (with inner ' . / -).
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> out;
  out.reserve(text.size() / 6 + 8);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t cp = next_code_point(text, pos);
    Script sc = script_of(cp);
    if (sc == Script::kOther) continue;
    size_t end = pos;
    const bool first_upper = cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : u_isupper(cp);
    bool upper = first_upper || sc == Script::kDigit, capital = upper;
    while (end < text.size()) {
      const unsigned char b = static_cast<unsigned char>(text[end]);
      if (b < 0x80 && sc == Script::kLatin) {  // ASCII inside a Latin word: no decoding
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
          if (b >= 'a' && b <= 'z') upper = false;
          ++end;
          continue;
        }
      }
      size_t p = end;
      char32_t c = next_code_point(text, p);
      Script s2 = script_of(c);
      if (s2 != Script::kOther && (s2 == sc || s2 == Script::kDigit || sc == Script::kDigit)) {
        if (s2 != Script::kDigit && (c < 0x80 ? (c >= 'a' && c <= 'z') : u_islower(c)))
          upper = false;
        if (sc == Script::kDigit && s2 != Script::kDigit) sc = s2;
        end = p;
        continue;
      }
      if ((c == '-' || c == '\'' || c == '/') && p < text.size()) {
        size_t q = p;
        if (script_of(next_code_point(text, q)) != Script::kOther) {
          end = p;
          continue;
        }
      }
      break;
    }
    pos = end;
    out.push_back({start, end, text.substr(start, end - start), sc, capital, upper});
  }
  return out;
}

bool gap_is_space(std::string_view text, size_t a, size_t b, bool allow_comma = false) {
  if (b < a || b - a > 3) return false;
  for (size_t i = a; i < b; ++i) {
    char c = text[i];
    if (c == ' ' || (allow_comma && (c == ',' || c == '.'))) continue;
    return false;
  }
  return true;
}

void add(std::vector<Entity>& out, std::string type, std::string_view text, size_t start,
         size_t end) {
  while (end > start && (text[end - 1] == ' ' || text[end - 1] == ',')) --end;
  if (end <= start) return;
  Entity e;
  e.type = std::move(type);
  e.start = start;
  e.end = end;
  e.text.assign(text.substr(start, end - start));
  e.id = e.type + ":" + fold_key(e.text);
  e.source = "heuristic";
  e.confidence = kHeuristicConfidence;
  out.push_back(std::move(e));
}

// A quoted name right after p: «Восток-7», "NEW REGENT", 'Wise Honest', “천마산”.
bool quoted_after(std::string_view text, size_t p, size_t* qs, size_t* qe) {
  while (p < text.size() && text[p] == ' ') ++p;
  static constexpr std::pair<std::string_view, std::string_view> kQuotes[] = {
      {"«", "»"}, {"\"", "\""}, {"“", "”"}, {"„", "“"}, {"'", "'"}, {"‘", "’"}};
  for (auto [open, close] : kQuotes) {
    if (text.compare(p, open.size(), open) != 0) continue;
    size_t s = p + open.size();
    size_t e = text.find(close, s);
    if (e == std::string_view::npos || e == s || e - s > 60 ||
        text.substr(s, e - s).find('\n') != std::string_view::npos)
      return false;
    *qs = s;
    *qe = e;
    return true;
  }
  return false;
}

// "위장회사" (a front company), "무역회사" (a trading company): words, not names
bool is_common_korean_org_word(std::u32string_view w) {
  static constexpr std::u32string_view kPrefixes[] = {
      U"위장",   U"유령", U"무역", U"해운", U"보험", U"관리", U"운송", U"합작",
      U"합영",   U"지주", U"모",   U"자",   U"해외", U"국영", U"민간", U"선박",
      U"페이퍼", U"중개", U"대리", U"용선", U"석유", U"상장"};
  for (std::u32string_view p : kPrefixes)
    for (std::u32string_view suffix : {U"회사", U"총국", U"공사", U"상사", U"은행"})
      if (w.size() == p.size() + suffix.size() && w.substr(0, p.size()) == p &&
          w.substr(p.size()) == suffix)
        return true;
  return false;
}

bool is_korean_org_suffix(std::u32string_view w, size_t* name_len) {
  static constexpr std::u32string_view kSuffixes[] = {U"무역회사", U"총회사",  U"회사", U"총국",
                                                      U"공사",     U"상사",    U"은행", U"주식회사",
                                                      U"합영회사", U"해운회사"};
  for (std::u32string_view s : kSuffixes) {
    // the org word may carry a particle: "조선백호무역회사는"
    for (size_t cut = w.size(); cut >= s.size() + 2 && cut + 3 >= w.size(); --cut) {
      std::u32string_view head = w.substr(0, cut);
      if (head.size() >= s.size() + 2 && head.substr(head.size() - s.size()) == s &&
          (cut == w.size() || is_korean_suffix(w.substr(cut)))) {
        *name_len = cut;
        return true;
      }
      if (cut == 0) break;
    }
  }
  return false;
}

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  size_t pos = 0;
  while (pos < s.size()) out.push_back(next_code_point(s, pos));
  return out;
}

size_t byte_length(std::u32string_view s) {
  size_t n = 0;
  for (char32_t c : s) n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  return n;
}

}  // namespace

void tag_heuristics(std::string_view text, std::vector<Entity>& out) {
  std::vector<Word> words = words_of(text);
  const size_t n = words.size();
  // ASCII words fold by themselves; others through fold_key
  auto lower = [](const Word& w) {
    return w.script == Script::kLatin &&
                   std::all_of(w.text.begin(), w.text.end(),
                               [](char c) { return static_cast<unsigned char>(c) < 0x80; })
               ? ascii_lower(w.text)
               : fold_key(w.text);
  };
  for (size_t i = 0; i < n; ++i) {
    const Word& w = words[i];
    // legal forms and ship words are short: longer words need no folding
    if (w.script != Script::kHangul && w.text.size() > 22) continue;
    // legal forms and ship words start with one of these letters (c/l/i/j/p, m/t/v/s/f;
    // Cyrillic о/а/з/п, с/т): other words need no folding
    if (w.script == Script::kLatin && !std::strchr("clijpmtvsfCLIJPMTVSF", w.text[0])) continue;
    if (w.script == Script::kCyrillic) {
      static constexpr std::string_view kFirst[] = {"О", "А", "З", "П", "С", "Т", "с", "т"};
      bool any = false;
      for (auto f0 : kFirst) any |= w.text.compare(0, f0.size(), f0) == 0;
      if (!any) continue;
    }
    const std::string f = w.script == Script::kHangul ? std::string() : lower(w);
    // ---- organisations by legal form
    if (w.script == Script::kLatin) {
      size_t form_end = 0;
      if ((f == "co" && i + 1 < n &&
           (lower(words[i + 1]) == "ltd" || lower(words[i + 1]) == "limited"))) {
        form_end = words[i + 1].end;
      } else if (f == "ltd" || f == "llc" || f == "corporation" || f == "corp" || f == "inc" ||
                 f == "limited" || f == "jsc" || f == "plc" || (f == "co" && w.text == "Co")) {
        form_end = w.end;
      }
      if (form_end && i > 0) {
        if (form_end < text.size() && text[form_end] == '.') ++form_end;
        // the capitalised words before the legal form
        size_t first = i;
        while (
            first > 0 && words[first - 1].capital && words[first - 1].script != Script::kHangul &&
            gap_is_space(text, words[first - 1].end, words[first].start, true) && i - first < 6) {
          std::string prev = lower(words[first - 1]);
          if (prev == "the" || prev == "by" || prev == "of" || prev == "and") break;
          --first;
        }
        if (first < i) {
          add(out, "org", text, words[first].start, form_end);
          while (i + 1 < n && words[i + 1].start < form_end) ++i;
          continue;
        }
      }
    }
    if (w.script == Script::kCyrillic && w.upper &&
        (w.text == "ООО" || w.text == "АО" || w.text == "ЗАО" || w.text == "ОАО" ||
         w.text == "ПАО")) {
      size_t qs, qe;
      if (quoted_after(text, w.end, &qs, &qe)) {
        size_t close = text.find_first_of("»\"”“'’", qe);
        size_t end = close == std::string_view::npos
                         ? qe
                         : qe + (static_cast<unsigned char>(text[qe]) < 0x80
                                     ? 1
                                     : (text.compare(qe, 2, "»") == 0 ? 2 : 3));
        add(out, "org", text, w.start, end);
        continue;
      }
    }
    if (w.script == Script::kHangul) {
      std::u32string u = to_u32(w.text);
      size_t name_len = 0;
      if (is_korean_org_suffix(u, &name_len) &&
          !is_common_korean_org_word(std::u32string_view(u).substr(0, name_len))) {
        add(out, "org", text, w.start,
            w.start + byte_length(std::u32string_view(u).substr(0, name_len)));
        continue;
      }
    }
    // ---- vessels after a ship word
    static constexpr std::string_view kShipWordsLatin[] = {
        "mv", "m/v", "mt", "m/t", "tanker", "vessel", "ship", "freighter", "carrier"};
    static constexpr std::string_view kShipWordsCyrillic[] = {
        "судно",   "судна",    "судне",     "судном",   "танкер",   "танкера",
        "танкере", "теплоход", "теплохода", "сухогруз", "сухогруза"};
    static constexpr std::string_view kShipWordsKorean[] = {"선박", "유조선", "화물선", "선명"};
    bool ship_word = false;
    const bool abbreviation = f == "mv" || f == "mt" || w.text == "M/V" || w.text == "M/T";
    if (w.text == "M/V" || w.text == "M/T" || w.text == "m/v") ship_word = true;
    if (w.script == Script::kLatin) {
      for (auto s : kShipWordsLatin) ship_word |= f == s;
      if (abbreviation && !w.upper) ship_word = false;
    } else if (w.script == Script::kCyrillic) {
      for (auto s : kShipWordsCyrillic) ship_word |= f == s;
    } else if (w.script == Script::kHangul) {
      for (auto s : kShipWordsKorean) ship_word |= w.text == s;
    }
    if (!ship_word) continue;
    size_t after = w.end;
    if (after < text.size() && text[after] == '.') ++after;
    size_t qs, qe;
    if (quoted_after(text, after, &qs, &qe)) {
      add(out, "vessel", text, qs, qe);
      continue;
    }
    if (w.script == Script::kHangul) {
      size_t p = after;
      while (p < text.size() && (text[p] == ' ' || text[p] == ':')) ++p;
      if (i + 1 < n && words[i + 1].start == p && words[i + 1].script == Script::kHangul) {
        std::u32string u = to_u32(words[i + 1].text);
        size_t keep = u.size();
        for (size_t cut = u.size(); cut > 0; --cut)
          if (is_korean_suffix(std::u32string_view(u).substr(cut)) && cut < u.size()) {
            keep = cut;
            break;
          }
        // a vessel's Korean name usually ends with 호 (and a number)
        if (std::u32string_view(u).substr(0, keep).find(U'호') != std::u32string_view::npos)
          add(out, "vessel", text, words[i + 1].start,
              words[i + 1].start + byte_length(std::u32string_view(u).substr(0, keep)));
      }
      continue;
    }
    // capitalised or upper-case words (and numbers) after the ship word: "MV WISE HONEST"
    size_t j = i + 1;
    size_t end = 0;
    while (j < n && j - i <= 5 && gap_is_space(text, words[j - 1].end, words[j].start) &&
           (words[j].upper || (words[j].capital && !abbreviation) ||
            words[j].script == Script::kDigit)) {
      if (words[j].text == "IMO" || words[j].text == "ИМО" || words[j].text == "MMSI") break;
      if (words[j].script == Script::kDigit && j == i + 1) break;
      end = words[j].end;
      ++j;
    }
    if (end && j > i + 1) {
      // a one-word name needs to be upper case, or follow an abbreviation (MV Sun)
      if (j == i + 2 && !words[i + 1].upper && !abbreviation &&
          words[i + 1].script != Script::kCyrillic)
        continue;
      add(out, "vessel", text, words[i + 1].start, end);
      i = j - 1;
    }
  }
}

std::string first_dated_line(std::string_view text, const std::vector<Entity>& entities) {
  // the end of the tenth line
  size_t lines_end = 0;
  for (int line = 0; line < 10 && lines_end < text.size(); ++line) {
    const size_t nl = text.find('\n', lines_end);
    lines_end = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  for (const Entity& e : entities)
    if (e.type == "date" && e.start < lines_end && e.id.size() == 15) return e.id.substr(5);
  return {};
}

Tagger::Tagger(std::shared_ptr<const Gazetteer> gazetteer) : gazetteer_(std::move(gazetteer)) {
  if (!gazetteer_) gazetteer_ = std::make_shared<Gazetteer>();
}

namespace {

bool is_field(const std::string& type) {
  return type == "port_of_loading" || type == "port_of_discharge" || type == "shipper" ||
         type == "consignee" || type == "flag";
}

int rank(const Entity& e) {
  if (e.source == "pattern") return 3;
  if (e.source == "heuristic") return 0;
  if (e.source == "places") return 1;
  return 2;  // lists
}

}  // namespace

std::vector<Entity> Tagger::tag(std::string_view text) const {
  // Long texts go in pieces of about 4 MB, cut at a line end: the matcher's working
  // memory is about 15 bytes per byte of text, so a 200 MB text would need 3 GB at once.
  constexpr size_t kPiece = 4 << 20;
  if (text.size() > kPiece + kPiece / 4) {
    std::vector<Entity> out;
    for (size_t start = 0; start < text.size();) {
      size_t end = std::min(text.size(), start + kPiece);
      if (end < text.size()) {
        size_t nl = text.rfind('\n', end);
        if (nl != std::string_view::npos && nl > start + kPiece / 2) end = nl + 1;
        // never inside a UTF-8 sequence
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      }
      for (Entity& e : tag_piece(text.substr(start, end - start))) {
        e.start += start;
        e.end += start;
        out.push_back(std::move(e));
      }
      start = end;
    }
    return out;
  }
  return tag_piece(text);
}

std::vector<Entity> Tagger::tag_piece(std::string_view text) const {
  std::vector<Entity> all;
  tag_patterns(text, all);
  gazetteer_->match(text, all);
  tag_heuristics(text, all);
  for (Entity& e : all) {
    if (e.id.empty()) e.id = e.type + ":" + fold_key(e.text);
    // a number the lists give as a company's IMO number is one, whatever the sentence
    // around it suggests (both check digits can pass: UN's 1790183)
    if (e.type == "imo" && e.id.size() == 11) {
      if (const ListEntry* company =
              gazetteer_->company_with_imo(std::string_view(e.id).substr(4))) {
        e.type = "imo_company";
        e.id = canonical_entity_id("imo-company", std::string_view(e.id).substr(4));
        e.detail = company->id;
      }
    }
  }
  // higher rank first, then longer, so that kept entities are decided greedily
  std::vector<size_t> order(all.size());
  std::vector<int> ranks(all.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    ranks[i] = rank(all[i]);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (ranks[a] != ranks[b]) return ranks[a] > ranks[b];
    return all[a].end - all[a].start > all[b].end - all[b].start;
  });
  std::vector<Entity> kept;
  // kept spans (fields aside): start -> (end, index in kept); they never overlap except
  // for the same span named by two entries
  std::map<size_t, std::pair<size_t, size_t>> taken;
  for (size_t i : order) {
    Entity& e = all[i];
    if (!is_field(e.type)) {
      bool drop = false;
      auto it = taken.upper_bound(e.start);
      if (it != taken.begin()) {
        auto prev = std::prev(it);
        if (prev->second.first > e.start) {
          const Entity& k = kept[prev->second.second];
          const bool same_span =
              k.start == e.start && k.end == e.end && rank(k) == rank(e) && k.id != e.id;
          drop = !same_span;
        }
      }
      if (!drop && it != taken.end() && it->first < e.end) drop = true;
      if (drop) continue;
      taken.emplace(e.start, std::make_pair(e.end, kept.size()));
    }
    kept.push_back(std::move(e));
  }
  std::vector<size_t> by_position(kept.size());
  for (size_t i = 0; i < by_position.size(); ++i) by_position[i] = i;
  std::sort(by_position.begin(), by_position.end(), [&](size_t a, size_t b) {
    return kept[a].start != kept[b].start ? kept[a].start < kept[b].start
                                          : kept[a].end > kept[b].end;
  });
  std::vector<Entity> out;
  out.reserve(kept.size());
  for (size_t i : by_position) out.push_back(std::move(kept[i]));
  return out;
}

}  // namespace trawl
