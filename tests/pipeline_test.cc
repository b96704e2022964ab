// The bad inputs every run must survive, each giving one failed document with a one-line
// reason while the rest is indexed; and the walk, the unchanged check, the report.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>

#include "config/layout.h"
#include "index/index.h"
#include "pipeline/ingest.h"
#include "pipeline/process.h"
#include "pipeline/walk.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::read_bytes;
using trawl::test::TempDir;
namespace fs = std::filesystem;

namespace {

// An outcome as the report prints it.
struct Seen {
  std::string path, id, status, reason, mime, parent_id;
  std::vector<std::string> warnings;
};

Seen seen(const DocumentOutcome& o) {
  return Seen{o.path, o.id, std::string(outcome_name(o.outcome)), o.error ? o.error->error.message : o.cut, o.mime,
              o.parent_id, o.warnings};
}

struct Run {
  IngestSummary summary;
  std::map<std::string, Seen> by_path;  // by file name
  std::map<std::string, Seen> by_uri;   // by whole location
};

Run ingest(const Config& config, const std::vector<std::string>& paths, IngestRequest request = {}) {
  Run run;
  IngestCallbacks cb;
  cb.on_document = [&](const DocumentOutcome& o) {
    run.by_path[fs::path(o.path).filename().string()] = seen(o);
    run.by_uri[o.path] = seen(o);
  };
  request.paths = paths;
  auto r = run_ingest(config, request, cb);
  REQUIRE(r);
  run.summary = *r;
  return run;
}

std::string index_dir(const Config& c) { return DataLayout(c.data_dir).index(); }

Config config_in(const TempDir& dir, int threads = 2) {
  Config c;
  c.data_dir = dir.str() + "/data";
  c.ingest.threads = threads;
  return c;
}

uint64_t indexed_documents(const Config& c) {
  auto r = IndexReader::open(index_dir(c));
  REQUIRE(r);
  return (*r)->stats().documents;
}

}  // namespace

TEST_CASE("Bad inputs fail one by one with a reason and the run goes on", "[pipeline]") {
  TempDir dir;
  dir.write("in/good.txt", "The tanker met another vessel for a ship-to-ship transfer near Nampo in March.");
  dir.write("in/empty.txt", "");
  std::string garbage(3000, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919 + 13) % 256);
  dir.write("in/garbage.html", garbage);
  dir.write("in/truncated.pdf", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty");
  dir.write("in/bad-utf8.html",
            "<html><head><meta charset=\"utf-8\"><title>Судно</title></head><body>Судно \xFF\xFE вышло из "
            "порта Находка к берегам Кореи.</body></html>");
  if (auto p = corpus_file("pdf/broken_xref_command_missing.pdf")) dir.write("in/broken-xref.pdf", read_bytes(*p));
  if (auto p = corpus_file("pdf/encrypted_userpw_password_poppler.pdf")) dir.write("in/encrypted.pdf", read_bytes(*p));
  fs::create_directories(dir.path() / "in/loop");
  fs::create_directory_symlink(dir.path() / "in", dir.path() / "in/loop/back");  // a folder loop
  fs::create_symlink(dir.path() / "in/nowhere", dir.path() / "in/dangling.txt");

  Config c = config_in(dir);
  Run run = ingest(c, {dir.str() + "/in", dir.str() + "/does-not-exist"});

  auto failed = [&](const std::string& name, const std::string& reason_part) {
    INFO(name);
    REQUIRE(run.by_path.count(name));
    const Seen& o = run.by_path.at(name);
    CHECK(o.status == "failed");
    CHECK_THAT(o.reason, Catch::Contains(reason_part));
    CHECK(o.reason.find('\n') == std::string::npos);
  };
  failed("empty.txt", "empty file");
  failed("garbage.html", "unsupported type application/octet-stream");
  failed("truncated.pdf", "damaged PDF");
  failed("does-not-exist", "no such file or directory");
  failed("dangling.txt", "broken symbolic link");
  if (run.by_path.count("encrypted.pdf")) failed("encrypted.pdf", "password");

  CHECK(run.by_path.at("good.txt").status == "ingested");
  const Seen& bad = run.by_path.at("bad-utf8.html");
  CHECK(bad.status == "ingested");
  REQUIRE_FALSE(bad.warnings.empty());
  CHECK_THAT(bad.warnings.front(), Catch::Contains("invalid UTF-8"));
  if (run.by_path.count("broken-xref.pdf")) CHECK(run.by_path.at("broken-xref.pdf").status == "ingested");

  // the loop was walked once: every file reported once, nothing twice
  CHECK(run.summary.ingested + run.summary.failed + run.summary.unchanged == run.by_path.size());
  // nothing half-indexed: exactly the ingested documents are in the index
  CHECK(indexed_documents(c) == run.summary.ingested);
}

TEST_CASE("An unreadable file fails with permission denied", "[pipeline]") {
  TempDir dir;
  dir.write("in/secret.txt", "classified: the vessel changed its name twice in 2023.");
  dir.write("in/open.txt", "public: the vessel changed its flag in 2024.");
  ::chmod((dir.str() + "/in/secret.txt").c_str(), 0);
  ::chmod(dir.str().c_str(), 0777);
  Config c = config_in(dir);
  if (::geteuid() != 0) {
    Run run = ingest(c, {dir.str() + "/in"});
    CHECK(run.by_path.at("secret.txt").reason == "permission denied");
    CHECK(run.by_path.at("open.txt").status == "ingested");
    return;
  }
  // root reads anything: run the real binary as an unprivileged user instead
  fs::create_directories(c.data_dir);
  ::chmod(c.data_dir.c_str(), 0777);
  std::string report = dir.str() + "/report.jsonl";
  auto r = trawl::test::run_trawl({"ingest", "--data", c.data_dir, "--report", report, dir.str() + "/in"}, 65534);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("ingested 1, unchanged 0, failed 1"));
  CHECK_THAT(r.err, Catch::Contains("secret.txt: permission denied"));
  std::ifstream lines(report);
  std::string line;
  int seen = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["path"].get<std::string>().ends_with("secret.txt")) {
      CHECK(j["status"] == "failed");
      CHECK(j["reason"] == "permission denied");
      ++seen;
    }
  }
  CHECK(seen == 1);
}

TEST_CASE("A file that changes while being read fails with that reason", "[pipeline]") {
  TempDir dir;
  std::string path = dir.write("growing.txt", std::string(64 << 20, 'a'));
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> appends{0};
  std::thread writer([&] {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    while (!stop) {
      out << "more text\n";
      out.flush();
      ++appends;
    }
  });
  while (appends == 0) std::this_thread::yield();  // the file is growing from here on
  // Each read of 64 MB overlaps many appends; a few tries keep a descheduled writer
  // thread on a loaded machine from making the test flaky.
  std::optional<Error> error;
  for (int attempt = 0; attempt < 5 && !error; ++attempt) {
    Result<FileBytes> r = read_file(path, 1ull << 30);
    if (!r) error = r.error();
  }
  stop = true;
  writer.join();
  REQUIRE(error);
  CHECK(error->message == "file changed while being read");
  CHECK(error->code == ErrorCode::kIo);
}

TEST_CASE("read_file refuses what it cannot read sensibly", "[pipeline]") {
  TempDir dir;
  CHECK(read_file(dir.str() + "/none", 100).error().code == ErrorCode::kNotFound);
  CHECK(read_file(dir.write("e", ""), 100).error().code == ErrorCode::kEmpty);
  CHECK(read_file(dir.write("big", std::string(200, 'x')), 100).error().code == ErrorCode::kTooLarge);
  CHECK(read_file(dir.str(), 100).error().code == ErrorCode::kUnsupported);
  ::mkfifo((dir.str() + "/fifo").c_str(), 0600);
  CHECK(read_file(dir.str() + "/fifo", 100).error().message == "not a regular file");
  auto ok = read_file(dir.write("ok", "bytes"), 100);
  REQUIRE(ok);
  CHECK(ok->bytes == "bytes");
}

TEST_CASE("Re-ingesting is unchanged, and the same bytes elsewhere add a location", "[pipeline]") {
  TempDir dir;
  dir.write("a/report.txt", "Ship-to-ship transfer of coal near Nampo, reported twice.");
  dir.write("a/other.txt", "Another document about a tanker.");
  Config c = config_in(dir);
  Run first = ingest(c, {dir.str() + "/a"});
  CHECK(first.summary.ingested == 2);
  Run second = ingest(c, {dir.str() + "/a"});
  CHECK(second.summary.ingested == 0);
  CHECK(second.summary.unchanged == 2);
  dir.write("b/copy.txt", read_bytes(dir.str() + "/a/report.txt"));
  Run third = ingest(c, {dir.str() + "/b"});
  CHECK(third.summary.ingested == 1);
  CHECK(indexed_documents(c) == 2);
  auto r = IndexReader::open(index_dir(c));
  REQUIRE(r);
  CHECK((*r)->locations_of(third.by_path.at("copy.txt").id).size() == 2);
}

TEST_CASE("Memory stays bounded: many small files through a tiny in-flight window", "[pipeline]") {
  TempDir dir;
  for (int i = 0; i < 300; ++i)
    dir.write("many/" + std::to_string(i / 50) + "/doc" + std::to_string(i) + ".txt",
              "Document number " + std::to_string(i) + " about vessel movements near Chongjin.");
  Config c = config_in(dir, 2);
  c.ingest.max_in_flight = 2;
  c.index.commit_every = 7;
  Run run = ingest(c, {dir.str() + "/many"});
  CHECK(run.summary.ingested == 300);
  CHECK(indexed_documents(c) == 300);
}

TEST_CASE("The walker ends symlink loops and skips the data folder", "[walk]") {
  TempDir dir;
  dir.write("root/a.txt", "a");
  dir.write("root/sub/b.txt", "b");
  dir.write("root/data/index/x", "x");
  fs::create_directory_symlink(dir.path() / "root", dir.path() / "root/sub/up");
  Walker w({dir.str() + "/root"}, {dir.str() + "/root/data"});
  std::vector<std::string> names;
  while (auto item = w.next()) {
    CHECK_FALSE(item->error);
    names.push_back(fs::path(item->path).filename().string());
  }
  CHECK(names == std::vector<std::string>{"a.txt", "b.txt"});
}

TEST_CASE("Bad images and scans end with text or a one-line reason", "[pipeline][ocr]") {
  TempDir dir;
  Config c = config_in(dir);
  const std::string fx = trawl::test::fixtures_dir() + "/ocr";
  std::vector<std::string> inputs;
  for (const char* f : {"truncated.png", "jpeg-named.png", "one-pixel.png", "huge-30000.png", "all-black.png",
                        "corrupt-second-page.tif", "noise-only.pdf", "clean-en.png"})
    inputs.push_back(fx + "/" + f);
  Run run = ingest(c, inputs);
  REQUIRE(run.by_path.size() == inputs.size());
  auto get = [&](const char* name) -> const Seen& {
    INFO(name);
    REQUIRE(run.by_path.count(name));
    return run.by_path.at(name);
  };
  CHECK(get("truncated.png").status == "failed");
  CHECK(get("truncated.png").reason == "damaged image: truncated PNG (its chunks end before IEND)");
  CHECK(get("one-pixel.png").status == "failed");
  CHECK(get("one-pixel.png").reason == "image of 1x1 pixels is too small to hold text");
  // content decides, not the name: a JPEG called .png is read
  CHECK(get("jpeg-named.png").status == "ingested");
  CHECK(get("jpeg-named.png").mime == "image/jpeg");
  // 30000x30000 pixels: downscaled (in bounded memory) and still read
  const Seen& huge = get("huge-30000.png");
  CHECK(huge.status == "ingested");
  REQUIRE_FALSE(huge.warnings.empty());
  CHECK_THAT(huge.warnings.front(), Catch::Contains("downscaled"));
  CHECK(get("all-black.png").status == "ingested");
  CHECK(get("noise-only.pdf").status == "ingested");
  const Seen& tiff = get("corrupt-second-page.tif");
  CHECK(tiff.status == "ingested");
  REQUIRE_FALSE(tiff.warnings.empty());
  CHECK(tiff.warnings.front() == "page 2: TIFF page 2 cannot be decoded");

  auto reader = IndexReader::open(index_dir(c));
  REQUIRE(reader);
  auto ids = [&](const std::string& q) {
    auto r = (*reader)->search(SearchRequest{q});
    REQUIRE(r);
    std::set<std::string> names;
    for (const SearchHit& h : r->hits) names.insert(fs::path(h.location).filename().string());
    return names;
  };
  // the first TIFF page's text is there; the huge image and the JPEG were read
  CHECK(ids("tanker \"SEA LANTERN\" coal") == std::set<std::string>{"corrupt-second-page.tif"});
  CHECK(ids("9120580").count("huge-30000.png"));
  CHECK(ids("Nampo 8716344") == std::set<std::string>{"jpeg-named.png"});
  CHECK(indexed_documents(c) == run.summary.ingested);
}

TEST_CASE("A scanned PDF's pages are read on every thread and come out the same", "[pipeline][ocr]") {
  // page 1 alone, then the others at once with page 1's languages and turn as the hint:
  // the text and the OCR record do not depend on the number of threads
  const std::string pdf = trawl::test::fixtures_dir() + "/ocr/four-pages.pdf";
  std::vector<Document> docs;
  for (int threads : {1, 2}) {
    TempDir dir;
    Config c = config_in(dir, threads);
    Run run = ingest(c, {pdf});
    REQUIRE(run.summary.ingested == 1);
    auto reader = IndexReader::open(index_dir(c));
    REQUIRE(reader);
    auto stored = (*reader)->get(run.by_path.begin()->second.id);
    REQUIRE(stored);
    docs.push_back(stored->doc);
  }
  const Document& one = docs[0];
  const Document& two = docs[1];
  CHECK(one.text == two.text);
  REQUIRE(one.ocr);
  REQUIRE(two.ocr);
  REQUIRE(one.ocr->pages.size() == 4);
  REQUIRE(two.ocr->pages.size() == 4);
  const char* languages[] = {"eng", "rus+eng", "kor+eng", "eng"};
  for (size_t i = 0; i < 4; ++i) {
    INFO("page " << i + 1);
    CHECK(one.ocr->pages[i].page == static_cast<int>(i) + 1);
    CHECK(one.ocr->pages[i].languages == languages[i]);
    CHECK(one.ocr->pages[i].confidence == two.ocr->pages[i].confidence);
    CHECK(two.ocr->pages[i].languages == languages[i]);
  }
  // each page's text in its place
  std::vector<std::string> pages;
  for (size_t start = 0;;) {
    const size_t ff = one.text.find('\f', start);
    pages.push_back(one.text.substr(start, ff == std::string::npos ? std::string::npos : ff - start));
    if (ff == std::string::npos) break;
    start = ff + 1;
  }
  REQUIRE(pages.size() == 4);
  CHECK_THAT(pages[0], Catch::Contains("Port state control note"));
  CHECK_THAT(pages[1], Catch::Contains("капитан порта Холмск"));
  CHECK_THAT(pages[2], Catch::Contains("IMO 번호: 8716344"));
  CHECK_THAT(pages[3], Catch::Contains("SEA LANTERN IMO 9120580"));
}
