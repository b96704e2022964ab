// Compressed RTF ([MS-OXRTFCP]): the form in which Outlook keeps a message's RTF body
// (PR_RTF_COMPRESSED, property 0x1009). Used by msg_outlook.cc; no library behind it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace trawl {

// Decompresses one PR_RTF_COMPRESSED value: a 16-byte header (COMPSIZE, RAWSIZE,
// COMPTYPE, CRC), then "LZFu" data (LZ77 over a 4096-byte dictionary preloaded with the
// spec's RTF prefix), its CRC checked, or "MELA" data stored as it is (CRC 0).
// On success returns the RTF bytes (normally starting "{\rtf"), at most RAWSIZE of them.
// Errors: kCorrupt with a one-line reason (a header shorter than 16 bytes, an unknown
// COMPTYPE, data shorter than COMPSIZE says, a CRC mismatch, a stream without its end
// marker); kTooLarge when RAWSIZE or the output would pass `limit` bytes.
// Thread-safe (no state).
Result<std::string> decompress_rtf(std::string_view bytes, uint64_t limit);

// The CRC-32 [MS-OXRTFCP] 2.1.3.2 specifies (the usual 0xEDB88320 table, but started
// at 0 and not inverted at the end). Exposed for tests that build compressed input.
uint32_t compressed_rtf_crc(std::string_view bytes);

}  // namespace trawl
