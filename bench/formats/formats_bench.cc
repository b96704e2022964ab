// The in-process side of bench/formats: identifies and extracts each file with the
// extractors trawl ingest uses (no language, entities or index), ITERATIONS times after
// one warm-up, and writes the text it got to OUTDIR/NAME.txt and one JSON line per file
// on stdout: {"file", "mime", "ms" (median), "chars", "error", "warnings", "children"}.
//
//   formats_bench [--iterations N] --out OUTDIR FILE...
//
// Exit status: 0 when it ran (whatever the files gave), 2 on bad arguments.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "extractors/extractor.h"
#include "extractors/identify.h"

namespace {

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "formats_bench: " << why
            << "\nusage: formats_bench [--iterations N] --out OUTDIR FILE...\n";
  std::exit(2);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 5;
  std::string out_dir;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--iterations" && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--out" && i + 1 < argc) {
      out_dir = argv[++i];
    } else if (a.starts_with("--")) {
      usage("unknown option " + a);
    } else {
      files.push_back(a);
    }
  }
  if (out_dir.empty() || files.empty()) usage("--out and at least one file are needed");
  std::filesystem::create_directories(out_dir);
  trawl::Config config;
  const trawl::ExtractorRegistry registry = trawl::ExtractorRegistry::with_defaults(config);
  auto mime = trawl::MimeDetector::create();
  if (!mime) {
    std::cerr << "formats_bench: " << mime.error().message << "\n";
    return 1;
  }
  for (const std::string& path : files) {
    const std::string bytes = slurp(path);
    nlohmann::json row = {{"file", path}, {"bytes", bytes.size()}};
    std::vector<double> ms;
    std::string text, error;
    size_t warnings = 0, children = 0;
    std::string type;
    for (int it = 0; it <= iterations; ++it) {
      const auto t0 = std::chrono::steady_clock::now();
      type = (*mime)->detect(bytes, path);
      const trawl::Extractor* ex = registry.find(type);
      if (!ex) {
        error = "unsupported type " + type;
      } else {
        auto r = ex->extract(trawl::Blob{bytes, type, path, {}});
        if (!r) {
          error = r.error().message;
        } else {
          text = r->title.empty() ? r->text : r->title + "\n" + r->text;
          warnings = r->warnings.size();
          children = r->children.size();
        }
      }
      const double d =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (it > 0) ms.push_back(d);  // the first pass warms the caches
    }
    std::sort(ms.begin(), ms.end());
    row["mime"] = type;
    row["ms"] = ms[ms.size() / 2];
    row["chars"] = text.size();
    row["warnings"] = warnings;
    row["children"] = children;
    if (!error.empty()) row["error"] = error;
    std::ofstream(out_dir + "/" + std::filesystem::path(path).filename().string() + ".txt",
                  std::ios::binary)
        << text;
    std::cout << row.dump() << "\n";
  }
  return 0;
}
