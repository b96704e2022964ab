// The sources of the flow graph and the catalog behind it: versions of a file, gone
// files, containers and their members, WARC records, narrowed and resumed runs.
#include <sys/stat.h>
#include <utime.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "config/layout.h"
#include "index/index.h"
#include "pipeline/ingest.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::read_bytes;
using trawl::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Outcomes {
  IngestSummary summary;
  std::map<std::string, DocumentOutcome> by_uri;
};

Outcomes run(const Config& config, IngestRequest request) {
  Outcomes out;
  IngestCallbacks cb;
  // a location seen twice in one run (a WARC revisit) keeps the outcome that did something
  cb.on_document = [&](const DocumentOutcome& o) {
    if (!out.by_uri.count(o.path) || o.outcome != Outcome::kUnchanged) out.by_uri[o.path] = o;
  };
  auto r = run_ingest(config, request, cb);
  INFO((r ? "" : r.error().message));
  REQUIRE(r);
  out.summary = *r;
  return out;
}

Outcomes run(const Config& config, const std::vector<std::string>& paths) {
  IngestRequest request;
  request.paths = paths;
  return run(config, request);
}

Config config_in(const TempDir& dir) {
  Config c;
  c.data_dir = dir.str() + "/data";
  c.ingest.threads = 2;
  return c;
}

std::vector<SearchHit> search(const Config& c, const std::string& q) {
  auto r = IndexReader::open(DataLayout(c.data_dir).index());
  REQUIRE(r);
  SearchRequest req;
  req.query = q;
  req.limit = 1000;
  auto res = (*r)->search(req);
  INFO(q);
  REQUIRE(res);
  return res->hits;
}

std::multiset<std::string> locations(const std::vector<SearchHit>& hits) {
  std::multiset<std::string> out;
  for (const SearchHit& h : hits) out.insert(h.location);
  return out;
}

// Sets a file's mtime, so an edit within the same second is seen as one.
void touch(const std::string& path, int64_t seconds) {
  struct utimbuf t {
    static_cast<time_t>(seconds), static_cast<time_t>(seconds)
  };
  ::utime(path.c_str(), &t);
}

}  // namespace

TEST_CASE("An edited file is a new version, search shows the current one and versions:all both",
          "[sources]") {
  TempDir dir;
  Config c = config_in(dir);
  const std::string path =
      dir.write("in/report.txt", "The tanker KUM BYOL loaded coal at Nampo in March.");
  touch(path, 1700000000);
  Outcomes first = run(c, {dir.str() + "/in"});
  REQUIRE(first.summary.ingested == 1);
  const std::string old_id = first.by_uri.at(path).id;

  dir.write("in/report.txt", "The tanker KUM BYOL unloaded oil at Vladivostok in May.");
  touch(path, 1700000500);
  Outcomes second = run(c, {dir.str() + "/in"});
  REQUIRE(second.summary.ingested == 1);
  const std::string new_id = second.by_uri.at(path).id;
  CHECK(new_id != old_id);

  // the path once, with the current text; the old text only on request
  CHECK(locations(search(c, "tanker")) == std::multiset<std::string>{path});
  CHECK(search(c, "Nampo").empty());
  auto all = search(c, "Nampo versions:all");
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == old_id);
  CHECK_FALSE(all[0].current);
  CHECK(search(c, "tanker versions:all").size() == 2);

  auto reader = IndexReader::open(DataLayout(c.data_dir).index());
  REQUIRE(reader);
  IndexStats stats = (*reader)->stats();
  CHECK(stats.documents == 1);
  CHECK(stats.versions == 2);
  // the location's history, oldest first
  auto catalog = Catalog::open_readonly(DataLayout(c.data_dir).catalog());
  REQUIRE(catalog);
  auto history = (*catalog)->history(path);
  REQUIRE(history.size() == 2);
  CHECK(history[0].doc_id == old_id);
  CHECK_FALSE(history[0].current);
  CHECK(history[1].doc_id == new_id);
  CHECK(history[1].current);
  CHECK(history[0].first_seen <= history[1].first_seen);
}

TEST_CASE("A file deleted between two runs is gone: out of search, kept as a version",
          "[sources]") {
  TempDir dir;
  Config c = config_in(dir);
  const std::string keep = dir.write("in/keep.txt", "Судно вышло из порта Находка ночью.");
  const std::string drop = dir.write("in/drop.txt", "Судно вошло в порт Нампхо утром.");
  REQUIRE(run(c, {dir.str() + "/in"}).summary.ingested == 2);
  fs::remove(drop);
  Outcomes second = run(c, {dir.str() + "/in"});
  CHECK(second.summary.unchanged == 1);
  CHECK(second.summary.gone == 1);
  CHECK(locations(search(c, "судно")) == std::multiset<std::string>{keep});
  CHECK(locations(search(c, "судно versions:all")) == std::multiset<std::string>{keep, drop});
  auto catalog = Catalog::open_readonly(DataLayout(c.data_dir).catalog());
  REQUIRE(catalog);
  CHECK((*catalog)->find(drop)->state == LocationState::kGone);
  // the same bytes back at the same place: current again
  dir.write("in/drop.txt", "Судно вошло в порт Нампхо утром.");
  REQUIRE(run(c, {dir.str() + "/in"}).summary.ingested == 0);
  CHECK(locations(search(c, "судно")) == std::multiset<std::string>{keep, drop});
}

TEST_CASE("A second run reads nothing that did not change, and retries only what may succeed",
          "[sources]") {
  TempDir dir;
  Config c = config_in(dir);
  dir.write("in/a.txt", "북한 선박이 남포항에서 석탄을 실었다.");
  dir.write("in/empty.txt", "");
  Outcomes first = run(c, {dir.str() + "/in"});
  CHECK(first.summary.ingested == 1);
  CHECK(first.summary.failed == 1);
  // unchanged by size, time and inode: neither read again nor failed again
  Outcomes second = run(c, {dir.str() + "/in"});
  CHECK(second.summary.ingested == 0);
  CHECK(second.summary.unchanged == 2);
  CHECK(second.summary.failed == 0);
  // --only-failed takes the failures from the catalog, without paths
  IngestRequest retry;
  retry.only_failed = true;
  Outcomes third = run(c, retry);
  CHECK(third.by_uri.size() == 1);
  CHECK(third.summary.failed == 1);
  // --reprocess extracts again and replaces in place: no duplicate
  IngestRequest again;
  again.reprocess = true;
  Outcomes fourth = run(c, again);
  CHECK(fourth.summary.ingested == 1);
  CHECK(search(c, "선박").size() == 1);
}

TEST_CASE("The type option narrows a run to one type of document", "[sources]") {
  TempDir dir;
  Config c = config_in(dir);
  dir.write("in/page.html",
            "<html><head><title>Панель</title></head><body>Доклад о судне.</body></html>");
  dir.write("in/note.txt", "A note on the vessel's flag.");
  IngestRequest only_html;
  only_html.paths = {dir.str() + "/in"};
  only_html.type = "html";
  Outcomes r = run(c, only_html);
  CHECK(r.summary.ingested == 1);
  CHECK(r.by_uri.count(dir.str() + "/in/page.html"));
  CHECK(search(c, "vessel").empty());
}

TEST_CASE("WARC records are documents at their URLs with their fetch records", "[sources][warc]") {
  auto warc = corpus_file("archives/warc_example_warcio.warc.gz");
  REQUIRE(warc);
  TempDir dir;
  Config c = config_in(dir);
  Outcomes r = run(c, {*warc});
  REQUIRE(r.by_uri.count("http://example.com/"));
  const DocumentOutcome& page = r.by_uri.at("http://example.com/");
  CHECK(page.outcome == Outcome::kIngested);
  CHECK(page.mime == "text/html");
  auto reader = IndexReader::open(DataLayout(c.data_dir).index());
  REQUIRE(reader);
  auto stored = (*reader)->get(page.id);
  REQUIRE(stored);
  const Location& loc = stored->doc.locations.front();
  CHECK(loc.uri == "http://example.com/");
  CHECK(loc.fetch.http_status == 200);
  CHECK(loc.fetch.warc_file == fs::absolute(*warc).lexically_normal().string());
  CHECK(loc.fetch.warc_offset >= 0);
  CHECK(loc.fetch.seen_at > 1388534400);  // WARC-Date, 2014 or later, not the ingest time
  CHECK_FALSE(search(c, "\"Example Domain\"").empty());
  // the WARC file itself is no document
  CHECK(search(c, "site:example.com").size() == 1);
}

TEST_CASE("A truncated WARC keeps the records before the cut and says where it broke",
          "[sources][warc]") {
  auto warc = corpus_file("archives/warc_truncated_warcio.warc");
  REQUIRE(warc);
  TempDir dir;
  Config c = config_in(dir);
  Outcomes r = run(c, {*warc});
  const std::string file = fs::absolute(*warc).lexically_normal().string();
  REQUIRE(r.by_uri.count(file));
  const DocumentOutcome& o = r.by_uri.at(file);
  CHECK(o.outcome == Outcome::kFailed);
  REQUIRE(o.error);
  CHECK_THAT(o.error->error.message, Catch::Contains("offset"));
  CHECK(o.error->error.message.find('\n') == std::string::npos);
}

TEST_CASE("A failed WARC record is read again from its WARC file by --only-failed",
          "[sources][warc]") {
  TempDir dir;
  Config c = config_in(dir);
  c.ocr.enabled = false;  // the scan in the second record fails: OCR is off
  const std::string png = read_bytes(trawl::test::fixtures_dir() + "/ocr/clean-en.png");
  const std::string warc = dir.write(
      "in/crawl.warc",
      trawl::test::response_record(
          "http://news.example.kr/a",
          trawl::test::http({"Content-Type: text/html; charset=utf-8",
                             "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"},
                            "<html><body><p>북한 선박 남포</p></body></html>")) +
          trawl::test::response_record("http://ports.example.ru/scan.png",
                                       trawl::test::http({"Content-Type: image/png"}, png)));
  Outcomes first = run(c, {warc});
  const DocumentOutcome& page = first.by_uri.at("http://news.example.kr/a");
  CHECK(page.outcome == Outcome::kIngested);
  {
    auto reader = IndexReader::open(DataLayout(c.data_dir).index());
    REQUIRE(reader);
    auto stored = (*reader)->get(page.id);
    REQUIRE(stored);
    CHECK(stored->doc.locations.front().fetch.modified_at == 784111777);  // Last-Modified
  }
  const DocumentOutcome& scan = first.by_uri.at("http://ports.example.ru/scan.png");
  CHECK(scan.outcome == Outcome::kFailed);
  auto catalog = Catalog::open(DataLayout(c.data_dir).catalog());
  REQUIRE(catalog);
  std::optional<LocationRecord> rec = (*catalog)->find("http://ports.example.ru/scan.png");
  REQUIRE(rec);
  CHECK(rec->parent_uri == warc);  // its WARC file, where it is read again from
  catalog->reset();

  c.ocr.enabled = true;
  IngestRequest retry;
  retry.only_failed = true;
  Outcomes second = run(c, retry);
  CHECK(second.summary.ingested == 1);
  CHECK(second.by_uri.at("http://ports.example.ru/scan.png").outcome == Outcome::kIngested);
  // the page that was indexed is not indexed twice
  CHECK(second.by_uri.at("http://news.example.kr/a").outcome == Outcome::kUnchanged);
  CHECK(locations(search(c, "Kholmsk")) ==
        std::multiset<std::string>{"http://ports.example.ru/scan.png"});
  CHECK(search(c, "선박").size() == 1);
  // nothing is left to retry
  CHECK(run(c, retry).by_uri.empty());
}

namespace {

// Writes the named fixtures of scripts/make-archive-fixtures.py into dir/in.
std::string archive_fixtures(const TempDir& dir, const std::vector<std::string>& names) {
  const std::string out = dir.str() + "/in";
  std::string cmd =
      "python3 " + std::string(TRAWL_SOURCE_DIR) + "/scripts/make-archive-fixtures.py " + out;
  for (const std::string& n : names) cmd += " " + n;
  REQUIRE(std::system(cmd.c_str()) == 0);
  return out;
}

const DocumentOutcome& outcome(const Outcomes& r, const std::string& uri) {
  INFO(uri);
  REQUIRE(r.by_uri.count(uri));
  return r.by_uri.at(uri);
}

}  // namespace

TEST_CASE("Members of containers are documents at CONTAINER/inner/path, in all three languages",
          "[sources][archive]") {
  TempDir dir;
  Config c = config_in(dir);
  const std::string in = archive_fixtures(dir, {"multi.zip", "multi.tar.gz"});
  Outcomes r = run(c, {in});
  for (const char* container : {"multi.zip", "multi.tar.gz"}) {
    const std::string zip = in + "/" + container;
    const DocumentOutcome& parent = outcome(r, zip);
    CHECK(parent.outcome == Outcome::kIngested);
    for (const char* member :
         {"en.txt", "한국어.txt", "русский.txt", "legacy/ko-euckr.txt", "legacy/ru-cp1251.txt"}) {
      const DocumentOutcome& m = outcome(r, zip + "/" + member);
      CHECK(m.outcome == Outcome::kIngested);
      CHECK(m.parent_id == parent.id);
    }
    // parent:ID finds its members
    CHECK(search(c, "parent:" + parent.id).size() == 5);
  }
  // legacy charsets inside containers are decoded; the same bytes in both containers
  // are one document with both locations
  auto ko = search(c, "환적");
  REQUIRE(ko.size() == 1);
  CHECK(std::set<std::string>(ko[0].locations.begin(), ko[0].locations.end()) ==
        std::set<std::string>{in + "/multi.tar.gz/legacy/ko-euckr.txt",
                              in + "/multi.zip/legacy/ko-euckr.txt"});
  auto ru = search(c, "Находка");
  REQUIRE(ru.size() == 1);
  CHECK(ru[0].locations.size() == 2);
  CHECK(search(c, "quick brown fox").size() == 1);
  // the container's own text lists its members
  CHECK(search(c, "русский").size() >= 2);

  // a second run: the containers are unchanged, their members too, nothing gone
  Outcomes again = run(c, {in});
  CHECK(again.summary.ingested == 0);
  CHECK(again.summary.gone == 0);
  CHECK(search(c, "quick brown fox").size() == 1);
}

TEST_CASE(
    "Nested containers: each member's location names the whole way in, and show's parents follow "
    "it",
    "[sources][archive]") {
  TempDir dir;
  Config c = config_in(dir);
  const std::string in = archive_fixtures(dir, {"nested.zip"});
  Outcomes r = run(c, {in});
  const std::string deep = in + "/nested.zip/inner.tar.gz/inner.zip/deep.txt";
  const DocumentOutcome& d = outcome(r, deep);
  CHECK(d.outcome == Outcome::kIngested);
  const DocumentOutcome& inner = outcome(r, in + "/nested.zip/inner.tar.gz/inner.zip");
  CHECK(d.parent_id == inner.id);
  const DocumentOutcome& tgz = outcome(r, in + "/nested.zip/inner.tar.gz");
  CHECK(inner.parent_id == tgz.id);
  CHECK(tgz.parent_id == outcome(r, in + "/nested.zip").id);
  CHECK(locations(search(c, "깊은")) == std::multiset<std::string>{deep});
  auto reader = IndexReader::open(DataLayout(c.data_dir).index());
  REQUIRE(reader);
  auto stored = (*reader)->get(tgz.id);
  REQUIRE(stored);
  std::set<std::string> members;
  for (const ChildSummary& ch : stored->children) members.insert(ch.inner_path);
  CHECK(members == std::set<std::string>{"middle.txt", "inner.zip"});
}

TEST_CASE("Bad containers end with a reason, and the rest of the run and their readable parts stay",
          "[sources][archive]") {
  TempDir dir;
  Config c = config_in(dir);
  const std::string in =
      archive_fixtures(dir, {"bomb.zip", "bomb.gz", "nest42.zip", "truncated.zip", "corrupt.zip",
                             "encrypted.zip", "traversal.zip", "empty100k.zip", "plain.txt"});
  auto droste = corpus_file("archives/zip_recursive_droste_tika.zip");
  REQUIRE(droste);
  dir.write("in/droste.zip", read_bytes(*droste));
  Outcomes r = run(c, {in});
  // the plain file is unaffected
  CHECK(outcome(r, in + "/plain.txt").outcome == Outcome::kIngested);
  // bombs: cut with the limit's name, the container still indexed
  for (const char* bomb : {"bomb.zip", "bomb.gz"}) {
    INFO(bomb);
    const std::string uri = in + "/" + bomb;
    bool reason = false;
    for (const auto& [u, o] : r.by_uri) {
      if (u.rfind(uri, 0) != 0) continue;
      const std::string why = o.error ? o.error->error.message : o.cut;
      reason = reason || why.find("archive.max_") != std::string::npos;
      CHECK(why.find('\n') == std::string::npos);
    }
    CHECK(reason);
    CHECK(outcome(r, uri).outcome == Outcome::kIngested);
  }
  // truncated: the members before the cut are indexed, the reason says where it broke
  const DocumentOutcome& truncated = outcome(r, in + "/truncated.zip");
  CHECK(truncated.outcome == Outcome::kIngested);
  CHECK_THAT(truncated.cut, Catch::Contains("truncated or corrupt"));
  for (const char* part : {"part0.txt", "part1.txt", "part2.txt"})
    CHECK(outcome(r, in + "/truncated.zip/" + part).outcome == Outcome::kIngested);
  // corrupt: the good members are read
  CHECK(outcome(r, in + "/corrupt.zip/good1.txt").outcome == Outcome::kIngested);
  // encrypted: that member fails with its reason, the others are read
  bool encrypted = false;
  for (const auto& [u, o] : r.by_uri)
    if (u.rfind(in + "/encrypted.zip/", 0) == 0 && o.error &&
        o.error->error.code == ErrorCode::kEncrypted)
      encrypted = true;
  CHECK(encrypted);
  // traversal: member paths never leave the container, nothing was written
  for (const auto& [u, o] : r.by_uri) {
    if (u.rfind(in + "/traversal.zip", 0) != 0) continue;
    CHECK(u.find("/../") == std::string::npos);
    CHECK(u.find("traversal.zip//") == std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir.path() / "etc"));
  // 100,000 empty members: no documents, one container
  CHECK(outcome(r, in + "/empty100k.zip").outcome == Outcome::kIngested);
  // a zip that contains itself is not opened again inside itself
  CHECK(outcome(r, in + "/droste.zip").outcome == Outcome::kIngested);
  size_t droste_depth = 0;
  for (const auto& [u, o] : r.by_uri)
    if (u.rfind(in + "/droste.zip", 0) == 0)
      droste_depth =
          std::max(droste_depth, static_cast<size_t>(std::count(u.begin(), u.end(), '/')));
  CHECK(droste_depth <=
        static_cast<size_t>(std::count(in.begin(), in.end(), '/')) + 1 + c.archive.max_depth);
  CHECK(r.summary.ingested > 10);
}

TEST_CASE("A container over 8 MB is read from disk member by member, with the same id and members",
          "[sources][archive]") {
  TempDir dir;
  Config c = config_in(dir);
  // a container is not held, so the bound on files held whole does not apply to it
  c.ingest.max_file_size = 10 << 20;
  const std::string big_text = dir.write("in/big.txt", std::string(11 << 20, 'a'));
  const std::string zip = dir.str() + "/in/big.zip";
  fs::create_directories(dir.path() / "in");
  // 18 MB stored: over the size read into memory; its sha256 printed for the check
  const std::string script =
      "import hashlib,random,sys,zipfile\n"
      "random.seed(3)\n"
      "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED)\n"
      "z.writestr('ko/보고서.txt', '북한 선박이 남포에서 석탄을 옮겨 실었다.')\n"
      "z.writestr('filler.bin', bytes(random.getrandbits(8) for _ in range(18 << 20)))\n"
      "z.writestr('ru/доклад.txt', 'Танкер вышел из порта Находка.')\n"
      "z.close()\n"
      "print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())\n";
  const std::string py = dir.write("make.py", script);
  const std::string out = dir.str() + "/sha";
  REQUIRE(std::system(("python3 " + py + " " + zip + " > " + out).c_str()) == 0);
  std::string sha = read_bytes(out);
  sha.erase(sha.find_last_not_of("\n") + 1);
  Outcomes r = run(c, {dir.str() + "/in"});
  const DocumentOutcome& container = outcome(r, zip);
  CHECK(container.outcome == Outcome::kIngested);
  CHECK(container.id == sha);
  CHECK(outcome(r, zip + "/ko/보고서.txt").parent_id == sha);
  CHECK(locations(search(c, "선박")) == std::multiset<std::string>{zip + "/ko/보고서.txt"});
  CHECK(locations(search(c, "Находка")) == std::multiset<std::string>{zip + "/ru/доклад.txt"});
  // a document over the bound still is
  REQUIRE(outcome(r, big_text).error);
  CHECK(outcome(r, big_text).error->error.code == ErrorCode::kTooLarge);
  CHECK(run(c, {dir.str() + "/in"}).summary.ingested == 0);
}
