#include "ocr/languages.h"

namespace trawl {

std::string_view tesseract_code(Language language) {
  switch (language) {
    case Language::kKorean:
      return "kor";
    case Language::kRussian:
      return "rus";
    case Language::kEnglish:
      return "eng";
  }
  return "";
}

Result<LanguageSet> LanguageSet::parse(std::string_view text) {
  auto unsupported = [&] {
    return make_error(ErrorCode::kUnsupported,
                      "cannot read in languages '" + std::string(text) +
                          "': trawl reads kor, rus and eng, joined by + (e.g. 'kor+eng')");
  };
  LanguageSet set;
  size_t start = 0;
  while (true) {
    size_t plus = text.find('+', start);
    if (plus == std::string_view::npos) plus = text.size();
    const std::string_view name = text.substr(start, plus - start);
    bool known = false;
    for (Language l : {Language::kKorean, Language::kRussian, Language::kEnglish})
      if (name == tesseract_code(l)) set.add(l), known = true;
    if (!known) return unsupported();
    if (plus == text.size()) break;
    start = plus + 1;
  }
  return set;
}

std::string LanguageSet::to_tesseract() const {
  std::string out;
  for (uint8_t i = 0; i < size_; ++i) {
    if (i > 0) out += '+';
    out += tesseract_code(languages_[i]);
  }
  return out;
}

bool LanguageSet::contains(Language language) const {
  for (uint8_t i = 0; i < size_; ++i)
    if (languages_[i] == language) return true;
  return false;
}

LanguageSet LanguageSet::without(Language language) const {
  LanguageSet out;
  for (uint8_t i = 0; i < size_; ++i)
    if (languages_[i] != language) out.add(languages_[i]);
  return out;
}

bool is_cjk_script(std::string_view script) {
  return script == "Hangul" || script == "Han" || script == "Korean" || script == "Japanese" ||
         script == "Katakana" || script == "Hiragana";
}

std::optional<LanguageSet> languages_for_script(std::string_view script) {
  if (is_cjk_script(script)) return kKoreanWithEnglish;
  if (script == "Cyrillic") return kRussianWithEnglish;
  if (script == "Latin") return kEnglishOnly;
  return std::nullopt;
}

}  // namespace trawl
