// PDF through poppler-cpp: text per page in reading order, document info metadata.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/charset.h"
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

struct Opened {
  std::unique_ptr<poppler::document> doc;
  bool used_password = false;
};

// Opens a PDF held in memory (poppler keeps a pointer to `bytes`: keep them alive),
// trying the configured passwords when it needs a user password.
Result<Opened> open_document(std::string_view bytes, const PdfOptions& options) {
  quiet_poppler();
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return make_error(ErrorCode::kTooLarge, "PDF larger than 2 GiB");
  Opened o;
  o.doc.reset(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!o.doc) return make_error(ErrorCode::kCorrupt, "damaged PDF: poppler cannot open it");
  if (o.doc->is_locked()) {
    for (const std::string& pw : options.passwords) {
      if (!o.doc->unlock(pw, pw)) {  // unlock() returns true while still locked
        o.used_password = true;
        break;
      }
    }
    if (!o.used_password) {
      return make_error(ErrorCode::kEncrypted,
                        options.passwords.empty()
                            ? "encrypted PDF needs a user password (none configured: pdf.passwords)"
                            : "encrypted PDF: none of the configured passwords opens it");
    }
  }
  return o;
}

// Rendered at this resolution, a page shows whether it carries ink (a scanned image)
// that its text layer does not account for; a few milliseconds a page.
constexpr double kInkDpi = 36;
// Share of the page's pixels that must be dark outside the text boxes to call it a scan
// (measured at 36 dpi: a text-only page has none outside its boxes; the corpus's small
// scanned image of two words has 112 of 121,000).
constexpr double kMinInkShare = 0.0002;
constexpr size_t kMinInkPixels = 16;

// True when the page has ink that is not text: pixels darker than mid-gray outside every
// text box of the layer, at low resolution.
bool has_ink_outside_text(const poppler::page& page) {
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  poppler::image img = renderer.render_page(&page, kInkDpi, kInkDpi);
  if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) return true;  // cannot tell: OCR
  const double scale = kInkDpi / 72.0;
  std::vector<poppler::rectf> boxes;
  for (const poppler::text_box& b : page.text_list()) boxes.push_back(b.bbox());
  const char* data = img.const_data();
  size_t dark = 0;
  for (int y = 0; y < img.height(); ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(data + static_cast<size_t>(y) * img.bytes_per_row());
    for (int x = 0; x < img.width(); ++x) {
      if (row[x] >= 128) continue;
      double px = x / scale, py = y / scale;
      bool in_text = false;
      for (const poppler::rectf& r : boxes) {
        // a pixel of margin around each box: anti-aliased glyph edges
        if (px >= r.left() - 2 && px <= r.right() + 2 && py >= r.top() - 2 && py <= r.bottom() + 2) {
          in_text = true;
          break;
        }
      }
      if (!in_text) ++dark;
    }
  }
  return dark >= kMinInkPixels && dark > kMinInkShare * img.width() * img.height();
}

// A page needs OCR when its text layer is mojibake (a font without a usable ToUnicode
// map), or when it is too thin to be the page's text (fewer than ocr.min_text_chars
// visible characters) and the page has ink outside that text: a scan, perhaps with a
// stamped page number. A thin page of real text (a title page, "Hello world") is not
// OCRed.
bool needs_ocr(const poppler::page& page, const std::string& text, int min_chars) {
  size_t visible = 0, pos = 0;
  while (pos < text.size()) {
    char32_t cp = next_code_point(text, pos);
    if (cp > ' ' && cp != 0xA0 && cp != 0x3000) ++visible;
  }
  if (visible >= static_cast<size_t>(min_chars)) return text_plausibility(text) < kMinTextPlausibility;
  return has_ink_outside_text(page);
}

class PdfExtractor final : public Extractor {
 public:
  PdfExtractor(PdfOptions options, OcrOptions ocr) : options_(std::move(options)), ocr_(std::move(ocr)) {}

  std::string_view name() const override { return "pdf"; }

  Result<Extracted> extract(const Blob& blob) const override {
    Result<Opened> opened = open_document(blob.bytes, options_);
    if (!opened) return opened.error();
    std::unique_ptr<poppler::document>& doc = opened->doc;
    Extracted e;
    if (opened->used_password) e.warnings.push_back("encrypted PDF opened with a configured password");

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
      if (ocr_.enabled && needs_ocr(*page, e.pages.back(), ocr_.min_text_chars)) e.ocr_pages.push_back(i);
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
  OcrOptions ocr_;
};

class PopplerPageRenderer final : public PdfPageRenderer {
 public:
  explicit PopplerPageRenderer(std::unique_ptr<poppler::document> doc) : doc_(std::move(doc)) {
    renderer_.set_image_format(poppler::image::format_gray8);
    renderer_.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer_.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  }

  Result<GrayImage> render(int index, int dpi, uint64_t max_pixels) override {
    if (index < 0 || index >= doc_->pages()) return make_error(ErrorCode::kNotFound, "no page " + std::to_string(index + 1));
    std::unique_ptr<poppler::page> page(doc_->create_page(index));
    if (!page) return make_error(ErrorCode::kCorrupt, "page " + std::to_string(index + 1) + " cannot be read");
    poppler::rectf box = page->page_rect();
    double w_in = std::abs(box.width()) / 72.0, h_in = std::abs(box.height()) / 72.0;
    double res = dpi;
    if (w_in > 0 && h_in > 0 && w_in * h_in * res * res > static_cast<double>(max_pixels))
      res = std::sqrt(static_cast<double>(max_pixels) / (w_in * h_in));
    poppler::image img = renderer_.render_page(page.get(), res, res);
    if (!img.is_valid() || img.width() <= 0 || img.height() <= 0)
      return make_error(ErrorCode::kCorrupt, "page " + std::to_string(index + 1) + " cannot be rendered");
    GrayImage out;
    out.width = img.width();
    out.height = img.height();
    out.dpi = static_cast<int>(res + 0.5);
    out.pixels.resize(static_cast<size_t>(out.width) * out.height);
    const char* data = img.const_data();
    for (int y = 0; y < out.height; ++y)
      std::memcpy(out.pixels.data() + static_cast<size_t>(y) * out.width, data + static_cast<size_t>(y) * img.bytes_per_row(),
                  out.width);
    return out;
  }

 private:
  std::unique_ptr<poppler::document> doc_;
  poppler::page_renderer renderer_;
};

}  // namespace

std::unique_ptr<Extractor> make_pdf_extractor(const PdfOptions& options, const OcrOptions& ocr) {
  return std::make_unique<PdfExtractor>(options, ocr);
}

Result<std::unique_ptr<PdfPageRenderer>> PdfPageRenderer::open(std::string_view bytes, const PdfOptions& options) {
  Result<Opened> opened = open_document(bytes, options);
  if (!opened) return opened.error();
  return std::unique_ptr<PdfPageRenderer>(std::make_unique<PopplerPageRenderer>(std::move(opened->doc)));
}

}  // namespace trawl
