// OCR with Tesseract (C++ API) and Leptonica; only ocr/ includes them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/image.h"
#include "core/result.h"

namespace trawl {

struct OcrPage {
  std::string text;
  double confidence = 0;   // mean word confidence 0..100
  std::string languages;   // e.g. "kor+eng"
  int rotation = 0;        // degrees the image was turned to read it upright
  std::vector<std::string> warnings;
};

// How the first page of the same document was read: pages of one scan usually share
// languages and orientation, so a later page tries them first and runs OSD only when
// that reading is poor. Always the first page (not the previous one), so the later
// pages can be read at once and results never depend on scheduling.
struct OcrHint {
  std::string languages;
  int rotation = 0;
};

// One OCR engine per thread: Tesseract engines are not thread-safe and cost hundreds of
// milliseconds to set up, so each language set is initialised once per engine and
// reused for every page. Not thread-safe.
//
// For each page: the orientation and script are found with Tesseract's OSD, the page is
// turned upright, and the languages come from the script (Hangul/Han -> kor+eng,
// Cyrillic -> rus+eng, Latin -> eng) unless ocr.languages names them. Pages over
// ocr.max_pixels are downscaled; recognition stops at ocr.page_time_limit_seconds.
class OcrEngine {
 public:
  // kFatal if Tesseract or its language data cannot be loaded.
  static Result<std::unique_ptr<OcrEngine>> create(const OcrOptions& options);
  virtual ~OcrEngine() = default;

  // OCRs one rendered page. Errors: kTooLarge, kTimeout (nothing recognised in time).
  // `hint`: how the document's first page was read, or nullptr.
  virtual Result<OcrPage> recognize(const GrayImage& image, const OcrHint* hint = nullptr) = 0;

  // The pages of an image file: a TIFF's directories, else 1. Errors for the whole file:
  // kCorrupt (no readable header), kEmpty (too small to hold text), kTooLarge (its
  // raster would exceed ocr.max_image_bytes).
  virtual Result<int> image_pages(std::string_view bytes) = 0;

  // Decodes (PNG, JPEG, TIFF, BMP, GIF, WebP, PNM) and OCRs page `index` (0-based) of an
  // image file. kCorrupt for a page that cannot be decoded; the errors of image_pages
  // and recognize besides. The pipeline reads the pages of a file with these two
  // (pipeline/process.cc, read_pages), several at once.
  virtual Result<OcrPage> recognize_image_page(std::string_view bytes, int index, const OcrHint* hint = nullptr) = 0;
};

// Debian's libtesseract runs OpenMP threads inside each engine, which oversubscribes the
// cores the pipeline already uses (measured: 1.35 s a page instead of 0.10 s on 2
// cores). OpenMP reads OMP_THREAD_LIMIT only when the process starts, so this re-executes
// the program with OMP_THREAD_LIMIT=1 unless it is set so already. Call first in main();
// returns normally when nothing needed doing or the re-exec failed.
void reexec_with_single_threaded_openmp(char** argv);

}  // namespace trawl
