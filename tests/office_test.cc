// The zip-based office readers (extractors/office_*.cc, hwpx.cc) on the corpus's real
// files and on inputs that break them. The generated documents in all three languages,
// and the pipeline's children and dates, are tested in formats_test.cc.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>

#include "config/config.h"
#include "core/text.h"
#include "extractors/extractor.h"
#include "extractors/identify.h"
#include "support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::read_bytes;
using trawl::test::TempDir;

namespace {

Result<Extracted> extract_file(const std::string& path, const OfficeOptions& options = {}) {
  const std::string bytes = read_bytes(path);
  auto mime = MimeDetector::create();
  REQUIRE(mime);
  const std::string type = (*mime)->detect(bytes, path);
  Config config;
  config.office = options;
  ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  const Extractor* ex = registry.find(type);
  INFO(path << " is " << type);
  REQUIRE(ex != nullptr);
  return ex->extract(Blob{bytes, type, path, {}});
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("A real DOCX gives its body, header, footer, notes, table and text box once",
          "[office][corpus]") {
  auto path = corpus_file("office/en_word_various_tika.docx");
  REQUIRE(path);
  auto e = extract_file(*path);
  REQUIRE(e);
  // what Tika's tests assert of this file
  CHECK_THAT(e->text, Catch::Contains("Footnote appears here"));
  CHECK_THAT(e->text, Catch::Contains("This is a footnote."));
  CHECK_THAT(e->text, Catch::Contains("This is the header text."));
  CHECK_THAT(e->text, Catch::Contains("This is the footer text."));
  CHECK_THAT(e->text, Catch::Contains("Row 1 Col 1\tRow 1 Col 2\tRow 1 Col 3"));
  CHECK_THAT(e->text, Catch::Contains("ゾルゲと尾崎、淡々と最期"));
  // Word writes a text box twice (DrawingML and its VML fallback): read once
  CHECK(count_of(e->text, "Here is a text box") == 1);
  CHECK(e->metadata["author"] == "Michael McCandless");
  CHECK(e->metadata["subject"] == "Subject is here");
  CHECK(e->date == "2011-09-05");
  CHECK(e->warnings.empty());
}

TEST_CASE("A real XLSX gives its sheets by name, numbers as shown and its properties",
          "[office][corpus]") {
  auto path = corpus_file("office/en_excel_tika.xlsx");
  REQUIRE(path);
  auto e = extract_file(*path);
  REQUIRE(e);
  CHECK(e->title == "Simple Excel document");
  CHECK(e->metadata["author"] == "Keith Bennett");
  CHECK(e->metadata["sheets"] == "3");
  CHECK_THAT(e->text, Catch::Contains("Sample Excel Worksheet"));
  CHECK_THAT(e->text, Catch::Contains("\t15\t225"));
  REQUIRE(e->pages.size() == 3);
  CHECK(e->pages[0].starts_with("Feuil1\n"));
  CHECK(e->pages[1] == "Feuil2");
}

TEST_CASE("A real PPTX gives each slide as a page with its table", "[office][corpus]") {
  auto path = corpus_file("office/en_pptx_various_tika.pptx");
  REQUIRE(path);
  auto e = extract_file(*path);
  REQUIRE(e);
  CHECK(e->metadata["slides"] == "1");
  REQUIRE(e->pages.size() == 1);
  CHECK_THAT(e->text, Catch::Contains("Row 1 Col 1\tRow 1 Col 2\tRow 1 Col 3"));
  CHECK_THAT(e->text, Catch::Contains("Here is a numbered list:"));
  CHECK(count_of(e->text, "Here is a text box") == 1);
}

TEST_CASE("A real ODT gives its text, notes and properties, not its deleted changes",
          "[office][corpus]") {
  auto path = corpus_file("office/en_odt_ooo3_tika.odt");
  REQUIRE(path);
  auto e = extract_file(*path);
  REQUIRE(e);
  CHECK(e->title == "Apache Tika");
  CHECK(e->metadata["author"] == "Bart Hanssens");
  CHECK(e->metadata["keywords"] == "Apache, Lucene, Tika");
  CHECK(e->date == "2009-10-05");
  CHECK_THAT(e->text, Catch::Contains("Tika is part of the Lucene project."));
  CHECK_THAT(e->text, Catch::Contains("This is of course a simple footnote"));
  CHECK_THAT(e->text, Catch::Contains("This is a rather difficult test document"));
  // "complex" was deleted with changes tracked: it is in text:tracked-changes only
  CHECK_THAT(e->text, !Catch::Contains("complex"));
  // a shape's title is not its text
  CHECK_THAT(e->text, !Catch::Contains("Rectangle Title"));
}

TEST_CASE("Zip bytes that are no office package fail with one line", "[office][bad]") {
  Config config;
  ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  for (const char* type :
       {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text", "application/hwp+zip"}) {
    INFO(type);
    const Extractor* ex = registry.find(type);
    REQUIRE(ex);
    auto garbage = ex->extract(
        Blob{"PK\x03\x04 this is not a zip at all, only its magic", type, "broken.bin", {}});
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().code == ErrorCode::kCorrupt);
    CHECK(garbage.error().message.find('\n') == std::string::npos);
  }
}
