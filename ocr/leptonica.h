// Leptonica handles owned by unique_ptr, and the few helpers on them that page
// preparation and layout share. Internal to ocr/ (Leptonica types never leave it).
#pragma once

#include <leptonica/allheaders.h>

#include <memory>
#include <vector>

#include "ocr/geometry.h"

namespace trawl {

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
// nullptr when it cannot be made (out of memory).
inline PixPtr black_and_white(Pix* gray) { return PixPtr(pixThresholdToBinary(gray, 128)); }

// Whether the 1-bit `binary` (which may be null: false) has `pixels` black pixels or more.
inline bool has_ink(Pix* binary, int pixels) {
  l_int32 count = 0;
  return binary && pixCountPixels(binary, &count, nullptr) == 0 && count >= pixels;
}

// `r` of `pix`, cut out (a new image); nullptr when it cannot be.
inline PixPtr cut(Pix* pix, const Rect& r) {
  BoxPtr box(boxCreate(r.left, r.top, r.width, r.height));
  return PixPtr(box ? pixClipRectangle(pix, box.get(), nullptr) : nullptr);
}

// The bounding boxes of `boxes` (from pixConnCompBB), in order; those Leptonica cannot
// give are left out. Empty for null.
inline std::vector<Rect> rects_of(Boxa* boxes) {
  std::vector<Rect> out;
  const int n = boxes ? boxaGetCount(boxes) : 0;
  for (int i = 0; i < n; ++i) {
    Rect r;
    if (boxaGetBoxGeometry(boxes, i, &r.left, &r.top, &r.width, &r.height) == 0) out.push_back(r);
  }
  return out;
}

}  // namespace trawl
