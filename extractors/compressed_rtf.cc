// [MS-OXRTFCP] decompression. The format is small enough that a library (libytnef,
// libpst carry one each) would bring more than it saves.
#include "extractors/compressed_rtf.h"

#include <array>

namespace trawl {
namespace {

constexpr uint32_t kLzfu = 0x75465A4C;  // "LZFu"
constexpr uint32_t kMela = 0x414C454D;  // "MELA"
constexpr size_t kHeader = 16;
constexpr size_t kDictionary = 4096;

// The dictionary's initial contents ([MS-OXRTFCP] 2.1.3.1.1), 207 bytes.
constexpr std::string_view kPrebuffer =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
    "\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
    "{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
static_assert(kPrebuffer.size() == 207);

uint32_t le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

}  // namespace

uint32_t compressed_rtf_crc(std::string_view bytes) {
  const auto& table = crc_table();
  uint32_t crc = 0;
  for (char ch : bytes) crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  return crc;
}

Result<std::string> decompress_rtf(std::string_view bytes, uint64_t limit) {
  if (bytes.size() < kHeader)
    return make_error(ErrorCode::kCorrupt, "compressed RTF: " + std::to_string(bytes.size()) +
                                               "-byte header, 16 expected");
  const uint32_t comp_size = le32(bytes, 0);  // counts the bytes after this field
  const uint32_t raw_size = le32(bytes, 4);
  const uint32_t comp_type = le32(bytes, 8);
  const uint32_t crc = le32(bytes, 12);
  if (comp_type != kLzfu && comp_type != kMela)
    return make_error(
        ErrorCode::kCorrupt, "compressed RTF: unknown type 0x" + [&] {
          static const char* hex = "0123456789ABCDEF";
          std::string s;
          for (int shift = 28; shift >= 0; shift -= 4) s += hex[(comp_type >> shift) & 0xF];
          return s;
        }());
  if (raw_size > limit)
    return make_error(ErrorCode::kTooLarge, "compressed RTF: " + std::to_string(raw_size) +
                                                " bytes uncompressed, over the limit of " +
                                                std::to_string(limit));
  if (comp_size < kHeader - 4)
    return make_error(ErrorCode::kCorrupt,
                      "compressed RTF: size field " + std::to_string(comp_size) + " is below 12");
  const uint64_t end = static_cast<uint64_t>(comp_size) + 4;
  if (end > bytes.size())
    return make_error(ErrorCode::kCorrupt, "compressed RTF: truncated, " +
                                               std::to_string(bytes.size()) + " of " +
                                               std::to_string(end) + " bytes");
  const std::string_view data = bytes.substr(kHeader, end - kHeader);

  if (comp_type == kMela) {
    // Uncompressed: RAWSIZE bytes follow (writers set CRC to 0; it is not checked).
    if (data.size() < raw_size)
      return make_error(ErrorCode::kCorrupt, "compressed RTF: uncompressed data truncated, " +
                                                 std::to_string(data.size()) + " of " +
                                                 std::to_string(raw_size) + " bytes");
    return std::string(data.substr(0, raw_size));
  }

  if (compressed_rtf_crc(data) != crc)
    return make_error(ErrorCode::kCorrupt, "compressed RTF: CRC mismatch (damaged data)");

  std::array<char, kDictionary> dict{};
  std::copy(kPrebuffer.begin(), kPrebuffer.end(), dict.begin());
  size_t write = kPrebuffer.size();
  std::string out;
  out.reserve(raw_size);
  size_t in = 0;
  while (in < data.size()) {
    const unsigned control = static_cast<unsigned char>(data[in++]);
    for (int bit = 0; bit < 8; ++bit) {
      if (!(control & (1u << bit))) {
        if (in >= data.size()) goto no_end;
        const char c = data[in++];
        dict[write] = c;
        write = (write + 1) % kDictionary;
        out += c;
      } else {
        if (in + 2 > data.size()) goto no_end;
        const unsigned ref = static_cast<unsigned>(static_cast<unsigned char>(data[in])) << 8 |
                             static_cast<unsigned char>(data[in + 1]);
        in += 2;
        const size_t offset = ref >> 4;
        const size_t length = (ref & 0xF) + 2;
        if (offset == write) return out;  // the end marker
        for (size_t k = 0; k < length; ++k) {
          const char c = dict[(offset + k) % kDictionary];
          dict[write] = c;
          write = (write + 1) % kDictionary;
          out += c;
        }
      }
      if (out.size() > limit)
        return make_error(ErrorCode::kTooLarge, "compressed RTF: output passes the limit of " +
                                                    std::to_string(limit) + " bytes");
    }
  }
no_end:
  // Some writers stop at RAWSIZE without the end marker: what RAWSIZE promised is whole.
  if (out.size() >= raw_size && raw_size > 0) return out.substr(0, raw_size);
  return make_error(ErrorCode::kCorrupt, "compressed RTF: data ends without its end marker");
}

}  // namespace trawl
