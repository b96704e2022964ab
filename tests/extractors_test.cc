#include <catch2/catch.hpp>
#include <chrono>
#include <random>

#include "extractors/extractor.h"
#include "extractors/identify.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::fixtures_dir;
using trawl::test::read_bytes;

namespace {

Result<Extracted> extract(const Extractor& ex, const std::string& bytes, const std::string& mime) {
  return ex.extract(Blob{bytes, mime, "test", {}});
}

const char* kHtml = R"(<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Tanker  seen off Nampo</title>
<meta property="article:published_time" content="2024-03-28T09:00:00Z">
<meta name="author" content="Monitoring Desk">
<style>body { zzstyleonly: 1 }</style>
<script>var zzscriptonly = 1;</script>
</head><body>
<h1>Ship-to-ship transfer</h1><p>The tanker <b>Sea Lantern</b> (IMO 9354521) met a DPRK vessel.</p>
<ul><li>first</li><li>second</li></ul>
<noscript>zznoscript</noscript>
<p>See <a href="https://example.org/report.pdf">the report</a> and <a href="#top">top</a>.</p>
</body></html>)";

}  // namespace

TEST_CASE("HTML extractor keeps visible text, title, lang, date and links", "[html]") {
  auto ex = make_html_extractor();
  auto r = extract(*ex, kHtml, "text/html");
  REQUIRE(r);
  CHECK(r->title == "Tanker seen off Nampo");
  CHECK(r->language_hint == "en-GB");
  CHECK(r->date == "2024-03-28");
  CHECK(r->metadata["author"] == "Monitoring Desk");
  CHECK_THAT(
      r->text,
      Catch::Contains(
          "Ship-to-ship transfer\n\nThe tanker Sea Lantern (IMO 9354521) met a DPRK vessel."));
  CHECK_THAT(r->text, Catch::Contains("first\nsecond"));
  for (const char* hidden : {"zzstyleonly", "zzscriptonly", "zznoscript", "Tanker seen off"}) {
    INFO(hidden);
    CHECK_THAT(r->text, !Catch::Contains(hidden));
  }
  CHECK(r->links == std::vector<std::string>{"https://example.org/report.pdf"});
}

TEST_CASE("HTML extractor decodes by the meta charset and survives broken markup", "[html]") {
  auto ex = make_html_extractor();
  // "북한" in EUC-KR, declared
  std::string page =
      "<html><head><meta charset=\"euc-kr\"><title>x</title></head><body><p>\xBA\xCF\xC7\xD1 "
      "<div><span>unclosed <i>tags";
  auto r = extract(*ex, page, "text/html");
  REQUIRE(r);
  CHECK(r->encoding == "EUC-KR");
  CHECK_THAT(r->text, Catch::Contains("북한"));
  CHECK_THAT(r->text, Catch::Contains("unclosed tags"));
}

TEST_CASE("XML extractor reads feeds, CDATA included, in their declared charset", "[xml]") {
  auto ex = make_xml_extractor();
  std::string rss =
      "<?xml version=\"1.0\" "
      "encoding=\"windows-1251\"?><rss><channel><title>\xCD\xEE\xE2\xEE\xF1\xF2\xE8</title>"
      "<item><title>Item</title><pubDate>Thu, 28 Mar 2024 09:00:00 GMT</pubDate>"
      "<description><![CDATA[\xD1\xF3\xE4\xED\xEE in CDATA]]></description></item></channel></rss>";
  auto r = extract(*ex, rss, "text/xml");
  REQUIRE(r);
  CHECK(r->title == "Новости");
  CHECK(r->date == "2024-03-28");
  CHECK_THAT(r->text, Catch::Contains("Судно in CDATA"));
  auto bad = extract(*ex, "<<<>>> not xml", "text/xml");
  CHECK_FALSE(bad);
}

TEST_CASE("PDF extractor reads the corpus as its manifest says", "[pdf]") {
  auto ex = make_pdf_extractor(PdfOptions{});
  struct Case {
    const char* file;
    const char* contains;  // nullptr: no text expected
  };
  const Case cases[] = {
      {"pdf/broken_xref_command_missing.pdf", "Reduced test-case"},
      {"pdf/cid_cff.pdf", "processor reference chart"},
      {"pdf/type3_simple.pdf", "ababab"},
      {"pdf/ru_insurance_form_issue2840.pdf", "Номер полиса"},
      {"pdf/ru_poppler_russian.pdf", "редактируемые"},
      {"pdf/ko_novel_excerpt_bug1627427.pdf", "흐린 품이 눈이 올 듯하더니"},
      {"pdf/links_xref_poppler_xr01.pdf", "This is a reference to page two: 2"},
      {"pdf/encrypted_nopw_rc4_bug900822.pdf", "Test test test"},
      {"pdf/encrypted_nopw_aes256_empty_protected.pdf", nullptr},
      {"pdf/en_tracemonkey_paper.pdf", "Trace-based Just-in-Time"},
  };
  for (const Case& c : cases) {
    auto path = corpus_file(c.file);
    if (!path) continue;
    INFO(c.file);
    auto r = extract(*ex, read_bytes(*path), "application/pdf");
    REQUIRE(r);
    if (c.contains) CHECK_THAT(r->text, Catch::Contains(c.contains));
  }
}

TEST_CASE("PDF extractor gives text per page and metadata", "[pdf]") {
  auto path = corpus_file("pdf/rotated_page_90_hello_world.pdf");
  if (!path) return;
  auto r = extract(*make_pdf_extractor(PdfOptions{}), read_bytes(*path), "application/pdf");
  REQUIRE(r);
  REQUIRE(r->pages.size() == 5);
  for (const std::string& p : r->pages) CHECK(p == "Hello world");
  CHECK(r->metadata.at("pages") == "5");
  auto paper = corpus_file("pdf/en_tracemonkey_paper.pdf");
  if (!paper) return;
  auto t = extract(*make_pdf_extractor(PdfOptions{}), read_bytes(*paper), "application/pdf");
  REQUIRE(t);
  CHECK(t->pages.size() == 14);
  CHECK(t->date == "2009-04-01");
}

TEST_CASE("PDF needing a user password fails as encrypted, and opens with a configured one",
          "[pdf]") {
  auto path = corpus_file("pdf/encrypted_userpw_password_poppler.pdf");
  if (!path) return;
  std::string bytes = read_bytes(*path);
  auto locked = extract(*make_pdf_extractor(PdfOptions{}), bytes, "application/pdf");
  REQUIRE_FALSE(locked);
  CHECK(locked.error().code == ErrorCode::kEncrypted);
  CHECK_THAT(locked.error().message, Catch::Contains("password"));
  PdfOptions with_pw;
  with_pw.passwords = {"wrong", "password"};
  auto opened = extract(*make_pdf_extractor(with_pw), bytes, "application/pdf");
  REQUIRE(opened);
  CHECK_FALSE(opened->pages.empty());
}

TEST_CASE("PDF extractor reports corrupt for a truncated file and ends on a fuzzed one", "[pdf]") {
  auto ex = make_pdf_extractor(PdfOptions{});
  auto path = corpus_file("pdf/en_tracemonkey_paper.pdf");
  if (path) {
    std::string bytes = read_bytes(*path).substr(0, 2000);
    auto r = extract(*ex, bytes, "application/pdf");
    if (r)
      CHECK(r->text.size() < 2000);  // a recovered fragment at most
    else
      CHECK(r.error().code == ErrorCode::kCorrupt);
  }
  auto fuzzed = corpus_file("pdf/broken_poppler-742-0-fuzzed.pdf");
  if (fuzzed) {
    auto start = std::chrono::steady_clock::now();
    auto r = extract(*ex, read_bytes(*fuzzed), "application/pdf");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
    (void)r;  // text or a reason; either is fine, a crash or hang is not
  }
  auto garbage = extract(*ex, "%PDF-1.4\n garbage", "application/pdf");
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("Every extractor survives empty, random and truncated input", "[contract]") {
  std::vector<std::pair<std::unique_ptr<Extractor>, std::string>> all;
  all.emplace_back(make_text_extractor(), "text/plain");
  all.emplace_back(make_html_extractor(), "text/html");
  all.emplace_back(make_xml_extractor(), "text/xml");
  all.emplace_back(make_pdf_extractor(PdfOptions{}), "application/pdf");
  std::mt19937 rng(42);
  std::vector<std::string> inputs = {"", std::string(1, '\0'), "<", "%PDF-",
                                     std::string(100000, '<')};
  for (int i = 0; i < 20; ++i) {
    std::string junk(1 + rng() % 5000, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    inputs.push_back(junk);
  }
  inputs.push_back(std::string(kHtml).substr(0, 200));
  for (auto& [ex, mime] : all) {
    for (const std::string& in : inputs) {
      INFO(ex->name() << " on " << in.size() << " bytes");
      Result<Extracted> r = make_error(ErrorCode::kFatal, "not run");
      REQUIRE_NOTHROW(r = extract(*ex, in, mime));
      if (!r) CHECK(r.error().code != ErrorCode::kFatal);
    }
  }
}

TEST_CASE("The registry chooses by MIME type with text/* as the fallback", "[registry]") {
  ExtractorRegistry reg = ExtractorRegistry::with_defaults(Config{});
  REQUIRE(reg.find("application/pdf"));
  CHECK(reg.find("application/pdf")->name() == "pdf");
  CHECK(reg.find("text/html")->name() == "html");
  CHECK(reg.find("text/x-c")->name() == "text");
  CHECK(reg.find("application/x-7z-compressed") == nullptr);
}

TEST_CASE("Identification goes by content, not by name", "[identify]") {
  auto det = MimeDetector::create();
  REQUIRE(det);
  MimeDetector& d = **det;
  CHECK(d.detect("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj", "report.txt") == "application/pdf");
  CHECK(d.detect("<html><body><p>hello</p></body></html>", "page.bin") == "text/html");
  std::string garbage(4096, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) % 251);
  CHECK(d.detect(garbage, "fake.html") == "application/octet-stream");
  CHECK(d.detect("", "empty.txt") == "application/x-empty");
  // ISO-2022-KR is 7-bit text with escapes, which libmagic alone calls binary
  CHECK(d.detect("\x1b$)C\nISO/IEC 2022\x0e\x34\x42\x0f\n\x0e\x39\x2e\x40\x5a\x0f text", "k.txt") ==
        "text/plain");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("PDF pages go to OCR only when ink is not covered by a readable text layer",
          "[pdf][ocr]") {
  auto ex = make_pdf_extractor(PdfOptions{}, OcrOptions{});
  struct Case {
    const char* file;
    std::vector<int> ocr_pages;
  };
  const Case cases[] = {
      {"pdf/scan_image_only_tika_testOCR.pdf", {0}},  // a small image of two words, no text layer
      {"pdf/scan_ocr_test_kreuzberg.pdf", {0}},
      {"pdf/garbled_complex_ttf_font.pdf", {0}},  // a text layer of mojibake
      {"pdf/type3_simple.pdf", {}},               // 6 characters of real text, nothing else
      {"pdf/rotated_page_90_hello_world.pdf", {}},
      {"pdf/encrypted_nopw_aes256_empty_protected.pdf", {}},  // an empty page
      {"pdf/en_tracemonkey_paper.pdf", {}},
  };
  for (const Case& c : cases) {
    auto path = corpus_file(c.file);
    if (!path) continue;
    INFO(c.file);
    auto r = extract(*ex, read_bytes(*path), "application/pdf");
    REQUIRE(r);
    CHECK(r->ocr_pages == c.ocr_pages);
  }
  OcrOptions off;
  off.enabled = false;
  if (auto path = corpus_file("pdf/scan_ocr_test_kreuzberg.pdf")) {
    auto r = extract(*make_pdf_extractor(PdfOptions{}, off), read_bytes(*path), "application/pdf");
    REQUIRE(r);
    CHECK(r->ocr_pages.empty());
  }
}

namespace {

std::string repeated(const std::string& sentence, size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += sentence;
  return out;
}

// `text` with `c` put in after every `every` bytes (at a character boundary)
std::string sprinkled(const std::string& text, char c, size_t every) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && i % every == 0 && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out += c;
    out += text[i];
  }
  return out;
}

const std::string kEnglish = "The tanker was seen off Nampo in March, loading coal for Dalian. ";
const std::string kRussianUtf8 = "Танкер был замечен у порта Нампхо, где он перегружал уголь. ";
const std::string kKoreanUtf8 = "유조선이 남포 앞바다에서 석탄을 옮겨 실었다. ";
const std::string kKoreanEucKr =
    "\xC0\xAF\xC1\xB6\xBC\xB1\xC0\xCC \xB3\xB2\xC6\xF7 \xBE\xD5\xB9\xD9\xB4\xD9\xBF\xA1\xBC\xAD "
    "\xBC\xAE\xC5\xBA\xC0\xBB \xBF\xC5\xB0\xDC \xBD\xC7\xBE\xFA\xB4\xD9. ";
const std::string kRussianCp1251 =
    "\xD2\xE0\xED\xEA\xE5\xF0 \xE1\xFB\xEB \xE7\xE0\xEC\xE5\xF7\xE5\xED \xF3 \xEF\xEE\xF0\xF2\xE0 "
    "\xCD\xE0\xEC\xEF\xF5\xEE, \xE3\xE4\xE5 \xEE\xED \xEF\xE5\xF0\xE5\xE3\xF0\xF3\xE6\xE0\xEB "
    "\xF3\xE3\xEE\xEB\xFC. ";
const std::string kRussianKoi8r =
    "\xF4\xC1\xCE\xCB\xC5\xD2 \xC2\xD9\xCC \xDA\xC1\xCD\xC5\xDE\xC5\xCE \xD5 \xD0\xCF\xD2\xD4\xC1 "
    "\xEE\xC1\xCD\xD0\xC8\xCF, \xC7\xC4\xC5 \xCF\xCE \xD0\xC5\xD2\xC5\xC7\xD2\xD5\xD6\xC1\xCC "
    "\xD5\xC7\xCF\xCC\xD8. ";

}  // namespace

TEST_CASE("Text with a few control characters is text/plain in all three languages", "[identify]") {
  auto det = MimeDetector::create();
  REQUIRE(det);
  struct Case {
    const char* what;
    std::string bytes;
  };
  const Case cases[] = {
      {"English, a stray ESC", sprinkled(repeated(kEnglish, 3000), '\x1b', 1500)},
      {"English, control bytes of a data dump", sprinkled(repeated(kEnglish, 3000), '\x01', 1000)},
      {"English, a DOS end-of-file Ctrl-Z", repeated(kEnglish, 3000) + "\x1a"},
      {"English, a Ctrl-Z first", "\x1a" + repeated(kEnglish, 3000)},
      {"English, DEL", sprinkled(repeated(kEnglish, 3000), '\x7f', 2000)},
      {"Korean UTF-8", sprinkled(repeated(kKoreanUtf8, 3000), '\x1b', 1000)},
      {"Korean UTF-8, C1 control",
       sprinkled(repeated(kKoreanUtf8, 3000), '\x02', 1500) + "\xC2\x85"},
      {"Korean EUC-KR", sprinkled(repeated(kKoreanEucKr, 3000), '\x1b', 1001)},
      {"Russian UTF-8", sprinkled(repeated(kRussianUtf8, 3000), '\x1f', 1000)},
      {"Russian windows-1251", sprinkled(repeated(kRussianCp1251, 3000), '\x1b', 1000)},
      {"Russian KOI8-R", sprinkled(repeated(kRussianKoi8r, 3000), '\x06', 1000)},
      {"UTF-16LE with a BOM",
       [] {
         std::string s = "\xFF\xFE";
         for (char c : repeated(kEnglish, 2000) + "\x01") s += std::string{c, '\0'};
         return s;
       }()},
      // rules of libmagic's database that take ordinary text
      {"starting PS (HP-GL)", "PS " + repeated(kEnglish, 500)},
      {"starting PA (HP-GL)", "PA " + repeated(kEnglish, 500)},
      {"starting [Version (Windows INF)",
       "[Version1 EABI] [Version2 EABI]\n" + repeated(kEnglish, 500)},
      {"a regulation's article (saved news)",
       "Article 5 of Regulation (EU) 2017/1509\n" + repeated(kEnglish, 500)},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(trawl::control_character_share(c.bytes) <= trawl::kMaxTextControlShare);
    CHECK((*det)->detect(c.bytes, "dump.dat") == "text/plain");
  }
}

TEST_CASE("Binary garbage stays refused however few its control characters", "[identify]") {
  auto det = MimeDetector::create();
  REQUIRE(det);
  std::mt19937 rng(20240611);
  auto random_bytes = [&](size_t n, bool nul) {
    std::string s(n, '\0');
    for (char& c : s) {
      c = static_cast<char>(rng() & 0xFF);
      if (!nul && c == '\0') c = '\x01';
    }
    return s;
  };
  const std::string png = read_bytes(fixtures_dir() + "/ocr/table-grid-en.png");
  const std::string self = read_bytes("/proc/self/exe").substr(0, 65536);  // an ELF program
  REQUIRE(png.size() > 1000);
  struct Case {
    const char* what;
    std::string bytes;
  };
  const Case cases[] = {
      {"random bytes", random_bytes(4096, true)},
      {"random bytes without NUL", random_bytes(4096, false)},
      {"short random bytes without NUL", random_bytes(256, false)},
      {"a PNG cut in half: the first half", png.substr(0, png.size() / 2)},
      {"a PNG cut in half: the second half", png.substr(png.size() / 2)},
      {"an ELF program", self},
      {"an ELF program past its header", self.substr(4096)},
      {"zero runs", std::string(4096, '\0')},
      {"text between zero runs",
       std::string(512, '\0') + repeated(kEnglish, 2000) + std::string(512, '\0')},
      {"text with a control character in ten", sprinkled(repeated(kEnglish, 3000), '\x01', 10)},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string mime = (*det)->detect(c.bytes, "dump.txt");
    CHECK_FALSE(mime.starts_with("text/"));
    CHECK_FALSE(trawl::plain_text_at_sight(c.bytes));
  }
}

TEST_CASE("The types libmagic is sure of stay the same, with or without the look at sight",
          "[identify]") {
  MimeOptions libmagic_only;
  libmagic_only.sniff_plain_text = false;
  auto fast = MimeDetector::create();
  auto slow = MimeDetector::create(libmagic_only);
  REQUIRE(fast);
  REQUIRE(slow);
  const std::string prose = repeated(kEnglish, 1000);
  struct Case {
    const char* what;
    std::string bytes;
    const char* want;  // nullptr: whatever libmagic says (text/plain for these three)
  };
  const Case cases[] = {
      {"PDF", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + prose, "application/pdf"},
      {"PostScript", "%!PS-Adobe-3.0\n%%Title: report\n" + prose, "application/postscript"},
      {"RTF", "{\\rtf1\\ansi\\deff0 " + prose + "}", "text/rtf"},
      {"XML", "<?xml version=\"1.0\"?>\n<report>" + prose + "</report>\n", "text/xml"},
      {"HTML", "<html><body><p>" + prose + "</p></body></html>\n", "text/html"},
      {"mail: Received", "Received: from mx.example.org\nSubject: tanker\n\n" + prose,
       "message/rfc822"},
      {"mail: Return-Path", "Return-Path: <desk@example.org>\nFrom: desk@example.org\n\n" + prose,
       "message/rfc822"},
      {"mail: MIME-Version", "MIME-Version: 1.0\nContent-Type: text/plain\n\n" + prose, nullptr},
      {"mbox", "From desk@example.org Thu Mar 28 09:00:00 2024\nSubject: x\n\n" + prose, nullptr},
      {"saved news", "Article 1234 of alt.news:\nPath: a!b\n\n" + prose, "message/news"},
      {"WARC", "WARC/1.0\r\nWARC-Type: response\r\n\r\n" + prose, "application/warc"},
      {"JSON", "{\"ship\": \"Sea Lantern\", \"imo\": 9354521}\n", nullptr},
      {"troff", ".TH TRAWL 1\n.SH NAME\ntrawl \\- ingest\n" + prose, "text/troff"},
      {"shell", "#!/bin/sh\necho hello\n" + prose, "text/x-shellscript"},
      {"C", "#include <stdio.h>\nint main(void) { return 0; }\n", "text/x-c"},
      {"bzip2 signature", "BZh91AY&SY" + prose, "application/x-bzip2"},
      {"all-caps title (MIDI signature)", "MThd " + prose, "audio/midi"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string want = (*slow)->detect(c.bytes, "");
    if (c.want) CHECK(want == c.want);
    CHECK((*fast)->detect(c.bytes, "") == want);
    CHECK_FALSE(trawl::plain_text_at_sight(c.bytes));
  }
}

TEST_CASE("Plain prose is told at sight as libmagic would tell it", "[identify]") {
  MimeOptions libmagic_only;
  libmagic_only.sniff_plain_text = false;
  auto slow = MimeDetector::create(libmagic_only);
  REQUIRE(slow);
  const std::string cases[] = {
      repeated(kEnglish, 4000),
      repeated(kRussianUtf8, 4000),
      repeated(kKoreanUtf8, 4000),
      "Report: additional tanker\n\n" + repeated(kEnglish, 1000),
      "  \n" + repeated(kEnglish, 1000),
      "2024-03-28 " + repeated(kEnglish, 1000) + "\n* coal\n* iron ore\n",
      "Prices rose 5% to $1.5 million; see [1] or write to desk@example.org. " +
          repeated(kEnglish, 500),
  };
  for (const std::string& c : cases) {
    INFO(c.substr(0, 40));
    CHECK(trawl::plain_text_at_sight(c));
    CHECK((*slow)->detect(c, "") == "text/plain");
  }
}

TEST_CASE("The control share counts C0 and DEL, and C1 only where it cannot be a letter",
          "[identify]") {
  struct Case {
    std::string bytes;
    double want;
  };
  const Case cases[] = {
      {"", 0},
      {"abcd", 0},
      {"ab\tc\nd\re\ff", 0},            // tab, line feed, carriage return, form feed are text
      {std::string("abc\0", 4), 0.25},  // NUL counts
      {"ab\x1b"
       "d",
       0.25},
      {"ab\x7f"
       "d",
       0.25},
      {"a\xC2\x85"
       "bc",
       0.25},                   // U+0085 (NEL) in UTF-8
      {"\xE0\x85\xF0\xF1", 0},  // 0x85 as a byte of a legacy charset: a letter there
      {std::string("\xFF\xFE"
                   "a\0\x01\0",
                   6),
       0.5},  // UTF-16LE
  };
  for (const Case& c : cases) {
    INFO(c.bytes);
    CHECK(trawl::control_character_share(c.bytes) == Approx(c.want));
  }
}
