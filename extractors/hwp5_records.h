// The inside of an HWP 5 stream (Hancom, "한글문서파일형식 5.0", revision 1.3): raw-deflate
// compression, the record structure, paragraph text with its control characters, and
// DocInfo's BIN_DATA records. Used by hwp5.cc; separate so that each can be tested and
// read on its own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "extractors/office_package.h"

namespace trawl::hwp5 {

// Tag ids (HWPTAG_BEGIN = 0x10).
inline constexpr uint16_t kTagBinData = 0x10 + 2;
inline constexpr uint16_t kTagParaHeader = 0x10 + 50;
inline constexpr uint16_t kTagParaText = 0x10 + 51;
inline constexpr uint16_t kTagCtrlHeader = 0x10 + 55;
inline constexpr uint16_t kTagListHeader = 0x10 + 56;

struct Record {
  uint16_t tag = 0;
  uint16_t level = 0;
  std::string_view data;  // a view into the stream given to split_records()
};

struct Records {
  std::vector<Record> records;
  // Why the stream ended before its last byte ("bad record at byte 1234: ..."); what
  // was split before it is in `records`.
  std::optional<std::string> error;
};

// The records of a (decompressed) stream: a 32-bit header (tag 10 bits, level 10 bits,
// size 12 bits; size 0xFFF: a 32-bit size follows), then the data. A size past the end
// of the stream ends the split with `error`.
Records split_records(std::string_view stream);

// Inflates a raw-deflate stream (zlib windowBits -15). kTooLarge when it inflates to
// more than `limit` bytes, kCorrupt "corrupt compressed stream" for bad data, kTimeout
// past the deadline. A stream that ends early (no final block) gives what it inflated
// and sets *truncated.
Result<std::string> inflate_raw(std::string_view in, uint64_t limit, const Deadline& deadline,
                                bool* truncated);

// The text of a section's records into `out`: each paragraph (PARA_HEADER) a line, the
// characters of its PARA_TEXT with the char controls as text (line break, hyphen,
// special spaces) and the inline controls skipped (a tab: a tab); a table control's
// cells (LIST_HEADERs in a "tbl " CTRL_HEADER) as tab-separated rows; the paragraphs of
// other controls (footnotes, endnotes, headers, footers, text boxes, hidden comments)
// as lines of their own, before the line of the paragraph that anchors them. Returns
// false when the deadline passed.
bool section_text(const std::vector<Record>& records, TextBuilder& out, const Deadline& deadline);

// The text of one PARA_TEXT record (UTF-16LE with control characters), as UTF-8; tabs
// and line breaks kept. Exposed for tests.
std::string para_text(std::string_view data);

// One BIN_DATA record of DocInfo.
struct BinData {
  int type = 0;         // 0 link, 1 embedding, 2 storage
  int compression = 0;  // 0 as the document, 1 compressed, 2 stored
  std::string ext;      // "png", "jpg" (embedding)
};
// DocInfo's BIN_DATA records by their binary-data id (BinData/BIN%04X.ext).
std::map<int, BinData> bin_data(const std::vector<Record>& docinfo);

}  // namespace trawl::hwp5
