// The libcurl fetcher against a real HTTP server on 127.0.0.1: responses kept as they came
// off the wire, no redirect followed, internal addresses refused, bodies capped, spooled,
// cut when they drip, conditional requests.
#include "crawl/fetcher.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "extractors/warc.h"
#include "tests/http_server.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::TempDir;
using trawl::test::TestServer;
namespace fs = std::filesystem;
using trawl::test::gzip;

namespace {

struct Harness {
  TempDir dir;
  TestServer server;
  FetcherOptions options;
  std::unique_ptr<Fetcher> fetcher;

  void start(std::vector<std::string> hosts = {"news.test"}) {
    server.start();
    options.user_agent = user_agent_header("trawl", "https://example.org/contact");
    options.spool_dir = dir.str() + "/spool";
    for (const std::string& h : hosts) options.resolve.push_back(server.resolve(h));
    auto f = Fetcher::create(options);
    REQUIRE(f);
    fetcher = std::move(*f);
  }

  // Fetches one URL and waits for it (at most 60 s).
  FetchResult get(const std::string& url, FetchPolicy policy = private_ok(),
                  std::string etag = "") {
    FetchRequest r;
    r.tag = 7;
    r.url = url;
    r.etag = std::move(etag);
    r.policy = std::move(policy);
    fetcher->submit(std::move(r));
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < until) {
      std::vector<FetchResult> done = fetcher->wait(200);
      if (!done.empty()) {
        REQUIRE(done.size() == 1);
        CHECK(done[0].tag == 7);
        return std::move(done[0]);
      }
    }
    FAIL("no result in 60 s");
    return {};
  }

  static FetchPolicy private_ok() {
    FetchPolicy p;
    p.allow_private = true;
    return p;
  }
};

}  // namespace

TEST_CASE("A response is kept as it came: head bytes, body as transferred, request as sent",
          "[crawl][fetcher]") {
  Harness h;
  const std::string page =
      "<html><body><p>북한 선박 남포 — Танкер в порту Находка</p></body></html>";
  const std::string zipped = gzip(page);
  h.server.server().Get("/page", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(zipped, "text/html; charset=utf-8");
  });
  h.start();
  FetchResult r = h.get(h.server.url("news.test", "/page"));
  INFO((r.error ? r.error->message : ""));
  REQUIRE_FALSE(r.error);
  CHECK(r.status == 200);
  CHECK_THAT(r.head, Catch::StartsWith("HTTP/1.1 200") && Catch::EndsWith("\r\n\r\n"));
  // cpp-httplib compresses text once more when the client accepts it ("gzip, br"): what
  // came is kept, and decoding undoes both
  CHECK_THAT(r.headers.at("content-encoding"), Catch::StartsWith("gzip"));
  CHECK(r.body.find("Находка") == std::string::npos);  // not decoded
  CHECK(r.body_bytes == r.body.size());
  CHECK(r.ip == "127.0.0.1");
  CHECK(r.ended_at >= r.started_at);
  CHECK_THAT(r.request, Catch::StartsWith("GET /page HTTP/1.1\r\n"));
  CHECK_THAT(r.request, Catch::Contains("User-Agent: trawl/0.1 (+https://example.org/contact)"));
  CHECK_THAT(r.request, Catch::Contains("Host: news.test:" + std::to_string(h.server.port())));
  // what the index gets: the message decoded as a WARC response record would be
  WarcRecord rec;
  REQUIRE(decode_http_response(r.head + r.body, 1 << 20, rec));
  CHECK(rec.http_status == 200);
  CHECK(rec.body == page);
  CHECK(rec.declared_charsets == std::vector<std::string>{"utf-8"});
}

TEST_CASE("A body the server does not encode arrives byte for byte", "[crawl][fetcher]") {
  Harness h;
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; i < 5000; ++i) pdf += static_cast<char>(i * 7 % 256);
  h.server.server().Get("/a.pdf", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(pdf, "application/pdf");
  });
  h.start();
  FetchResult r = h.get(h.server.url("news.test", "/a.pdf"));
  REQUIRE_FALSE(r.error);
  CHECK(r.body == pdf);
  CHECK(r.body_bytes == pdf.size());
  CHECK(r.headers.at("content-type") == "application/pdf");
}

TEST_CASE("A chunked body is kept with its chunks and decodes to the page", "[crawl][fetcher]") {
  Harness h;
  h.server.server().Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
      sink.write("Port of Nampo, ", 15);
      sink.write("second chunk.", 13);
      sink.done();
      return true;
    });
  });
  h.start();
  FetchResult r = h.get(h.server.url("news.test", "/chunked"));
  REQUIRE_FALSE(r.error);
  CHECK(r.headers.at("transfer-encoding") == "chunked");
  CHECK_THAT(r.body, Catch::EndsWith("0\r\n\r\n"));
  WarcRecord rec;
  REQUIRE(decode_http_response(r.head + r.body, 1 << 20, rec));
  CHECK(rec.body == "Port of Nampo, second chunk.");
}

TEST_CASE("Loopback and private addresses are refused before connecting, unless allowed",
          "[crawl][fetcher]") {
  Harness h;
  h.server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("internal", "text/plain");
  });
  h.start({"news.test", "rebind.test"});
  FetchResult r = h.get(h.server.url("127.0.0.1", "/"), FetchPolicy{});
  REQUIRE(r.error);
  CHECK(r.error->code == ErrorCode::kRefused);
  CHECK_THAT(r.error->message, Catch::Contains("127.0.0.1: loopback address"));
  // a public-looking name that resolves to loopback is refused too
  FetchResult named = h.get(h.server.url("rebind.test", "/"), FetchPolicy{});
  REQUIRE(named.error);
  CHECK(named.error->code == ErrorCode::kRefused);
  CHECK(h.server.requests().empty());  // nothing reached the server
  FetchResult ok = h.get(h.server.url("rebind.test", "/"));
  CHECK_FALSE(ok.error);
  WarcRecord rec;
  REQUIRE(decode_http_response(ok.head + ok.body, 1 << 20, rec));
  CHECK(rec.body == "internal");
  CHECK(h.server.requests().size() == 1);
}

TEST_CASE("Redirects are not followed, conditional requests get their 304", "[crawl][fetcher]") {
  Harness h;
  h.server.server().Get("/old", [](const httplib::Request&, httplib::Response& res) {
    res.status = 301;
    res.set_header("Location", "/new");
  });
  h.server.server().Get("/etag", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content("version one", "text/plain");
  });
  h.start();
  FetchResult moved = h.get(h.server.url("news.test", "/old"));
  REQUIRE_FALSE(moved.error);
  CHECK(moved.status == 301);
  CHECK(moved.headers.at("location") == "/new");
  CHECK(h.server.requests().size() == 1);
  FetchResult first = h.get(h.server.url("news.test", "/etag"));
  CHECK(first.status == 200);
  CHECK(first.headers.at("etag") == "\"v1\"");
  FetchResult again = h.get(h.server.url("news.test", "/etag"), Harness::private_ok(), "\"v1\"");
  REQUIRE_FALSE(again.error);
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(h.server.requests().back().if_none_match == "\"v1\"");
}

TEST_CASE("A body over the cap, a dripping body and a refused type end in bounded time",
          "[crawl][fetcher]") {
  Harness h;
  // 1 GB, never sent whole: the fetcher cuts it at the cap
  h.server.server().Get("/huge", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/octet-stream",
                                     [](size_t offset, httplib::DataSink& sink) {
                                       static const std::string block(64 * 1024, 'x');
                                       if (offset >= (1ull << 30)) {
                                         sink.done();
                                         return true;
                                       }
                                       return sink.write(block.data(), block.size());
                                     });
  });
  h.server.server().Get("/drip", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
      if (offset >= 30) {
        sink.done();
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      return sink.write("x", 1);
    });
  });
  h.server.server().Get("/image", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(1000, '\x89'), "image/png");
  });
  h.start();
  auto t0 = std::chrono::steady_clock::now();
  FetchPolicy capped = Harness::private_ok();
  capped.max_body_bytes = 4 << 20;
  FetchResult huge = h.get(h.server.url("news.test", "/huge"), capped);
  REQUIRE(huge.error);
  CHECK(huge.error->code == ErrorCode::kTooLarge);
  CHECK_THAT(huge.error->message, Catch::Contains("crawl.max_body_bytes"));
  CHECK(huge.body.empty());

  FetchPolicy slow = Harness::private_ok();
  slow.low_speed_bytes = 100;
  slow.low_speed_seconds = 2;
  FetchResult drip = h.get(h.server.url("news.test", "/drip"), slow);
  REQUIRE(drip.error);
  CHECK(drip.error->code == ErrorCode::kTimeout);

  FetchPolicy html_only = Harness::private_ok();
  html_only.content_types = {"text/html", "text/*"};
  FetchResult image = h.get(h.server.url("news.test", "/image"), html_only);
  REQUIRE(image.error);
  CHECK(image.error->code == ErrorCode::kRefused);
  CHECK_THAT(image.error->message, Catch::Contains("content type image/png is not fetched"));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30));
}

TEST_CASE("A body past spool_above goes to a file, and Retry-After is read", "[crawl][fetcher]") {
  Harness h;
  const std::string big(3 << 20, 'k');
  h.server.server().Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(big, "application/pdf");
  });
  h.server.server().Get("/busy", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "120");
  });
  h.options.spool_above = 1 << 20;
  h.start();
  FetchResult r = h.get(h.server.url("news.test", "/big"));
  REQUIRE_FALSE(r.error);
  CHECK(r.body.empty());
  REQUIRE_FALSE(r.spool_path.empty());
  CHECK(fs::file_size(r.spool_path) == big.size());
  CHECK(trawl::test::read_bytes(r.spool_path) == big);
  CHECK(r.spool_path.starts_with(h.options.spool_dir));
  FetchResult busy = h.get(h.server.url("news.test", "/busy"));
  REQUIRE_FALSE(busy.error);
  CHECK(busy.status == 503);
  CHECK(busy.retry_after == 120);
}

TEST_CASE("A closed port fails with an I/O error naming the connection", "[crawl][fetcher]") {
  Harness h;
  h.start();
  const int port = h.server.port();
  h.server.stop();
  FetchResult r = h.get("http://127.0.0.1:" + std::to_string(port) + "/");
  REQUIRE(r.error);
  CHECK(r.error->code == ErrorCode::kIo);
  CHECK(r.error->message.find('\n') == std::string::npos);
}
