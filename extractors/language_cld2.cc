// Adapter for CLD2 (Compact Language Detector 2). Only this file includes it.
#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <string>

#include "extractors/language.h"

namespace CLD2 {
const char* LanguageCode(Language lang);  // declared in an internal header of libcld2
Language GetLanguageFromName(const char* src);
}  // namespace CLD2

namespace trawl {
namespace {

// CLD2 reads at most what it needs, but scanning a 50 MB text is wasted work: a fair
// sample of the start, middle and end gives the same answer.
constexpr size_t kSampleBytes = 256 * 1024;

std::string sample(std::string_view text) {
  if (text.size() <= kSampleBytes) return std::string(text);
  auto cut = [&](size_t from, size_t len) {
    // move to UTF-8 boundaries
    while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
    size_t end = std::min(text.size(), from + len);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    return text.substr(from, end - from);
  };
  size_t part = kSampleBytes / 3;
  std::string out;
  out += cut(0, part);
  out += '\n';
  out += cut(text.size() / 2, part);
  out += '\n';
  out += cut(text.size() - part, part);
  return out;
}

struct Detection {
  CLD2::Language lang = CLD2::UNKNOWN_LANGUAGE;
  int percent = 0;
  bool reliable = false;
  int valid_prefix = 0;
};

Detection run(std::string_view text, std::string_view hint) {
  std::string buf = sample(text);
  std::string hint_str(hint);
  CLD2::CLDHints hints = {hint_str.empty() ? nullptr : hint_str.c_str(), nullptr,
                          CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language lang3[3];
  int percent3[3];
  double score3[3];
  int text_bytes = 0;
  Detection d;
  d.lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      buf.data(), static_cast<int>(buf.size()), /*is_plain_text=*/true, &hints, /*flags=*/0, lang3,
      percent3, score3, /*resultchunkvector=*/nullptr, &text_bytes, &d.reliable, &d.valid_prefix);
  d.percent = percent3[0];
  return d;
}

}  // namespace

LanguageGuess detect_language(std::string_view text, std::string_view hint) {
  LanguageGuess g;
  if (text.empty()) return g;
  Detection d = run(text, hint);
  if (!d.reliable || d.lang == CLD2::UNKNOWN_LANGUAGE || d.lang == CLD2::TG_UNKNOWN_LANGUAGE)
    return g;
  const char* code = CLD2::LanguageCode(d.lang);
  if (!code || std::string_view(code) == "un" || std::string_view(code) == "xxx") return g;
  g.code = code;
  g.confidence = d.percent / 100.0;
  return g;
}

double language_reliability(std::string_view text) {
  if (text.empty()) return 0;
  Detection d = run(text, {});
  if (!d.reliable || d.lang == CLD2::UNKNOWN_LANGUAGE) return 0;
  return d.percent / 100.0;
}

}  // namespace trawl
