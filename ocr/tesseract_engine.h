// The Tesseract calls that the reading passes share (layout.cc, reread.cc): recognition
// under a deadline, the words and lines of a reading, a box read again. The engine
// itself (OcrEngine::create) is in tesseract_engine.cc. Internal to ocr/.
//
// Thread safety: a tesseract::TessBaseAPI is not thread-safe, and these functions use the
// one they are given (its image, its last recognition): one engine per thread.
#pragma once

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <chrono>
#include <string>
#include <vector>

#include "ocr/geometry.h"
#include "ocr/trace.h"

namespace trawl {

using Clock = std::chrono::steady_clock;

// The page the passes read: what every pass of one reading sees the same.
struct ReadContext {
  Pix* pix = nullptr;  // 8-bit, upright and levelled; not owned
  int dpi = 300;
  Clock::time_point deadline;  // of the page (ocr.page_time_limit_seconds)
  Trace trace;
};

// A word of a reading, in reading order: its box and line (WordBox), and what it holds.
struct PageWord : WordBox {
  std::string text;
  float confidence = 0;
  int line_top = 0, line_bottom = 0;  // of the line: a word's box may take in marks above and below
  int latin_letters = 0;              // and no other letters: a Latin word
  bool latin = false;                 // has a Latin letter
  bool cyrillic = false;              // has a Cyrillic letter
  bool lookalike = true;              // every Latin letter could be a Cyrillic one (see page_words)
  bool hangul = false;                // has a Hangul syllable (not a lone jamo such as ㆍ)
  bool alnum = false;                 // has an ASCII or full-width letter or digit
  bool rule = false;  // only vertical bars or underscores: a table rule, a scan's edge
};

// A line of text of a reading, with its words.
struct TextLine {
  int top = 0;
  int middle = 0;          // the mean of its words' middles, down the page
  bool paragraph = false;  // begins one
  std::string text;
  std::vector<PageWord> words;
};

bool is_latin_letter(char32_t c);
bool is_cyrillic_letter(char32_t c);
bool is_hangul_syllable(char32_t c);
// Whether `text` (UTF-8) has a letter for which `is_letter` holds.
bool has_letter(std::string_view text, bool (*is_letter)(char32_t));

// How recognize_by went.
struct Recognized {
  bool ok = false;         // it ran (perhaps stopped by the deadline), or Tesseract failed
  bool timed_out = false;  // stopped by the deadline (what was read so far is kept), or
                           // no time was left to start (then !ok)
};
// Runs recognition on the image `api` holds, stopped at `deadline`.
Recognized recognize_by(tesseract::TessBaseAPI* api, Clock::time_point deadline);

// The text of the last recognition of `api`, trimmed; "" for none.
std::string page_text(tesseract::TessBaseAPI* api);

// The words of the last recognition of `api`, in reading order; empty for none.
std::vector<PageWord> page_words(tesseract::TessBaseAPI* api);

// The lines of the last recognition of `api`, whose words (page_words) are `words`, with
// those lines' words; lines without text or words are left out. With `fragment_height`,
// lines only of fragments are left out too: pieces under that height read under 50
// confidence, or bars (Hangul's lower parts split off a short line: "선하증권 번호"
// alone gave a line "2" at 12).
std::vector<TextLine> text_lines(tesseract::TessBaseAPI* api, const std::vector<PageWord>& words,
                                 int fragment_height = 0);

// Sets `api` to read single lines of `pix` (not owned; it must outlive the reading), at
// `dpi`: for read_rectangle and read_box.
void read_lines_of(tesseract::TessBaseAPI* api, Pix* pix, int dpi);

// `box` of the image `api` holds (set by read_lines_of), read: its trimmed text, and the
// mean confidence of its words.
struct BoxText {
  std::string text;
  int confidence = 0;
};
BoxText read_rectangle(tesseract::TessBaseAPI* api, const Rect& box);
// As read_rectangle, but "" when it reads more than one line: a box read again is one.
BoxText read_box(tesseract::TessBaseAPI* api, const Rect& box);

}  // namespace trawl
