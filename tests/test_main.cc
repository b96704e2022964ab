// Catch2's main, after the re-exec that trawl's own main does: Tesseract's OpenMP reads
// OMP_THREAD_LIMIT only at start-up, and a test binary run by hand (not by ctest, which
// sets it) would otherwise run every OCR test with one OpenMP thread per core, several
// times slower (the factsheet test: 26.6 s instead of 2.8 s).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "ocr/ocr.h"

int main(int argc, char** argv) {
  trawl::reexec_with_single_threaded_openmp(argv);
  return Catch::Session().run(argc, argv);
}
