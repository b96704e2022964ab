// The re-reading passes, run on a page once it is read (docs/ocr.md, steps 6 and 7):
// runs without Hangul on Korean pages read again in the other languages, weak lines of
// Hangul read again alone, Latin runs on Cyrillic pages read again in Russian; and the
// edits they make to the page's text (replacements of words, text added beside them).
// Internal to ocr/.
//
// Thread safety: the passes use the Tesseract engines they are given (one engine per
// thread, see tesseract_engine.h); the edit functions are pure and thread-safe.
#pragma once

#include <tesseract/baseapi.h>

#include <cstddef>
#include <string>
#include <vector>

#include "ocr/tesseract_engine.h"

namespace trawl {

// Words first..last of the page are to read `text`.
struct Replacement {
  size_t first, last;
  std::string text;
  int confidence = 0;                        // of the new reading, or one of these:
  static constexpr int kOwnConfidence = -1;  // the words keep theirs (text added beside them)
  static constexpr int kNoConfidence = -2;   // the words are gone and count for nothing
};

// Text to add before or after a word of the page.
struct Insertion {
  size_t word;
  bool after;
  std::string text;
  const char* separator;              // " " within the word's line, "\n" as a line of its own
  int left = 0, top = 0, bottom = 0;  // of the text on the page
};

// The replacement of `replacements` that takes in word `i`; replacements.size() if none.
size_t covering(const std::vector<Replacement>& replacements, size_t i);

// Mean confidence of words first..last (first <= last).
double mean_confidence(const std::vector<PageWord>& words, size_t first, size_t last);

// The mean word confidence once the replacements are made (each replacement counts for
// the words it replaces, with its own confidence), rounded to a tenth; 0 without words.
double confidence_with(const std::vector<PageWord>& words,
                       const std::vector<Replacement>& replacements);

// The page's edits in word order: `replacements` (made in word order), the words that
// are only vertical bars or underscores dropped (Tesseract's reading of a table rule or
// a scan's edge: "의안 |", "1,200 metric tons |", the same at half scale "tons _"; and
// a form's blanks "____", which nobody searches for), and `insertions`, each joined to
// the replacement of its word if there is one.
std::vector<Replacement> with_edits(const std::vector<PageWord>& words,
                                    std::vector<Replacement> replacements,
                                    const std::vector<Insertion>& insertions);

// The page text `page` with words replaced where they stand (`replacements` in word
// order, not overlapping). Words come in reading order; the spacing is the text's, not
// the iterator's (Korean words there are often single syllables). A replacement whose
// words cannot all be found is left out.
std::string with_replacements(const std::string& page, const std::vector<PageWord>& words,
                              const std::vector<Replacement>& replacements);

// Korean pages are read with the Korean model alone (it reads Latin as look-alike digits
// and signs: "IMO" as "1140", "KUM BYOL 3" as "(44 810Ｌ3)"), then line by line:
// - a line with more words without Hangul than with is read again, as one box, with
//   `mixed` (all the page's languages, e.g. kor+eng);
// - on the other lines (and that line when the new reading is not better), each run of
//   words without Hangul is read again, as one box, with `others` (e.g. eng).
// Returns the replacements (in word order), at most 64 boxes read; none when either
// engine is null. A new reading replaces the old when it is more confident; for a run it
// must also have Latin letters. Leaves both engines cleared.
std::vector<Replacement> reread_non_korean(tesseract::TessBaseAPI* others,
                                           tesseract::TessBaseAPI* mixed, const ReadContext& page,
                                           const std::vector<PageWord>& words);

// Weak lines of Hangul read again one by one with `korean` (the page's model): each line
// with a Hangul word read under 70 confidence, more Hangul words than others, no Latin
// letter and no table rule, and none of its words in `done` (reread_non_korean's), read
// as one line: its words' extent across, Tesseract's line box down, three tenths of its
// height as margin all round. Returns the replacements, where the new reading has Hangul
// and more confidence than the line's words had; at most 64 lines. Leaves `korean`
// cleared.
std::vector<Replacement> reread_korean_lines(tesseract::TessBaseAPI* korean,
                                             const ReadContext& page,
                                             const std::vector<PageWord>& words,
                                             const std::vector<Replacement>& done);

// On a Cyrillic page read with rus+eng, each run of words with Latin letters and no
// Cyrillic ones read again, as one box, with `russian` (Russian alone): the English model
// takes capitals of the same shape for Latin («КУМ БЁЛЬ 3» came out «KYM BEJIb 3» at 92).
// Returns the replacements, where the new reading has Cyrillic letters and either more
// confidence or, when every Latin letter of the run has a Cyrillic double, 50; at most
// 64 runs; none when `russian` is null. Leaves `russian` cleared.
std::vector<Replacement> reread_latin_on_cyrillic(tesseract::TessBaseAPI* russian,
                                                  const ReadContext& page,
                                                  const std::vector<PageWord>& words);

}  // namespace trawl
