// RTF to text, for the RTF extractor (rtf.cc) and for the RTF bodies of Outlook messages
// (msg_outlook.cc, after decompressing them).
#pragma once

#include <string_view>

#include "config/config.h"
#include "core/result.h"
#include "extractors/extractor.h"

namespace trawl {

// Reads RTF: the text of the body (paragraphs as lines, table cells separated by tabs),
// destinations that hold no text skipped (\fonttbl, \colortbl, \stylesheet, \info's
// fields go to metadata, \*\... unknown ones, pictures, \bin data), \uN with its \ucN
// fallback skipped, \'hh in the code page \ansicpg and the current font's \fcharset
// give, decoded through ICU. Title, author and dates from \info. Embedded objects
// (\object with \objdata) are children. Bounded by options.max_nesting (deeper groups
// are read for text but their destinations are not tracked), max_text_bytes and
// time_limit_seconds. Errors: kCorrupt when it is not RTF ("{\rtf" missing), kTimeout.
// `name` is for messages. Thread-safe.
Result<Extracted> read_rtf(std::string_view bytes, std::string_view name,
                           const OfficeOptions& options);

}  // namespace trawl
