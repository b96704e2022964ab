// Page preparation with Leptonica: image files decoded (within ocr.max_image_bytes and
// ocr.max_pixels), pages made readable (over white, square pixels, evenly lit, small
// text enlarged, downscaled to ocr.max_pixels), then turned upright and levelled, and
// halved when their print is large. docs/ocr.md, "How a page is read", steps 1 to 4.
// Internal to ocr/.
//
// Thread safety: the functions are thread-safe (no shared state but Leptonica's message
// level, set once); a PageViews is not (one per page being read).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "core/image.h"
#include "core/result.h"
#include "ocr/leptonica.h"
#include "ocr/trace.h"

namespace trawl {

// Below this many pixels a side, Tesseract cannot find text lines at all.
inline constexpr int kMinSide = 8;

// Silences Leptonica's messages on stderr (once per process; thread-safe).
void quiet_leptonica();

// The pages of an image file: a TIFF's directories, else 1. Errors: kCorrupt (no
// readable header), kEmpty (under kMinSide pixels a side), kTooLarge (a raster over
// options.max_image_bytes; not for a JPEG, which decodes at a smaller scale instead).
Result<int> count_image_pages(std::string_view bytes, const OcrOptions& options);

// Page `index` (0-based) of an image file, decoded as it is (any depth).
struct DecodedPage {
  PixPtr pix;
  // A JPEG over options.max_pixels decodes at 1/2, 1/4 or 1/8 scale, so big scans never
  // exist at full size: then this warning, to add to the page once it is read; else "".
  std::string warning;
};
// Errors: those of count_image_pages; kNotFound (no page `index`), kCorrupt (the page
// cannot be decoded: a truncated PNG, a damaged TIFF page).
Result<DecodedPage> decode_image_page(std::string_view bytes, int index, const OcrOptions& options);

// `image` as an 8-bit Leptonica image, with its resolution. Errors: kCorrupt (no
// pixels), kTooLarge (cannot be allocated).
Result<PixPtr> pix_from_gray(const GrayImage& image);

// A page as Tesseract should see it.
struct Prepared {
  PixPtr gray;  // 8-bit
  int dpi = 300;
  bool enlarged = false;              // its text was small
  std::vector<std::string> warnings;  // downscaled to fit ocr.max_pixels
};

// `source` (any depth, not owned) made 8-bit gray: over white where it was transparent,
// with square pixels (a fax), within options.max_pixels (warning), evenly lit when the
// light on it is uneven, and enlarged 2 or 3 times when its text is small. The dpi is
// the source's, scaled with it, or 300 when missing or implausible. Errors: kEmpty
// (under kMinSide pixels a side), kTooLarge (out of memory), kCorrupt (cannot be made
// gray).
Result<Prepared> prepare(Pix* source, const OcrOptions& options, Trace trace);

// The page at half scale when its print is large: a page of 1.5 MP or more, of 250 dpi
// or more and not just enlarged, whose letters are still 16 pixels tall at half scale
// (32 or more in full: 11 pt print and larger at 300 dpi). Otherwise nullptr. OSD looks
// at it, and Latin and Cyrillic are read on it (docs/ocr.md, step 4).
PixPtr large_print_half(const Prepared& prepared, Trace trace);

// The page turned upright for each rotation tried, and levelled: made once per
// rotation, as a page may be read several times the same way up. Also at half scale
// when its print is large. Not thread-safe; holds `gray` (not owned), which must
// outlive it.
class PageViews {
 public:
  // max_pixels: a levelled page grows to hold its turned corners (by up to half at 15
  // degrees) unless that would take it past this; then its corners are cut instead.
  // `half`: large_print_half of the page, or nullptr.
  PageViews(Pix* gray, PixPtr half, uint64_t max_pixels, Trace trace)
      : gray_(gray), half_(std::move(half)), max_pixels_(max_pixels), trace_(trace) {}

  // The page at half scale, or nullptr when its print is not large.
  Pix* half() const { return half_.get(); }

  // The page (at half scale if `halved` and half() is not null) turned `rotation`
  // degrees clockwise (0, 90, 180 or 270), then levelled when it is 2 degrees or more
  // askew; owned by this object; nullptr when it cannot be turned (out of memory). Skew
  // is measured only once the page is the right way up: a sideways page scores up to 1.6
  // with a made-up angle (the English bill of lading turned 90 degrees: -4.1), where
  // upright Korean text scores 1.5 to 2.5.
  Pix* turned(int rotation, bool halved);

 private:
  Pix* gray_;
  PixPtr half_;
  uint64_t max_pixels_;
  Trace trace_;
  std::map<std::pair<int, bool>, PixPtr> views_;  // by rotation and halved; null: the page itself
};

}  // namespace trawl
