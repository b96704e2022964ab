// The per-document stages: read a file, then identify, extract and detect the language.
// The flow graph in ingest.cc calls these; `trawl extract` calls them directly. oneTBB
// appears here only inside process.cc, to OCR the pages of one scanned PDF on every
// thread of the run.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "config/config.h"
#include "core/document.h"
#include "core/result.h"
#include "entities/tagger.h"
#include "extractors/extractor.h"
#include "extractors/identify.h"
#include "ocr/ocr.h"

namespace trawl {

struct FileBytes {
  std::string bytes;
  int64_t modified_at = 0;  // mtime, unix seconds
  FileState state;          // size, mtime and inode as read
};

// The size, mtime and inode of a regular file, without reading it. kNotFound, kIo, or
// kUnsupported ("not a regular file").
Result<FileState> stat_file(const std::string& path);

// The first n bytes of a file (fewer if it is shorter).
Result<std::string> read_head(const std::string& path, size_t n);

// The document id (SHA-256) of a file streamed from disk in 1 MB blocks, for files too
// big to hold. kIo "file changed while being read" when its state is not `expected`
// afterwards; kNotFound, kIo as read_file.
Result<std::string> hash_file(const std::string& path, const FileState& expected);

// Reads a whole regular file, refusing what cannot be read sensibly:
//   kNotFound   "no such file or directory"
//   kUnsupported "not a regular file" (FIFO, device, socket)
//   kEmpty      "empty file (0 bytes)"
//   kTooLarge   over max_size
//   kIo         permission denied, read errors, "file changed while being read"
// A file counts as changed when its size, mtime or inode differ before and after reading.
Result<FileBytes> read_file(const std::string& path, uint64_t max_size);

// One OCR engine for each thread that does OCR, created on first use and kept for the
// run (a Tesseract engine is not thread-safe and costs hundreds of milliseconds to set
// up). Shared by the Processors of a run: the pages of one PDF may be read on any of
// its threads. Thread-safe.
class OcrEngines {
 public:
  explicit OcrEngines(const OcrOptions& options);
  ~OcrEngines();
  // This thread's engine; nullptr, with *error set, if Tesseract cannot start.
  OcrEngine* local(Error* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Identify -> extract (OCR for images and for PDF pages without a usable text layer)
// -> normalise -> language, on one document's bytes.
// Not thread-safe (owns a libmagic handle): one per thread.
class Processor {
 public:
  // kFatal if libmagic cannot be loaded. The OCR engine is set up on first use.
  // `engines`: the run's OCR engines; nullptr makes this Processor its own.
  static Result<std::unique_ptr<Processor>> create(const ExtractorRegistry& registry,
                                                   const Config& config,
                                                   std::shared_ptr<OcrEngines> engines = nullptr);

  // Fills doc.id, size, mime, encoding, title, text, pages, metadata, date, links,
  // language and warnings from `bytes`. On failure sets doc.error (stage and reason)
  // and leaves the content empty. `feed_date` ("YYYY-MM-DD", from the feed that listed
  // the page) is the date when the document gives none of its own. The files the
  // document holds (attachments, embedded images, an mbox's messages; at most
  // office.max_children) go to `children` when it is given, else they are dropped.
  // Never throws.
  void process(Document& doc, std::string_view bytes,
               const std::vector<std::string>& declared_charsets = {},
               const std::string& feed_date = {}, std::vector<Embedded>* children = nullptr);

  // Tags entities (after the language) with this tagger; without one, none are tagged.
  void set_tagger(std::shared_ptr<const Tagger> tagger) { tagger_ = std::move(tagger); }

  // Only the id and MIME type; used to skip unchanged documents before extraction.
  void identify(Document& doc, std::string_view bytes);
  // Only the MIME type, from the first bytes of a file too big to read whole.
  void identify_head(Document& doc, std::string_view head);

 private:
  Processor(const ExtractorRegistry& registry, const Config& config,
            std::unique_ptr<MimeDetector> mime, std::shared_ptr<OcrEngines> engines)
      : registry_(registry),
        config_(config),
        mime_(std::move(mime)),
        engines_(std::move(engines)) {}
  void extract(Document& doc, std::string_view bytes, const std::vector<std::string>& declared,
               const std::string& feed_date, std::vector<Embedded>* children);
  // The calling thread's OCR engine, created on first use; nullptr (with *error set) if
  // OCR is disabled or Tesseract cannot start.
  OcrEngine* ocr(Error* error);
  // OCRs an image file into e's pages.
  Status ocr_image(Document& doc, std::string_view bytes, Extracted& e);
  // OCRs e.ocr_pages of a PDF, replacing or completing their text.
  void ocr_pdf_pages(Document& doc, std::string_view bytes, Extracted& e);

  const ExtractorRegistry& registry_;
  const Config& config_;
  std::unique_ptr<MimeDetector> mime_;
  std::shared_ptr<OcrEngines> engines_;
  std::shared_ptr<const Tagger> tagger_;
};

}  // namespace trawl
