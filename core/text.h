// Small string utilities on UTF-8 text that need no library.
#pragma once

#include <string>
#include <string_view>

namespace trawl {

std::string ascii_lower(std::string_view s);
std::string_view trim(std::string_view s);

// Collapses runs of whitespace (including newlines) to one space and trims, so that a
// message or a title fits on one line.
std::string one_line(std::string_view s);

// Decodes one UTF-8 code point at s[pos], advancing pos. Returns U+FFFD and advances by
// one byte on an invalid sequence. (ASCII inline: the taggers call this for every byte.)
char32_t next_code_point_multibyte(std::string_view s, size_t& pos);
inline char32_t next_code_point(std::string_view s, size_t& pos) {
  const unsigned char c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  return next_code_point_multibyte(s, pos);
}

// Appends the UTF-8 encoding of cp to out.
void append_utf8(std::string& out, char32_t cp);

// UTF-16LE (compound-file strings, HWP and .msg text) -> UTF-8, every unit NULs included;
// unpaired surrogates become U+FFFD, a last odd byte is dropped.
std::string utf16le_to_utf8(std::string_view bytes);

// The longest prefix of s of at most max_bytes that does not cut a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t max_bytes);

}  // namespace trawl
