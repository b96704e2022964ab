// The Outlook .msg extractor (extractors/msg_outlook.cc) and its byte-level parts:
// [MS-OXRTFCP] decompression (compressed_rtf.cc), property streams and strings
// (msg_properties.cc). Inputs: the corpus's Russian message (Apache POI's
// cyrillic_message.msg), and messages in English, Russian and Korean written here through
// tests/cfb_fixture.h, some of them broken on purpose.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/text.h"
#include "extractors/compressed_rtf.h"
#include "extractors/extractor.h"
#include "extractors/msg_outlook.h"
#include "extractors/ole.h"
#include "tests/cfb_fixture.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::CfbWriter;
using trawl::test::corpus_file;

namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

std::string le(uint64_t v, int bytes) {
  std::string s;
  for (int i = 0; i < bytes; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

// UTF-8 -> UTF-16LE (what 001F streams hold).
std::string u16(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    char32_t cp;
    int n;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F;
      n = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F;
      n = 3;
    } else {
      cp = c & 0x07;
      n = 4;
    }
    for (int k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += le(0xD800 + (cp >> 10), 2);
      out += le(0xDC00 + (cp & 0x3FF), 2);
    } else {
      out += le(cp, 2);
    }
  }
  return out;
}

std::string name_of(uint16_t id, uint16_t type) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "__substg1.0_%04X%04X", id, type);
  return buf;
}

uint64_t filetime(int64_t unix_seconds) {
  return static_cast<uint64_t>(unix_seconds) * 10000000ull + 116444736000000000ull;
}

// One property storage: fixed values for __properties_version1.0, streams beside it.
struct Storage {
  std::string path;  // "" for the root
  size_t header = msg::kTopHeader;
  std::vector<std::pair<uint32_t, uint64_t>> fixed;
  std::vector<std::pair<std::string, std::string>> streams;

  Storage& fixed_value(uint16_t id, uint16_t type, uint64_t v) {
    fixed.push_back({static_cast<uint32_t>(id) << 16 | type, v});
    return *this;
  }
  Storage& unicode(uint16_t id, const std::string& utf8) {
    streams.push_back({name_of(id, msg::kTypeUnicode), u16(utf8) + std::string(2, '\0')});
    return *this;
  }
  Storage& string8(uint16_t id, const std::string& bytes) {
    streams.push_back({name_of(id, msg::kTypeString8), bytes + std::string(1, '\0')});
    return *this;
  }
  Storage& binary(uint16_t id, const std::string& bytes) {
    streams.push_back({name_of(id, msg::kTypeBinary), bytes});
    return *this;
  }
  std::string properties() const {
    std::string s(header, '\0');
    for (auto [tag, v] : fixed) s += le(tag, 4) + le(6, 4) + le(v, 8);
    return s;
  }
  void add_to(CfbWriter& w, bool with_properties = true) const {
    const std::string prefix = path.empty() ? "" : path + "/";
    if (with_properties) w.add(prefix + "__properties_version1.0", properties());
    for (const auto& [name, bytes] : streams) w.add(prefix + name, bytes);
  }
};

std::string build(const std::vector<Storage>& storages) {
  CfbWriter w;
  for (const Storage& s : storages) s.add_to(w);
  return w.build().bytes;
}

Storage recipient(int n, int type, const std::string& name, const std::string& smtp) {
  Storage r;
  char buf[64];
  std::snprintf(buf, sizeof buf, "__recip_version1.0_#%08X", n);
  r.path = buf;
  r.header = msg::kRecipientHeader;
  r.fixed_value(0x0C15, msg::kTypeInt32, type);
  r.unicode(0x3001, name).unicode(0x39FE, smtp);
  return r;
}

Storage attachment(int n, const std::string& name, const std::string& data,
                   const std::string& mime = "") {
  Storage a;
  char buf[64];
  std::snprintf(buf, sizeof buf, "__attach_version1.0_#%08X", n);
  a.path = buf;
  a.header = msg::kRecipientHeader;
  a.fixed_value(0x3705, msg::kTypeInt32, 1);
  a.unicode(0x3707, name).binary(0x3701, data);
  if (!mime.empty()) a.unicode(0x370E, mime);
  return a;
}

constexpr int64_t kMarch1 = 1709294400;  // 2024-03-01T12:00:00Z

// An English notice: Unicode properties, two recipients, one attachment.
std::vector<Storage> english_notice() {
  Storage top;
  top.fixed_value(0x0039, msg::kTypeTime, filetime(kMarch1))
      .unicode(0x0037, "Vessel transfer notice")
      .unicode(0x0C1A, "Harbour Desk")
      .unicode(0x5D01, "desk@harbour.example")
      .unicode(0x0C1F, "/O=EXCHANGE/OU=FIRST/CN=DESK")
      .unicode(0x0E04, "Analyst One")
      .unicode(0x0E03, "Analyst Two")
      .unicode(0x1035, "<notice-1@harbour.example>")
      .unicode(0x1000, "The tanker Ocean Star moved cargo\r\nship to ship at night.\r\n");
  return {top, recipient(0, 1, "Analyst One", "one@example.org"),
          recipient(1, 2, "Analyst Two", "two@example.org"),
          attachment(0, "manifest.csv", "vessel,flag\nOcean Star,PA\n", "text/csv")};
}

Result<Extracted> extract_msg(const std::string& bytes, const OfficeOptions& options = {}) {
  return make_msg_extractor(options)->extract(
      Blob{bytes, "application/vnd.ms-outlook", "test.msg", {}});
}

bool has_warning(const Extracted& e, const std::string& part) {
  for (const std::string& w : e.warnings)
    if (contains(w, part)) return true;
  return false;
}

// [MS-OXRTFCP] 3.1.1's example: "{\rtf1 WXYZWXYZWXYZWXYZWXYZ}" compressed.
const std::string kWxyz(
    "\x1a\x00\x00\x00\x1c\x00\x00\x00LZFu\xe2\xd4KQA\x00\x04 WXYZ\rn}\x01\x0e\xb0", 30);

}  // namespace

// ------------------------------------------------------------------ compressed RTF

TEST_CASE("Compressed RTF: the specification's LZFu example decompresses") {
  Result<std::string> r = decompress_rtf(kWxyz, 1 << 20);
  REQUIRE(r);
  CHECK(*r == "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}");
}

TEST_CASE("Compressed RTF: MELA data is returned as stored") {
  const std::string rtf = "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}";
  const std::string in = le(12 + rtf.size(), 4) + le(rtf.size(), 4) + "MELA" + le(0, 4) + rtf;
  Result<std::string> r = decompress_rtf(in, 1 << 20);
  REQUIRE(r);
  CHECK(*r == rtf);
}

TEST_CASE("Compressed RTF: a damaged byte fails the CRC check") {
  std::string bad = kWxyz;
  bad[20] ^= 0x01;
  Result<std::string> r = decompress_rtf(bad, 1 << 20);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kCorrupt);
  CHECK(contains(r.error().message, "CRC"));
}

TEST_CASE("Compressed RTF: truncated data, a short header and an unknown type are corrupt") {
  for (const std::string& in :
       {kWxyz.substr(0, 25), kWxyz.substr(0, 10), std::string(kWxyz).replace(8, 4, "ABCD")}) {
    Result<std::string> r = decompress_rtf(in, 1 << 20);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kCorrupt);
  }
}

TEST_CASE("Compressed RTF: output over the limit is refused as too large") {
  Result<std::string> r = decompress_rtf(kWxyz, 10);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kTooLarge);
}

TEST_CASE("Compressed RTF: the CRC is the specification's (started at 0, not inverted)") {
  // the example's header gives the CRC of its 14 data bytes
  CHECK(compressed_rtf_crc(kWxyz.substr(16)) == 0x514BD4E2u);
}

TEST_CASE("Compressed RTF: the corpus message's RTF body decompresses to RTF") {
  std::optional<std::string> path = corpus_file("office/ru_msg_cyrillic_poi.msg");
  REQUIRE(path);
  const std::string bytes = trawl::test::read_bytes(*path);
  Result<ole::CompoundFile> cf = ole::CompoundFile::open(bytes, "cyrillic");
  REQUIRE(cf);
  Result<std::string> stream = cf->read("__substg1.0_10090102", 1 << 20);
  REQUIRE(stream);
  Result<std::string> rtf = decompress_rtf(*stream, 1 << 20);
  REQUIRE(rtf);
  CHECK(rtf->starts_with("{\\rtf"));
  CHECK(rtf->size() == 0x4B7);  // RAWSIZE in its header
  CHECK(contains(*rtf, "\\ansicpg1251"));
}

// ------------------------------------------------------------------ bytes

TEST_CASE("Property stream: whole entries are read, a cut last entry is counted") {
  std::string s(32, '\0');
  s += le(0x3FFD0003, 4) + le(6, 4) + le(1251, 8);
  s += le(0x00390040, 4) + le(6, 4) + le(filetime(kMarch1), 8);
  const msg::Properties whole = msg::parse_properties(s, msg::kTopHeader);
  CHECK(whole.entries == 2);
  CHECK(whole.trailing_bytes == 0);
  CHECK(whole.get(0x3FFD0003) == 1251u);
  CHECK(filetime_to_unix(*whole.get(0x00390040)) == kMarch1);
  const msg::Properties cut = msg::parse_properties(s.substr(0, s.size() - 5), msg::kTopHeader);
  CHECK(cut.entries == 1);
  CHECK(cut.trailing_bytes == 11);
  CHECK(cut.get(0x3FFD0003) == 1251u);
  CHECK_FALSE(cut.get(0x00390040));
  CHECK(msg::parse_properties(s.substr(0, 20), msg::kTopHeader).header_missing);
}

TEST_CASE("Strings: UTF-16LE with surrogates, and 8-bit text in the declared code page") {
  CHECK(utf16le_to_utf8(u16("Танкер 유조선 \xF0\x9F\x9A\xA2")) == "Танкер 유조선 \xF0\x9F\x9A\xA2");
  CHECK(utf16le_to_utf8(std::string("\x00\xD8"
                                    "A\x00",
                                    4)) ==
        "\xEF\xBF\xBD"
        "A");
  CHECK(msg::decode_8bit("\xD2\xE0\xED\xEA\xE5\xF0", msg::codepage_label(1251)) == "Танкер");
  CHECK(msg::decode_8bit("\xC0\xAF\xC1\xB6\xBC\xB1", msg::codepage_label(949)) == "유조선");
  CHECK(msg::decode_8bit("\xF4\xC1\xCE\xCB\xC5\xD2", msg::codepage_label(20866)) == "Танкер");
  CHECK(msg::codepage_label(424242).empty());
}

TEST_CASE("Header fields: unfolded, case-insensitive, first occurrence") {
  const std::string h =
      "Received: by mx\r\n\tfor x\r\nDATE: Tue, 18 May 2010\r\n 11:38:39 +0400\r\nDate: later\r\n";
  CHECK(msg::header_field(h, "date") == "Tue, 18 May 2010 11:38:39 +0400");
  CHECK(msg::header_field(h, "Received") == "by mx\tfor x");
  CHECK_FALSE(msg::header_field(h, "From"));
  CHECK(msg::rfc5322_date(kMarch1) == "Fri, 01 Mar 2024 12:00:00 +0000");
}

// ------------------------------------------------------------------ the extractor

TEST_CASE("The corpus's Russian message gives its Cyrillic subject, header and body") {
  std::optional<std::string> path = corpus_file("office/ru_msg_cyrillic_poi.msg");
  REQUIRE(path);
  Result<Extracted> r = extract_msg(trawl::test::read_bytes(*path));
  REQUIRE(r);
  // the subject Apache POI's and msgreader's tests assert for this file
  const std::string subject =
      "Автоматический ответ подсистемы обмена данными ФГУП \"Почта России\".";
  CHECK(r->title == subject);
  CHECK(r->metadata["subject"] == subject);
  CHECK(r->metadata["from"] == "no-reply@niips.ru");
  CHECK(r->metadata["to"] == "Свиридов Дмитрий Владимирович <sviridov@niips.ru>");
  CHECK(r->metadata["cc"] == "Свиридов Дмитрий Владимирович <sviridov@niips.ru>");
  CHECK(r->metadata["message_id"] ==
        "14898748.21.1274168319532.JavaMail.gvcasc_dev_niips@10.1.10.50");
  CHECK(r->metadata["attachments"] == "0");
  CHECK(r->date == "2010-05-18");
  CHECK(r->metadata["created"] == "2010-05-18T07:38:39Z");
  CHECK(r->encoding == "windows-1251");
  CHECK(
      r->text.starts_with("From: no-reply@niips.ru\n"
                          "To: Свиридов Дмитрий Владимирович <sviridov@niips.ru>\n"
                          "Cc: Свиридов Дмитрий Владимирович <sviridov@niips.ru>\n"
                          "Date: Tue, 18 May 2010 11:38:39 +0400\n"
                          "Subject: " +
                          subject + "\n\nВаше сообщение с темой \"FW: RTM\""));
  CHECK(contains(r->text, "Сообщение сгенерировано автоматически"));
  CHECK_FALSE(contains(r->text, "\r"));
  CHECK(r->warnings.empty());
}

TEST_CASE("The registry sends application/vnd.ms-outlook to the .msg extractor") {
  const ExtractorRegistry registry = ExtractorRegistry::with_defaults(Config{});
  const Extractor* e = registry.find("application/vnd.ms-outlook");
  REQUIRE(e);
  CHECK(e->name() == "msg");
}

TEST_CASE("An English message gives recipients by type, the SMTP sender and its attachment") {
  Result<Extracted> r = extract_msg(build(english_notice()));
  REQUIRE(r);
  CHECK(r->title == "Vessel transfer notice");
  CHECK(r->metadata["from"] == "Harbour Desk <desk@harbour.example>");
  CHECK(r->metadata["to"] == "Analyst One <one@example.org>");
  CHECK(r->metadata["cc"] == "Analyst Two <two@example.org>");
  CHECK(r->metadata["message_id"] == "notice-1@harbour.example");
  CHECK(r->metadata["attachments"] == "1");
  CHECK(r->date == "2024-03-01");
  CHECK(r->text ==
        "From: Harbour Desk <desk@harbour.example>\n"
        "To: Analyst One <one@example.org>\n"
        "Cc: Analyst Two <two@example.org>\n"
        "Date: Fri, 01 Mar 2024 12:00:00 +0000\n"
        "Subject: Vessel transfer notice\n"
        "\n"
        "The tanker Ocean Star moved cargo\nship to ship at night.");
  REQUIRE(r->children.size() == 1);
  CHECK(r->children[0].name == "manifest.csv");
  CHECK(r->children[0].mime == "text/csv");
  CHECK(r->children[0].bytes == "vessel,flag\nOcean Star,PA\n");
  CHECK_FALSE(r->children[0].error);
  CHECK(r->warnings.empty());
}

TEST_CASE("A Russian message in 8-bit windows-1251 declared by PR_MESSAGE_CODEPAGE is decoded") {
  Storage top;
  top.fixed_value(0x3FFD, msg::kTypeInt32, 1251)
      .string8(0x0037, "\xD1\xEA\xF0\xFB\xF2\xE0\xFF \xEF\xE5\xF0\xE5\xE3\xF0\xF3\xE7\xEA\xE0")
      .string8(0x0C1A, "\xC8\xE2\xE0\xED \xCF\xE5\xF2\xF0\xEE\xE2")
      .string8(0x0C1F, "ivanov@example.ru")
      .string8(0x0E04, "\xCF\xE5\xF2\xF0; \xC0\xED\xED\xE0")
      .string8(0x1000,
               "\xD2\xE0\xED\xEA\xE5\xF0 \xE2\xFB\xF8\xE5\xEB \xE8\xE7 \xEF\xEE\xF0\xF2\xE0.");
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(r->metadata["subject"] == "Скрытая перегрузка");
  CHECK(r->metadata["from"] == "Иван Петров <ivanov@example.ru>");
  CHECK(r->metadata["to"] == "Петр, Анна");  // no recipient storages: the display list
  CHECK(r->encoding == "windows-1251");
  CHECK(r->text ==
        "From: Иван Петров <ivanov@example.ru>\nTo: Петр, Анна\nSubject: Скрытая "
        "перегрузка\n\nТанкер вышел из порта.");
}

TEST_CASE("A Korean message: Unicode and 8-bit CP949 (PR_INTERNET_CPID) strings") {
  Storage top;
  top.fixed_value(0x3FDE, msg::kTypeInt32, 949)
      .unicode(0x0037, "선박 간 환적 보고")
      .string8(0x0C1A, "\xB1\xE8\xC3\xB6\xBC\xF6")  // 김철수 in CP949
      .unicode(0x5D01, "kim@example.kr")
      .unicode(0x1000, "유조선이 야간에 화물을 옮겼다.");
  Storage r0 = recipient(0, 1, "분석관", "analyst@example.kr");
  Result<Extracted> r = extract_msg(build({top, r0}));
  REQUIRE(r);
  CHECK(r->title == "선박 간 환적 보고");
  CHECK(r->metadata["from"] == "김철수 <kim@example.kr>");
  CHECK(r->metadata["to"] == "분석관 <analyst@example.kr>");
  CHECK(contains(r->text, "Subject: 선박 간 환적 보고\n\n유조선이 야간에 화물을 옮겼다."));
}

TEST_CASE("Without date properties the transport headers give Date, From and the date") {
  Storage top;
  top.unicode(0x0037, "Relay")
      .unicode(0x007D,
               "Received: by mx.example\r\nDate: Tue, 05 Mar 2024 09:15:00 +0900\r\n"
               "From: =?UTF-8?B?7ZWc6rWt7J24?= <han@example.kr>\r\nSubject: Relay\r\n")
      .unicode(0x1000, "Body.");
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(r->metadata["from"] == "한국인 <han@example.kr>");
  CHECK(r->date == "2024-03-05");
  CHECK(r->metadata["created"] == "2024-03-05T00:15:00Z");
  CHECK(contains(r->text, "Date: Tue, 05 Mar 2024 09:15:00 +0900\n"));
}

TEST_CASE("An HTML body is read through the HTML extractor when there is no plain body") {
  Storage top;
  top.fixed_value(0x3FDE, msg::kTypeInt32, 65001)
      .unicode(0x0037, "HTML")
      .binary(0x1013,
              "<html><body><p>Груз <b>перегружен</b></p><a href=\"https://example.org/x\">"
              "link</a></body></html>");
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(contains(r->text, "Груз перегружен"));
  CHECK_FALSE(contains(r->text, "<b>"));
  CHECK(r->links.size() == 1);
}

TEST_CASE("A message with only a compressed RTF body is read through the RTF reader") {
  Storage top;
  top.unicode(0x0037, "RTF only").binary(0x1009, kWxyz);
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(r->title == "RTF only");
  CHECK(r->text == "Subject: RTF only\n\nWXYZWXYZWXYZWXYZWXYZ");
}

TEST_CASE("RTF bodies in Russian and Korean: hex escapes in the RTF's code page") {
  // the corpus message's own RTF body (LZFu, \ansicpg1251), in a message without the
  // plain body
  std::optional<std::string> path = corpus_file("office/ru_msg_cyrillic_poi.msg");
  REQUIRE(path);
  const std::string bytes = trawl::test::read_bytes(*path);
  Result<ole::CompoundFile> cf = ole::CompoundFile::open(bytes, "cyrillic");
  REQUIRE(cf);
  Result<std::string> rtf = cf->read("__substg1.0_10090102", 1 << 20);
  REQUIRE(rtf);
  Storage ru;
  ru.unicode(0x0037, "RTF").binary(0x1009, *rtf);
  Result<Extracted> r = extract_msg(build({ru}));
  REQUIRE(r);
  CHECK(contains(r->text, "Ваше сообщение с темой"));
  // a Korean one stored uncompressed (MELA)
  const std::string ko =
      "{\\rtf1\\ansi\\ansicpg949{\\fonttbl{\\f0\\fcharset129 Gulim;}}\\f0 "
      "\\'c0\\'af\\'c1\\'b6\\'bc\\'b1 \\'c8\\'af\\'c0\\'fb\\par}";
  Storage k;
  k.unicode(0x0037, "RTF")
      .binary(0x1009, le(12 + ko.size(), 4) + le(ko.size(), 4) + "MELA" + le(0, 4) + ko);
  Result<Extracted> kr = extract_msg(build({k}));
  REQUIRE(kr);
  CHECK(contains(kr->text, "유조선 환적"));
}

TEST_CASE("An RTF body made fromhtml1 gives its text without the encapsulated HTML tags") {
  const std::string rtf =
      "{\\rtf1\\ansi\\ansicpg1251\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss\\fcharset204 "
      "Arial;}}{\\*\\htmltag19 <html>}{\\*\\htmltag34 <head><style>p{color:red}</style>}"
      "{\\*\\htmltag50 <body>}\\htmlrtf {\\htmlrtf0 {\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 "
      "\\'d2\\'e0\\'ed\\'ea\\'e5\\'f0 {\\*\\htmltag84 <b>}\\htmlrtf {\\b \\htmlrtf0 "
      "Ocean{\\*\\htmltag92 </b>}\\htmlrtf }\\htmlrtf0 \\htmlrtf\\par}\\htmlrtf0 "
      "{\\*\\htmltag72 </p>}{\\*\\htmltag58 </body></html>}}";
  Storage top;
  top.unicode(0x0037, "HTML in RTF")
      .binary(0x1009, le(12 + rtf.size(), 4) + le(rtf.size(), 4) + "MELA" + le(0, 4) + rtf);
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(contains(r->text, "\n\nТанкер Ocean"));
  CHECK_FALSE(contains(r->text, "<p>"));
  CHECK_FALSE(contains(r->text, "color:red"));
}

TEST_CASE("A damaged compressed RTF body is a warning, the headers still make a document") {
  std::string bad = kWxyz;
  bad[20] ^= 0x01;
  Storage top;
  top.unicode(0x0037, "Broken RTF").binary(0x1009, bad);
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(r->text == "Subject: Broken RTF\n\n");
  CHECK(has_warning(*r, "RTF body: compressed RTF: CRC mismatch"));
}

TEST_CASE("A message without a body still gives its header block") {
  Storage top;
  top.unicode(0x0037, "Empty").unicode(0x0C1A, "Nobody");
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(r->text == "From: Nobody\nSubject: Empty\n\n");
  CHECK(r->warnings.empty());
}

TEST_CASE("A truncated property stream: what was read stands, with a warning") {
  std::vector<Storage> storages = english_notice();
  CfbWriter w;
  const std::string props = storages[0].properties();
  w.add("__properties_version1.0", props.substr(0, props.size() - 7));
  storages[0].add_to(w, false);
  for (size_t i = 1; i < storages.size(); ++i) storages[i].add_to(w);
  // the date is the last fixed value: gone with the cut entry
  Result<Extracted> r = extract_msg(w.build().bytes);
  REQUIRE(r);
  CHECK(has_warning(*r, "message properties: truncated after 0 entries"));
  CHECK(r->date.empty());
  CHECK(r->title == "Vessel transfer notice");
  CHECK(contains(r->text, "The tanker Ocean Star"));
  CHECK(r->children.size() == 1);
}

TEST_CASE("A stream cut short by a broken sector chain keeps what could be read") {
  Storage top;
  top.unicode(0x0037, "Cut body").unicode(0x1000, std::string(700, 'y'));  // 1402 bytes
  CfbWriter w;
  top.add_to(w);
  CfbWriter::Built built = w.build();
  built.set_fat(built.first_sector.at("__substg1.0_1000001F"), 0xFFFFFFFE);  // one sector
  Result<Extracted> r = extract_msg(built.bytes);
  REQUIRE(r);
  CHECK(r->title == "Cut body");
  CHECK(contains(r->text, "Subject: Cut body\n\n" + std::string(200, 'y')));
  CHECK(has_warning(*r, "__substg1.0_1000001F"));
}

TEST_CASE("An embedded message becomes a text child, its attachments children under it") {
  std::vector<Storage> storages = english_notice();
  Storage a;
  a.path = "__attach_version1.0_#00000001";
  a.header = msg::kRecipientHeader;
  a.fixed_value(0x3705, msg::kTypeInt32, 5).unicode(0x3001, "Forwarded report");
  Storage inner;
  inner.path = a.path + "/__substg1.0_3701000D";
  inner.header = msg::kEmbeddedHeader;
  inner.fixed_value(0x0039, msg::kTypeTime, filetime(kMarch1 - 86400))
      .unicode(0x0037, "Донесение")
      .unicode(0x0C1A, "Агент")
      .unicode(0x1000, "Судно сменило флаг.");
  Storage inner_att = attachment(0, "photo.jpg", "\xFF\xD8\xFF\xE0jpeg", "image/jpeg");
  inner_att.path = inner.path + "/" + inner_att.path;
  storages.push_back(a);
  storages.push_back(inner);
  storages.push_back(inner_att);
  Result<Extracted> r = extract_msg(build(storages));
  REQUIRE(r);
  REQUIRE(r->children.size() == 3);
  CHECK(r->children[0].name == "manifest.csv");
  CHECK(r->children[1].name == "Forwarded report.txt");
  CHECK(r->children[1].mime == "text/plain");
  CHECK(r->children[1].bytes ==
        "From: Агент\nDate: Thu, 29 Feb 2024 12:00:00 +0000\nSubject: Донесение\n\nСудно "
        "сменило флаг.");
  CHECK(r->children[2].name == "Forwarded report/photo.jpg");
  CHECK(r->children[2].mime == "image/jpeg");
  CHECK(r->metadata["attachments"] == "3");
}

TEST_CASE("Attachments are bounded by max_children and max_part_bytes") {
  std::vector<Storage> storages = english_notice();
  storages.push_back(attachment(1, "big.bin", std::string(5000, 'z')));
  storages.push_back(attachment(2, "third.txt", "3"));
  OfficeOptions options;
  options.max_part_bytes = 4096;
  options.max_children = 2;
  Result<Extracted> r = extract_msg(build(storages), options);
  REQUIRE(r);
  REQUIRE(r->children.size() == 2);
  CHECK(r->children[1].name == "big.bin");
  REQUIRE(r->children[1].error);
  CHECK(r->children[1].error->code == ErrorCode::kTooLarge);
  CHECK(has_warning(*r, "more than 2 attachments"));
}

TEST_CASE("A compound file without MAPI properties, or no compound file, is corrupt") {
  CfbWriter w;
  w.add("WordDocument", std::string(600, 'w'));
  Result<Extracted> r = extract_msg(w.build().bytes);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kCorrupt);
  CHECK(contains(r.error().message, "not an Outlook message"));
  Result<Extracted> junk = extract_msg("From: not a compound file\r\n");
  REQUIRE_FALSE(junk);
  CHECK(junk.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("Text past max_text_bytes is cut with a warning") {
  OfficeOptions options;
  options.max_text_bytes = 100;
  Result<Extracted> r = extract_msg(build(english_notice()), options);
  REQUIRE(r);
  CHECK(r->text.size() <= 100);
  CHECK(has_warning(*r, "text past 100 bytes was cut"));
}

TEST_CASE("An attachment stored by reference (no data) is a warning, not a child") {
  std::vector<Storage> storages = english_notice();
  Storage link;
  link.path = "__attach_version1.0_#00000001";
  link.header = msg::kRecipientHeader;
  link.fixed_value(0x3705, msg::kTypeInt32, 2).unicode(0x3707, "\\\\server\\share\\plan.docx");
  storages.push_back(link);
  Result<Extracted> r = extract_msg(build(storages));
  REQUIRE(r);
  CHECK(r->children.size() == 1);
  CHECK(has_warning(*r, "plan.docx: no data in the message"));
}

TEST_CASE("End to end: .msg messages, their attachments and embedded messages are searchable") {
  using nlohmann::json;
  std::optional<std::string> corpus = corpus_file("office/ru_msg_cyrillic_poi.msg");
  REQUIRE(corpus);
  trawl::test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "in");
  std::filesystem::copy_file(*corpus, dir.path() / "in" / "cyrillic.msg");
  std::vector<Storage> storages = english_notice();
  Storage a;
  a.path = "__attach_version1.0_#00000001";
  a.header = msg::kRecipientHeader;
  a.fixed_value(0x3705, msg::kTypeInt32, 5).unicode(0x3001, "Forwarded");
  Storage inner;
  inner.path = a.path + "/__substg1.0_3701000D";
  inner.header = msg::kEmbeddedHeader;
  inner.unicode(0x0037, "환적 보고").unicode(0x1000, "유조선 해상 환적 확인");
  storages.push_back(a);
  storages.push_back(inner);
  dir.write("in/notice.msg", build(storages));
  const std::string data = dir.str() + "/data";
  auto in = trawl::test::run_trawl({"ingest", "--threads", "2", "--data", data, dir.str() + "/in"});
  INFO(in.err);
  REQUIRE(in.status == 0);
  // two messages, the CSV attachment, the embedded message
  CHECK(contains(in.err + in.out, "ingested 4"));
  auto search = [&](const std::string& q) {
    auto r = trawl::test::run_trawl({"search", "--data", data, "--json", q});
    REQUIRE(r.status == 0);
    return json::parse(r.out)["hits"];
  };
  json hits = search("подсистемы обмена");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/cyrillic.msg"));
  CHECK(hits[0]["mime"] == "application/vnd.ms-outlook");
  hits = search("Ocean Star tanker");
  REQUIRE(hits.size() >= 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/notice.msg"));
  hits = search("유조선 환적");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/notice.msg/Forwarded.txt"));
  hits = search("flag");
  bool manifest = false;
  for (const json& h : hits)
    manifest = manifest || h["location"].get<std::string>().ends_with("/notice.msg/manifest.csv");
  CHECK(manifest);
}

// ------------------------------------------------------------------ generated fixtures

namespace {

// scripts/office_fixtures_ole.py's files and expected.json, written into `dir`.
nlohmann::json make_fixtures(const trawl::test::TempDir& dir) {
  const std::string cmd = "python3 '" + trawl::test::samples_dir() +
                          "/../scripts/office_fixtures_ole.py' '" + dir.str() + "'";
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
  return nlohmann::json::parse(trawl::test::read_bytes(dir.str() + "/expected.json"));
}

}  // namespace

TEST_CASE("Generated .msg files in three languages give the expected header, text and children") {
  trawl::test::TempDir dir;
  const nlohmann::json expected = make_fixtures(dir);
  int checked = 0;
  for (const std::string name : {"en_notice.msg", "ru_notice.msg", "ko_notice.msg", "en_rtf.msg",
                                 "bad_truncated_props.msg"}) {
    INFO(name);
    REQUIRE(expected.contains(name));
    const nlohmann::json& e = expected[name];
    Result<Extracted> r = extract_msg(trawl::test::read_bytes(dir.str() + "/" + name));
    REQUIRE(r);
    INFO(r->text);
    CHECK(r->metadata["subject"] == e["subject"].get<std::string>());
    CHECK(r->title == e["subject"].get<std::string>());
    for (const char* key : {"from", "to", "cc"})
      if (e.contains(key)) CHECK(r->metadata[key] == e[key].get<std::string>());
    CHECK(r->metadata["created"] == e["date"].get<std::string>());
    for (const auto& line : e["text"]) CHECK(contains(r->text, line.get<std::string>()));
    // PR_BODY and PR_HTML say the same: the body is read once
    const std::string last = e["text"].back().get<std::string>();
    CHECK(r->text.find(last) == r->text.rfind(last));
    std::vector<std::string> names;
    for (const Embedded& c : r->children) names.push_back(c.name);
    std::vector<std::string> want;
    if (e.contains("children"))
      for (const auto& c : e["children"]) want.push_back(c.get<std::string>());
    CHECK(names == want);
    if (e.contains("child_text"))
      for (const auto& [child, lines] : e["child_text"].items())
        for (const Embedded& c : r->children)
          if (c.name == child)
            for (const auto& line : lines) CHECK(contains(c.bytes, line.get<std::string>()));
    if (e.value("error", "") == "ok_with_warning")
      CHECK(has_warning(*r, "message properties: truncated"));
    else
      CHECK(r->warnings.empty());
    ++checked;
  }
  CHECK(checked == 5);
}

TEST_CASE("The generated Russian ANSI message is decoded in windows-1251, not as mojibake") {
  trawl::test::TempDir dir;
  make_fixtures(dir);
  Result<Extracted> r = extract_msg(trawl::test::read_bytes(dir.str() + "/ru_notice.msg"));
  REQUIRE(r);
  CHECK(r->encoding == "windows-1251");
  CHECK(contains(r->text, "Уважаемые коллеги!"));
  CHECK_FALSE(contains(r->text, "\xC3"));  // Latin-1 mojibake of windows-1251 letters starts so
}

TEST_CASE("A Korean HTML body in CP949 is decoded with PR_INTERNET_CPID") {
  Storage top;
  top.fixed_value(0x3FDE, msg::kTypeInt32, 949)
      .unicode(0x0037, "HTML")
      // "<p>남포 앞바다 환적</p>" in CP949, without a meta charset
      .binary(0x1013,
              "<html><body><p>\xb3\xb2\xc6\xf7 \xbe\xd5\xb9\xd9\xb4\xd9 \xc8\xaf\xc0\xfb</p>"
              "</body></html>");
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(contains(r->text, "\n\n남포 앞바다 환적"));
}

TEST_CASE("A message libmagic calls a bare compound file reaches the .msg reader") {
  const ExtractorRegistry registry = ExtractorRegistry::with_defaults(Config{});
  for (const char* mime : {"application/x-ole-storage", "application/cdfv2"}) {
    INFO(mime);
    const Extractor* e = registry.find(mime);
    REQUIRE(e);
    const std::string bytes = build(english_notice());
    Result<Extracted> r = e->extract(Blob{bytes, mime, "notice", {}});
    REQUIRE(r);
    CHECK(r->title == "Vessel transfer notice");
    CHECK(r->children.size() == 1);
  }
}

TEST_CASE("The .msg extractor survives empty, random, cut and damaged input") {
  auto ex = make_msg_extractor({});
  std::vector<std::string> inputs = {"", std::string(1, '\0'),
                                     std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)};
  std::mt19937 rng(5);
  const std::string good = build(english_notice());
  for (size_t cut = 0; cut < good.size(); cut += 389) inputs.push_back(good.substr(0, cut));
  for (int i = 0; i < 150; ++i) {
    std::string bad = good;
    for (int k = 0, n = 1 + rng() % 24; k < n; ++k)
      bad[rng() % bad.size()] = static_cast<char>(rng());
    inputs.push_back(bad);
  }
  int read = 0;
  for (const std::string& in : inputs) {
    INFO(in.size() << " bytes");
    Result<Extracted> r = make_error(ErrorCode::kFatal, "not run");
    REQUIRE_NOTHROW(r = ex->extract(Blob{in, "application/vnd.ms-outlook", "fuzz.msg", {}}));
    if (!r) {
      CHECK(r.error().code != ErrorCode::kFatal);
      CHECK(r.error().message.find('\n') == std::string::npos);
    } else {
      ++read;
    }
  }
  CHECK(read > 0);  // most damage leaves a readable message
}

TEST_CASE("A draft, never sent, is dated by its creation time") {
  Storage top;
  top.fixed_value(0x3007, msg::kTypeTime, filetime(kMarch1)).unicode(0x0037, "Черновик");
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(r->date == "2024-03-01");
  CHECK(r->text == "Date: Fri, 01 Mar 2024 12:00:00 +0000\nSubject: Черновик\n\n");
}

TEST_CASE("8-bit strings follow PR_MESSAGE_CODEPAGE, the 8-bit body PR_INTERNET_CPID") {
  Storage top;
  top.fixed_value(0x3FFD, msg::kTypeInt32, 1251)
      .fixed_value(0x3FDE, msg::kTypeInt32, 65001)
      .string8(0x0037, "\xD1\xEA\xF0\xFB\xF2\xE0\xFF \xEF\xE5\xF0\xE5\xE3\xF0\xF3\xE7\xEA\xE0")
      .string8(0x1000, "Танкер вышел из порта.");  // UTF-8
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(r->text == "Subject: Скрытая перегрузка\n\nТанкер вышел из порта.");
}

TEST_CASE("An unknown code page is a warning and 8-bit text is decoded by detection") {
  Storage top;
  top.fixed_value(0x3FFD, msg::kTypeInt32, 4242)
      .string8(0x0037,
               "\xD2\xE0\xED\xEA\xE5\xF0 \xE2\xFB\xF8\xE5\xEB \xE8\xE7 \xEF\xEE\xF0\xF2\xE0");
  Result<Extracted> r = extract_msg(build({top}));
  REQUIRE(r);
  CHECK(has_warning(*r, "code page 4242 unknown"));
  CHECK(r->title == "Танкер вышел из порта");
}
