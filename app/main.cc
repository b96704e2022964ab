#include <cstring>

#include "app/commands.h"
#include "ocr/ocr.h"

int main(int argc, char** argv) {
  // Commands that may OCR need OpenMP limited to one thread per engine before any
  // library starts (see ocr/ocr.h); the others skip the re-exec.
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') continue;
    if (!std::strcmp(argv[i], "ingest") || !std::strcmp(argv[i], "extract"))
      trawl::reexec_with_single_threaded_openmp(argv);
    break;
  }
  return trawl::run_cli(argc, argv);
}
