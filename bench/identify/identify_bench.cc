// Identification bench (bench/identify/README.md):
//   identify_bench shares FILE...   per file: control share, NUL, libmagic's answer (with
//                                   our rescue of text it calls binary), at-sight verdict
//   identify_bench agree FILE...    files the at-sight test calls text/plain that libmagic
//                                   (plus rescue) does not; a summary line
//   identify_bench time [--rounds N] FILE...
//                                   MimeDetector::detect over all files, at-sight test
//                                   off and on, and SHA-256 of the same bytes as a yardstick
// FILE "-" reads one path per line from standard input.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "extractors/identify.h"

namespace {

using trawl::MimeDetector;
using trawl::MimeOptions;

std::vector<std::string> paths_of(int argc, char** argv, int from) {
  std::vector<std::string> paths;
  for (int i = from; i < argc; ++i) {
    if (std::string(argv[i]) == "-") {
      for (std::string line; std::getline(std::cin, line);)
        if (!line.empty()) paths.push_back(line);
    } else {
      paths.emplace_back(argv[i]);
    }
  }
  return paths;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

std::unique_ptr<MimeDetector> detector(bool sniff) {
  MimeOptions o;
  o.sniff_plain_text = sniff;
  auto d = MimeDetector::create(o);
  if (!d) {
    std::cerr << d.error().message << "\n";
    std::exit(1);
  }
  return std::move(*d);
}

int shares(const std::vector<std::string>& paths) {
  auto slow = detector(false);
  std::string bytes;
  for (const std::string& p : paths) {
    if (!read_file(p, bytes)) continue;
    std::printf("%.6f\t%d\t%s\t%d\t%s\n", trawl::control_character_share(bytes),
                bytes.find('\0') != std::string::npos ? 1 : 0, slow->detect(bytes, "").c_str(),
                trawl::plain_text_at_sight(bytes) ? 1 : 0, p.c_str());
  }
  return 0;
}

int agree(const std::vector<std::string>& paths) {
  auto slow = detector(false);
  size_t files = 0, sighted = 0, plain = 0, wrong = 0;
  std::string bytes;
  for (const std::string& p : paths) {
    if (!read_file(p, bytes) || bytes.empty()) continue;
    ++files;
    const std::string mime = slow->detect(bytes, "");
    if (mime == "text/plain") ++plain;
    if (!trawl::plain_text_at_sight(bytes)) continue;
    ++sighted;
    if (mime != "text/plain") {
      ++wrong;
      std::printf("DISAGREE\t%s\t%s\n", mime.c_str(), p.c_str());
    }
  }
  std::printf(
      "files %zu, libmagic text/plain %zu, at sight %zu (%.1f%% of text/plain), "
      "disagreements %zu\n",
      files, plain, sighted, plain ? 100.0 * sighted / plain : 0.0, wrong);
  return wrong ? 1 : 0;
}

int timing(std::vector<std::string> paths, int rounds) {
  std::vector<std::string> files;
  size_t total = 0;
  for (const std::string& p : paths) {
    std::string b;
    if (read_file(p, b) && !b.empty()) {
      total += b.size();
      files.push_back(std::move(b));
    }
  }
  if (files.empty()) return 1;
  auto run = [&](const char* what, auto&& fn) {
    fn(files[0]);  // warm up: libmagic loads its database lazily on first use
    const auto t0 = std::chrono::steady_clock::now();
    size_t sink = 0;
    for (int r = 0; r < rounds; ++r)
      for (const std::string& f : files) sink += fn(f);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double n = static_cast<double>(files.size()) * rounds;
    std::printf("%-28s %8.1f us/file %8.1f MB/s  (%zu files, %.1f MB, %d rounds; %zu)\n", what,
                s / n * 1e6, total * static_cast<double>(rounds) / s / 1e6, files.size(),
                total / 1e6, rounds, sink % 10);
  };
  auto slow = detector(false);
  auto fast = detector(true);
  run("detect, libmagic only", [&](const std::string& f) { return slow->detect(f, "").size(); });
  run("detect, at sight first", [&](const std::string& f) { return fast->detect(f, "").size(); });
  run("sha256 (yardstick)", [&](const std::string& f) { return trawl::sha256_hex(f).size(); });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: identify_bench shares|agree|time [--rounds N] FILE...|-\n";
    return 2;
  }
  const std::string mode = argv[1];
  if (mode == "shares") return shares(paths_of(argc, argv, 2));
  if (mode == "agree") return agree(paths_of(argc, argv, 2));
  if (mode == "time") {
    int from = 2, rounds = 3;
    if (argc > 3 && std::string(argv[2]) == "--rounds") {
      rounds = std::stoi(argv[3]);
      from = 4;
    }
    return timing(paths_of(argc, argv, from), rounds);
  }
  std::cerr << "unknown mode " << mode << "\n";
  return 2;
}
