// The extractor interface: bytes of one identified format in, text and metadata out.
// One adapter file per library implements it (text_plain.cc, html_gumbo.cc,
// pdf_poppler.cc); a registry keyed by MIME type chooses one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/image.h"
#include "core/result.h"

namespace trawl {

// The input of an extractor. Views only: the caller keeps the bytes alive for the call.
struct Blob {
  std::string_view bytes;
  std::string mime;                            // as identified
  std::string name;                            // file path or URL, for hints and messages
  std::vector<std::string> declared_charsets;  // e.g. from an HTTP Content-Type header
};

// A file inside a document: an e-mail's attachment, a message of an mbox, an image or
// object embedded in an office file, a part of a saved web page. The pipeline makes each
// a child document (pipeline/source.h, make_embedded_source), located at the parent's
// location, "/", `name`, and extracted like any other file (images go to OCR).
struct Embedded {
  // Its name in the parent, '/'-separated, UTF-8: an attachment's file name, a part's
  // path ("word/media/image1.png"), "message-3.eml" for an mbox's third message. The
  // pipeline makes names unique within a parent and never empty.
  std::string name;
  std::string bytes;
  std::string mime;         // what the parent declares it is (a Content-Type), "" if nothing
  int64_t modified_at = 0;  // unix seconds, 0 when unknown
  // Set when it could not be read (an attachment whose base64 body is broken): the child
  // is reported failed with this reason, the parent is still indexed.
  std::optional<Error> error;
};

// Metadata keys the extractors fill (Extracted::metadata, then Document::metadata), one
// spelling everywhere: "author" (authors joined by "; "), "created" and "modified" (ISO
// 8601, UTC when the format says so), "subject", "keywords", "description",
// "generator" (the software that wrote the file), "pages", "sheets", "slides",
// "words"; e-mail: "from", "to", "cc", "bcc", "reply_to", "message_id",
// "in_reply_to", "attachments" (their count). Extracted::date is the document's own
// date (its creation, an e-mail's Date), which wins over file times.

struct Extracted {
  std::string title;
  std::string text;                 // UTF-8; pages joined by "\f" for paged formats
  std::vector<std::string> pages;   // per-page text, paged formats only
  std::map<std::string, std::string> metadata;
  std::string date;                 // the document's own date "YYYY-MM-DD" or ""
  std::vector<std::string> links;
  std::string encoding;             // source charset for text formats
  std::string language_hint;        // e.g. the HTML lang attribute
  std::vector<std::string> warnings;
  std::vector<int> ocr_pages;       // 0-based pages without a usable text layer (PDF)
  std::vector<Embedded> children;   // attachments, messages, embedded files (in order)
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  virtual std::string_view name() const = 0;
  // Extracts text and metadata. On failure returns kCorrupt, kEncrypted, kTooLarge,
  // kTimeout or kUnsupported with a one-line message. Never throws. Thread-safe: one
  // extractor serves all pipeline threads.
  virtual Result<Extracted> extract(const Blob& blob) const = 0;
};

std::unique_ptr<Extractor> make_text_extractor();
std::unique_ptr<Extractor> make_html_extractor();
std::unique_ptr<Extractor> make_xml_extractor();
// `ocr` gives the rule for pages that need OCR (ocr.min_text_chars); see pdf_poppler.cc.
std::unique_ptr<Extractor> make_pdf_extractor(const PdfOptions& options, const OcrOptions& ocr = {});

// Office documents, Korean word-processor files and e-mail; `options` bounds each.
// DOCX, XLSX, PPTX (extractors/office_ooxml.cc, zip through libarchive, XML through
// libxml2), ODT, ODS, ODP (office_odf.cc), HWPX (hwpx.cc).
std::unique_ptr<Extractor> make_ooxml_extractor(const OfficeOptions& options);
std::unique_ptr<Extractor> make_odf_extractor(const OfficeOptions& options);
std::unique_ptr<Extractor> make_hwpx_extractor(const OfficeOptions& options);
// An OOXML file encrypted with a password (a compound file holding EncryptionInfo and
// EncryptedPackage): kEncrypted, with that reason.
std::unique_ptr<Extractor> make_encrypted_office_extractor();
// RTF (rtf.cc): a reader of its own, code pages through ICU.
std::unique_ptr<Extractor> make_rtf_extractor(const OfficeOptions& options);
// Legacy .doc, .xls and .ppt (office_legacy.cc): catdoc, xls2csv and catppt run as child
// processes with a time limit.
std::unique_ptr<Extractor> make_legacy_office_extractor(const OfficeOptions& options);
// HWP 5 (hwp5.cc) and Outlook .msg (msg_outlook.cc): compound files through libgsf.
std::unique_ptr<Extractor> make_hwp5_extractor(const OfficeOptions& options);
std::unique_ptr<Extractor> make_msg_extractor(const OfficeOptions& options);
// E-mail (email_gmime.cc, GMime): RFC 5322 messages and MHTML saved pages; mbox files,
// whose messages are children.
std::unique_ptr<Extractor> make_email_extractor(const OfficeOptions& options);
std::unique_ptr<Extractor> make_mbox_extractor(const OfficeOptions& options);

// Renders PDF pages to grayscale images for OCR (poppler's Splash renderer).
// Not thread-safe: one per document and thread.
class PdfPageRenderer {
 public:
  // Opens the PDF, with the configured passwords if it needs one. Errors as
  // Extractor::extract (kCorrupt, kEncrypted, kTooLarge). poppler reads `bytes` in
  // place: they must outlive the renderer (a temporary string is refused at compile time).
  static Result<std::unique_ptr<PdfPageRenderer>> open(std::string_view bytes, const PdfOptions& options);
  static Result<std::unique_ptr<PdfPageRenderer>> open(std::string&& bytes, const PdfOptions& options) = delete;
  virtual ~PdfPageRenderer() = default;
  // Renders a 0-based page in 8-bit gray at `dpi`, at a lower resolution if the page
  // would exceed max_pixels. kNotFound for a page out of range, kCorrupt if it fails.
  virtual Result<GrayImage> render(int page, int dpi, uint64_t max_pixels) = 0;
};

// Chooses the extractor for a MIME type. Immutable after setup; thread-safe to read.
class ExtractorRegistry {
 public:
  // The built-in extractors: text/* (plain), HTML, XML, PDF, office and e-mail formats.
  static ExtractorRegistry with_defaults(const Config& config);

  void add(const std::string& mime, std::shared_ptr<const Extractor> extractor);
  // A type prefix such as "text/": used when no exact type matches.
  void add_prefix(const std::string& prefix, std::shared_ptr<const Extractor> extractor);
  // nullptr if no extractor handles `mime`.
  const Extractor* find(const std::string& mime) const;

 private:
  std::map<std::string, std::shared_ptr<const Extractor>> exact_;
  std::vector<std::pair<std::string, std::shared_ptr<const Extractor>>> prefixes_;
};

// NFC-normalises `text` (ICU). Hangul must be composed for Xapian's CJK n-grams, and a
// query must be normalised the same way.
std::string to_nfc(std::string_view text);

}  // namespace trawl
