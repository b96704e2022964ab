// The geometry of a page's layout: word boxes, columns, table cells and rows, marks of
// ink grouped into lines, where text goes among the words. Plain structs of ints, no
// Tesseract or Leptonica types, so that it can be tested without OCR
// (tests/ocr_geometry_test.cc). Internal to ocr/. Every function is pure: thread-safe,
// no state, its result depends only on its arguments.
//
// Coordinates are pixels of the page, x to the right and y down from its top left corner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace trawl {

// A rectangle by its corner and size (Leptonica's BOX).
struct Rect {
  int left = 0, top = 0, width = 0, height = 0;
};

// Whether `a` lies within `b` (edges may touch).
bool inside(const Rect& a, const Rect& b);

// A word's box by its edges (Tesseract's BoundingBox: right and bottom one past the
// word), with its text line.
struct WordBox {
  int left = 0, top = 0, right = 0, bottom = 0;
  int line = 0;        // text line number, in reading order
  bool blank = false;  // no text (Tesseract reads some table rules so): in no line, no anchor
};

// The value of rank size/2 (the upper median); REQUIRES: !values.empty().
int upper_median(std::vector<int> values);

// The smallest rectangle around `boxes`, `pad` pixels bigger on every side, its left and
// top edges not before 0 (its size is not cut down by that). REQUIRES: !boxes.empty().
Rect padded_union(const std::vector<WordBox>& boxes, int pad);

// Two columns of text side by side, found from the words of a one-column reading (which
// reads them across, the left column's first line, then the right column's...):
// - a gutter: a gap of two letter heights or more that six lines or more have at the same
//   place (letter height: each line's median word height);
// - columns of text, not a form: in six in ten of those lines the left part ends within
//   two letter heights of the gutter's left edge and the right part runs to within two
//   of the common right edge (prose fills its column, labels and values do not);
// - at most one line in five between the first and last line with the gap has a word
//   across the gutter.
// The columns also take the lines next to them that keep to one side of the gutter.
struct Columns {
  int gutter = 0;           // x of the middle of the gutter
  size_t gap_lines = 0;     // lines with a gap at the gutter
  size_t full_lines = 0;    // of those, lines that fill both columns
  int top = 0, bottom = 0;  // the rows the columns take (between the lines around them)
  // The parts to read one after the other: the page above the columns (when top > 0),
  // the left column, the right one, the page below (when bottom < height).
  std::vector<Rect> regions;
};
// The columns of a page `width` x `height` whose words are `words` (blank ones are
// left out), or nullopt when it has no two columns of text.
std::optional<Columns> find_columns(const std::vector<WordBox>& words, int width, int height);

// Of the white areas closed by a page's rules (`areas`, on a page `width` x `height`
// whose words are `letter` pixels tall), those that can be table cells: not touching the
// page's edge, at least 1.2 letter heights tall and 2 wide, not half the page (a frame
// around it). None when there are more than 400 areas: graph paper, not a form.
std::vector<Rect> cell_candidates(const std::vector<Rect>& areas, int width, int height,
                                  int letter);

// The rectangles of `rects` that hold no other one of them (see inside()), in order.
std::vector<Rect> innermost(const std::vector<Rect>& rects);

// Whether two of `cells` sit side by side: apart across the page, overlapping down it by
// half the shorter one or more.
bool any_side_by_side(const std::vector<Rect>& cells);

// `cells` in rows from top to bottom, each row's cells from left to right. A cell joins
// the row above when it overlaps that row's span down the page by half the shorter of
// the two or more (a page a little off level has each box's bounds reach into the next
// row's, which must not chain the rows into one).
std::vector<std::vector<Rect>> table_rows(std::vector<Rect> cells);

// Parts of these `heights` laid out one below the other, `gap` pixels apart and `gap`
// from the top, on as many pages as it takes, none taller than `max_height` (except a
// page holding one part that is taller by itself).
struct StackedPage {
  size_t first = 0, last = 0;  // it holds the parts first..last-1
  int height = 0;              // including a gap below the last part
};
struct Stacking {
  std::vector<int> tops;  // of each part, on its page
  std::vector<StackedPage> pages;
};
Stacking stack_parts(const std::vector<int>& heights, int gap, int max_height);

// A line of marks of ink (connected components), by its edges.
struct InkLine {
  int left = INT32_MAX, top = INT32_MAX, right = 0, bottom = 0;
  size_t marks = 0;
};

// The lines that `components` (of the ink outside every word box, on a page whose
// letters are `letter` pixels tall) make, largest first (by marks), at most six: marks of
// letter size (0.4 to 1.5 letter heights tall, a tenth to 3 wide; rules, specks and
// pictures drop out) on one row (overlapping down the page by half the shorter) at most
// one letter height apart, three marks or more to a line, at most two letter heights
// tall. None when there are fewer than three such marks, or more than 3000 (a page of
// noise or a photo).
std::vector<InkLine> ink_lines(const std::vector<Rect>& components, int letter);

// Where text read from `line` goes among the words of the page (in reading order):
// - in the line of words that has a word across its middle (the non-blank word that
//   overlaps it most down the page), after that line's last word ending before
//   line.left + letter / 2, else before that line's first word;
// - else, as a line of its own, after the last word whose middle is above its middle,
//   else before the page's first non-blank word.
// nullopt when the page has no non-blank word.
struct Placement {
  size_t word = 0;        // index into the words
  bool after = true;      // after the word, else before it
  bool own_line = false;  // a line of its own, else within the word's line
};
std::optional<Placement> place_line(const std::vector<WordBox>& words, const InkLine& line,
                                    int letter);

}  // namespace trawl
