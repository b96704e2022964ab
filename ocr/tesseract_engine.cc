// The Tesseract and Leptonica adapter: the only file that includes them.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <tuple>
#include <vector>
#include <mutex>

#include "core/text.h"
#include "ocr/ocr.h"

namespace trawl {

void reexec_with_single_threaded_openmp(char** argv) {
  const char* current = std::getenv("OMP_THREAD_LIMIT");
  if (current && std::strcmp(current, "1") == 0) return;
  ::setenv("OMP_THREAD_LIMIT", "1", 1);
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc): go on; OCR will be slower but correct
}

namespace {

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;
struct BoxDeleter {
  void operator()(Box* b) const { boxDestroy(&b); }
};
using BoxPtr = std::unique_ptr<Box, BoxDeleter>;
struct BoxaDeleter {
  void operator()(Boxa* b) const { boxaDestroy(&b); }
};
using BoxaPtr = std::unique_ptr<Boxa, BoxaDeleter>;

// The 8-bit `gray` made black and white at a fixed threshold, for measuring (letter
// heights, skew, rules, ink), not for reading: Tesseract thresholds the page itself.
PixPtr black_and_white(Pix* gray) { return PixPtr(pixThresholdToBinary(gray, 128)); }

// Whether the 1-bit `binary` has `pixels` black pixels or more.
bool has_ink(Pix* binary, int pixels) {
  l_int32 count = 0;
  return binary && pixCountPixels(binary, &count, nullptr) == 0 && count >= pixels;
}

// Below these, Tesseract cannot find text lines at all.
constexpr int kMinSide = 8;
// OSD confidences under these are guesses (measured on rotated and short samples).
// OSD names Korean pages right but with tiny confidence (0.02 on a clean page where
// Cyrillic lines score 20 and Latin pages 3 to 4); CJK is not confused with Latin or
// Cyrillic, so a CJK verdict is taken at any confidence.
constexpr float kMinOrientationConfidence = 1.5f;
// A turn named with less confidence than that, but this much, is tried beside upright.
constexpr float kMinWeakOrientationConfidence = 0.5f;
// A Latin or Cyrillic verdict under this is checked against the fallback languages: a
// one-line Latin label ("KUM BYOL 3 IMO 8716344 Nampo") came out Cyrillic at 2.2, while
// real Cyrillic pages score 2.8 (a sideways page) to 22, most above 4.
constexpr float kSureScriptConfidence = 3.0f;
// Automatic page layout reading under this mean confidence is retried as one block,
// unless it is under kNotTextBelowConfidence: then what was found is not text (a photo,
// noise), which one block reads no better, only slower (a page of noise: 8 s more, for
// 17 confidence instead of 25).
constexpr double kRetryBelowConfidence = 80;
constexpr double kNotTextBelowConfidence = 40;
constexpr float kMinScriptConfidence = 0.5f;
// A word read under this confidence is a weak reading (see weak_latin_words).
constexpr float kWeakWordConfidence = 60.0f;
// reread_korean_lines: a line with a Hangul word under this confidence is read again on
// its own, with this many tenths of its height as margin around it. Measured on 23 Korean
// pages (rendered corpus pages, samples, fixtures): 1321 edits before; 1292 from under 70
// (1291 from under 80 and 1289 from under 90, at 10-25% more time); margins of 2, 4
// and 5 tenths 1299, 1312 and 1317 edits.
constexpr float kWeakHangulConfidence = 70.0f;
constexpr int kLineMarginTenths = 3;
// How much less mean confidence a Russian-only re-reading may have and still be kept.
constexpr double kCyrillicOnlyTolerance = 3;
const std::string kRussianWithEnglish = "rus+eng";
const std::string kKoreanOnly = "kor";
// Lines and runs of words of a page read again, at most (reread_non_korean,
// reread_latin_on_cyrillic).
constexpr int kMaxRereads = 64;
// Latin letters the English model reads for Cyrillic capitals of the same shape:
// АВСЕНКМОРТХУ, Ь as b, Л as JI, Ы as bI. Lower case is left out: an English word such
// as "copy" or "pay" is all look-alikes too.
constexpr const char* kCyrillicLookalikes = "ABCEHKMOPTXYbIJ";
// A run of such letters read again with Russian alone takes the Russian reading from
// this confidence, however sure English was (it read «КУМ БЁЛЬ» as «KYM BEJIb» at 92).
constexpr int kMinLookalikeConfidence = 50;
// Large print (see large_print_half): OSD, and reading in Latin and Cyrillic, are done on
// the page at half scale from this size, resolution and height of letters at half scale.
constexpr uint64_t kHalveFromPixels = 1'500'000;
constexpr int kMinDpiToHalve = 250;
constexpr int kMinHalvedLetterHeight = 16;
// Resolutions outside these are missing or made up; 300 dpi is assumed instead.
constexpr int kMinCredibleDpi = 70;
constexpr int kMaxCredibleDpi = 2400;
// Horizontal and vertical resolutions further apart than this are made equal (faxes).
constexpr double kSquarePixelTolerance = 1.1;
// Text whose taller components (see enlargement) are under this many pixels is enlarged.
// Pages that read well measure 15 (a 640x480 photo of a page) to 38; a Korean page at
// 72 dpi, which reads at 59% CER, 12; the same page at 100 dpi 13.
constexpr int kSmallTextHeight = 15;
constexpr size_t kMinComponentsToMeasure = 20;
constexpr uint64_t kMaxPixelsToMeasure = 4'000'000;
// Lighting (see unevenly_lit): a page whose paper differs by this many levels between
// its dimmer and brighter parts (10th and 90th percentiles of 32x32 blocks) is evened
// out. Evenly lit scans and renders measure 0 to 12, a page under a shadow 110.
constexpr int kUnevenLight = 50;
constexpr int kBlackBlock = 40;
constexpr int kMinPaperLevel = 100;
constexpr int kMinBlocksForLight = 16;
// Skew (see skew_of): searched within this many degrees either way, and corrected
// from kMinSkewDegrees when Leptonica's confidence is at least kMinSkewConfidence.
// Korean reads at 3.0% CER at 3.25 degrees, 6.4% at 4.2 and 19% at 5.2; Latin and
// Cyrillic read nothing at 8. Under 2 degrees levelling did not help (a Korean page at
// 1.1: 2.1% -> 3.0%). Upright text scores 1.56 (Korean, 6 degrees) to 19; a page of
// noise 1.2 with a made-up angle.
constexpr float kMaxSkewDegrees = 15;
constexpr float kMinSkewDegrees = 2.0f;
constexpr float kMinSkewConfidence = 1.4f;
// Two columns of text (see column_regions): a gutter is a gap of this many letter
// heights or more, in this many lines or more, and six in ten of them fill their columns
// to within two letter heights. A Korean form of labels and values (the bill of lading
// sample) has such gaps too, but its labels end anywhere.
constexpr int kGutterLineHeights = 2;
constexpr size_t kMinColumnLines = 6;
constexpr int kColumnEdgeLineHeights = 2;
constexpr size_t kMinFullColumnLinesTenths = 6;
// Ruled tables (see table_cells): rules run four word heights across, or two down, once
// the ink is thickened by kRuleThickening pixels the other way (a page a degree or two
// off level); cells are 1.2 word heights tall and 2 wide at least; rules that close more
// than kMaxTableCells areas are no form (graph paper).
constexpr int kTableRuleWidths = 4;
constexpr int kTableRuleHeights = 2;
constexpr int kRuleThickening = 5;
constexpr int kMinCellHeightTenths = 12;
constexpr int kMinCellWidthHeights = 2;
constexpr int kMaxTableCells = 400;
// A cell holds ink from a sixteenth of a word height squared: a lone "1" in a box (150
// pixels at 10 pt), not a speck.
constexpr int kMinCellInkAreaFraction = 16;
// Lines of the table's reading only of pieces under half a word's height read under
// this confidence are dropped (see text_lines).
constexpr float kMaxFragmentConfidence = 50;
// Text the reading left out (see read_missed): marks of letter size (this many tenths
// of the page's median word height, at most kMaxMarkWidth heights wide) outside every
// word box, grouped into lines when at most kMarkGapHeights heights apart; a group of
// kMinMissedMarks or more is read as one line and kept from kMinMissedConfidence.
// Seen: a bill number in a table cell between the two lines of its label, which one
// column mode reads past ("의안 번호 | 25318": the number was lost).
constexpr int kMinMarkHeightTenths = 4;
constexpr int kMaxMarkHeightTenths = 15;
constexpr int kMaxMarkWidth = 3;
constexpr double kMarkGapHeights = 1.0;
constexpr size_t kMinMissedMarks = 3;
constexpr int kMinMissedConfidence = 85;
constexpr int kMaxMissedReads = 6;
// More leftover marks than this: not a page of text with something missed (noise, a
// photo); the pass is skipped.
constexpr size_t kMaxLeftoverMarks = 3000;

// TRAWL_OCR_TRACE=1 prints one line per OSD and recognition pass with its time (stderr).
bool trace_enabled() {
  static const bool on = [] {
    const char* v = std::getenv("TRAWL_OCR_TRACE");
    return v && *v && std::strcmp(v, "0") != 0;
  }();
  return on;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

bool is_latin_letter(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_cyrillic_letter(char32_t c) { return c >= 0x0400 && c <= 0x04FF; }
bool is_hangul_syllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

// Whether `text` has a letter for which `is_letter` holds.
bool has_letter(std::string_view text, bool (*is_letter)(char32_t)) {
  for (size_t pos = 0; pos < text.size();)
    if (is_letter(next_code_point(text, pos))) return true;
  return false;
}

bool is_cjk_script(std::string_view script) {
  return script == "Hangul" || script == "Han" || script == "Korean" || script == "Japanese" ||
         script == "Katakana" || script == "Hiragana";
}

// A PNG whose chunks stop before IEND is truncated. libpng would say so on stderr from
// inside Leptonica's reader, where it cannot be silenced; checking the chunk lengths
// first gives our own one-line reason instead.
bool png_truncated(std::string_view bytes) {
  size_t pos = 8;  // after the signature
  while (pos + 12 <= bytes.size()) {
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[pos + i])); };
    const uint32_t length = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
    if (bytes.substr(pos + 4, 4) == "IEND") return false;
    if (length > bytes.size() - pos - 12) return true;
    pos += 12 + length;
  }
  return true;
}

void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

// The languages of a set other than Korean, when it has Korean: "kor+eng" -> "eng";
// "kor" or "rus+eng" -> "". A Korean page is read with Korean alone, then what has no
// Hangul again with these (reread_non_korean).
std::string besides_korean(const std::string& languages) {
  std::string others;
  bool korean = false;
  size_t start = 0;
  while (start <= languages.size()) {
    size_t plus = languages.find('+', start);
    if (plus == std::string::npos) plus = languages.size();
    const std::string l = languages.substr(start, plus - start);
    if (l == "kor") korean = true;
    else if (!l.empty()) others += (others.empty() ? "" : "+") + l;
    start = plus + 1;
  }
  return korean ? others : std::string();
}

std::string languages_for_script(std::string_view script) {
  if (is_cjk_script(script)) return "kor+eng";
  if (script == "Cyrillic") return "rus+eng";
  if (script == "Latin") return "eng";
  return {};
}

class TesseractEngine final : public OcrEngine {
 public:
  explicit TesseractEngine(OcrOptions options) : opt_(std::move(options)) {}

  // Loads the fallback languages now, so that a missing model fails the setup rather
  // than every page.
  bool warm_up(std::string* error) {
    std::string langs = opt_.languages == "auto" ? opt_.fallback_languages : opt_.languages;
    if (!api_for(langs)) {
      *error = "cannot load Tesseract language data '" + langs + "'" +
               (opt_.tessdata_dir.empty() ? "" : " from " + opt_.tessdata_dir);
      return false;
    }
    return true;
  }

  Result<OcrPage> recognize(const GrayImage& image, const OcrHint* hint) override {
    quiet_leptonica();
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() < static_cast<size_t>(image.width) * image.height)
      return make_error(ErrorCode::kCorrupt, "empty page image");
    PixPtr pix(pixCreate(image.width, image.height, 8));
    if (!pix) return make_error(ErrorCode::kTooLarge, "cannot allocate the page image");
    l_uint32* data = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    for (int y = 0; y < image.height; ++y) {
      l_uint32* line = data + static_cast<size_t>(y) * wpl;
      const uint8_t* src = image.pixels.data() + static_cast<size_t>(y) * image.width;
      for (int x = 0; x < image.width; ++x) SET_DATA_BYTE(line, x, src[x]);
    }
    if (image.dpi > 0) pixSetResolution(pix.get(), image.dpi, image.dpi);
    return recognize_pix(pix.get(), hint);
  }

  Result<int> image_pages(std::string_view bytes) override {
    auto header = read_header(bytes);
    if (!header) return header.error();
    if (header->format != IFF_JFIF_JPEG && header->raster > opt_.max_image_bytes)
      return too_large(*header);
    if (header->format != IFF_JFIF_JPEG && L_FORMAT_IS_TIFF(header->format)) {
      const int count = tiff_pages(bytes);
      return count > 0 ? count : 1;
    }
    return 1;
  }

  Result<OcrPage> recognize_image_page(std::string_view bytes, int index, const OcrHint* hint) override {
    auto header = read_header(bytes);
    if (!header) return header.error();
    int reduction = 1;
    auto pix = decode_page(bytes, *header, index, &reduction);
    if (!pix) return pix.error();
    return recognize_decoded(pix->get(), *header, reduction, hint);
  }

 private:
  struct ImageHeader {
    int format = 0, width = 0, height = 0;
    uint64_t raster = 0;  // bytes of the decoded image
  };

  // Page `index` of an image file, decoded. A JPEG decodes at 1/2, 1/4 or 1/8 scale for
  // free (*reduction), so big scans never exist at full size; other images whose raster
  // would exceed ocr.max_image_bytes are refused.
  Result<PixPtr> decode_page(std::string_view bytes, const ImageHeader& header, int index, int* reduction) const {
    const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
    if (header.format == IFF_JFIF_JPEG) {
      if (index != 0) return make_error(ErrorCode::kNotFound, "a JPEG has one page");
      const uint64_t pixels = static_cast<uint64_t>(header.width) * static_cast<uint64_t>(header.height);
      while (*reduction < 8 && pixels / (static_cast<uint64_t>(*reduction) * *reduction) > opt_.max_pixels)
        *reduction *= 2;
      PixPtr pix(pixReadMemJpeg(data, bytes.size(), 0, *reduction, nullptr, 0));
      if (!pix) return make_error(ErrorCode::kCorrupt, "damaged JPEG: cannot decode");
      return pix;
    }
    if (header.raster > opt_.max_image_bytes) return too_large(header);
    if (L_FORMAT_IS_TIFF(header.format)) {
      PixPtr pix(pixReadMemTiff(data, bytes.size(), index));
      if (!pix) return make_error(ErrorCode::kCorrupt, "TIFF page " + std::to_string(index + 1) + " cannot be decoded");
      return pix;
    }
    if (index != 0) return make_error(ErrorCode::kNotFound, "the image has one page");
    if (header.format == IFF_PNG && png_truncated(bytes))
      return make_error(ErrorCode::kCorrupt, "damaged image: truncated PNG (its chunks end before IEND)");
    PixPtr pix(pixReadMem(data, bytes.size()));
    if (!pix) return make_error(ErrorCode::kCorrupt, "damaged image: cannot decode");
    return pix;
  }

  Result<OcrPage> recognize_decoded(Pix* pix, const ImageHeader& header, int reduction, const OcrHint* hint) {
    auto page = recognize_pix(pix, hint);
    if (page && reduction > 1)
      page->warnings.push_back("image of " + std::to_string(header.width) + "x" + std::to_string(header.height) +
                               " pixels decoded at 1/" + std::to_string(reduction) + " scale (ocr.max_pixels)");
    return page;
  }

  // The header of an image file, checked: a readable header, at least kMinSide pixels.
  static Result<ImageHeader> read_header(std::string_view bytes) {
    quiet_leptonica();
    const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
    if (bytes.size() < 8 || pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &iscmap) != 0 ||
        w <= 0 || h <= 0)
      return make_error(ErrorCode::kCorrupt, "damaged image: no readable header");
    if (w < kMinSide || h < kMinSide)
      return make_error(ErrorCode::kEmpty, "image of " + std::to_string(w) + "x" + std::to_string(h) +
                                               " pixels is too small to hold text");
    // Leptonica keeps 1-bit images at 1 bit and widens colour to 32 bits per pixel.
    const int depth = bps * spp <= 1 ? 1 : bps * spp <= 8 ? 8 : bps * spp <= 16 ? 16 : 32;
    const uint64_t pixels = static_cast<uint64_t>(w) * static_cast<uint64_t>(h);
    return ImageHeader{format, w, h, pixels * depth / 8};
  }

  static Error too_large(const ImageHeader& header) {
    return make_error(ErrorCode::kTooLarge, "image of " + std::to_string(header.width) + "x" +
                                                std::to_string(header.height) + " pixels would need " +
                                                std::to_string(header.raster >> 20) + " MB to decode (ocr.max_image_bytes)");
  }

  static int tiff_pages(std::string_view bytes) {
    FILE* f = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
    if (!f) return 0;
    l_int32 n = 0;
    if (tiffGetCount(f, &n) != 0) n = 0;
    std::fclose(f);
    return n;
  }

  tesseract::TessBaseAPI* api_for(const std::string& languages) {
    auto it = apis_.find(languages);
    if (it != apis_.end()) return it->second.get();
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    const char* datapath = opt_.tessdata_dir.empty() ? nullptr : opt_.tessdata_dir.c_str();
    const auto t0 = std::chrono::steady_clock::now();
    if (api->Init(datapath, languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      apis_[languages] = nullptr;  // remember the failure
      return nullptr;
    }
    if (trace_enabled()) std::fprintf(stderr, "trace load %s %.0f ms\n", languages.c_str(), ms_since(t0));
    api->SetVariable("debug_file", "/dev/null");
    tesseract::TessBaseAPI* raw = api.get();
    apis_[languages] = std::move(api);
    return raw;
  }

  tesseract::TessBaseAPI* osd() {
    if (!osd_tried_) {
      osd_tried_ = true;
      auto api = std::make_unique<tesseract::TessBaseAPI>();
      const char* datapath = opt_.tessdata_dir.empty() ? nullptr : opt_.tessdata_dir.c_str();
      if (api->Init(datapath, "osd", tesseract::OEM_TESSERACT_ONLY) == 0) {
        api->SetVariable("debug_file", "/dev/null");
        api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
        osd_ = std::move(api);
      }
    }
    return osd_.get();
  }

  Result<OcrPage> recognize_pix(Pix* source, const OcrHint* hint) {
    const auto started = std::chrono::steady_clock::now();
    OcrPage page;
    auto prepared = prepare(source, &page.warnings);
    if (!prepared) return prepared.error();
    if (trace_enabled()) std::fprintf(stderr, "trace prepare %.0f ms\n", ms_since(started));
    auto result = read_prepared(*prepared, hint, std::move(page));
    if (trace_enabled())
      std::fprintf(stderr, "trace page %.0f ms\n", ms_since(started));
    return result;
  }

  struct Prepared {
    PixPtr gray;  // 8-bit
    int dpi = 300;
    bool enlarged = false;  // its text was small
  };

  // The page as Tesseract should see it: 8-bit gray, over white where it was transparent,
  // with square pixels, within ocr.max_pixels, and with text big enough to read.
  Result<Prepared> prepare(Pix* source, std::vector<std::string>* warnings) const {
    const int w = pixGetWidth(source), h = pixGetHeight(source);
    if (w < kMinSide || h < kMinSide)
      return make_error(ErrorCode::kEmpty, "image of " + std::to_string(w) + "x" + std::to_string(h) +
                                               " pixels is too small to hold text");
    // Transparent pixels keep whatever colour they were given, often black: text drawn on
    // a transparent background would be black on black without this.
    PixPtr opaque;
    if (pixGetDepth(source) == 32 && pixGetSpp(source) == 4) {
      opaque.reset(pixAlphaBlendUniform(source, 0xffffff00));
      if (!opaque) return make_error(ErrorCode::kTooLarge, "cannot lay the transparent image over white");
      source = opaque.get();
    }

    // A fax in standard mode is 204x98 dpi: its letters are half as tall as they should be.
    // The axis of lower resolution is stretched to match the other.
    int xres = 0, yres = 0;
    pixGetResolution(source, &xres, &yres);
    double sx = 1, sy = 1;
    int dpi = xres > 0 ? xres : yres;
    if (xres >= kMinCredibleDpi && yres >= kMinCredibleDpi &&
        std::max(xres, yres) > std::min(xres, yres) * kSquarePixelTolerance) {
      (xres > yres ? sy : sx) = static_cast<double>(std::max(xres, yres)) / std::min(xres, yres);
      dpi = std::max(xres, yres);
    }
    const double pixels = static_cast<double>(w) * h * sx * sy;
    if (pixels > static_cast<double>(opt_.max_pixels)) {
      const double fit = std::sqrt(static_cast<double>(opt_.max_pixels) / pixels);
      sx *= fit;
      sy *= fit;
      if (dpi > 0) dpi = static_cast<int>(dpi * fit);
      warnings->push_back("page of " + std::to_string(w) + "x" + std::to_string(h) +
                          " pixels downscaled to fit ocr.max_pixels");
    }

    // Shrinking happens in the source depth: a 1-bit 30000x30000 scan is 112 MB, in 8 bits
    // 900 MB. 1-bit scans go straight to a smaller gray image (pixScale widens them first).
    PixPtr shrunk;
    const double shrink = std::min({sx, sy, 1.0});
    if (shrink < 1) {
      const auto f = static_cast<float>(shrink);
      shrunk.reset(pixGetDepth(source) == 1 ? pixScaleToGray(source, f) : pixScale(source, f, f));
      if (!shrunk)
        return make_error(ErrorCode::kTooLarge, "cannot downscale a page of " + std::to_string(w) + "x" + std::to_string(h) + " pixels");
    }
    Prepared out;
    out.gray.reset(pixConvertTo8(shrunk ? shrunk.get() : source, 0));
    if (!out.gray) return make_error(ErrorCode::kCorrupt, "cannot convert the image to grayscale");
    shrunk.reset();
    opaque.reset();
    if (sx / shrink > 1.001 || sy / shrink > 1.001) {
      PixPtr stretched(pixScale(out.gray.get(), static_cast<float>(sx / shrink), static_cast<float>(sy / shrink)));
      if (!stretched) return make_error(ErrorCode::kTooLarge, "cannot give the page square pixels");
      out.gray = std::move(stretched);
    }
    const bool dpi_known = dpi >= kMinCredibleDpi && dpi <= kMaxCredibleDpi;
    out.dpi = dpi_known ? dpi : 300;  // missing or implausible resolution

    // Unevenly lit (a photo of a page, a shadow over a scan): Tesseract's one threshold
    // for the page turns the dim side black. Lit evenly again first (see unevenly_lit).
    if (unevenly_lit(out.gray.get())) {
      PixPtr even(pixBackgroundNormSimple(out.gray.get(), nullptr, nullptr));
      if (even) {
        if (trace_enabled()) std::fprintf(stderr, "trace uneven light: evened\n");
        out.gray = std::move(even);
      }
    }

    // Small text (a screenshot, a page scanned at 100 dpi): Tesseract wants letters of
    // 20 pixels or more, and reads Hangul of 10 badly (a Korean page at 72 dpi: 59% CER,
    // enlarged 2x: 2%). Enlarged until its letters are about 24 pixels tall.
    if (const int factor = enlargement(out.gray.get()); factor > 1) {
      PixPtr bigger(pixScale(out.gray.get(), static_cast<float>(factor), static_cast<float>(factor)));
      if (bigger) {
        if (trace_enabled()) std::fprintf(stderr, "trace small text: enlarged %dx\n", factor);
        out.gray = std::move(bigger);
        out.enlarged = true;
        if (dpi_known) out.dpi = std::min(kMaxCredibleDpi, out.dpi * factor);
      }
    }
    return out;
  }

  // Whether the paper is much brighter in some parts of the page than in others. The
  // brightest pixel of each 32x32 block stands for the paper there: on an evenly lit page
  // nine blocks in ten are within a few levels of each other; under a shadow across the
  // page they spread over a hundred. Blocks darker than kBlackBlock are not paper but
  // black areas (pictures, white-on-black text), which lighting cannot explain.
  static bool unevenly_lit(Pix* gray) {
    PixPtr blocks(pixScaleGrayMinMax(gray, 32, 32, L_CHOOSE_MAX));
    if (!blocks) return false;
    const int bw = pixGetWidth(blocks.get()), bh = pixGetHeight(blocks.get());
    if (bw * bh < kMinBlocksForLight) return false;
    std::vector<int> paper;
    paper.reserve(static_cast<size_t>(bw) * bh);
    const l_uint32* data = pixGetData(blocks.get());
    const int wpl = pixGetWpl(blocks.get());
    for (int y = 0; y < bh; ++y)
      for (int x = 0; x < bw; ++x) paper.push_back(GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x));
    auto at = [&](double q) {
      auto it = paper.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(paper.size() - 1));
      std::nth_element(paper.begin(), it, paper.end());
      return *it;
    };
    const int dim = at(0.1), bright = at(0.9);
    return bright >= kMinPaperLevel && dim >= kBlackBlock && bright - dim >= kUnevenLight;
  }

  // The angle, in degrees, by which the page should be turned for its text lines to be
  // level, or 0 when it is level enough or the lines cannot be told. Leptonica sweeps
  // the black-and-white page for the angle at which rows of pixels differ most (text
  // lines and the gaps between them), within kMaxSkewDegrees.
  struct Skew {
    float degrees = 0;  // 0: level enough, or the lines cannot be told
    bool dark = false;  // most of the page is black: white text on a dark page
  };

  // The angle by which the page should be turned for its text lines to be level.
  // Leptonica sweeps the black-and-white page for the angle at which rows of pixels
  // differ most (text lines and the gaps between them), within kMaxSkewDegrees.
  static Skew skew_of(Pix* gray) {
    Skew skew;
    PixPtr binary(black_and_white(gray));
    if (!binary) return skew;
    l_float32 black = 0;
    skew.dark = pixForegroundFraction(binary.get(), &black) == 0 && black > 0.5f;
    // light text on a dark page: its lines are the white rows (a Korean page inverted
    // measured 2.0 degrees where the page is at 1.2)
    if (skew.dark) pixInvert(binary.get(), binary.get());
    l_float32 angle = 0, confidence = 0;
    const auto t0 = std::chrono::steady_clock::now();
    if (pixFindSkewSweepAndSearch(binary.get(), &angle, &confidence, 4, 2, kMaxSkewDegrees, 1.0f, 0.01f) != 0)
      return skew;
    if (trace_enabled())
      std::fprintf(stderr, "trace skew %.2f degrees, confidence %.2f, %.0f ms\n", angle, confidence, ms_since(t0));
    if (confidence >= kMinSkewConfidence && std::fabs(angle) >= kMinSkewDegrees) skew.degrees = angle;
    return skew;
  }

  // The height of the page's letters, 0 when it has too few marks to tell: measured on
  // the connected components of the page made black and white, the height that a
  // quarter of them reach or exceed is about the height of capitals (Latin and Cyrillic)
  // or of whole syllables (Hangul, whose syllables are often two or three components).
  static int letter_height(Pix* gray) {
    PixPtr binary(black_and_white(gray));
    if (!binary) return 0;
    BoxaPtr boxes(pixConnCompBB(binary.get(), 8));
    if (!boxes) return 0;
    std::vector<int> heights;
    const int n = boxaGetCount(boxes.get());
    for (int i = 0; i < n; ++i) {
      l_int32 x, y, bw, bh;
      if (boxaGetBoxGeometry(boxes.get(), i, &x, &y, &bw, &bh) != 0) continue;
      // specks, rules and pictures say nothing about the size of letters
      if (bh >= 5 && bw >= 2 && bh <= 200 && bw <= 400) heights.push_back(bh);
    }
    if (heights.size() < kMinComponentsToMeasure) return 0;
    auto upper_quartile = heights.begin() + static_cast<std::ptrdiff_t>(heights.size() * 3 / 4);
    std::nth_element(heights.begin(), upper_quartile, heights.end());
    return *upper_quartile;
  }

  // How many times the page should be enlarged for its text to be readable: 1, 2 or 3
  // (see letter_height). Pages over kMaxPixelsToMeasure (an A4 page at 200 dpi) are not
  // measured: on those only footnote-sized text would be too small.
  int enlargement(Pix* gray) const {
    const uint64_t pixels = static_cast<uint64_t>(pixGetWidth(gray)) * pixGetHeight(gray);
    if (pixels > kMaxPixelsToMeasure) return 1;
    const int tall = letter_height(gray);
    if (tall == 0 || tall >= kSmallTextHeight) return 1;
    const int factor = static_cast<int>(std::lround(24.0 / tall));
    const int wanted = std::clamp(factor, 2, 3);
    // never past ocr.max_pixels
    for (int f = wanted; f >= 2; --f)
      if (pixels * f * f <= opt_.max_pixels) return f;
    return 1;
  }

  // The page turned upright for each rotation tried, and levelled: made once per
  // rotation, as a page may be read several times the same way up. Also at half scale
  // when its print is large (see large_print_half).
  class PageViews {
   public:
    // max_pixels: a levelled page grows to hold its turned corners (by up to half at 15
    // degrees) unless that would take it past this; then its corners are cut instead.
    PageViews(Pix* gray, PixPtr half, uint64_t max_pixels)
        : gray_(gray), half_(std::move(half)), max_pixels_(max_pixels) {}

    // The page at half scale, or nullptr when its print is not large.
    Pix* half() const { return half_.get(); }

    // The page (at half scale if `halved` and half() is not null) turned `rotation`
    // degrees clockwise, then levelled; nullptr when it cannot be turned (out of memory).
    // Skew is measured only once the page is the right way up: a sideways page scores up
    // to 1.6 with a made-up angle (the English bill of lading turned 90 degrees: -4.1),
    // where upright Korean text scores 1.5 to 2.5.
    Pix* turned(int rotation, bool halved) {
      Pix* page = halved && half_ ? half_.get() : gray_;
      const auto key = std::make_pair(rotation, page == half_.get());
      auto it = views_.find(key);
      if (it != views_.end()) return it->second ? it->second.get() : page;
      PixPtr view;
      if (rotation != 0) {
        view.reset(pixRotateOrth(page, rotation / 90));
        if (!view) return nullptr;
      }
      Pix* upright = view ? view.get() : page;
      // Skewed (a sheet fed crooked, a photo taken at an angle): Tesseract's layout copes
      // with a degree or two, then reads less and less, and at 8 degrees nothing at all.
      if (const Skew skew = skew_of(upright); skew.degrees != 0) {
        constexpr float kRadiansPerDegree = 3.14159265f / 180;
        const int w = pixGetWidth(upright), h = pixGetHeight(upright);
        const double a = std::fabs(skew.degrees) * kRadiansPerDegree;
        const double grown = (w * std::cos(a) + h * std::sin(a)) * (h * std::cos(a) + w * std::sin(a));
        const bool grow = grown <= static_cast<double>(max_pixels_);
        PixPtr level(pixRotate(upright, skew.degrees * kRadiansPerDegree, L_ROTATE_AREA_MAP,
                               skew.dark ? L_BRING_IN_BLACK : L_BRING_IN_WHITE, grow ? w : 0, grow ? h : 0));
        if (level) {
          if (trace_enabled()) std::fprintf(stderr, "trace skew: turned %.2f degrees\n", skew.degrees);
          view = std::move(level);
        }
      }
      Pix* out = view ? view.get() : page;
      views_[key] = std::move(view);
      return out;
    }

   private:
    Pix* gray_;
    PixPtr half_;
    uint64_t max_pixels_;
    std::map<std::pair<int, bool>, PixPtr> views_;  // by rotation and halved; null: the page itself
  };

  // The page at half scale when its print is large: a page of kHalveFromPixels or more,
  // of kMinDpiToHalve dpi or more and not just enlarged (see prepare), whose letters are
  // still kMinHalvedLetterHeight pixels tall at half scale (32 or more in full: 11 pt
  // print and larger at 300 dpi). Otherwise nullptr.
  // - OSD looks at it: OSD first finds characters on the whole page, which at half scale
  //   takes half as long with the same verdicts (bench/ocr). Not a page of less than 250
  //   dpi nor one just enlarged: halved, OSD took a Korean fax (204 dpi) for Latin and a
  //   Korean screenshot for Cyrillic. Nor a page of smaller print: a Korean fund
  //   factsheet at 300 dpi (letters of 18 pixels, 9 at half scale) was Arabic at half
  //   scale and Korean in full.
  // - Latin and Cyrillic are read on it (see read_page).
  static PixPtr large_print_half(const Prepared& prepared) {
    Pix* gray = prepared.gray.get();
    const uint64_t pixels = static_cast<uint64_t>(pixGetWidth(gray)) * pixGetHeight(gray);
    if (pixels < kHalveFromPixels || prepared.dpi < kMinDpiToHalve || prepared.enlarged) return nullptr;
    const auto t0 = std::chrono::steady_clock::now();
    PixPtr half(pixScaleAreaMap2(gray));
    if (!half) return nullptr;
    const int tall = letter_height(half.get());
    if (trace_enabled())
      std::fprintf(stderr, "trace letters of %d pixels at half scale, %.0f ms\n", tall, ms_since(t0));
    if (tall < kMinHalvedLetterHeight) return nullptr;
    return half;
  }

  Result<OcrPage> read_prepared(const Prepared& prepared, const OcrHint* hint, OcrPage page) {
    Pix* gray = prepared.gray.get();
    const int dpi = prepared.dpi;
    PageViews views(gray, large_print_half(prepared), opt_.max_pixels);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(opt_.page_time_limit_seconds * 1000));
    Reading best;
    // The first page's way of reading first: no OSD when it reads well.
    if (hint && !hint->languages.empty()) {
      // a page read with Russian alone (below) does not make the next one Russian-only
      const std::string& hinted = (hint->languages == "rus" && opt_.languages == "auto") ? kRussianWithEnglish : hint->languages;
      best = read_page(views, dpi, hinted, hint->rotation, deadline);
      if (best.ok && !best.timed_out && best.confidence >= kRetryBelowConfidence)
        return finish(russian_recheck(std::move(best), views, dpi, deadline), std::move(page));
    }
    std::string languages = opt_.languages;
    int rotation = 0;
    int weak_rotation = 0;  // a turn OSD is not sure of: tried as well
    bool weak_script = false;
    if (tesseract::TessBaseAPI* o = osd()) {
      Pix* half = views.half();
      // OSD classifies five times this many characters; 10 instead of 50 cuts its time by
      // 60% and keeps every orientation and script verdict on the corpus and the samples
      // right (bench/ocr). Weak script verdicts are double-checked below. Enlarged small
      // text gets the full 50: with 10, a Korean page at 72 dpi was called Greek.
      OsdVerdict verdict = detect(o, half ? half : gray, half ? dpi / 2 : dpi, prepared.enlarged ? 50 : 10);
      if (verdict.ok && !usable_script(verdict) && half) {
        // no script to read the page with (Arabic, say, at 0.00): looked at again in full,
        // with the full 50 characters, before falling back to opt_.fallback_languages
        OsdVerdict again = detect(o, gray, dpi, 50);
        if (again.ok && usable_script(again)) verdict = again;
      }
      if (verdict.ok) {
        // orient_deg is how far the page is turned; this many degrees clockwise undo it
        int clockwise = (360 - verdict.orient_deg) % 360;
        if (verdict.orient_conf >= kMinOrientationConfidence) rotation = clockwise;
        else if (clockwise != 0 && verdict.orient_conf >= kMinWeakOrientationConfidence) weak_rotation = clockwise;
        if (languages == "auto" && usable_script(verdict)) {
          languages = languages_for_script(verdict.script);
          weak_script = !is_cjk_script(verdict.script) && verdict.script_conf < kSureScriptConfidence;
        }
      }
    }
    if (languages == "auto" || languages.empty()) languages = opt_.fallback_languages;
    if (!best.ok || languages != best.languages || rotation != best.rotation) {
      Reading fresh = read_page(views, dpi, languages, rotation, deadline);
      if (!best.ok || (fresh.ok && fresh.confidence > best.confidence)) best = std::move(fresh);
    }
    if (weak_rotation != 0) {
      // OSD names the turn of a sideways or upside-down Korean page right, but often
      // under 1.5 confidence (0.7 to 1.46 on our rotated samples), where on upright pages
      // it says 0: the page is read turned too, and the more confident reading wins
      Reading turned = read_page(views, dpi, languages, weak_rotation, deadline);
      if (turned.ok && (!best.ok || turned.confidence > best.confidence)) best = std::move(turned);
    }
    if (weak_script && languages != opt_.fallback_languages && best.languages != opt_.fallback_languages) {
      // on a tie the fallback wins: the script verdict was a guess
      Reading other = read_page(views, dpi, opt_.fallback_languages, best.rotation, deadline);
      if (other.ok && other.confidence >= best.confidence) best = std::move(other);
    }
    best = russian_recheck(std::move(best), views, dpi, deadline);
    if (!best.ok && best.error) return *best.error;
    return finish(std::move(best), std::move(page));
  }

 private:
  struct OsdVerdict {
    bool ok = false;
    int orient_deg = 0;
    float orient_conf = 0, script_conf = 0;
    std::string script;
  };

  // OSD's verdict on `image`, classifying five times `min_characters` characters.
  static OsdVerdict detect(tesseract::TessBaseAPI* o, Pix* image, int dpi, int min_characters) {
    o->SetVariable("min_characters_to_try", std::to_string(min_characters).c_str());
    o->SetImage(image);
    o->SetSourceResolution(dpi);
    OsdVerdict v;
    const char* script = nullptr;
    const auto t0 = std::chrono::steady_clock::now();
    v.ok = o->DetectOrientationScript(&v.orient_deg, &v.orient_conf, &script, &v.script_conf);
    if (script) v.script = script;
    if (trace_enabled())
      std::fprintf(stderr, "trace osd %dx%d %.0f ms deg=%d oc=%.2f script=%s sc=%.2f\n", pixGetWidth(image),
                   pixGetHeight(image), ms_since(t0), v.orient_deg, v.orient_conf, script ? script : "-",
                   v.script_conf);
    o->Clear();
    return v;
  }

  // Whether the verdict names a script trawl reads: CJK at any confidence (OSD is sure of
  // Korean pages at 0.02, see kMinOrientationConfidence), the others from
  // kMinScriptConfidence.
  static bool usable_script(const OsdVerdict& v) {
    return !languages_for_script(v.script).empty() &&
           (v.script_conf >= kMinScriptConfidence || is_cjk_script(v.script));
  }

  struct Reading {
    bool ok = false;
    bool timed_out = false;
    std::string text;
    double confidence = 0;
    std::string languages;
    int rotation = 0;
    std::optional<Error> error;
    int weak_latin_words = 0;
  };

  // A Cyrillic page whose reading has Latin words of little confidence: the English
  // model misread letters (pre-1918 і and ѣ came out as "ABICHIARD"). Read again with
  // Russian alone, and keep that unless it is clearly less confident (on modern pages
  // with Latin vessel names rus+eng reads 0.9% CER where rus reads 2.5%, which is why
  // it is the default).
  Reading russian_recheck(Reading best, PageViews& views, int dpi, std::chrono::steady_clock::time_point deadline) {
    if (!best.ok || best.timed_out || opt_.languages != "auto" || best.languages != kRussianWithEnglish ||
        best.weak_latin_words == 0)
      return best;
    Reading russian = read_page(views, dpi, "rus", best.rotation, deadline);
    if (russian.ok && !russian.timed_out && russian.confidence + kCyrillicOnlyTolerance >= best.confidence &&
        russian.weak_latin_words == 0)
      return russian;
    return best;
  }

  Result<OcrPage> finish(Reading best, OcrPage page) {
    if (!best.ok && best.timed_out)
      return make_error(ErrorCode::kTimeout, "OCR time limit reached before any text was read (ocr.page_time_limit_seconds)");
    if (!best.ok) return make_error(ErrorCode::kCorrupt, "Tesseract could not analyse the page");
    page.text = std::move(best.text);
    page.confidence = best.confidence;
    page.languages = best.languages;
    page.rotation = best.rotation;
    if (best.timed_out) {
      if (page.text.empty())
        return make_error(ErrorCode::kTimeout, "OCR time limit reached before any text was read (ocr.page_time_limit_seconds)");
      page.warnings.push_back("OCR stopped at the time limit; page text is partial (ocr.page_time_limit_seconds)");
    }
    return page;
  }

  // Reads the page turned `rotation` degrees clockwise with `languages`, in a first
  // segmentation mode, then a second one when the first reads under 80 mean confidence;
  // the more confident reading wins. Measured (docs/ocr.md): with Debian's Korean model
  // automatic layout (psm 3) fails on every Korean page we have (60-91% CER) where one
  // column (psm 4) reads 2-9%; a two-column English page needs automatic layout (9%
  // against 78% CER as one block). So Korean starts with one column, the rest with
  // automatic layout and then one block.
  Reading read_page(PageViews& views, int dpi, const std::string& languages, int rotation,
                    std::chrono::steady_clock::time_point deadline) {
    Reading r;
    r.languages = languages;
    r.rotation = rotation;
    // Korean with other languages: the page is read with Korean alone, what has no Hangul
    // again with the others (see read)
    const std::string others = besides_korean(languages);
    const std::string& model = others.empty() ? languages : kKoreanOnly;
    tesseract::TessBaseAPI* api = api_for(model);
    if (!api) {
      r.error = make_error(ErrorCode::kFatal, "cannot load Tesseract language data '" + model + "'");
      return r;
    }
    const bool korean = languages.find("kor") != std::string::npos;
    // Large Latin and Cyrillic print reads better and faster at half scale (letters of
    // 32 pixels and more, 16 and more halved): the UNLV page 9.4% -> 3.7% CER in three
    // quarters of the time, the bench's other pages the same or better (bench/ocr).
    // Not Hangul: the Korean samples read worse (2.9% -> 3.7%).
    const bool halved = views.half() && !korean;
    Pix* pix = views.turned(rotation, halved);
    if (!pix) {
      r.error = make_error(ErrorCode::kTooLarge, "cannot rotate the page");
      return r;
    }
    if (halved) dpi /= 2;
    const auto first_mode = korean ? tesseract::PSM_SINGLE_COLUMN : tesseract::PSM_AUTO;
    const auto second_mode = korean ? tesseract::PSM_AUTO : tesseract::PSM_SINGLE_BLOCK;
    Reading first = read(api, pix, dpi, first_mode, deadline, languages);
    // one line of text reads the same as one block: no second mode for it
    const bool one_line = first.text.find('\n') == std::string::npos;
    if (first.ok && !first.timed_out && first.confidence < kRetryBelowConfidence &&
        first.confidence >= kNotTextBelowConfidence && !one_line) {
      Reading second = read(api, pix, dpi, second_mode, deadline, languages);
      if (second.ok && second.confidence > first.confidence) first = std::move(second);
    }
    first.languages = languages;
    first.rotation = rotation;
    return first;
  }

  // Runs recognition on the image `api` holds, stopped at `deadline`: true when it ran
  // (*timed_out: stopped by the deadline, what was read so far kept), false when
  // Tesseract failed or no time was left (then *timed_out).
  static bool recognize_by(tesseract::TessBaseAPI* api, std::chrono::steady_clock::time_point deadline,
                           bool* timed_out) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    *timed_out = left.count() <= 0;
    if (*timed_out) return false;
    tesseract::ETEXT_DESC monitor;
    monitor.set_deadline_msecs(static_cast<int32_t>(left.count()));
    const int rc = api->Recognize(&monitor);
    *timed_out = monitor.deadline_exceeded();
    return rc == 0 || *timed_out;
  }

  Reading read(tesseract::TessBaseAPI* api, Pix* pix, int dpi, tesseract::PageSegMode mode,
               std::chrono::steady_clock::time_point deadline, const std::string& languages) {
    Reading r;
    api->SetPageSegMode(mode);
    api->SetImage(pix);
    api->SetSourceResolution(dpi);
    auto t0 = std::chrono::steady_clock::now();
    r.ok = recognize_by(api, deadline, &r.timed_out);
    if (trace_enabled())
      std::fprintf(stderr, "trace read psm=%d %.0f ms conf=%d\n", static_cast<int>(mode), ms_since(t0),
                   api->MeanTextConf());
    if (r.ok) {
      std::unique_ptr<char[]> text(api->GetUTF8Text());
      r.text = text ? std::string(trim(text.get())) : std::string();
      // Tesseract gives 95 for a reading without a word (seen on a page 8 degrees askew),
      // which would pass for a good reading of a page with nothing on it
      r.confidence = r.text.empty() ? 0 : std::max(0, api->MeanTextConf());
      // the page in black and white as Tesseract saw it, for read_missed on a page of
      // text (taken before read_regions gives `api` other images)
      PixPtr ink(!r.timed_out && r.confidence >= kNotTextBelowConfidence ? api->GetThresholdedImage() : nullptr);
      // weak Latin words on a Cyrillic page mean the English model took letters it does
      // not know (pre-1918 і, ѣ; see russian_recheck); a Korean page read with Korean
      // alone has what is not Hangul read again here
      std::vector<PageWord> words = page_words(api);
      // a table of ruled cells side by side is read across, line by line, in every mode:
      // its cells are read one by one instead
      bool in_cells = false;
      if (ink && !r.timed_out)
        if (TableCells table = table_cells(pix, words); !table.cells.empty())
          in_cells = read_cells(api, pix, dpi, table, deadline, &r, &words);
      // one column of text assumed, two side by side would be read across, line by line
      if (mode == tesseract::PSM_SINGLE_COLUMN && !r.timed_out && !in_cells)
        if (auto regions = column_regions(words, pixGetWidth(pix), pixGetHeight(pix)); !regions.empty())
          read_regions(api, pix, dpi, regions, deadline, &r, &words);
      for (const PageWord& w : words)
        if (w.latin_letters >= 3 && w.confidence < kWeakWordConfidence) ++r.weak_latin_words;
      std::vector<Replacement> replacements;
      if (const std::string others = besides_korean(languages); !others.empty() || languages == kKoreanOnly) {
        if (!others.empty()) replacements = reread_non_korean(pix, dpi, deadline, words, others, languages);
        std::vector<Replacement> lines = reread_korean_lines(api, pix, dpi, deadline, words, replacements);
        replacements.insert(replacements.end(), std::make_move_iterator(lines.begin()),
                            std::make_move_iterator(lines.end()));
      } else if (languages == kRussianWithEnglish) {
        replacements = reread_latin_on_cyrillic(pix, dpi, deadline, words);
      }
      std::vector<Insertion> insertions;
      if (ink && std::chrono::steady_clock::now() < deadline) {
        read_lines_of(api, pix, dpi);
        insertions = read_missed(api, ink.get(), deadline, words);
      }
      replacements = with_edits(words, std::move(replacements), insertions);
      if (!replacements.empty()) {
        r.text = with_replacements(r.text, words, replacements);
        r.confidence = confidence_with(words, replacements);
      }
      if (trace_enabled()) std::fprintf(stderr, "trace weak latin words %d\n", r.weak_latin_words);
    }
    api->Clear();
    return r;
  }

  // A word of the last recognition, in reading order.
  struct PageWord {
    std::string text;
    float confidence = 0;
    int left = 0, top = 0, right = 0, bottom = 0;
    int line = 0;           // text line number
    int line_top = 0, line_bottom = 0;  // of the line: a word's box may take in marks above and below
    int latin_letters = 0;  // and no other letters: a Latin word
    bool latin = false;     // has a Latin letter
    bool cyrillic = false;  // has a Cyrillic letter
    bool lookalike = true;  // every Latin letter could be a Cyrillic one (see kCyrillicLookalikes)
    bool hangul = false;    // has a Hangul syllable (not a lone jamo such as ㆍ)
    bool alnum = false;     // has an ASCII or full-width letter or digit
    bool blank = false;     // only whitespace: Tesseract gives such words for table rules
    bool rule = false;      // only vertical bars or underscores: a table rule, a scan's edge
  };

  // Words first..last of the page are to read `text`.
  struct Replacement {
    size_t first, last;
    std::string text;
    int confidence = 0;  // of the new reading, or one of these:
    static constexpr int kOwnConfidence = -1;  // the words keep theirs (text added beside them)
    static constexpr int kNoConfidence = -2;   // the words are gone and count for nothing
  };

  // Text to add before or after a word of the page.
  struct Insertion {
    size_t word;
    bool after;
    std::string text;
    const char* separator;
    int left = 0, top = 0, bottom = 0;  // of the text on the page
  };

  struct Rect {
    int left, top, width, height;
  };

  // `r` of `pix`, cut out; nullptr when it cannot be.
  static PixPtr cut(Pix* pix, const Rect& r) {
    BoxPtr box(boxCreate(r.left, r.top, r.width, r.height));
    return PixPtr(box ? pixClipRectangle(pix, box.get(), nullptr) : nullptr);
  }

  // Two columns of text side by side, which one-column mode reads across (the left
  // column's first line, then the right column's, and so on): the parts of the page to
  // read one after the other instead, or none. Found from the words of that reading:
  // - a gutter: a gap of kGutterLineHeights line heights or more that kMinColumnLines
  //   lines or more have at the same place;
  // - columns of text, not a form or a table: in most of those lines the left part ends
  //   near the gutter and the right part runs to the common right edge (lines of
  //   prose fill their column; labels and values do not);
  // - few lines across the gutter between the first and last line that has it.
  // The parts: the page above the columns, the left column, the right one, the page
  // below.
  static std::vector<Rect> column_regions(const std::vector<PageWord>& words, int width, int height) {
    struct Line {
      int top = 0, bottom = 0;
      std::vector<const PageWord*> words;  // left to right
      int letters = 1;                     // height of its letters
      int right = 0;                       // where its last word ends
    };
    std::vector<Line> lines;
    for (const PageWord& w : words) {
      if (w.blank) continue;
      if (lines.empty() || w.line != lines.back().words.front()->line) lines.push_back({w.top, w.bottom, {}, 1, 0});
      Line& l = lines.back();
      l.top = std::min(l.top, w.top);
      l.bottom = std::max(l.bottom, w.bottom);
      l.words.push_back(&w);
    }
    struct Gap {
      size_t line;
      int left, right;  // the end of the left part, the start of the right one
    };
    std::vector<Gap> gaps;
    for (size_t i = 0; i < lines.size(); ++i) {
      auto& lw = lines[i].words;
      std::sort(lw.begin(), lw.end(), [](const PageWord* a, const PageWord* b) { return a->left < b->left; });
      // the height of letters: the median word's (the line's box also holds the tallest
      // syllable and any stray mark)
      std::vector<int> heights;
      for (const PageWord* w : lw) heights.push_back(w->bottom - w->top);
      std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
      lines[i].letters = std::max(1, heights[heights.size() / 2]);
      // word boxes of Korean overlap (a syllable's box can span the next ones)
      int reach = lw.front()->right;
      for (size_t k = 1; k < lw.size(); ++k) {
        if (lw[k]->left - reach >= kGutterLineHeights * lines[i].letters) gaps.push_back({i, reach, lw[k]->left});
        reach = std::max(reach, lw[k]->right);
      }
      lines[i].right = reach;
    }
    // the place most lines have a gap at
    int best_x = -1;
    std::vector<const Gap*> best;
    for (const Gap& g : gaps) {
      const int x = (g.left + g.right) / 2;
      std::vector<const Gap*> at;
      for (const Gap& o : gaps)
        if (o.left <= x && x <= o.right) at.push_back(&o);
      if (at.size() > best.size()) best = std::move(at), best_x = x;
    }
    if (best.size() < kMinColumnLines) return {};
    // columns of text: the left parts end together, the right parts too
    int left_end = 0, right_end = 0;
    for (const Gap* g : best) {
      left_end = std::max(left_end, g->left);
      right_end = std::max(right_end, lines[g->line].right);
    }
    size_t full = 0;
    size_t first = lines.size(), last = 0;
    for (const Gap* g : best) {
      const Line& l = lines[g->line];
      full += g->left >= left_end - kColumnEdgeLineHeights * l.letters &&
              l.right >= right_end - kColumnEdgeLineHeights * l.letters;
      first = std::min(first, g->line);
      last = std::max(last, g->line);
    }
    if (full * 10 < best.size() * kMinFullColumnLinesTenths) return {};
    size_t across = 0;  // lines with a word across the gutter
    for (size_t i = first; i <= last; ++i)
      across += std::any_of(lines[i].words.begin(), lines[i].words.end(),
                            [&](const PageWord* w) { return w->left < best_x && best_x < w->right; });
    if (across * 5 > last - first + 1) return {};
    // the columns also take the lines next to them that keep to one side of the gutter
    // (the last line of the longer column), up to a line across it (a title, a footer)
    auto beside = [&](const Line& l) {
      bool left = false, right = false;
      for (const PageWord* w : l.words) {
        left |= w->left < best_x;
        right |= w->right > best_x;
      }
      return !(left && right);
    };
    while (first > 0 && beside(lines[first - 1])) --first;
    while (last + 1 < lines.size() && beside(lines[last + 1])) ++last;
    // the columns run from between the line above and the first line with the gutter to
    // between the last one and the line below
    const int top = first == 0 ? 0 : (lines[first - 1].bottom + lines[first].top) / 2;
    const int bottom = last + 1 == lines.size() ? height : (lines[last].bottom + lines[last + 1].top) / 2;
    if (trace_enabled())
      std::fprintf(stderr, "trace columns: gutter at x=%d, %zu of %zu lines full, rows %d-%d\n", best_x, full,
                   best.size(), top, bottom);
    std::vector<Rect> regions;
    if (top > 0) regions.push_back({0, 0, width, top});
    regions.push_back({0, top, best_x, bottom - top});
    regions.push_back({best_x, top, width - best_x, bottom - top});
    if (bottom < height) regions.push_back({0, bottom, width, height - bottom});
    return regions;
  }

  // A table's ruled cells (see table_cells) and its rules.
  struct TableCells {
    std::vector<Rect> cells;
    PixPtr rules;    // 1 bit, the size of the page
    int letter = 0;  // the page's median word height
  };

  // The cells of ruled tables on the page, when two or more of them with ink in them sit
  // side by side: Tesseract reads such a row across, the first line of each cell,
  // then the second, and so on (a bill of lading's "Shipper" and "Bill of lading No."
  // boxes came out as "Shipper Bill of lading No." then "Lantern Bay Shipping Ltd
  // LBS-2024-0311"). Found on the page made black and white at a fixed threshold (not
  // on Tesseract's black-and-white page: its layout analysis has taken the rules out):
  // - rules: runs of ink kTableRuleWidths word heights long across the page, or
  //   kTableRuleHeights down it (no letter is that tall);
  // - cells: the white areas the rules close, at least kMinCellHeightTenths of a word
  //   height tall and kMinCellWidthHeights heights wide, not half the page (a frame
  //   around it), with ink in them, and holding no other cell. Rules that close more
  //   than kMaxTableCells areas are not taken for a form.
  static TableCells table_cells(Pix* gray, const std::vector<PageWord>& words) {
    TableCells out;
    const int width = pixGetWidth(gray), height = pixGetHeight(gray);
    std::vector<int> heights;
    for (const PageWord& w : words)
      if (!w.blank && w.alnum) heights.push_back(w.bottom - w.top);
    if (heights.size() < 4 || pixGetDepth(gray) != 8) return out;
    PixPtr ink(black_and_white(gray));
    if (!ink) return out;
    std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
    const int h = std::max(8, heights[heights.size() / 2]);
    const auto t0 = std::chrono::steady_clock::now();
    // thickened first, so that a rule a degree or two off level (under kMinSkewDegrees
    // pages are not levelled) still runs unbroken along a row or column of pixels
    PixPtr thick_across(pixDilateBrick(nullptr, ink.get(), 1, kRuleThickening));
    PixPtr thick_down(pixDilateBrick(nullptr, ink.get(), kRuleThickening, 1));
    if (!thick_across || !thick_down) return out;
    PixPtr across(pixOpenCompBrick(nullptr, thick_across.get(), kTableRuleWidths * h, 1));
    PixPtr down(pixOpenCompBrick(nullptr, thick_down.get(), 1, kTableRuleHeights * h));
    if (!across || !down) return out;
    // nothing long enough both ways: no table (most pages), and no more work
    l_int32 none_across = 0, none_down = 0;
    pixZero(across.get(), &none_across);
    pixZero(down.get(), &none_down);
    if (none_across || none_down) return out;
    PixPtr rules(pixOr(nullptr, across.get(), down.get()));
    if (!rules) return out;
    // close the gaps where rules meet
    PixPtr joined(pixDilateBrick(nullptr, rules.get(), 5, 5));
    PixPtr open(joined ? pixInvert(nullptr, joined.get()) : nullptr);
    if (!open) return out;
    BoxaPtr boxes(pixConnCompBB(open.get(), 4));
    if (!boxes) return out;
    std::vector<Rect> cells;
    const int n = boxaGetCount(boxes.get());
    if (n > kMaxTableCells) return out;
    for (int i = 0; i < n; ++i) {
      l_int32 x, y, bw, bh;
      if (boxaGetBoxGeometry(boxes.get(), i, &x, &y, &bw, &bh) != 0) continue;
      const bool touches_edge = x <= 0 || y <= 0 || x + bw >= width || y + bh >= height;
      if (touches_edge || bh * 10 < kMinCellHeightTenths * h || bw < kMinCellWidthHeights * h ||
          static_cast<int64_t>(bw) * bh * 2 > static_cast<int64_t>(width) * height)
        continue;
      cells.push_back({x, y, bw, bh});
    }
    auto inside = [](const Rect& a, const Rect& b) {  // a within b
      return a.left >= b.left && a.top >= b.top && a.left + a.width <= b.left + b.width &&
             a.top + a.height <= b.top + b.height;
    };
    // ink in it, read or not (a number in a cell the reading passed over), more than a
    // speck's worth
    auto holds_ink = [&](const Rect& c) {
      PixPtr inside(cut(ink.get(), c));
      return has_ink(inside.get(), h * h / kMinCellInkAreaFraction);
    };
    std::vector<Rect> kept;
    for (const Rect& c : cells) {
      bool holds_cell = false;
      for (const Rect& d : cells) holds_cell |= &c != &d && inside(d, c);
      if (!holds_cell && holds_ink(c)) kept.push_back(c);
    }
    if (trace_enabled()) std::fprintf(stderr, "trace table: %zu cells with ink, %.0f ms\n", kept.size(), ms_since(t0));
    // side by side: overlapping down the page by half the shorter one, apart across it
    bool side_by_side = false;
    for (size_t i = 0; i < kept.size() && !side_by_side; ++i)
      for (size_t j = i + 1; j < kept.size() && !side_by_side; ++j) {
        const Rect &a = kept[i], &b = kept[j];
        const int overlap = std::min(a.top + a.height, b.top + b.height) - std::max(a.top, b.top);
        const bool apart = a.left + a.width <= b.left || b.left + b.width <= a.left;
        side_by_side = apart && overlap * 2 >= std::min(a.height, b.height);
      }
    if (!side_by_side) return out;
    out.cells = std::move(kept);
    out.rules = std::move(joined);  // with their grey edges
    out.letter = h;
    return out;
  }

  // A line of text of a reading, with its words.
  struct TextLine {
    int top = 0;
    int middle = 0;  // the mean of its words' middles, down the page
    bool paragraph = false;  // begins one
    std::string text;
    std::vector<PageWord> words;
  };

  // The lines of the reading `api` holds, whose words (page_words) are `words`. With
  // `fragment_height`, lines only of fragments are left out: pieces under that height
  // read under kMaxFragmentConfidence, or bars (Hangul's lower parts split off a short
  // line: "선하증권 번호" alone gave a line "2" at 12).
  static std::vector<TextLine> text_lines(tesseract::TessBaseAPI* api, const std::vector<PageWord>& words,
                                          int fragment_height = 0) {
    std::vector<TextLine> lines;
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (!it) return lines;
    int index = 0;
    do {
      TextLine line;
      line.paragraph = it->IsAtBeginningOf(tesseract::RIL_PARA);
      std::unique_ptr<char[]> t(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
      line.text = t ? std::string(trim(t.get())) : std::string();
      bool only_fragments = fragment_height > 0;
      for (const PageWord& w : words)
        if (w.line == index) {
          line.words.push_back(w);
          only_fragments &= w.blank || w.rule ||
                            (w.bottom - w.top < fragment_height && w.confidence < kMaxFragmentConfidence);
        }
      ++index;
      if (line.text.empty() || line.words.empty() || only_fragments) continue;
      line.top = line.words.front().top;
      for (const PageWord& w : line.words) {
        line.top = std::min(line.top, w.top);
        line.middle += (w.top + w.bottom) / 2;
      }
      line.middle /= static_cast<int>(line.words.size());
      lines.push_back(std::move(line));
    } while (it->Next(tesseract::RIL_TEXTLINE));
    return lines;
  }

  // Reads the rows of cells of `table` again (see table_cells), the rest of the page as
  // `api` read it (its words are `words`). The rows (cells whose spans down the page
  // overlap) are laid out on a page of their own as one column: each row's cells left
  // to right one below the other, then what stands beside them, without the rules. That
  // page is read as one block (all rows at once: a cell read alone had a line of Hangul
  // split in two; a long table takes several pages, none taller than the page), and
  // its words are put back where they stand. The lines of the first reading outside the
  // rows, and the rows, come top to bottom. On success the text and words replace `r`'s
  // and `words`.
  bool read_cells(tesseract::TessBaseAPI* api, Pix* pix, int dpi, const TableCells& table,
                  std::chrono::steady_clock::time_point deadline, Reading* r, std::vector<PageWord>* words) {
    const int width = pixGetWidth(pix), height = pixGetHeight(pix);
    if (pixGetDepth(pix) != 8 || width != pixGetWidth(table.rules.get()) || height != pixGetHeight(table.rules.get()))
      return false;
    std::vector<TextLine> page_lines = text_lines(api, *words);
    PixPtr clean(pixCopy(nullptr, pix));
    if (!clean || pixSetMasked(clean.get(), table.rules.get(), 255) != 0) return false;
    std::vector<Rect> cells = table.cells;
    std::sort(cells.begin(), cells.end(), [](const Rect& a, const Rect& b) { return a.top < b.top; });
    // a cell is in the row above if it overlaps the row's span by half the shorter of
    // the two (a page a little off level has its cells' boxes overlap the next row's)
    std::vector<std::vector<Rect>> rows;
    int row_top = 0, row_bottom = -1;
    for (const Rect& c : cells) {
      const int overlap = std::min(row_bottom, c.top + c.height) - std::max(row_top, c.top);
      if (rows.empty() || overlap * 2 < std::min(c.height, row_bottom - row_top)) {
        rows.emplace_back();
        row_top = c.top;
        row_bottom = c.top + c.height;
      }
      rows.back().push_back(c);
      row_bottom = std::max(row_bottom, c.top + c.height);
    }
    struct Part {
      PixPtr pix;
      Rect at;     // on the page
      int to = 0;  // top on the new page
    };
    std::vector<Part> parts;
    std::vector<std::pair<int, int>> bands;  // of the rows, down the page
    for (std::vector<Rect>& row : rows) {
      std::sort(row.begin(), row.end(), [](const Rect& a, const Rect& b) { return a.left < b.left; });
      int top = height, bottom = 0;
      for (const Rect& c : row) top = std::min(top, c.top), bottom = std::max(bottom, c.top + c.height);
      for (const Rect& c : row) parts.push_back({cut(clean.get(), c), c});
      // what stands beside the cells, in the row's band
      const Rect band{0, top, width, bottom - top};
      Part beside{cut(clean.get(), band), band};
      if (!beside.pix) return false;
      for (const Rect& c : row) {
        BoxPtr box(boxCreate(c.left, c.top - top, c.width, c.height));
        if (!box || pixSetInRectArbitrary(beside.pix.get(), box.get(), 255) != 0) return false;
      }
      PixPtr beside_ink(black_and_white(beside.pix.get()));
      if (has_ink(beside_ink.get(), table.letter * table.letter / kMinCellInkAreaFraction)) parts.push_back(std::move(beside));
      bands.emplace_back(top, bottom);
    }
    // the rows' lines, each row's in one
    std::vector<TextLine> lines(bands.size());
    for (size_t i = 0; i < bands.size(); ++i) {
      lines[i].top = bands[i].first;
      lines[i].paragraph = true;
    }
    // the parts one below the other, a word's height apart, each where it stands across
    // the page; on new pages no taller than the page itself (a long table takes several)
    api->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
    for (size_t first = 0, last = 0; first < parts.size(); first = last) {
      int canvas_height = table.letter;
      for (last = first; last < parts.size(); ++last) {
        Part& p = parts[last];
        if (!p.pix) return false;
        if (last > first && canvas_height + p.at.height + table.letter > height) break;
        p.to = canvas_height;
        canvas_height += p.at.height + table.letter;
      }
      PixPtr canvas(pixCreate(width, canvas_height, 8));
      if (!canvas || pixSetAllArbitrary(canvas.get(), 255) != 0) return false;
      for (size_t i = first; i < last; ++i) {
        const Part& p = parts[i];
        if (pixRasterop(canvas.get(), p.at.left, p.to, p.at.width, p.at.height, PIX_SRC, p.pix.get(), 0, 0) != 0)
          return false;
      }
      api->SetImage(canvas.get());
      api->SetSourceResolution(dpi);
      bool timed_out = false;
      if (!recognize_by(api, deadline, &timed_out) || timed_out) return false;
      std::vector<PageWord> found = page_words(api);
      // each word back where it stands on the page (across, each part is where it was)
      for (PageWord& w : found) {
        const int middle = (w.top + w.bottom) / 2;
        for (size_t i = first; i < last; ++i) {
          const Part& p = parts[i];
          if (middle >= p.to - table.letter && middle < p.to + p.at.height) {
            w.top += p.at.top - p.to;
            w.bottom += p.at.top - p.to;
            w.line_top += p.at.top - p.to;
            w.line_bottom += p.at.top - p.to;
            break;
          }
        }
      }
      for (TextLine& line : text_lines(api, found, table.letter / 2)) {
        size_t row = 0;
        while (row + 1 < bands.size() && line.middle >= bands[row].second) ++row;
        TextLine& into = lines[row];
        if (!into.text.empty()) into.text += '\n';
        into.text += line.text;
        for (PageWord& w : line.words) into.words.push_back(std::move(w));
      }
    }
    lines.erase(std::remove_if(lines.begin(), lines.end(), [](const TextLine& l) { return l.words.empty(); }),
                lines.end());
    // the page's own lines outside the rows
    for (TextLine& line : page_lines) {
      bool in_row = false;
      for (const auto& [top, bottom] : bands) in_row |= line.middle >= top && line.middle < bottom;
      if (!in_row) lines.push_back(std::move(line));
    }
    std::stable_sort(lines.begin(), lines.end(), [](const TextLine& a, const TextLine& b) { return a.top < b.top; });
    std::string text;
    std::vector<PageWord> all;
    int line_base = 0;
    for (TextLine& line : lines) {
      if (!text.empty()) text += line.paragraph ? "\n\n" : "\n";
      text += line.text;
      // renumber the lines, in order, apart from those of other pieces
      std::map<int, int> renumbered;
      for (PageWord& w : line.words) {
        auto [it, added] = renumbered.emplace(w.line, line_base + static_cast<int>(renumbered.size()));
        w.line = it->second;
        all.push_back(std::move(w));
      }
      line_base += static_cast<int>(renumbered.size());
    }
    if (all.empty()) return false;
    if (trace_enabled()) std::fprintf(stderr, "trace table: %zu cells in %zu rows read one below the other\n", cells.size(), rows.size());
    r->text = std::move(text);
    r->confidence = confidence_with(all, {});
    *words = std::move(all);
    return true;
  }

  // Reads `regions` of `pix` one after the other, each cut out of the page (read in
  // place with SetRectangle, a strip along a dark page edge read as noise where the same
  // strip cut out read right); on success their text and words, in page coordinates,
  // replace `r`'s and `words`.
  void read_regions(tesseract::TessBaseAPI* api, Pix* pix, int dpi, const std::vector<Rect>& regions,
                    std::chrono::steady_clock::time_point deadline, Reading* r, std::vector<PageWord>* words) {
    std::string text;
    std::vector<PageWord> all;
    int line_base = 0;
    for (const Rect& box : regions) {
      if (box.width <= 0 || box.height <= 0) return;
      PixPtr part_pix(cut(pix, box));
      if (!part_pix) return;
      api->SetImage(part_pix.get());
      api->SetSourceResolution(dpi);
      bool timed_out = false;
      if (!recognize_by(api, deadline, &timed_out) || timed_out) return;
      std::unique_ptr<char[]> t(api->GetUTF8Text());
      const std::string part = t ? std::string(trim(t.get())) : std::string();
      if (!part.empty()) text += (text.empty() ? "" : "\n\n") + part;
      int lines = 0;
      for (PageWord& w : page_words(api)) {
        lines = std::max(lines, w.line + 1);
        w.line += line_base;  // lines of different parts must not run together
        w.left += box.left;
        w.right += box.left;
        w.top += box.top;
        w.bottom += box.top;
        w.line_top += box.top;
        w.line_bottom += box.top;
        all.push_back(std::move(w));
      }
      line_base += lines;
    }
    if (all.empty()) return;
    r->text = std::move(text);
    r->confidence = confidence_with(all, {});
    *words = std::move(all);
  }

  static std::vector<PageWord> page_words(tesseract::TessBaseAPI* api) {
    std::vector<PageWord> words;
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (!it) return words;
    int line = -1;
    int line_top = 0, line_bottom = 0;
    do {
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
        ++line;
        int left = 0, right = 0;
        it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &line_top, &right, &line_bottom);
      }
      std::unique_ptr<char[]> w(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!w) continue;
      PageWord word;
      word.text = w.get();
      word.blank = trim(word.text).empty();
      word.rule = !word.text.empty() && word.text.find_first_not_of("|_") == std::string::npos;
      word.confidence = it->Confidence(tesseract::RIL_WORD);
      word.line = line;
      word.line_top = line_top;
      word.line_bottom = line_bottom;
      it->BoundingBox(tesseract::RIL_WORD, &word.left, &word.top, &word.right, &word.bottom);
      int other = 0;
      size_t pos = 0;
      while (pos < word.text.size()) {
        const char32_t c = next_code_point(word.text, pos);
        const bool latin = is_latin_letter(c);
        word.latin_letters += latin;
        word.latin |= latin;
        word.cyrillic |= is_cyrillic_letter(c);
        if (latin && std::strchr(kCyrillicLookalikes, static_cast<char>(c)) == nullptr) word.lookalike = false;
        other += c >= 0x80;
        word.hangul |= is_hangul_syllable(c);
        word.alnum |= latin || (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF5A);
      }
      if (other) word.latin_letters = 0;
      words.push_back(std::move(word));
    } while (it->Next(tesseract::RIL_WORD));
    return words;
  }

  // Reads `box` of the image `api` holds again (one line); empty when it reads nothing
  // or more than one line.
  static std::string read_box(tesseract::TessBaseAPI* api, const Rect& box, int* confidence) {
    api->SetRectangle(box.left, box.top, box.width, box.height);
    std::unique_ptr<char[]> t(api->GetUTF8Text());
    *confidence = api->MeanTextConf();
    std::string text = t ? std::string(trim(t.get())) : std::string();
    if (text.find('\n') != std::string::npos) text.clear();
    return text;
  }

  // Sets `api` to read single lines of `pix`: the boxes of read_again.
  static void read_lines_of(tesseract::TessBaseAPI* api, Pix* pix, int dpi) {
    api->SetImage(pix);
    api->SetSourceResolution(dpi);
    api->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
  }

  struct BoxReading {
    std::string text;    // empty: nothing read, or more than one line
    int confidence = 0;  // of the new reading
    double was = 0;      // the words' own mean confidence
  };

  // Words first..last read again as one box with `api` (set by read_lines_of), beside
  // their own confidence; traced as `what`. The box is `box`, or else the words' own
  // with a few pixels around.
  static BoxReading read_again(tesseract::TessBaseAPI* api, const std::vector<PageWord>& words, size_t first,
                               size_t last, const char* what, std::optional<Rect> box = std::nullopt) {
    if (!box) {
      constexpr int kPad = 3;
      int left = words[first].left, top = words[first].top, right = words[first].right, bottom = words[first].bottom;
      for (size_t i = first + 1; i <= last; ++i) {
        left = std::min(left, words[i].left);
        top = std::min(top, words[i].top);
        right = std::max(right, words[i].right);
        bottom = std::max(bottom, words[i].bottom);
      }
      box = Rect{std::max(0, left - kPad), std::max(0, top - kPad), right - left + 2 * kPad, bottom - top + 2 * kPad};
    }
    BoxReading b;
    const auto t0 = std::chrono::steady_clock::now();
    b.text = read_box(api, *box, &b.confidence);
    b.was = mean_confidence(words, first, last);
    if (trace_enabled()) {
      std::string old;
      for (size_t k = first; k <= last; ++k) old += (k > first ? " " : "") + words[k].text;
      std::fprintf(stderr, "trace %s %.0f ms '%s' %.0f -> '%s' %d\n", what, ms_since(t0), old.c_str(), b.was,
                   b.text.c_str(), b.confidence);
    }
    return b;
  }

  // The replacement of `replacements` that takes in word `i`; replacements.size() if none.
  static size_t covering(const std::vector<Replacement>& replacements, size_t i) {
    for (size_t k = 0; k < replacements.size(); ++k)
      if (replacements[k].first <= i && i <= replacements[k].last) return k;
    return replacements.size();
  }

  // Weak lines of Hangul read again one by one. Read with the page, a line of Hangul
  // comes out worse than the same line read alone with a margin around it: on the corpus
  // bill page "그리고" read "그러고", "위원회" "위원희", "양이원영" "잉이윈영", a full
  // stop was lost, and a middle dot took in the one on the line below ("김영호 ㆍ류호정"),
  // all of which the line read alone gets right. So each line with a Hangul word read
  // under kWeakHangulConfidence, more Hangul words than others, no Latin letters and no
  // table rule, and none of its words in `done` (reread_non_korean's), is read again as
  // one line: across, its words' extent; down, Tesseract's box of the line (a word's box
  // can take in a mark of the line above or below); kLineMarginTenths of its height
  // around that. The new reading replaces the line's when it has Hangul and more
  // confidence.
  std::vector<Replacement> reread_korean_lines(tesseract::TessBaseAPI* api, Pix* pix, int dpi,
                                               std::chrono::steady_clock::time_point deadline,
                                               const std::vector<PageWord>& words,
                                               const std::vector<Replacement>& done) {
    std::vector<Replacement> out;
    read_lines_of(api, pix, dpi);
    const int width = pixGetWidth(pix), height = pixGetHeight(pix);
    int tried = 0;
    for (size_t line_start = 0; line_start < words.size();) {
      size_t line_end = line_start;
      bool weak = false, other = false, edited = false;
      int hangul = 0, foreign = 0;
      int left = width, right = 0;
      while (line_end < words.size() && words[line_end].line == words[line_start].line) {
        edited |= covering(done, line_end) < done.size();
        const PageWord& w = words[line_end++];
        weak |= w.hangul && w.confidence < kWeakHangulConfidence;
        other |= w.latin || w.rule;
        hangul += w.hangul;
        foreign += !w.hangul && w.alnum;
        if (!w.blank) left = std::min(left, w.left), right = std::max(right, w.right);
      }
      const size_t first = line_start, last = line_end - 1;
      line_start = line_end;
      if (!weak || other || edited || foreign >= hangul || right <= left) continue;
      if (++tried > kMaxRereads || std::chrono::steady_clock::now() > deadline) break;
      int top = words[first].line_top, bottom = words[first].line_bottom;
      const int margin = (bottom - top) * kLineMarginTenths / 10;
      left = std::max(0, left - margin), top = std::max(0, top - margin);
      right = std::min(width, right + margin), bottom = std::min(height, bottom + margin);
      if (right <= left || bottom <= top) continue;
      BoxReading b = read_again(api, words, first, last, "korean line", Rect{left, top, right - left, bottom - top});
      if (b.text.empty() || !has_letter(b.text, is_hangul_syllable) || b.confidence <= b.was) continue;
      out.push_back({first, last, std::move(b.text), b.confidence});
    }
    api->Clear();
    return out;
  }

  // The Korean model reads Latin letters as look-alike digits and signs ("IMO" as "1140",
  // "KUM BYOL 3" as "(44 810Ｌ3)"), but knows Hangul far better than kor+eng (which reads
  // "대응을" as "WSS" at 78 confidence, about what a real "IMO" scores). So a Korean page
  // is read with `kor` alone, then line by line:
  // - a line with more words without Hangul than with (an English line, where the Korean
  //   model also makes stray syllables and jamo) is read again, as one box, with all the
  //   page's languages (`mixed`);
  // - on the other lines (and that line when the new reading is not better), each run of
  //   words without Hangul is read again, as one box, with the other languages (`others`).
  // A new reading replaces the old when it is more confident; for a run it must also have
  // Latin letters: numbers are the Korean model's ("1,850톤" reads the same, and the
  // other model adds a sign for the edge of "톤").
  std::vector<Replacement> reread_non_korean(Pix* pix, int dpi, std::chrono::steady_clock::time_point deadline,
                                             const std::vector<PageWord>& words, const std::string& others,
                                             const std::string& mixed) {
    std::vector<Replacement> out;
    tesseract::TessBaseAPI* other_api = api_for(others);
    tesseract::TessBaseAPI* mixed_api = api_for(mixed);
    if (!other_api || !mixed_api) return out;
    for (tesseract::TessBaseAPI* api : {other_api, mixed_api}) read_lines_of(api, pix, dpi);
    auto reread = [&](tesseract::TessBaseAPI* api, size_t first, size_t last, bool need_latin) {
      BoxReading b = read_again(api, words, first, last, api == mixed_api ? "line" : "run");
      if (b.text.empty() || (need_latin && !has_letter(b.text, is_latin_letter)) || b.confidence <= b.was) return false;
      out.push_back({first, last, std::move(b.text), b.confidence});
      return true;
    };
    int tried = 0;
    for (size_t line_start = 0; line_start < words.size();) {
      size_t line_end = line_start;  // one past the line's last word
      int hangul = 0, foreign = 0;
      while (line_end < words.size() && words[line_end].line == words[line_start].line) {
        hangul += words[line_end].hangul;
        foreign += !words[line_end].hangul && words[line_end].alnum;
        ++line_end;
      }
      const size_t first = line_start;
      line_start = line_end;
      if (foreign == 0) continue;
      // bounded: a mostly Latin page called Korean, or the page's time limit
      if (std::chrono::steady_clock::now() > deadline) break;
      if (foreign > hangul) {
        if (++tried > kMaxRereads) break;
        if (reread(mixed_api, first, line_end - 1, false)) continue;
      }
      for (size_t i = first; i < line_end;) {
        if (words[i].hangul) {
          ++i;
          continue;
        }
        size_t last = i;
        bool alnum = words[i].alnum;
        while (last + 1 < line_end && !words[last + 1].hangul) alnum |= words[++last].alnum;
        const size_t run = i;
        i = last + 1;
        if (!alnum) continue;
        if (++tried > kMaxRereads) break;
        reread(other_api, run, last, true);
      }
    }
    for (tesseract::TessBaseAPI* api : {other_api, mixed_api}) api->Clear();
    return out;
  }

  // On a Cyrillic page read with rus+eng, the English model sometimes takes capitals that
  // look alike for Latin: «КУМ БЁЛЬ 3» came out «KYM BEJIb 3» at 92 confidence,
  // КОНОСАМЕНТ as KOHOCAMEHT. Each run of words with Latin letters and no Cyrillic ones is
  // read again, as one box, with Russian alone; the new reading replaces the old when it
  // has Cyrillic letters and either more confidence, or, when every Latin letter of the run
  // has a Cyrillic double, kMinLookalikeConfidence: the shapes say nothing there, and the
  // page is Cyrillic. Real Latin names (AMUR FALCON: 94 -> 62 as АМОВ РАГСОМ) stay.
  std::vector<Replacement> reread_latin_on_cyrillic(Pix* pix, int dpi, std::chrono::steady_clock::time_point deadline,
                                                    const std::vector<PageWord>& words) {
    std::vector<Replacement> out;
    tesseract::TessBaseAPI* russian = api_for("rus");
    if (!russian) return out;
    read_lines_of(russian, pix, dpi);
    int tried = 0;
    for (size_t i = 0; i < words.size();) {
      if (!words[i].latin || words[i].cyrillic) {
        ++i;
        continue;
      }
      size_t last = i;
      bool lookalike = words[i].lookalike;
      while (last + 1 < words.size() && words[last + 1].line == words[i].line && words[last + 1].latin &&
             !words[last + 1].cyrillic)
        lookalike &= words[++last].lookalike;
      const size_t first = i;
      i = last + 1;
      if (++tried > kMaxRereads || std::chrono::steady_clock::now() > deadline) break;
      BoxReading b = read_again(russian, words, first, last, "latin run");
      if (has_letter(b.text, is_cyrillic_letter) &&
          (b.confidence > b.was || (lookalike && b.confidence >= kMinLookalikeConfidence)))
        out.push_back({first, last, std::move(b.text), b.confidence});
    }
    russian->Clear();
    return out;
  }

  // Lines of text the reading left out. Tesseract's layout can pass over text: in one
  // column mode, a table cell whose two-line label ("의안 / 번호") sits beside a number
  // between those lines lost the number (the bill number 25318). So the ink of `ink`
  // (the page in black and white as Tesseract read it) outside every word box is looked
  // at (leftover_lines); each line of kMinMissedMarks marks or more is read with `api`
  // (set by read_lines_of), kept from kMinMissedConfidence, and put where it stands
  // (place_missed). Table rules, stamps and photos are not of letter size, or read with
  // little confidence.
  static std::vector<Insertion> read_missed(tesseract::TessBaseAPI* api, Pix* ink,
                                     std::chrono::steady_clock::time_point deadline,
                                     const std::vector<PageWord>& words) {
    std::vector<Insertion> out;
    std::vector<int> heights;
    for (const PageWord& w : words)
      if ((w.alnum || w.hangul || w.cyrillic) && w.bottom > w.top) heights.push_back(w.bottom - w.top);
    if (heights.size() < 3) return out;
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    const int h = heights[heights.size() / 2];  // the page's letter height
    if (h < kMinSide) return out;
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<InkLine> lines = leftover_lines(ink, words, h);
    const int width = pixGetWidth(ink), height = pixGetHeight(ink);
    for (InkLine& line : lines) {
      if (std::chrono::steady_clock::now() > deadline) break;
      const int pad = h / 4;
      const int x = std::max(0, line.left - pad), y = std::max(0, line.top - pad);
      api->SetRectangle(x, y, std::min(width, line.right + pad) - x, std::min(height, line.bottom + pad) - y);
      std::unique_ptr<char[]> t(api->GetUTF8Text());
      const int confidence = api->MeanTextConf();
      std::string text = t ? std::string(trim(t.get())) : std::string();
      int letters = 0;
      for (size_t pos = 0; pos < text.size();) {
        const char32_t c = next_code_point(text, pos);
        letters += (c >= '0' && c <= '9') || is_latin_letter(c) || is_cyrillic_letter(c) || is_hangul_syllable(c);
      }
      const bool kept = letters >= 2 && confidence >= kMinMissedConfidence && text.find('\n') == std::string::npos;
      if (trace_enabled())
        std::fprintf(stderr, "trace missed %d marks at %d,%d %dx%d: '%s' %d%s\n", static_cast<int>(line.marks),
                     line.left, line.top, line.right - line.left, line.bottom - line.top, text.c_str(), confidence,
                     kept ? "" : " (left)");
      if (kept)
        if (auto in = place_missed(words, line, h, std::move(text))) out.push_back(std::move(*in));
    }
    // in reading order where several go beside one word (the lines were read largest
    // first): within a line from left to right, lines of their own from top to bottom
    auto order = [](const Insertion& a) {
      return std::make_tuple(a.word, a.after, *a.separator == '\n' ? (a.top + a.bottom) / 2 : a.left);
    };
    std::sort(out.begin(), out.end(), [&](const Insertion& a, const Insertion& b) { return order(a) < order(b); });
    if (trace_enabled())
      std::fprintf(stderr, "trace missed: %zu lines read, %zu kept, %.0f ms\n", lines.size(), out.size(), ms_since(t0));
    return out;
  }

  // A line of marks outside the words.
  struct InkLine {
    int left = INT32_MAX, top = INT32_MAX, right = 0, bottom = 0;
    size_t marks = 0;
  };

  // The lines of ink outside every word box, largest first, at most kMaxMissedReads:
  // connected components of letter size (for letters `h` tall) grouped into lines when
  // on one row and at most kMarkGapHeights apart, kMinMissedMarks or more to a line.
  static std::vector<InkLine> leftover_lines(Pix* ink, const std::vector<PageWord>& words, int h) {
    std::vector<InkLine> lines;
    PixPtr left(pixCopy(nullptr, ink));
    if (!left) return lines;
    constexpr int kPad = 2;
    for (const PageWord& w : words)
      if (w.right > w.left && w.bottom > w.top)
        pixRasterop(left.get(), w.left - kPad, w.top - kPad, w.right - w.left + 2 * kPad,
                    w.bottom - w.top + 2 * kPad, PIX_CLR, nullptr, 0, 0);
    std::vector<Rect> marks;
    {
      BoxaPtr boxes(pixConnCompBB(left.get(), 8));
      const int n = boxes ? boxaGetCount(boxes.get()) : 0;
      for (int i = 0; i < n; ++i) {
        Rect m{};
        if (boxaGetBoxGeometry(boxes.get(), i, &m.left, &m.top, &m.width, &m.height) != 0) continue;
        if (m.height * 10 < h * kMinMarkHeightTenths || m.height * 10 > h * kMaxMarkHeightTenths ||
            m.width > h * kMaxMarkWidth || m.width * 10 < h)
          continue;
        marks.push_back(m);
      }
    }
    if (marks.size() < kMinMissedMarks || marks.size() > kMaxLeftoverMarks) return lines;
    std::sort(marks.begin(), marks.end(), [](const Rect& a, const Rect& b) { return a.left < b.left; });
    std::vector<size_t> parent(marks.size());
    for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
    auto root = [&](size_t i) {
      while (parent[i] != i) i = parent[i] = parent[parent[i]];
      return i;
    };
    const int gap = static_cast<int>(kMarkGapHeights * h);
    for (size_t i = 0; i < marks.size(); ++i) {
      const Rect& a = marks[i];
      for (size_t j = i + 1; j < marks.size() && marks[j].left - (a.left + a.width) <= gap; ++j) {
        const Rect& b = marks[j];
        const int overlap = std::min(a.top + a.height, b.top + b.height) - std::max(a.top, b.top);
        if (overlap * 2 >= std::min(a.height, b.height)) parent[root(j)] = root(i);
      }
    }
    std::map<size_t, InkLine> by_root;
    for (size_t i = 0; i < marks.size(); ++i) {
      InkLine& g = by_root[root(i)];
      g.left = std::min(g.left, marks[i].left);
      g.top = std::min(g.top, marks[i].top);
      g.right = std::max(g.right, marks[i].left + marks[i].width);
      g.bottom = std::max(g.bottom, marks[i].top + marks[i].height);
      ++g.marks;
    }
    for (const auto& [r, g] : by_root)
      if (g.marks >= kMinMissedMarks && g.bottom - g.top <= 2 * h) lines.push_back(g);
    std::sort(lines.begin(), lines.end(), [](const InkLine& a, const InkLine& b) { return a.marks > b.marks; });
    if (lines.size() > static_cast<size_t>(kMaxMissedReads)) lines.resize(kMaxMissedReads);
    return lines;
  }

  // Where `text`, read from `line`, goes: in the line of words that has a word across its
  // middle (the word that overlaps it most), after the last word to its left or before
  // the first; else as a line of its own after the last word above its middle, or before
  // the page's first word. Words of blank text (a table rule) are no anchors.
  static std::optional<Insertion> place_missed(const std::vector<PageWord>& words, const InkLine& line, int h,
                                               std::string text) {
    const int middle = (line.top + line.bottom) / 2;
    size_t across = words.size();
    int most = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i].blank || words[i].top > middle || words[i].bottom < middle) continue;
      const int overlap = std::min(line.bottom, words[i].bottom) - std::max(line.top, words[i].top);
      if (overlap > most) most = overlap, across = i;
    }
    size_t after = words.size(), first = words.size();
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i].blank) continue;
      if (across < words.size()) {
        if (words[i].line != words[across].line) continue;
        if (words[i].right <= line.left + h / 2) after = i;
      } else if ((words[i].top + words[i].bottom) / 2 < middle) {
        after = i;
      }
      first = std::min(first, i);
    }
    const char* separator = across < words.size() ? " " : "\n";
    if (after < words.size()) return Insertion{after, true, std::move(text), separator, line.left, line.top, line.bottom};
    if (first < words.size()) return Insertion{first, false, std::move(text), separator, line.left, line.top, line.bottom};
    return std::nullopt;
  }

  // The page's edits in word order: `replacements` (made in word order), the words that
  // are only vertical bars or underscores dropped (Tesseract's reading of a table rule or
  // a scan's edge: "의안 |", "1,200 metric tons |", the same at half scale "tons _"; and
  // a form's blanks "____", which nobody searches for), and `insertions`, each joined to
  // the replacement of its word if there is one.
  static std::vector<Replacement> with_edits(const std::vector<PageWord>& words, std::vector<Replacement> replacements,
                                             const std::vector<Insertion>& insertions) {
    for (size_t i = 0; i < words.size(); ++i)
      if (words[i].rule && covering(replacements, i) == replacements.size())
        replacements.push_back({i, i, std::string(), Replacement::kNoConfidence});
    for (const Insertion& in : insertions) {
      const size_t at = covering(replacements, in.word);
      if (at == replacements.size())
        replacements.push_back({in.word, in.word, words[in.word].text, Replacement::kOwnConfidence});
      Replacement* r = &replacements[at];
      if (r->text.empty()) r->text = in.text;
      else if (in.after) r->text += in.separator + in.text;
      else r->text = in.text + in.separator + r->text;
    }
    std::sort(replacements.begin(), replacements.end(),
              [](const Replacement& a, const Replacement& b) { return a.first < b.first; });
    return replacements;
  }

  static double mean_confidence(const std::vector<PageWord>& words, size_t first, size_t last) {
    double sum = 0;
    for (size_t k = first; k <= last; ++k) sum += words[k].confidence;
    return sum / static_cast<double>(last - first + 1);
  }

  // The mean word confidence once the replacements are made (each replacement counts
  // for the words it replaces, with its own confidence).
  static double confidence_with(const std::vector<PageWord>& words, const std::vector<Replacement>& replacements) {
    if (words.empty()) return 0;
    std::vector<double> conf(words.size());
    for (size_t i = 0; i < words.size(); ++i) conf[i] = words[i].confidence;
    for (const Replacement& r : replacements)
      if (r.confidence != Replacement::kOwnConfidence)
        for (size_t i = r.first; i <= r.last; ++i) conf[i] = r.confidence;
    double sum = 0;
    size_t counted = 0;
    for (double c : conf)
      if (c != Replacement::kNoConfidence) sum += c, ++counted;
    if (counted == 0) return 0;
    return std::round(std::max(0.0, sum / static_cast<double>(counted)) * 10) / 10;
  }

  // The page text with words replaced where they stand. Words come in reading order;
  // the spacing is the text's, not the iterator's (Korean words there are often single
  // syllables). A replacement whose words cannot all be found is left out.
  static std::string with_replacements(const std::string& page, const std::vector<PageWord>& words,
                                       const std::vector<Replacement>& replacements) {
    std::vector<size_t> at(words.size(), std::string::npos);
    size_t cursor = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      // Tesseract sometimes gives a word of one space, which would match the gap after
      // the next word and hide it
      if (words[i].blank) continue;
      at[i] = page.find(words[i].text, cursor);
      if (at[i] != std::string::npos) cursor = at[i] + words[i].text.size();
    }
    std::string text;
    cursor = 0;
    for (const Replacement& r : replacements) {
      bool found = true;
      for (size_t i = r.first; i <= r.last; ++i) found &= at[i] != std::string::npos;
      if (!found || at[r.first] < cursor) continue;
      text.append(page, cursor, at[r.first] - cursor);
      text += r.text;
      cursor = at[r.last] + words[r.last].text.size();
      // a word dropped takes the spaces after it along, and those before it at the end
      // of a line
      if (r.text.empty()) {
        while (cursor < page.size() && page[cursor] == ' ') ++cursor;
        if (cursor == page.size() || page[cursor] == '\n')
          while (!text.empty() && text.back() == ' ') text.pop_back();
      }
    }
    text.append(page, cursor, std::string::npos);
    return text;
  }

  OcrOptions opt_;
  std::map<std::string, std::unique_ptr<tesseract::TessBaseAPI>> apis_;
  std::unique_ptr<tesseract::TessBaseAPI> osd_;
  bool osd_tried_ = false;
};

}  // namespace

Result<std::unique_ptr<OcrEngine>> OcrEngine::create(const OcrOptions& options) {
  auto engine = std::make_unique<TesseractEngine>(options);
  std::string error;
  if (!engine->warm_up(&error)) return make_error(ErrorCode::kFatal, error);
  return std::unique_ptr<OcrEngine>(std::move(engine));
}

}  // namespace trawl
