#include <iconv.h>

#include <catch2/catch.hpp>

#include "extractors/charset.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::read_bytes;

namespace {

// Encodes UTF-8 text into a legacy charset with glibc iconv, to build test inputs.
std::string encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

const std::string kRussian =
    "Танкер вышел из порта Находка и взял курс на Корейский полуостров. По данным наблюдателей, "
    "судно несколько раз отключало транспондер, а затем провело перегрузку нефтепродуктов с "
    "судна на судно в открытом море. Всё это происходило ещё до того, как береговая охрана "
    "заметила подозрительную активность возле порта Нампхо.";
const std::string kKorean =
    "북한의 선박이 남포 앞바다에서 유조선과 해상 환적을 했다는 보고서가 나왔다. 똠방 무역이라는 "
    "회사가 선박의 소유주로 등록되어 있었으며, 이 회사는 제재 대상 명단에 오른 적이 있다. 햏 펲 뷁";

}  // namespace

TEST_CASE("Real files decode with the charset their name gives", "[charset]") {
  struct Case {
    const char* file;
    std::vector<std::string> accept;  // acceptable encoding names
    const char* contains;             // a phrase of the decoded text
  };
  const std::vector<Case> cases = {
      {"encoding/ar_windows-1256_meta_says_UTF-8__tika_testArabicMisleadingCharset.html",
       {"windows-1256"}, "في قرية من القرى"},
      {"encoding/en_UTF-16LE_BOM__chardet_bom-utf-16-le.srt", {"UTF-16LE"}, "About 2 months ago"},
      {"encoding/en_UTF-8__uchardet.txt", {"UTF-8"}, "km²"},
      {"encoding/en_windows-1252__chardet_github_bug_9.txt", {"windows-1252"}, "“The names Bod"},
      {"encoding/ko_EUC-KR__chardet_blog.rss.naver.com.xml", {"EUC-KR"}, "블로그"},
      {"encoding/ko_EUC-KR__chardet_ude_euc1.txt", {"EUC-KR"}, "역사적 예수"},
      {"encoding/ko_ISO-2022-KR__uchardet.txt", {"ISO-2022-KR"}, "문자 집합"},
      {"encoding/ko_JOHAB__uchardet.txt", {"Johab"}, "한글은 홀소리와 닿소리"},
      // only KS X 1001 pairs in it: EUC-KR and CP949 read it identically
      {"encoding/ko_UHC-CP949__uchardet.smi", {"EUC-KR", "CP949"}, "완성형 인코딩"},
      {"encoding/ko_UTF-16LE_BOM__uchardet.le", {"UTF-16LE"}, "유니코드"},
      {"encoding/ko_UTF-8__chardet_ude_1.txt", {"UTF-8"}, "역사적 예수"},
      {"encoding/ru_IBM866__chardet_ude_1.txt", {"IBM866"}, "В гимназии он не был"},
      {"encoding/ru_ISO-8859-5__uchardet.txt", {"ISO-8859-5"}, "кодовая страница"},
      {"encoding/ru_KOI8-R__chardet_ude_1.txt", {"KOI8-R"}, "В гимназии он не был"},
      {"encoding/ru_KOI8-R__uchardet.txt", {"KOI8-R"}, "код обмена информацией"},
      {"encoding/ru_MacCyrillic__chardet_ude_1.txt", {"x-mac-cyrillic"}, "В гимназии он не был"},
      {"encoding/ru_UTF-8__uchardet.txt", {"UTF-8"}, "Сурки"},
      {"encoding/ru_windows-1251__chardet_ude_1.txt", {"windows-1251"}, "В гимназии он не был"},
      {"encoding/uk_windows-1251__uchardet.txt", {"windows-1251"}, "Бабак"},
  };
  for (const Case& c : cases) {
    auto path = corpus_file(c.file);
    if (!path) continue;
    INFO(c.file);
    std::string bytes = read_bytes(*path);
    std::vector<std::string> declared;
    if (auto d = sniff_declared_charset(bytes)) declared.push_back(*d);
    Decoded d = decode_text(bytes, declared);
    CHECK_THAT(c.accept, Catch::VectorContains(d.encoding));
    CHECK_THAT(d.text, Catch::Contains(c.contains));
  }
}

TEST_CASE("The same Russian text in four code pages decodes to one text", "[charset]") {
  std::vector<std::string> texts;
  for (const char* f : {"encoding/ru_windows-1251__chardet_ude_1.txt", "encoding/ru_KOI8-R__chardet_ude_1.txt",
                        "encoding/ru_IBM866__chardet_ude_1.txt", "encoding/ru_MacCyrillic__chardet_ude_1.txt"}) {
    auto path = corpus_file(f);
    if (!path) return;
    texts.push_back(decode_text(read_bytes(*path)).text);
  }
  for (const std::string& t : texts) CHECK(t == texts.front());
}

TEST_CASE("CP949-only syllables decode under every Korean label, and are reported as CP949", "[charset]") {
  std::string bytes = encode(kKorean, "CP949");
  for (const char* label : {"euc-kr", "EUC-KR", "cp949", "uhc", "ks_c_5601-1987", "windows-949"}) {
    INFO(label);
    Decoded d = decode_text(bytes, {label});
    CHECK(d.text == kKorean);
    CHECK(d.encoding == "CP949");
  }
  Decoded detected = decode_text(bytes);
  CHECK(detected.text == kKorean);
  CHECK(detected.encoding == "CP949");
}

TEST_CASE("Plain EUC-KR text is reported as EUC-KR", "[charset]") {
  std::string text = "북한의 선박이 남포 앞바다에서 유조선과 해상 환적을 했다는 보고서가 나왔다.";
  Decoded d = decode_text(encode(text, "EUC-KR"));
  CHECK(d.text == text);
  CHECK(d.encoding == "EUC-KR");
}

TEST_CASE("Legacy Cyrillic code pages are detected without a label", "[charset]") {
  struct Case {
    const char* iconv_name;
    const char* expect;
  };
  for (const Case& c : {Case{"CP1251", "windows-1251"}, Case{"KOI8-R", "KOI8-R"}, Case{"CP866", "IBM866"},
                        Case{"MAC-CYRILLIC", "x-mac-cyrillic"}, Case{"ISO-8859-5", "ISO-8859-5"},
                        Case{"CP855", "IBM855"}}) {
    INFO(c.iconv_name);
    Decoded d = decode_text(encode(kRussian, c.iconv_name));
    CHECK(d.encoding == c.expect);
    CHECK(d.text == kRussian);
  }
}

TEST_CASE("A wrong single-byte Cyrillic label is not believed", "[charset]") {
  // KOI8-R bytes labelled windows-1251 would read as mojibake that decodes "cleanly"
  Decoded d = decode_text(encode(kRussian, "KOI8-R"), {"windows-1251"});
  CHECK(d.encoding == "KOI8-R");
  CHECK(d.text == kRussian);
  CHECK_FALSE(d.warnings.empty());
  Decoded right = decode_text(encode(kRussian, "CP1251"), {"windows-1251"});
  CHECK(right.encoding == "windows-1251");
  CHECK(right.warnings.empty());
}

TEST_CASE("Byte order marks win over labels", "[charset]") {
  std::string text = "Ship-to-ship transfer near Nampo. Судно. 선박.";
  CHECK(decode_text("\xEF\xBB\xBF" + text, {"windows-1251"}).text == text);
  Decoded be = decode_text(encode(text, "UTF-16"));  // glibc writes a BOM
  CHECK(be.text == text);
  Decoded u32 = decode_text(encode(text, "UTF-32"));
  CHECK(u32.text == text);
  CHECK(u32.encoding.rfind("UTF-32", 0) == 0);
}

TEST_CASE("UTF-16 without a BOM is recognised by its zero bytes", "[charset]") {
  std::string text = "The vessel switched off its AIS transponder before the transfer.";
  Decoded le = decode_text(encode(text, "UTF-16LE"));
  CHECK(le.encoding == "UTF-16LE");
  CHECK(le.text == text);
  Decoded be = decode_text(encode(text, "UTF-16BE"));
  CHECK(be.encoding == "UTF-16BE");
  CHECK(be.text == text);
}

TEST_CASE("Invalid bytes in a page declared UTF-8 are replaced with a warning", "[charset]") {
  std::string bytes = "Судно \xFF\xFE вышло из порта Находка. 선박 \xC3 ok";
  Decoded d = decode_text(bytes, {"utf-8"});
  CHECK(d.encoding == "UTF-8");
  CHECK_THAT(d.text, Catch::Contains("Судно"));
  CHECK_THAT(d.text, Catch::Contains("\xEF\xBF\xBD"));  // U+FFFD
  REQUIRE_FALSE(d.warnings.empty());
  CHECK_THAT(d.warnings.front(), Catch::Contains("invalid UTF-8"));
}

TEST_CASE("An unknown label is reported and detection takes over", "[charset]") {
  Decoded d = decode_text(encode(kRussian, "CP1251"), {"x-no-such-charset"});
  CHECK(d.encoding == "windows-1251");
  REQUIRE_FALSE(d.warnings.empty());
  CHECK_THAT(d.warnings.front(), Catch::Contains("x-no-such-charset"));
}

TEST_CASE("Declared charsets are sniffed from meta tags and XML declarations", "[charset]") {
  CHECK(sniff_declared_charset("<html><head><meta charset=\"EUC-KR\">") == "euc-kr");
  CHECK(sniff_declared_charset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ks_c_5601-1987\">") ==
        "ks_c_5601-1987");
  CHECK(sniff_declared_charset("<?xml version=\"1.0\" encoding='koi8-r'?><rss/>") == "koi8-r");
  CHECK_FALSE(sniff_declared_charset("<html><body>no declaration</body></html>"));
  CHECK(canonical_charset("KS_C_5601-1987") == "windows-949");
  CHECK(canonical_charset("cp866") == "ibm-866");
  CHECK(canonical_charset("x-no-such-charset") == "");
}

TEST_CASE("Empty and pure ASCII input decode trivially", "[charset]") {
  CHECK(decode_text("").text.empty());
  Decoded d = decode_text("IMO 8518572 ship-to-ship");
  CHECK(d.encoding == "US-ASCII");
  CHECK(d.text == "IMO 8518572 ship-to-ship");
}
