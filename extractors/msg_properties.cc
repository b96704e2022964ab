// The byte-level parts of the .msg reader (msg_outlook.h): property streams, FILETIMEs,
// code pages, UTF-16 strings, header fields.
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <ctime>
#include <memory>

#include "core/text.h"
#include "extractors/charset.h"
#include "extractors/msg_outlook.h"

namespace trawl::msg {

namespace {

uint64_t le64(std::string_view b, size_t at) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[at + i]);
  return v;
}

uint32_t le32(std::string_view b, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b[at + i]);
  return v;
}

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

}  // namespace

Properties parse_properties(std::string_view stream, size_t header_size) {
  Properties p;
  if (stream.size() < header_size) {
    p.header_missing = true;
    return p;
  }
  size_t at = header_size;
  for (; at + 16 <= stream.size(); at += 16) {
    const uint32_t tag = le32(stream, at);
    p.values[tag] = le64(stream, at + 8);
    ++p.entries;
  }
  p.trailing_bytes = stream.size() - at;
  return p;
}

std::string codepage_label(uint32_t cp) {
  static const std::map<uint32_t, std::string_view> kLabels = {
      {437, "ibm437"},        {850, "ibm850"},        {866, "ibm866"},
      {874, "windows-874"},   {932, "shift_jis"},     {936, "gbk"},
      {949, "windows-949"},   {950, "big5"},          {1200, "utf-16le"},
      {1201, "utf-16be"},     {1250, "windows-1250"}, {1251, "windows-1251"},
      {1252, "windows-1252"}, {1253, "windows-1253"}, {1254, "windows-1254"},
      {1255, "windows-1255"}, {1256, "windows-1256"}, {1257, "windows-1257"},
      {1258, "windows-1258"}, {1361, "johab"},        {10007, "x-mac-cyrillic"},
      {20127, "us-ascii"},    {20866, "koi8-r"},      {21866, "koi8-u"},
      {28591, "iso-8859-1"},  {28592, "iso-8859-2"},  {28595, "iso-8859-5"},
      {28605, "iso-8859-15"}, {50220, "iso-2022-jp"}, {50225, "iso-2022-kr"},
      {51932, "euc-jp"},      {51949, "euc-kr"},      {54936, "gb18030"},
      {65000, "utf-7"},       {65001, "utf-8"},
  };
  auto it = kLabels.find(cp);
  return it == kLabels.end() ? std::string() : std::string(it->second);
}

std::string decode_8bit(std::string_view bytes, const std::string& label) {
  bool ascii = true;
  for (char c : bytes) ascii = ascii && static_cast<unsigned char>(c) < 0x80 && c != 0x1B;
  if (ascii && label != "utf-7") return std::string(bytes);
  if (label == "utf-16le") return utf16le_to_utf8(bytes);
  const std::string name = label.empty() ? std::string() : canonical_charset(label);
  if (!name.empty()) {
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterClose> cnv(ucnv_open(name.c_str(), &st));
    if (U_SUCCESS(st) && cnv) {
      icu::UnicodeString us(bytes.data(), static_cast<int32_t>(bytes.size()), cnv.get(), st);
      if (U_SUCCESS(st)) {
        std::string out;
        us.toUTF8String(out);
        return out;
      }
    }
  }
  // no code page, or one ICU lacks (Johab): decode_text knows its way
  return label.empty() ? decode_text(bytes).text : decode_text(bytes, {label}).text;
}

std::string rfc5322_date(int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);  // "C" locale names
  return buf;
}

std::optional<std::string> header_field(std::string_view headers, std::string_view name) {
  const std::string want = ascii_lower(name);
  size_t start = 0;
  while (start < headers.size()) {
    size_t end = headers.find('\n', start);
    if (end == std::string_view::npos) end = headers.size();
    std::string_view line = headers.substr(start, end - start);
    if (trim(line).empty()) break;  // the end of the header block
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && line[0] != ' ' && line[0] != '\t' &&
        ascii_lower(trim(line.substr(0, colon))) == want) {
      std::string value(line.substr(colon + 1));
      // continuation lines start with white space
      while (end < headers.size()) {
        const size_t next = end + 1;
        if (next >= headers.size() || (headers[next] != ' ' && headers[next] != '\t')) break;
        size_t e2 = headers.find('\n', next);
        if (e2 == std::string_view::npos) e2 = headers.size();
        value += headers.substr(next, e2 - next);
        end = e2;
      }
      std::string out;
      for (char c : value)
        if (c != '\r' && c != '\n') out += c;
      return std::string(trim(out));
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace trawl::msg
