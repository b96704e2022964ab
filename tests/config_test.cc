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
