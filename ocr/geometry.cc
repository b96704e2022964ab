#include "ocr/geometry.h"

#include <algorithm>
#include <map>

namespace trawl {
namespace {

// Two columns of text (see find_columns): a gutter is a gap of this many letter heights
// or more, in this many lines or more, and six in ten of them fill their columns to
// within two letter heights. A Korean form of labels and values (the bill of lading
// sample) has such gaps too, but its labels end anywhere.
constexpr int kGutterLineHeights = 2;
constexpr size_t kMinColumnLines = 6;
constexpr int kColumnEdgeLineHeights = 2;
constexpr size_t kMinFullColumnLinesTenths = 6;
// Ruled tables (see cell_candidates): cells are 1.2 word heights tall and 2 wide at
// least; rules that close more than kMaxTableCells areas are no form (graph paper).
constexpr int kMinCellHeightTenths = 12;
constexpr int kMinCellWidthHeights = 2;
constexpr int kMaxTableCells = 400;
// Text the reading left out (see ink_lines): marks of letter size (this many tenths of
// the page's median word height, at most kMaxMarkWidth heights wide) outside every word
// box, grouped into lines when at most kMarkGapHeights heights apart; a group of
// kMinMissedMarks or more is a line, and at most kMaxMissedReads lines are read. Seen: a
// bill number in a table cell between the two lines of its label, which one column mode
// reads past ("의안 번호 | 25318": the number was lost).
constexpr int kMinMarkHeightTenths = 4;
constexpr int kMaxMarkHeightTenths = 15;
constexpr int kMaxMarkWidth = 3;
constexpr double kMarkGapHeights = 1.0;
constexpr size_t kMinMissedMarks = 3;
constexpr int kMaxMissedReads = 6;
// More leftover marks than this: not a page of text with something missed (noise, a
// photo); the pass is skipped.
constexpr size_t kMaxLeftoverMarks = 3000;

}  // namespace

bool inside(const Rect& a, const Rect& b) {
  return a.left >= b.left && a.top >= b.top && a.left + a.width <= b.left + b.width &&
         a.top + a.height <= b.top + b.height;
}

int upper_median(std::vector<int> values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

Rect padded_union(const std::vector<WordBox>& boxes, int pad) {
  int left = boxes.front().left, top = boxes.front().top, right = boxes.front().right,
      bottom = boxes.front().bottom;
  for (const WordBox& b : boxes) {
    left = std::min(left, b.left);
    top = std::min(top, b.top);
    right = std::max(right, b.right);
    bottom = std::max(bottom, b.bottom);
  }
  return Rect{std::max(0, left - pad), std::max(0, top - pad), right - left + 2 * pad,
              bottom - top + 2 * pad};
}

std::optional<Columns> find_columns(const std::vector<WordBox>& words, int width, int height) {
  struct Line {
    int top = 0, bottom = 0;
    std::vector<const WordBox*> words;  // left to right
    int letters = 1;                    // height of its letters
    int right = 0;                      // where its last word ends
  };
  std::vector<Line> lines;
  for (const WordBox& w : words) {
    if (w.blank) continue;
    if (lines.empty() || w.line != lines.back().words.front()->line)
      lines.push_back({w.top, w.bottom, {}, 1, 0});
    Line& l = lines.back();
    l.top = std::min(l.top, w.top);
    l.bottom = std::max(l.bottom, w.bottom);
    l.words.push_back(&w);
  }
  struct Gap {
    size_t line;
    int left, right;  // the end of the left part, the start of the right one
  };
  std::vector<Gap> gaps;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto& lw = lines[i].words;
    std::sort(lw.begin(), lw.end(),
              [](const WordBox* a, const WordBox* b) { return a->left < b->left; });
    // the height of letters: the median word's (the line's box also holds the tallest
    // syllable and any stray mark)
    std::vector<int> heights;
    for (const WordBox* w : lw) heights.push_back(w->bottom - w->top);
    lines[i].letters = std::max(1, upper_median(std::move(heights)));
    // word boxes of Korean overlap (a syllable's box can span the next ones)
    int reach = lw.front()->right;
    for (size_t k = 1; k < lw.size(); ++k) {
      if (lw[k]->left - reach >= kGutterLineHeights * lines[i].letters)
        gaps.push_back({i, reach, lw[k]->left});
      reach = std::max(reach, lw[k]->right);
    }
    lines[i].right = reach;
  }
  // the place most lines have a gap at
  int best_x = -1;
  std::vector<const Gap*> best;
  for (const Gap& g : gaps) {
    const int x = (g.left + g.right) / 2;
    std::vector<const Gap*> at;
    for (const Gap& o : gaps)
      if (o.left <= x && x <= o.right) at.push_back(&o);
    if (at.size() > best.size()) best = std::move(at), best_x = x;
  }
  if (best.size() < kMinColumnLines) return std::nullopt;
  // columns of text: the left parts end together, the right parts too
  int left_end = 0, right_end = 0;
  for (const Gap* g : best) {
    left_end = std::max(left_end, g->left);
    right_end = std::max(right_end, lines[g->line].right);
  }
  size_t full = 0;
  size_t first = lines.size(), last = 0;
  for (const Gap* g : best) {
    const Line& l = lines[g->line];
    full += g->left >= left_end - kColumnEdgeLineHeights * l.letters &&
            l.right >= right_end - kColumnEdgeLineHeights * l.letters;
    first = std::min(first, g->line);
    last = std::max(last, g->line);
  }
  if (full * 10 < best.size() * kMinFullColumnLinesTenths) return std::nullopt;
  size_t across = 0;  // lines with a word across the gutter
  for (size_t i = first; i <= last; ++i)
    across += std::any_of(lines[i].words.begin(), lines[i].words.end(),
                          [&](const WordBox* w) { return w->left < best_x && best_x < w->right; });
  if (across * 5 > last - first + 1) return std::nullopt;
  // the columns also take the lines next to them that keep to one side of the gutter
  // (the last line of the longer column), up to a line across it (a title, a footer)
  auto beside = [&](const Line& l) {
    bool left = false, right = false;
    for (const WordBox* w : l.words) {
      left |= w->left < best_x;
      right |= w->right > best_x;
    }
    return !(left && right);
  };
  while (first > 0 && beside(lines[first - 1])) --first;
  while (last + 1 < lines.size() && beside(lines[last + 1])) ++last;
  // the columns run from between the line above and the first line with the gutter to
  // between the last one and the line below
  Columns out;
  out.gutter = best_x;
  out.gap_lines = best.size();
  out.full_lines = full;
  out.top = first == 0 ? 0 : (lines[first - 1].bottom + lines[first].top) / 2;
  out.bottom = last + 1 == lines.size() ? height : (lines[last].bottom + lines[last + 1].top) / 2;
  const int top = out.top, bottom = out.bottom;
  if (top > 0) out.regions.push_back({0, 0, width, top});
  out.regions.push_back({0, top, best_x, bottom - top});
  out.regions.push_back({best_x, top, width - best_x, bottom - top});
  if (bottom < height) out.regions.push_back({0, bottom, width, height - bottom});
  return out;
}

std::vector<Rect> cell_candidates(const std::vector<Rect>& areas, int width, int height,
                                  int letter) {
  std::vector<Rect> cells;
  if (areas.size() > static_cast<size_t>(kMaxTableCells)) return cells;
  for (const Rect& a : areas) {
    const bool touches_edge =
        a.left <= 0 || a.top <= 0 || a.left + a.width >= width || a.top + a.height >= height;
    if (touches_edge || a.height * 10 < kMinCellHeightTenths * letter ||
        a.width < kMinCellWidthHeights * letter ||
        static_cast<int64_t>(a.width) * a.height * 2 > static_cast<int64_t>(width) * height)
      continue;
    cells.push_back(a);
  }
  return cells;
}

std::vector<Rect> innermost(const std::vector<Rect>& rects) {
  std::vector<Rect> out;
  for (size_t i = 0; i < rects.size(); ++i) {
    bool holds_other = false;
    for (size_t j = 0; j < rects.size(); ++j) holds_other |= i != j && inside(rects[j], rects[i]);
    if (!holds_other) out.push_back(rects[i]);
  }
  return out;
}

bool any_side_by_side(const std::vector<Rect>& cells) {
  for (size_t i = 0; i < cells.size(); ++i)
    for (size_t j = i + 1; j < cells.size(); ++j) {
      const Rect &a = cells[i], &b = cells[j];
      const int overlap = std::min(a.top + a.height, b.top + b.height) - std::max(a.top, b.top);
      const bool apart = a.left + a.width <= b.left || b.left + b.width <= a.left;
      if (apart && overlap * 2 >= std::min(a.height, b.height)) return true;
    }
  return false;
}

std::vector<std::vector<Rect>> table_rows(std::vector<Rect> cells) {
  std::sort(cells.begin(), cells.end(), [](const Rect& a, const Rect& b) { return a.top < b.top; });
  std::vector<std::vector<Rect>> rows;
  int row_top = 0, row_bottom = -1;
  for (const Rect& c : cells) {
    const int overlap = std::min(row_bottom, c.top + c.height) - std::max(row_top, c.top);
    if (rows.empty() || overlap * 2 < std::min(c.height, row_bottom - row_top)) {
      rows.emplace_back();
      row_top = c.top;
      row_bottom = c.top + c.height;
    }
    rows.back().push_back(c);
    row_bottom = std::max(row_bottom, c.top + c.height);
  }
  for (std::vector<Rect>& row : rows)
    std::sort(row.begin(), row.end(), [](const Rect& a, const Rect& b) { return a.left < b.left; });
  return rows;
}

Stacking stack_parts(const std::vector<int>& heights, int gap, int max_height) {
  Stacking out;
  out.tops.resize(heights.size());
  for (size_t first = 0, last = 0; first < heights.size(); first = last) {
    int page_height = gap;
    for (last = first; last < heights.size(); ++last) {
      if (last > first && page_height + heights[last] + gap > max_height) break;
      out.tops[last] = page_height;
      page_height += heights[last] + gap;
    }
    out.pages.push_back({first, last, page_height});
  }
  return out;
}

std::vector<InkLine> ink_lines(const std::vector<Rect>& components, int letter) {
  const int h = letter;
  std::vector<InkLine> lines;
  std::vector<Rect> marks;
  for (const Rect& m : components) {
    if (m.height * 10 < h * kMinMarkHeightTenths || m.height * 10 > h * kMaxMarkHeightTenths ||
        m.width > h * kMaxMarkWidth || m.width * 10 < h)
      continue;
    marks.push_back(m);
  }
  if (marks.size() < kMinMissedMarks || marks.size() > kMaxLeftoverMarks) return lines;
  std::sort(marks.begin(), marks.end(),
            [](const Rect& a, const Rect& b) { return a.left < b.left; });
  std::vector<size_t> parent(marks.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto root = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const int gap = static_cast<int>(kMarkGapHeights * h);
  for (size_t i = 0; i < marks.size(); ++i) {
    const Rect& a = marks[i];
    for (size_t j = i + 1; j < marks.size() && marks[j].left - (a.left + a.width) <= gap; ++j) {
      const Rect& b = marks[j];
      const int overlap = std::min(a.top + a.height, b.top + b.height) - std::max(a.top, b.top);
      if (overlap * 2 >= std::min(a.height, b.height)) parent[root(j)] = root(i);
    }
  }
  std::map<size_t, InkLine> by_root;
  for (size_t i = 0; i < marks.size(); ++i) {
    InkLine& g = by_root[root(i)];
    g.left = std::min(g.left, marks[i].left);
    g.top = std::min(g.top, marks[i].top);
    g.right = std::max(g.right, marks[i].left + marks[i].width);
    g.bottom = std::max(g.bottom, marks[i].top + marks[i].height);
    ++g.marks;
  }
  for (const auto& [r, g] : by_root)
    if (g.marks >= kMinMissedMarks && g.bottom - g.top <= 2 * h) lines.push_back(g);
  std::sort(lines.begin(), lines.end(),
            [](const InkLine& a, const InkLine& b) { return a.marks > b.marks; });
  if (lines.size() > static_cast<size_t>(kMaxMissedReads)) lines.resize(kMaxMissedReads);
  return lines;
}

std::optional<Placement> place_line(const std::vector<WordBox>& words, const InkLine& line,
                                    int letter) {
  const int middle = (line.top + line.bottom) / 2;
  size_t across = words.size();
  int most = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].blank || words[i].top > middle || words[i].bottom < middle) continue;
    const int overlap = std::min(line.bottom, words[i].bottom) - std::max(line.top, words[i].top);
    if (overlap > most) most = overlap, across = i;
  }
  size_t after = words.size(), first = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].blank) continue;
    if (across < words.size()) {
      if (words[i].line != words[across].line) continue;
      if (words[i].right <= line.left + letter / 2) after = i;
    } else if ((words[i].top + words[i].bottom) / 2 < middle) {
      after = i;
    }
    first = std::min(first, i);
  }
  const bool own_line = across == words.size();
  if (after < words.size()) return Placement{after, true, own_line};
  if (first < words.size()) return Placement{first, false, own_line};
  return std::nullopt;
}

}  // namespace trawl
