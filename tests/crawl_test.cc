// Crawl passes end to end against a real site on 127.0.0.1 (two host names mapped there):
// robots.txt, scope, politeness, charsets, redirects and their loops, errors, a Retry-After,
// conditional requests on the second pass and a page that changed between passes.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "catalog/catalog.h"
#include "catalog/frontier.h"
#include "config/layout.h"
#include "extractors/warc.h"
#include "index/index.h"
#include "pipeline/crawl.h"
#include "tests/http_server.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::TempDir;
using trawl::test::TestServer;
namespace fs = std::filesystem;

namespace {

// "북한 선박이 남포항에서 석탄을 실었다" in EUC-KR.
const std::string kKoreanEucKr =
    "\xBA\xCF\xC7\xD1 \xBC\xB1\xB9\xDA\xC0\xCC \xB3\xB2\xC6\xF7\xC7\xD7\xBF\xA1\xBC\xAD "
    "\xBC\xAE\xC5\xBA\xC0\xBB \xBD\xC7\xBE\xFA\xB4\xD9";
// "Танкер вышел из порта Находка" in windows-1251.
const std::string kRussianCp1251 =
    "\xD2\xE0\xED\xEA\xE5\xF0 \xE2\xFB\xF8\xE5\xEB \xE8\xE7 \xEF\xEE\xF0\xF2\xE0 "
    "\xCD\xE0\xF5\xEE\xE4\xEA\xE0";

struct Site {
  TestServer server;
  std::mutex mu;
  int busy_hits = 0;
  int version = 1;  // of /changing

  void routes() {
    auto& s = server.server();
    s.Get("/robots.txt", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Host").starts_with("other.test")) {
        res.status = 404;
        return;
      }
      res.set_content("User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n", "text/plain");
    });
    s.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      const std::string other = server.url("other.test", "/x");
      res.set_content(
          "<html><head><title>Front page</title></head><body>"
          "<a href=\"/ko\">ko</a> <a href=\"ru\">ru</a> <a href=\"/private/secret\">p</a>"
          "<a href=\"" + other + "\">other</a> <a href=\"/moved\">m</a>"
          "<a href=\"/loop\">l</a> <a href=\"/missing\">x</a> <a href=\"/busy\">b</a>"
          "<a href=\"/changing?utm_source=feed\">c</a> <a href=\"/ko#top\">again</a>"
          "</body></html>",
          "text/html; charset=utf-8");
    });
    s.Get("/ko", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("ETag", "\"ko-1\"");
      if (req.get_header_value("If-None-Match") == "\"ko-1\"") {
        res.status = 304;
        return;
      }
      res.set_content("<html><body><p>" + kKoreanEucKr + "</p></body></html>",
                      "text/html; charset=euc-kr");
    });
    s.Get("/ru", [](const httplib::Request&, httplib::Response& res) {
      // no charset in the header: the page's own meta says it
      res.set_content("<html><head><meta charset=\"windows-1251\"></head><body><p>" +
                          kRussianCp1251 + "</p></body></html>",
                      "text/html");
    });
    s.Get("/private/secret", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("must never be fetched", "text/plain");
    });
    s.Get("/moved", [](const httplib::Request&, httplib::Response& res) {
      res.status = 301;
      res.set_header("Location", "/landed");
    });
    s.Get("/landed", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><body><p>Landed after a redirect: Nampo.</p></body></html>",
                      "text/html");
    });
    s.Get("/loop", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "/loop");
    });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    s.Get("/busy", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mu);
      if (++busy_hits == 1) {
        res.status = 503;
        res.set_header("Retry-After", "1");
        return;
      }
      res.set_content("<html><body><p>Ship-to-ship transfer report.</p></body></html>",
                      "text/html");
    });
    s.Get("/changing", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mu);
      res.set_content("<html><body><p>Bulletin version " + std::to_string(version) +
                          " about the tanker.</p></body></html>",
                      "text/html");
    });
  }
};

Config site_config(const TempDir& dir, const Site& site) {
  Config c;
  c.data_dir = dir.str() + "/data";
  c.ingest.threads = 2;
  c.crawl.contact = "https://example.org/trawl";
  c.crawl.delay = 0.2;
  SourceOptions s;
  s.name = "test-site";
  s.seeds = {site.server.url("news.test", "/")};
  s.allow_private = true;
  s.max_depth = 3;
  c.sources.push_back(s);
  return c;
}

struct Pass {
  CrawlPassSummary summary;
  std::vector<DocumentOutcome> documents;
  std::vector<std::string> events;
};

Pass crawl_pass(const Config& c, const Site& site) {
  Pass p;
  std::mutex mu;
  CrawlCallbacks cb;
  cb.on_event = [&](const std::string& line) {
    std::lock_guard lock(mu);
    p.events.push_back(line);
  };
  cb.ingest.on_document = [&](const DocumentOutcome& o) {
    std::lock_guard lock(mu);
    p.documents.push_back(o);
  };
  CrawlRun run;
  run.resolve = {site.server.resolve("news.test"), site.server.resolve("other.test")};
  auto r = run_crawl_pass(c, c.sources.front(), cb, run);
  INFO((r ? "" : r.error().message));
  REQUIRE(r);
  p.summary = *r;
  return p;
}

std::vector<SearchHit> search(const Config& c, const std::string& q) {
  auto r = IndexReader::open(DataLayout(c.data_dir).index());
  REQUIRE(r);
  SearchRequest req;
  req.query = q;
  req.limit = 100;
  auto res = (*r)->search(req);
  REQUIRE(res);
  return res->hits;
}

}  // namespace

TEST_CASE("A crawl pass obeys robots.txt and scope, keeps its politeness, and counts every URL",
          "[crawl][e2e]") {
  TempDir dir;
  Site site;
  site.routes();
  site.server.start();
  Config c = site_config(dir, site);
  Pass p = crawl_pass(c, site);
  INFO([&] {
    std::string all;
    for (const auto& e : p.events) all += e + "\n";
    return all;
  }());
  const std::string base = site.server.url("news.test", "");
  PassCounts& n = p.summary.counts;
  // /, /ko, /ru, /landed, /busy (after its Retry-After), /changing
  CHECK(n["done"] == 6);
  CHECK(n["refused"] == 1);       // /private/secret
  CHECK(n["out-of-scope"] == 1);  // other.test
  CHECK(n["redirected"] == 1);    // /moved
  CHECK(n["failed"] == 2);        // /loop, /missing
  CHECK(p.summary.ingest.ingested == 6);

  std::set<std::string> paths;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> by_host;
  for (const auto& r : site.server.requests()) {
    paths.insert(r.path);
    by_host[r.host].push_back(r.at);
    CHECK(r.user_agent == "trawl/0.1 (+https://example.org/trawl)");
  }
  CHECK_FALSE(paths.count("/private/secret"));  // never requested
  CHECK_FALSE(by_host.count("other.test:" + std::to_string(site.server.port())));
  CHECK(paths.count("/changing"));               // the tracking parameter was dropped
  CHECK_FALSE(paths.count("/changing?utm_source=feed"));
  // never closer than the Crawl-delay (0.3 s, over crawl.delay 0.2 s)
  auto& times = by_host["news.test:" + std::to_string(site.server.port())];
  REQUIRE(times.size() >= 8);
  for (size_t i = 1; i < times.size(); ++i)
    CHECK(times[i] - times[i - 1] >= std::chrono::milliseconds(290));
  // the Korean (EUC-KR, header charset) and Russian (windows-1251, meta only) pages
  CHECK(search(c, "남포항").size() == 1);
  CHECK(search(c, "Находка").size() == 1);
  CHECK(search(c, "Nampo").size() == 1);  // /landed

  auto frontier = Frontier::open(DataLayout(c.data_dir).catalog());
  REQUIRE(frontier);
  auto loop = (*frontier)->find(base + "/loop");
  REQUIRE(loop);
  CHECK_THAT(loop->reason, Catch::Contains("redirect loop"));
  auto missing = (*frontier)->find(base + "/missing");
  REQUIRE(missing);
  CHECK(missing->reason == "HTTP 404");
  auto secret = (*frontier)->find(base + "/private/secret");
  REQUIRE(secret);
  CHECK_THAT(secret->reason, Catch::Contains("robots.txt: Disallow: /private/"));

  // every response is in a WARC file that our reader reads to its end
  uint64_t responses = 0;
  for (const auto& f : fs::directory_iterator(DataLayout(c.data_dir).warc())) {
    if (f.path().extension() != ".gz") continue;
    auto reader = WarcReader::open(f.path().string());
    REQUIRE(reader);
    for (;;) {
      auto r = (*reader)->next();
      REQUIRE(r);
      if (!*r) break;
      if ((**r).type == "response") ++responses;
    }
  }
  CHECK(responses >= 10);
}

TEST_CASE("A second pass asks conditionally: a 304 is a sighting, a changed page a new version",
          "[crawl][e2e]") {
  TempDir dir;
  Site site;
  site.routes();
  site.server.start();
  Config c = site_config(dir, site);
  Pass first = crawl_pass(c, site);
  REQUIRE(first.summary.counts["done"] == 6);
  {
    std::lock_guard lock(site.mu);
    site.version = 2;
  }
  Pass second = crawl_pass(c, site);
  CHECK(second.summary.pass == first.summary.pass + 1);
  CHECK(second.summary.counts["unchanged"] >= 1);  // /ko answered 304
  bool conditional = false;
  for (const auto& r : site.server.requests())
    if (r.path == "/ko" && r.if_none_match == "\"ko-1\"") conditional = true;
  CHECK(conditional);
  CHECK(search(c, "남포항").size() == 1);  // no second document
  // the bulletin: two versions, the new one current
  CHECK(search(c, "\"version 2\"").size() == 1);
  CHECK(search(c, "\"version 1\"").empty());
  CHECK(search(c, "\"version 1\" versions:all").size() == 1);
  auto catalog = Catalog::open(DataLayout(c.data_dir).catalog());
  REQUIRE(catalog);
  CHECK((*catalog)->history(site.server.url("news.test", "/changing")).size() == 2);
}
