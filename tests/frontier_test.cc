// The crawl frontier in the catalog: passes, leases, what a crash leaves, counts.
#include "catalog/frontier.h"

#include <catch2/catch.hpp>

#include "tests/support.h"

using namespace trawl;
using trawl::test::TempDir;

namespace {

FrontierUrl url(const std::string& u, const std::string& host, int depth = 1) {
  FrontierUrl f;
  f.url = u;
  f.source = "news";
  f.host = host;
  f.depth = depth;
  return f;
}

}  // namespace

TEST_CASE("A pass leases each queued URL once, shallowest first, per host", "[catalog][frontier]") {
  TempDir dir;
  const std::string path = dir.str() + "/catalog.sqlite";
  auto f = Frontier::open(path);
  REQUIRE(f);
  auto pass = (*f)->begin_pass("news", {url("http://a.test/", "a.test:80", 0)}, 1000);
  REQUIRE(pass);
  CHECK(*pass == 1);
  std::vector<FrontierUrl> found = {url("http://a.test/x", "a.test:80", 2),
                                    url("http://a.test/y", "a.test:80", 1),
                                    url("http://b.test/", "b.test:80", 1)};
  for (FrontierUrl& u : found) u.pass = *pass;
  CHECK(*(*f)->add(found) == 3);
  CHECK(*(*f)->add(found) == 0);  // known: once per pass
  CHECK((*f)->ready_hosts("news", *pass, 1000) ==
        std::vector<std::string>{"a.test:80", "b.test:80"});
  auto leased = (*f)->lease("news", *pass, "a.test:80", 2, 1000, 600);
  REQUIRE(leased.size() == 2);
  CHECK(leased[0].url == "http://a.test/");   // depth 0
  CHECK(leased[1].url == "http://a.test/y");  // depth 1 before depth 2
  CHECK(leased[0].state == UrlState::kLeased);
  // leased URLs are not leased again
  auto rest = (*f)->lease("news", *pass, "a.test:80", 10, 1000, 600);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].url == "http://a.test/x");
  CHECK((*f)->lease("news", *pass, "a.test:80", 10, 1000, 600).empty());
  leased[0].state = UrlState::kDone;
  leased[0].etag = "\"v1\"";
  REQUIRE((*f)->update(leased[0]));
  PassCounts c = (*f)->counts("news", *pass);
  CHECK(c["done"] == 1);
  CHECK(c["leased"] == 2);
  CHECK(c["queued"] == 1);
  CHECK((*f)->size() == 4);
  CHECK((*f)->queued_by_host("news", *pass) == std::map<std::string, uint64_t>{{"b.test:80", 1}});
  rest[0].state = UrlState::kFailed;
  rest[0].reason = "HTTP 404";
  rest[0].last_fetched = 1001;
  REQUIRE((*f)->update(rest[0]));
  auto failures = (*f)->recent_failures("news", 5);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].reason == "HTTP 404");
}

TEST_CASE("After a crash, leased URLs are queued again and the pass goes on",
          "[catalog][frontier]") {
  TempDir dir;
  const std::string path = dir.str() + "/catalog.sqlite";
  int64_t pass = 0;
  {
    auto f = Frontier::open(path);
    REQUIRE(f);
    pass = *(*f)->begin_pass("news", {url("http://a.test/", "a.test:80", 0)}, 1000);
    FrontierUrl page = url("http://a.test/p", "a.test:80");
    page.pass = pass;
    REQUIRE((*f)->add({page}));
    auto leased = (*f)->lease("news", pass, "a.test:80", 10, 1000, 600);
    REQUIRE(leased.size() == 2);
    leased[0].state = UrlState::kFetched;  // in a WARC file, not yet indexed
    leased[0].warc_file = "/d/warc/x.warc.gz";
    leased[0].warc_offset = 1234;
    REQUIRE((*f)->update(leased[0]));
    // the process dies here: no end_pass
  }
  auto f = Frontier::open(path);
  REQUIRE(f);
  CHECK((*f)->last_pass("news")->status == "interrupted");
  CHECK(*(*f)->begin_pass("news", {url("http://a.test/", "a.test:80", 0)}, 2000) == pass);
  auto again = (*f)->lease("news", pass, "a.test:80", 10, 2000, 600);
  REQUIRE(again.size() == 1);  // only what was in flight
  CHECK(again[0].url == "http://a.test/p");
  auto fetched = (*f)->in_state("news", pass, UrlState::kFetched, 10);
  REQUIRE(fetched.size() == 1);
  CHECK(fetched[0].warc_offset == 1234);
}

TEST_CASE("A new pass queues again what the last one handled, with its validators",
          "[catalog][frontier]") {
  TempDir dir;
  auto f = Frontier::open(dir.str() + "/catalog.sqlite");
  REQUIRE(f);
  int64_t p1 = *(*f)->begin_pass("news", {url("http://a.test/", "a.test:80", 0)}, 1000);
  FrontierUrl outside = url("http://elsewhere.test/", "elsewhere.test:80");
  outside.pass = p1;
  outside.state = UrlState::kOutOfScope;
  REQUIRE((*f)->add({outside}));
  auto leased = (*f)->lease("news", p1, "a.test:80", 10, 1000, 600);
  REQUIRE(leased.size() == 1);
  leased[0].state = UrlState::kDone;
  leased[0].etag = "\"v1\"";
  leased[0].last_modified = "Sun, 06 Nov 1994 08:49:37 GMT";
  REQUIRE((*f)->update(leased[0]));
  REQUIRE((*f)->end_pass("news", p1, "done", 1100));
  int64_t p2 = *(*f)->begin_pass("news", {url("http://a.test/", "a.test:80", 0)}, 2000);
  CHECK(p2 == p1 + 1);
  auto again = (*f)->lease("news", p2, "a.test:80", 10, 2000, 600);
  REQUIRE(again.size() == 1);
  CHECK(again[0].etag == "\"v1\"");
  CHECK(again[0].last_modified == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK((*f)->find("http://elsewhere.test/")->state == UrlState::kOutOfScope);
  CHECK(url_state_from_name("out-of-scope") == UrlState::kOutOfScope);
}
