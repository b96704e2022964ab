// Text encoding: find out how bytes are encoded and convert them to UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trawl {

struct Decoded {
  std::string text;      // UTF-8 (not yet NFC-normalised)
  std::string encoding;  // what the bytes were: "UTF-8", "EUC-KR", "CP949", "windows-1251"...
  std::vector<std::string> warnings;  // e.g. invalid sequences replaced, declared charset ignored
};

// Converts `bytes` to UTF-8. The order of evidence, as browsers do it:
//   1. a byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE);
//   2. `declared` labels in order (HTTP header first, then <meta>/XML declaration), each
//      trusted only when the bytes decode cleanly under it and the result is plausible
//      text (single-byte Cyrillic decoders never fail, so their output is checked for
//      Russian-looking letters and case before a label is believed);
//   3. detection: valid UTF-8 is UTF-8; ISO-2022-KR by its escape; otherwise uchardet's
//      proposal and the legacy Korean and Cyrillic encodings are each decoded and the
//      most plausible result wins (uchardet alone misnames common cases).
// All Korean labels (euc-kr, cp949, uhc, ks_c_5601-1987) are decoded as windows-949, a
// superset of EUC-KR; `encoding` then says "EUC-KR" when every byte pair is inside
// EUC-KR and "CP949" otherwise. Johab is decoded through iconv (ICU lacks it).
// Bytes that decode in no way are replaced by U+FFFD with a warning; this never fails.
// Thread-safe.
Decoded decode_text(std::string_view bytes, const std::vector<std::string>& declared = {});

// The charset declared inside the document itself: an HTML <meta charset> or
// <meta http-equiv="Content-Type" content="...; charset=..."> in the first 4 KB, or an
// XML declaration's encoding. Returns the label as written (lower-case), or nullopt.
std::optional<std::string> sniff_declared_charset(std::string_view bytes);

// How much UTF-8 text reads as real text in the scripts we expect (Latin, Cyrillic,
// Hangul, CJK...): near 1 for prose, low or negative for mojibake (a broken PDF font's
// random symbols, a wrong code page). Looks at the first 32 KB. Thread-safe.
double text_plausibility(std::string_view utf8);

// Text that scores under this is mojibake (measured: the corpus's broken-cmap PDF font
// scores below 0; prose in our three languages above 0.8).
inline constexpr double kMinTextPlausibility = 0.5;

// The name a charset label is decoded with, or "" if the label is unknown, e.g.
// "ks_c_5601-1987" -> "windows-949", "cp1251" -> "windows-1251". Exposed for tests.
std::string canonical_charset(std::string_view label);

}  // namespace trawl
