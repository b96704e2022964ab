// The geometry of OCR layout (ocr/geometry.h) on boxes made up here: no Tesseract, no
// images.
#include <catch2/catch.hpp>

#include "ocr/geometry.h"

using namespace trawl;

namespace {

bool same(const Rect& a, const Rect& b) {
  return a.left == b.left && a.top == b.top && a.width == b.width && a.height == b.height;
}

WordBox word(int left, int top, int right, int bottom, int line) {
  WordBox w;
  w.left = left, w.top = top, w.right = right, w.bottom = bottom, w.line = line;
  return w;
}

Rect mark(int left, int top) { return Rect{left, top, 12, 20}; }

// A title across the page, `lines` lines of two columns (left 100-470, right 530-900,
// letters 20 tall, 40 apart from y=100), a footer across the page at y=500.
std::vector<WordBox> two_column_page(int lines) {
  std::vector<WordBox> words{word(100, 50, 900, 80, 0)};
  for (int i = 0; i < lines; ++i) {
    const int top = 100 + 40 * i;
    words.push_back(word(100, top, 470, top + 20, i + 1));
    words.push_back(word(530, top, 900, top + 20, i + 1));
  }
  words.push_back(word(100, 500, 900, 520, lines + 1));
  return words;
}

}  // namespace

TEST_CASE("Two columns of prose are split at their gutter, with the title and footer apart",
          "[ocr][geometry]") {
  const auto columns = find_columns(two_column_page(8), 1000, 600);
  REQUIRE(columns);
  CHECK(columns->gutter == 500);
  CHECK(columns->gap_lines == 8);
  CHECK(columns->full_lines == 8);
  CHECK(columns->top == 90);      // between the title and the first line
  CHECK(columns->bottom == 450);  // between the last line and the footer
  REQUIRE(columns->regions.size() == 4);
  CHECK(same(columns->regions[0], Rect{0, 0, 1000, 90}));
  CHECK(same(columns->regions[1], Rect{0, 90, 500, 360}));
  CHECK(same(columns->regions[2], Rect{500, 90, 500, 360}));
  CHECK(same(columns->regions[3], Rect{0, 450, 1000, 150}));
}

TEST_CASE("Fewer than six lines with a gutter are not taken for columns", "[ocr][geometry]") {
  CHECK_FALSE(find_columns(two_column_page(5), 1000, 600));
  CHECK(find_columns(two_column_page(6), 1000, 600));
}

TEST_CASE("A form whose labels and values end anywhere is not taken for two columns",
          "[ocr][geometry]") {
  std::vector<WordBox> words;
  const int label_ends[] = {150, 200, 250, 300, 350, 400, 180, 220};
  const int value_ends[] = {650, 700, 900, 620, 760, 680, 640, 710};
  for (int i = 0; i < 8; ++i) {
    const int top = 100 + 40 * i;
    words.push_back(word(100, top, label_ends[i], top + 20, i));
    words.push_back(word(530, top, value_ends[i], top + 20, i));
  }
  CHECK_FALSE(find_columns(words, 1000, 600));
}

TEST_CASE("Blank words are in no line of a column", "[ocr][geometry]") {
  // a blank word (Tesseract's reading of a rule) across the gutter in every line: were it
  // a word, it would close the gutter
  std::vector<WordBox> words;
  for (const WordBox& w : two_column_page(8)) {
    words.push_back(w);
    if (w.right == 470) {
      WordBox rule = word(100, w.top, 900, w.bottom, w.line);
      rule.blank = true;
      words.push_back(rule);
    }
  }
  const auto columns = find_columns(words, 1000, 600);
  REQUIRE(columns);
  CHECK(columns->gutter == 500);
}

TEST_CASE("Cells overlapping down the page by half make one row, read left to right",
          "[ocr][geometry]") {
  const Rect right{300, 100, 200, 100}, left{50, 110, 200, 100}, below{50, 250, 200, 100};
  const auto rows = table_rows({right, below, left});
  REQUIRE(rows.size() == 2);
  REQUIRE(rows[0].size() == 2);
  CHECK(same(rows[0][0], left));
  CHECK(same(rows[0][1], right));
  REQUIRE(rows[1].size() == 1);
  CHECK(same(rows[1][0], below));
}

TEST_CASE("A cell reaching a little into the next row does not chain the rows", "[ocr][geometry]") {
  // the first row's box runs 10 pixels into the second row (a page off level)
  const Rect first{50, 100, 200, 110}, second_right{300, 200, 200, 100},
      second_left{50, 205, 200, 100};
  const auto rows = table_rows({first, second_right, second_left});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].size() == 1);
  REQUIRE(rows[1].size() == 2);
  CHECK(same(rows[1][0], second_left));
  CHECK(same(rows[1][1], second_right));
}

TEST_CASE("Areas at the page's edge, too small or of half the page are not cells",
          "[ocr][geometry]") {
  const Rect at_edge{0, 100, 100, 100}, too_narrow{100, 100, 30, 30}, too_low{100, 300, 200, 20},
      frame{10, 10, 900, 900}, cell{100, 600, 200, 50};
  const auto cells = cell_candidates({at_edge, too_narrow, too_low, frame, cell}, 1000, 1000, 20);
  REQUIRE(cells.size() == 1);
  CHECK(same(cells[0], cell));
}

TEST_CASE("More than 400 white areas are graph paper, not a form", "[ocr][geometry]") {
  std::vector<Rect> areas(401, Rect{100, 100, 200, 50});
  CHECK(cell_candidates(areas, 1000, 1000, 20).empty());
  areas.pop_back();
  CHECK(cell_candidates(areas, 1000, 1000, 20).size() == 400);
}

TEST_CASE("A cell holding another cell is left out", "[ocr][geometry]") {
  const Rect outer{0, 0, 100, 100}, inner{10, 10, 20, 20}, apart{200, 0, 50, 50};
  const auto kept = innermost({outer, inner, apart});
  REQUIRE(kept.size() == 2);
  CHECK(same(kept[0], inner));
  CHECK(same(kept[1], apart));
}

TEST_CASE("Cells side by side are told from cells one above the other", "[ocr][geometry]") {
  CHECK(any_side_by_side({Rect{0, 0, 100, 100}, Rect{100, 40, 100, 100}}));
  CHECK_FALSE(any_side_by_side({Rect{0, 0, 100, 100}, Rect{100, 60, 100, 100}}));
  CHECK_FALSE(any_side_by_side({Rect{0, 0, 100, 100}, Rect{0, 100, 100, 100}}));
}

TEST_CASE("Parts are stacked on pages no taller than the page, a tall one alone",
          "[ocr][geometry]") {
  const Stacking s = stack_parts({100, 100, 100}, 10, 250);
  REQUIRE(s.pages.size() == 2);
  CHECK(s.pages[0].first == 0);
  CHECK(s.pages[0].last == 2);
  CHECK(s.pages[0].height == 230);
  CHECK(s.pages[1].first == 2);
  CHECK(s.pages[1].last == 3);
  CHECK(s.pages[1].height == 120);
  CHECK(s.tops == std::vector<int>{10, 120, 10});

  const Stacking tall = stack_parts({300}, 10, 250);
  REQUIRE(tall.pages.size() == 1);
  CHECK(tall.pages[0].height == 320);
}

TEST_CASE("Marks of letter size close together on a row make a line, largest first",
          "[ocr][geometry]") {
  const std::vector<Rect> components{
      mark(100, 100),       mark(120, 100), mark(140, 100),                  // three marks
      mark(400, 300),       mark(420, 302), mark(440, 298), mark(460, 300),  // four
      Rect{600, 100, 2, 2},                                                  // a speck
      Rect{0, 500, 800, 3},                                                  // a rule
  };
  const auto lines = ink_lines(components, 20);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].marks == 4);
  CHECK(lines[0].left == 400);
  CHECK(lines[0].top == 298);
  CHECK(lines[0].right == 472);
  CHECK(lines[0].bottom == 322);
  CHECK(lines[1].marks == 3);
  CHECK(lines[1].left == 100);
  CHECK(lines[1].right == 152);
}

TEST_CASE("Marks a letter height apart or on another row are no line", "[ocr][geometry]") {
  // 68 pixels between the second and third mark: two groups, of 2 and 1
  CHECK(ink_lines({mark(100, 100), mark(120, 100), mark(200, 100)}, 20).empty());
  // one below the other
  CHECK(ink_lines({mark(100, 100), mark(100, 130), mark(100, 160)}, 20).empty());
}

TEST_CASE("Missed text goes into the line it stands in, or as a line of its own",
          "[ocr][geometry]") {
  WordBox rule = word(0, 0, 1000, 1000, 0);
  rule.blank = true;  // a blank word is no anchor, however it lies
  const std::vector<WordBox> words{rule, word(100, 100, 200, 120, 0), word(300, 100, 400, 120, 0),
                                   word(100, 200, 200, 220, 1)};
  InkLine across;
  across.left = 220, across.top = 100, across.right = 280, across.bottom = 120;
  const auto in_line = place_line(words, across, 20);
  REQUIRE(in_line);
  CHECK(in_line->word == 1);
  CHECK(in_line->after);
  CHECK_FALSE(in_line->own_line);

  InkLine between;
  between.left = 100, between.top = 150, between.right = 200, between.bottom = 170;
  const auto own = place_line(words, between, 20);
  REQUIRE(own);
  CHECK(own->word == 2);  // the last word above it
  CHECK(own->after);
  CHECK(own->own_line);

  InkLine above;
  above.left = 100, above.top = 20, above.right = 200, above.bottom = 40;
  const auto first = place_line(words, above, 20);
  REQUIRE(first);
  CHECK(first->word == 1);  // before the first word that is not blank
  CHECK_FALSE(first->after);
  CHECK(first->own_line);

  CHECK_FALSE(place_line({rule}, above, 20));
}

TEST_CASE("The median of word heights is the upper one", "[ocr][geometry]") {
  CHECK(upper_median({5, 1, 3, 2}) == 3);
  CHECK(upper_median({7}) == 7);
}

TEST_CASE("A padded box around words stops at the page's top left corner", "[ocr][geometry]") {
  const Rect r = padded_union({word(2, 10, 50, 30, 0), word(60, 1, 90, 20, 0)}, 3);
  CHECK(same(r, Rect{0, 0, 94, 35}));
}
