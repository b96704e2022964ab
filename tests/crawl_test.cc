// Crawl passes end to end against a real site on 127.0.0.1 (two host names mapped there):
// robots.txt, scope, politeness, charsets, redirects and their loops, errors, a Retry-After,
// conditional requests on the second pass and a page that changed between passes.
#include "pipeline/crawl.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "catalog/frontier.h"
#include "config/layout.h"
#include "entities/lists.h"
#include "extractors/warc.h"
#include "index/index.h"
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
          "<a href=\"" +
              other +
              "\">other</a> <a href=\"/moved\">m</a>"
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
  CHECK(paths.count("/changing"));  // the tracking parameter was dropped
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

namespace {}  // namespace

TEST_CASE("Bad responses end in bounded time and memory, each with its reason",
          "[crawl][e2e][bad]") {
  TempDir dir;
  TestServer server;
  auto& s = server.server();
  std::atomic<bool> closing{false};
  const std::string bomb =
      trawl::test::gzip_stream("", '\0', 64u << 20, "");  // 64 MB of zeros in 64 KB
  s.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<html><body><a href=\"/drip\">d</a> <a href=\"/huge\">h</a> <a href=\"/bomb\">b</a> "
        "<a href=\"/gone\">g</a> <a href=\"/broken\">x</a> <a href=\"/image.png\">i</a> "
        "<a href=\"/ok\">ok</a></body></html>",
        "text/html");
  });
  s.Get("/drip", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [&](size_t offset, httplib::DataSink& sink) {
      if (closing || offset >= 60) {
        sink.done();
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      return sink.write("x", 1);
    });
  });
  s.Get("/huge", [&](const httplib::Request&, httplib::Response& res) {
    // 1 GB announced and sent as fast as it is read, 64 KB at a time
    const uint64_t size = 1ull << 30;
    res.set_content_provider(
        size, "text/plain", [&](size_t offset, size_t, httplib::DataSink& sink) {
          static const std::string block(1 << 16, 'a');
          if (closing) return false;
          return sink.write(block.data(), std::min<size_t>(block.size(), size - offset));
        });
  });
  s.Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "text/html");
  });
  s.Get("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 410; });
  s.Get("/broken", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  s.Get("/image.png", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string("\x89PNG\r\n\x1a\n", 8), "image/png");
  });
  s.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body><p>Still indexed: the Wanjin tanker.</p></body></html>",
                    "text/html");
  });
  server.start();

  Config c;
  c.data_dir = dir.str() + "/data";
  c.crawl.contact = "https://example.org/trawl";
  c.crawl.delay = 0;
  c.crawl.max_body_bytes = 32u << 20;
  c.crawl.low_speed_bytes = 100;
  c.crawl.low_speed_seconds = 2;
  c.crawl.retries = 1;
  c.crawl.content_types = {"text/html", "text/plain"};
  SourceOptions src;
  src.name = "bad";
  src.seeds = {server.url("bad.test", "/")};
  src.allow_private = true;
  c.sources.push_back(src);
  CrawlRun run;
  run.resolve = {server.resolve("bad.test")};
  const auto start = std::chrono::steady_clock::now();
  auto r = run_crawl_pass(c, c.sources.front(), {}, run);
  closing = true;
  REQUIRE(r);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
  auto frontier = Frontier::open(DataLayout(c.data_dir).catalog());
  REQUIRE(frontier);
  auto reason = [&](const std::string& path) {
    auto u = (*frontier)->find(server.url("bad.test", path));
    REQUIRE(u);
    return std::string(url_state_name(u->state)) + " " + u->code + ": " + u->reason;
  };
  CHECK_THAT(reason("/drip"), Catch::StartsWith("failed timeout"));
  CHECK_THAT(reason("/huge"), Catch::StartsWith("failed too-large"));
  CHECK_THAT(reason("/bomb"), Catch::StartsWith("failed too-large"));
  CHECK(reason("/gone") == "failed not-found: HTTP 410");
  CHECK(reason("/broken") == "failed io: HTTP 500");
  CHECK_THAT(reason("/image.png"), Catch::StartsWith("failed refused"));
  CHECK_THAT(reason("/image.png"), Catch::Contains("image/png"));
  CHECK(reason("/ok") == "done : ");
  CHECK(search(c, "Wanjin").size() == 1);
  // the 1 GB body was cut where the cap is: the spool holds nothing after the pass
  std::error_code ec;
  uint64_t spooled = 0;
  for (const auto& f : fs::recursive_directory_iterator(DataLayout(c.data_dir).spool(), ec))
    if (f.is_regular_file()) spooled += f.file_size();
  CHECK(spooled == 0);
  uint64_t warc_bytes = 0;
  for (const auto& f : fs::directory_iterator(DataLayout(c.data_dir).warc()))
    warc_bytes += f.file_size();
  CHECK(warc_bytes < (8u << 20));  // the bodies that were cut are not kept whole
}

namespace {

// Debian's microsocks, a SOCKS5 proxy, on a free port of 127.0.0.1 while the object lives.
class Socks5Proxy {
 public:
  Socks5Proxy() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::close(fd);
    pid_ = ::fork();
    if (pid_ == 0) {
      int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      const std::string port = std::to_string(port_);
      ::execl("/usr/bin/microsocks", "microsocks", "-i", "127.0.0.1", "-p", port.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // ready when it accepts connections
    for (int i = 0; i < 200 && !ready(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Socks5Proxy() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  bool ready() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }
  std::string url() const { return "socks5h://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("A source can be fetched through a SOCKS5 proxy", "[crawl][e2e][socks]") {
  REQUIRE(fs::exists("/usr/bin/microsocks"));  // scripts/deps.sh installs it
  TempDir dir;
  TestServer server;
  server.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body><p>Через прокси: танкер Суньтай.</p></body></html>",
                    "text/html; charset=utf-8");
  });
  server.start();
  Socks5Proxy proxy;
  REQUIRE(proxy.ready());
  Config c;
  c.data_dir = dir.str() + "/data";
  c.crawl.contact = "https://example.org/trawl";
  c.crawl.delay = 0;
  c.crawl.retries = 0;
  SourceOptions src;
  src.name = "via-tor";
  // 127.0.0.1 as the proxy sees it: the crawler itself resolves nothing (socks5h)
  src.seeds = {server.url("127.0.0.1", "/")};
  src.proxy = proxy.url();
  c.sources.push_back(src);
  auto r = run_crawl_pass(c, c.sources.front(), {}, {});
  REQUIRE(r);
  CHECK(r->counts["done"] == 1);
  CHECK(search(c, "Суньтай").size() == 1);
  const size_t served = server.requests().size();
  CHECK(served >= 1);

  // without the proxy the same source fails, with the reason: the proxy was in the path
  proxy.stop();
  auto again = run_crawl_pass(c, c.sources.front(), {}, {});
  REQUIRE(again);
  // robots.txt cannot be fetched either: disallow all, until it can be
  CHECK(again->counts["refused"] == 1);
  CHECK(server.requests().size() == served);
  auto u = (*Frontier::open(DataLayout(c.data_dir).catalog()))->find(server.url("127.0.0.1", "/"));
  REQUIRE(u);
  CHECK_THAT(u->reason, Catch::Contains("robots.txt"));
  CHECK_THAT(u->reason, Catch::Contains("proxy"));
}

namespace {

// Pages with no date of their own: each says which list led to it.
void serve_page(httplib::Server& s, const std::string& path, const std::string& text) {
  s.Get(path, [text](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body><p>" + text + "</p></body></html>", "text/html; charset=utf-8");
  });
}

}  // namespace

TEST_CASE("Sitemaps (an index, a gzipped one, one named in robots.txt) and feeds lead to pages",
          "[crawl][e2e][feeds]") {
  TempDir dir;
  TestServer server;
  auto& s = server.server();
  s.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nDisallow: /private/\nSitemap: /news-sitemap.xml\n",
                    "text/plain");
  });
  s.Get("/sitemap_index.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<?xml version=\"1.0\"?><sitemapindex "
        "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<sitemap><loc>/sitemap-1.xml.gz</loc></sitemap></sitemapindex>",
        "application/xml");
  });
  const std::string gz = trawl::test::gzip(
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<url><loc>/a</loc><lastmod>2024-03-28T09:00:00+09:00</lastmod></url>"
      "<url><loc>/b</loc></url><url><loc>/private/c</loc></url></urlset>");
  s.Get("/sitemap-1.xml.gz", [gz](const httplib::Request&, httplib::Response& res) {
    res.set_content(gz, "application/x-gzip");
  });
  s.Get("/news-sitemap.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<url><loc>/n1</loc><lastmod>2025-01-02</lastmod></url></urlset>",
        "text/xml");
  });
  // RSS 2.0 in EUC-KR, and Atom
  const std::string rss =
      "<?xml version=\"1.0\" encoding=\"EUC-KR\"?><rss version=\"2.0\"><channel><title>" +
      kKoreanEucKr +
      "</title><item><title>x</title><link>/k1</link>"
      "<pubDate>Thu, 28 Mar 2024 23:30:00 +0900</pubDate></item></channel></rss>";
  s.Get("/feed.rss", [rss](const httplib::Request&, httplib::Response& res) {
    res.set_content(rss, "application/rss+xml");
  });
  s.Get("/feed.atom", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
        "<entry><title>r</title><link rel=\"alternate\" href=\"/r1\"/>"
        "<link rel=\"enclosure\" href=\"/not-a-page.mp3\"/>"
        "<published>2023-11-05T22:00:00-05:00</published></entry></feed>",
        "application/atom+xml");
  });
  serve_page(s, "/a", "Sitemap page alpha.");
  serve_page(s, "/b", "Sitemap page bravo.");
  serve_page(s, "/private/c", "never fetched");
  serve_page(s, "/n1", "News sitemap page november.");
  serve_page(s, "/k1", "Корейский фид: страница kilo.");
  serve_page(s, "/r1", "Atom entry page romeo.");
  server.start();

  Config c;
  c.data_dir = dir.str() + "/data";
  c.crawl.contact = "https://example.org/trawl";
  c.crawl.delay = 0;
  SourceOptions sm;
  sm.name = "maps";
  sm.kind = SourceKind::kSitemap;
  sm.seeds = {server.url("maps.test", "/sitemap_index.xml")};
  sm.allow_private = true;
  sm.max_depth = 1;
  SourceOptions feeds;
  feeds.name = "feeds";
  feeds.kind = SourceKind::kFeed;
  feeds.seeds = {server.url("maps.test", "/feed.rss"), server.url("maps.test", "/feed.atom")};
  feeds.allow_private = true;
  feeds.max_depth = 1;
  c.sources = {sm, feeds};
  CrawlRun run;
  run.resolve = {server.resolve("maps.test")};

  auto maps = run_crawl_pass(c, c.sources[0], {}, run);
  REQUIRE(maps);
  // the index, its gzipped sitemap, the one robots.txt names; /a, /b, /n1; /private/c refused
  CHECK(maps->counts["done"] == 6);
  CHECK(maps->counts["refused"] == 1);
  CHECK(maps->ingest.ingested == 3);
  auto date_of = [&](const std::string& word) {
    auto hits = search(c, word);
    REQUIRE(hits.size() == 1);
    return hits[0].date;
  };
  CHECK(date_of("alpha") == "2024-03-28");  // lastmod, in UTC
  CHECK(date_of("bravo").empty());
  CHECK(date_of("november") == "2025-01-02");

  auto fed = run_crawl_pass(c, c.sources[1], {}, run);
  REQUIRE(fed);
  CHECK(fed->counts["done"] == 4);          // two feeds, two pages; the enclosure is no page
  CHECK(date_of("kilo") == "2024-03-28");   // 23:30 in Seoul is 14:30 UTC
  CHECK(date_of("romeo") == "2023-11-06");  // 22:00 in New York is 03:00 UTC the next day
  // feeds and sitemaps are lists, not documents
  CHECK(search(c, "urlset").empty());
  CHECK(search(c, "sitemapindex").empty());
  CHECK(search(c, "channel").empty());
  auto frontier = Frontier::open(DataLayout(c.data_dir).catalog());
  REQUIRE(frontier);
  auto rss_url = (*frontier)->find(server.url("maps.test", "/feed.rss"));
  REQUIRE(rss_url);
  CHECK(rss_url->reason == "rss: 1 entry");
  bool enclosure = false;
  for (const auto& r : server.requests())
    if (r.path == "/not-a-page.mp3" || r.path == "/private/c") enclosure = true;
  CHECK_FALSE(enclosure);
}

namespace {

struct UnEntry {
  std::string ref, first, second, alias, script;
  bool entity = false;
};

// A consolidated list in the UN's XML layout.
std::string un_list(const std::vector<UnEntry>& entries) {
  std::string people, orgs;
  for (const UnEntry& e : entries) {
    const std::string tag = e.entity ? "ENTITY" : "INDIVIDUAL";
    std::string x = "<" + tag + "><FIRST_NAME>" + e.first + "</FIRST_NAME>";
    if (!e.second.empty()) x += "<SECOND_NAME>" + e.second + "</SECOND_NAME>";
    x += "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>" + e.ref + "</REFERENCE_NUMBER>";
    x += "<LISTED_ON>2016-03-02</LISTED_ON>";
    if (!e.script.empty()) x += "<NAME_ORIGINAL_SCRIPT>" + e.script + "</NAME_ORIGINAL_SCRIPT>";
    if (!e.alias.empty())
      x += "<" + tag + "_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>" + e.alias + "</ALIAS_NAME></" +
           tag + "_ALIAS>";
    x += "</" + tag + ">";
    (e.entity ? orgs : people) += x;
  }
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><CONSOLIDATED_LIST "
         "dateGenerated=\"2026-12-01\">"
         "<INDIVIDUALS>" +
         people + "</INDIVIDUALS><ENTITIES>" + orgs + "</ENTITIES></CONSOLIDATED_LIST>";
}

}  // namespace

TEST_CASE("An un-list source swaps the list in when it parses and records what changed",
          "[crawl][e2e][un-list]") {
  TempDir dir;
  TestServer server;
  std::mutex mu;
  std::string body = un_list({{"KPi.001", "RI", "HONG SOP", "", "리홍섭"},
                              {"KPi.002", "KIM", "CHOL", "KIM CHUL", ""},
                              {"KPe.001", "OCEAN MARITIME MANAGEMENT", "", "OMM", "", true}});
  server.server().Get("/consolidated.xml", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(mu);
    res.set_content(body, "application/xml");
  });
  server.start();
  Config c;
  c.data_dir = dir.str() + "/data";
  c.crawl.contact = "https://example.org/trawl";
  c.crawl.delay = 0;
  SourceOptions src;
  src.name = "un-list";
  src.kind = SourceKind::kUnList;
  src.max_depth = 0;
  src.seeds = {server.url("127.0.0.1", "/consolidated.xml")};
  src.allow_private = true;
  c.sources.push_back(src);
  const std::string toml = dir.write("trawl.toml", "data_dir = \"" + c.data_dir + "\"\n");

  auto first = run_crawl_pass(c, src, {}, {});
  REQUIRE(first);
  CHECK(first->counts["done"] == 1);
  CHECK(first->ingest.ingested == 0);  // a list, not a document
  std::vector<std::string> warnings;
  auto g = load_gazetteer(c.data_dir, &warnings);
  REQUIRE(g->find("list:UN:KPi.001"));
  auto none = trawl::test::run_trawl({"lists", "changes", "--config", toml});
  CHECK(none.status == 0);
  CHECK_THAT(none.out, Catch::Contains("no changes recorded"));  // the first fetch

  // one added, one removed, one renamed, aliases changed
  {
    std::lock_guard lock(mu);
    body =
        un_list({{"KPi.001", "RI", "HONG SOP", "", "리홍섭"},
                 {"KPi.003", "PAK", "YONG SIK", "", "박영식"},
                 {"KPe.001", "OCEAN MARITIME MANAGEMENT COMPANY LIMITED", "", "OMM CO", "", true}});
  }
  auto second = run_crawl_pass(c, src, {}, {});
  REQUIRE(second);
  auto frontier = Frontier::open(DataLayout(c.data_dir).catalog());
  REQUIRE(frontier);
  auto u = (*frontier)->find(src.seeds[0]);
  REQUIRE(u);
  CHECK(u->reason == "list UN: 3 entries, 1 added, 1 removed, 1 renamed, 1 aliases");
  auto j = trawl::test::run_trawl({"lists", "changes", "--config", toml, "--json"});
  REQUIRE(j.status == 0);
  auto changes = nlohmann::json::parse(j.out)["changes"];
  REQUIRE(changes.size() == 4);
  std::map<std::string, nlohmann::json> by_kind;
  for (const auto& ch : changes) by_kind[ch["kind"]] = ch;
  CHECK(by_kind["added"]["entry"] == "list:UN:KPi.003");
  CHECK(by_kind["removed"]["entry"] == "list:UN:KPi.002");
  CHECK(by_kind["renamed"]["entry"] == "list:UN:KPe.001");
  CHECK(by_kind["renamed"]["detail"] == "was OCEAN MARITIME MANAGEMENT");
  CHECK(by_kind["aliases"]["detail"] == "+OMM CO; -OMM");
  CHECK(by_kind["added"]["list"] == "UN");

  // a bad download: the list in use stays, nothing is recorded
  {
    std::lock_guard lock(mu);
    body = "<?xml version=\"1.0\"?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X";
  }
  auto third = run_crawl_pass(c, src, {}, {});
  REQUIRE(third);
  CHECK(third->counts["failed"] == 1);
  u = (*frontier)->find(src.seeds[0]);
  REQUIRE(u);
  CHECK_THAT(u->reason, Catch::StartsWith("list UN kept as it was: "));
  g = load_gazetteer(c.data_dir, &warnings);
  CHECK(g->find("list:UN:KPi.003"));
  auto after = trawl::test::run_trawl({"lists", "changes", "--config", toml, "--json"});
  CHECK(nlohmann::json::parse(after.out)["changes"].size() == 4);
}

TEST_CASE("A host that keeps failing is backed off, not hammered", "[crawl][e2e][backoff]") {
  TempDir dir;
  TestServer server;
  auto& s = server.server();
  s.Get("/", [](const httplib::Request&, httplib::Response& res) {
    std::string links;
    for (int i = 0; i < 6; ++i) links += "<a href=\"/down/" + std::to_string(i) + "\">x</a>";
    res.set_content("<html><body>" + links + "</body></html>", "text/html");
  });
  s.Get(R"(/down/\d+)", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  server.start();
  Config c;
  c.data_dir = dir.str() + "/data";
  c.crawl.contact = "https://example.org/trawl";
  c.crawl.delay = 0;
  c.crawl.retries = 0;
  SourceOptions src;
  src.name = "flaky";
  src.seeds = {server.url("127.0.0.1", "/")};
  src.allow_private = true;
  src.obey_robots = false;
  c.sources.push_back(src);
  std::vector<std::string> events;
  CrawlCallbacks cb;
  cb.on_event = [&](const std::string& line) { events.push_back(line); };
  auto r = run_crawl_pass(c, src, cb, {});
  REQUIRE(r);
  CHECK(r->counts["failed"] == 6);
  std::vector<std::chrono::steady_clock::time_point> down;
  for (const auto& q : server.requests())
    if (q.path.starts_with("/down/")) down.push_back(q.at);
  REQUIRE(down.size() == 6);
  // three failures in a row go at the source's pace (no delay); then 2 s, then 4 s
  CHECK(down[3] - down[2] < std::chrono::milliseconds(900));
  CHECK(down[4] - down[3] >= std::chrono::milliseconds(1900));
  CHECK(down[5] - down[4] >= std::chrono::milliseconds(3900));
  bool said = false;
  for (const auto& e : events)
    if (e.find("keeps failing") != std::string::npos) said = true;
  CHECK(said);
}
