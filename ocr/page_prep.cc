#include "ocr/page_prep.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>

namespace trawl {
namespace {

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
// Large print (see large_print_half): OSD, and reading in Latin and Cyrillic, are done on
// the page at half scale from this size, resolution and height of letters at half scale.
constexpr uint64_t kHalveFromPixels = 1'500'000;
constexpr int kMinDpiToHalve = 250;
constexpr int kMinHalvedLetterHeight = 16;

struct ImageHeader {
  int format = 0, width = 0, height = 0;
  uint64_t raster = 0;  // bytes of the decoded image
};

// A PNG whose chunks stop before IEND is truncated. libpng would say so on stderr from
// inside Leptonica's reader, where it cannot be silenced; checking the chunk lengths
// first gives our own one-line reason instead.
bool png_truncated(std::string_view bytes) {
  size_t pos = 8;  // after the signature
  while (pos + 12 <= bytes.size()) {
    auto b = [&](size_t i) {
      return static_cast<uint32_t>(static_cast<unsigned char>(bytes[pos + i]));
    };
    const uint32_t length = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
    if (bytes.substr(pos + 4, 4) == "IEND") return false;
    if (length > bytes.size() - pos - 12) return true;
    pos += 12 + length;
  }
  return true;
}

// The header of an image file, checked: a readable header, at least kMinSide pixels.
Result<ImageHeader> read_header(std::string_view bytes) {
  quiet_leptonica();
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
  if (bytes.size() < 8 ||
      pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &iscmap) != 0 || w <= 0 ||
      h <= 0)
    return make_error(ErrorCode::kCorrupt, "damaged image: no readable header");
  if (w < kMinSide || h < kMinSide)
    return make_error(ErrorCode::kEmpty, "image of " + std::to_string(w) + "x" + std::to_string(h) +
                                             " pixels is too small to hold text");
  // Leptonica keeps 1-bit images at 1 bit and widens colour to 32 bits per pixel.
  const int depth = bps * spp <= 1 ? 1 : bps * spp <= 8 ? 8 : bps * spp <= 16 ? 16 : 32;
  const uint64_t pixels = static_cast<uint64_t>(w) * static_cast<uint64_t>(h);
  return ImageHeader{format, w, h, pixels * depth / 8};
}

Error too_large(const ImageHeader& header) {
  return make_error(ErrorCode::kTooLarge, "image of " + std::to_string(header.width) + "x" +
                                              std::to_string(header.height) +
                                              " pixels would need " +
                                              std::to_string(header.raster >> 20) +
                                              " MB to decode (ocr.max_image_bytes)");
}

int tiff_pages(std::string_view bytes) {
  FILE* f = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  if (!f) return 0;
  l_int32 n = 0;
  if (tiffGetCount(f, &n) != 0) n = 0;
  std::fclose(f);
  return n;
}

// Whether the paper is much brighter in some parts of the page than in others. The
// brightest pixel of each 32x32 block stands for the paper there: on an evenly lit page
// nine blocks in ten are within a few levels of each other; under a shadow across the
// page they spread over a hundred. Blocks darker than kBlackBlock are not paper but
// black areas (pictures, white-on-black text), which lighting cannot explain.
bool unevenly_lit(Pix* gray) {
  PixPtr blocks(pixScaleGrayMinMax(gray, 32, 32, L_CHOOSE_MAX));
  if (!blocks) return false;
  const int bw = pixGetWidth(blocks.get()), bh = pixGetHeight(blocks.get());
  if (bw * bh < kMinBlocksForLight) return false;
  std::vector<int> paper;
  paper.reserve(static_cast<size_t>(bw) * bh);
  const l_uint32* data = pixGetData(blocks.get());
  const int wpl = pixGetWpl(blocks.get());
  for (int y = 0; y < bh; ++y)
    for (int x = 0; x < bw; ++x)
      paper.push_back(GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x));
  auto at = [&](double q) {
    auto it =
        paper.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(paper.size() - 1));
    std::nth_element(paper.begin(), it, paper.end());
    return *it;
  };
  const int dim = at(0.1), bright = at(0.9);
  return bright >= kMinPaperLevel && dim >= kBlackBlock && bright - dim >= kUnevenLight;
}

struct Skew {
  float degrees = 0;  // 0: level enough, or the lines cannot be told
  bool dark = false;  // most of the page is black: white text on a dark page
};

// The angle by which the page should be turned for its text lines to be level.
// Leptonica sweeps the black-and-white page for the angle at which rows of pixels
// differ most (text lines and the gaps between them), within kMaxSkewDegrees.
Skew skew_of(Pix* gray, Trace trace) {
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
  if (pixFindSkewSweepAndSearch(binary.get(), &angle, &confidence, 4, 2, kMaxSkewDegrees, 1.0f,
                                0.01f) != 0)
    return skew;
  trace("skew %.2f degrees, confidence %.2f, %.0f ms", angle, confidence, ms_since(t0));
  if (confidence >= kMinSkewConfidence && std::fabs(angle) >= kMinSkewDegrees) skew.degrees = angle;
  return skew;
}

// The height of the page's letters, 0 when it has too few marks to tell: measured on
// the connected components of the page made black and white, the height that a
// quarter of them reach or exceed is about the height of capitals (Latin and Cyrillic)
// or of whole syllables (Hangul, whose syllables are often two or three components).
int letter_height(Pix* gray) {
  PixPtr binary(black_and_white(gray));
  if (!binary) return 0;
  BoxaPtr boxes(pixConnCompBB(binary.get(), 8));
  if (!boxes) return 0;
  std::vector<int> heights;
  for (const Rect& r : rects_of(boxes.get()))
    // specks, rules and pictures say nothing about the size of letters
    if (r.height >= 5 && r.width >= 2 && r.height <= 200 && r.width <= 400)
      heights.push_back(r.height);
  if (heights.size() < kMinComponentsToMeasure) return 0;
  auto upper_quartile = heights.begin() + static_cast<std::ptrdiff_t>(heights.size() * 3 / 4);
  std::nth_element(heights.begin(), upper_quartile, heights.end());
  return *upper_quartile;
}

// How many times the page should be enlarged for its text to be readable: 1, 2 or 3
// (see letter_height), never past `max_pixels`. Pages over kMaxPixelsToMeasure (an A4
// page at 200 dpi) are not measured: on those only footnote-sized text would be too small.
int enlargement(Pix* gray, uint64_t max_pixels) {
  const uint64_t pixels = static_cast<uint64_t>(pixGetWidth(gray)) * pixGetHeight(gray);
  if (pixels > kMaxPixelsToMeasure) return 1;
  const int tall = letter_height(gray);
  if (tall == 0 || tall >= kSmallTextHeight) return 1;
  const int factor = static_cast<int>(std::lround(24.0 / tall));
  const int wanted = std::clamp(factor, 2, 3);
  for (int f = wanted; f >= 2; --f)
    if (pixels * f * f <= max_pixels) return f;
  return 1;
}

}  // namespace

void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

Result<int> count_image_pages(std::string_view bytes, const OcrOptions& options) {
  auto header = read_header(bytes);
  if (!header) return header.error();
  if (header->format != IFF_JFIF_JPEG && header->raster > options.max_image_bytes)
    return too_large(*header);
  if (header->format != IFF_JFIF_JPEG && L_FORMAT_IS_TIFF(header->format)) {
    const int count = tiff_pages(bytes);
    return count > 0 ? count : 1;
  }
  return 1;
}

Result<DecodedPage> decode_image_page(std::string_view bytes, int index,
                                      const OcrOptions& options) {
  auto header = read_header(bytes);
  if (!header) return header.error();
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  if (header->format == IFF_JFIF_JPEG) {
    if (index != 0) return make_error(ErrorCode::kNotFound, "a JPEG has one page");
    const uint64_t pixels =
        static_cast<uint64_t>(header->width) * static_cast<uint64_t>(header->height);
    int reduction = 1;
    while (reduction < 8 &&
           pixels / (static_cast<uint64_t>(reduction) * reduction) > options.max_pixels)
      reduction *= 2;
    DecodedPage page;
    page.pix.reset(pixReadMemJpeg(data, bytes.size(), 0, reduction, nullptr, 0));
    if (!page.pix) return make_error(ErrorCode::kCorrupt, "damaged JPEG: cannot decode");
    if (reduction > 1)
      page.warning = "image of " + std::to_string(header->width) + "x" +
                     std::to_string(header->height) + " pixels decoded at 1/" +
                     std::to_string(reduction) + " scale (ocr.max_pixels)";
    return page;
  }
  if (header->raster > options.max_image_bytes) return too_large(*header);
  if (L_FORMAT_IS_TIFF(header->format)) {
    PixPtr pix(pixReadMemTiff(data, bytes.size(), index));
    if (!pix)
      return make_error(ErrorCode::kCorrupt,
                        "TIFF page " + std::to_string(index + 1) + " cannot be decoded");
    return DecodedPage{std::move(pix), {}};
  }
  if (index != 0) return make_error(ErrorCode::kNotFound, "the image has one page");
  if (header->format == IFF_PNG && png_truncated(bytes))
    return make_error(ErrorCode::kCorrupt,
                      "damaged image: truncated PNG (its chunks end before IEND)");
  PixPtr pix(pixReadMem(data, bytes.size()));
  if (!pix) return make_error(ErrorCode::kCorrupt, "damaged image: cannot decode");
  return DecodedPage{std::move(pix), {}};
}

Result<PixPtr> pix_from_gray(const GrayImage& image) {
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
  return pix;
}

Result<Prepared> prepare(Pix* source, const OcrOptions& options, Trace trace) {
  const int w = pixGetWidth(source), h = pixGetHeight(source);
  if (w < kMinSide || h < kMinSide)
    return make_error(ErrorCode::kEmpty, "image of " + std::to_string(w) + "x" + std::to_string(h) +
                                             " pixels is too small to hold text");
  // Transparent pixels keep whatever colour they were given, often black: text drawn on
  // a transparent background would be black on black without this.
  PixPtr opaque;
  if (pixGetDepth(source) == 32 && pixGetSpp(source) == 4) {
    opaque.reset(pixAlphaBlendUniform(source, 0xffffff00));
    if (!opaque)
      return make_error(ErrorCode::kTooLarge, "cannot lay the transparent image over white");
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
  Prepared out;
  const double pixels = static_cast<double>(w) * h * sx * sy;
  if (pixels > static_cast<double>(options.max_pixels)) {
    const double fit = std::sqrt(static_cast<double>(options.max_pixels) / pixels);
    sx *= fit;
    sy *= fit;
    if (dpi > 0) dpi = static_cast<int>(dpi * fit);
    out.warnings.push_back("page of " + std::to_string(w) + "x" + std::to_string(h) +
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
      return make_error(ErrorCode::kTooLarge, "cannot downscale a page of " + std::to_string(w) +
                                                  "x" + std::to_string(h) + " pixels");
  }
  out.gray.reset(pixConvertTo8(shrunk ? shrunk.get() : source, 0));
  if (!out.gray) return make_error(ErrorCode::kCorrupt, "cannot convert the image to grayscale");
  shrunk.reset();
  opaque.reset();
  if (sx / shrink > 1.001 || sy / shrink > 1.001) {
    PixPtr stretched(
        pixScale(out.gray.get(), static_cast<float>(sx / shrink), static_cast<float>(sy / shrink)));
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
      trace("uneven light: evened");
      out.gray = std::move(even);
    }
  }

  // Small text (a screenshot, a page scanned at 100 dpi): Tesseract wants letters of
  // 20 pixels or more, and reads Hangul of 10 badly (a Korean page at 72 dpi: 59% CER,
  // enlarged 2x: 2%). Enlarged until its letters are about 24 pixels tall.
  if (const int factor = enlargement(out.gray.get(), options.max_pixels); factor > 1) {
    PixPtr bigger(pixScale(out.gray.get(), static_cast<float>(factor), static_cast<float>(factor)));
    if (bigger) {
      trace("small text: enlarged %dx", factor);
      out.gray = std::move(bigger);
      out.enlarged = true;
      if (dpi_known) out.dpi = std::min(kMaxCredibleDpi, out.dpi * factor);
    }
  }
  return out;
}

// Not a page of less than 250 dpi nor one just enlarged: halved, OSD took a Korean fax
// (204 dpi) for Latin and a Korean screenshot for Cyrillic. Nor a page of smaller print:
// a Korean fund factsheet at 300 dpi (letters of 18 pixels, 9 at half scale) was Arabic
// at half scale and Korean in full. OSD finds characters on the whole page first, which
// at half scale takes half as long with the same verdicts (bench/ocr).
PixPtr large_print_half(const Prepared& prepared, Trace trace) {
  Pix* gray = prepared.gray.get();
  const uint64_t pixels = static_cast<uint64_t>(pixGetWidth(gray)) * pixGetHeight(gray);
  if (pixels < kHalveFromPixels || prepared.dpi < kMinDpiToHalve || prepared.enlarged)
    return nullptr;
  const auto t0 = std::chrono::steady_clock::now();
  PixPtr half(pixScaleAreaMap2(gray));
  if (!half) return nullptr;
  const int tall = letter_height(half.get());
  trace("letters of %d pixels at half scale, %.0f ms", tall, ms_since(t0));
  if (tall < kMinHalvedLetterHeight) return nullptr;
  return half;
}

Pix* PageViews::turned(int rotation, bool halved) {
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
  if (const Skew skew = skew_of(upright, trace_); skew.degrees != 0) {
    constexpr float kRadiansPerDegree = 3.14159265f / 180;
    const int w = pixGetWidth(upright), h = pixGetHeight(upright);
    const double a = std::fabs(skew.degrees) * kRadiansPerDegree;
    const double grown = (w * std::cos(a) + h * std::sin(a)) * (h * std::cos(a) + w * std::sin(a));
    const bool grow = grown <= static_cast<double>(max_pixels_);
    PixPtr level(pixRotate(upright, skew.degrees * kRadiansPerDegree, L_ROTATE_AREA_MAP,
                           skew.dark ? L_BRING_IN_BLACK : L_BRING_IN_WHITE, grow ? w : 0,
                           grow ? h : 0));
    if (level) {
      trace_("skew: turned %.2f degrees", skew.degrees);
      view = std::move(level);
    }
  }
  Pix* out = view ? view.get() : page;
  views_[key] = std::move(view);
  return out;
}

}  // namespace trawl
