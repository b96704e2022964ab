// The languages a page is read in, as a value instead of Tesseract's "kor+eng" strings.
// Internal to ocr/; no Tesseract or Leptonica types.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace trawl {

// The languages trawl has models for (Debian's tesseract-ocr-kor, -rus, -eng).
enum class Language : uint8_t { kKorean, kRussian, kEnglish };

// Tesseract's name of `language`: "kor", "rus" or "eng".
std::string_view tesseract_code(Language language);

// A set of languages in Tesseract's order: the first is the main model, the others are
// tried beside it, so {kor, eng} and {eng, kor} read differently and are not equal (as
// the strings "kor+eng" and "eng+kor" were not). Each language at most once. A plain
// value: copyable, comparable, usable as a map key; thread-safe as any const value.
class LanguageSet {
 public:
  constexpr LanguageSet() = default;
  // The languages in this order; a repeated one is kept where it first comes.
  constexpr LanguageSet(std::initializer_list<Language> languages) {
    for (Language l : languages) add(l);
  }

  // A configuration value such as "kor+eng" or "rus" (ocr.languages,
  // ocr.fallback_languages, OcrHint::languages, OcrPage::languages). Errors
  // (kUnsupported, naming the value): empty, an empty name ("kor+"), or a name other
  // than kor, rus and eng. "auto" is not a set: the caller handles it.
  static Result<LanguageSet> parse(std::string_view text);

  // The set as Tesseract's Init() and OcrPage::languages spell it: "kor+eng"; "" when empty.
  std::string to_tesseract() const;

  bool empty() const { return size_ == 0; }
  bool contains(Language language) const;
  // The set without `language`, in the same order: {kor, eng}.without(kKorean) is {eng}.
  LanguageSet without(Language language) const;

  friend constexpr auto operator<=>(const LanguageSet&, const LanguageSet&) = default;

 private:
  constexpr void add(Language l) {
    for (uint8_t i = 0; i < size_; ++i)
      if (languages_[i] == l) return;
    languages_[size_++] = l;
  }

  // unused slots stay kKorean, so that the defaulted comparisons compare only the set
  std::array<Language, 3> languages_{};
  uint8_t size_ = 0;
};

// The sets the engine reads with.
inline constexpr LanguageSet kKoreanOnly{Language::kKorean};
inline constexpr LanguageSet kRussianOnly{Language::kRussian};
inline constexpr LanguageSet kKoreanWithEnglish{Language::kKorean, Language::kEnglish};
inline constexpr LanguageSet kRussianWithEnglish{Language::kRussian, Language::kEnglish};
inline constexpr LanguageSet kEnglishOnly{Language::kEnglish};

// The languages for a script as Tesseract's OSD names it: Hangul, Han and Japanese ->
// kor+eng, Cyrillic -> rus+eng, Latin -> eng; nullopt for the others (Arabic, Fraktur...).
std::optional<LanguageSet> languages_for_script(std::string_view script);

// Whether OSD's `script` is Hangul, Han or Japanese (OSD's confidence in those is tiny,
// see tesseract_engine.cc).
bool is_cjk_script(std::string_view script);

}  // namespace trawl
