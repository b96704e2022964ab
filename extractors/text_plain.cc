// Plain text: decode to UTF-8, normalise line ends.
#include <string>

#include "extractors/charset.h"
#include "extractors/extractor.h"

namespace trawl {
namespace {

class TextExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "text"; }

  Result<Extracted> extract(const Blob& blob) const override {
    Decoded d = decode_text(blob.bytes, blob.declared_charsets);
    Extracted e;
    e.encoding = d.encoding;
    e.warnings = std::move(d.warnings);
    e.text.reserve(d.text.size());
    for (size_t i = 0; i < d.text.size(); ++i) {
      char c = d.text[i];
      if (c == '\r') {
        if (i + 1 < d.text.size() && d.text[i + 1] == '\n') continue;
        c = '\n';
      }
      if (c == '\0') continue;
      e.text += c;
    }
    return e;
  }
};

}  // namespace

std::unique_ptr<Extractor> make_text_extractor() { return std::make_unique<TextExtractor>(); }

}  // namespace trawl
