// Charset detection and conversion: uchardet proposes, ICU converts (glibc iconv for
// Johab, which ICU lacks), and a plausibility score over the decoded text decides.
#include "extractors/charset.h"

#include <iconv.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <memory>

#include "core/text.h"
#include "extractors/language.h"

namespace trawl {
namespace {

// Plausibility and language checks look at this much decoded text, no more.
constexpr size_t kScoreSample = 32 * 1024;

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct UchardetCloser {
  void operator()(uchardet* u) const { uchardet_delete(u); }
};

// Decodes with ICU. strict: fail on any illegal or unmapped byte sequence. Otherwise
// replace them with U+FFFD and count the replacements in *replaced.
std::optional<std::string> icu_decode(std::string_view bytes, const std::string& name, bool strict,
                                      size_t* replaced = nullptr) {
  UErrorCode st = U_ZERO_ERROR;
  ConverterPtr cnv(ucnv_open(name.c_str(), &st));
  if (U_FAILURE(st)) return std::nullopt;
  struct Counter {
    size_t n = 0;
  } counter;
  if (strict) {
    ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
  } else {
    // substitute U+FFFD and count each substitution
    auto cb = [](const void* ctx, UConverterToUnicodeArgs* args, const char* units, int32_t len,
                 UConverterCallbackReason reason, UErrorCode* err) {
      if (reason <= UCNV_IRREGULAR) {
        ++static_cast<Counter*>(const_cast<void*>(ctx))->n;
        UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, units, len, reason, err);
      }
    };
    ucnv_setToUCallBack(cnv.get(), cb, &counter, nullptr, nullptr, &st);
  }
  if (U_FAILURE(st)) return std::nullopt;
  icu::UnicodeString us(bytes.data(), static_cast<int32_t>(bytes.size()), cnv.get(), st);
  if (U_FAILURE(st)) return std::nullopt;
  if (replaced) *replaced = counter.n;
  std::string out;
  us.toUTF8String(out);
  return out;
}

// Strict decoding through glibc iconv, for charsets ICU does not have (Johab).
std::optional<std::string> iconv_decode(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(bytes.size() * 3 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* o = out.data();
  size_t out_left = out.size();
  size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

bool is_ascii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Counts of well-formed multi-byte UTF-8 sequences and of invalid bytes.
struct Utf8Census {
  size_t multibyte = 0;
  size_t invalid = 0;
};

Utf8Census utf8_census(std::string_view s) {
  Utf8Census c;
  size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    size_t before = pos;
    char32_t cp = next_code_point(s, pos);
    if (cp == 0xFFFD && pos == before + 1) {
      // a truncated sequence at the very end of the input is still an error
      ++c.invalid;
    } else {
      ++c.multibyte;
    }
  }
  return c;
}

bool is_single_byte_family(const std::string& name) {
  static const std::array<std::string_view, 9> kNames = {
      "windows-1251", "KOI8-R", "KOI8-U", "ibm-866", "ibm-855", "x-mac-cyrillic",
      "ISO-8859-5",   "windows-1252", "ISO-8859-1"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// How much the decoded text looks like real text: close to 1 for prose in any of the
// scripts we expect, low or negative for mojibake (box drawing, controls, Serbian letters
// in Russian words, case flipping inside words, as wrong Cyrillic code pages produce).
double plausibility(std::string_view utf8) {
  std::string_view s = utf8_prefix(utf8, kScoreSample);
  double good = 0, bad = 0, total = 0;
  size_t cyr = 0, cyr_lower = 0, cyr_common = 0;
  int prev_case = 0;    // within a word: 1 lower, 2 upper, 0 none
  int prev_script = 0;  // within a word: 1 Latin, 2 Cyrillic, 0 none
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = next_code_point(s, pos);
    total += 1;
    int this_case = 0;
    int script = 0;
    bool letter = false;
    if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == ' ') {
      good += 1;
    } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD) {
      bad += 1;
    } else if (cp < 0x7F) {
      good += 1;
      if ((cp >= 'a' && cp <= 'z')) this_case = 1, letter = true, script = 1;
      if ((cp >= 'A' && cp <= 'Z')) this_case = 2, letter = true, script = 1;
    } else if (cp < 0xC0) {
      // Latin-1 symbols: a few are common in prose, the rest are signs of mojibake
      static const std::u32string kCommon = U"\u00A0\u00A9\u00AB\u00AE\u00B0\u00B7\u00BB\u00A7";
      if (kCommon.find(cp) != std::u32string::npos) good += 1; else bad += 0.5;
    } else if (cp < 0x250) {
      good += (cp < 0x100) ? 1 : 0.5;
      letter = true;
      script = 1;
    } else if (cp >= 0x400 && cp < 0x530) {
      letter = true;
      script = 2;
      bool russian = (cp >= 0x410 && cp < 0x450) || cp == 0x401 || cp == 0x451;
      static const std::u32string kOther = U"\u0404\u0406\u0407\u040E\u0454\u0456\u0457\u045E\u0490\u0491";
      if (russian || kOther.find(cp) != std::u32string::npos) {
        good += 1;
        ++cyr;
        bool lower = (cp >= 0x430 && cp < 0x460) || cp == 0x491;
        if (lower) ++cyr_lower;
        this_case = lower ? 1 : 2;
        static const std::u32string kFrequent = U"оеаинтсрвлкмдпуяыіОЕАИНТСРВЛКМДПУЯЫІ";
        if (kFrequent.find(cp) != std::u32string::npos) ++cyr_common;
      } else {
        bad += 0.7;  // Serbian, Macedonian or Central Asian letters inside Russian text
      }
    } else if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
               (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3000 && cp <= 0x303F) ||
               (cp >= 0xFF01 && cp <= 0xFF5E) || (cp >= 0x1100 && cp <= 0x11FF) ||
               (cp >= 0x3130 && cp <= 0x318F)) {
      good += 1;  // Hangul, CJK, kana, CJK punctuation, full-width forms
    } else if ((cp >= 0x370 && cp < 0x400) || (cp >= 0x590 && cp < 0x700) ||
               (cp >= 0xE00 && cp < 0xE80)) {
      good += 1;  // Greek, Hebrew, Arabic, Thai
      letter = true;
    } else if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x203A) ||
               cp == 0x20AC || cp == 0x2116 || cp == 0x2122) {
      good += 1;  // dashes, quotes, ellipsis, euro, numero, trademark
    } else if ((cp >= 0x2500 && cp < 0x25A0) || (cp >= 0xE000 && cp < 0xF900) ||
               (cp >= 0x2200 && cp < 0x2300)) {
      bad += 1;  // box drawing, blocks, private use, maths: what wrong code pages yield
    } else {
      bad += 0.3;
    }
    // a capital right after a small letter inside a word is rare in any real text
    if (this_case == 2 && prev_case == 1) bad += 1;
    // and so is a word that switches between Latin and Cyrillic letters
    if (script && prev_script && script != prev_script) bad += 1;
    prev_case = letter ? this_case : 0;
    prev_script = letter ? script : 0;
  }
  if (total == 0) return 0;
  double score = (good - bad) / total;
  if (cyr >= 20) {
    // Real Russian or Ukrainian prose is mostly small letters, and ~80% of its letters
    // are among the 18 most frequent; a wrong single-byte Cyrillic table breaks both.
    score += 0.2 * (static_cast<double>(cyr_lower) / cyr) +
             0.3 * (static_cast<double>(cyr_common) / cyr);
  }
  return score;
}

struct Candidate {
  std::string name;     // decoder name
  std::string text;
  double score = 0;
};

std::optional<std::string> decode_strict(std::string_view bytes, const std::string& name) {
  if (name == "JOHAB") return iconv_decode(bytes, "JOHAB");
  return icu_decode(bytes, name, /*strict=*/true);
}

// For Korean bytes decoded as windows-949: "EUC-KR" if every pair stays inside EUC-KR
// (lead and trail in A1..FE), else "CP949".
std::string korean_label(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) continue;
    if (i + 1 >= bytes.size()) break;
    auto t = static_cast<unsigned char>(bytes[i + 1]);
    if (b < 0xA1 || t < 0xA1) return "CP949";
    ++i;
  }
  return "EUC-KR";
}

std::string display_name(const std::string& decoder, std::string_view bytes) {
  static const std::map<std::string, std::string> kNames = {
      {"windows-1251", "windows-1251"}, {"KOI8-R", "KOI8-R"},       {"KOI8-U", "KOI8-U"},
      {"ibm-866", "IBM866"},            {"ibm-855", "IBM855"},       {"x-mac-cyrillic", "x-mac-cyrillic"},
      {"ISO-8859-5", "ISO-8859-5"},     {"windows-1252", "windows-1252"},
      {"ISO-2022-KR", "ISO-2022-KR"},   {"JOHAB", "Johab"},          {"UTF-8", "UTF-8"},
      {"UTF-16LE", "UTF-16LE"},         {"UTF-16BE", "UTF-16BE"},    {"UTF-32LE", "UTF-32LE"},
      {"UTF-32BE", "UTF-32BE"}, {"US-ASCII", "US-ASCII"}};
  if (decoder == "windows-949") return korean_label(bytes);
  auto it = kNames.find(decoder);
  if (it != kNames.end()) return it->second;
  UErrorCode st = U_ZERO_ERROR;
  for (const char* standard : {"WINDOWS", "IANA", "MIME"}) {
    st = U_ZERO_ERROR;
    const char* n = ucnv_getStandardName(decoder.c_str(), standard, &st);
    if (U_SUCCESS(st) && n) return n;
  }
  return decoder;
}

std::string uchardet_guess(std::string_view bytes) {
  std::unique_ptr<uchardet, UchardetCloser> ud(uchardet_new());
  if (!ud) return {};
  if (uchardet_handle_data(ud.get(), bytes.data(), std::min<size_t>(bytes.size(), 1 << 20)) != 0)
    return {};
  uchardet_data_end(ud.get());
  const char* cs = uchardet_get_charset(ud.get());
  return cs ? std::string(cs) : std::string();
}

// UTF-16/32 without a BOM: text in Latin or Cyrillic script has a zero byte in most
// code units. Returns the decoder name or "".
std::string guess_wide_unicode(std::string_view bytes) {
  size_t n = std::min<size_t>(bytes.size(), 4096) & ~size_t{3};
  if (n < 8) return {};
  size_t zero[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; ++i)
    if (bytes[i] == 0) ++zero[i % 4];
  size_t q = n / 4;
  if (zero[2] > q * 9 / 10 && zero[3] > q * 9 / 10 && zero[1] > q / 2) return "UTF-32LE";
  if (zero[0] > q * 9 / 10 && zero[1] > q * 9 / 10 && zero[2] > q / 2) return "UTF-32BE";
  size_t odd = zero[1] + zero[3], even = zero[0] + zero[2];
  if (odd > n / 4 && even < n / 50) return "UTF-16LE";
  if (even > n / 4 && odd < n / 50) return "UTF-16BE";
  return {};
}

Decoded finish(std::string_view bytes, std::string decoder, std::string text,
               std::vector<std::string> warnings) {
  Decoded d;
  d.encoding = display_name(decoder, bytes);
  d.text = std::move(text);
  d.warnings = std::move(warnings);
  return d;
}

// UTF-8 with some invalid bytes: accepted as UTF-8 when well-formed sequences outnumber
// the bad bytes `ratio` to one (a damaged UTF-8 file, not another charset). A page that
// declares UTF-8 needs less evidence than one that declares nothing.
bool mostly_utf8(std::string_view bytes, size_t ratio) {
  Utf8Census c = utf8_census(bytes);
  return c.multibyte >= ratio * c.invalid && c.multibyte > 0;
}

Decoded lossy_utf8(std::string_view bytes, std::vector<std::string> warnings) {
  size_t replaced = 0;
  auto text = icu_decode(bytes, "UTF-8", /*strict=*/false, &replaced);
  warnings.push_back(std::to_string(replaced) + " invalid UTF-8 sequence" +
                     (replaced == 1 ? "" : "s") + " replaced with U+FFFD");
  return finish(bytes, "UTF-8", text.value_or(std::string()), std::move(warnings));
}

}  // namespace

double text_plausibility(std::string_view utf8) { return plausibility(utf8); }

std::string canonical_charset(std::string_view label) {
  std::string l = ascii_lower(trim(label));
  if (l.size() >= 2 && (l.front() == '"' || l.front() == '\'')) l = l.substr(1, l.size() - 2);
  static const std::map<std::string, std::string> kAliases = {
      {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
      {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
      {"utf-32", "UTF-32LE"}, {"utf-32le", "UTF-32LE"}, {"utf-32be", "UTF-32BE"},
      {"euc-kr", "windows-949"}, {"euckr", "windows-949"}, {"cp949", "windows-949"},
      {"uhc", "windows-949"}, {"ks_c_5601-1987", "windows-949"}, {"ks_c_5601-1989", "windows-949"},
      {"ksc5601", "windows-949"}, {"ksc_5601", "windows-949"}, {"korean", "windows-949"},
      {"csksc56011987", "windows-949"}, {"iso-ir-149", "windows-949"}, {"windows-949", "windows-949"},
      {"x-windows-949", "windows-949"}, {"ms949", "windows-949"}, {"x-euc-kr", "windows-949"},
      {"johab", "JOHAB"}, {"x-johab", "JOHAB"}, {"iso-2022-kr", "ISO-2022-KR"},
      {"csiso2022kr", "ISO-2022-KR"},
      {"windows-1251", "windows-1251"}, {"cp1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
      {"win-1251", "windows-1251"},
      {"koi8-r", "KOI8-R"}, {"koi8", "KOI8-R"}, {"cskoi8r", "KOI8-R"}, {"koi", "KOI8-R"},
      {"koi8-u", "KOI8-U"}, {"koi8-ru", "KOI8-U"},
      {"ibm866", "ibm-866"}, {"cp866", "ibm-866"}, {"866", "ibm-866"}, {"csibm866", "ibm-866"},
      {"ibm855", "ibm-855"}, {"cp855", "ibm-855"},
      {"x-mac-cyrillic", "x-mac-cyrillic"}, {"mac-cyrillic", "x-mac-cyrillic"},
      {"maccyrillic", "x-mac-cyrillic"}, {"x-mac-ukrainian", "x-mac-cyrillic"},
      {"iso-8859-5", "ISO-8859-5"}, {"iso8859-5", "ISO-8859-5"}, {"iso_8859-5", "ISO-8859-5"},
      {"cyrillic", "ISO-8859-5"},
      // WHATWG: these labels all mean windows-1252 on the web
      {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"}, {"latin1", "windows-1252"}, {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"}, {"l1", "windows-1252"},
  };
  auto it = kAliases.find(l);
  if (it != kAliases.end()) return it->second;
  // anything else ICU knows by that name (windows-1256, shift_jis, gb18030...)
  UErrorCode st = U_ZERO_ERROR;
  ConverterPtr cnv(ucnv_open(l.c_str(), &st));
  return U_FAILURE(st) ? "" : l;
}

std::optional<std::string> sniff_declared_charset(std::string_view bytes) {
  std::string head = ascii_lower(bytes.substr(0, std::min<size_t>(bytes.size(), 4096)));
  auto value_after = [&](size_t pos) -> std::optional<std::string> {
    while (pos < head.size() && (head[pos] == ' ' || head[pos] == '=' || head[pos] == '"' ||
                                 head[pos] == '\''))
      ++pos;
    size_t end = pos;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) ||
                                 head[end] == '-' || head[end] == '_' || head[end] == '.' ||
                                 head[end] == ':'))
      ++end;
    if (end == pos) return std::nullopt;
    return head.substr(pos, end - pos);
  };
  // XML declaration: <?xml version="1.0" encoding="euc-kr"?>
  if (head.starts_with("<?xml")) {
    size_t close = head.find("?>");
    size_t enc = head.find("encoding", 0);
    if (enc != std::string::npos && enc < close) return value_after(enc + 8);
  }
  // <meta charset=...> and <meta http-equiv=... content="...charset=...">
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) break;
    std::string_view tag(head.data() + pos, end - pos);
    size_t cs = tag.find("charset");
    if (cs != std::string::npos) {
      auto v = value_after(pos + cs + 7);
      if (v) return v;
    }
    pos = end;
  }
  return std::nullopt;
}

Decoded decode_text(std::string_view bytes, const std::vector<std::string>& declared) {
  if (bytes.empty()) return Decoded{"", "UTF-8", {}};

  // 1. byte order marks
  auto starts = [&](std::string_view bom) { return bytes.substr(0, bom.size()) == bom; };
  struct Bom {
    std::string_view bytes;
    const char* name;
  };
  static const Bom kBoms[] = {{std::string_view("\xEF\xBB\xBF", 3), "UTF-8"},
                              {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"},
                              {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
                              {std::string_view("\xFF\xFE", 2), "UTF-16LE"},
                              {std::string_view("\xFE\xFF", 2), "UTF-16BE"}};
  for (const Bom& bom : kBoms) {
    if (!starts(bom.bytes)) continue;
    std::string_view body = bytes.substr(bom.bytes.size());
    size_t replaced = 0;
    auto text = icu_decode(body, bom.name, /*strict=*/false, &replaced);
    std::vector<std::string> warnings;
    if (replaced) warnings.push_back(std::to_string(replaced) + " invalid " + bom.name +
                                     " sequences replaced with U+FFFD");
    return finish(body, bom.name, text.value_or(""), std::move(warnings));
  }

  std::vector<std::string> warnings;
  const bool ascii = is_ascii(bytes);

  // 2. declared labels, strongest first
  for (const std::string& label : declared) {
    std::string name = canonical_charset(label);
    if (name.empty()) {
      warnings.push_back("unknown charset label '" + one_line(label) + "' ignored");
      continue;
    }
    if (ascii && bytes.find('\0') == std::string_view::npos && name != "UTF-16LE" && name != "UTF-16BE" && name != "UTF-32LE" &&
        name != "UTF-32BE" && name != "ISO-2022-KR")
      return finish(bytes, "US-ASCII", std::string(bytes), std::move(warnings));
    if (name == "UTF-8") {
      auto text = icu_decode(bytes, "UTF-8", /*strict=*/true);
      if (text) return finish(bytes, "UTF-8", std::move(*text), std::move(warnings));
      if (mostly_utf8(bytes, 2)) return lossy_utf8(bytes, std::move(warnings));
      warnings.push_back("declared charset '" + label + "' does not match the bytes; detected instead");
      continue;
    }
    auto text = decode_strict(bytes, name);
    if (!text) {
      warnings.push_back("declared charset '" + label + "' does not match the bytes; detected instead");
      continue;
    }
    if (!is_single_byte_family(name)) return finish(bytes, name, std::move(*text), std::move(warnings));
    // Single-byte tables decode anything: believe the label unless another table of the
    // same family reads clearly better (detection below compares them).
    double declared_score = plausibility(*text) + 0.2 * language_reliability(utf8_prefix(*text, kScoreSample));
    static const std::array<std::string, 7> kFamily = {"windows-1251", "KOI8-R", "ibm-866",
                                                        "x-mac-cyrillic", "ISO-8859-5", "ibm-855",
                                                        "windows-1252"};
    std::string best = name;
    double best_score = declared_score + 0.15;
    for (const std::string& other : kFamily) {
      if (other == name) continue;
      auto t = decode_strict(bytes, other);
      if (!t) continue;
      double s = plausibility(*t) + 0.2 * language_reliability(utf8_prefix(*t, kScoreSample));
      if (s > best_score) {
        best = other;
        best_score = s;
        *text = std::move(*t);
      }
    }
    if (best != name) warnings.push_back("declared charset '" + label + "' reads as mojibake; decoded as " +
                                         display_name(best, bytes));
    return finish(bytes, best, std::move(*text), std::move(warnings));
  }

  // 3. detection
  if (std::string wide = guess_wide_unicode(bytes); !wide.empty()) {
    size_t replaced = 0;
    if (auto text = icu_decode(bytes, wide, /*strict=*/false, &replaced); text && replaced == 0)
      return finish(bytes, wide, std::move(*text), std::move(warnings));
  }
  if (ascii) {
    if (bytes.find("\x1B$)C") != std::string_view::npos) {
      if (auto text = decode_strict(bytes, "ISO-2022-KR"))
        return finish(bytes, "ISO-2022-KR", std::move(*text), std::move(warnings));
    }
    return finish(bytes, "US-ASCII", std::string(bytes), std::move(warnings));
  }
  if (auto text = icu_decode(bytes, "UTF-8", /*strict=*/true))
    return finish(bytes, "UTF-8", std::move(*text), std::move(warnings));
  if (mostly_utf8(bytes, 10)) return lossy_utf8(bytes, std::move(warnings));

  std::string proposed = canonical_charset(uchardet_guess(bytes));
  // On a tie the earlier wins: windows-1252 before the Cyrillic tables, which share its
  // punctuation (0x93/0x94 quotes, dashes) and must read strictly better to be chosen.
  std::vector<std::string> names = {"windows-949", "JOHAB",      "windows-1252",   "windows-1251",
                                    "KOI8-R",      "ibm-866",    "x-mac-cyrillic", "ISO-8859-5",
                                    "ibm-855"};
  if (!proposed.empty() && std::find(names.begin(), names.end(), proposed) == names.end())
    names.insert(names.begin(), proposed);
  std::vector<Candidate> candidates;
  for (const std::string& name : names) {
    auto text = decode_strict(bytes, name);
    if (!text) continue;
    double score = plausibility(*text) + 0.2 * language_reliability(utf8_prefix(*text, kScoreSample));
    if (name == proposed) score += 0.05;
    candidates.push_back({name, std::move(*text), score});
  }
  if (candidates.empty()) {
    warnings.push_back("charset not recognised; decoded as UTF-8 with replacements");
    return lossy_utf8(bytes, std::move(warnings));
  }
  auto best = std::max_element(candidates.begin(), candidates.end(),
                               [](const Candidate& a, const Candidate& b) { return a.score < b.score; });
  return finish(bytes, best->name, std::move(best->text), std::move(warnings));
}

}  // namespace trawl
