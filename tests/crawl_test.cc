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
#include <zlib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "catalog/frontier.h"
#include "config/layout.h"
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

namespace {

// gzip of `n` zero bytes.
std::string gzip_zeros(size_t n) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string zeros(1 << 20, '\0'), out;
  char buf[1 << 16];
  for (size_t done = 0; done < n; done += zeros.size()) {
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(std::min(zeros.size(), n - done));
    const int flush = done + zeros.size() >= n ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("Bad responses end in bounded time and memory, each with its reason",
          "[crawl][e2e][bad]") {
  TempDir dir;
  TestServer server;
  auto& s = server.server();
  std::atomic<bool> closing{false};
  const std::string bomb = gzip_zeros(64u << 20);  // 64 MB of zeros in 64 KB
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
