// HWP 5 records and paragraph text (see hwp5_records.h). Control characters as the
// spec's table gives them (section 4.3.1, "제어 문자"):
//   char controls, 1 unit: 0 (unusable), 10 line break, 13 paragraph end, 24 hyphen,
//     25-29 reserved, 30 non-breaking space, 31 fixed-width space;
//   inline controls, 8 units: 4 field end, 5-7 reserved, 8 title mark, 9 tab, 19-20
//     reserved;
//   extended controls, 8 units (their object is a CTRL_HEADER record): 1, 2 section or
//     column definition, 3 field start, 11 table or drawing object, 12, 14 reserved,
//     15 hidden comment, 16 header or footer, 17 footnote or endnote, 18 auto number,
//     21 page control, 22 bookmark, 23 overlapping letters.
#include "extractors/hwp5_records.h"

#include <zlib.h>

#include "core/text.h"

namespace trawl::hwp5 {
namespace {

uint16_t le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) |
                               static_cast<unsigned char>(b[at + 1]) << 8);
}
uint32_t le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(le16(b, at)) | static_cast<uint32_t>(le16(b, at + 2)) << 16;
}

constexpr uint32_t ctrl_id(const char (&s)[5]) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[0])) << 24 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[1])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[2])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[3]));
}
constexpr uint32_t kCtrlTable = ctrl_id("tbl ");

bool is_char_control(char16_t c) { return c == 0 || c == 10 || c == 13 || (c >= 24 && c <= 31); }

}  // namespace

Records split_records(std::string_view s) {
  Records out;
  size_t pos = 0;
  while (pos < s.size()) {
    if (s.size() - pos < 4) {
      out.error = "bad record at byte " + std::to_string(pos) + ": a header cut short";
      break;
    }
    const uint32_t h = le32(s, pos);
    Record r;
    r.tag = static_cast<uint16_t>(h & 0x3FF);
    r.level = static_cast<uint16_t>((h >> 10) & 0x3FF);
    uint64_t size = h >> 20;
    size_t at = pos + 4;
    if (size == 0xFFF) {
      if (s.size() - at < 4) {
        out.error = "bad record at byte " + std::to_string(pos) + ": a size cut short";
        break;
      }
      size = le32(s, at);
      at += 4;
    }
    if (size > s.size() - at) {
      out.error = "bad record at byte " + std::to_string(pos) + ": " + std::to_string(size) +
                  " bytes declared, " + std::to_string(s.size() - at) + " left";
      break;
    }
    r.data = s.substr(at, size);
    out.records.push_back(r);
    pos = at + size;
  }
  return out;
}

Result<std::string> inflate_raw(std::string_view in, uint64_t limit, const Deadline& deadline,
                                bool* truncated) {
  if (truncated) *truncated = false;
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return make_error(ErrorCode::kCorrupt, "cannot start zlib");
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&z};
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  constexpr size_t kChunk = 256 * 1024;
  for (int round = 0;; ++round) {
    if ((round & 63) == 63 && deadline.passed())
      return make_error(ErrorCode::kTimeout,
                        "over the time limit of " + std::to_string(deadline.seconds()) + " s");
    const size_t have = out.size();
    out.resize(have + kChunk);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + have);
    z.avail_out = kChunk;
    const int rc = inflate(&z, Z_NO_FLUSH);
    out.resize(have + (kChunk - z.avail_out));
    if (out.size() > limit)
      return make_error(ErrorCode::kTooLarge,
                        "inflates to more than " + std::to_string(limit) + " bytes");
    if (rc == Z_STREAM_END) break;
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR)
      return make_error(ErrorCode::kCorrupt, "corrupt compressed stream");
    if (rc == Z_BUF_ERROR || (z.avail_in == 0 && z.avail_out != 0)) {
      // the input ended before the final block
      if (out.empty()) return make_error(ErrorCode::kCorrupt, "corrupt compressed stream");
      if (truncated) *truncated = true;
      break;
    }
  }
  return out;
}

std::string para_text(std::string_view d) {
  std::string out;
  const size_t n = d.size() / 2;
  for (size_t i = 0; i < n; ++i) {
    const char16_t c = le16(d, 2 * i);
    if (c < 32) {
      if (is_char_control(c)) {
        if (c == 10)
          out += '\n';
        else if (c == 24)
          out += '-';
        else if (c == 30 || c == 31)
          out += ' ';
        continue;
      }
      if (c == 9) out += '\t';
      i += 7;  // an inline or extended control: 8 units
      continue;
    }
    char32_t cp = c;
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < n) {
      const char16_t lo = le16(d, 2 * (i + 1));
      if (lo >= 0xDC00 && lo < 0xE000) {
        cp = 0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10) + (lo - 0xDC00);
        ++i;
      } else {
        cp = 0xFFFD;
      }
    } else if (c >= 0xD800 && c < 0xE000) {
      cp = 0xFFFD;
    }
    append_utf8(out, cp);
  }
  return out;
}

bool section_text(const std::vector<Record>& records, TextBuilder& out, const Deadline& deadline) {
  // What is open, innermost last: a paragraph owns the records deeper than it; a
  // control (CTRL_HEADER) too; a cell (a table's LIST_HEADER) owns the paragraphs at
  // its own level that follow it, up to the next cell.
  enum class Kind { kParagraph, kTable, kControl, kCell };
  struct Scope {
    Kind kind;
    uint16_t level;
    int row = -1;  // kTable: the row of the last cell
  };
  std::vector<Scope> open;
  auto close = [&](const Scope& s) {
    switch (s.kind) {
      case Kind::kParagraph:
        out.end_paragraph();
        break;
      case Kind::kCell:
        out.end_cell();
        break;
      case Kind::kTable:
        if (s.row >= 0) out.end_row();
        out.end_table();
        break;
      case Kind::kControl:
        break;
    }
  };
  for (size_t i = 0; i < records.size(); ++i) {
    if ((i & 1023) == 1023 && deadline.passed()) return false;
    if (out.full()) break;
    const Record& r = records[i];
    while (!open.empty()) {
      const Scope& s = open.back();
      const bool owns = s.kind == Kind::kCell
                            ? (r.level > s.level || (r.level == s.level && r.tag != kTagListHeader))
                            : r.level > s.level;
      if (owns) break;
      close(s);
      open.pop_back();
    }
    switch (r.tag) {
      case kTagParaHeader:
        out.begin_paragraph();
        open.push_back({Kind::kParagraph, r.level});
        break;
      case kTagParaText: {
        const std::string t = para_text(r.data);
        size_t start = 0;
        for (size_t k = 0; k <= t.size(); ++k) {
          if (k == t.size() || t[k] == '\t' || t[k] == '\n') {
            out.append(std::string_view(t).substr(start, k - start));
            if (k < t.size()) t[k] == '\t' ? out.tab() : out.line_break();
            start = k + 1;
          }
        }
        break;
      }
      case kTagCtrlHeader: {
        const uint32_t id = r.data.size() >= 4 ? le32(r.data, 0) : 0;
        if (id == kCtrlTable) {
          out.begin_table();
          open.push_back({Kind::kTable, r.level});
        } else {
          open.push_back({Kind::kControl, r.level});
        }
        break;
      }
      case kTagListHeader:
        // a cell when, the previous cell closed, the table is what is open
        if (!open.empty() && open.back().kind == Kind::kTable) {
          Scope& table = open.back();
          // the cell's row address: after the list header's paragraph count (2 bytes),
          // 2 bytes and its properties (4 bytes), the column (2 bytes) then the row
          const int row = r.data.size() >= 12 ? le16(r.data, 10) : table.row + 1;
          if (row != table.row) {
            if (table.row >= 0) out.end_row();
            out.begin_row();
            table.row = row;
          }
          out.begin_cell();
          open.push_back({Kind::kCell, r.level});
        }
        break;
      default:
        break;
    }
  }
  while (!open.empty()) {
    close(open.back());
    open.pop_back();
  }
  return true;
}

std::map<int, BinData> bin_data(const std::vector<Record>& docinfo) {
  std::map<int, BinData> out;
  int index = 0;
  for (const Record& r : docinfo) {
    if (r.tag != kTagBinData || r.data.size() < 2) continue;
    ++index;
    const uint16_t props = le16(r.data, 0);
    BinData b;
    b.type = props & 0x0F;
    b.compression = (props >> 4) & 0x03;
    int id = index;
    if (b.type != 0 && r.data.size() >= 6) {
      id = le16(r.data, 2);
      const uint16_t len = le16(r.data, 4);
      if (r.data.size() >= 6 + 2ull * len) {
        for (uint16_t k = 0; k < len; ++k) {
          const char16_t c = le16(r.data, 6 + 2 * k);
          if (c < 0x80) b.ext += static_cast<char>(c);
        }
      }
    }
    out[id] = b;
  }
  return out;
}

}  // namespace trawl::hwp5
