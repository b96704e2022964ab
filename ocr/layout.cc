#include "ocr/layout.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "core/text.h"
#include "ocr/leptonica.h"
#include "ocr/page_prep.h"

namespace trawl {
namespace {

// Ruled tables (see table_cells): rules run four word heights across, or two down, once
// the ink is thickened by kRuleThickening pixels the other way (a page a degree or two
// off level).
constexpr int kTableRuleWidths = 4;
constexpr int kTableRuleHeights = 2;
constexpr int kRuleThickening = 5;
// A cell holds ink from a sixteenth of a word height squared: a lone "1" in a box (150
// pixels at 10 pt), not a speck.
constexpr int kMinCellInkAreaFraction = 16;
// A line of text the reading left out (see read_missed) is kept from this confidence.
constexpr int kMinMissedConfidence = 85;

// A table's ruled cells (see table_cells) and its rules.
struct TableCells {
  std::vector<Rect> cells;
  PixPtr rules;    // 1 bit, the size of the page
  int letter = 0;  // the page's median word height
};

// The cells of ruled tables on the page, when two or more of them with ink in them sit
// side by side (see read_table). Found on the page made black and white at a fixed
// threshold, not on Tesseract's black-and-white page: its layout analysis has taken the
// rules out.
TableCells table_cells(Pix* gray, const std::vector<PageWord>& words, Trace trace) {
  TableCells out;
  const int width = pixGetWidth(gray), height = pixGetHeight(gray);
  std::vector<int> heights;
  for (const PageWord& w : words)
    if (!w.blank && w.alnum) heights.push_back(w.bottom - w.top);
  if (heights.size() < 4 || pixGetDepth(gray) != 8) return out;
  PixPtr ink(black_and_white(gray));
  if (!ink) return out;
  const int h = std::max(8, upper_median(std::move(heights)));
  const auto t0 = Clock::now();
  // thickened first, so that a rule a degree or two off level (pages under 2 degrees are
  // not levelled) still runs unbroken along a row or column of pixels
  PixPtr thick_across(pixDilateBrick(nullptr, ink.get(), 1, kRuleThickening));
  PixPtr thick_down(pixDilateBrick(nullptr, ink.get(), kRuleThickening, 1));
  if (!thick_across || !thick_down) return out;
  PixPtr across(pixOpenCompBrick(nullptr, thick_across.get(), kTableRuleWidths * h, 1));
  PixPtr down(pixOpenCompBrick(nullptr, thick_down.get(), 1, kTableRuleHeights * h));
  if (!across || !down) return out;
  // nothing long enough both ways: no table (most pages), and no more work
  l_int32 none_across = 0, none_down = 0;
  pixZero(across.get(), &none_across);
  pixZero(down.get(), &none_down);
  if (none_across || none_down) return out;
  PixPtr rules(pixOr(nullptr, across.get(), down.get()));
  if (!rules) return out;
  // close the gaps where rules meet
  PixPtr joined(pixDilateBrick(nullptr, rules.get(), 5, 5));
  PixPtr open(joined ? pixInvert(nullptr, joined.get()) : nullptr);
  if (!open) return out;
  BoxaPtr boxes(pixConnCompBB(open.get(), 4));
  if (!boxes) return out;
  // ink in it, read or not (a number in a cell the reading passed over), more than a
  // speck's worth
  std::vector<Rect> kept;
  for (const Rect& c : innermost(cell_candidates(rects_of(boxes.get()), width, height, h))) {
    PixPtr inside(cut(ink.get(), c));
    if (has_ink(inside.get(), h * h / kMinCellInkAreaFraction)) kept.push_back(c);
  }
  trace("table: %zu cells with ink, %.0f ms", kept.size(), ms_since(t0));
  if (!any_side_by_side(kept)) return out;
  out.cells = std::move(kept);
  out.rules = std::move(joined);  // with their grey edges
  out.letter = h;
  return out;
}

// Reads the rows of cells of `table` again (see read_table), the rest of the page as
// `api` read it (its words are `words`).
std::optional<PageText> read_cells(tesseract::TessBaseAPI* api, const ReadContext& page,
                                   const TableCells& table, const std::vector<PageWord>& words) {
  Pix* pix = page.pix;
  const int width = pixGetWidth(pix), height = pixGetHeight(pix);
  if (pixGetDepth(pix) != 8 || width != pixGetWidth(table.rules.get()) ||
      height != pixGetHeight(table.rules.get()))
    return std::nullopt;
  std::vector<TextLine> page_lines = text_lines(api, words);
  PixPtr clean(pixCopy(nullptr, pix));
  if (!clean || pixSetMasked(clean.get(), table.rules.get(), 255) != 0) return std::nullopt;
  const std::vector<std::vector<Rect>> rows = table_rows(table.cells);
  struct Part {
    PixPtr pix;
    Rect at;     // on the page
    int to = 0;  // top on the new page
  };
  std::vector<Part> parts;
  std::vector<std::pair<int, int>> bands;  // of the rows, down the page
  for (const std::vector<Rect>& row : rows) {
    int top = height, bottom = 0;
    for (const Rect& c : row)
      top = std::min(top, c.top), bottom = std::max(bottom, c.top + c.height);
    for (const Rect& c : row) parts.push_back({cut(clean.get(), c), c});
    // what stands beside the cells, in the row's band
    const Rect band{0, top, width, bottom - top};
    Part beside{cut(clean.get(), band), band};
    if (!beside.pix) return std::nullopt;
    for (const Rect& c : row) {
      BoxPtr box(boxCreate(c.left, c.top - top, c.width, c.height));
      if (!box || pixSetInRectArbitrary(beside.pix.get(), box.get(), 255) != 0) return std::nullopt;
    }
    PixPtr beside_ink(black_and_white(beside.pix.get()));
    if (has_ink(beside_ink.get(), table.letter * table.letter / kMinCellInkAreaFraction))
      parts.push_back(std::move(beside));
    bands.emplace_back(top, bottom);
  }
  // the rows' lines, each row's in one
  std::vector<TextLine> lines(bands.size());
  for (size_t i = 0; i < bands.size(); ++i) {
    lines[i].top = bands[i].first;
    lines[i].paragraph = true;
  }
  // the parts one below the other, a word's height apart, each where it stands across
  // the page; on new pages no taller than the page itself (a long table takes several)
  api->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
  std::vector<int> heights;
  for (const Part& p : parts) heights.push_back(p.at.height);
  const Stacking stacking = stack_parts(heights, table.letter, height);
  for (const StackedPage& stacked : stacking.pages) {
    for (size_t i = stacked.first; i < stacked.last; ++i) {
      if (!parts[i].pix) return std::nullopt;
      parts[i].to = stacking.tops[i];
    }
    PixPtr canvas(pixCreate(width, stacked.height, 8));
    if (!canvas || pixSetAllArbitrary(canvas.get(), 255) != 0) return std::nullopt;
    for (size_t i = stacked.first; i < stacked.last; ++i) {
      const Part& p = parts[i];
      if (pixRasterop(canvas.get(), p.at.left, p.to, p.at.width, p.at.height, PIX_SRC, p.pix.get(),
                      0, 0) != 0)
        return std::nullopt;
    }
    api->SetImage(canvas.get());
    api->SetSourceResolution(page.dpi);
    if (const Recognized done = recognize_by(api, page.deadline); !done.ok || done.timed_out)
      return std::nullopt;
    std::vector<PageWord> found = page_words(api);
    // each word back where it stands on the page (across, each part is where it was)
    for (PageWord& w : found) {
      const int middle = (w.top + w.bottom) / 2;
      for (size_t i = stacked.first; i < stacked.last; ++i) {
        const Part& p = parts[i];
        if (middle >= p.to - table.letter && middle < p.to + p.at.height) {
          w.top += p.at.top - p.to;
          w.bottom += p.at.top - p.to;
          w.line_top += p.at.top - p.to;
          w.line_bottom += p.at.top - p.to;
          break;
        }
      }
    }
    for (TextLine& line : text_lines(api, found, table.letter / 2)) {
      size_t row = 0;
      while (row + 1 < bands.size() && line.middle >= bands[row].second) ++row;
      TextLine& into = lines[row];
      if (!into.text.empty()) into.text += '\n';
      into.text += line.text;
      for (PageWord& w : line.words) into.words.push_back(std::move(w));
    }
  }
  lines.erase(
      std::remove_if(lines.begin(), lines.end(), [](const TextLine& l) { return l.words.empty(); }),
      lines.end());
  // the page's own lines outside the rows
  for (TextLine& line : page_lines) {
    bool in_row = false;
    for (const auto& [top, bottom] : bands) in_row |= line.middle >= top && line.middle < bottom;
    if (!in_row) lines.push_back(std::move(line));
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const TextLine& a, const TextLine& b) { return a.top < b.top; });
  PageText out;
  int line_base = 0;
  for (TextLine& line : lines) {
    if (!out.text.empty()) out.text += line.paragraph ? "\n\n" : "\n";
    out.text += line.text;
    // renumber the lines, in order, apart from those of other pieces
    std::map<int, int> renumbered;
    for (PageWord& w : line.words) {
      auto [it, added] =
          renumbered.emplace(w.line, line_base + static_cast<int>(renumbered.size()));
      w.line = it->second;
      out.words.push_back(std::move(w));
    }
    line_base += static_cast<int>(renumbered.size());
  }
  if (out.words.empty()) return std::nullopt;
  page.trace("table: %zu cells in %zu rows read one below the other", table.cells.size(),
             rows.size());
  out.confidence = confidence_with(out.words, {});
  return out;
}

// Reads `regions` of the page one after the other, each cut out of it.
std::optional<PageText> read_regions(tesseract::TessBaseAPI* api, const ReadContext& page,
                                     const std::vector<Rect>& regions) {
  PageText out;
  int line_base = 0;
  for (const Rect& box : regions) {
    if (box.width <= 0 || box.height <= 0) return std::nullopt;
    PixPtr part_pix(cut(page.pix, box));
    if (!part_pix) return std::nullopt;
    api->SetImage(part_pix.get());
    api->SetSourceResolution(page.dpi);
    if (const Recognized done = recognize_by(api, page.deadline); !done.ok || done.timed_out)
      return std::nullopt;
    const std::string part = page_text(api);
    if (!part.empty()) out.text += (out.text.empty() ? "" : "\n\n") + part;
    int lines = 0;
    for (PageWord& w : page_words(api)) {
      lines = std::max(lines, w.line + 1);
      w.line += line_base;  // lines of different parts must not run together
      w.left += box.left;
      w.right += box.left;
      w.top += box.top;
      w.bottom += box.top;
      w.line_top += box.top;
      w.line_bottom += box.top;
      out.words.push_back(std::move(w));
    }
    line_base += lines;
  }
  if (out.words.empty()) return std::nullopt;
  out.confidence = confidence_with(out.words, {});
  return out;
}

// The lines of ink of `ink` outside every word box (see ink_lines), for letters `h` tall.
std::vector<InkLine> leftover_lines(Pix* ink, const std::vector<PageWord>& words, int h) {
  PixPtr left(pixCopy(nullptr, ink));
  if (!left) return {};
  constexpr int kPad = 2;
  for (const PageWord& w : words)
    if (w.right > w.left && w.bottom > w.top)
      pixRasterop(left.get(), w.left - kPad, w.top - kPad, w.right - w.left + 2 * kPad,
                  w.bottom - w.top + 2 * kPad, PIX_CLR, nullptr, 0, 0);
  BoxaPtr boxes(pixConnCompBB(left.get(), 8));
  return ink_lines(rects_of(boxes.get()), h);
}

}  // namespace

std::optional<PageText> read_table(tesseract::TessBaseAPI* api, const ReadContext& page,
                                   const std::vector<PageWord>& words) {
  const TableCells table = table_cells(page.pix, words, page.trace);
  if (table.cells.empty()) return std::nullopt;
  return read_cells(api, page, table, words);
}

std::optional<PageText> read_columns(tesseract::TessBaseAPI* api, const ReadContext& page,
                                     const std::vector<PageWord>& words) {
  const std::optional<Columns> columns =
      find_columns(std::vector<WordBox>(words.begin(), words.end()), pixGetWidth(page.pix),
                   pixGetHeight(page.pix));
  if (!columns) return std::nullopt;
  page.trace("columns: gutter at x=%d, %zu of %zu lines full, rows %d-%d", columns->gutter,
             columns->full_lines, columns->gap_lines, columns->top, columns->bottom);
  return read_regions(api, page, columns->regions);
}

std::vector<Insertion> read_missed(tesseract::TessBaseAPI* api, Pix* ink,
                                   Clock::time_point deadline, const std::vector<PageWord>& words,
                                   Trace trace) {
  std::vector<Insertion> out;
  std::vector<int> heights;
  for (const PageWord& w : words)
    if ((w.alnum || w.hangul || w.cyrillic) && w.bottom > w.top)
      heights.push_back(w.bottom - w.top);
  if (heights.size() < 3) return out;
  const int h = upper_median(std::move(heights));  // the page's letter height
  if (h < kMinSide) return out;
  const auto t0 = Clock::now();
  const std::vector<InkLine> lines = leftover_lines(ink, words, h);
  const std::vector<WordBox> boxes(words.begin(), words.end());
  const int width = pixGetWidth(ink), height = pixGetHeight(ink);
  for (const InkLine& line : lines) {
    if (Clock::now() > deadline) break;
    const int pad = h / 4;
    const int x = std::max(0, line.left - pad), y = std::max(0, line.top - pad);
    BoxText read = read_rectangle(api, Rect{x, y, std::min(width, line.right + pad) - x,
                                            std::min(height, line.bottom + pad) - y});
    int letters = 0;
    for (size_t pos = 0; pos < read.text.size();) {
      const char32_t c = next_code_point(read.text, pos);
      letters += (c >= '0' && c <= '9') || is_latin_letter(c) || is_cyrillic_letter(c) ||
                 is_hangul_syllable(c);
    }
    const bool kept = letters >= 2 && read.confidence >= kMinMissedConfidence &&
                      read.text.find('\n') == std::string::npos;
    trace("missed %d marks at %d,%d %dx%d: '%s' %d%s", static_cast<int>(line.marks), line.left,
          line.top, line.right - line.left, line.bottom - line.top, read.text.c_str(),
          read.confidence, kept ? "" : " (left)");
    if (!kept) continue;
    if (const std::optional<Placement> at = place_line(boxes, line, h))
      out.push_back(Insertion{at->word, at->after, std::move(read.text), at->own_line ? "\n" : " ",
                              line.left, line.top, line.bottom});
  }
  // in reading order where several go beside one word (the lines were read largest
  // first): within a line from left to right, lines of their own from top to bottom
  auto order = [](const Insertion& a) {
    return std::make_tuple(a.word, a.after, *a.separator == '\n' ? (a.top + a.bottom) / 2 : a.left);
  };
  std::sort(out.begin(), out.end(),
            [&](const Insertion& a, const Insertion& b) { return order(a) < order(b); });
  trace("missed: %zu lines read, %zu kept, %.0f ms", lines.size(), out.size(), ms_since(t0));
  return out;
}

}  // namespace trawl
