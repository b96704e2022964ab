#include <catch2/catch.hpp>

#include "config/config.h"
#include "tests/support.h"

using namespace trawl;
using trawl::test::TempDir;

TEST_CASE("Config file overrides defaults and keeps the rest", "[config]") {
  TempDir dir;
  std::string path = dir.write("trawl.toml",
                               "data_dir = \"/srv/trawl\"\n"
                               "[ingest]\nthreads = 3\nsource = \"reports\"\n"
                               "[pdf]\npasswords = [\"a\", \"b\"]\ntime_limit_seconds = 30\n"
                               "[index]\nshards = 2\n");
  auto c = load_config_file(path);
  REQUIRE(c);
  CHECK(c->data_dir == "/srv/trawl");
  CHECK(c->ingest.threads == 3);
  CHECK(c->ingest.source == "reports");
  CHECK(c->pdf.passwords == std::vector<std::string>{"a", "b"});
  CHECK(c->pdf.time_limit_seconds == 30);
  CHECK(c->index.shards == 2);
  CHECK(c->index.commit_every == Config{}.index.commit_every);
}

TEST_CASE("Config errors name the file, the line and the key", "[config]") {
  TempDir dir;
  struct Case {
    const char* text;
    const char* expect;  // substring of the message
  };
  const Case cases[] = {
      {"[ingest]\nthreads = -1\n", "ingest.threads must be between 0 and 256"},
      {"[ingest]\nthread = 2\n", ":2: ingest.thread is not a known setting"},
      {"[pdf]\npasswords = \"x\"\n", ":2: pdf.passwords must be an array of strings"},
      {"[ingest]\nthreads = \"two\"\n", "ingest.threads must be an integer"},
      {"[index\n", "trawl.toml:1"},
      {"colour = 1\n", "colour is not a known setting"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::string path = dir.write("trawl.toml", c.text);
    auto r = load_config_file(path);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(c.expect));
    CHECK_THAT(r.error().message, Catch::Contains("trawl.toml"));
  }
}

TEST_CASE("A missing config file is an error naming it", "[config]") {
  auto r = load_config_file("/nonexistent/trawl.toml");
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error().message, Catch::Contains("/nonexistent/trawl.toml"));
}

TEST_CASE("Crawl sources are read with their schedules, scope and kind defaults", "[config]") {
  TempDir dir;
  std::string path = dir.write("trawl.toml",
                               "data_dir = \"./trawl-data\"\n"
                               "[crawl]\ncontact = \"https://example.org/trawl\"\ndelay = 2.5\n"
                               "[[source]]\n"
                               "name = \"test-site\"\n"
                               "kind = \"site\"\n"
                               "seeds = [\"http://127.0.0.1:8765/\"]\n"
                               "allow_private = true\n"
                               "max_depth = 3\n"
                               "every = \"6h\"\n"
                               "[[source]]\n"
                               "name = \"un-press\"\n"
                               "kind = \"feed\"\n"
                               "seeds = [\"https://press.un.org/en/rss.xml\"]\n"
                               "cron = \"0 */6 * * *\"\n"
                               "proxy = \"socks5h://127.0.0.1:9050\"\n"
                               "[[source]]\n"
                               "name = \"one-off\"\n"
                               "kind = \"urls\"\n"
                               "seeds = [\"https://example.org/a.pdf\"]\n");
  auto c = load_config_file(path);
  INFO((c ? "" : c.error().message));
  REQUIRE(c);
  CHECK(c->crawl.contact == "https://example.org/trawl");
  CHECK(c->crawl.delay == 2.5);
  CHECK(c->crawl.per_host == 1);  // the default
  REQUIRE(c->sources.size() == 3);
  const SourceOptions& site = c->sources[0];
  CHECK(site.name == "test-site");
  CHECK(site.kind == SourceKind::kSite);
  CHECK(site.allow_private);
  CHECK(site.obey_robots);
  CHECK(site.max_depth == 3);
  CHECK(site.schedule.kind == Schedule::Kind::kEvery);
  CHECK(site.schedule.every == 6 * 3600);
  CHECK(site.line == 5);
  const SourceOptions& feed = c->sources[1];
  CHECK(feed.kind == SourceKind::kFeed);
  CHECK(feed.max_depth == 1);  // a feed's items, not their links
  CHECK(feed.schedule.kind == Schedule::Kind::kCron);
  CHECK_FALSE(feed.allow_private);
  CHECK(feed.proxy == "socks5h://127.0.0.1:9050");
  CHECK(c->sources[2].schedule.kind == Schedule::Kind::kOnce);
  CHECK(c->sources[2].max_depth == 0);
}

TEST_CASE("A bad source is refused naming the file, the source, its line and the key",
          "[config]") {
  TempDir dir;
  struct Case {
    const char* text;
    const char* expect;
  };
  const std::string head = "[[source]]\nname = \"s\"\nseeds = [\"http://a.example/\"]\n";
  const Case cases[] = {
      {"kind = \"forum\"\n", "kind must be one of site, feed, sitemap, urls, un-list"},
      {"every = \"6x\"\n", "every = \"6x\": unknown unit 'x'"},
      {"cron = \"0 25 * * *\"\n", "cron = \"0 25 * * *\": hour"},
      {"every = \"1h\"\ncron = \"@daily\"\n", "every and cron cannot both be set"},
      {"proxy = \"tor://x\"\n", "proxy must start with"},
      {"colour = 1\n", ":4: source.colour is not a known setting"},
      {"max_depth = -1\n", "source \"s\" (line 1): max_depth must be between 0 and 100"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::string path = dir.write("trawl.toml", head + c.text);
    auto r = load_config_file(path);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kInvalid);
    CHECK_THAT(r.error().message, Catch::Contains(c.expect) && Catch::Contains("trawl.toml"));
  }
  const Case whole[] = {
      {"[[source]]\nname = \"s\"\n", "seeds must list at least one URL"},
      {"[[source]]\nseeds = [\"http://a.example/\"]\n", "source: name is required"},
      {"[[source]]\nname = \"s\"\nseeds = [\"ftp://a.example/\"]\n", "absolute http(s) URLs"},
      {"[[source]]\nname = \"s\"\nseeds = [\"http://a/\"]\n[[source]]\nname = \"s\"\nseeds = "
       "[\"http://b/\"]\n",
       "name is used twice"},
      {"[[source]]\nname = \"a b\"\nseeds = [\"http://a/\"]\n", "name must be"},
      {"[crawl]\nuser_agent = \"Mozilla/5.0 (X11)\"\n", "crawl.user_agent must be a product token"},
      {"source = 3\n", "source must be an array of tables"},
  };
  for (const Case& c : whole) {
    INFO(c.text);
    std::string path = dir.write("trawl.toml", c.text);
    auto r = load_config_file(path);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(c.expect));
  }
}
