// The crawl commands as an operator runs them: `trawl crawl --once`, `trawl status`,
// `trawl daemon` under signals, and `kill -9` of a crawl then a restart. The site is real
// HTTP on 127.0.0.1; trawl runs as its own process.
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "catalog/frontier.h"
#include "config/layout.h"
#include "index/index.h"
#include "tests/http_server.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::run_trawl;
using trawl::test::RunResult;
using trawl::test::TempDir;
using trawl::test::TestServer;
using trawl::test::TrawlProcess;

namespace {

// A site of `pages` pages, each linking to the next three, on 127.0.0.1; /drip sends a
// byte a second.
struct Site {
  TestServer server;
  std::atomic<bool> closing{false};
  int pages = 0;

  explicit Site(int n) : pages(n) {
    auto& s = server.server();
    s.Get(R"(/page/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      const int i = std::stoi(req.matches[1]);
      if (i >= pages) {
        res.status = 404;
        return;
      }
      res.set_content(page(i), "text/html; charset=utf-8");
    });
    s.Get("/drip", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/html", [this](size_t offset, httplib::DataSink& sink) {
        if (closing || offset >= 120) {
          sink.done();
          return true;
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
        return sink.write("x", 1);
      });
    });
    server.start();
  }
  ~Site() { closing = true; }

  std::string page(int i) const {
    std::string body = "<html><head><title>Vessel report " + std::to_string(i) +
                       "</title></head><body><p>The tanker vessel number " + std::to_string(i) +
                       " was seen near Nampo.</p>";
    for (int k = 1; k <= 3; ++k)
      body += "<a href=\"/page/" + std::to_string((i + k) % pages) + "\">next</a> ";
    return body + "</body></html>";
  }

  std::string seed() const { return server.url("127.0.0.1", "/page/0"); }
  std::set<std::string> requested_after(std::chrono::steady_clock::time_point t) {
    std::set<std::string> out;
    for (const auto& r : server.requests())
      if (r.at >= t) out.insert(r.path);
    return out;
  }
};

std::string config_text(const std::string& data_dir, const std::string& sources, double delay = 0) {
  return "data_dir = \"" + data_dir +
         "\"\n"
         "[crawl]\n"
         "contact = \"https://example.org/trawl-tests\"\n"
         "delay = " +
         std::to_string(delay) + "\n" + sources;
}

std::string source_text(const std::string& name, const std::string& seed,
                        const std::string& extra = "") {
  return "[[source]]\nname = \"" + name + "\"\nkind = \"site\"\nseeds = [\"" + seed +
         "\"]\nallow_private = true\nmax_depth = 100\n" + extra;
}

// The URIs of the documents in the index that hold `word`.
std::set<std::string> indexed(const std::string& data_dir, const std::string& word) {
  auto r = IndexReader::open(DataLayout(data_dir).index());
  REQUIRE(r);
  SearchRequest req;
  req.query = word;
  req.limit = 10000;
  auto res = (*r)->search(req);
  REQUIRE(res);
  std::set<std::string> out;
  for (const SearchHit& h : res->hits) out.insert(h.location);
  return out;
}

std::string path_of(const std::string& url) {
  auto p = url.find('/', url.find("//") + 2);
  return p == std::string::npos ? "/" : url.substr(p);
}

}  // namespace

TEST_CASE("trawl crawl --once crawls a source, and trawl status reports it", "[crawl][cli]") {
  TempDir dir;
  Site site(12);
  const std::string data = dir.str() + "/data";
  const std::string toml =
      dir.write("trawl.toml", config_text(data, source_text("test-site", site.seed())));
  RunResult before = run_trawl({"status", "--config", toml});
  CHECK(before.status == 0);
  CHECK_THAT(before.out, Catch::Contains("never crawled"));
  CHECK_FALSE(std::filesystem::exists(data));  // status creates nothing
  RunResult r = run_trawl({"crawl", "--config", toml, "--once"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("source test-site pass 1: done 12"));
  CHECK(indexed(data, "Nampo").size() == 12);

  RunResult st = run_trawl({"status", "--config", toml, "--json"});
  REQUIRE(st.status == 0);
  auto j = nlohmann::json::parse(st.out);
  REQUIRE(j["sources"].size() == 1);
  const auto& s = j["sources"][0];
  CHECK(s["name"] == "test-site");
  CHECK(s["kind"] == "site");
  CHECK(s["last_pass"]["pass"] == 1);
  CHECK(s["last_pass"]["status"] == "done");
  CHECK(s["last_pass"]["counts"]["done"] == 12);
  CHECK(s["next_run"].is_null());  // no schedule: --once only

  RunResult text = run_trawl({"status", "--config", toml});
  REQUIRE(text.status == 0);
  CHECK_THAT(text.out, Catch::Contains("last pass 1 done"));
  CHECK_THAT(text.out, Catch::Contains("urls: done 12"));

  // the page as fetched, from its WARC record
  RunResult found = run_trawl({"search", "--config", toml, "--json", "\"number 7\""});
  REQUIRE(found.status == 0);
  auto hits = nlohmann::json::parse(found.out)["hits"];
  REQUIRE(hits.size() == 1);
  const std::string id = hits[0]["id"];
  const std::string out = dir.str() + "/original.html";
  RunResult orig = run_trawl({"show", "--config", toml, "--original", id, "--out", out});
  INFO(orig.err);
  REQUIRE(orig.status == 0);
  CHECK(trawl::test::read_bytes(out) == site.page(7));
  RunResult to_stdout = run_trawl({"show", "--config", toml, "--original", id});
  CHECK(to_stdout.out == site.page(7));

  // a second pass: every page again, conditionally; nothing new is indexed
  RunResult again = run_trawl({"crawl", "--config", toml, "--once", "--source", "test-site"});
  REQUIRE(again.status == 0);
  CHECK_THAT(again.out, Catch::Contains("pass 2"));
  CHECK(indexed(data, "Nampo").size() == 12);
}

TEST_CASE("trawl crawl exits 2 for a bad configuration and 1 for an unusable data folder",
          "[crawl][cli]") {
  TempDir dir;
  const std::string data = dir.str() + "/data";
  const std::string seed = "http://127.0.0.1:9/";
  SECTION("no contact") {
    const std::string toml =
        dir.write("trawl.toml", "data_dir = \"" + data + "\"\n" + source_text("a", seed));
    RunResult r = run_trawl({"crawl", "--config", toml, "--once"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("crawl.contact"));
  }
  SECTION("an unknown source") {
    const std::string toml = dir.write("trawl.toml", config_text(data, source_text("a", seed)));
    RunResult r = run_trawl({"crawl", "--config", toml, "--once", "--source", "b"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("no source named \"b\""));
  }
  SECTION("an invalid key names the file and line") {
    const std::string toml = dir.write(
        "trawl.toml", config_text(data, source_text("a", seed, "every = \"5 minutes\"\n")));
    RunResult r = run_trawl({"crawl", "--config", toml, "--once"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("trawl.toml:11:"));  // file:line of the key
    CHECK_THAT(r.err, Catch::Contains("every = \"5 minutes\""));
  }
  SECTION("the data folder is a file") {
    const std::string file = dir.write("not-a-folder", "x");
    const std::string toml = dir.write("trawl.toml", config_text(file, source_text("a", seed)));
    RunResult r = run_trawl({"crawl", "--config", toml, "--once"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("not-a-folder"));
  }
}

TEST_CASE("kill -9 of a crawl at several points, then a restart, gives the uninterrupted result",
          "[crawl][cli]") {
  const int kPages = 40;
  // the uninterrupted crawl
  TempDir ref_dir;
  std::set<std::string> reference;
  {
    Site site(kPages);
    const std::string data = ref_dir.str() + "/data";
    const std::string toml =
        ref_dir.write("trawl.toml", config_text(data, source_text("test-site", site.seed())));
    RunResult r = run_trawl({"crawl", "--config", toml, "--once"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    reference = indexed(data, "Nampo");
    REQUIRE(reference.size() == kPages);
  }

  TempDir dir;
  Site site(kPages);
  const std::string data = dir.str() + "/data";
  // a small delay so that the kills land mid-pass
  const std::string toml =
      dir.write("trawl.toml", config_text(data, source_text("test-site", site.seed()), 0.05));
  // kills when the site has had this many requests in all: early, midway, late
  for (size_t kill_at : {4u, 16u, 30u}) {
    {
      TrawlProcess p({"crawl", "--config", toml, "--once"});
      for (int i = 0; i < 3000 && site.server.requests().size() < kill_at; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      p.signal(SIGKILL);
      auto r = p.wait(5000);
      REQUIRE(r);
      CHECK(r->status == 128 + SIGKILL);
    }
    // what the killed run recorded as fetched must not be fetched again
    std::set<std::string> settled;
    {
      auto frontier = Frontier::open(DataLayout(data).catalog());
      REQUIRE(frontier);
      for (UrlState st : {UrlState::kDone, UrlState::kFetched, UrlState::kUnchanged})
        for (const FrontierUrl& u : (*frontier)->in_state("test-site", 1, st, 1000))
          settled.insert(path_of(u.url));
    }
    CHECK_FALSE(settled.empty());
    const auto restart = std::chrono::steady_clock::now();
    {
      TrawlProcess p({"crawl", "--config", toml, "--once"});
      for (int i = 0; i < 1000 && site.server.requests().size() < kill_at + 4; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      p.signal(SIGKILL);
      REQUIRE(p.wait(5000));
    }
    for (const std::string& path : site.requested_after(restart)) {
      INFO("fetched again after the restart: " << path);
      CHECK_FALSE(settled.count(path));
    }
  }
  // the last run goes to the end of the pass
  RunResult r = run_trawl({"crawl", "--config", toml, "--once"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("pass 1:"));  // the interrupted pass finished
  CHECK_THAT(r.out, Catch::Contains("done 40"));
  std::set<std::string> got;
  for (const std::string& uri : indexed(data, "Nampo")) got.insert(path_of(uri));
  std::set<std::string> want;
  for (const std::string& uri : reference) want.insert(path_of(uri));
  CHECK(got == want);
  // a kill loses at most the one fetch in flight (one host, one connection to it): over
  // six kills, at most six pages are fetched a second time
  std::map<std::string, int> fetches;  // page path -> requests over all runs
  int again = 0;
  for (const auto& req : site.server.requests())
    if (req.path != "/robots.txt" && ++fetches[req.path] > 1) ++again;  // robots.txt: once a run
  CHECK(fetches.size() == kPages);
  CHECK(again <= 6);
}

TEST_CASE("trawl daemon runs its schedules, reloads on SIGHUP, and stops on SIGTERM",
          "[crawl][cli][daemon]") {
  TempDir dir;
  Site site(5);
  const std::string data = dir.str() + "/data";
  const std::string good =
      config_text(data, source_text("test-site", site.seed(), "every = \"1h\"\n"));
  const std::string toml = dir.write("trawl.toml", good);
  TrawlProcess d({"daemon", "--config", toml});
  REQUIRE(d.wait_for_err("source test-site pass 1", 60000));
  CHECK_THAT(d.err(), Catch::Contains("done 5"));

  // an invalid configuration is refused, with its reason, and the old one stays
  dir.write("trawl.toml", good + "[[source]]\nname = \"broken\"\nkind = \"torrent\"\n");
  d.signal(SIGHUP);
  REQUIRE(d.wait_for_err("not reloaded", 10000));
  CHECK_THAT(d.err(), Catch::Contains("torrent"));
  CHECK_FALSE(d.wait(0));

  // a valid one is taken: its new source, a slow page, runs at once
  dir.write("trawl.toml",
            good + source_text("slow", site.server.url("127.0.0.1", "/drip"), "every = \"1h\"\n"));
  d.signal(SIGHUP);
  REQUIRE(d.wait_for_err("configuration reloaded: 2 sources", 10000));
  bool dripping = false;
  for (int i = 0; i < 500 && !dripping; ++i) {
    for (const auto& r : site.server.requests())
      if (r.path == "/drip") dripping = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(dripping);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto term = std::chrono::steady_clock::now();
  d.signal(SIGTERM);
  auto r = d.wait(30000);
  REQUIRE(r);
  CHECK(std::chrono::steady_clock::now() - term < std::chrono::seconds(30));
  CHECK(r->status == 0);
  CHECK_THAT(r->err, Catch::Contains("stopped"));

  RunResult st = run_trawl({"status", "--config", toml, "--json"});
  REQUIRE(st.status == 0);
  auto j = nlohmann::json::parse(st.out);
  REQUIRE(j["sources"].size() == 2);
  CHECK(j["sources"][0]["last_pass"]["status"] == "done");
  CHECK(j["sources"][0]["next_run"].is_string());
  CHECK(j["sources"][1]["last_pass"]["status"] == "interrupted");
}

TEST_CASE("trawl daemon with a [serve] table serves the page and the API, and finds what it crawls",
          "[crawl][cli][daemon][server]") {
  TempDir dir;
  Site site(5);
  const std::string data = dir.str() + "/data";
  const std::string toml = dir.write(
      "trawl.toml", config_text(data, source_text("test-site", site.seed(), "every = \"1h\"\n")) +
                        "[serve]\nlisten = \"127.0.0.1:0\"\n");
  TrawlProcess d({"daemon", "--config", toml});
  REQUIRE(d.wait_for_err("serving the page and the API on http://127.0.0.1:", 20000));
  const std::string err = d.err();
  const int port = std::stoi(err.substr(err.find("http://127.0.0.1:") + 17));
  httplib::Client c("127.0.0.1", port);
  auto health = c.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  REQUIRE(d.wait_for_err("source test-site pass 1", 60000));
  // readers move to a writer's commits within serve.reopen_seconds (1 s)
  int total = -1;
  for (int i = 0; i < 50 && total != 5; ++i) {
    auto found = c.Get("/api/search?q=Nampo&collapse=0");
    REQUIRE(found);
    REQUIRE(found->status == 200);
    total = nlohmann::json::parse(found->body)["total"];
    if (total != 5) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(total == 5);
  // a crawled page: its fetch record and WARC place, and its original from the WARC record
  auto hit = c.Get("/api/search?q=Nampo&limit=1");
  REQUIRE(hit);
  const std::string id = nlohmann::json::parse(hit->body)["hits"][0]["id"];
  auto doc = c.Get(("/api/doc/" + id).c_str());
  REQUIRE(doc);
  auto dj = nlohmann::json::parse(doc->body);
  CHECK(dj["site"] == "127.0.0.1");
  CHECK(dj["locations"][0]["http_status"] == 200);
  CHECK(dj["locations"][0]["warc_file"].get<std::string>().find(".warc.gz") != std::string::npos);
  auto original = c.Get(("/api/doc/" + id + "/original").c_str());
  REQUIRE(original);
  CHECK(original->status == 200);
  CHECK(original->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(original->body.find("was seen near Nampo") != std::string::npos);
  auto page = c.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  d.signal(SIGTERM);
  auto r = d.wait(30000);
  REQUIRE(r);
  CHECK(r->status == 0);
}

TEST_CASE("trawl show --original gives an ingested file's bytes, and says when they changed",
          "[cli][original]") {
  TempDir dir;
  const std::string data = dir.str() + "/data";
  const std::string text = "Перевалка угля у порта Находка, судно IMO 9123456.\n";
  const std::string file = dir.write("docs/report.txt", text);
  RunResult in = run_trawl({"ingest", "--data", data, dir.str() + "/docs"});
  REQUIRE(in.status == 0);
  RunResult found = run_trawl({"search", "--data", data, "--json", "Находка"});
  REQUIRE(found.status == 0);
  auto hits = nlohmann::json::parse(found.out)["hits"];
  REQUIRE(hits.size() == 1);
  const std::string id = hits[0]["id"];
  RunResult orig = run_trawl({"show", "--data", data, "--original", id});
  REQUIRE(orig.status == 0);
  CHECK(orig.out == text);
  dir.write("docs/report.txt", "rewritten since");
  RunResult changed = run_trawl({"show", "--data", data, "--original", id});
  CHECK(changed.status != 0);
  CHECK(changed.out.empty());
  CHECK_THAT(changed.err, Catch::Contains("changed since it was indexed"));
  CHECK_THAT(changed.err, Catch::Contains(file));
}

TEST_CASE("trawl robots --url decides from the live robots.txt, redirects and statuses included",
          "[cli][robots]") {
  TestServer server;
  auto& s = server.server();
  s.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.status = 301;
    res.set_header("Location", "/real-robots.txt");
  });
  s.Get("/real-robots.txt", [](const httplib::Request&, httplib::Response& res) {
    // long enough for cpp-httplib to compress it when asked
    res.set_content("User-agent: trawl\nDisallow: /private/\nAllow: /private/press$\n" +
                        std::string(2000, '#') + "\n",
                    "text/plain");
  });
  s.Get("/down/robots.txt",
        [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  server.start();
  const std::string base = server.url("127.0.0.1", "");
  RunResult r = run_trawl({"robots", "--url", base + "/news/index.html", "--agent", "trawl",
                           base + "/private/x", base + "/private/press", base + "/public"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("disallowed " + base + "/private/x  Disallow: /private/"));
  CHECK_THAT(r.out, Catch::Contains("allowed " + base + "/private/press  Allow: /private/press$"));
  CHECK_THAT(r.out, Catch::Contains("allowed " + base + "/public"));
  CHECK_THAT(r.err, Catch::Contains("real-robots.txt: HTTP 200"));

  // a 5xx: everything disallowed until it can be fetched
  RunResult down = run_trawl({"robots", "--url", base + "/down/robots.txt", base + "/a"});
  REQUIRE(down.status == 0);
  CHECK_THAT(down.out, Catch::StartsWith("disallowed " + base + "/a"));

  RunResult neither = run_trawl({"robots", base + "/a"});
  CHECK(neither.status == 2);
  CHECK_THAT(neither.err, Catch::Contains("--file"));
}

TEST_CASE("trawl daemon speaks systemd's notify protocol: READY, WATCHDOG, STOPPING",
          "[cli][daemon]") {
  TempDir dir;
  Site site(2);
  // the notify socket systemd would give it
  const std::string sock_path = dir.str() + "/notify.sock";
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock_path.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{0, 200000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const std::string data = dir.str() + "/data";
  const std::string toml = dir.write(
      "trawl.toml", config_text(data, source_text("test-site", site.seed(), "every = \"1h\"\n")));
  ::setenv("NOTIFY_SOCKET", sock_path.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "600000", 1);  // 0.6 s: pings every 0.2 s
  TrawlProcess d({"daemon", "--config", toml});
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  std::string got;
  auto receive_until = [&](const std::string& what, int ms) {
    for (int waited = 0; waited < ms && got.find(what) == std::string::npos; waited += 200) {
      char buf[4096];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) got.append(buf, static_cast<size_t>(n)).append("\n");
    }
    return got.find(what) != std::string::npos;
  };
  CHECK(receive_until("READY=1", 10000));
  REQUIRE(d.wait_for_err("source test-site pass 1", 30000));
  // idle between passes, it still pings
  got.clear();
  CHECK(receive_until("WATCHDOG=1", 2000));
  d.signal(SIGTERM);
  CHECK(receive_until("STOPPING=1", 10000));
  auto r = d.wait(30000);
  REQUIRE(r);
  CHECK(r->status == 0);
  ::close(fd);
}
