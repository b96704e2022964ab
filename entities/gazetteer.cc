#include "entities/gazetteer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <unordered_set>

#include "core/text.h"

namespace trawl {

namespace {

// Words that join the parts of a name and are left out of its key ("Ministry of
// National Defence", "Shipping and Marine", "Министерство по...").
bool is_joining_word(std::string_view folded) {
  if (folded.size() > 6) return false;
  static constexpr std::string_view kWords[] = {"of", "the", "and", "for", "in", "de", "и", "по", "для", "на", "в"};
  for (std::string_view w : kWords)
    if (folded == w) return true;
  return false;
}

// Acronyms on the list that are everyday words or codes in other texts.
bool is_common_acronym(std::string_view a) {
  static const std::unordered_set<std::string_view> kCommon = {
      "MID", "PAD", "NADA", "NATA", "CMC", "OGD", "RGB", "ITS", "USA", "UN", "EU", "OK", "NO", "IT"};
  return kCommon.count(a) > 0;
}

bool is_acronym(std::string_view s) {
  if (s.size() < 3 || s.size() > 12) return false;
  size_t letters = 0, pos = 0;
  while (pos < s.size()) {
    char32_t cp = next_code_point(s, pos);
    if (u_isupper(cp)) ++letters;
    else if (!(cp >= '0' && cp <= '9')) return false;
  }
  return letters >= 2 && letters <= 6;
}

size_t phonetic_letters(std::string_view key) {
  size_t n = 0;
  for (unsigned char c : key) n += c < 0x80;
  return n;
}

bool joinable_gap(std::string_view gap) {
  if (gap.size() > 4) return false;
  for (char c : gap)
    if (c == '\n' || c == '\r' || c == '\f' || c == ';' || c == ':' || c == '!' || c == '?' || c == '|')
      return false;
  return true;
}

}  // namespace

void name_units(std::string_view text, std::vector<NameUnit>& out, std::vector<std::u32string>* hangul_words) {
  size_t pos = 0;
  uint32_t token = 0;
  std::string folded;
  std::u32string letters;
  while (pos < text.size()) {
    const size_t start = pos;
    char32_t cp = next_code_point(text, pos);
    Script sc = script_of(cp);
    if (sc == Script::kLatin || sc == Script::kCyrillic) {
      // the word: letters of Latin and Cyrillic together, then one script for all of
      // them: mixed spellings ("Cанкт" with a Latin C, "Нампxо" with a Latin x) are read
      // in the script of most of their letters, the look-alike letters converted
      letters.assign(1, cp);
      size_t end = pos;
      while (end < text.size()) {
        const unsigned char b = static_cast<unsigned char>(text[end]);
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {  // ASCII letters: no decoding
          letters.push_back(b);
          ++end;
          continue;
        }
        size_t p = end;
        char32_t c = next_code_point(text, p);
        Script s2 = script_of(c);
        if (s2 == Script::kLatin || s2 == Script::kCyrillic) {
          letters.push_back(c);
          end = p;
          continue;
        }
        // an apostrophe inside a Latin word: "Ch'oe", "Myo'ng"
        if ((c == '\'' || c == 0x2019 || c == 0x02BC) && p < text.size()) {
          size_t q = p;
          if (script_of(next_code_point(text, q)) == Script::kLatin && script_of(letters.back()) == Script::kLatin) {
            end = p;
            continue;
          }
        }
        break;
      }
      folded.clear();
      const bool capital = cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : (u_isupper(cp) || u_istitle(cp));
      const Script word_script = fold_word(letters, sc, &folded);
      sc = word_script;
      pos = end;
      if (is_joining_word(folded)) continue;
      NameUnit u;
      u.start = static_cast<uint32_t>(start);
      u.end = static_cast<uint32_t>(end);
      u.script = sc;
      // the part after a hyphen keeps the word's capital: "Kim Jong-un"
      const bool after_hyphen = start > 0 && text[start - 1] == '-' && !out.empty() && out.back().end + 1 == start;
      u.capital = capital || (after_hyphen && out.back().capital);
      u.token = token++;
      u.token_start = u.token_end = true;
      // a name's words are capitalised (or generic words): other words only stop a
      // name, and need no key (most words)
      if (uint8_t c = concept_of_word(folded, sc)) {
        u.key.assign(1, static_cast<char>(c));
        u.is_concept = true;
      } else if (!u.capital) {
        u.key = "~";  // never on an edge of the automaton
      } else {
        u.key = phonetic_word(folded, sc);
        if (sc == Script::kCyrillic) {
          std::string_view stem = russian_stem(folded);
          if (stem.size() != folded.size()) {
            u.stem_key = phonetic_word(stem, sc);
            if (u.stem_key == u.key) u.stem_key.clear();
          }
        }
      }
      if (!u.key.empty()) out.push_back(std::move(u));
    } else if (sc == Script::kHangul) {
      std::u32string syllables(1, cp);
      std::vector<uint32_t> offsets{static_cast<uint32_t>(start)};
      size_t end = pos;
      while (end < text.size()) {
        size_t p = end;
        char32_t c = next_code_point(text, p);
        if (script_of(c) != Script::kHangul) break;
        syllables.push_back(c);
        offsets.push_back(static_cast<uint32_t>(end));
        end = p;
      }
      offsets.push_back(static_cast<uint32_t>(end));
      pos = end;
      const uint32_t word = hangul_words ? static_cast<uint32_t>(hangul_words->size()) : 0;
      const size_t first = out.size();
      std::string concepts;
      for (size_t i = 0; i < syllables.size();) {
        NameUnit u;
        u.script = Script::kHangul;
        u.token = word;
        u.start = offsets[i];
        if (int n = hangul_concept_at(syllables, i, &concepts)) {
          u.key = concepts;
          u.is_concept = true;
          i += static_cast<size_t>(n);
        } else {
          u.key = phonetic_syllable(syllables[i]);
          ++i;
        }
        u.end = offsets[i];
        u.syllable_end = static_cast<uint32_t>(i);
        if (u.key.empty()) u.key = "_";  // 이, 으: a syllable of its own even without a letter
        out.push_back(std::move(u));
      }
      out[first].token_start = true;
      out.back().token_end = true;
      if (hangul_words) hangul_words->push_back(std::move(syllables));
      ++token;
    } else if (sc == Script::kDigit) {
      size_t end = pos;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      NameUnit u;
      u.start = static_cast<uint32_t>(start);
      u.end = static_cast<uint32_t>(end);
      u.script = Script::kDigit;
      u.key.assign(text.substr(start, end - start));
      u.token = token++;
      u.token_start = u.token_end = true;
      u.capital = true;
      pos = end;
      out.push_back(std::move(u));
    }
  }
}

Gazetteer::Gazetteer() = default;
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

uint32_t Gazetteer::child(uint32_t node, unsigned char byte) const {
  if (node == 0) return root_[byte];
  auto it = edges_.find((static_cast<uint64_t>(node) << 8) | byte);
  return it == edges_.end() ? 0 : it->second;
}

uint32_t Gazetteer::add_child(uint32_t node, unsigned char byte) {
  auto [it, fresh] = edges_.try_emplace((static_cast<uint64_t>(node) << 8) | byte, nodes_);
  if (fresh) ++nodes_;
  if (node == 0) root_[byte] = it->second;
  return it->second;
}

void Gazetteer::add_key(const std::string& key, uint32_t entry) {
  uint32_t node = 0;
  for (unsigned char c : key) node = add_child(node, c);
  auto& terms = terminals_[node];
  if (std::find(terms.begin(), terms.end(), entry) == terms.end()) terms.push_back(entry);
}

namespace {

// The key of a run of units: their keys in order, a is_concept repeated at once counted
// once ("Co., Ltd." = one company-form is_concept).
std::string joined_key(const std::vector<NameUnit>& units, size_t first, size_t last, bool stem_last) {
  std::string key;
  std::string previous_concept;
  for (size_t i = first; i <= last; ++i) {
    const NameUnit& u = units[i];
    if (u.is_concept && u.key == previous_concept) continue;
    previous_concept = u.is_concept ? u.key : std::string();
    key += (i == last && stem_last && !u.stem_key.empty()) ? u.stem_key : u.key;
  }
  return key;
}

}  // namespace

void Gazetteer::add_name(std::string_view raw, uint32_t entry) {
  // "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)": the name without the
  // parenthesis, the acronym on its own, and the name with the parenthesised words kept
  std::string name(trim(raw));
  // "\"KOMID\"": quotes around a name are not part of it
  for (std::string_view q : {"\"", "'", "«", "»", "“", "”"}) {
    while (name.size() >= q.size() && name.compare(0, q.size(), q) == 0) name.erase(0, q.size());
    while (name.size() >= q.size() && name.compare(name.size() - q.size(), q.size(), q) == 0)
      name.erase(name.size() - q.size());
  }
  name = std::string(trim(name));
  if (name.empty()) return;
  if (auto open = name.find('('); open != std::string::npos) {
    auto close = name.find(')', open);
    if (close != std::string::npos) {
      std::string inner = name.substr(open + 1, close - open - 1);
      // "SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)": a pointer to another record
      if (inner.size() == 7 && inner[3] == '.' && std::isalpha(static_cast<unsigned char>(inner[0])) &&
          std::isdigit(static_cast<unsigned char>(inner[4]))) {
        ++skipped_;
        return;
      }
      std::string without = name.substr(0, open) + name.substr(close + 1);
      std::string with = name.substr(0, open) + inner + name.substr(close + 1);
      add_name(without, entry);
      if (is_acronym(inner)) add_name(inner, entry);
      else add_name(with, entry);
      return;
    }
  }
  ++names_;
  const ListEntry& e = entries_[entry];
  if (e.type == "place") {
    std::string key = fold_key(name);
    place_spellings_[entry].push_back(key);
    place_spellings_[entry].emplace_back(russian_stem(key));
  }
  if (is_acronym(name)) {
    if (is_common_acronym(name)) {
      ++skipped_;
      return;
    }
    acronyms_[name].push_back(entry);
    return;
  }
  std::vector<NameUnit> units;
  name_units(name, units);
  if (units.empty()) {
    ++skipped_;
    return;
  }
  std::string key = joined_key(units, 0, units.size() - 1, false);
  const size_t letters = phonetic_letters(key);
  const size_t concepts = key.size() - letters;
  // too little to tell one name from an ordinary word
  const bool single = units.size() == 1 || (e.type == "person" && units.size() < 2 &&
                                            units.front().script != Script::kHangul);
  // (a place name is checked against its spelling when found, so short ones are safe)
  const bool place = e.type == "place";
  if ((!place && letters + 2 * concepts < 4) || (place && letters < 3) || (single && letters < 6 && !place) ||
      (concepts == key.size() && concepts < 2)) {
    ++skipped_;
    return;
  }
  add_key(key, entry);
  if (!units.back().stem_key.empty()) add_key(joined_key(units, 0, units.size() - 1, true), entry);
  // an organisation is often named without its legal form ("компании «Намчхонган»"):
  // the key without company-form concepts too, when what is left is distinctive
  if (e.type == "org") {
    const char corp = static_cast<char>(company_form_concept());
    std::string bare;
    for (char c : key)
      if (c != corp) bare += c;
    if (bare.size() != key.size() && (phonetic_letters(bare) >= 5 || bare.size() - phonetic_letters(bare) >= 3))
      add_key(bare, entry);
  }
  // word order free for Latin and Cyrillic organisation names with a generic word:
  // "Коммерческий банк Танчхон" = "Tanchon Commercial Bank"
  if (units.size() >= 2 && units.size() <= 7 && concepts > 0 && (letters > 0 || concepts >= 3)) {
    std::vector<std::string> parts;
    bool ok = true;
    std::string previous_concept;
    for (const NameUnit& u : units) {
      if (u.script == Script::kHangul) ok = false;
      if (u.is_concept && u.key == previous_concept) continue;
      previous_concept = u.is_concept ? u.key : std::string();
      parts.push_back(u.key);
    }
    if (ok && parts.size() >= 2) {
      std::sort(parts.begin(), parts.end());
      std::string bag;
      for (const auto& p : parts) bag += p + '\x01';
      auto& v = bags_[bag];
      if (std::find(v.begin(), v.end(), entry) == v.end()) v.push_back(entry);
      if (std::find(bag_sizes_.begin(), bag_sizes_.end(), parts.size()) == bag_sizes_.end())
        bag_sizes_.push_back(parts.size());
    }
  }
}

void Gazetteer::add(ListEntry entry) {
  if (entry.id.empty()) return;
  auto found = by_id_.find(entry.id);
  uint32_t index;
  if (found != by_id_.end()) {
    index = found->second;
  } else {
    index = static_cast<uint32_t>(entries_.size());
    by_id_[entry.id] = index;
    entries_.push_back(entry);
  }
  add_name(entry.name, index);
  for (const auto& a : entry.aliases) add_name(a, index);
  if (entries_[index].type == "org" && !entries_[index].imo.empty()) company_imo_.emplace(entries_[index].imo, index);
}

const ListEntry* Gazetteer::company_with_imo(std::string_view number) const {
  auto it = company_imo_.find(std::string(number));
  return it == company_imo_.end() ? nullptr : &entries_[it->second];
}

bool Gazetteer::place_spelling_ok(uint32_t entry, std::string_view span) const {
  auto it = place_spellings_.find(entry);
  if (it == place_spellings_.end()) return false;
  const std::string key = fold_key(span);
  const std::string_view stem = russian_stem(key);
  for (const std::string& s : it->second)
    if (s == key || s == stem) return true;
  return false;
}

std::vector<std::string> Gazetteer::ids_for_name(const std::string& type, std::string_view name) const {
  name = trim(name);
  std::vector<Entity> found;
  match(name, found);
  std::vector<std::string> ids;
  for (const Entity& e : found)
    if (e.type == type && e.start == 0 && e.end == name.size()) ids.push_back(e.id);
  ids.push_back(type + ":" + fold_key(name));
  return ids;
}

const ListEntry* Gazetteer::find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

void Gazetteer::emit(const std::vector<uint32_t>& terms, std::string_view text, uint32_t start, uint32_t end,
                     const std::vector<NameUnit>& units, size_t first, size_t last, std::vector<Entity>& out) const {
  bool cross_script = false;
  for (size_t i = first; i <= last; ++i) cross_script |= units[i].script != Script::kLatin;
  for (uint32_t entry : terms) {
    const ListEntry& e = entries_[entry];
    Entity ent;
    ent.type = e.type;
    ent.text.assign(text.substr(start, end - start));
    ent.id = e.id;
    ent.start = start;
    ent.end = end;
    ent.source = e.list == "places" ? "places" : "list:" + e.list;
    ent.confidence = cross_script ? 0.9 : 1.0;
    out.push_back(std::move(ent));
  }
}

void Gazetteer::match(std::string_view text, std::vector<Entity>& out) const {
  std::vector<NameUnit> units;
  units.reserve(text.size() / 6 + 8);
  std::vector<std::u32string> words;
  name_units(text, units, &words);
  const size_t n = units.size();
  // 1: part of a place name, 2: part of another name (a place may be part of an
  // organisation's name found later in free word order: "банк «Танчхон»")
  std::vector<uint8_t> covered(n, 0);

  auto capital_ok = [&](const NameUnit& u) {
    return u.is_concept || u.capital || (u.script != Script::kLatin && u.script != Script::kCyrillic);
  };
  auto gap_ok = [&](size_t a, size_t b) {  // units a then b
    if (units[a].script == Script::kHangul && units[b].script == Script::kHangul && !units[a].token_end) return true;
    return joinable_gap(text.substr(units[a].end, units[b].start - units[a].end));
  };

  for (size_t i = 0; i < n;) {
    const NameUnit& first = units[i];
    // acronyms: the word exactly as listed, when no longer name starts here ("DCB
    // Finance Limited" is a name of its own). (An acronym starts with a capital, and if
    // ASCII, with two.)
    auto acronym_at = [&]() {
      const unsigned char second = first.end - first.start >= 3 ? static_cast<unsigned char>(text[first.start + 1]) : 0;
      const bool acronym_like = first.capital && second && (second >= 0x80 || (second >= 'A' && second <= 'Z'));
      if (!first.token_start || !first.token_end || first.script == Script::kHangul || acronyms_.empty() || !acronym_like)
        return false;
      auto it = acronyms_.find(std::string(text.substr(first.start, first.end - first.start)));
      if (it == acronyms_.end()) return false;
      emit(it->second, text, first.start, first.end, units, i, i, out);
      covered[i] = 2;
      return true;
    };
    if (!first.token_start || !capital_ok(first)) {
      acronym_at();
      ++i;
      continue;
    }
    uint32_t node = 0;
    size_t best_last = n;
    const std::vector<uint32_t>* best_terms = nullptr;
    std::string previous_concept;
    for (size_t j = i; j < n && j < i + 48; ++j) {
      const NameUnit& u = units[j];
      if (j > i && !gap_ok(j - 1, j)) break;
      if (!capital_ok(u)) break;
      auto ends_here = [&]() {
        if (u.token_end) return true;
        if (u.script == Script::kHangul) {
          const std::u32string& w = words[u.token];
          return is_korean_suffix(std::u32string_view(w).substr(u.syllable_end));
        }
        return false;
      };
      if (u.is_concept && u.key == previous_concept) {
        // "Co., Ltd.": the second company form adds nothing to the key
        auto t = terminals_.find(node);
        if (t != terminals_.end() && ends_here()) {
          best_last = j;
          best_terms = &t->second;
        }
        continue;
      }
      previous_concept = u.is_concept ? u.key : std::string();
      if (!u.stem_key.empty() && u.token_end) {
        uint32_t s = node;
        for (unsigned char c : u.stem_key)
          if (!(s = child(s, c))) break;
        if (s) {
          auto t = terminals_.find(s);
          if (t != terminals_.end()) {
            best_last = j;
            best_terms = &t->second;
          }
        }
      }
      uint32_t next = node;
      for (unsigned char c : u.key)
        if (!(next = child(next, c))) break;
      if (!next) break;
      node = next;
      auto t = terminals_.find(node);
      if (t != terminals_.end() && ends_here()) {
        best_last = j;
        best_terms = &t->second;
      }
    }
    std::vector<uint32_t> accepted;
    if (best_terms) {
      // place names match in the script they are written in, spelled as listed (declined
      // in Russian): "Рёнбон" is not "Ёнбён", and "통해" is not "동해"
      for (uint32_t entry : *best_terms) {
        const ListEntry& e = entries_[entry];
        if (e.type == "place" && !place_spelling_ok(entry, text.substr(units[i].start, units[best_last].end - units[i].start)))
          continue;
        // a Korean person's name in Hangul has three syllables or more: two-syllable keys
        // are common words ("관련", "제재")
        if (e.type == "person" && units[i].script == Script::kHangul && best_last - i + 1 < 3) continue;
        accepted.push_back(entry);
      }
      if (accepted.empty()) best_terms = nullptr;
      else best_terms = &accepted;
    }
    if (!best_terms && acronym_at()) {
      ++i;
      continue;
    }
    if (best_terms) {
      emit(*best_terms, text, units[i].start, units[best_last].end, units, i, best_last, out);
      bool place = true;
      for (uint32_t entry : *best_terms) place &= entries_[entry].type == "place";
      for (size_t k = i; k <= best_last; ++k) covered[k] = place ? 1 : 2;
      i = best_last + 1;
    } else {
      ++i;
    }
  }

  // free word order (Latin and Cyrillic): windows around a generic word
  if (bags_.empty()) return;
  std::vector<std::string> parts;
  for (size_t t = 0; t < n; ++t) {
    if (!units[t].is_concept || units[t].script == Script::kHangul || covered[t] == 2) continue;
    bool found = false;
    for (size_t size : bag_sizes_) {
      if (found) break;
      for (size_t s = t + 1 >= size ? t + 1 - size : 0; s <= t && s + size <= n && !found; ++s) {
        bool ok = true;
        parts.clear();
        std::string previous_concept;
        size_t last = s;
        for (size_t k = s; k < n && parts.size() < size; ++k) {
          const NameUnit& u = units[k];
          if (covered[k] == 2 || u.script == Script::kHangul || !capital_ok(u) || (k > s && !gap_ok(k - 1, k))) {
            ok = false;
            break;
          }
          last = k;
          if (u.is_concept && u.key == previous_concept) continue;
          previous_concept = u.is_concept ? u.key : std::string();
          parts.push_back(u.key);
        }
        if (!ok || parts.size() != size || last < t) continue;
        std::sort(parts.begin(), parts.end());
        std::string bag;
        for (const auto& p : parts) bag += p + '\x01';
        auto it = bags_.find(bag);
        if (it == bags_.end()) continue;
        emit(it->second, text, units[s].start, units[last].end, units, s, last, out);
        for (size_t k = s; k <= last; ++k) covered[k] = 2;
        found = true;
      }
    }
  }
}

}  // namespace trawl
