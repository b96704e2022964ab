// The compound-file reader (extractors/ole_gsf.cc over libgsf): the corpus's HWP 5
// document, files written by tests/cfb_fixture.h, and the same files broken on purpose
// (a sector chain that loops, a truncated file, a directory that loops).
#include "extractors/ole.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/cfb_fixture.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::CfbWriter;
using trawl::test::corpus_file;

namespace {

std::string pattern(size_t n, char seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + i % 23);
  return s;
}

// A file with streams in the root and in two storages, names in our three languages.
CfbWriter::Built sample() {
  CfbWriter w;
  w.add("FileHeader", pattern(256, 'a'));
  w.add("BodyText/Section0", pattern(3000, 'b'));
  w.add("BodyText/Section1", pattern(700, 'c'));
  w.add("Документ", "русский текст");
  w.add("문서/본문", "한국어 본문");
  return w.build();
}

}  // namespace

TEST_CASE("OLE reader lists and reads the streams of a compound file") {
  const auto built = sample();
  auto cf = ole::CompoundFile::open(built.bytes, "sample");
  REQUIRE(cf.ok());
  std::vector<std::string> top;
  for (const auto& e : cf->children()) top.push_back(e.name + (e.storage ? "/" : ""));
  CHECK(top.size() == 4);
  CHECK(std::find(top.begin(), top.end(), "BodyText/") != top.end());
  CHECK(std::find(top.begin(), top.end(), "Документ") != top.end());
  CHECK(std::find(top.begin(), top.end(), "문서/") != top.end());
  const auto body = cf->children("BodyText");
  REQUIRE(body.size() == 2);
  CHECK_FALSE(body[0].storage);
  CHECK(cf->has("BodyText/Section1"));
  CHECK_FALSE(cf->has("BodyText/Section2"));
  auto e = cf->entry("BodyText/Section0");
  REQUIRE(e);
  CHECK(e->name == "Section0");
  CHECK(e->size == 3000);
  CHECK(cf->entry("BodyText")->storage);
  CHECK(cf->children("FileHeader").empty());

  auto s0 = cf->read("BodyText/Section0", 1 << 20);
  REQUIRE(s0.ok());
  CHECK(*s0 == pattern(3000, 'b'));
  CHECK(*cf->read("Документ", 100) == "русский текст");
  CHECK(*cf->read("문서/본문", 100) == "한국어 본문");
  auto prefix = cf->read_prefix("BodyText/Section0", 10);
  REQUIRE(prefix.ok());
  CHECK(*prefix == pattern(10, 'b'));
}

TEST_CASE("OLE reader refuses a stream over the limit and names a missing one") {
  const auto built = sample();
  auto cf = ole::CompoundFile::open(built.bytes, "sample");
  REQUIRE(cf.ok());
  auto big = cf->read("BodyText/Section0", 2999);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == ErrorCode::kTooLarge);
  CHECK(big.error().message.find("BodyText/Section0") != std::string::npos);
  auto missing = cf->read("BodyText/Section9", 100);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  auto storage = cf->read("BodyText", 100);
  REQUIRE_FALSE(storage.ok());
  CHECK(storage.error().code == ErrorCode::kNotFound);
}

TEST_CASE("OLE reader reports corrupt for bytes that are no compound file") {
  for (std::string bytes : {std::string(), std::string("PK\3\4 not ole at all"),
                            std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "short"}) {
    auto cf = ole::CompoundFile::open(bytes, "x");
    REQUIRE_FALSE(cf.ok());
    CHECK(cf.error().code == ErrorCode::kCorrupt);
    CHECK(cf.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE("OLE reader ends a stream whose sector chain loops with corrupt") {
  auto built = sample();
  const uint32_t first = built.first_sector.at("BodyText/Section0");
  built.set_fat(first + 2, first);  // the third of six sectors points back to the first
  const auto t0 = std::chrono::steady_clock::now();
  auto cf = ole::CompoundFile::open(built.bytes, "cycle");
  REQUIRE(cf.ok());
  auto s0 = cf->read("BodyText/Section0", 1 << 20);
  REQUIRE_FALSE(s0.ok());
  CHECK(s0.error().code == ErrorCode::kCorrupt);
  CHECK(s0.error().message.find("BodyText/Section0") != std::string::npos);
  // what could be read is there through read_prefix
  auto prefix = cf->read_prefix("BodyText/Section0", 1 << 20);
  REQUIRE(prefix.ok());
  CHECK(prefix->size() == 3 * 512);
  // the other streams are untouched
  CHECK(*cf->read("Документ", 100) == "русский текст");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
}

TEST_CASE("OLE reader survives a directory whose sector chain loops") {
  auto built = sample();
  built.set_fat(built.directory_sector, built.directory_sector);
  auto cf = ole::CompoundFile::open(built.bytes, "dir-cycle");
  // the loop is cut after the first of the directory's two sectors: its four entries
  // (the root, FileHeader, BodyText, Section0) are read, the rest is gone
  REQUIRE(cf.ok());
  CHECK(*cf->read("FileHeader", 1000) == pattern(256, 'a'));
  CHECK(cf->has("BodyText/Section0"));
  CHECK_FALSE(cf->has("문서/본문"));
}

TEST_CASE("OLE reader reports corrupt for a stream cut by a truncated file") {
  const auto built = sample();
  const uint32_t first = built.first_sector.at("BodyText/Section0");
  const std::string cut = built.bytes.substr(0, built.sector_offset(first) + 1000);
  auto cf = ole::CompoundFile::open(cut, "truncated");
  REQUIRE(cf.ok());
  auto s0 = cf->read("BodyText/Section0", 1 << 20);
  REQUIRE_FALSE(s0.ok());
  CHECK(s0.error().code == ErrorCode::kCorrupt);
  auto tail = cf->read("Документ", 100);
  CHECK_FALSE(tail.ok());
  // cut inside the directory: no file at all
  auto none = ole::CompoundFile::open(built.bytes.substr(0, 700), "truncated");
  CHECK_FALSE(none.ok());
}

TEST_CASE("OLE reader gives the summary information in UTF-16 and in a code page") {
  CfbWriter w;
  w.add("\005SummaryInformation",
        trawl::test::property_set({{2, "한국어 문법"}, {4, "Иван Петров"}, {5, "grammar; 문법"}},
                                  {{12, 1551432600}, {13, 1551519000}}));
  // windows-1251 bytes for "Отчёт" and "Анна"
  w.add("Cyrillic/\005SummaryInformation",
        trawl::test::property_set({{2, "\xCE\xF2\xF7\xB8\xF2"}, {4, "\xC0\xED\xED\xE0"}}, {}, 1251,
                                  true));
  const auto built = w.build();
  auto cf = ole::CompoundFile::open(built.bytes, "summary");
  REQUIRE(cf.ok());
  auto s = cf->summary("\005SummaryInformation");
  REQUIRE(s);
  CHECK(s->title == "한국어 문법");
  CHECK(s->author == "Иван Петров");
  CHECK(s->keywords == "grammar; 문법");
  CHECK(s->created == "2019-03-01T09:30:00Z");
  CHECK(s->modified == "2019-03-02T09:30:00Z");
  CHECK(s->codepage == 1200);
  auto c = cf->summary("Cyrillic/\005SummaryInformation");
  REQUIRE(c);
  CHECK(c->codepage == 1251);
  CHECK(c->title == "Отчёт");
  CHECK(c->author == "Анна");
  CHECK_FALSE(cf->summary("\005DocumentSummaryInformation"));
}

TEST_CASE("OLE reader opens the corpus HWP 5 document and its summary") {
  auto path = corpus_file("office/ko_hwp5_grammar_java-hwp.hwp");
  REQUIRE(path);
  const std::string bytes = trawl::test::read_bytes(*path);
  auto cf = ole::CompoundFile::open(bytes, "ko_hwp5_grammar_java-hwp.hwp");
  INFO((cf.ok() ? "" : cf.error().message));
  REQUIRE(cf.ok());
  CHECK(cf->has("FileHeader"));
  CHECK(cf->has("DocInfo"));
  CHECK(cf->entry("BodyText")->storage);
  CHECK(cf->has("BodyText/Section0"));
  auto header = cf->read("FileHeader", 4096);
  REQUIRE(header.ok());
  CHECK(header->size() == 256);
  CHECK(header->starts_with("HWP Document File"));
  auto s = cf->summary("\005HwpSummaryInformation");
  REQUIRE(s);
  CHECK_FALSE(s->created.empty());
}

TEST_CASE("OLE reader refuses a directory too large for libgsf to parse safely") {
  // a stream of 9,000 zeroed sectors, then the header's directory start pointed at it:
  // 36,000 directory entries
  CfbWriter w;
  w.add("Big", std::string(9000 * 512, '\0'));
  auto built = w.build();
  CfbWriter::put32(built.bytes, 0x30, built.first_sector.at("Big"));
  const auto t0 = std::chrono::steady_clock::now();
  auto cf = ole::CompoundFile::open(built.bytes, "big-directory");
  REQUIRE_FALSE(cf.ok());
  CHECK(cf.error().code == ErrorCode::kTooLarge);
  CHECK(cf.error().message == "compound-file directory of 36000 entries");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

TEST_CASE("OLE reader names the stream whose sector chain does not end") {
  auto built = sample();
  const uint32_t first = built.first_sector.at("BodyText/Section0");
  built.set_fat(first + 5, first);  // the last of six sectors points back at the first
  auto cf = ole::CompoundFile::open(built.bytes, "loop");
  REQUIRE(cf.ok());
  auto s0 = cf->read("BodyText/Section0", 1 << 20);
  // libgsf cuts the chain where it meets itself: here after all six sectors
  REQUIRE(s0.ok());
  CHECK(*s0 == pattern(3000, 'b'));
  const auto w = cf->warnings();
  REQUIRE(w.size() == 1);
  CHECK(w[0] == "BodyText/Section0: its sector chain does not end (a loop or a bad FAT entry)");
}

TEST_CASE("OLE reader ignores summary properties whose offsets point outside the stream") {
  std::string ps =
      trawl::test::property_set({{2, "Заголовок 제목 title"}}, {{12, 1551432600}}, 1200);
  // the section starts at 48: its property table at 56 (codepage, title, created)
  std::string bad_title = ps, bad_date = ps, bad_size = ps;
  CfbWriter::put32(bad_title, 56 + 12, 0xFFFFFFFC);  // the title's offset: wraps in 32 bits
  CfbWriter::put32(bad_date, 56 + 20, static_cast<uint32_t>(ps.size() - 48 - 8));  // date cut
  CfbWriter::put32(bad_size, 48, 4);  // a section smaller than its own header
  CfbWriter w;
  w.add("a", bad_title);
  w.add("b", bad_date);
  w.add("c", bad_size);
  const auto built = w.build();
  auto cf = ole::CompoundFile::open(built.bytes, "summary");
  REQUIRE(cf.ok());
  auto a = cf->summary("a");
  REQUIRE(a);
  CHECK(a->title.empty());
  CHECK(a->created == "2019-03-01T09:30:00Z");
  auto b = cf->summary("b");
  REQUIRE(b);
  CHECK(b->title == "Заголовок 제목 title");
  CHECK(b->created.empty());
  CHECK_FALSE(cf->summary("c"));
}
