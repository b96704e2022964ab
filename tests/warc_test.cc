// WarcReader against warcio's real example files and WARCs written here byte by byte
// (plain, gzip per record, one gzip stream; chunked, gzip, deflate and br bodies; damaged).
#include "extractors/warc.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support.h"

using namespace trawl;
using trawl::test::corpus_file;
using trawl::test::http;
using trawl::test::read_bytes;
using trawl::test::record;
using trawl::test::response_record;
using trawl::test::TempDir;

namespace {

std::string deflate_bytes(std::string_view data, int window_bits = 16 + MAX_WBITS) {
  return trawl::test::deflate_bytes(data, window_bits, 6);
}

std::string gzip(std::string_view data) { return deflate_bytes(data); }

std::string brotli(std::string_view data) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()) + 16, '\0');
  size_t size = out.size();
  REQUIRE(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                                data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                                reinterpret_cast<uint8_t*>(out.data())));
  out.resize(size);
  return out;
}

std::string chunked(std::string_view body, size_t size) {
  std::string out;
  char hex[32];
  for (size_t i = 0; i < body.size(); i += size) {
    std::string_view piece = body.substr(i, size);
    std::snprintf(hex, sizeof hex, "%zx", piece.size());
    out += std::string(hex) + "\r\n" + std::string(piece) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

const char* kPage =
    "<html><head><title>Test page</title></head><body><p>Hello from the archive, "
    "hello again, and once more hello.</p></body></html>";

struct ReadAll {
  std::vector<WarcRecord> records;
  std::optional<Error> error;          // the error that ended the reading
  std::vector<std::string> too_large;  // kTooLarge messages, the reading went on
};

ReadAll read_all(const std::string& path, const WarcOptions& options = {}) {
  ReadAll all;
  auto reader = WarcReader::open(path, options);
  REQUIRE(reader);
  for (int guard = 0; guard < 1000; ++guard) {
    auto r = (*reader)->next();
    if (!r) {
      if (r.error().code == ErrorCode::kTooLarge) {
        all.too_large.push_back(r.error().message);
        continue;
      }
      all.error = r.error();
      auto after = (*reader)->next();  // an error ends the reading for good
      REQUIRE(after);
      CHECK_FALSE(after->has_value());
      break;
    }
    if (!*r) break;
    all.records.push_back(std::move(**r));
  }
  return all;
}

std::vector<std::string> types(const std::vector<WarcRecord>& records) {
  std::vector<std::string> t;
  for (const WarcRecord& r : records) t.push_back(r.type);
  return t;
}

// The first gzip member of `bytes` inflated (one member only, as a reader seeking to a
// record's offset would).
std::string gunzip_member(std::string_view bytes) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 16 + MAX_WBITS) == Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  CHECK(rc == Z_STREAM_END);
  CHECK(z.avail_in == 0);  // the member is exactly [offset, offset + length)
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("WARC reader reads warcio's example: types, URIs, the response and the revisit",
          "[warc]") {
  auto path = corpus_file("archives/warc_example_warcio.warc.gz");
  REQUIRE(path);
  ReadAll all = read_all(*path);
  CHECK_FALSE(all.error);
  REQUIRE(types(all.records) == std::vector<std::string>{"warcinfo", "warcinfo", "response",
                                                         "request", "revisit", "request"});

  const WarcRecord& info = all.records[0];
  CHECK(info.target_uri.empty());
  CHECK(info.date == "2017-03-06T04:03:53Z");
  CHECK(info.date_unix == 1488773033);
  CHECK(info.mime == "application/warc-fields");
  CHECK_THAT(info.body, Catch::StartsWith("software: Webrecorder Platform v3.7"));
  CHECK(info.warc_headers.at("warc-filename") == "temp-20170306040353.warc.gz");

  const WarcRecord& resp = all.records[2];
  CHECK(resp.target_uri == "http://example.com/");
  CHECK(resp.http_status == 200);
  CHECK(resp.ip == "93.184.216.34");
  CHECK(resp.record_id == "<urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>");
  CHECK(resp.payload_digest == "sha1:G7HRM7BGOKSKMSXZAHMUQTTV53QOFSMK");
  CHECK(resp.warc_content_type == "application/http; msgtype=response");
  CHECK(resp.mime == "text/html");
  CHECK(resp.declared_charsets.empty());
  CHECK(resp.http_headers.at("content-encoding") == "gzip");
  CHECK(resp.http_headers.at("etag") == "\"359670651+gzip\"");
  CHECK_THAT(resp.body, Catch::Contains("<title>Example Domain</title>"));  // gzip decoded
  CHECK(resp.warnings.empty());

  CHECK(all.records[3].target_uri == "http://example.com/");
  CHECK(all.records[3].http_status == 0);  // a request: the block as it is
  CHECK_THAT(all.records[3].body, Catch::StartsWith("GET / HTTP/1.0\r\n"));

  const WarcRecord& revisit = all.records[4];
  CHECK(revisit.target_uri == "http://example.com/");
  CHECK(revisit.refers_to_uri == "http://example.com/");
  CHECK(revisit.refers_to_date == "2017-03-06T04:02:06Z");
  CHECK(revisit.profile ==
        "http://netpreserve.org/warc/1.0/revisit/uri-agnostic-identical-payload-digest");
  CHECK(revisit.http_status == 200);
  CHECK(revisit.http_headers.at("date") == "Mon, 06 Mar 2017 04:03:48 GMT");
  CHECK(revisit.mime == "text/html");
  CHECK(revisit.body.empty());
  CHECK(revisit.warnings.empty());
}

TEST_CASE("WARC reader gives each record the gzip member it can be read alone from", "[warc]") {
  auto path = corpus_file("archives/warc_example_warcio.warc.gz");
  REQUIRE(path);
  const std::string bytes = read_bytes(*path);
  ReadAll all = read_all(*path);
  REQUIRE(all.records.size() == 6);
  // As warcio (Python and JS) index this file.
  const std::vector<std::pair<uint64_t, uint64_t>> expected = {
      {0, 353}, {353, 431}, {784, 1228}, {2012, 609}, {2621, 586}, {3207, 609}};
  for (size_t i = 0; i < all.records.size(); ++i) {
    const WarcRecord& r = all.records[i];
    INFO("record " << i);
    CHECK(std::make_pair(r.offset, r.length) == expected[i]);
    REQUIRE(r.offset + r.length <= bytes.size());
    std::string alone = gunzip_member(std::string_view(bytes).substr(r.offset, r.length));
    CHECK_THAT(alone, Catch::StartsWith("WARC/1.0\r\n"));
    CHECK_THAT(alone, Catch::EndsWith("\r\n\r\n"));
    CHECK_THAT(alone, Catch::Contains("WARC-Type: " + r.type));
  }
  CHECK(all.records.back().offset + all.records.back().length == bytes.size());
}

TEST_CASE("WARC reader starts at a record's offset and reports the same offsets", "[warc]") {
  TempDir dir;
  const std::string a =
      response_record("http://a.example/", http({"Content-Type: text/plain"}, "first"));
  const std::string b =
      response_record("http://b.example/", http({"Content-Type: text/plain"}, "второй"));
  const std::string c =
      response_record("http://c.example/", http({"Content-Type: text/plain"}, "셋째"));
  for (bool zipped : {false, true}) {
    INFO((zipped ? "gzip per record" : "plain"));
    const std::string path = dir.write(zipped ? "x.warc.gz" : "x.warc",
                                       zipped ? gzip(a) + gzip(b) + gzip(c) : a + b + c);
    ReadAll all = read_all(path);
    REQUIRE(all.records.size() == 3);
    WarcOptions from;
    from.start_offset = all.records[1].offset;
    ReadAll rest = read_all(path, from);
    REQUIRE(rest.records.size() == 2);
    CHECK(rest.records[0].target_uri == "http://b.example/");
    CHECK(rest.records[0].body == "второй");
    CHECK(rest.records[0].offset == all.records[1].offset);
    CHECK(rest.records[0].length == all.records[1].length);
    CHECK(rest.records[1].offset == all.records[2].offset);
    WarcOptions past;
    past.start_offset = read_bytes(path).size() + 10;
    auto bad = WarcReader::open(path, past);
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Catch::Contains("no record at offset"));
  }
}

TEST_CASE("WARC reader returns the records before a wrong Content-Length, then corrupt", "[warc]") {
  // warcio's example-trunc.warc: the response says Content-Length 973 for a 975-byte block.
  auto path = corpus_file("archives/warc_truncated_warcio.warc");
  REQUIRE(path);
  ReadAll all = read_all(*path);
  REQUIRE(types(all.records) == std::vector<std::string>{"warcinfo", "warcinfo", "response"});
  CHECK(all.records[0].offset == 0);
  CHECK(all.records[0].length == 488);  // the record with its CRLF CRLF
  CHECK(all.records[1].offset == 488);
  const WarcRecord& resp = all.records[2];
  CHECK(resp.offset == 1197);
  CHECK(resp.length == 1363);
  CHECK(resp.http_status == 200);
  // The gzip body lost its last two bytes (in its trailer): what inflates is kept.
  CHECK_THAT(resp.body, Catch::Contains("Example Domain"));
  CHECK_THAT(Catch::Detail::stringify(resp.warnings), Catch::Contains("truncated gzip body"));
  CHECK_THAT(Catch::Detail::stringify(resp.warnings),
             Catch::Contains("Content-Length 973 may be wrong"));
  REQUIRE(all.error);
  CHECK(all.error->code == ErrorCode::kCorrupt);
  CHECK_THAT(all.error->message, Catch::StartsWith("record at offset 2560: not a WARC record"));
}

TEST_CASE("WARC reader reads uncompressed WARC/1.0 and WARC/1.1", "[warc]") {
  TempDir dir;
  const std::string r1 = record({"WARC-Type: warcinfo", "WARC-Date: 2024-03-01T12:00:00Z",
                                 "Content-Type: application/warc-fields"},
                                "software: test\r\n", "WARC/1.0");
  // WARC/1.0 as some tools write it: the URI in <>.
  const std::string r2 =
      record({"WARC-Type: response", "WARC-Target-URI: <http://example.org/a?b=1>",
              "WARC-Date: 2024-03-01T12:00:00.123456Z", "WARC-IP-Address: 192.0.2.1",
              "Content-Type: application/http; msgtype=response"},
             http({"Content-Type: text/html; charset=UTF-8", "Set-Cookie: a=1", "Set-Cookie: b=2",
                   "X-Folded: first", "  second"},
                  kPage),
             "WARC/1.0");
  const std::string r3 =
      record({"WARC-Type: resource", "WARC-Target-URI: file:///notes.txt", "WARC-Date: 2024-03-02",
              "Content-Type: Text/Plain; charset=\"ISO-8859-1\""},
             "plain words\r\n\r\nwith blank lines inside");
  // An interim 100 Continue captured before the final response.
  const std::string r5 = record(
      {"WARC-Type: response", "WARC-Target-URI: http://example.org/post",
       "Content-Type: application/http; msgtype=response"},
      "HTTP/1.1 100 Continue\r\n\r\n" + http({"Content-Type: text/plain", "X-Final: yes"}, "done"));
  const std::string r4 = record({"WARC-Type: metadata", "WARC-Target-URI: http://example.org/a?b=1",
                                 "Content-Type: application/warc-fields"},
                                "via: http://example.org/\r\n");
  const std::string file = r1 + r2 + r3 + r4 + r5;
  ReadAll all = read_all(dir.write("plain.warc", file));
  CHECK_FALSE(all.error);
  REQUIRE(types(all.records) ==
          std::vector<std::string>{"warcinfo", "response", "resource", "metadata", "response"});

  const WarcRecord& resp = all.records[1];
  CHECK(resp.target_uri == "http://example.org/a?b=1");
  CHECK(resp.date_unix == 1709294400);  // fraction dropped
  CHECK(resp.ip == "192.0.2.1");
  CHECK(resp.http_status == 200);
  CHECK(resp.mime == "text/html");
  CHECK(resp.declared_charsets == std::vector<std::string>{"utf-8"});
  CHECK(resp.http_headers.at("set-cookie") == "a=1, b=2");
  CHECK(resp.http_headers.at("x-folded") == "first second");
  CHECK(resp.body == kPage);

  const WarcRecord& res = all.records[2];
  CHECK(res.body == "plain words\r\n\r\nwith blank lines inside");
  CHECK(res.mime == "text/plain");
  CHECK(res.declared_charsets == std::vector<std::string>{"iso-8859-1"});
  CHECK(res.http_status == 0);
  CHECK(res.date_unix == 1709337600);
  CHECK(all.records[3].body == "via: http://example.org/\r\n");
  CHECK(all.records[4].http_status == 200);
  CHECK(all.records[4].http_headers.at("x-final") == "yes");
  CHECK(all.records[4].mime == "text/plain");
  CHECK(all.records[4].body == "done");

  // Plain files: [offset, offset + length) is the record with its CRLF CRLF.
  uint64_t at = 0;
  const std::vector<const std::string*> raw = {&r1, &r2, &r3, &r4, &r5};
  for (size_t i = 0; i < raw.size(); ++i) {
    INFO("record " << i);
    CHECK(all.records[i].offset == at);
    CHECK(all.records[i].length == raw[i]->size());
    CHECK(all.records[i].stream_offset == at);
    CHECK(file.substr(all.records[i].offset, all.records[i].length) == *raw[i]);
    at += raw[i]->size();
  }
}

TEST_CASE("WARC reader reads a gzip member per record, and gives each member's extent", "[warc]") {
  TempDir dir;
  std::vector<std::string> members = {
      gzip(record({"WARC-Type: warcinfo", "Content-Type: application/warc-fields"},
                  "software: t\r\n")),
      gzip(response_record("http://example.org/1", http({"Content-Type: text/html"}, kPage))),
      gzip(response_record("http://example.org/2", http({"Content-Type: text/plain"}, "second"))),
  };
  std::string file;
  for (const std::string& m : members) file += m;
  ReadAll all = read_all(dir.write("members.warc.gz", file));
  CHECK_FALSE(all.error);
  REQUIRE(all.records.size() == 3);
  uint64_t at = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    INFO("record " << i);
    CHECK(all.records[i].offset == at);
    CHECK(all.records[i].length == members[i].size());
    at += members[i].size();
  }
  CHECK(all.records[1].body == kPage);
  CHECK(all.records[2].body == "second");
  CHECK(all.records[2].mime == "text/plain");
  CHECK(all.records[1].stream_offset != all.records[2].stream_offset);
}

TEST_CASE("WARC reader reads one gzip stream for the whole file", "[warc]") {
  TempDir dir;
  const std::string r1 =
      record({"WARC-Type: warcinfo", "Content-Type: application/warc-fields"}, "software: t\r\n");
  const std::string r2 =
      response_record("http://example.org/1", http({"Content-Type: text/html"}, kPage));
  const std::string r3 = response_record("http://example.org/2", http({}, "second"));
  ReadAll all = read_all(dir.write("whole.warc.gz", gzip(r1 + r2 + r3)));
  CHECK_FALSE(all.error);
  REQUIRE(types(all.records) == std::vector<std::string>{"warcinfo", "response", "response"});
  CHECK(all.records[1].body == kPage);
  CHECK(all.records[2].body == "second");
  for (const WarcRecord& r : all.records) {
    CHECK(r.offset == 0);  // the one member
    CHECK(r.length == 0);  // shared: cannot be read alone
  }
  CHECK(all.records[0].stream_offset == 0);
  CHECK(all.records[1].stream_offset == r1.size());
  CHECK(all.records[2].stream_offset == r1.size() + r2.size());
}

TEST_CASE("WARC reader de-chunks and decodes HTTP bodies: gzip, deflate, br", "[warc]") {
  std::string long_page;
  for (int i = 0; i < 200; ++i) long_page += kPage;
  struct Case {
    const char* name;
    std::vector<std::string> headers;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"chunked", {"Transfer-Encoding: chunked"}, chunked(long_page, 1000)},
      {"chunked + gzip",
       {"Content-Encoding: gzip", "Transfer-Encoding: chunked"},
       chunked(gzip(long_page), 333)},
      {"x-gzip", {"Content-Encoding: x-gzip"}, gzip(long_page)},
      {"deflate (zlib)", {"Content-Encoding: deflate"}, deflate_bytes(long_page, MAX_WBITS)},
      {"deflate (raw)", {"Content-Encoding: deflate"}, deflate_bytes(long_page, -MAX_WBITS)},
      {"br", {"Content-Encoding: br"}, brotli(long_page)},
      {"chunked + br",
       {"Content-Encoding: BR", "Transfer-Encoding: Chunked"},
       chunked(brotli(long_page), 100)},
      {"identity", {"Content-Encoding: identity"}, long_page},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TempDir dir;
      std::vector<std::string> headers = c.headers;
      headers.push_back("Content-Type: text/html; charset=utf-8");
      ReadAll all = read_all(dir.write(
          "enc.warc.gz", gzip(response_record("http://example.org/", http(headers, c.body)))));
      CHECK_FALSE(all.error);
      REQUIRE(all.records.size() == 1);
      CHECK(all.records[0].body == long_page);
      CHECK(all.records[0].warnings.empty());
    }
  }
}

TEST_CASE("WARC reader keeps a body it cannot decode as it came, with a warning", "[warc]") {
  struct Case {
    const char* name;
    std::vector<std::string> headers;
    std::string body;
    std::string expected_body;
    std::string warning;
  };
  const std::string gz = gzip(kPage);
  const std::vector<Case> cases = {
      {"not gzip",
       {"Content-Encoding: gzip"},
       "plain text, not gzip",
       "plain text, not gzip",
       "cannot decode gzip body"},
      {"truncated gzip",
       {"Content-Encoding: gzip"},
       gz.substr(0, gz.size() - 20),
       "",
       "truncated gzip body"},
      {"stored de-chunked", {"Transfer-Encoding: chunked"}, kPage, kPage, "body is not chunked"},
      {"last chunk missing",
       {"Transfer-Encoding: chunked"},
       "5\r\nhello\r\n",
       "hello",
       "truncated chunked body"},
      {"bad chunk size",
       {"Transfer-Encoding: chunked"},
       "5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n",
       "5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n",
       "bad chunked encoding"},
      {"unknown coding",
       {"Content-Encoding: zstd"},
       "\x28\xb5\x2f\xfd",
       "\x28\xb5\x2f\xfd",
       "unsupported Content-Encoding: zstd"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TempDir dir;
      ReadAll all = read_all(
          dir.write("bad.warc", response_record("http://example.org/", http(c.headers, c.body))));
      CHECK_FALSE(all.error);
      REQUIRE(all.records.size() == 1);
      const WarcRecord& r = all.records[0];
      if (c.expected_body.empty()) {
        CHECK_THAT(r.body, Catch::StartsWith("<html><head><title>Test page"));  // what inflated
      } else {
        CHECK(r.body == c.expected_body);
      }
      CHECK_THAT(Catch::Detail::stringify(r.warnings), Catch::Contains(c.warning));
    }
  }
}

TEST_CASE("WARC reader reports the charset Korean and Russian pages declare, bytes untouched",
          "[warc]") {
  struct Case {
    const char* name;
    std::string content_type;
    std::string body;
    std::string charset;
  };
  const std::vector<Case> cases = {
      // "북한 뉴스" in EUC-KR
      {"EUC-KR", "Content-Type: text/html; charset=EUC-KR",
       "<html><body><p>\xBA\xCF\xC7\xD1 \xB4\xBA\xBD\xBA</p></body></html>", "euc-kr"},
      // "Новости" in windows-1251, the charset quoted
      {"windows-1251", "Content-Type: Text/HTML;Charset=\"Windows-1251\"",
       "<html><body><p>\xCD\xEE\xE2\xEE\xF1\xF2\xE8</p></body></html>", "windows-1251"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      TempDir dir;
      ReadAll all = read_all(dir.write(
          "cs.warc", response_record("http://example.kr/", http({c.content_type}, c.body))));
      CHECK_FALSE(all.error);
      REQUIRE(all.records.size() == 1);
      CHECK(all.records[0].mime == "text/html");
      CHECK(all.records[0].declared_charsets == std::vector<std::string>{c.charset});
      CHECK(all.records[0].body == c.body);
    }
  }
}

TEST_CASE("WARC reader reports corrupt when Content-Length runs past the end of the file",
          "[warc]") {
  const std::string good = response_record("http://example.org/1", http({}, "first"));
  std::string bad = response_record("http://example.org/2", http({}, "second"));
  // Claim 5000 bytes where there are far fewer.
  const size_t at = bad.find("Content-Length: ");
  bad = bad.substr(0, at) + "Content-Length: 5000" + bad.substr(bad.find("\r\n", at));
  SECTION("plain") {
    TempDir dir;
    ReadAll all = read_all(dir.write("long.warc", good + bad));
    REQUIRE(all.records.size() == 1);
    CHECK(all.records[0].body == "first");
    REQUIRE(all.error);
    CHECK(all.error->code == ErrorCode::kCorrupt);
    CHECK(all.error->message == "record at offset " + std::to_string(good.size()) +
                                    ": Content-Length 5000 runs past the end of the file");
  }
  SECTION("gzip per record") {
    TempDir dir;
    const std::string first = gzip(good);
    ReadAll all = read_all(dir.write("long.warc.gz", first + gzip(bad)));
    REQUIRE(all.records.size() == 1);
    REQUIRE(all.error);
    CHECK(all.error->code == ErrorCode::kCorrupt);
    CHECK(all.error->message == "record at offset " + std::to_string(first.size()) +
                                    ": Content-Length 5000 runs past the end of the file");
  }
}

TEST_CASE("WARC reader reports corrupt for a file cut inside a gzip member", "[warc]") {
  TempDir dir;
  std::string big;
  for (int i = 0; i < 500; ++i) big += std::to_string(i * 7919) + " words that do not repeat much ";
  const std::string m1 = gzip(response_record("http://example.org/1", http({}, "first")));
  const std::string m2 = gzip(response_record("http://example.org/2", http({}, big)));
  const std::string m3 = gzip(response_record("http://example.org/3", http({}, "third")));
  for (size_t cut : {m2.size() / 2, m2.size() - 4, size_t{5}}) {
    INFO("cut at " << cut);
    ReadAll all = read_all(dir.write("cut.warc.gz", m1 + m2.substr(0, cut)));
    REQUIRE(all.records.size() == 1);
    CHECK(all.records[0].body == "first");
    REQUIRE(all.error);
    CHECK(all.error->code == ErrorCode::kCorrupt);
    CHECK(all.error->message ==
          "record at offset " + std::to_string(m1.size()) + ": truncated gzip member");
  }
  // Bytes that are not gzip after a member.
  ReadAll all = read_all(dir.write("junk.warc.gz", m1 + "this is not gzip" + m3));
  REQUIRE(all.records.size() == 1);
  REQUIRE(all.error);
  CHECK_THAT(all.error->message, Catch::StartsWith("record at offset " + std::to_string(m1.size()) +
                                                   ": garbage where a gzip member should start"));
}

TEST_CASE("WARC reader reports corrupt for garbage where a record should start", "[warc]") {
  TempDir dir;
  const std::string good = response_record("http://example.org/1", http({}, "first"));
  ReadAll all =
      read_all(dir.write("garbage.warc", good + "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n" + good));
  REQUIRE(all.records.size() == 1);
  REQUIRE(all.error);
  CHECK(all.error->code == ErrorCode::kCorrupt);
  CHECK(all.error->message == "record at offset " + std::to_string(good.size() + 2) +
                                  ": not a WARC record (found \"GET / HTTP/1.1\")");
}

TEST_CASE("WARC reader skips a record over max_record_bytes and reads the next", "[warc]") {
  std::string big(300000, 'x');
  const std::string r1 = response_record("http://example.org/small", http({}, "small"));
  const std::string r2 = response_record("http://example.org/big", http({}, big));
  const std::string r3 = response_record("http://example.org/after", http({}, "after"));
  WarcOptions options;
  options.max_record_bytes = 100000;
  for (bool compressed : {false, true}) {
    INFO("gzip per record: " << compressed);
    TempDir dir;
    const std::string file = compressed ? gzip(r1) + gzip(r2) + gzip(r3) : r1 + r2 + r3;
    ReadAll all = read_all(dir.write("big.warc", file), options);
    CHECK_FALSE(all.error);
    REQUIRE(all.records.size() == 2);
    CHECK(all.records[0].body == "small");
    CHECK(all.records[1].body == "after");
    CHECK(all.records[1].target_uri == "http://example.org/after");
    REQUIRE(all.too_large.size() == 1);
    CHECK_THAT(all.too_large[0], Catch::Contains("response http://example.org/big: block of"));
    CHECK_THAT(all.too_large[0], Catch::Contains("over max_record_bytes (100000), skipped"));
  }
  SECTION("a body that inflates past the limit") {
    TempDir dir;
    const std::string bomb =
        response_record("http://example.org/bomb",
                        http({"Content-Encoding: gzip"}, gzip(std::string(1 << 20, 'a'))));
    ReadAll all = read_all(dir.write("bomb.warc", r1 + bomb + r3), options);
    CHECK_FALSE(all.error);
    REQUIRE(types(all.records) == std::vector<std::string>{"response", "response"});
    REQUIRE(all.too_large.size() == 1);
    CHECK_THAT(all.too_large[0], Catch::Contains("body decodes to more than max_record_bytes"));
  }
}

TEST_CASE("WARC reader refuses what is not a WARC file", "[warc]") {
  TempDir dir;
  struct Case {
    const char* name;
    std::string bytes;
    ErrorCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"HTML", "<html><body>not a warc</body></html>", ErrorCode::kCorrupt, "not a WARC file"},
      {"gzip of text", gzip("just some text\n"), ErrorCode::kCorrupt, "not a WARC file"},
      {"broken gzip", std::string("\x1f\x8b\x08\x00garbage garbage garbage", 27),
       ErrorCode::kCorrupt, "not a WARC file"},
      {"WARC lookalike", "WARC/one\r\n", ErrorCode::kCorrupt, "not a WARC file"},
      {"empty", "", ErrorCode::kEmpty, "empty file"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      auto r = WarcReader::open(dir.write("x.warc", c.bytes));
      REQUIRE_FALSE(r);
      CHECK(r.error().code == c.code);
      CHECK_THAT(r.error().message, Catch::StartsWith(c.message));
    }
  }
  SECTION("missing file") {
    auto r = WarcReader::open(dir.str() + "/none.warc");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kNotFound);
  }
}

TEST_CASE("WARC reader reads bare LF line ends and header names in any case", "[warc]") {
  TempDir dir;
  std::string block = "HTTP/1.1 404 Not Found\nContent-Type: text/html\nX-A: 1\n\n<p>missing</p>";
  const std::string r1 = record({"warc-type: response", "WARC-TARGET-URI: http://example.org/gone",
                                 "content-type: application/http;msgtype=response"},
                                block, "WARC/1.0", "\n");
  const std::string r2 =
      record({"WARC-Type: resource", "Content-Type: text/plain"}, "two", "WARC/1.1", "\n");
  ReadAll all = read_all(dir.write("lf.warc", r1 + r2));
  CHECK_FALSE(all.error);
  REQUIRE(all.records.size() == 2);
  CHECK(all.records[0].type == "response");
  CHECK(all.records[0].target_uri == "http://example.org/gone");
  CHECK(all.records[0].http_status == 404);
  CHECK(all.records[0].http_headers.at("x-a") == "1");
  CHECK(all.records[0].body == "<p>missing</p>");
  CHECK(all.records[0].warnings.empty());
  CHECK(all.records[1].body == "two");
  CHECK(all.records[1].offset == r1.size());
}

TEST_CASE("WARC reader turns WARC-Date into unix seconds", "[warc]") {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"2024-03-01T12:00:00Z", 1709294400},
      {"2024-03-01T12:00:00.5Z", 1709294400},
      {"2024-02-29T23:59:59Z", 1709251199},
      {"1970-01-01T00:00:00Z", 0},
      {"2024-03-01T21:00:00+09:00", 1709294400},
      {"2024-03-01T12:00Z", 1709294400},
      {"2024-03-01", 1709251200},
      {"2024", 1704067200},
      {"2023-02-29T00:00:00Z", 0},  // no such day
      {"yesterday", 0},
      {"", 0},
  };
  std::string file;
  for (const auto& [date, unix] : cases)
    file += record({"WARC-Type: resource", "WARC-Date: " + date, "Content-Type: text/plain"}, "x");
  TempDir dir;
  ReadAll all = read_all(dir.write("dates.warc", file));
  CHECK_FALSE(all.error);
  REQUIRE(all.records.size() == cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].first);
    CHECK(all.records[i].date == cases[i].first);
    CHECK(all.records[i].date_unix == cases[i].second);
  }
}

TEST_CASE("looks_like_warc tells a WARC from other files, gzip or not", "[warc]") {
  const std::string warc = response_record("http://example.org/", http({}, "x"));
  CHECK(looks_like_warc(warc));
  CHECK(looks_like_warc(gzip(warc) + gzip(warc)));
  CHECK(looks_like_warc("WARC/1.0\nWARC-Type: warcinfo\n"));
  CHECK_FALSE(looks_like_warc("WARC/1.2\r\n"));
  CHECK_FALSE(looks_like_warc("WARC/1.0"));  // no line end
  CHECK_FALSE(looks_like_warc("<html>WARC/1.0\r\n"));
  CHECK_FALSE(looks_like_warc(gzip("<html></html>")));
  CHECK_FALSE(looks_like_warc(std::string("\x1f\x8b", 2)));
  CHECK_FALSE(looks_like_warc(""));
  auto path = corpus_file("archives/warc_example_warcio.warc.gz");
  REQUIRE(path);
  CHECK(looks_like_warc(read_bytes(*path)));
}
