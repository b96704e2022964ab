#include <catch2/catch.hpp>
#include <chrono>
#include <random>

#include "extractors/extractor.h"
#include "extractors/identify.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;
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
  CHECK_THAT(r->text, Catch::Contains("Ship-to-ship transfer\n\nThe tanker Sea Lantern (IMO 9354521) met a DPRK vessel."));
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
  std::string page = "<html><head><meta charset=\"euc-kr\"><title>x</title></head><body><p>\xBA\xCF\xC7\xD1 "
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
      "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><channel><title>\xCD\xEE\xE2\xEE\xF1\xF2\xE8</title>"
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

TEST_CASE("PDF needing a user password fails as encrypted, and opens with a configured one", "[pdf]") {
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
    if (r) CHECK(r->text.size() < 2000);  // a recovered fragment at most
    else CHECK(r.error().code == ErrorCode::kCorrupt);
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
  std::vector<std::string> inputs = {"", std::string(1, '\0'), "<", "%PDF-", std::string(100000, '<')};
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
  CHECK(d.detect("\x1b$)C\nISO/IEC 2022\x0e\x34\x42\x0f\n\x0e\x39\x2e\x40\x5a\x0f text", "k.txt") == "text/plain");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("PDF pages go to OCR only when ink is not covered by a readable text layer", "[pdf][ocr]") {
  auto ex = make_pdf_extractor(PdfOptions{}, OcrOptions{});
  struct Case {
    const char* file;
    std::vector<int> ocr_pages;
  };
  const Case cases[] = {
      {"pdf/scan_image_only_tika_testOCR.pdf", {0}},  // a small image of two words, no text layer
      {"pdf/scan_ocr_test_kreuzberg.pdf", {0}},
      {"pdf/garbled_complex_ttf_font.pdf", {0}},  // a text layer of mojibake
      {"pdf/type3_simple.pdf", {}},                // 6 characters of real text, nothing else
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
