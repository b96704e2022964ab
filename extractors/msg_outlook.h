// Internal to the Outlook .msg reader (msg_outlook.cc, msg_properties.cc): the parts that
// work on bytes alone, exposed for tests. No libgsf type appears here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace trawl::msg {

// Property types ([MS-OXCDATA] 2.11.1) the reader uses.
inline constexpr uint16_t kTypeInt32 = 0x0003;
inline constexpr uint16_t kTypeBoolean = 0x000B;
inline constexpr uint16_t kTypeObject = 0x000D;  // an embedded message or OLE storage
inline constexpr uint16_t kTypeString8 = 0x001E;
inline constexpr uint16_t kTypeUnicode = 0x001F;
inline constexpr uint16_t kTypeTime = 0x0040;  // FILETIME
inline constexpr uint16_t kTypeBinary = 0x0102;

// The header before the 16-byte entries of a __properties_version1.0 stream
// ([MS-OXMSG] 2.4): the top-level message, a message embedded in an attachment, and a
// recipient or attachment storage.
inline constexpr size_t kTopHeader = 32;
inline constexpr size_t kEmbeddedHeader = 24;
inline constexpr size_t kRecipientHeader = 8;

// The fixed-size values of one property stream, by tag (id << 16 | type). Variable-size
// properties have entries there too (their size), but their values live in
// __substg1.0_ streams.
struct Properties {
  std::map<uint32_t, uint64_t> values;  // the entry's 8 value bytes, little-endian
  size_t entries = 0;
  size_t trailing_bytes = 0;    // bytes of a cut last entry (0 for a whole stream)
  bool header_missing = false;  // shorter than its header: no entry at all

  std::optional<uint64_t> get(uint32_t tag) const {
    auto it = values.find(tag);
    return it == values.end() ? std::nullopt : std::optional<uint64_t>(it->second);
  }
};

// Parses a property stream: every whole 16-byte entry after `header_size` bytes (what a
// truncated stream holds stands: trailing_bytes says how much of an entry was cut).
Properties parse_properties(std::string_view stream, size_t header_size);

// A Windows code page number -> the charset label decode_text / ICU take ("windows-1251"
// for 1251, "windows-949" for 949, "koi8-r" for 20866...); "" when unknown.
std::string codepage_label(uint32_t codepage);

// 8-bit text in `label`'s charset -> UTF-8 through ICU; ASCII as it is; "" or an
// unknown label: decode_text()'s detection.
std::string decode_8bit(std::string_view bytes, const std::string& label);

// Unix seconds -> an RFC 5322 date in UTC: "Tue, 18 May 2010 07:38:39 +0000".
std::string rfc5322_date(int64_t unix_seconds);

// The value of header `name` (case-insensitive, first occurrence) in an RFC 5322 header
// block, unfolded and raw (encoded words not decoded); nullopt when absent.
std::optional<std::string> header_field(std::string_view headers, std::string_view name);

}  // namespace trawl::msg
