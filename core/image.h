// An 8-bit grayscale raster: how a rendered page travels from the PDF renderer
// (extractors/) to the OCR engine (ocr/) without either knowing the other's library.
#pragma once

#include <cstdint>
#include <vector>

namespace trawl {

struct GrayImage {
  int width = 0;
  int height = 0;
  int dpi = 0;                  // resolution it was rendered at, 0 if unknown
  std::vector<uint8_t> pixels;  // row-major, width bytes per row, 0 = black, 255 = white
};

}  // namespace trawl
