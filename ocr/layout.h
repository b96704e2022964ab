// The page's layout, where Tesseract's own reads it wrong (docs/ocr.md, steps 5 and 8):
// two columns of text read one after the other, ruled tables read box by box, and text
// the reading passed over read from the ink outside every word. The geometry of each is
// in geometry.h; this file finds the rules and ink with Leptonica and reads with
// Tesseract. Internal to ocr/.
//
// Thread safety: each function uses the Tesseract engine it is given (one engine per
// thread, see tesseract_engine.h) and changes that engine's image and page mode.
#pragma once

#include <tesseract/baseapi.h>

#include <optional>
#include <string>
#include <vector>

#include "ocr/reread.h"
#include "ocr/tesseract_engine.h"

namespace trawl {

// A page read again in parts: its text, its mean word confidence, and its words in page
// coordinates (line numbers apart for each part), to replace those of the first reading.
struct PageText {
  std::string text;
  double confidence = 0;
  std::vector<PageWord> words;
};

// Ruled tables: the page (page.pix) made black and white at a fixed threshold, its rules
// found (runs of ink four word heights across or two down, once thickened by 5 pixels
// the other way) and the cells they close (geometry.h, cell_candidates; with ink in
// them). When two cells sit side by side, Tesseract has read them across, line by line,
// in every mode; so the rows of cells are laid out on a page of their own as one column,
// each row's cells left to right one below the other, then what stands beside them, the
// rules whitened, and read as one block with `api` (on several pages when they do not
// fit in the page's height); each word is put back where it stands. The lines of the
// first reading outside the rows keep their reading, the rows take their place among
// them, top to bottom.
// `words`: the words of the reading `api` holds, of page.pix (its lines are taken from
// `api` first). Returns the new text; nullopt when the page has no such table, or its
// reading failed or ran out of time (then the first reading stands).
std::optional<PageText> read_table(tesseract::TessBaseAPI* api, const ReadContext& page,
                                   const std::vector<PageWord>& words);

// Two columns of text (geometry.h, find_columns, on `words` of page.pix): the parts of
// the page, each cut out of it, read one after the other with `api` (read in place with
// SetRectangle, a strip along a dark page edge read as noise). nullopt when there are no
// columns, or a part could not be read or ran out of time.
std::optional<PageText> read_columns(tesseract::TessBaseAPI* api, const ReadContext& page,
                                     const std::vector<PageWord>& words);

// Lines of text the reading left out: the ink of `ink` (the page in black and white as
// Tesseract read it: GetThresholdedImage) outside every word of `words`, grouped into
// lines (geometry.h, ink_lines); each read as one line with `api` (set by read_lines_of
// to the page), kept from 85 confidence with two letters or digits, and put where it
// stands (geometry.h, place_line). Returns the insertions in reading order; none once
// `deadline` is past.
std::vector<Insertion> read_missed(tesseract::TessBaseAPI* api, Pix* ink,
                                   Clock::time_point deadline, const std::vector<PageWord>& words,
                                   Trace trace);

}  // namespace trawl
