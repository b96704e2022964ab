// Every document scripts/make-office-fixtures.py writes (DOCX, XLSX, PPTX, ODF, HWPX,
// HWP 5, RTF, e-mail, mbox, MHTML, Outlook .msg; in English, Korean and Russian, with
// the reference text, properties and children in its expected.json) read by the
// registry's extractors, the bad inputs the issue lists ending with their reason, and
// all of them through `trawl ingest` in one run: children, own dates, the run going on.
#include <sys/stat.h>
#include <utime.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "config/config.h"
#include "core/text.h"
#include "extractors/extractor.h"
#include "extractors/identify.h"
#include "support.h"

using namespace trawl;
using nlohmann::json;
using trawl::test::read_bytes;
using trawl::test::TempDir;
namespace fs = std::filesystem;

namespace {

// The generator's files, written once per test run.
struct Fixtures {
  TempDir dir;
  std::string in;  // the documents
  json expected;   // expected.json, kept out of `in`
};

const Fixtures& fixtures() {
  static std::unique_ptr<Fixtures> f = [] {
    auto f = std::make_unique<Fixtures>();
    f->in = f->dir.str() + "/in";
    const std::string cmd = "python3 '" + std::string(TRAWL_SOURCE_DIR) +
                            "/scripts/make-office-fixtures.py' '" + f->in + "' >/dev/null";
    if (std::system(cmd.c_str()) != 0) FAIL("make-office-fixtures.py failed: " << cmd);
    const std::string manifest = f->dir.str() + "/expected.json";
    fs::rename(f->in + "/expected.json", manifest);
    f->expected = json::parse(read_bytes(manifest));
    return f;
  }();
  return *f;
}

// Whitespace runs as one space, NFC: a reader's tabs and line breaks between cells and
// lines do not count against it.
std::string flat(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : to_nfc(s)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

bool is_failure(const std::string& error) { return !error.empty() && error != "ok_with_warning"; }

struct Read {
  std::string mime;
  Result<Extracted> result;
};

Read extract(const std::string& path) {
  const std::string bytes = read_bytes(path);
  static auto mime = MimeDetector::create();
  REQUIRE(mime);
  const std::string type = (*mime)->detect(bytes, path);
  static ExtractorRegistry registry = ExtractorRegistry::with_defaults(Config{});
  const Extractor* ex = registry.find(type);
  if (!ex) return {type, make_error(ErrorCode::kUnsupported, "no extractor for " + type)};
  return {type, ex->extract(Blob{bytes, type, path, {}})};
}

// The reference lines of an entry that `text` lacks.
std::vector<std::string> missing_lines(const json& entry, const std::string& text) {
  const std::string have = flat(text);
  std::vector<std::string> missing;
  for (const json& line : entry.value("text", json::array())) {
    const std::string want = flat(line.get<std::string>());
    if (!want.empty() && have.find(want) == std::string::npos) missing.push_back(want);
  }
  return missing;
}

}  // namespace

TEST_CASE("The generator writes every format in all three languages", "[formats]") {
  const json& expected = fixtures().expected;
  std::set<std::string> formats, langs_of_docx;
  for (const auto& [name, entry] : expected.items()) {
    CHECK(fs::exists(fixtures().in + "/" + name));
    formats.insert(str(entry, "format"));
  }
  for (const char* f :
       {"docx", "xlsx", "pptx", "odt", "ods", "odp", "hwpx", "hwp", "rtf", "eml", "mbox", "msg"})
    CHECK(formats.count(f));
  for (const char* lang : {"en", "ko", "ru"})
    for (const char* f : {"docx", "xlsx", "pptx", "hwpx", "rtf", "hwp"}) {
      INFO(lang << " " << f);
      bool found = false;
      for (const auto& [name, entry] : expected.items())
        found = found || (str(entry, "format") == f && str(entry, "lang") == lang &&
                          !name.starts_with("bad_"));
      CHECK(found);
    }
}

TEST_CASE("Every generated document gives its reference text, title, author and date",
          "[formats]") {
  const Fixtures& f = fixtures();
  for (const auto& [name, entry] : f.expected.items()) {
    if (is_failure(str(entry, "error"))) continue;
    INFO(name);
    Read r = extract(f.in + "/" + name);
    INFO(r.mime);
    if (!r.result) INFO(r.result.error().message);
    REQUIRE(r.result);
    const Extracted& e = *r.result;
    // every reference line, bar a rounding error's worth on long documents
    const size_t lines = entry.value("text", json::array()).size();
    const std::vector<std::string> missing = missing_lines(entry, e.text);
    std::ostringstream list;
    for (const std::string& m : missing) list << "\n  missing: " << m;
    INFO(list.str());
    CHECK(missing.size() <= lines / 50);
    if (!str(entry, "title").empty()) CHECK(e.title == str(entry, "title"));
    if (!str(entry, "author").empty()) {
      auto it = e.metadata.find("author");
      REQUIRE(it != e.metadata.end());
      CHECK(it->second == str(entry, "author"));
    }
    const std::string created =
        str(entry, "created").empty() ? str(entry, "date") : str(entry, "created");
    if (created.size() >= 10) CHECK(e.date == created.substr(0, 10));
    // damage is told: a warning, or a child that failed (the pipeline then warns too)
    if (str(entry, "error") == "ok_with_warning")
      CHECK((!e.warnings.empty() || std::any_of(e.children.begin(), e.children.end(),
                                                [](const Embedded& c) { return c.error; })));
    for (const char* key : {"from", "to", "cc", "subject"}) {
      if (str(entry, key).empty()) continue;
      INFO(key);
      auto it = e.metadata.find(key);
      REQUIRE(it != e.metadata.end());
      CHECK_THAT(it->second, Catch::Contains(str(entry, key)));
    }
    std::set<std::string> children;
    for (const Embedded& c : e.children) children.insert(fs::path(c.name).filename().string());
    for (const json& c : entry.value("children", json::array()))
      CHECK(children.count(fs::path(c.get<std::string>()).filename().string()));
  }
}

TEST_CASE("Every bad generated input ends with its reason in one line", "[formats][bad]") {
  const Fixtures& f = fixtures();
  int bad = 0;
  for (const auto& [name, entry] : f.expected.items()) {
    const std::string error = str(entry, "error");
    if (!is_failure(error)) continue;
    ++bad;
    INFO(name << ": expected " << error);
    Read r = extract(f.in + "/" + name);
    INFO(r.mime);
    REQUIRE_FALSE(r.result);
    CHECK(error_code_name(r.result.error().code) == error);
    CHECK_FALSE(r.result.error().message.empty());
    CHECK(r.result.error().message.find('\n') == std::string::npos);
  }
  CHECK(bad >= 3);  // not a zip, a zip without its main part, a password-protected HWP
}

TEST_CASE("All of them in one trawl ingest: children, their own dates, bad ones failing alone",
          "[formats][pipeline]") {
  const Fixtures& f = fixtures();
  // file times far from the documents' own dates: the own date must win
  for (const auto& e : fs::directory_iterator(f.in)) {
    struct utimbuf t {
      978307200, 978307200  // 2001-01-01
    };
    ::utime(e.path().c_str(), &t);
  }
  TempDir run;
  const std::string data = run.str() + "/data", report = run.str() + "/report.jsonl";
  auto in = trawl::test::run_trawl(
      {"ingest", "--threads", "2", "--data", data, "--report", report, f.in});
  INFO(in.err);
  REQUIRE((in.status == 0 || in.status == 1));
  std::map<std::string, json> rows;  // by path
  std::istringstream lines(read_bytes(report));
  for (std::string line; std::getline(lines, line);) {
    json j = json::parse(line);
    rows[j["path"].get<std::string>()] = j;
  }
  auto search = [&](const std::string& q) {
    auto r = trawl::test::run_trawl({"search", "--data", data, "--json", "--limit", "500", q});
    INFO(q << "\n" << r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out)["hits"];
  };
  std::set<std::string> dates;
  for (const auto& [name, entry] : f.expected.items()) {
    const std::string path = f.in + "/" + name;
    INFO(name);
    REQUIRE(rows.count(path));
    const json& row = rows[path];
    const std::string error = str(entry, "error");
    if (is_failure(error)) {
      CHECK(row["status"] == "failed");
      CHECK(row.value("code", "") == error);
      CHECK(str(row, "reason").find('\n') == std::string::npos);
      continue;
    }
    CHECK(row["status"] == "ingested");
    // children are documents at PARENT/name with the parent's id
    for (const json& c : entry.value("children", json::array())) {
      const std::string child = fs::path(c.get<std::string>()).filename().string();
      bool found = false;
      for (const auto& [p, j] : rows)
        found = found || (p.starts_with(path + "/") && p.ends_with("/" + child) &&
                          str(j, "parent_id") == str(row, "id"));
      INFO(child);
      CHECK(found);
    }
    const std::string created = str(entry, "created");
    if (created.size() >= 10) dates.insert(created.substr(0, 10));
  }
  // date: ranges work on the documents' own dates, not on the file times
  for (const std::string& day : dates) {
    json hits = search("date:" + day + ".." + day);
    CHECK(hits.size() >= 1);
  }
  CHECK(search("date:2001-01-01..2001-01-01").empty());
}

TEST_CASE("Bad office and e-mail inputs keep what is readable and say what was wrong",
          "[formats][bad]") {
  const Fixtures& f = fixtures();
  auto read = [&](const std::string& name) {
    INFO(name);
    Read r = extract(f.in + "/" + name);
    if (!r.result) INFO(r.result.error().message);
    REQUIRE(r.result);
    return std::move(*r.result);
  };
  auto warned = [](const Extracted& e, const std::string& what) {
    return std::any_of(e.warnings.begin(), e.warnings.end(),
                       [&](const std::string& w) { return w.find(what) != std::string::npos; });
  };
  SECTION("a PPTX whose slide list points at a missing part: the others, page 2 empty") {
    Extracted e = read("bad_missing_slide.pptx");
    REQUIRE(e.pages.size() == 3);
    CHECK(e.pages[1].empty());
    CHECK_FALSE(e.pages[2].empty());
    CHECK(warned(e, "ppt/slides/slide2.xml"));
  }
  SECTION("a DOCX whose XML is malformed: the text before the damage, the other parts") {
    Extracted e = read("bad_malformed.docx");
    CHECK(warned(e, "malformed XML in word/document.xml"));
    CHECK_THAT(e.text, Catch::Contains("Ship-to-ship transfers in the Yellow Sea"));
    CHECK_THAT(e.text, Catch::Contains("restricted distribution"));  // the header part
  }
  SECTION("an XLSX declaring a million rows: the rows it has") {
    Extracted e = read("bad_million_rows.xlsx");
    const json& entry = f.expected["bad_million_rows.xlsx"];
    CHECK(missing_lines(entry, e.text).empty());
  }
  SECTION("a DOCX of 100 MB of XML: cut at max_text_bytes with a warning") {
    Extracted e = read("bad_huge_xml.docx");
    CHECK(e.text.size() <= OfficeOptions{}.max_text_bytes);
    CHECK(e.text.size() > OfficeOptions{}.max_text_bytes / 2);
    CHECK(warned(e, "max_text_bytes"));
  }
  SECTION("an e-mail with a KOI8-R subject and a broken base64 attachment") {
    Extracted e = read("bad_koi8_broken_base64.eml");
    CHECK(e.metadata["subject"] == str(f.expected["bad_koi8_broken_base64.eml"], "subject"));
    REQUIRE(e.children.size() == 1);
    REQUIRE(e.children[0].error);
    CHECK(e.children[0].error->code == ErrorCode::kCorrupt);
    CHECK(e.children[0].error->message.find('\n') == std::string::npos);
  }
  SECTION("an mbox whose first From line is missing: three messages and a warning") {
    Extracted e = read("bad_missing_first_from.mbox");
    CHECK(e.children.size() == 3);
    CHECK(warned(e, "From line"));
  }
  SECTION("an mbox with a message whose From line is missing: it stays in the one before") {
    Extracted e = read("bad_missing_from.mbox");
    REQUIRE(e.children.size() == 2);
    // the Russian message is not lost: its header and body are the end of the first one
    const std::string first(e.children[0].bytes);
    size_t subjects = 0;
    for (size_t at = first.find("\nSubject:"); at != std::string::npos;
         at = first.find("\nSubject:", at + 1))
      ++subjects;
    CHECK(subjects == 2);
  }
}
