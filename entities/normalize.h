// Text normalisation for entity tagging: a "shadow" of the text with full-width and
// Arabic-Indic digits and odd spaces made ASCII (pattern taggers read it), and the keys
// names are matched on across scripts (docs/entities.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trawl {

// The text with full-width ASCII (ＩＭＯ ８３１２４９７), Arabic-Indic and extended
// Arabic-Indic digits, no-break/thin spaces, Unicode dashes, primes and curly
// apostrophes replaced by their ASCII forms. `orig(i)` maps a byte offset in `text`
// back to the original.
struct Shadow {
  std::string text;
  std::vector<uint32_t> to_orig;  // empty when the text needed no change
  size_t orig(size_t i) const { return to_orig.empty() ? i : to_orig[i]; }
};
Shadow make_shadow(std::string_view text);

enum class Script : uint8_t { kOther, kLatin, kCyrillic, kHangul, kDigit };
Script script_of_multibyte(char32_t cp);
inline Script script_of(char32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return Script::kLatin;
    if (cp >= '0' && cp <= '9') return Script::kDigit;
    return Script::kOther;
  }
  return script_of_multibyte(cp);
}

// Lower case (ICU simple case folding), Latin diacritics removed (ŏ -> o), ё -> е.
char32_t fold_code_point(char32_t cp);

// One word of Latin and Cyrillic letters, folded (fold_code_point) into *folded and read
// in one script: the script of most of its letters that have no look-alike in the other.
// Look-alike letters of the other script are converted, so a mixed spelling ("Нампxо"
// with a Latin x, "Cанкт" with a Latin C) folds as the word it imitates. Returns that
// script (`first` on a tie).
Script fold_word(std::u32string_view letters, Script first, std::string* folded);

// The exact key: folded letters and digits only (spaces, hyphens, apostrophes and
// punctuation dropped), each word read in one script (fold_word). "Kim Jong-un" ->
// "kimjongun". Used for `vessel:"..."` terms.
std::string fold_key(std::string_view text);

// Concepts: the generic words of organisation names, in the three languages
// ("Trading", "무역", "торговая" -> one symbol), so that translated names match.
// A concept is one byte >= 0x80 in a key; phonetic letters are ASCII 'A'..'Z'.
// Returns 0 when the folded Latin/Cyrillic word is not a concept word.
uint8_t concept_of_word(std::string_view folded_word, Script script);
// The longest concept word of Hangul starting at syllables[i]: its length in
// syllables (0 if none), the concept bytes in *concepts (one or two).
// The concept byte of company forms ("Co.", "Ltd", "корпорация", "회사").
uint8_t company_form_concept();
int hangul_concept_at(const std::u32string& syllables, size_t i, std::string* concepts);

// The phonetic key of a folded Latin or Cyrillic word: consonant classes and five
// vowel classes that McCune-Reischauer, Revised Romanization, Russian (Kontsevich and
// media) spellings and Hangul agree on. "jong", "chŏng", "jeong", "чон", "чен", "정"
// all give "CON". See docs/entities.md for the table.
std::string phonetic_word(std::string_view folded_word, Script script);
// The phonetic key of one Hangul syllable.
std::string phonetic_syllable(char32_t syllable);

// Strips a Russian case ending from a folded Cyrillic word ("находке" -> "находк",
// "ына" -> "ын"); returns the word itself when nothing is stripped.
std::string_view russian_stem(std::string_view folded_word);

// Korean particles and titles that may follow a name in the same word
// ("리홍섭은", "김영철의", "김정은위원장"): true when `rest` (Hangul) is one of them.
bool is_korean_suffix(std::u32string_view rest);

}  // namespace trawl
