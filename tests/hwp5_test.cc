// HWP 5 (extractors/hwp5.cc, hwp5_records.cc), the encrypted-OOXML extractor and the
// compound-file dispatcher (ole_dispatch.cc): the corpus's documents, and HWP files
// written here record by record (tests/cfb_fixture.h for the compound file) in English,
// Russian and Korean, then broken on purpose.

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "extractors/extractor.h"
#include "extractors/hwp5_records.h"
#include "extractors/identify.h"
#include "tests/cfb_fixture.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::CfbWriter;
using trawl::test::corpus_file;

namespace {

std::string u16(const std::string& utf8) { return CfbWriter::utf16le(utf8); }
std::string unit(uint16_t c) {
  return std::string{static_cast<char>(c & 0xFF), static_cast<char>(c >> 8)};
}
std::string le32(uint32_t v) {
  std::string s(4, '\0');
  CfbWriter::put32(s, 0, v);
  return s;
}

std::string record(uint16_t tag, uint16_t level, const std::string& data) {
  const uint32_t size = static_cast<uint32_t>(data.size());
  std::string out;
  if (size >= 0xFFF) {
    out = le32(tag | level << 10 | 0xFFFu << 20) + le32(size);
  } else {
    out = le32(tag | level << 10 | size << 20);
  }
  return out + data;
}

// An extended control character (8 units): code, the control's id, 4 units, code.
std::string extended(uint16_t code, const char (&id)[5]) {
  const uint32_t v = static_cast<uint32_t>(id[0]) << 24 | static_cast<uint32_t>(id[1]) << 16 |
                     static_cast<uint32_t>(id[2]) << 8 | static_cast<uint32_t>(id[3]);
  return unit(code) + le32(v) + std::string(8, '\0') + unit(code);
}
std::string inline_tab() { return unit(9) + std::string(12, '\0') + unit(9); }

std::string ctrl_header(uint16_t level, const char (&id)[5]) {
  const uint32_t v = static_cast<uint32_t>(id[0]) << 24 | static_cast<uint32_t>(id[1]) << 16 |
                     static_cast<uint32_t>(id[2]) << 8 | static_cast<uint32_t>(id[3]);
  return record(hwp5::kTagCtrlHeader, level, le32(v) + std::string(40, '\0'));
}

// A paragraph at `level` whose PARA_TEXT is `text` (UTF-16LE units, controls included).
std::string para_raw(uint16_t level, const std::string& units) {
  return record(hwp5::kTagParaHeader, level, std::string(22, '\0')) +
         record(hwp5::kTagParaText, level + 1, units + unit(13));
}
std::string para(uint16_t level, const std::string& utf8) { return para_raw(level, u16(utf8)); }

// A table of rows of cells, anchored in a paragraph at `level` with `before` as its text.
std::string table(uint16_t level, const std::string& before,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string s = para_raw(level, u16(before) + extended(11, "tbl "));
  s += ctrl_header(level + 1, "tbl ");
  s += record(0x10 + 61 /* TABLE */, level + 2, std::string(24, '\0'));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      std::string lh(34, '\0');
      CfbWriter::put16(lh, 0, 1);  // one paragraph
      CfbWriter::put16(lh, 8, static_cast<uint32_t>(c));
      CfbWriter::put16(lh, 10, static_cast<uint32_t>(r));
      s += record(hwp5::kTagListHeader, level + 2, lh);
      s += para(level + 2, rows[r][c]);
    }
  }
  return s;
}

// A paragraph citing a footnote (or holding a header: id "head") whose text is `note`.
std::string with_note(uint16_t level, const std::string& before, const char (&id)[5],
                      const std::string& note, const std::string& after) {
  std::string s = para_raw(level, u16(before) + extended(id[0] == 'h' ? 16 : 17, id) + u16(after));
  s += ctrl_header(level + 1, id);
  s += record(hwp5::kTagListHeader, level + 2, std::string(8, '\0'));
  s += para(level + 2, note);
  return s;
}

std::string deflate_raw(const std::string& in) { return trawl::test::deflate_bytes(in, -15, 6); }

std::string file_header(uint32_t props) {
  std::string h(256, '\0');
  h.replace(0, 17, "HWP Document File");
  CfbWriter::put32(h, 32, 0x05000006);
  CfbWriter::put32(h, 36, props);
  return h;
}

// A 1x1 PNG.
const std::string kPng(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9c"
    "c\xf8\x0f\0\0\x01\x01\x01\0\x18\xdd\x8d\xb0\0\0\0\0IEND\xae"
    "B`\x82",
    67);

struct HwpSpec {
  bool compressed = true;
  uint32_t extra_props = 0;
  std::vector<std::string> sections;  // records of each section, uncompressed
  bool summary = true;
  bool preview = true;
  bool image = true;
};

// The sections of the generated report: English, Russian, Korean, a table, a footnote
// and a header.
std::vector<std::string> report_sections() {
  std::vector<std::string> s;
  s.push_back(
      with_note(0, "", "head", "Quarterly report header", "") +
      para(0, "Sanctions evasion through ship-to-ship transfers.") +
      para_raw(0, u16("Vessel") + inline_tab() + u16("Flag") + unit(10) + u16("second line")) +
      table(0, "Table one:", {{"IMO 9123456", "Panama"}, {"IMO 9234567", "Togo"}}));
  s.push_back(
      para(0, "Уклонение от санкций через перевалку нефти в море.") +
      with_note(0, "Судно сменило флаг", "fn  ", "Примечание: данные на 2024 год.", " дважды."));
  s.push_back(para(0, "선박 간 환적을 통한 제재 회피 보고서입니다.") +
              table(0, "", {{"선박", "국적"}, {"백두산호", "북한"}}));
  return s;
}

std::string build_hwp(const HwpSpec& spec, CfbWriter::Built* built_out = nullptr) {
  CfbWriter w;
  w.add("FileHeader", file_header((spec.compressed ? 1u : 0u) | spec.extra_props));
  auto pack = [&](const std::string& s) { return spec.compressed ? deflate_raw(s) : s; };
  std::string docinfo = record(0x10, 0, std::string(26, '\0'));
  if (spec.image) {
    std::string bin(2, '\0');
    CfbWriter::put16(bin, 0, 1);  // embedding, compressed as the document
    bin += unit(1) + unit(3) + u16("png");
    docinfo += record(hwp5::kTagBinData, 1, bin);
  }
  w.add("DocInfo", pack(docinfo));
  for (size_t i = 0; i < spec.sections.size(); ++i)
    w.add("BodyText/Section" + std::to_string(i), pack(spec.sections[i]));
  if (spec.image) w.add("BinData/BIN0001.png", pack(kPng));
  if (spec.summary)
    w.add(
        "\005HwpSummaryInformation",
        trawl::test::property_set({{2, "제재 회피 보고서"}, {4, "Анна Иванова"}, {5, "sanctions"}},
                                  {{12, 1709290800}, {13, 1709377200}}));
  if (spec.preview) w.add("PrvText", u16("Preview: sanctions evasion <보고서> Уклонение"));
  auto built = w.build();
  std::string bytes = built.bytes;
  if (built_out) *built_out = std::move(built);
  return bytes;
}

Result<Extracted> extract(const std::string& bytes, const OfficeOptions& options = {},
                          const std::string& mime = "application/x-hwp") {
  Blob blob{bytes, mime, "test.hwp", {}};
  if (mime == "application/x-hwp") return make_hwp5_extractor(options)->extract(blob);
  static const Config config;
  static const ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  const Extractor* ex = registry.find(mime);
  REQUIRE(ex != nullptr);
  return ex->extract(blob);
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}
bool has_warning(const Extracted& e, const std::string& what) {
  for (const std::string& w : e.warnings)
    if (contains(w, what)) return true;
  return false;
}

}  // namespace

TEST_CASE("HWP paragraph text turns control characters into text or skips them") {
  // extended control (a table) 8 units, inline tab 8 units, char controls 1 unit
  const std::string units = u16("a") + extended(11, "tbl ") + u16("b") + inline_tab() + u16("c") +
                            unit(10) + u16("d") + unit(24) + u16("e") + unit(30) + u16("f") +
                            unit(31) + u16("g") + unit(13);
  CHECK(hwp5::para_text(units) == "ab\tc\nd-e f g");
  // a surrogate pair, and a lone surrogate replaced
  CHECK(hwp5::para_text(u16("𝄞x")) == "𝄞x");
  CHECK(hwp5::para_text(unit(0xD800) + u16("y")) == "\xEF\xBF\xBDy");
}

TEST_CASE("HWP records with a long size and a size past the end") {
  const std::string big(5000, 'x');
  const std::string s = record(hwp5::kTagParaText, 3, big) + record(hwp5::kTagParaHeader, 1, "ab");
  auto recs = hwp5::split_records(s);
  REQUIRE(recs.records.size() == 2);
  CHECK_FALSE(recs.error);
  CHECK(recs.records[0].level == 3);
  CHECK(recs.records[0].data.size() == 5000);
  CHECK(recs.records[1].tag == hwp5::kTagParaHeader);
  auto cut = hwp5::split_records(s.substr(0, 4000));
  CHECK(cut.records.empty());
  REQUIRE(cut.error);
  CHECK(contains(*cut.error, "5000 bytes declared"));
}

TEST_CASE("HWP extractor reads sections, tables, notes, summary and images of a generated file") {
  HwpSpec spec;
  spec.sections = report_sections();
  auto r = extract(build_hwp(spec));
  REQUIRE(r.ok());
  const std::string& t = r->text;
  INFO(t);
  CHECK(contains(t, "Sanctions evasion through ship-to-ship transfers.\n"));
  CHECK(contains(t, "Vessel\tFlag\nsecond line"));
  CHECK(contains(t, "IMO 9123456\tPanama\nIMO 9234567\tTogo\nTable one:"));
  CHECK(contains(t, "Уклонение от санкций через перевалку нефти в море."));
  // the footnote: a line of its own before the paragraph citing it, which stays whole
  CHECK(contains(t, "Примечание: данные на 2024 год.\nСудно сменило флаг дважды."));
  CHECK(contains(t, "선박\t국적\n백두산호\t북한"));
  // the header comes first, sections in order
  CHECK(t.starts_with("Quarterly report header\n"));
  CHECK(t.find("Sanctions") < t.find("Уклонение"));
  CHECK(t.find("Уклонение") < t.find("선박 간 환적"));
  CHECK_FALSE(contains(t, "Preview:"));
  CHECK(r->title == "제재 회피 보고서");
  CHECK(r->metadata.at("author") == "Анна Иванова");
  CHECK(r->metadata.at("keywords") == "sanctions");
  CHECK(r->metadata.at("created") == "2024-03-01T11:00:00Z");
  CHECK(r->metadata.at("modified") == "2024-03-02T11:00:00Z");
  CHECK(r->date == "2024-03-01");
  REQUIRE(r->children.size() == 1);
  CHECK(r->children[0].name == "BinData/BIN0001.png");
  CHECK(r->children[0].mime == "image/png");
  CHECK(r->children[0].bytes == kPng);
  CHECK(r->warnings.empty());
}

TEST_CASE("HWP extractor reads an uncompressed document") {
  HwpSpec spec;
  spec.compressed = false;
  spec.sections = report_sections();
  auto r = extract(build_hwp(spec));
  REQUIRE(r.ok());
  CHECK(contains(r->text, "Sanctions evasion through ship-to-ship transfers."));
  CHECK(contains(r->text, "백두산호\t북한"));
  REQUIRE(r->children.size() == 1);
  CHECK(r->children[0].bytes == kPng);
}

TEST_CASE("HWP extractor reads sections in number order, Section10 after Section9") {
  HwpSpec spec;
  for (int i = 0; i < 12; ++i)
    spec.sections.push_back(para(0, "part " + std::to_string(i) + " часть 부분"));
  auto r = extract(build_hwp(spec));
  REQUIRE(r.ok());
  std::string expected;
  for (int i = 0; i < 12; ++i) expected += "part " + std::to_string(i) + " часть 부분\n";
  CHECK(r->text == expected);
  CHECK(r->metadata.at("sections") == "12");
}

TEST_CASE("HWP extractor keeps the other sections when one does not inflate") {
  HwpSpec spec;
  spec.sections = report_sections();
  CfbWriter::Built built;
  std::string bytes = build_hwp(spec, &built);
  // overwrite the start of Section1's deflate data with bytes that are no deflate block
  const size_t at = built.sector_offset(built.first_sector.at("BodyText/Section1"));
  for (size_t i = 0; i < 16; ++i) bytes[at + i] = static_cast<char>(0xFF);
  auto r = extract(bytes);
  REQUIRE(r.ok());
  CHECK(has_warning(*r, "BodyText/Section1: corrupt compressed stream"));
  CHECK(contains(r->text, "Sanctions evasion"));
  CHECK(contains(r->text, "백두산호"));
  CHECK_FALSE(contains(r->text, "Уклонение"));
}

TEST_CASE("HWP extractor keeps the records before a bad one") {
  HwpSpec spec;
  spec.sections = {para(0, "Before the damage; до повреждения; 손상 전") +
                   le32(0x43 | 0x800u << 20) + "xy"};
  auto r = extract(build_hwp(spec));
  REQUIRE(r.ok());
  CHECK(r->text == "Before the damage; до повреждения; 손상 전\n");
  CHECK(has_warning(*r, "BodyText/Section0: bad record"));
}

TEST_CASE("HWP extractor refuses a password-protected document") {
  HwpSpec spec;
  spec.extra_props = 2;
  spec.sections = report_sections();
  auto r = extract(build_hwp(spec));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kEncrypted);
  CHECK(r.error().message == "password-protected HWP");
}

TEST_CASE("HWP extractor reads only the preview of a distribution document") {
  HwpSpec spec;
  spec.extra_props = 4;
  spec.sections = {std::string(64, '\x5A')};  // ViewText would hold the real, encrypted text
  auto r = extract(build_hwp(spec));
  REQUIRE(r.ok());
  CHECK(r->text == "Preview: sanctions evasion <보고서> Уклонение");
  CHECK(has_warning(*r, "only the preview (PrvText) was read"));
  CHECK(r->title == "제재 회피 보고서");
  spec.preview = false;
  auto none = extract(build_hwp(spec));
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == ErrorCode::kEncrypted);
  CHECK(none.error().message == "HWP distribution document: its text is encrypted");
}

TEST_CASE("HWP extractor falls back to the preview when no section can be read") {
  HwpSpec spec;
  spec.sections = report_sections();
  CfbWriter::Built built;
  std::string bytes = build_hwp(spec, &built);
  for (int s = 0; s < 3; ++s) {
    const size_t at =
        built.sector_offset(built.first_sector.at("BodyText/Section" + std::to_string(s)));
    for (size_t i = 0; i < 16; ++i) bytes[at + i] = static_cast<char>(0xFF);
  }
  auto r = extract(bytes);
  REQUIRE(r.ok());
  CHECK(r->text == "Preview: sanctions evasion <보고서> Уклонение");
  CHECK(has_warning(*r, "no section could be read"));
  // and without a preview: corrupt, naming the first section's problem
  spec.preview = false;
  bytes = build_hwp(spec, &built);
  for (int s = 0; s < 3; ++s) {
    const size_t at =
        built.sector_offset(built.first_sector.at("BodyText/Section" + std::to_string(s)));
    for (size_t i = 0; i < 16; ++i) bytes[at + i] = static_cast<char>(0xFF);
  }
  auto bad = extract(bytes);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kCorrupt);
  CHECK(bad.error().message == "BodyText/Section0: corrupt compressed stream");
}

TEST_CASE("HWP extractor refuses a section that inflates past office.max_part_bytes") {
  HwpSpec spec;
  spec.sections = {para(0, "Small first section. 작은 절."), para(0, std::string(3 << 20, 'z')),
                   para(0, "Третий раздел.")};
  const std::string bytes = build_hwp(spec);
  CHECK(bytes.size() < 100'000);
  OfficeOptions options;
  options.max_part_bytes = 1 << 20;
  auto r = extract(bytes, options);
  REQUIRE(r.ok());
  CHECK(has_warning(*r, "BodyText/Section1: inflates to more than 1048576 bytes"));
  CHECK(contains(r->text, "Small first section. 작은 절."));
  CHECK(contains(r->text, "Третий раздел."));
}

TEST_CASE("HWP extractor warns about a section whose sector chain loops") {
  HwpSpec spec;
  spec.compressed = false;
  spec.sections = {para(0, "Intact section. 온전한 절. Целый раздел."),
                   para(0, std::string(2000, 'q'))};
  CfbWriter::Built built;
  build_hwp(spec, &built);
  const uint32_t first = built.first_sector.at("BodyText/Section1");
  built.set_fat(first + 1, first);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = extract(built.bytes);
  REQUIRE(r.ok());
  CHECK(r->text == "Intact section. 온전한 절. Целый раздел.\n");
  CHECK(has_warning(*r, "BodyText/Section1: only"));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
}

TEST_CASE("HWP extractor reports a truncated file in one line") {
  HwpSpec spec;
  spec.sections = report_sections();
  const std::string bytes = build_hwp(spec);
  for (size_t cut :
       {size_t{100}, size_t{600}, size_t{1500}, bytes.size() / 2, bytes.size() - 300}) {
    auto r = extract(bytes.substr(0, cut));
    INFO("cut at " << cut);
    if (r.ok()) {
      // cut in the last streams (the summary, the preview): the text is whole
      CHECK((!r->warnings.empty() || contains(r->text, "백두산호")));
    } else {
      CHECK((r.error().code == ErrorCode::kCorrupt || r.error().code == ErrorCode::kNotFound));
      CHECK_FALSE(contains(r.error().message, "\n"));
    }
  }
}

TEST_CASE("HWP extractor says what is wrong with compound files that are no HWP") {
  CfbWriter w;
  w.add("WordDocument", "not really");
  auto no_header = extract(w.build().bytes);
  REQUIRE_FALSE(no_header.ok());
  CHECK(no_header.error().message == "not an HWP 5 document: no FileHeader stream");
  auto v3 = extract(std::string("HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05") +
                    std::string(100, '\0'));
  REQUIRE_FALSE(v3.ok());
  CHECK(v3.error().code == ErrorCode::kUnsupported);
  CHECK(v3.error().message == "HWP 3 document (only HWP 5 is read)");
  auto not_ole = extract("HWP Document File, but no compound file");
  REQUIRE_FALSE(not_ole.ok());
  CHECK(not_ole.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("HWP extractor reads the corpus document on Korean grammar") {
  auto path = corpus_file("office/ko_hwp5_grammar_java-hwp.hwp");
  REQUIRE(path);
  const std::string bytes = trawl::test::read_bytes(*path);
  auto r = extract(bytes);
  REQUIRE(r.ok());
  const std::string& t = r->text;
  // phrases of the preview (PrvText), the first pages
  CHECK(t.starts_with("등록번호 2011-01-41\n한국 어문 규정집\n한글 맞춤법\n"));
  CHECK(contains(t,
                 "돌이켜보면, 우리 민족은 지난 80 년 남짓한 동안 어느 문화 민족 못지않게 어문 "
                 "규범을 마련하고 다듬어"));
  // past the preview: tables of the alphabet and of Russian names, the last section
  CHECK(contains(t, "ㄱ(기역)\tㄴ(니은)\tㄷ(디귿)\tㄹ(리을)\tㅁ(미음)"));
  CHECK(contains(t, "Zhdanov(Жданов)\t"));
  CHECK(contains(t, "발 행 처 국립국어원"));
  CHECK(t.find("돌이켜보면") < t.find("Zhdanov(Жданов)"));
  CHECK(t.size() > 300'000);
  CHECK(r->warnings.empty());
  CHECK(r->title == "한국 어문 규정집 020909");
  CHECK(r->metadata.at("author") == "국립국어연구원 정호성");
  CHECK(r->date == "2006-04-24");
  CHECK(r->metadata.at("modified") == "2011-12-23T06:08:14Z");
  REQUIRE(r->children.size() == 1);
  CHECK(r->children[0].name == "BinData/BIN0001.JPG");
  CHECK(r->children[0].mime == "image/jpeg");
  CHECK(r->children[0].bytes.starts_with("\xFF\xD8\xFF"));
}

TEST_CASE("HWP extractor stops at office.max_text_bytes with a warning") {
  auto path = corpus_file("office/ko_hwp5_grammar_java-hwp.hwp");
  REQUIRE(path);
  OfficeOptions options;
  options.max_text_bytes = 10'000;
  auto r = extract(trawl::test::read_bytes(*path), options);
  REQUIRE(r.ok());
  CHECK(r->text.size() <= 10'000);
  CHECK(contains(r->text, "한국 어문 규정집"));
  CHECK(has_warning(*r, "office.max_text_bytes"));
}

TEST_CASE("Encrypted OOXML is reported encrypted") {
  auto path = corpus_file("office/encrypted_docx_password_tika.docx");
  REQUIRE(path);
  const std::string bytes = trawl::test::read_bytes(*path);
  for (const char* mime : {"application/encrypted", "application/CDFV2"}) {
    auto r = extract(bytes, {}, mime);
    INFO(mime);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kEncrypted);
    CHECK(r.error().message == "password-protected Office document (OOXML encryption)");
  }
}

TEST_CASE("Compound-file dispatcher hands an HWP to the HWP reader") {
  HwpSpec spec;
  spec.sections = report_sections();
  for (const char* mime : {"application/CDFV2", "application/x-ole-storage"}) {
    auto r = extract(build_hwp(spec), {}, mime);
    INFO(mime);
    REQUIRE(r.ok());
    CHECK(contains(r->text, "백두산호\t북한"));
  }
}

TEST_CASE("Compound-file dispatcher names legacy Office files, messages and unknown files") {
  CfbWriter word;
  word.add("WordDocument", std::string(600, 'w'));
  auto w = extract(word.build().bytes, {}, "application/CDFV2");
  static const Config config;
  static const ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  if (!registry.find("application/msword")) {
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().code == ErrorCode::kUnsupported);
    CHECK(w.error().message.starts_with("legacy Office file"));
  }
  CfbWriter other;
  other.add("Contents", "x");
  other.add("Данные/Поток", "y");
  other.add("그림", "z");
  auto o = extract(other.build().bytes, {}, "application/CDFV2");
  REQUIRE_FALSE(o.ok());
  CHECK(o.error().code == ErrorCode::kUnsupported);
  CHECK(contains(o.error().message, "Contents"));
  CHECK(contains(o.error().message, "Данные/"));
  CHECK(contains(o.error().message, "그림"));
  auto junk = extract("not a compound file", {}, "application/CDFV2");
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.error().code == ErrorCode::kCorrupt);

  auto msg = corpus_file("office/ru_msg_cyrillic_poi.msg");
  REQUIRE(msg);
  auto m = extract(trawl::test::read_bytes(*msg), {}, "application/CDFV2");
  if (!registry.find("application/vnd.ms-outlook")) {
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == ErrorCode::kUnsupported);
    CHECK(m.error().message.starts_with("Outlook message"));
  } else {
    CHECK(m.ok());
  }
}

// scripts/office_fixtures_ole.py (with cfb_writer.py): HWP files as Hancom Office writes
// them, good and bad, with the reference text in expected.json. Identified by libmagic
// as the pipeline does (a truncated one is "application/x-ole-storage": the dispatcher).
TEST_CASE("HWP fixtures of the generator give their reference text or the expected error") {
  trawl::test::TempDir dir;
  const std::string cmd = "python3 '" + std::string(TRAWL_SOURCE_DIR) +
                          "/scripts/office_fixtures_ole.py' '" + dir.str() + "' >/dev/null";
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto expected =
      nlohmann::json::parse(trawl::test::read_bytes(dir.str() + "/expected.json"));
  auto detector = MimeDetector::create();
  REQUIRE(detector);
  static const Config config;
  static const ExtractorRegistry registry = ExtractorRegistry::with_defaults(config);
  int files = 0;
  for (const auto& [name, want] : expected.items()) {
    if (!name.ends_with(".hwp")) continue;
    ++files;
    const std::string bytes = trawl::test::read_bytes(dir.str() + "/" + name);
    const std::string mime = (*detector)->detect(bytes, name);
    INFO(name << " (" << mime << "): " << want.value("notes", ""));
    const Extractor* ex = registry.find(mime);
    REQUIRE(ex != nullptr);
    auto r = ex->extract(Blob{bytes, mime, name, {}});
    const std::string error = want.value("error", "ok");
    INFO((r.ok() ? "text: " + r->text : "error: " + r.error().message));
    if (error == "ok" || error == "ok_with_warning") {
      REQUIRE(r.ok());
      for (const auto& t : want["text"]) CHECK_THAT(r->text, Catch::Contains(t.get<std::string>()));
      if (error == "ok") CHECK(r->warnings.empty());
      if (error == "ok_with_warning") CHECK_FALSE(r->warnings.empty());
      CHECK(r->title == want.value("title", ""));
      CHECK(r->metadata["author"] == want.value("author", ""));
      CHECK(r->metadata["created"] == want.value("created", ""));
      CHECK(r->metadata["modified"] == want.value("modified", ""));
      std::vector<std::string> children;
      for (const Embedded& c : r->children) children.push_back(c.name);
      std::vector<std::string> want_children;
      for (const auto& c : want.value("children", nlohmann::json::array()))
        want_children.push_back("BinData/" + c.get<std::string>());
      CHECK(children == want_children);
    } else if (error == "encrypted") {
      if (r.ok()) {
        // the preview only, said so
        CHECK_FALSE(r->warnings.empty());
        bool some = false;
        for (const auto& t : want.value("text_may", nlohmann::json::array()))
          some = some || contains(r->text, t.get<std::string>());
        CHECK(some);
      } else {
        CHECK(r.error().code == ErrorCode::kEncrypted);
      }
    } else if (error == "corrupt") {
      if (r.ok()) {
        CHECK_FALSE(r->warnings.empty());
      } else {
        CHECK(r.error().code == ErrorCode::kCorrupt);
        CHECK_FALSE(contains(r.error().message, "\n"));
      }
    } else {
      FAIL("unknown expected error " << error);
    }
  }
  CHECK(files >= 10);
}

TEST_CASE("HWP documents go through trawl ingest and search, their images as children") {
  trawl::test::TempDir dir;
  const std::string in = dir.str() + "/in";
  std::filesystem::create_directories(in);
  auto corpus = corpus_file("office/ko_hwp5_grammar_java-hwp.hwp");
  REQUIRE(corpus);
  std::filesystem::copy_file(*corpus, in + "/grammar.hwp");
  auto encrypted = corpus_file("office/encrypted_docx_password_tika.docx");
  REQUIRE(encrypted);
  std::filesystem::copy_file(*encrypted, in + "/locked.docx");
  HwpSpec spec;
  spec.sections = report_sections();
  dir.write("in/report.hwp", build_hwp(spec));
  const std::string data = dir.str() + "/data";
  auto run = trawl::test::run_trawl({"ingest", "--threads", "2", "--data", data, in});
  INFO(run.err);
  REQUIRE(run.status == 0);
  // two HWP files and the JPEG of one; the PNG of the other is a child too, refused by
  // OCR (1x1 pixels), and the encrypted DOCX fails
  CHECK(contains(run.err + run.out, "ingested 3"));
  CHECK(contains(run.err, "/in/report.hwp/BinData/BIN0001.png: image of 1x1 pixels"));
  CHECK(contains(run.err, "locked.docx: password-protected Office document (OOXML encryption)"));
  auto search = [&](const std::string& q) {
    auto r = trawl::test::run_trawl({"search", "--data", data, "--json", q});
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out)["hits"];
  };
  auto hits = search("맞춤법");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/grammar.hwp"));
  CHECK(hits[0]["title"] == "한국 어문 규정집 020909");
  hits = search("Жданов");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/grammar.hwp"));
  hits = search("백두산호");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/report.hwp"));
  hits = search("\"ship-to-ship transfers\"");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/report.hwp"));
}
