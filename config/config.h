// trawl's configuration: one immutable value, built once from defaults, then a TOML
// file, then the environment and the command line (the last two applied by app/), and
// passed down by const reference. No singletons. Every key is documented with its default
// in docs/configuration.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace trawl {

struct IngestOptions {
  int threads = 0;                        // worker threads; 0 = all cores
  int max_in_flight = 0;                  // documents in the pipeline at once; 0 = 8 per thread
  uint64_t max_file_size = 512ull << 20;  // bigger files fail with too-large
  std::string source = "files";           // source name recorded on ingested files
};

struct PdfOptions {
  int max_pages = 5000;                // pages past this are not extracted (warning)
  double time_limit_seconds = 120;     // text extraction stops after this (warning)
  std::vector<std::string> passwords;  // tried in order for PDFs that need a user password
};

struct OcrOptions {
  bool enabled = true;
  std::string languages =
      "auto";  // "auto": by the page's script (Tesseract OSD); or e.g. "kor+eng"
  std::string fallback_languages =
      "eng";      // "auto" when the script cannot be told (short lines, little text)
  int dpi = 300;  // PDF pages are rendered at this resolution
  uint64_t max_pixels = 25'000'000;  // larger pages are downscaled to fit (A3 at 300 dpi is 17 MP)
  uint64_t max_image_bytes = 256ull
                             << 20;     // images whose decoded raster would be larger are refused
  double page_time_limit_seconds = 60;  // recognition of one page stops after this (warning)
  int max_pages = 500;                  // pages OCRed per document
  int min_text_chars = 32;              // PDF pages with fewer visible characters are OCRed
  std::string tessdata_dir;             // "" = Tesseract's default
  bool trace = false;                   // one line per OSD and recognition pass on stderr
};

struct IndexOptions {
  int shards = 0;                       // shards created with a new index; 0 = threads
  int commit_every = 250;               // commit a shard after this many documents
  uint64_t commit_bytes = 16ull << 20;  // ... or this many bytes, whichever comes first
};

// Bounds on containers (zip, tar, 7z, gzip...) and on what they hold. A container that
// passes one is cut there with a reason; what was read before it is kept.
struct ArchiveOptions {
  int max_depth = 5;                      // containers inside containers, the top one is depth 1
  uint64_t max_members = 200'000;         // members read from one top-level container, all depths
  uint64_t max_total_bytes = 8ull << 30;  // uncompressed bytes read from one top-level container
  uint64_t max_member_bytes = 512ull << 20;  // one member's uncompressed size
  double max_ratio = 200;  // uncompressed : compressed, checked past 1 MB uncompressed
};

struct Config {
  std::string data_dir = "./trawl-data";
  IngestOptions ingest;
  ArchiveOptions archive;
  PdfOptions pdf;
  OcrOptions ocr;
  IndexOptions index;
};

// Reads and validates a TOML file over the defaults. On error the message names the file,
// the line where known, the key and what was wrong, e.g.
//   "trawl.toml:3: ingest.threads must be between 0 and 256, got -1".
// Unknown keys are errors too (a typo should not be silently ignored).
Result<Config> load_config_file(const std::string& path);

// Checks a Config built in code or from the command line; same messages as above,
// without file and line.
Status validate(const Config& config);

}  // namespace trawl
