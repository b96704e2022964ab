// OLE1 objects of RTF's \objdata: see rtf_ole1.h.
#include "extractors/rtf_ole1.h"

#include <cstdint>
#include <string>

#include "extractors/charset.h"

namespace trawl {
namespace {

uint32_t le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

// A zero-terminated string at `at`, or nullopt past the end.
std::optional<std::string> cstring(std::string_view b, size_t& at) {
  size_t end = b.find('\0', at);
  if (end == std::string_view::npos) return std::nullopt;
  std::string s(b.substr(at, end - at));
  at = end + 1;
  return s;
}

}  // namespace

// An \objdata OLE1 object (MS-OLEDS 2.2.4): header, class name, topic, item, native data.
// A "Package" object holds one file (the Packager's format: label, source path, temporary
// path, size, bytes): that file. Another class whose native data is a compound file (an
// embedded Word or Excel object): that compound file, named after the class.
std::optional<Embedded> ole1_child(std::string_view b, int index) {
  size_t at = 8;  // OLEVersion, FormatID
  if (b.size() < at + 4) return std::nullopt;
  std::string names[3];
  for (std::string& n : names) {
    if (b.size() < at + 4) return std::nullopt;
    uint32_t len = le32(b, at);
    at += 4;
    if (len > b.size() - at) return std::nullopt;
    n.assign(b.substr(at, len));
    while (!n.empty() && n.back() == '\0') n.pop_back();
    at += len;
  }
  if (b.size() < at + 4) return std::nullopt;
  uint32_t native_size = le32(b, at);
  at += 4;
  if (native_size > b.size() - at) return std::nullopt;
  std::string_view native = b.substr(at, native_size);
  Embedded child;
  if (names[0] == "Package") {
    size_t p = 2;  // a 2-byte signature
    auto label = cstring(native, p);
    auto source = cstring(native, p);
    if (!label || !source || native.size() < p + 8) return std::nullopt;
    p += 4;  // reserved
    uint32_t temp_len = le32(native, p);
    p += 4;
    if (temp_len > native.size() - p) return std::nullopt;
    p += temp_len;
    if (native.size() < p + 4) return std::nullopt;
    uint32_t size = le32(native, p);
    p += 4;
    if (size > native.size() - p) return std::nullopt;
    std::string name = *label;
    if (name.empty()) name = *source;
    if (size_t slash = name.find_last_of("\\/"); slash != std::string::npos)
      name = name.substr(slash + 1);
    // the Packager writes names in the ANSI code page; UTF-8 names pass through
    child.name = name.empty() ? "object-" + std::to_string(index) : decode_text(name).text;
    child.bytes.assign(native.substr(p, size));
    return child;
  }
  static constexpr std::string_view kCfb("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  if (!native.starts_with(kCfb)) return std::nullopt;
  child.name = "object-" + std::to_string(index) + (names[0].empty() ? "" : "-" + names[0]);
  child.bytes.assign(native);
  return child;
}

}  // namespace trawl
