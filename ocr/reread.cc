#include "ocr/reread.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace trawl {
namespace {

// Lines and runs of words of a page read again, at most (each pass).
constexpr int kMaxRereads = 64;
// reread_korean_lines: a line with a Hangul word under this confidence is read again on
// its own, with this many tenths of its height as margin around it. Measured on 23 Korean
// pages (rendered corpus pages, samples, fixtures): 1321 edits before; 1292 from under 70
// (1291 from under 80 and 1289 from under 90, at 10-25% more time); margins of 2, 4
// and 5 tenths 1299, 1312 and 1317 edits.
constexpr float kWeakHangulConfidence = 70.0f;
constexpr int kLineMarginTenths = 3;
// A run of Cyrillic look-alike letters read again with Russian alone takes the Russian
// reading from this confidence, however sure English was (it read «КУМ БЁЛЬ» as
// «KYM BEJIb» at 92).
constexpr int kMinLookalikeConfidence = 50;

struct BoxReading {
  std::string text;    // empty: nothing read, or more than one line
  int confidence = 0;  // of the new reading
  double was = 0;      // the words' own mean confidence
};

// Words first..last read again as one box with `api` (set by read_lines_of), beside
// their own confidence; traced as `what`. The box is `box`, or else the words' own
// with a few pixels around.
BoxReading read_again(tesseract::TessBaseAPI* api, const std::vector<PageWord>& words, size_t first,
                      size_t last, const char* what, Trace trace,
                      std::optional<Rect> box = std::nullopt) {
  if (!box) {
    constexpr int kPad = 3;
    box = padded_union(std::vector<WordBox>(words.begin() + static_cast<std::ptrdiff_t>(first),
                                            words.begin() + static_cast<std::ptrdiff_t>(last + 1)),
                       kPad);
  }
  BoxReading b;
  const auto t0 = Clock::now();
  BoxText read = read_box(api, *box);
  b.text = std::move(read.text);
  b.confidence = read.confidence;
  b.was = mean_confidence(words, first, last);
  if (trace) {
    std::string old;
    for (size_t k = first; k <= last; ++k) old += (k > first ? " " : "") + words[k].text;
    trace("%s %.0f ms '%s' %.0f -> '%s' %d", what, ms_since(t0), old.c_str(), b.was, b.text.c_str(),
          b.confidence);
  }
  return b;
}

}  // namespace

size_t covering(const std::vector<Replacement>& replacements, size_t i) {
  for (size_t k = 0; k < replacements.size(); ++k)
    if (replacements[k].first <= i && i <= replacements[k].last) return k;
  return replacements.size();
}

double mean_confidence(const std::vector<PageWord>& words, size_t first, size_t last) {
  double sum = 0;
  for (size_t k = first; k <= last; ++k) sum += words[k].confidence;
  return sum / static_cast<double>(last - first + 1);
}

double confidence_with(const std::vector<PageWord>& words,
                       const std::vector<Replacement>& replacements) {
  if (words.empty()) return 0;
  std::vector<double> conf(words.size());
  for (size_t i = 0; i < words.size(); ++i) conf[i] = words[i].confidence;
  for (const Replacement& r : replacements)
    if (r.confidence != Replacement::kOwnConfidence)
      for (size_t i = r.first; i <= r.last; ++i) conf[i] = r.confidence;
  double sum = 0;
  size_t counted = 0;
  for (double c : conf)
    if (c != Replacement::kNoConfidence) sum += c, ++counted;
  if (counted == 0) return 0;
  return std::round(std::max(0.0, sum / static_cast<double>(counted)) * 10) / 10;
}

std::vector<Replacement> with_edits(const std::vector<PageWord>& words,
                                    std::vector<Replacement> replacements,
                                    const std::vector<Insertion>& insertions) {
  for (size_t i = 0; i < words.size(); ++i)
    if (words[i].rule && covering(replacements, i) == replacements.size())
      replacements.push_back({i, i, std::string(), Replacement::kNoConfidence});
  for (const Insertion& in : insertions) {
    const size_t at = covering(replacements, in.word);
    if (at == replacements.size())
      replacements.push_back({in.word, in.word, words[in.word].text, Replacement::kOwnConfidence});
    Replacement* r = &replacements[at];
    if (r->text.empty())
      r->text = in.text;
    else if (in.after)
      r->text += in.separator + in.text;
    else
      r->text = in.text + in.separator + r->text;
  }
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.first < b.first; });
  return replacements;
}

std::string with_replacements(const std::string& page, const std::vector<PageWord>& words,
                              const std::vector<Replacement>& replacements) {
  std::vector<size_t> at(words.size(), std::string::npos);
  size_t cursor = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    // Tesseract sometimes gives a word of one space, which would match the gap after
    // the next word and hide it
    if (words[i].blank) continue;
    at[i] = page.find(words[i].text, cursor);
    if (at[i] != std::string::npos) cursor = at[i] + words[i].text.size();
  }
  std::string text;
  cursor = 0;
  for (const Replacement& r : replacements) {
    bool found = true;
    for (size_t i = r.first; i <= r.last; ++i) found &= at[i] != std::string::npos;
    if (!found || at[r.first] < cursor) continue;
    text.append(page, cursor, at[r.first] - cursor);
    text += r.text;
    cursor = at[r.last] + words[r.last].text.size();
    // a word dropped takes the spaces after it along, and those before it at the end
    // of a line
    if (r.text.empty()) {
      while (cursor < page.size() && page[cursor] == ' ') ++cursor;
      if (cursor == page.size() || page[cursor] == '\n')
        while (!text.empty() && text.back() == ' ') text.pop_back();
    }
  }
  text.append(page, cursor, std::string::npos);
  return text;
}

// Read with the page, a line of Hangul comes out worse than the same line read alone
// with a margin around it: on the corpus bill page "그리고" read "그러고", "위원회"
// "위원희", "양이원영" "잉이윈영", a full stop was lost, and a middle dot took in the one
// on the line below ("김영호 ㆍ류호정"), all of which the line read alone gets right.
// Down, Tesseract's box of the line: a word's box can take in a mark of the line above
// or below.
std::vector<Replacement> reread_korean_lines(tesseract::TessBaseAPI* korean,
                                             const ReadContext& page,
                                             const std::vector<PageWord>& words,
                                             const std::vector<Replacement>& done) {
  std::vector<Replacement> out;
  read_lines_of(korean, page.pix, page.dpi);
  const int width = pixGetWidth(page.pix), height = pixGetHeight(page.pix);
  int tried = 0;
  for (size_t line_start = 0; line_start < words.size();) {
    size_t line_end = line_start;
    bool weak = false, other = false, edited = false;
    int hangul = 0, foreign = 0;
    int left = width, right = 0;
    while (line_end < words.size() && words[line_end].line == words[line_start].line) {
      edited |= covering(done, line_end) < done.size();
      const PageWord& w = words[line_end++];
      weak |= w.hangul && w.confidence < kWeakHangulConfidence;
      other |= w.latin || w.rule;
      hangul += w.hangul;
      foreign += !w.hangul && w.alnum;
      if (!w.blank) left = std::min(left, w.left), right = std::max(right, w.right);
    }
    const size_t first = line_start, last = line_end - 1;
    line_start = line_end;
    if (!weak || other || edited || foreign >= hangul || right <= left) continue;
    if (++tried > kMaxRereads || Clock::now() > page.deadline) break;
    int top = words[first].line_top, bottom = words[first].line_bottom;
    const int margin = (bottom - top) * kLineMarginTenths / 10;
    left = std::max(0, left - margin), top = std::max(0, top - margin);
    right = std::min(width, right + margin), bottom = std::min(height, bottom + margin);
    if (right <= left || bottom <= top) continue;
    BoxReading b = read_again(korean, words, first, last, "korean line", page.trace,
                              Rect{left, top, right - left, bottom - top});
    if (b.text.empty() || !has_letter(b.text, is_hangul_syllable) || b.confidence <= b.was)
      continue;
    out.push_back({first, last, std::move(b.text), b.confidence});
  }
  korean->Clear();
  return out;
}

// The Korean model knows Hangul far better than kor+eng, which reads "대응을" as "WSS"
// at 78 confidence, about what a real "IMO" scores. Where the Korean model saw no Hangul
// it may have read Latin as digits, so runs of digits are read again too; but numbers
// stay the Korean model's unless the other reading has Latin letters ("1,850톤" reads the
// same, and the other model adds a sign for the edge of "톤").
std::vector<Replacement> reread_non_korean(tesseract::TessBaseAPI* others,
                                           tesseract::TessBaseAPI* mixed, const ReadContext& page,
                                           const std::vector<PageWord>& words) {
  std::vector<Replacement> out;
  if (!others || !mixed) return out;
  for (tesseract::TessBaseAPI* api : {others, mixed}) read_lines_of(api, page.pix, page.dpi);
  auto reread = [&](tesseract::TessBaseAPI* api, size_t first, size_t last, bool need_latin) {
    BoxReading b = read_again(api, words, first, last, api == mixed ? "line" : "run", page.trace);
    if (b.text.empty() || (need_latin && !has_letter(b.text, is_latin_letter)) ||
        b.confidence <= b.was)
      return false;
    out.push_back({first, last, std::move(b.text), b.confidence});
    return true;
  };
  int tried = 0;
  for (size_t line_start = 0; line_start < words.size();) {
    size_t line_end = line_start;  // one past the line's last word
    int hangul = 0, foreign = 0;
    while (line_end < words.size() && words[line_end].line == words[line_start].line) {
      hangul += words[line_end].hangul;
      foreign += !words[line_end].hangul && words[line_end].alnum;
      ++line_end;
    }
    const size_t first = line_start;
    line_start = line_end;
    if (foreign == 0) continue;
    // bounded: a mostly Latin page called Korean, or the page's time limit
    if (Clock::now() > page.deadline) break;
    if (foreign > hangul) {
      if (++tried > kMaxRereads) break;
      if (reread(mixed, first, line_end - 1, false)) continue;
    }
    for (size_t i = first; i < line_end;) {
      if (words[i].hangul) {
        ++i;
        continue;
      }
      size_t last = i;
      bool alnum = words[i].alnum;
      while (last + 1 < line_end && !words[last + 1].hangul) alnum |= words[++last].alnum;
      const size_t run = i;
      i = last + 1;
      if (!alnum) continue;
      if (++tried > kMaxRereads) break;
      reread(others, run, last, true);
    }
  }
  for (tesseract::TessBaseAPI* api : {others, mixed}) api->Clear();
  return out;
}

// КОНОСАМЕНТ at 72 dpi came out KOHOCAMEHT. Where every Latin letter of the run has a
// Cyrillic double the shapes say nothing, and the page is Cyrillic. Real Latin names
// (AMUR FALCON: 94 -> 62 as АМОВ РАГСОМ) stay.
std::vector<Replacement> reread_latin_on_cyrillic(tesseract::TessBaseAPI* russian,
                                                  const ReadContext& page,
                                                  const std::vector<PageWord>& words) {
  std::vector<Replacement> out;
  if (!russian) return out;
  read_lines_of(russian, page.pix, page.dpi);
  int tried = 0;
  for (size_t i = 0; i < words.size();) {
    if (!words[i].latin || words[i].cyrillic) {
      ++i;
      continue;
    }
    size_t last = i;
    bool lookalike = words[i].lookalike;
    while (last + 1 < words.size() && words[last + 1].line == words[i].line &&
           words[last + 1].latin && !words[last + 1].cyrillic)
      lookalike &= words[++last].lookalike;
    const size_t first = i;
    i = last + 1;
    if (++tried > kMaxRereads || Clock::now() > page.deadline) break;
    BoxReading b = read_again(russian, words, first, last, "latin run", page.trace);
    if (has_letter(b.text, is_cyrillic_letter) &&
        (b.confidence > b.was || (lookalike && b.confidence >= kMinLookalikeConfidence)))
      out.push_back({first, last, std::move(b.text), b.confidence});
  }
  russian->Clear();
  return out;
}

}  // namespace trawl
