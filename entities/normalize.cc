#include "entities/normalize.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include "core/text.h"

namespace trawl {

namespace {

// One replacement in the shadow text: ASCII for the code point, or 0 to keep it.
char shadow_ascii(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return static_cast<char>(cp - 0xFF01 + 0x21);  // full-width ASCII
  if (cp >= 0x0660 && cp <= 0x0669) return static_cast<char>('0' + (cp - 0x0660));  // Arabic-Indic
  if (cp >= 0x06F0 && cp <= 0x06F9) return static_cast<char>('0' + (cp - 0x06F0));  // extended Arabic-Indic
  switch (cp) {
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005:
    case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
    case 0x3000:
      return ' ';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212: case 0xFE63:
      return '-';
    case 0x2032: case 0x2019: case 0x2018: case 0x02BC: case 0x00B4:
      return '\'';
    case 0x2033: case 0x201C: case 0x201D:
      return '"';
    default:
      return 0;
  }
}

}  // namespace

Shadow make_shadow(std::string_view text) {
  Shadow s;
  // Fast path: only multi-byte sequences can need a change.
  bool needs = false;
  for (size_t i = 0; i < text.size() && !needs; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // only these lead bytes start a code point that shadow_ascii replaces
    if (c != 0xC2 && c != 0xCA && c != 0xD9 && c != 0xDB && c != 0xE2 && c != 0xE3 && c != 0xEF) continue;
    size_t p = i;
    char32_t cp = next_code_point(text, p);
    if (shadow_ascii(cp)) needs = true;
    i = p - 1;
  }
  if (!needs) {
    s.text.assign(text);
    return s;
  }
  s.text.reserve(text.size());
  s.to_orig.reserve(text.size() + 1);
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      s.text.push_back(text[pos]);
      s.to_orig.push_back(static_cast<uint32_t>(pos++));
      continue;
    }
    char32_t cp = next_code_point(text, pos);
    if (char a = shadow_ascii(cp)) {
      s.text.push_back(a);
      s.to_orig.push_back(static_cast<uint32_t>(start));
    } else {
      for (size_t k = start; k < pos; ++k) {
        s.text.push_back(text[k]);
        s.to_orig.push_back(static_cast<uint32_t>(k));
      }
    }
  }
  s.to_orig.push_back(static_cast<uint32_t>(text.size()));
  return s;
}

Script script_of_multibyte(char32_t cp) {
  if (cp >= 0xAC00 && cp <= 0xD7A3) return Script::kHangul;
  if (cp >= 0x0400 && cp <= 0x04FF) return u_isalpha(cp) ? Script::kCyrillic : Script::kOther;
  if ((cp >= 0x00C0 && cp <= 0x024F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF))
    return Script::kLatin;
  return Script::kOther;
}

char32_t fold_code_point(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  cp = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
  if (cp == 0x0451) return 0x0435;  // ё -> е
  if (cp >= 0x00C0 && cp <= 0x024F) {
    // Latin diacritics: the base letter (table for the ranges names use)
    static const std::unordered_map<char32_t, char32_t> base = [] {
      std::unordered_map<char32_t, char32_t> m;
      auto add = [&](const char32_t* from, char32_t to) {
        for (const char32_t* p = from; *p; ++p) m[*p] = to;
      };
      add(U"àáâãäåāăą", 'a');
      add(U"çćĉċč", 'c');
      add(U"ďđ", 'd');
      add(U"èéêëēĕėęě", 'e');
      add(U"ĝğġģ", 'g');
      add(U"ĥħ", 'h');
      add(U"ìíîïĩīĭįı", 'i');
      add(U"ĵ", 'j');
      add(U"ķ", 'k');
      add(U"ĺļľŀł", 'l');
      add(U"ñńņňŉ", 'n');
      add(U"òóôõöøōŏő", 'o');
      add(U"ŕŗř", 'r');
      add(U"śŝşšș", 's');
      add(U"ţťŧț", 't');
      add(U"ùúûüũūŭůűų", 'u');
      add(U"ŵ", 'w');
      add(U"ýÿŷ", 'y');
      add(U"źżž", 'z');
      m[U'ß'] = 's';
      m[U'æ'] = 'a';
      m[U'œ'] = 'o';
      return m;
    }();
    auto it = base.find(cp);
    if (it != base.end()) return it->second;
  }
  return cp;
}

namespace {

// The Latin or Cyrillic letter that looks the same as cp (а/a, С/C...), or 0.
char32_t homoglyph(char32_t cp) {
  static constexpr std::pair<char32_t, char32_t> kPairs[] = {
      {U'a', U'а'}, {U'c', U'с'}, {U'e', U'е'}, {U'o', U'о'}, {U'p', U'р'}, {U'x', U'х'}, {U'y', U'у'},
      {U'k', U'к'}, {U'A', U'А'}, {U'B', U'В'}, {U'C', U'С'}, {U'E', U'Е'}, {U'H', U'Н'}, {U'K', U'К'},
      {U'M', U'М'}, {U'O', U'О'}, {U'P', U'Р'}, {U'T', U'Т'}, {U'X', U'Х'}, {U'Y', U'У'}};
  for (auto [latin, cyrillic] : kPairs) {
    if (cp == latin) return cyrillic;
    if (cp == cyrillic) return latin;
  }
  return 0;
}

}  // namespace

Script fold_word(std::u32string_view letters, Script first, std::string* folded) {
  bool mixed = false;
  for (char32_t c : letters) mixed |= script_of(c) != first;
  Script main = first;
  if (mixed) {
    size_t latin = 0, cyrillic = 0;
    for (char32_t c : letters) {
      if (homoglyph(c)) continue;
      (script_of(c) == Script::kLatin ? latin : cyrillic)++;
    }
    main = cyrillic > latin ? Script::kCyrillic : latin > cyrillic ? Script::kLatin : first;
  }
  for (char32_t c : letters) {
    if (c < 0x80 && !mixed) {  // ASCII: no table needed
      folded->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      continue;
    }
    if (mixed && script_of(c) != main) {
      if (char32_t twin = homoglyph(c)) c = twin;
    }
    append_utf8(*folded, fold_code_point(c));
  }
  return main;
}

std::string fold_key(std::string_view text) {
  std::string out;
  std::u32string word;  // Latin and Cyrillic letters, read in one script when complete
  Script word_first = Script::kOther;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = next_code_point(text, pos);
    if (char a = shadow_ascii(cp); a) cp = static_cast<unsigned char>(a);
    const Script sc = script_of(cp);
    if (sc == Script::kLatin || sc == Script::kCyrillic) {
      if (word.empty()) word_first = sc;
      word.push_back(cp);
      continue;
    }
    if (!word.empty()) {
      fold_word(word, word_first, &out);
      word.clear();
    }
    if (sc != Script::kOther) append_utf8(out, fold_code_point(cp));
  }
  if (!word.empty()) fold_word(word, word_first, &out);
  return out;
}

// ---------------------------------------------------------------- concepts

namespace {

enum Concept : uint8_t {
  kKorea = 0x80, kGeneral, kTrading, kCorp, kBank, kCommercial, kDevelopment, kMining,
  kShipping, kInternational, kCredit, kTechnology, kJointVenture, kBureau, kDepartment,
  kCommittee, kMinistry, kAcademy, kScience, kNatural, kNational, kAtomic, kEnergy,
  kIndustry, kInsurance, kExport, kImport, kMachinery, kEquipment, kChemical, kForeign,
  kEconomic, kUnited, kGroup, kManagement, kOcean, kReconnaissance, kSecond, kOffice,
  kCenter, kComplex, kMunitions, kSpace, kOil, kEast, kSea, kAssociated, kOverseas,
  kProject, kArmy, kPeople, kStrategic, kRocket, kForce, kMilitary, kCentral, kParty,
  kWorkers, kDefense, kUnion, kCompanyForm
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct Lexicon {
  StringMap<uint8_t> latin;                             // whole folded words
  std::vector<std::pair<std::string, uint8_t>> cyrillic;  // stems (prefix match)
  uint32_t latin_first = 0;                               // first letters of Latin words, a bit each
  std::array<uint32_t, 26> latin_second{};                // second letters after each first one
  // the same stems by their first two letters (4 bytes), longest first
  std::unordered_map<uint32_t, std::vector<std::pair<std::string, uint8_t>>> cyrillic_by_prefix;
  // first syllable -> (word, concept bytes), longest first
  std::unordered_map<char32_t, std::vector<std::pair<std::u32string, std::string>>> hangul;
};

const Lexicon& lexicon() {
  static const Lexicon lex = [] {
    Lexicon l;
    auto en = [&](std::initializer_list<const char*> words, uint8_t c) {
      for (const char* w : words) l.latin[w] = c;
    };
    auto ru = [&](std::initializer_list<const char*> stems, uint8_t c) {
      for (const char* s : stems) l.cyrillic.emplace_back(s, c);
    };
    auto ko = [&](std::initializer_list<const char32_t*> words, std::string concepts) {
      for (const char32_t* w : words) {
        auto& v = l.hangul[w[0]];
        v.emplace_back(w, concepts);
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
      }
    };
    auto c = [](std::initializer_list<uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); };
    // English, and Korean words as romanised in list names ("Chongsong Yonhap")
    en({"korea", "korean", "choson", "chosun", "corea"}, kKorea);
    en({"general"}, kGeneral);
    en({"trading", "trade", "muyok"}, kTrading);
    en({"corporation", "corp", "company", "co", "ltd", "limited", "inc", "incorporated", "llc", "hoesa",
        "kongsa", "plc", "pte", "gmbh", "jsc", "cjsc", "ojsc"}, kCorp);
    en({"bank", "banking", "unhaeng", "eunhaeng"}, kBank);
    en({"commercial", "sangop"}, kCommercial);
    en({"development", "kaebal", "gaebal"}, kDevelopment);
    en({"mining", "kwangop"}, kMining);
    en({"shipping", "shpg", "maritime", "marine", "haeun", "navigation", "shipmanagement"}, kShipping);
    en({"international", "kukje", "gukje"}, kInternational);
    en({"credit", "sinyong"}, kCredit);
    en({"technology", "technologies", "technical", "tech", "kisul"}, kTechnology);
    en({"joint", "venture", "jv", "habyong", "hapyong"}, kJointVenture);
    en({"bureau", "chongguk"}, kBureau);
    en({"department"}, kDepartment);
    en({"committee", "commission"}, kCommittee);
    en({"ministry"}, kMinistry);
    en({"academy", "kwahakwon"}, kAcademy);
    en({"science", "sciences"}, kScience);
    en({"natural"}, kNatural);
    en({"national"}, kNational);
    en({"atomic", "nuclear"}, kAtomic);
    en({"energy"}, kEnergy);
    en({"industry", "industrial", "industries"}, kIndustry);
    en({"insurance"}, kInsurance);
    en({"export", "exports"}, kExport);
    en({"import", "imports"}, kImport);
    en({"machinery", "machine"}, kMachinery);
    en({"equipment"}, kEquipment);
    en({"chemical", "chemicals"}, kChemical);
    en({"foreign", "external"}, kForeign);
    en({"economic", "economics", "economy"}, kEconomic);
    en({"united", "yonhap", "ryonhap", "yeonhap"}, kUnited);
    en({"group"}, kGroup);
    en({"management"}, kManagement);
    en({"ocean", "wonyang"}, kOcean);
    en({"reconnaissance"}, kReconnaissance);
    en({"second"}, kSecond);
    en({"office"}, kOffice);
    en({"center", "centre"}, kCenter);
    en({"complex"}, kComplex);
    en({"munitions"}, kMunitions);
    en({"space", "aerospace"}, kSpace);
    en({"oil", "petroleum"}, kOil);
    en({"associated"}, kAssociated);
    en({"overseas"}, kOverseas);
    en({"project"}, kProject);
    en({"army"}, kArmy);
    en({"strategic"}, kStrategic);
    en({"rocket"}, kRocket);
    en({"force", "forces"}, kForce);
    en({"military"}, kMilitary);
    en({"central"}, kCentral);
    en({"party"}, kParty);
    en({"workers"}, kWorkers);
    en({"defense", "defence"}, kDefense);
    // Russian stems, and English words as Russian media transliterate them
    ru({"корейск", "коре", "кндр"}, kKorea);
    ru({"генеральн", "главн"}, kGeneral);
    ru({"торгов", "трейдинг"}, kTrading);
    ru({"корпорац", "компани", "корпорейшн", "лимитед", "ооо", "оао", "зао", "пао"}, kCorp);
    ru({"банк", "бэнк"}, kBank);
    ru({"коммерческ"}, kCommercial);
    ru({"развити", "девелопмент"}, kDevelopment);
    ru({"горнодобыва", "горноруд", "горнопромышлен"}, kMining);
    ru({"судоходн", "пароходств", "морск", "шиппинг", "маритайм"}, kShipping);
    ru({"международн", "интернешнл", "интернэшнл"}, kInternational);
    ru({"кредитн"}, kCredit);
    ru({"технолог", "техническ", "текнолоджи"}, kTechnology);
    ru({"совместн", "джойнт", "венчур"}, kJointVenture);
    ru({"бюро", "управлени"}, kBureau);
    ru({"департамент", "отдел"}, kDepartment);
    ru({"комитет", "комисси"}, kCommittee);
    ru({"министерств"}, kMinistry);
    ru({"академи"}, kAcademy);
    ru({"наук", "научн"}, kScience);
    ru({"естествен"}, kNatural);
    ru({"национальн"}, kNational);
    ru({"атомн", "ядерн"}, kAtomic);
    ru({"энерг", "энерджи"}, kEnergy);
    ru({"промышлен"}, kIndustry);
    ru({"страхов"}, kInsurance);
    ru({"экспорт"}, kExport);
    ru({"импорт"}, kImport);
    ru({"машиностро", "машин"}, kMachinery);
    ru({"оборудовани"}, kEquipment);
    ru({"химическ", "химии"}, kChemical);
    ru({"внешн", "иностран"}, kForeign);
    ru({"экономическ"}, kEconomic);
    ru({"объединен", "объединённ"}, kUnited);
    ru({"групп", "груп"}, kGroup);
    ru({"менеджмент"}, kManagement);
    ru({"океан", "оушен"}, kOcean);
    ru({"разведывательн"}, kReconnaissance);
    ru({"нефт"}, kOil);
    ru({"втор"}, kSecond);
    // Korean words, and English words as Korean transliterates them
    ko({U"조선"}, c({kKorea}));
    ko({U"총회사"}, c({kGeneral, kCorp}));
    ko({U"총국"}, c({kGeneral, kBureau}));
    ko({U"무역", U"트레이딩"}, c({kTrading}));
    ko({U"회사", U"공사", U"주식회사", U"유한회사", U"코퍼레이션", U"컴퍼니", U"리미티드"}, c({kCorp}));
    ko({U"은행", U"뱅크"}, c({kBank}));
    ko({U"상업"}, c({kCommercial}));
    ko({U"개발"}, c({kDevelopment}));
    ko({U"광업"}, c({kMining}));
    ko({U"해운", U"해사", U"쉬핑", U"시핑", U"마리타임"}, c({kShipping}));
    ko({U"국제", U"인터내셔널"}, c({kInternational}));
    ko({U"신용"}, c({kCredit}));
    ko({U"기술", U"테크놀로지"}, c({kTechnology}));
    ko({U"합영", U"합작"}, c({kJointVenture}));
    ko({U"위원회"}, c({kCommittee}));
    ko({U"과학원"}, c({kAcademy}));
    ko({U"과학"}, c({kScience}));
    ko({U"원자력"}, c({kAtomic, kEnergy}));
    ko({U"공업"}, c({kIndustry}));
    ko({U"보험"}, c({kInsurance}));
    ko({U"수출"}, c({kExport}));
    ko({U"수입"}, c({kImport}));
    ko({U"기계"}, c({kMachinery}));
    ko({U"설비"}, c({kEquipment}));
    ko({U"화학"}, c({kChemical}));
    ko({U"대외"}, c({kForeign}));
    ko({U"경제"}, c({kEconomic}));
    ko({U"련합", U"연합"}, c({kUnited}));
    ko({U"그룹"}, c({kGroup}));
    ko({U"관리", U"매니지먼트"}, c({kManagement}));
    ko({U"원양", U"오션"}, c({kOcean}));
    ko({U"정찰"}, c({kReconnaissance}));
    ko({U"석유"}, c({kOil}));
    ko({U"에너지"}, c({kEnergy}));
    // longest stems first, so that "машиностро" wins over "машин"
    std::sort(l.cyrillic.begin(), l.cyrillic.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [stem, c] : l.cyrillic) {
      uint32_t key = 0;
      std::memcpy(&key, stem.data(), 4);
      l.cyrillic_by_prefix[key].emplace_back(stem, c);
    }
    for (const auto& [word, c] : l.latin) {
      l.latin_first |= 1u << (word[0] - 'a');
      l.latin_second[word[0] - 'a'] |= 1u << (word[1] - 'a');
    }
    return l;
  }();
  return lex;
}

}  // namespace

uint8_t company_form_concept() { return kCorp; }

uint8_t concept_of_word(std::string_view w, Script script) {
  const Lexicon& l = lexicon();
  if (script == Script::kLatin) {
    if (w.size() < 2 || w.size() > 16 || w[0] < 'a' || w[0] > 'z' || !(l.latin_first & (1u << (w[0] - 'a'))))
      return 0;
    if (w[1] < 'a' || w[1] > 'z' || !(l.latin_second[w[0] - 'a'] & (1u << (w[1] - 'a')))) return 0;
    auto it = l.latin.find(w);
    return it == l.latin.end() ? 0 : it->second;
  }
  if (script == Script::kCyrillic && w.size() >= 4) {
    uint32_t key = 0;
    std::memcpy(&key, w.data(), 4);
    auto bucket = l.cyrillic_by_prefix.find(key);
    if (bucket == l.cyrillic_by_prefix.end()) return 0;
    for (const auto& [stem, c] : bucket->second) {  // longest stem first
      if (w.size() < stem.size() || w.compare(0, stem.size(), stem) != 0) continue;
      // a stem of three letters ("ооо", "зао") must be the whole word
      if (stem.size() <= 6 && w.size() != stem.size()) continue;
      return c;
    }
  }
  return 0;
}

int hangul_concept_at(const std::u32string& s, size_t i, std::string* concepts) {
  const Lexicon& l = lexicon();
  auto it = l.hangul.find(s[i]);
  if (it == l.hangul.end()) return 0;
  for (const auto& [word, c] : it->second)
    if (s.size() - i >= word.size() && s.compare(i, word.size(), word) == 0) {
      *concepts = c;
      return static_cast<int>(word.size());
    }
  return 0;
}

// ---------------------------------------------------------------- phonetic keys

namespace {

void push(std::string& out, char c) {
  if (!c) return;
  if (!out.empty() && out.back() == c) return;  // "ss", "kk", "oo" -> one
  out.push_back(c);
}

bool is_stop_letter(char c) { return c == 'p' || c == 't' || c == 'k' || c == 'c' || c == 'r'; }

}  // namespace

std::string phonetic_word(std::string_view w, Script script) {
  std::string out;
  if (script == Script::kLatin) {
    const size_t n = w.size();
    auto at = [&](size_t i) -> char { return i < n ? w[i] : '\0'; };
    for (size_t i = 0; i < n;) {
      char c = w[i];
      char d = at(i + 1);
      if (c >= '0' && c <= '9') { push(out, c); ++i; continue; }
      switch (c) {
        case 'a':
          if (d == 'e') { push(out, 'O'); i += 2; } else { push(out, 'A'); ++i; }
          break;
        case 'e':
          if (d == 'o') { push(out, 'O'); i += 2; }
          else if (d == 'u') { push(out, 'U'); i += 2; }
          else if (d == 'e') { push(out, 'I'); i += 2; }
          else { push(out, 'O'); ++i; }
          break;
        case 'o':
          if (d == 'o') { push(out, 'U'); i += 2; }
          else if (d == 'e') { push(out, 'O'); i += 2; }
          else if (d == 'i' && i + 2 == n) { push(out, 'O'); i += 2; }  // "Choi" = 최
          else if (d == 'u') { push(out, 'O'); i += 2; }                 // "Young" = 영
          else { push(out, 'O'); ++i; }
          break;
        case 'u': push(out, 'U'); ++i; break;
        case 'i': push(out, 'I'); ++i; break;
        case 'y': case 'w': case 'v': case 'r': case 'l': ++i; break;  // glides; r/l unreliable
        case 'h':
          // aspiration after a stop ("ph", "th", "kh", "ch'h", "rh") is not a sound of its own
          if (i > 0 && is_stop_letter(w[i - 1])) { ++i; break; }
          push(out, 'H'); ++i;
          break;
        case 'c':
          if (d == 'h') { push(out, 'C'); i += 2; if (at(i) == 'h') ++i; }
          else if (d == 'k') { push(out, 'K'); i += 2; }
          else { push(out, 'K'); ++i; }
          break;
        case 't':
          if (d == 's' || d == 'z') { push(out, 'C'); i += 2; }
          else if (d == 'c' && at(i + 2) == 'h') { push(out, 'C'); i += 3; }
          else { push(out, 'T'); ++i; }
          break;
        case 'd':
          if (d == 'z' || d == 'j') { push(out, 'C'); i += 2; } else { push(out, 'T'); ++i; }
          break;
        case 'j': case 'z': push(out, 'C'); ++i; break;
        case 's':
          if (d == 'h') { push(out, 'S'); i += 2; } else { push(out, 'S'); ++i; }
          break;
        case 'n':
          if (d == 'g' && !(at(i + 2) == 'a' || at(i + 2) == 'e' || at(i + 2) == 'i' || at(i + 2) == 'o' || at(i + 2) == 'u')) {
            push(out, 'N'); i += 2;  // final "ng" = ㅇ, written "н" in Russian
          } else { push(out, 'N'); ++i; }
          break;
        case 'm': push(out, 'M'); ++i; break;
        case 'k': case 'g': case 'q': push(out, 'K'); ++i; break;
        case 'p': case 'b': case 'f': push(out, 'P'); ++i; break;
        case 'x': push(out, 'K'); push(out, 'S'); ++i; break;
        default: ++i; break;
      }
    }
    return out;
  }
  if (script == Script::kCyrillic) {
    size_t pos = 0;
    char32_t prev = 0;
    while (pos < w.size()) {
      char32_t cp = next_code_point(w, pos);
      size_t peek = pos;
      const char32_t next = pos < w.size() ? next_code_point(w, peek) : 0;
      if (cp == U'д' && next == U'ж') continue;  // "дж" = ㅈ, as Latin "j"
      char o = 0;
      switch (cp) {
        case U'а': case U'я': o = 'A'; break;
        case U'е': case U'э': case U'о': case U'ё': o = 'O'; break;
        case U'у': case U'ю': case U'ы': o = 'U'; break;
        case U'и': o = 'I'; break;
        case U'б': case U'п': case U'ф': o = 'P'; break;
        case U'г': {
          // "нг" at the end of a syllable = ㅇ ("Чонг"); before a vowel it starts the next
          // one ("Чхончхонган" = 청천강)
          const bool vowel_next = next == U'а' || next == U'я' || next == U'е' || next == U'э' || next == U'о' ||
                                  next == U'ё' || next == U'у' || next == U'ю' || next == U'ы' || next == U'и';
          o = (prev == U'н' && !vowel_next) ? 0 : 'K';
          break;
        }
        case U'к': o = 'K'; break;
        case U'д': case U'т': o = 'T'; break;
        case U'ж': case U'з': case U'ц': case U'ч': o = 'C'; break;
        case U'с': case U'ш': case U'щ': o = 'S'; break;
        case U'н': o = 'N'; break;
        case U'м': o = 'M'; break;
        case U'х':
          o = (prev == U'п' || prev == U'т' || prev == U'к' || prev == U'ч') ? 0 : 'H';
          break;
        default: o = 0; break;  // в й л р ь ъ
      }
      if (cp >= '0' && cp <= '9') o = static_cast<char>(cp);
      push(out, o);
      prev = cp;
    }
  }
  return out;
}

std::string phonetic_syllable(char32_t s) {
  static constexpr char kInitial[19] = {'K', 'K', 'N', 'T', 'T', 0, 'M', 'P', 'P', 'S',
                                        'S', 0, 'C', 'C', 'C', 'K', 'T', 'P', 'H'};
  static constexpr const char* kMedial[21] = {"A", "O", "A", "O", "O", "O", "O", "O", "O", "A", "O",
                                              "O", "O", "U", "O", "O", "I", "U", "U", "UI", "I"};
  static constexpr char kFinal[28] = {0,   'K', 'K', 'K', 'N', 'N', 'N', 'T', 0,   'K', 'M', 0,   0,   0,
                                      'P', 0,   'M', 'P', 'P', 'T', 'T', 'N', 'T', 'T', 'K', 'T', 'P', 'T'};
  std::string out;
  if (s < 0xAC00 || s > 0xD7A3) return out;
  const int index = static_cast<int>(s - 0xAC00);
  const int initial = index / (21 * 28), medial = (index / 28) % 21, final = index % 28;
  push(out, kInitial[initial]);
  for (const char* p = kMedial[medial]; *p; ++p) push(out, *p);
  push(out, kFinal[final]);
  return out;
}

std::string_view russian_stem(std::string_view w) {
  // longest endings first; a stem keeps at least two letters (4 bytes)
  static constexpr std::string_view kEndings[] = {"ами", "ями", "ого", "его", "ому", "ему", "ой", "ей",
                                                  "ом", "ем", "ам", "ям", "ах", "ях", "ую", "юю",
                                                  "ая", "яя", "ые", "ие", "ых", "их", "ым", "им",
                                                  "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и", "о"};
  for (std::string_view e : kEndings)
    if (w.size() >= e.size() + 4 && w.substr(w.size() - e.size()) == e) return w.substr(0, w.size() - e.size());
  return w;
}

bool is_korean_suffix(std::u32string_view rest) {
  if (rest.size() > 6) return false;  // (also keeps a long word from costing its length)
  static const std::unordered_map<std::u32string, bool> kSuffixes = [] {
    std::unordered_map<std::u32string, bool> m;
    for (const char32_t* s :
         {U"은", U"는", U"이", U"가", U"을", U"를", U"의", U"에", U"에서", U"에게", U"와", U"과", U"도", U"로",
          U"으로", U"만", U"께서", U"이다", U"였다", U"이며", U"과의", U"와의", U"에서의", U"으로부터",
          U"로부터", U"측", U"측은", U"측의", U"씨", U"씨는", U"씨의", U"등", U"등의", U"에는", U"와는",
          U"과는", U"이나", U"나", U"까지", U"부터", U"보다", U"처럼", U"라는", U"이라는", U"란", U"호",
          U"호는", U"호의", U"호가", U"호를", U"항", U"항에", U"항에서", U"항으로", U"항을", U"항의",
          U"위원장", U"위원장은", U"위원장의", U"위원장이", U"총비서", U"총비서는", U"총비서의", U"부위원장",
          U"부위원장은", U"원장", U"원장은", U"사장", U"사장은", U"대표", U"대표는", U"회장", U"회장은",
          U"국장", U"국장은", U"부장", U"부장은", U"동지", U"대사", U"대사는", U"선장", U"선장은"})
      m[s] = true;
    return m;
  }();
  return kSuffixes.count(std::u32string(rest)) > 0;
}

}  // namespace trawl
