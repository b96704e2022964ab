#include <catch2/catch.hpp>

#include "core/dates.h"
#include "core/document.h"
#include "core/text.h"

using namespace trawl;

TEST_CASE("parse_http_date reads the three forms of RFC 9110 and refuses others", "[core]") {
  // RFC 9110's own example, in each form: 784111777
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
  CHECK(parse_http_date("Wed, 02 Dec 2026 21:00:00 GMT") == 1796245200);
  CHECK(parse_http_date("Tuesday, 01-Dec-26 00:00:00 GMT") == 1796083200);  // 20YY below 50
  CHECK(parse_http_date("Thu, 29 Feb 2024 23:59:60 UTC") == 1709251200);    // a leap second
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"));
  CHECK_FALSE(parse_http_date("Sun, 31 Nov 1994 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 8:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994"));
  CHECK_FALSE(parse_http_date("1994-11-06T08:49:37Z"));
  CHECK_FALSE(parse_http_date(""));
}

TEST_CASE("parse_date reads the machine-readable forms found in metadata", "[core]") {
  struct Case {
    const char* in;
    const char* want;  // nullptr: not a date
  };
  const Case cases[] = {
      {"2024-03-28", "2024-03-28"},
      {"2024-03-28T09:00:00+09:00", "2024-03-28"},
      {"20240328", "2024-03-28"},
      {"2024/3/8", "2024-03-08"},
      {"D:20240328090000+09'00'", "2024-03-28"},
      {"Thu, 28 Mar 2024 09:00:00 GMT", "2024-03-28"},
      {"  2023-12-31 ", "2023-12-31"},
      {"2024-02-30", nullptr},  // impossible day
      {"2024-13-01", nullptr},
      {"2024-03-281", nullptr},
      {"yesterday", nullptr},
      {"", nullptr},
      {"Thu, 28 Foo 2024", nullptr},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    auto got = parse_date(c.in);
    if (c.want) {
      REQUIRE(got);
      CHECK(*got == c.want);
    } else {
      CHECK_FALSE(got);
    }
  }
}

TEST_CASE("format_date and compact_date give sortable index forms", "[core]") {
  CHECK(format_date(0) == "");
  CHECK(format_date(1711616400) == "2024-03-28");
  CHECK(compact_date("2024-03-28") == "20240328");
  CHECK(format_timestamp(1711616400) == "2024-03-28T09:00:00Z");
}

TEST_CASE("short_type names the types users filter on", "[core]") {
  CHECK(short_type("application/pdf") == "pdf");
  CHECK(short_type("text/html") == "html");
  CHECK(short_type("text/plain") == "text");
  CHECK(short_type("application/vnd.ms-outlook") == "vnd.ms-outlook");
}

TEST_CASE("Document keeps the first failure it is given", "[core]") {
  Document d;
  CHECK_FALSE(d.failed());
  d.fail(Stage::kRead, make_error(ErrorCode::kIo, "permission denied"));
  d.fail(Stage::kExtract, make_error(ErrorCode::kCorrupt, "later"));
  REQUIRE(d.failed());
  CHECK(d.error->stage == Stage::kRead);
  CHECK(stage_name(d.error->stage) == "read");
  CHECK(stage_from_name("ocr") == Stage::kOcr);
  CHECK_FALSE(stage_from_name("nonsense"));
  CHECK(error_code_name(d.error->error.code) == "io");
}

TEST_CASE("UTF-8 helpers never cut a character and replace invalid bytes", "[core]") {
  std::string s = "북한";  // 6 bytes
  CHECK(utf8_prefix(s, 4) == "북");
  CHECK(utf8_prefix(s, 6) == "북한");
  size_t pos = 0;
  CHECK(next_code_point("\xC3\x28", pos) == 0xFFFD);
  CHECK(pos == 1);
  pos = 0;
  CHECK(next_code_point("\xE2\x82\xAC", pos) == 0x20AC);
  std::string out;
  append_utf8(out, 0xD55C);
  CHECK(out == "한");
  CHECK(one_line("  a\n\n b\tc ") == "a b c");
}
