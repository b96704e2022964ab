// PDF through poppler-cpp: text per page in reading order, document info metadata.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <chrono>
#include <climits>
#include <memory>
#include <mutex>
#include <string>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/extractor.h"

namespace trawl {
namespace {

std::string utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// poppler prints every syntax error of a damaged file to stderr; a fuzzed PDF prints
// thousands. The document's outcome says what matters, so they are silenced.
void quiet_poppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  });
}

class PdfExtractor final : public Extractor {
 public:
  explicit PdfExtractor(PdfOptions options) : options_(std::move(options)) {}

  std::string_view name() const override { return "pdf"; }

  Result<Extracted> extract(const Blob& blob) const override {
    quiet_poppler();
    if (blob.bytes.size() > static_cast<size_t>(INT_MAX))
      return make_error(ErrorCode::kTooLarge, "PDF larger than 2 GiB");
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
        blob.bytes.data(), static_cast<int>(blob.bytes.size())));
    if (!doc) return make_error(ErrorCode::kCorrupt, "damaged PDF: poppler cannot open it");

    Extracted e;
    if (doc->is_locked()) {
      bool opened = false;
      for (const std::string& pw : options_.passwords) {
        if (!doc->unlock(pw, pw)) {  // unlock() returns true while still locked
          opened = true;
          break;
        }
      }
      if (!opened) {
        return make_error(ErrorCode::kEncrypted,
                          options_.passwords.empty()
                              ? "encrypted PDF needs a user password (none configured: pdf.passwords)"
                              : "encrypted PDF: none of the configured passwords opens it");
      }
      e.warnings.push_back("encrypted PDF opened with a configured password");
    }

    metadata(*doc, e);

    const int total = doc->pages();
    if (total <= 0) {
      e.warnings.push_back("PDF has no pages");
      return e;
    }
    int limit = std::min(total, options_.max_pages);
    if (limit < total)
      e.warnings.push_back("only the first " + std::to_string(limit) + " of " +
                           std::to_string(total) + " pages extracted (pdf.max_pages)");
    e.metadata["pages"] = std::to_string(total);

    const auto start = std::chrono::steady_clock::now();
    int unreadable = 0;
    for (int i = 0; i < limit; ++i) {
      double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (elapsed > options_.time_limit_seconds) {
        e.warnings.push_back("time limit reached after " + std::to_string(i) + " of " +
                             std::to_string(total) + " pages (pdf.time_limit_seconds)");
        break;
      }
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) {
        ++unreadable;
        e.pages.emplace_back();
        continue;
      }
      e.pages.push_back(clean(utf8(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout))));
    }
    if (unreadable)
      e.warnings.push_back(std::to_string(unreadable) + " unreadable page" + (unreadable == 1 ? "" : "s"));
    for (size_t i = 0; i < e.pages.size(); ++i) {
      if (i) e.text += '\f';
      e.text += e.pages[i];
    }
    return e;
  }

 private:
  static void metadata(const poppler::document& doc, Extracted& e) {
    auto put = [&](const char* key, const poppler::ustring& v) {
      std::string s = one_line(utf8(v));
      if (!s.empty()) e.metadata[key] = s;
    };
    put("author", doc.get_author());
    put("subject", doc.get_subject());
    put("keywords", doc.get_keywords());
    put("creator", doc.get_creator());
    put("producer", doc.get_producer());
    e.title = one_line(utf8(doc.get_title()));
    std::string created = format_date(doc.get_creation_date_t());
    std::string modified = format_date(doc.get_modification_date_t());
    if (!created.empty()) e.metadata["created"] = created;
    if (!modified.empty()) e.metadata["modified"] = modified;
    e.date = !created.empty() ? created : modified;
  }

  // poppler ends lines with "\n" and may emit "\r\n" or form feeds inside a page.
  static std::string clean(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
      if (c == '\r' || c == '\f') c = '\n';
      if (c == '\0') continue;
      out += c;
    }
    return std::string(trim(out));
  }

  PdfOptions options_;
};

}  // namespace

std::unique_ptr<Extractor> make_pdf_extractor(const PdfOptions& options) {
  return std::make_unique<PdfExtractor>(options);
}

}  // namespace trawl
