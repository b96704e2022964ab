// The RTF reader (extractors/rtf.cc) on the corpus's real files, and on small RTF written
// here in English (1252), Russian (1251), Korean (CP949 pairs, \uN with fallbacks) and
// Japanese (Shift_JIS), with the bad inputs an RTF reader meets: deep nesting, groups never
// closed, \bin data holding braces, pictures, unknown \* destinations.
#include "extractors/rtf.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "config/config.h"
#include "extractors/extractor.h"
#include "support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::read_bytes;
using trawl::test::TempDir;

namespace {

Extracted rtf_ok(const std::string& rtf, const OfficeOptions& options = {}) {
  Result<Extracted> r = read_rtf(rtf, "test.rtf", options);
  if (!r) FAIL("read_rtf failed: " << r.error().message);
  return std::move(r).value();
}

const char* kHeader1252 =
    "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}";

}  // namespace

TEST_CASE("RTF reads the Czech Word 2010 file of Tika with its accents") {
  auto path = corpus_file("office/cs_rtf_word2010_czech_tika.rtf");
  REQUIRE(path);
  Extracted e = rtf_ok(read_bytes(*path));
  CHECK(e.text.find("Článek týdne") != std::string::npos);
  // unrtf --text loses these: its 1250 fonts give "l�nek t�dne"
  CHECK(e.text.find("Svitky od Mrtvého moře jsou starověké židovské") != std::string::npos);
  CHECK(e.text.find("fonttbl") == std::string::npos);
  CHECK(e.text.find("\\") == std::string::npos);
  CHECK(e.date == "2010-10-13");
  CHECK(e.metadata["created"] == "2010-10-13T02:55:00");
  CHECK(e.warnings.empty());
}

TEST_CASE("RTF reads testRTF.rtf of Tika's test-documents archive with its info") {
  auto tgz = corpus_file("archives/tgz_test-documents_tika.tgz");
  REQUIRE(tgz);
  TempDir dir;
  std::string cmd = "tar xzf '" + *tgz + "' -C '" + dir.str() + "' test-documents/testRTF.rtf";
  REQUIRE(std::system(cmd.c_str()) == 0);
  Extracted e = rtf_ok(read_bytes(dir.str() + "/test-documents/testRTF.rtf"));
  CHECK(e.text.find("Test d’indexation Word") != std::string::npos);
  CHECK(e.title == "Test d’indexation Word");
  CHECK(e.metadata["author"] == "Bibliotheque");
  CHECK(e.date == "2006-05-18");
}

TEST_CASE("RTF in English: paragraphs, tabs, table cells and typographic symbols") {
  std::string rtf = std::string(kHeader1252) +
                    "{\\info{\\title Sanctions memo}{\\author J. Smith}{\\keywords ships, oil}"
                    "{\\creatim\\yr2023\\mo4\\dy7\\hr9\\min5}{\\revtim\\yr2024\\mo1\\dy2}}"
                    "\\pard The tanker \\'93Ocean\\'94 left port\\emdash again.\\par "
                    "Caf\\'e9 na\\'efve \\ldblquote quoted\\rdblquote  it\\rquote s\\tab end\\par "
                    "\\trowd a\\cell b\\cell c\\cell \\row "
                    "non\\~breaking soft\\-hyphen \\{braces\\} back\\\\slash\\par}";
  Extracted e = rtf_ok(rtf);
  CHECK(e.text ==
        "The tanker “Ocean” left port—again.\n"
        "Café naïve “quoted” it’s\tend\n"
        "a\tb\tc\n"
        "non\u00A0breaking softhyphen {braces} back\\slash");
  CHECK(e.title == "Sanctions memo");
  CHECK(e.metadata["author"] == "J. Smith");
  CHECK(e.metadata["keywords"] == "ships, oil");
  CHECK(e.metadata["created"] == "2023-04-07T09:05:00");
  CHECK(e.metadata["modified"] == "2024-01-02T00:00:00");
  CHECK(e.date == "2023-04-07");
}

TEST_CASE("RTF in Russian: hex escapes in ansicpg 1251 and in a fcharset 204 font") {
  // "Санкции" in windows-1251, through the document's code page
  std::string a =
      "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fnil Arial;}}"
      "\\'d1\\'e0\\'ed\\'ea\\'f6\\'e8\\'e8 \\'ef\\'f0\\'EE\\'f2\\'e8\\'e2\\par}";
  CHECK(rtf_ok(a).text == "Санкции против");
  // the same bytes under an English ANSI code page, but a Cyrillic font
  std::string b =
      "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil\\fcharset0 Arial;}"
      "{\\f1\\fnil\\fcharset204 Arial Cyr;}}"
      "caf\\'e9 {\\f1 \\'d2\\'e0\\'ed\\'ea\\'e5\\'f0} caf\\'e9\\par}";
  CHECK(rtf_ok(b).text == "café Танкер café");
  // \cpgN on a font wins over its \fcharset
  std::string c =
      "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fcharset0\\cpg1251 X;}}\\'cc\\'ee\\'f0\\'e5}";
  CHECK(rtf_ok(c).text == "Море");
}

TEST_CASE(
    "RTF in Korean: CP949 pairs, a pair split by an escape boundary, u-escapes with fallbacks") {
  // 한국 = C7 D1 B1 B9 (EUC-KR), 똠 = 8C 63 (CP949 only, its trail byte an ASCII 'c')
  std::string pairs =
      "{\\rtf1\\ansi\\ansicpg949\\deff0{\\fonttbl{\\f0\\fnil\\fcharset129 Gulim;}}"
      "\\'c7\\'d1\\'b1\\'b9 \\'8cc\\par}";
  CHECK(rtf_ok(pairs).text == "한국 똠");
  // a Korean font under an English code page, and a pair whose bytes are in two groups of
  // the same font
  std::string font =
      "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}"
      "{\\f1\\fnil\\fcharset129 \\'b1\\'bc\\'b8\\'b2;}}"
      "ship {\\f1 \\'bc\\'b1{\\b \\'b9\\'da}} \\'e9\\par}";
  CHECK(rtf_ok(font).text == "ship 선박 é");
  // Word's way: \uN then one fallback character (a \'hh or a letter counts as one)
  std::string u =
      "{\\rtf1\\ansi\\ansicpg1252\\uc1 \\u54620\\'3f\\u44397?\\uc2 \\u-16096\\'bc\\'b1"
      "\\uc0\\u48149 !\\par}";
  CHECK(rtf_ok(u).text == "한국선박!");
}

TEST_CASE("RTF in Japanese: a fcharset 128 font decodes Shift_JIS pairs") {
  // 日本 = 93 FA 96 7B (the 7B trail byte is '{' and comes escaped)
  std::string rtf =
      "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 MS Mincho;}}"
      "\\'93\\'fa\\'96\\'7b \\'83\\'5c\\par}";
  CHECK(rtf_ok(rtf).text == "日本 ソ");
}

TEST_CASE("RTF surrogate pairs in u-escapes make one character") {
  std::string rtf = "{\\rtf1\\ansi\\uc1 ship \\u-10179?\\u-8542? ok}";  // U+1F6A2
  CHECK(rtf_ok(rtf).text == "ship \U0001F6A2 ok");
}

TEST_CASE("RTF skips destinations that hold no text and keeps field results") {
  std::string rtf = std::string(kHeader1252) +
                    "{\\colortbl;\\red255\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}}"
                    "{\\*\\generator Riched20 10.0.19041;}{\\*\\rsidtbl \\rsid123}"
                    "{\\*\\themedata 504b0304}{\\*\\unknownthing hidden words}"
                    "Before {\\pict\\pngblip\\picw10 89504e470d0a1a0a0000000d49484452} after "
                    "{\\field{\\*\\fldinst HYPERLINK \"http://x.example\"}{\\fldrslt link text}} "
                    "{\\header page head}\\par"
                    "{\\upr{ansi twin}{\\*\\ud{unicode twin}}}}";
  Extracted e = rtf_ok(rtf);
  CHECK(e.text == "Before  after link text page head\nunicode twin");
  CHECK(e.metadata["generator"] == "Riched20 10.0.19041");
}

TEST_CASE("RTF bin data is skipped by its count even when it holds braces") {
  std::string bin = "}}}{{\\par\\'41 x";
  std::string rtf = std::string(kHeader1252) + "one {\\*\\blob\\bin" + std::to_string(bin.size()) +
                    " " + bin + "} two {\\pict\\bin2 {}}three}";
  Extracted e = rtf_ok(rtf);
  CHECK(e.text == "one  two three");
  CHECK(e.warnings.empty());
}

TEST_CASE("RTF 100,000 nested groups yield their text quickly and without recursion") {
  std::string rtf = std::string(kHeader1252) + std::string(100000, '{') + "deep text" +
                    std::string(100000, '}') + " after}";
  auto start = std::chrono::steady_clock::now();
  Extracted e = rtf_ok(rtf);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(e.text == "deep text after");
  REQUIRE(e.warnings.size() == 1);
  CHECK(e.warnings[0] ==
        "groups nested deeper than 200 (office.max_nesting): read for their text only");
  CHECK(seconds < 0.5);
  // past max_nesting a skipped destination stays skipped for its deeper groups
  OfficeOptions shallow;
  shallow.max_nesting = 4;
  std::string pict = std::string(kHeader1252) + "a {\\pict {{{{{{ 0a0b }}}}}}} b}";
  CHECK(rtf_ok(pict, shallow).text == "a  b");
}

TEST_CASE("RTF whose groups are never closed still yields its text with a warning") {
  std::string rtf = std::string(kHeader1252) + "{\\b bold {\\i italic\\par more";
  Extracted e = rtf_ok(rtf);
  CHECK(e.text == "bold italic\nmore");
  REQUIRE(e.warnings.size() == 1);
  CHECK(e.warnings[0].find("open groups") != std::string::npos);
}

TEST_CASE("RTF reader refuses what is not RTF") {
  for (std::string bad : {std::string(""), std::string("plain text"), std::string("{\\rt"),
                          std::string("\x89PNG\r\n", 6)}) {
    Result<Extracted> r = read_rtf(bad, "x.rtf", {});
    REQUIRE(!r);
    CHECK(r.error().code == ErrorCode::kCorrupt);
    CHECK(r.error().message == "not RTF: no {\\rtf header");
  }
}

TEST_CASE("RTF text is cut at max_text_bytes with a warning") {
  std::string rtf = std::string(kHeader1252);
  for (int i = 0; i < 2000; ++i) rtf += "caf\\'e9 words \\u54620? ";
  rtf += "}";
  OfficeOptions small;
  small.max_text_bytes = 1000;
  Extracted e = rtf_ok(rtf, small);
  CHECK(e.text.size() <= 1000);
  CHECK(e.text.size() > 900);
  CHECK(e.text.starts_with("café words 한"));
  REQUIRE(e.warnings.size() == 1);
  CHECK(e.warnings[0].find("max_text_bytes") != std::string::npos);
}

TEST_CASE("RTF reading over the time limit is a timeout") {
  std::string rtf = std::string(kHeader1252);
  rtf.reserve(8 << 20);
  while (rtf.size() < (8u << 20)) rtf += "{\\b x}\\par ";
  OfficeOptions quick;
  quick.time_limit_seconds = 0.0001;
  Result<Extracted> r = read_rtf(rtf, "x.rtf", quick);
  REQUIRE(!r);
  CHECK(r.error().code == ErrorCode::kTimeout);
}

TEST_CASE("RTF objdata holding an OLE1 package becomes a child document") {
  // OLE1 header: version, format 2 (embedded), class "Package", topic and item empty,
  // then the Packager's native data: label, source path, temp path, size, bytes.
  auto le32 = [](uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
    return s;
  };
  std::string payload = "Vessel list: Ocean Star";
  std::string native = std::string("\x02\x00", 2) + "list.txt" + std::string(1, '\0') +
                       "C:\\tmp\\list.txt" + std::string(1, '\0') + le32(0x00030000) + le32(17) +
                       "C:\\tmp\\list2.txt" + std::string(1, '\0') +
                       le32(static_cast<uint32_t>(payload.size())) + payload;
  std::string ole1 = le32(0x00000501) + le32(2) + le32(8) + "Package" + std::string(1, '\0') +
                     le32(0) + le32(0) + le32(static_cast<uint32_t>(native.size())) + native;
  std::string hex;
  static const char* kDigits = "0123456789abcdef";
  for (unsigned char c : ole1) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
    if (hex.size() % 64 == 0) hex += "\r\n";
  }
  std::string rtf = std::string(kHeader1252) +
                    "See {\\object\\objemb{\\*\\objclass Package}{\\*\\objdata " + hex +
                    "}{\\result {\\pict 0102} icon}} end}";
  Extracted e = rtf_ok(rtf);
  CHECK(e.text == "See  icon end");
  REQUIRE(e.children.size() == 1);
  CHECK(e.children[0].name == "list.txt");
  CHECK(e.children[0].bytes == payload);
  // a broken object is a warning, not a failure
  std::string broken = std::string(kHeader1252) + "x {\\object{\\*\\objdata 0102}} y}";
  Extracted b = rtf_ok(broken);
  CHECK(b.text == "x  y");
  CHECK(b.children.empty());
  CHECK(b.warnings.size() == 1);
}

TEST_CASE("RTF is chosen by the registry for text/rtf and application/rtf") {
  ExtractorRegistry registry = ExtractorRegistry::with_defaults(Config{});
  for (const char* mime : {"text/rtf", "application/rtf"}) {
    const Extractor* ex = registry.find(mime);
    REQUIRE(ex != nullptr);
    CHECK(ex->name() == "rtf");
    std::string rtf = "{\\rtf1\\ansi\\ansicpg1251 \\'c4\\'e0}";
    Result<Extracted> r = ex->extract(Blob{rtf, mime, "x.rtf", {}});
    REQUIRE(r);
    CHECK(r->text == "Да");
  }
}

TEST_CASE("RTF reads the generated memos in four languages and the bad ones with a warning") {
  // scripts/make-office-fixtures.py writes RTF the way Word does (en 1252, ru 1251, ko
  // CP949 pairs and \uN with fallbacks, ja Shift_JIS) and what a perfect reader returns
  TempDir dir;
  std::string cmd = "python3 '" + std::string(TRAWL_SOURCE_DIR) +
                    "/scripts/make-office-fixtures.py' '" + dir.str() + "' > /dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto expected = nlohmann::json::parse(read_bytes(dir.str() + "/expected.json"));
  int files = 0;
  for (const auto& [name, want] : expected.items()) {
    if (want.value("format", "") != "rtf") continue;
    ++files;
    INFO(name);
    Result<Extracted> r = read_rtf(read_bytes(dir.str() + "/" + name), name, {});
    std::string error = want.value("error", "");
    if (error == "corrupt") {
      REQUIRE(!r);
      CHECK(r.error().code == ErrorCode::kCorrupt);
      continue;
    }
    REQUIRE(r);
    CHECK(r->warnings.empty() == (error != "ok_with_warning"));
    // every paragraph, cell and line, in order
    size_t at = 0;
    for (const auto& line : want["text"]) {
      std::string t = line.get<std::string>();
      size_t found = r->text.find(t, at);
      INFO("expected: " << t << "\ntext: " << r->text);
      REQUIRE(found != std::string::npos);
      at = found + t.size();
    }
    CHECK(r->text.find("HYPERLINK") == std::string::npos);
    CHECK(r->text.find("\\") == std::string::npos);
    if (want.contains("title")) CHECK(r->title == want["title"].get<std::string>());
    for (const char* key : {"author", "created", "modified", "subject"})
      if (want.contains(key)) CHECK(r->metadata[key] == want[key].get<std::string>());
  }
  CHECK(files >= 6);
}

TEST_CASE("RTF reader survives random mixes of RTF tokens") {
  // deterministic pieces of RTF in random order: every outcome must be a result, with
  // valid UTF-8 text, never a crash or a hang
  const char* pieces[] = {"{",
                          "}",
                          "\\par ",
                          "\\'",
                          "\\'c7",
                          "\\'d1",
                          "\\u-3913",
                          "\\u55357",
                          "\\uc3 ",
                          "\\uc0",
                          "\\bin5 ",
                          "\\bin999999 ",
                          "\\*",
                          "\\fonttbl",
                          "\\f1",
                          "\\fcharset129 ",
                          "\\cpg932",
                          "\\pict",
                          "\\objdata ",
                          "0a",
                          "\\info",
                          "\\title",
                          "\\creatim\\yr",
                          "\\upr",
                          "\\ud",
                          "text ",
                          "\\",
                          "\\-",
                          "\\~",
                          "\xff\xfe",
                          "\\ansicpg99999 ",
                          "\\cell",
                          "\\row",
                          "\\f",
                          "\\u",
                          "\\ucn",
                          "\\'zz"};
  uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  OfficeOptions options;
  options.max_nesting = 20;
  for (int round = 0; round < 2000; ++round) {
    std::string rtf = "{\\rtf1";
    int n = static_cast<int>(next() % 200);
    for (int i = 0; i < n; ++i) rtf += pieces[next() % std::size(pieces)];
    Result<Extracted> r = read_rtf(rtf, "fuzz.rtf", options);
    REQUIRE(r);
    const std::string& t = r->text;
    // well-formed UTF-8
    for (size_t i = 0; i < t.size();) {
      auto c = static_cast<unsigned char>(t[i]);
      size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
      REQUIRE(len > 0);
      REQUIRE(i + len <= t.size());
      for (size_t k = 1; k < len; ++k)
        REQUIRE((static_cast<unsigned char>(t[i + k]) & 0xC0) == 0x80);
      i += len;
    }
  }
}
