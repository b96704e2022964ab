// The e-mail extractors (email_gmime.cc, email_mbox.cc) and the identification of mail
// that libmagic calls text: the corpus's message, and messages written here in English,
// Russian and Korean with the charsets and encodings their mailers use.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "extractors/email_gmime.h"
#include "extractors/extractor.h"
#include "extractors/identify.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;

namespace {

Result<Extracted> extract_email(const std::string& bytes, const OfficeOptions& options = {}) {
  return make_email_extractor(options)->extract(Blob{bytes, "message/rfc822", "test.eml", {}});
}

Result<Extracted> extract_mbox(const std::string& bytes, const OfficeOptions& options = {}) {
  return make_mbox_extractor(options)->extract(Blob{bytes, "application/mbox", "test.mbox", {}});
}

std::string detect(const std::string& bytes, const std::string& name = "file") {
  auto d = MimeDetector::create();
  REQUIRE(d);
  return (*d)->detect(bytes, name);
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

const std::string kHead =
    "From: Sender <sender@example.org>\r\n"
    "To: Analyst <analyst@example.org>\r\n"
    "Date: Fri, 01 Mar 2024 23:30:00 -0500\r\n"
    "Message-ID: <m1@example.org>\r\n"
    "MIME-Version: 1.0\r\n";

}  // namespace

TEST_CASE("The corpus e-mail gives its header, its text and the PNG attachment as a child") {
  std::optional<std::string> path = corpus_file("office/en_eml_png_attachment_tika.eml");
  REQUIRE(path);
  const std::optional<std::string> eml = trawl::test::read_bytes(*path);
  CHECK(detect(*eml, "mail.eml") == "message/rfc822");
  Result<Extracted> r = extract_email(*eml);
  REQUIRE(r);
  CHECK(r->title == "Test Attachment Email");
  CHECK(r->metadata["from"] == "Tika Test <XXXX@apache.org>");
  CHECK(r->metadata["to"] == "Tika Test <XXXX@apache.org>");
  CHECK(r->metadata["message_id"] == "578FA836.9010603@apache.org");
  CHECK(r->metadata["attachments"] == "1");
  CHECK(r->date == "2016-07-20");
  CHECK(r->metadata["created"] == "2016-07-20T16:35:02Z");
  CHECK(r->text.starts_with("From: Tika Test <XXXX@apache.org>\n"));
  CHECK(contains(r->text, "Subject: Test Attachment Email\n\n"));
  CHECK(contains(r->text, "This email has a PNG attachment included in it"));
  REQUIRE(r->children.size() == 1);
  CHECK(r->children[0].name == "testPNG.png");
  CHECK(r->children[0].mime == "image/png");
  CHECK(r->children[0].bytes.starts_with("\x89PNG\r\n\x1a\n"));
  CHECK_FALSE(r->children[0].error);
}

TEST_CASE("Subjects in KOI8-R, EUC-KR and CP949 encoded words are decoded, B and Q") {
  struct Case {
    std::string subject, expected;
  } cases[] = {
      {"=?koi8-r?B?88HOy8PJySDJINTBzsvF0tk=?=", "Санкции и танкеры"},
      {"=?KOI8-R?Q?=F0=D2=C9=D7=C5=D4,_=CD=C9=D2?=", "Привет, мир"},
      {"=?euc-kr?B?vsiz58fPvLy/5CDBpsDn?=", "안녕하세요 제재"},
      {"=?EUC-KR?Q?=BA=CF=C7=D1_=BC=B1=B9=DA?=", "북한 선박"},
      // 똠 is outside EUC-KR: only CP949, which Outlook labels ks_c_5601-1987
      {"=?ks_c_5601-1987?B?jGO55rCix88guriw7byt?=", "똠방각하 보고서"},
      {"=?iso-2022-kr?B?GyQpQw5IOEBHDyAOQE9BJA8=?=", "회의 일정"},
      // labels ICU knows and GMime's iconv does not (GMime gives mojibake for these)
      {"=?x-mac-cyrillic?B?keDt6vbo6CDv8O7y6OIg8uDt6uXw7uI=?=", "Санкции против танкеров"},
      {"=?windows-949?B?jGM=?=", "똠"},
      // two words of one charset: the white space between them goes
      {"=?utf-8?B?7ZqM7J2Y?= =?utf-8?B?IOydvOyglQ==?=", "회의 일정"},
      {"Re: =?utf-8?Q?Report?= draft", "Re: Report draft"},
  };
  for (const Case& c : cases) {
    INFO(c.subject);
    Result<Extracted> r = extract_email(kHead + "Subject: " + c.subject + "\r\n\r\nbody\r\n");
    REQUIRE(r);
    CHECK(r->title == c.expected);
    CHECK(r->metadata["subject"] == c.expected);
    CHECK(contains(r->text, "Subject: " + c.expected + "\n"));
  }
}

TEST_CASE("Display names are decoded in any charset, raw 8-bit ones too") {
  const std::string msg =
      "From: =?windows-1251?B?yOLg7SDP5fLw7uI=?= <ivanov@example.ru>\r\n"
      "To: \xB1\xE8\xC3\xB6\xBC\xF6 <kim@example.kr>, \"Doe, Jane\" <jane@example.org>\r\n"
      "Cc: \"=?utf-8?B?7ZqM7J2Y?=\" <meet@example.kr>\r\n"
      "Reply-To: =?utf-8?Q?Smith=2C_John?= <js@example.org>\r\n"
      "Subject: names\r\nDate: Mon, 4 Mar 2024 10:00:00 +0900\r\n\r\nbody\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  CHECK(r->metadata["from"] == "Иван Петров <ivanov@example.ru>");
  CHECK(r->metadata["to"] == "김철수 <kim@example.kr>, Doe, Jane <jane@example.org>");
  CHECK(r->metadata["cc"] == "회의 <meet@example.kr>");
  CHECK(r->metadata["reply_to"] == "Smith, John <js@example.org>");
  CHECK(r->date == "2024-03-04");
  CHECK(r->metadata["created"] == "2024-03-04T01:00:00Z");
  CHECK(contains(r->text, "From: Иван Петров <ivanov@example.ru>\n"));
  CHECK(contains(r->text, "To: 김철수 <kim@example.kr>"));
}

TEST_CASE("The date is taken in UTC") {
  Result<Extracted> r = extract_email(kHead + "Subject: late\r\n\r\nx\r\n");
  REQUIRE(r);
  CHECK(r->date == "2024-03-02");  // 23:30 at -05:00
  CHECK(r->metadata["created"] == "2024-03-02T04:30:00Z");
  CHECK(r->metadata["message_id"] == "m1@example.org");
}

TEST_CASE("A windows-1251 quoted-printable body is decoded by its charset") {
  const std::string msg = kHead +
                          "Subject: =?utf-8?B?0KHQsNC90LrRhtC40Lg=?=\r\n"
                          "Content-Type: text/plain; charset=windows-1251\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                          "=D1=E0=ED=EA=F6=E8=E8 =EF=F0=EE=F2=E8=E2 =F2=E0=ED=EA=E5=F0=EE=E2.\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  CHECK(r->title == "Санкции");
  CHECK(contains(r->text, "\n\nСанкции против танкеров."));
}

TEST_CASE("format=flowed lines are joined") {
  const std::string msg = kHead +
                          "Subject: flowed\r\n"
                          "Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
                          "The vessel changed its \r\nname twice.\r\n>Quoted \r\n>line.\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  CHECK(contains(r->text, "The vessel changed its name twice.\n> Quoted line."));
}

TEST_CASE("RFC 2231 and RFC 2047 attachment names are decoded, Korean included") {
  const std::string msg =
      kHead +
      "Subject: lists\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
      "--b\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
      "Content-Disposition: attachment;\r\n"
      " filename*=UTF-8''%EC%84%A0%EB%B0%95%EB%AA%85%EB%8B%A8%2E%78%6C%73%78\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n"
      "--b\r\nContent-Type: application/x-hwp\r\n"
      "Content-Disposition: attachment;\r\n"
      " filename*0*=ks_c_5601-1987''%BA%B8%B0%ED%BC%AD;\r\n"
      " filename*1*=%5F%C3%D6%C1%BE%2E%68%77%70\r\n\r\nHWP\r\n"
      "--b\r\nContent-Type: text/plain; name=\"=?koi8-r?B?88HOy8PJySDJINTBzsvF0tk=?=\"\r\n"
      "Content-Disposition: attachment\r\n\r\nlist\r\n"
      "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
      "filename=\"a/b.pdf\"\r\n\r\n%PDF-1.4\r\n"
      "--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment\r\n\r\npng\r\n"
      "--b--\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  REQUIRE(r->children.size() == 5);
  CHECK(r->children[0].name == "선박명단.xlsx");
  CHECK(r->children[0].bytes == "PK\x03\x04");
  CHECK(r->children[1].name == "보고서_최종.hwp");
  CHECK(r->children[1].mime == "application/x-hwp");
  CHECK(r->children[2].name == "Санкции и танкеры");
  CHECK(r->children[3].name == "a_b.pdf");
  CHECK(r->children[4].name == "attachment-5.png");
  CHECK(r->metadata["attachments"] == "5");
  CHECK(contains(r->text, "See attached."));
  CHECK_FALSE(contains(r->text, "HWP"));
}

TEST_CASE("An HTML-only body gives its text and never its script") {
  const std::string msg = kHead +
                          "Subject: html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                          "<html><head><title>T</title><script>var secret='trackingpixel';"
                          "</script></head><body><p>Тайная встреча в порту</p>"
                          "<script>document.write('hidden')</script></body></html>\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  CHECK(contains(r->text, "Тайная встреча в порту"));
  CHECK_FALSE(contains(r->text, "trackingpixel"));
  CHECK_FALSE(contains(r->text, "hidden"));
  CHECK(r->title == "html");  // the subject, not the HTML title
}

TEST_CASE("multipart/alternative prefers text/plain") {
  const std::string msg =
      kHead +
      "Subject: alt\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
      "--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
      "plain version 선박\r\n"
      "--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
      "<p>html version</p>\r\n--a--\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  CHECK(contains(r->text, "plain version 선박"));
  CHECK_FALSE(contains(r->text, "html version"));
  CHECK(r->children.empty());
}

TEST_CASE("A nested message/rfc822 becomes a child named by its subject") {
  const std::string inner =
      "From: Inner <inner@example.ru>\r\nSubject: =?koi8-r?Q?=F0=D2=C9=D7=C5=D4?=\r\n"
      "Date: Tue, 5 Mar 2024 08:00:00 +0300\r\n\r\nforwarded text\r\n";
  const std::string msg = kHead +
                          "Subject: fwd\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
                          "--m\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
                          "--m\r\nContent-Type: message/rfc822\r\n\r\n" +
                          inner +
                          "--m\r\nContent-Type: message/rfc822\r\n\r\n"
                          "From: x@y\r\nDate: Tue, 5 Mar 2024 08:00:00 +0300\r\n\r\nno subject\r\n"
                          "--m--\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  REQUIRE(r->children.size() == 2);
  CHECK(r->children[0].name == "Привет.eml");
  CHECK(r->children[0].mime == "message/rfc822");
  CHECK(r->children[1].name == "message-2.eml");
  // the child is a message of its own
  Result<Extracted> child = extract_email(r->children[0].bytes);
  REQUIRE(child);
  CHECK(child->title == "Привет");
  CHECK(contains(child->text, "forwarded text"));
  CHECK_FALSE(contains(r->text, "forwarded text"));
}

TEST_CASE("An attachment with broken base64 is a failed child and the message is indexed") {
  const std::string msg = kHead +
                          "Subject: broken\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
                          "--x\r\nContent-Type: text/plain\r\n\r\nThe report is attached.\r\n"
                          "--x\r\nContent-Type: application/pdf\r\n"
                          "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\n"
                          "JVBERi0xLjQK*#!!JVBERi0x\r\n"
                          "--x\r\nContent-Type: image/png\r\n"
                          "Content-Disposition: attachment; filename=\"cut.png\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\n"
                          "iVBORw0KGgoAAAANSUhEUgAAAG\r\n"
                          "--x\r\nContent-Type: image/png\r\n"
                          "Content-Disposition: attachment; filename=\"good.png\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\n"
                          "iVBORw0KGgo=\r\n--x--\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  CHECK(contains(r->text, "The report is attached."));
  REQUIRE(r->children.size() == 3);
  REQUIRE(r->children[0].error);
  CHECK(r->children[0].error->code == ErrorCode::kCorrupt);
  CHECK(r->children[0].error->message == "attachment report.pdf: broken base64 body");
  REQUIRE(r->children[1].error);
  CHECK(r->children[1].error->message == "attachment cut.png: broken base64 body");
  CHECK_FALSE(r->children[2].error);
}

TEST_CASE("A message with no body gives its header") {
  Result<Extracted> r = extract_email(kHead + "Subject: =?utf-8?B?7ZqM7J2Y?=\r\n");
  REQUIRE(r);
  CHECK(r->title == "회의");
  CHECK(r->text ==
        "From: Sender <sender@example.org>\nTo: Analyst <analyst@example.org>\n"
        "Date: Fri, 01 Mar 2024 23:30:00 -0500\nSubject: 회의\n\n");
  CHECK(r->children.empty());
  CHECK(r->metadata["attachments"] == "0");
}

TEST_CASE("Garbage bytes are a one-line corrupt error") {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 251);
  Result<Extracted> r = extract_email(garbage);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kCorrupt);
  CHECK(r.error().message.find('\n') == std::string::npos);
  CHECK_FALSE(extract_email(""));
}

TEST_CASE("Attachments past max_children are skipped with a warning") {
  std::string msg =
      kHead + "Subject: many\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";
  for (int i = 0; i < 5; ++i)
    msg += "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"f" +
           std::to_string(i) + ".txt\"\r\n\r\nx\r\n";
  msg += "--b--\r\n";
  OfficeOptions options;
  options.max_children = 3;
  Result<Extracted> r = extract_email(msg, options);
  REQUIRE(r);
  CHECK(r->children.size() == 3);
  REQUIRE(r->warnings.size() == 1);
  CHECK(contains(r->warnings[0], "more than 3 attachments"));
}

TEST_CASE("An MHTML page as Chrome saves it: the page's text, its URL, its parts as children") {
  const std::string page =
      "From: <Saved by Blink>\r\n"
      "Snapshot-Content-Location: https://example.org/news/tanker.html\r\n"
      "Subject: =?utf-8?Q?Tanker_news?=\r\n"
      "Date: Wed, 6 Mar 2024 12:00:00 -0000\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
      "\tboundary=\"----MultipartBoundary--Xy----\"\r\n\r\n\r\n"
      "------MultipartBoundary--Xy----\r\n"
      "Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "Content-Location: https://example.org/news/tanker.html\r\n\r\n"
      "<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3DUTF-8\">"
      "<title>=ED=83=B1=EC=BB=A4 =EC=86=8C=EC=8B=9D</title></head>"
      "<body><p>The tanker =D0=A1=D0=BE=D0=BB=D0=BD=D1=86=D0=B5 left port.</p>"
      "<img src=3D\"https://example.org/img/ship.png\"></body></html>\r\n"
      "------MultipartBoundary--Xy----\r\n"
      "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
      "Content-Location: https://example.org/img/ship.png?v=2\r\n\r\n"
      "iVBORw0KGgo=\r\n"
      "------MultipartBoundary--Xy----\r\n"
      "Content-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n"
      "Content-Location: cid:css-1@mhtml.blink\r\n\r\n"
      "p { color: red; }\r\n"
      "------MultipartBoundary--Xy------\r\n";
  CHECK(detect(page, "page.mhtml") == "message/rfc822");
  Result<Extracted> r = extract_email(page);
  REQUIRE(r);
  CHECK(r->title == "탱커 소식");
  CHECK(contains(r->text, "The tanker Солнце left port."));
  CHECK_FALSE(contains(r->text, "Saved by Blink"));
  CHECK(r->metadata["source_url"] == "https://example.org/news/tanker.html");
  CHECK(r->metadata["subject"] == "Tanker news");
  CHECK(r->date == "2024-03-06");
  REQUIRE(r->children.size() == 2);
  CHECK(r->children[0].name == "ship.png");
  CHECK(r->children[0].mime == "image/png");
  CHECK(r->children[0].bytes.starts_with("\x89PNG"));
  CHECK(r->children[1].name == "part-2");
  CHECK(r->children[1].mime == "text/css");
}

TEST_CASE("An MHTML page without Snapshot-Content-Location takes the root's location") {
  const std::string page =
      "MIME-Version: 1.0\r\nSubject: saved\r\nDate: Wed, 6 Mar 2024 12:00:00 +0000\r\n"
      "Content-Type: multipart/related; boundary=\"r\"; start=\"<root@x>\"\r\n\r\n"
      "--r\r\nContent-Type: image/gif\r\nContent-Location: "
      "http://example.ru/a/logo.gif\r\n\r\nGIF89a\r\n"
      "--r\r\nContent-Type: text/html; charset=windows-1251\r\nContent-ID: <root@x>\r\n"
      "Content-Location: http://example.ru/a/index.html\r\n\r\n"
      "<p>\xD1\xE0\xED\xEA\xF6\xE8\xE8 \xEF\xF0\xEE\xF2\xE8\xE2 "
      "\xF2\xE0\xED\xEA\xE5\xF0\xEE\xE2.</p>\r\n"
      "--r--\r\n";
  CHECK(detect(page, "page.mht") == "message/rfc822");
  Result<Extracted> r = extract_email(page);
  REQUIRE(r);
  CHECK(r->title == "saved");
  CHECK(contains(r->text, "Санкции против танкеров."));
  CHECK(r->metadata["source_url"] == "http://example.ru/a/index.html");
  REQUIRE(r->children.size() == 1);
  CHECK(r->children[0].name == "logo.gif");
}

TEST_CASE("An mbox of four messages: children with >From unquoted, a table of contents") {
  std::string mbox;
  const char* subjects[] = {"First report", "=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?=",
                            "=?euc-kr?Q?=BA=CF=C7=D1_=BC=B1=B9=DA?=", "Last"};
  for (int i = 0; i < 4; ++i) {
    mbox += "From sender" + std::to_string(i) + "@example.org Mon Mar  4 10:0" + std::to_string(i) +
            ":00 2024\n";
    mbox += "From: Sender " + std::to_string(i) + " <s" + std::to_string(i) + "@example.org>\n";
    mbox += std::string("Subject: ") + subjects[i] + "\n";
    mbox += "Date: Mon, 4 Mar 2024 10:0" + std::to_string(i) + ":00 +0000\n\n";
    mbox += "Body " + std::to_string(i) + "\n";
    if (i == 1) mbox += ">From the harbour we saw it.\n>>From quoted twice\n";
    mbox += "\n";
  }
  CHECK(detect(mbox, "inbox") == "application/mbox");
  Result<Extracted> r = extract_mbox(mbox);
  REQUIRE(r);
  CHECK(r->metadata["messages"] == "4");
  REQUIRE(r->children.size() == 4);
  for (int i = 0; i < 4; ++i) {
    CHECK(r->children[i].name == "message-" + std::to_string(i + 1) + ".eml");
    CHECK(r->children[i].mime == "message/rfc822");
    CHECK(r->children[i].bytes.starts_with("From: Sender " + std::to_string(i)));
  }
  CHECK(contains(r->children[1].bytes, "\nFrom the harbour we saw it.\n>From quoted twice\n"));
  CHECK(r->children[1].bytes.ends_with("quoted twice\n"));
  CHECK(r->text ==
        "2024-03-04  Sender 0 <s0@example.org>  First report\n"
        "2024-03-04  Sender 1 <s1@example.org>  Привет\n"
        "2024-03-04  Sender 2 <s2@example.org>  북한 선박\n"
        "2024-03-04  Sender 3 <s3@example.org>  Last\n");
  CHECK(r->warnings.empty());
  Result<Extracted> second = extract_email(r->children[1].bytes);
  REQUIRE(second);
  CHECK(contains(second->text, "From the harbour we saw it."));

  OfficeOptions few;
  few.max_children = 2;
  Result<Extracted> cut = extract_mbox(mbox, few);
  REQUIRE(cut);
  CHECK(cut->children.size() == 2);
  REQUIRE(cut->warnings.size() == 1);
  CHECK(contains(cut->warnings[0], "only the first 2"));
}

TEST_CASE("An mbox whose first line is not a From line keeps the message before it") {
  const std::string mbox =
      "From: Early <early@example.org>\nSubject: before\nDate: Sun, 3 Mar 2024 09:00:00 +0000\n\n"
      "early body\n\n"
      "From late@example.org Mon Mar  4 10:00:00 2024\n"
      "From: Late <late@example.org>\nSubject: after\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n\n"
      "late body\n";
  Result<Extracted> r = extract_mbox(mbox);
  REQUIRE(r);
  REQUIRE(r->children.size() == 2);
  CHECK(r->metadata["messages"] == "2");
  CHECK(contains(r->children[0].bytes, "early body"));
  CHECK(contains(r->children[1].bytes, "late body"));
  REQUIRE(r->warnings.size() == 1);
  CHECK(r->warnings[0] == "mbox does not start with a From line");
  CHECK(contains(r->text, "2024-03-03  Early <early@example.org>  before\n"));

  Result<Extracted> none = extract_mbox("no mail here at all\n");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("Mail that libmagic calls text is identified, text that starts like a header is not") {
  struct Case {
    std::string bytes, expected;
  } cases[] = {
      {"To: a@example.org\nSubject: hi\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n\nbody text\n",
       "message/rfc822"},
      {"Subject: =?utf-8?B?7ZqM7J2Y?=\nMIME-Version: 1.0\nX-Mailer: x\n  folded\n\nbody\n",
       "message/rfc822"},
      {"From someone@example.org Mon Mar  4 10:00:00 2024\nSubject: one\nTo: b@example.org\n\n"
       "only message here\n",
       "message/rfc822"},
      // one header name only, or prose before the blank line: text
      {"Subject: the tanker fleet\nThe tanker fleet grew again this year, by all counts.\n",
       "text/plain"},
      {"Subject: a\nSubject: b\n\nsame field twice is one name\n", "text/plain"},
      {"To: whom it may concern\nSubject: ships\nthe ships sailed at dawn\n\nx\n", "text/plain"},
  };
  for (const Case& c : cases) {
    INFO(c.bytes);
    CHECK(detect(c.bytes, "file.txt") == c.expected);
  }
  CHECK(looks_like_message_headers("From: a@b\r\nDate: Mon, 4 Mar 2024\r\n\r\n"));
  CHECK_FALSE(looks_like_message_headers(" From: a@b\nDate: x\n\n"));
}

TEST_CASE("The registry sends mail types to the e-mail extractors") {
  ExtractorRegistry reg = ExtractorRegistry::with_defaults(Config{});
  for (const char* mime : {"message/rfc822", "multipart/related", "application/x-mimearchive"}) {
    INFO(mime);
    REQUIRE(reg.find(mime));
    CHECK(reg.find(mime)->name() == "email");
  }
  REQUIRE(reg.find("application/mbox"));
  CHECK(reg.find("application/mbox")->name() == "mbox");
}

TEST_CASE("Korean bodies in ISO-2022-KR and in CP949 labelled ks_c_5601-1987 are decoded") {
  struct Case {
    std::string charset, base64, expected;
  } cases[] = {
      {"iso-2022-kr", "GyQpQw5IOEBHDyAOQE9BJA8=", "회의 일정"},
      {"ks_c_5601-1987", "jGO55rCix88guriw7byt", "똠방각하 보고서"},
  };
  for (const Case& c : cases) {
    INFO(c.charset);
    Result<Extracted> r =
        extract_email(kHead + "Subject: k\r\nContent-Type: text/plain; charset=" + c.charset +
                      "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + c.base64 + "\r\n");
    REQUIRE(r);
    CHECK(contains(r->text, "\n\n" + c.expected));
  }
}

TEST_CASE("Base64 damage is told from the raw body") {
  struct Case {
    std::string raw;
    bool broken;
  } cases[] = {
      {"iVBORw0KGgo=\r\n", false}, {"aGVsbG8gd29y\r\nbGQ=\r\n", false},
      {"aGVsbG8*d29y", true},      {"aGVsbG8gd29", true},  // a quantum cut short
      {"aGVsbG8=d29y", true},      {"", false},            // data after padding
  };
  for (const Case& c : cases) {
    INFO(c.raw);
    CHECK(email::broken_base64(c.raw) == c.broken);
  }
}

TEST_CASE("format=flowed with DelSp drops the space of a soft break") {
  CHECK(email::unflow("Sanc\r\ntions hit.\r\n", false) == "Sanc\ntions hit.\n");
  CHECK(email::unflow("Sanc \r\ntions hit.\r\n", true) == "Sanctions hit.\n");
  CHECK(email::unflow(" From the port \r\nwe sailed.\r\n-- \r\nsig\r\n", false) ==
        "From the port we sailed.\n-- \nsig\n");
}

TEST_CASE("An mbox past the time limit keeps what was read and says so") {
  OfficeOptions options;
  options.time_limit_seconds = 0;
  Result<Extracted> r = extract_mbox(
      "From a@example.org Mon Mar  4 10:00:00 2024\nSubject: one\nFrom: a@example.org\n\nx\n");
  REQUIRE(r);  // default options: read
  CHECK(r->children.size() == 1);
  Result<Extracted> cut = extract_mbox(
      "From a@example.org Mon Mar  4 10:00:00 2024\nSubject: one\nFrom: a@example.org\n\nx\n",
      options);
  REQUIRE(cut);
  CHECK(cut->children.empty());
  REQUIRE(cut->warnings.size() == 1);
  CHECK(contains(cut->warnings[0], "time limit reached after 0 of 1 messages"));
}

TEST_CASE("One e-mail extractor serves several threads with the same results") {
  std::optional<std::string> path = corpus_file("office/en_eml_png_attachment_tika.eml");
  REQUIRE(path);
  const std::string eml = trawl::test::read_bytes(*path);
  const std::unique_ptr<Extractor> email = make_email_extractor(OfficeOptions{});
  std::vector<int> good(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        Result<Extracted> r = email->extract(Blob{eml, "message/rfc822", "x.eml", {}});
        if (r && r->title == "Test Attachment Email" && r->children.size() == 1 &&
            r->children[0].bytes.size() == 17041)
          ++good[t];
      }
    });
  for (std::thread& th : threads) th.join();
  CHECK(good == std::vector<int>{25, 25, 25, 25});
}

TEST_CASE("An HTML mail with related images: named inline images are children") {
  const std::string msg =
      kHead +
      "Subject: photo\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n"
      "--o\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
      "--a\r\nContent-Type: multipart/related; boundary=\"r\"\r\n\r\n"
      "--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
      "<p>Ship photo from the port of Nakhodka</p><img src=\"cid:ship\">\r\n"
      "--r\r\nContent-Type: image/jpeg; name=\"ship.jpg\"\r\nContent-ID: <ship>\r\n"
      "Content-Disposition: inline; filename=\"ship.jpg\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n"
      "--r\r\nContent-Type: image/gif\r\nContent-ID: <spacer>\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nR0lGODlh\r\n"
      "--r--\r\n--a--\r\n"
      "--o\r\nContent-Type: application/pdf; name=\"manifest.pdf\"\r\n\r\n%PDF-1.7\r\n"
      "--o--\r\n";
  Result<Extracted> r = extract_email(msg);
  REQUIRE(r);
  CHECK(contains(r->text, "Ship photo from the port of Nakhodka"));
  REQUIRE(r->children.size() == 2);
  CHECK(r->children[0].name == "ship.jpg");
  CHECK(r->children[0].mime == "image/jpeg");
  CHECK(r->children[0].bytes.starts_with("\xFF\xD8\xFF"));
  CHECK(r->children[1].name == "manifest.pdf");
  CHECK(r->metadata["attachments"] == "2");
}

TEST_CASE("End to end: an e-mail, an mbox, their messages and attachments are searchable") {
  using nlohmann::json;
  std::optional<std::string> eml = corpus_file("office/en_eml_png_attachment_tika.eml");
  REQUIRE(eml);
  trawl::test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "in");
  std::filesystem::copy_file(*eml, dir.path() / "in" / "tika.eml");
  std::string mbox;
  const std::pair<std::string, std::string> messages[] = {
      {"=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?=", "Танкер Солнечный вышел из Находки"},
      {"=?euc-kr?Q?=BA=CF=C7=D1_=BC=B1=B9=DA?=", "선박 제재 위반 보고"},
  };
  for (int i = 0; i < 2; ++i)
    mbox += "From s" + std::to_string(i) + "@example.org Mon Mar  4 10:00:00 2024\n" +
            "From: S <s" + std::to_string(i) + "@example.org>\nSubject: " + messages[i].first +
            "\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n"
            "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
            "Content-Type: text/plain; charset=utf-8\n\n" +
            messages[i].second + "\n--b\nContent-Type: text/plain; name=crew" + std::to_string(i) +
            ".txt\nContent-Disposition: attachment\n\ncrew list zebrafinch" + std::to_string(i) +
            "\n--b--\n\n";
  dir.write("in/box.mbox", mbox);
  const std::string data = dir.str() + "/data";
  auto in = trawl::test::run_trawl({"ingest", "--threads", "2", "--data", data, dir.str() + "/in"});
  INFO(in.err);
  REQUIRE(in.status == 0);
  // the e-mail, its PNG, the mbox, two messages, an attachment of each
  CHECK(contains(in.err + in.out, "ingested 7"));

  auto search = [&](const std::string& q) {
    auto r = trawl::test::run_trawl({"search", "--data", data, "--json", q});
    REQUIRE(r.status == 0);
    return json::parse(r.out)["hits"];
  };
  json hits = search("선박 제재");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/box.mbox/message-2.eml"));
  CHECK(hits[0]["mime"] == "message/rfc822");
  CHECK(hits[0]["title"] == "북한 선박");
  hits = search("Находки");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/box.mbox/message-1.eml"));
  hits = search("zebrafinch1");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["location"].get<std::string>().ends_with("/box.mbox/message-2.eml/crew1.txt"));
  hits = search("PNG attachment");
  REQUIRE(hits.size() >= 1);
  const std::string id = hits[0]["id"];
  CHECK(hits[0]["location"].get<std::string>().ends_with("/in/tika.eml"));
  auto shown = trawl::test::run_trawl({"show", "--data", data, id.substr(0, 12)});
  REQUIRE(shown.status == 0);
  CHECK(contains(shown.out, "testPNG.png"));
  CHECK(contains(shown.out, "from: Tika Test <XXXX@apache.org>"));
}
