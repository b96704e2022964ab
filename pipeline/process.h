// The per-document stages, as plain functions and objects that know nothing of oneTBB:
// read a file, then identify, extract and detect the language. The flow graph in
// ingest.cc calls these; `trawl extract` calls them directly.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/document.h"
#include "core/result.h"
#include "extractors/extractor.h"
#include "extractors/identify.h"
#include "ocr/ocr.h"
#include "entities/tagger.h"

namespace trawl {

struct FileBytes {
  std::string bytes;
  int64_t modified_at = 0;  // mtime, unix seconds
};

// Reads a whole regular file, refusing what cannot be read sensibly:
//   kNotFound   "no such file or directory"
//   kUnsupported "not a regular file" (FIFO, device, socket)
//   kEmpty      "empty file (0 bytes)"
//   kTooLarge   over max_size
//   kIo         permission denied, read errors, "file changed while being read"
// A file counts as changed when its size, mtime or inode differ before and after reading.
Result<FileBytes> read_file(const std::string& path, uint64_t max_size);

// Identify -> extract (OCR for images and for PDF pages without a usable text layer)
// -> normalise -> language, on one document's bytes.
// Not thread-safe (owns a libmagic handle and an OCR engine): one per thread.
class Processor {
 public:
  // kFatal if libmagic cannot be loaded. The OCR engine is set up on first use.
  static Result<std::unique_ptr<Processor>> create(const ExtractorRegistry& registry, const Config& config);

  // Fills doc.id, size, mime, encoding, title, text, pages, metadata, date, links,
  // language and warnings from `bytes`. On failure sets doc.error (stage and reason)
  // and leaves the content empty. Never throws.
  void process(Document& doc, std::string_view bytes,
               const std::vector<std::string>& declared_charsets = {});

  // Tags entities (after the language) with this tagger; without one, none are tagged.
  void set_tagger(std::shared_ptr<const Tagger> tagger) { tagger_ = std::move(tagger); }

  // Only the id and MIME type; used to skip unchanged documents before extraction.
  void identify(Document& doc, std::string_view bytes);

 private:
  Processor(const ExtractorRegistry& registry, const Config& config, std::unique_ptr<MimeDetector> mime)
      : registry_(registry), config_(config), mime_(std::move(mime)) {}
  void extract(Document& doc, std::string_view bytes, const std::vector<std::string>& declared);
  // The thread's OCR engine, created on first use; nullptr (with *error set) if OCR is
  // disabled or Tesseract cannot start.
  OcrEngine* ocr(Error* error);
  // OCRs an image file into e's pages.
  Status ocr_image(Document& doc, std::string_view bytes, Extracted& e);
  // OCRs e.ocr_pages of a PDF, replacing or completing their text.
  void ocr_pdf_pages(Document& doc, std::string_view bytes, Extracted& e);

  const ExtractorRegistry& registry_;
  const Config& config_;
  std::unique_ptr<MimeDetector> mime_;
  std::unique_ptr<OcrEngine> ocr_;
  std::optional<Error> ocr_error_;
  std::shared_ptr<const Tagger> tagger_;
};

}  // namespace trawl
