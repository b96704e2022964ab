// Language identification of extracted text.
#pragma once

#include <string>
#include <string_view>

namespace trawl {

struct LanguageGuess {
  std::string code = "und";  // ISO 639-1 ("ko", "ru", "en"...), "und" when unreliable
  double confidence = 0;     // 0..1: share of the text in that language, 0 when "und"
};

// Identifies the main language of UTF-8 text (CLD2). `hint` is an optional language code
// from the document itself (HTML lang attribute, HTTP Content-Language); it only boosts
// a language the text supports. Returns "und" for empty, too short or mixed-up text
// (e.g. mojibake from a broken PDF font). Thread-safe.
LanguageGuess detect_language(std::string_view utf8_text, std::string_view hint = {});

// A quick score of how much `utf8_text` reads as real language: the share (0..1) of the
// text that CLD2 assigns reliably to one language. Used to choose between decodings.
double language_reliability(std::string_view utf8_text);

}  // namespace trawl
