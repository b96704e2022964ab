// End to end through the trawl binary: ingest samples/, then searches that must find
// given documents in each language and must not find others.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support.h"

using trawl::test::run_trawl;
using trawl::test::TempDir;
using json = nlohmann::json;

namespace {

// One ingest of samples/ shared by the searches (it takes a second or two).
struct Samples {
  TempDir dir;
  std::string data = dir.str() + "/data";
  trawl::test::RunResult ingest;
  Samples() {
    std::string s = trawl::test::samples_dir();
    ingest = run_trawl({"ingest", "--data", data, "--report", dir.str() + "/report.jsonl", s + "/ko", s + "/ru", s + "/en"});
  }
};

Samples& samples() {
  static Samples s;
  return s;
}

std::set<std::string> found(const std::string& query) {
  auto r = run_trawl({"search", "--data", samples().data, "--json", "--limit", "100", query});
  INFO(query << "\n" << r.err);
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  std::set<std::string> names;
  for (const json& h : j["hits"]) names.insert(std::filesystem::path(h["location"].get<std::string>()).filename().string());
  CHECK(j["total"].get<size_t>() == names.size());
  return names;
}

}  // namespace

TEST_CASE("Ingesting the samples reports every document ingested", "[e2e]") {
  Samples& s = samples();
  INFO(s.ingest.err);
  REQUIRE(s.ingest.status == 0);
  CHECK_THAT(s.ingest.out, Catch::Contains("ingested 15, unchanged 0, failed 0"));
  auto again = run_trawl({"ingest", "--data", s.data, trawl::test::samples_dir() + "/ko"});
  CHECK_THAT(again.out, Catch::Contains("ingested 0, unchanged 5, failed 0"));
}

TEST_CASE("Korean: a word inside inflected forms, in every Korean encoding", "[e2e]") {
  std::set<std::string> ko = found("북한 선박 lang:ko");
  CHECK(ko.count("01-nampo-sts-euckr.html"));
  CHECK(ko.count("02-ttombang-trading-cp949.html"));
  CHECK(ko.count("04-monitoring-report.pdf"));
  CHECK(ko.size() == 5);
  // a CP949-only syllable, searchable only if CP949 was decoded right
  CHECK(found("똠방") == std::set<std::string>{"02-ttombang-trading-cp949.html", "03-weekly-briefing-utf8.txt"});
}

TEST_CASE("Russian: судно finds documents with only inflected forms, KOI8-R and windows-1251 included", "[e2e]") {
  std::set<std::string> ru = found("судно lang:ru");
  CHECK(ru.count("02-vladivostok-koi8r.html"));  // only судна/судном in it
  CHECK(ru.count("03-obzor-utf8.txt"));
  CHECK(ru.count("01-nakhodka-cp1251.html"));
  CHECK(ru.count("04-otchet-monitoring.pdf"));
}

TEST_CASE("English: a phrase, a date range and a type filter", "[e2e]") {
  CHECK(found("\"ship-to-ship transfer\"") == std::set<std::string>{"01-nampo-sts-analysis.html", "04-briefing-note.pdf"});
  CHECK(found("\"ship-to-ship transfer\" date:2024-01-01..2024-12-31") == std::set<std::string>{"01-nampo-sts-analysis.html"});
  CHECK(found("\"ship-to-ship transfer\" type:pdf") == std::set<std::string>{"04-briefing-note.pdf"});
  CHECK(found("zzscriptonly").empty());
  CHECK(found("zzstyleonly").empty());
}

TEST_CASE("One query finds the same vessel in all three languages", "[e2e]") {
  auto r = run_trawl({"search", "--data", samples().data, "--json", "--limit", "100", "8716344"});
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  CHECK(j["facets"]["lang"]["ko"].get<int>() > 0);
  CHECK(j["facets"]["lang"]["ru"].get<int>() > 0);
  CHECK(j["facets"]["lang"]["en"].get<int>() > 0);
  for (const char* field : {"id", "title", "location", "lang", "mime", "date", "snippet", "score"})
    CHECK(j["hits"][0].contains(field));
}

TEST_CASE("show, stats and extract print what scripts rely on", "[e2e]") {
  auto s = run_trawl({"stats", "--data", samples().data, "--json"});
  REQUIRE(s.status == 0);
  json st = json::parse(s.out);
  CHECK(st["documents"] == 15);
  CHECK(st["by_language"]["ko"] == 5);
  CHECK(st["by_language"]["ru"] == 5);
  CHECK(st["by_language"]["en"] == 5);
  CHECK(st["by_type"]["pdf"] == 3);

  auto hit = json::parse(run_trawl({"search", "--data", samples().data, "--json", "똠방 lang:ko type:html"}).out);
  REQUIRE(hit["hits"].size() == 1);
  std::string id = hit["hits"][0]["id"];
  auto shown = run_trawl({"show", "--data", samples().data, id.substr(0, 12)});
  REQUIRE(shown.status == 0);
  CHECK_THAT(shown.out, Catch::Contains("CP949"));
  CHECK_THAT(shown.out, Catch::Contains("02-ttombang-trading-cp949.html"));

  auto ex = run_trawl({"extract", "--json", trawl::test::samples_dir() + "/ru/02-vladivostok-koi8r.html"});
  REQUIRE(ex.status == 0);
  json d = json::parse(ex.out);
  for (const char* field : {"id", "mime", "encoding", "language", "title", "text", "pages", "metadata", "warnings"})
    CHECK(d.contains(field));
  CHECK(d["encoding"] == "KOI8-R");
  CHECK(d["language"] == "ru");
  CHECK(d["date"] == "2023-09-05");
}

TEST_CASE("Exit status: 2 on bad usage, 1 when the index cannot be used", "[e2e]") {
  CHECK(run_trawl({"ingest"}).status == 2);
  CHECK(run_trawl({"frobnicate"}).status == 2);
  TempDir dir;
  CHECK(run_trawl({"search", "--data", dir.str() + "/none", "x"}).status == 1);
  dir.write("file-not-dir", "x");
  auto r = run_trawl({"ingest", "--data", dir.str() + "/file-not-dir", trawl::test::samples_dir() + "/en"});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("file-not-dir"));
  dir.write("bad.toml", "[ingest]\nthreds = 2\n");
  auto bad = run_trawl({"stats", "--config", dir.str() + "/bad.toml"});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.toml:2: ingest.threds is not a known setting"));
}

TEST_CASE("Scans are OCRed at ingest and filtered with ocr:yes", "[e2e][ocr]") {
  auto scan = trawl::test::corpus_file("pdf/scan_ocr_test_kreuzberg.pdf");
  auto image = trawl::test::corpus_file("ocr/en_phototest_rotated_L.png");
  auto digital = trawl::test::corpus_file("pdf/links_xref_poppler_xr01.pdf");
  if (!scan || !image || !digital) return;
  TempDir dir;
  std::string data = dir.str() + "/data";
  auto in = run_trawl({"ingest", "--data", data, *scan, *image, *digital});
  INFO(in.err);
  REQUIRE(in.status == 0);
  CHECK_THAT(in.out, Catch::Contains("ingested 3, unchanged 0, failed 0"));
  auto names = [&](const std::string& q) {
    auto r = run_trawl({"search", "--data", data, "--json", q});
    REQUIRE(r.status == 0);
    std::set<std::string> out;
    json j = json::parse(r.out);  // keep it: a range-for over a temporary's member dangles
    for (const json& h : j["hits"])
      out.insert(std::filesystem::path(h["location"].get<std::string>()).filename().string());
    return out;
  };
  CHECK(names("ocr:yes") == std::set<std::string>{"scan_ocr_test_kreuzberg.pdf", "en_phototest_rotated_L.png"});
  CHECK(names("ocr:no") == std::set<std::string>{"links_xref_poppler_xr01.pdf"});
  CHECK(names("docling markdown") == std::set<std::string>{"scan_ocr_test_kreuzberg.pdf"});
  CHECK(names("\"quick brown dog\" type:png") == std::set<std::string>{"en_phototest_rotated_L.png"});
}

TEST_CASE("extract --json shows what OCR did", "[e2e][ocr]") {
  auto image = trawl::test::corpus_file("ocr/en_phototest_rotated_180.png");
  if (!image) return;
  auto r = run_trawl({"extract", "--json", *image});
  REQUIRE(r.status == 0);
  json d = json::parse(r.out);
  REQUIRE(d["ocr"].is_object());
  CHECK(d["ocr"]["languages"] == "eng");
  CHECK(d["ocr"]["mean_confidence"].get<double>() > 80);
  REQUIRE(d["ocr"]["pages"].size() == 1);
  CHECK(d["ocr"]["pages"][0]["rotation"] == 180);
  CHECK(d["ocr"]["pages"][0]["page"] == 1);
  CHECK_THAT(d["text"].get<std::string>(), Catch::Contains("quick brown dog"));
  CHECK(d["language"] == "en");

  auto text = run_trawl({"extract", "--json", trawl::test::samples_dir() + "/en/03-weekly-digest-utf8.txt"});
  REQUIRE(text.status == 0);
  CHECK(json::parse(text.out)["ocr"].is_null());
}

TEST_CASE("A blank page does not lower a scan's mean OCR confidence", "[e2e][ocr]") {
  // page 2 is the blank back of the sheet: nothing read, confidence 0 (Tesseract can say
  // 95 for a reading without a word); the document's mean is page 1's, not half of it
  auto r = run_trawl({"extract", "--json", trawl::test::fixtures_dir() + "/ocr/blank-second-page.tif"});
  REQUIRE(r.status == 0);
  json d = json::parse(r.out);
  REQUIRE(d["ocr"]["pages"].size() == 2);
  CHECK(d["ocr"]["pages"][0]["confidence"].get<double>() > 85);
  CHECK(d["ocr"]["pages"][1]["confidence"].get<double>() == 0);
  CHECK(d["ocr"]["mean_confidence"] == d["ocr"]["pages"][0]["confidence"]);
  CHECK_THAT(d["text"].get<std::string>(), Catch::Contains("Port state control note"));
}

TEST_CASE("Scanned samples are searchable in all three languages", "[e2e][ocr]") {
  TempDir dir;
  std::string data = dir.str() + "/data";
  std::vector<std::string> args = {"ingest", "--data", data};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(trawl::test::samples_dir() + "/scans")) {
    std::string p = entry.path().string();
    if (entry.is_regular_file() && !p.ends_with(".txt") && !p.ends_with(".md")) args.push_back(p);
  }
  auto in = run_trawl(args);
  INFO(in.err);
  REQUIRE(in.status == 0);
  CHECK_THAT(in.out, Catch::Contains("ingested 8, unchanged 0, failed 0"));
  auto names = [&](const std::string& q) {
    auto r = run_trawl({"search", "--data", data, "--json", "--limit", "50", q});
    REQUIRE(r.status == 0);
    json j = json::parse(r.out);
    std::set<std::string> out;
    for (const json& h : j["hits"]) out.insert(std::filesystem::path(h["location"].get<std::string>()).filename().string());
    return out;
  };
  // the vessel's IMO number, read from scans in Korean, Russian and English; in the
  // mixed PDF it is only on the scanned page
  CHECK(names("8716344 ocr:yes") == std::set<std::string>{"01-bill-of-lading-kum-byol-3.jpg", "02-manifest-and-registry.pdf",
                                                          "02-manifest-and-logbook.pdf", "03-cover-note-and-scan.pdf"});
  // read from the Korean page that quotes English, and from Russian and English scans
  CHECK(names("8742159 ocr:yes") == std::set<std::string>{"03-sanctions-notice-bilingual.png", "02-manifest-and-logbook.pdf",
                                                          "03-cover-note-and-scan.pdf"});
  CHECK(names("\"ORIENT GRACE\" 선박명").count("03-sanctions-notice-bilingual.png"));
  CHECK(names("선하증권 lang:ko") == std::set<std::string>{"01-bill-of-lading-kum-byol-3.jpg"});
  CHECK(names("коносамент") == std::set<std::string>{"01-konosament-amur-falcon.png"});
  CHECK(names("\"bill of lading\" lang:en").count("01-bill-of-lading-sea-lantern.tif"));
}
