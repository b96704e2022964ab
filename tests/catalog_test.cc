// The catalog on a real SQLite file: versions of a location, gone locations, the index
// flags that follow them, runs, and the filters of catalog-driven runs.
#include "catalog/catalog.h"

#include <catch2/catch.hpp>

#include "tests/support.h"

using namespace trawl;
using trawl::test::TempDir;

namespace {

Sighting indexed(const std::string& uri, const std::string& id, int64_t at, int64_t run) {
  Sighting s;
  s.uri = uri;
  s.source = "files";
  s.doc_id = id;
  s.mime = "text/plain";
  s.state = LocationState::kIndexed;
  s.seen_at = at;
  s.run = run;
  s.written = true;
  return s;
}

Sighting failed(const std::string& uri, const std::string& id, ErrorCode code, int64_t run) {
  Sighting s = indexed(uri, id, 100, run);
  s.state = LocationState::kFailed;
  s.written = false;
  s.error = StageError{Stage::kExtract, Error{code, "it broke"}};
  return s;
}

}  // namespace

TEST_CASE("A location that changes keeps its earlier version with the times it was seen",
          "[catalog]") {
  TempDir dir;
  auto c = Catalog::open(dir.str() + "/catalog.sqlite");
  REQUIRE(c);
  Catalog& cat = **c;
  REQUIRE(cat.record({indexed("/d/a.txt", "aaa", 100, 1)}));
  REQUIRE(cat.record({indexed("/d/a.txt", "aaa", 200, 2)}));
  REQUIRE(cat.record({indexed("/d/a.txt", "bbb", 300, 3)}));
  auto h = cat.history("/d/a.txt");
  REQUIRE(h.size() == 2);
  CHECK(h[0].doc_id == "aaa");
  CHECK(h[0].first_seen == 100);
  CHECK(h[0].last_seen == 200);
  CHECK_FALSE(h[0].current);
  CHECK(h[1].doc_id == "bbb");
  CHECK(h[1].first_seen == 300);
  CHECK(h[1].current);
  auto loc = cat.find("/d/a.txt");
  REQUIRE(loc);
  CHECK(loc->doc_id == "bbb");
  CHECK(loc->first_seen == 100);
  CHECK(loc->last_seen == 300);
  // the earlier document is no longer current: its flag must be synced to "old"
  auto flags = cat.flags_to_sync();
  REQUIRE(flags.size() == 1);
  CHECK(flags[0] == std::pair<std::string, bool>{"aaa", false});
  REQUIRE(cat.flags_synced(flags));
  CHECK(cat.flags_to_sync().empty());
  // back to the first bytes (known to the index: not written again): current again
  Sighting revert = indexed("/d/a.txt", "aaa", 400, 4);
  revert.written = false;
  REQUIRE(cat.record({revert}));
  auto back = cat.flags_to_sync();
  CHECK(back == std::vector<std::pair<std::string, bool>>{{"aaa", true}, {"bbb", false}});
}

TEST_CASE("Locations a complete walk did not see are gone, members of containers included",
          "[catalog]") {
  TempDir dir;
  auto c = Catalog::open(dir.str() + "/catalog.sqlite");
  REQUIRE(c);
  Catalog& cat = **c;
  REQUIRE(cat.record({indexed("/d/a.txt", "a", 100, 1), indexed("/d/z.zip", "z", 100, 1),
                      indexed("/d/z.zip/in.txt", "i", 100, 1), indexed("/d2/b.txt", "b", 100, 1),
                      indexed("/dd/c.txt", "c", 100, 1)}));
  // run 2 sees only a.txt
  REQUIRE(cat.record({indexed("/d/a.txt", "a", 200, 2)}));
  auto gone = cat.mark_gone("/d", 2, 250);
  REQUIRE(gone);
  CHECK(*gone == 2);  // the zip and its member; not /d2 nor /dd, which are not under /d
  CHECK(cat.find("/d/z.zip")->state == LocationState::kGone);
  CHECK(cat.find("/d/z.zip/in.txt")->state == LocationState::kGone);
  CHECK(cat.find("/d2/b.txt")->state == LocationState::kIndexed);
  CHECK(cat.find("/dd/c.txt")->state == LocationState::kIndexed);
  auto flags = cat.flags_to_sync();
  CHECK(flags == std::vector<std::pair<std::string, bool>>{{"i", false}, {"z", false}});
  auto counts = cat.counts();
  CHECK(counts.current_documents == 3);
  CHECK(counts.documents == 5);
  CHECK(counts.by_state["gone"] == 2);
}

TEST_CASE("An unchanged container's members are seen again with it", "[catalog]") {
  TempDir dir;
  auto c = Catalog::open(dir.str() + "/catalog.sqlite");
  REQUIRE(c);
  Catalog& cat = **c;
  REQUIRE(cat.record({indexed("/d/z.zip", "z", 100, 1), indexed("/d/z.zip/in.txt", "i", 100, 1)}));
  Sighting again = indexed("/d/z.zip", "z", 200, 2);
  again.touch_members = true;
  REQUIRE(cat.record({again}));
  REQUIRE(cat.mark_gone("/d", 2, 250));
  CHECK(cat.find("/d/z.zip/in.txt")->state == LocationState::kIndexed);
  CHECK(cat.history("/d/z.zip/in.txt").at(0).last_seen == 200);
}

TEST_CASE("Failures keep stage, code, reason and a count of attempts", "[catalog]") {
  TempDir dir;
  auto c = Catalog::open(dir.str() + "/catalog.sqlite");
  REQUIRE(c);
  Catalog& cat = **c;
  REQUIRE(cat.record({failed("/d/slow.pdf", "s", ErrorCode::kTimeout, 1)}));
  REQUIRE(cat.record({failed("/d/slow.pdf", "s", ErrorCode::kTimeout, 2)}));
  auto r = cat.find("/d/slow.pdf");
  REQUIRE(r);
  CHECK(r->state == LocationState::kFailed);
  REQUIRE(r->error);
  CHECK(r->error->stage == Stage::kExtract);
  CHECK(r->error->error.code == ErrorCode::kTimeout);
  CHECK(r->error->error.message == "it broke");
  CHECK(r->attempts == 2);
  // other bytes at the same place count again from one
  REQUIRE(cat.record({failed("/d/slow.pdf", "t", ErrorCode::kTimeout, 3)}));
  CHECK(cat.find("/d/slow.pdf")->attempts == 1);
  Sighting member = failed("/d/z.zip/bad.pdf", "b", ErrorCode::kCorrupt, 3);
  member.parent_uri = "/d/z.zip";
  REQUIRE(
      cat.record({indexed("/d/ok.txt", "o", 100, 3), member, indexed("/d/z.zip", "z", 100, 3)}));
  std::vector<std::string> retried;
  LocationFilter f;
  f.failed = true;
  REQUIRE(cat.for_each(f, [&](const LocationRecord& l) { retried.push_back(l.uri); }));
  // failed files, and containers that hold a failed member (members are read through them)
  CHECK(retried == std::vector<std::string>{"/d/slow.pdf", "/d/z.zip"});
}

TEST_CASE("Runs are recorded, and a run left running by a killed process is interrupted",
          "[catalog]") {
  TempDir dir;
  const std::string path = dir.str() + "/catalog.sqlite";
  {
    auto c = Catalog::open(path);
    REQUIRE(c);
    auto run = (*c)->begin_run("ingest /d", 10);
    REQUIRE(run);
    // the process dies here: no end_run
  }
  auto c = Catalog::open(path);
  REQUIRE(c);
  auto runs = (*c)->runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "interrupted");
  auto run = (*c)->begin_run("ingest /d", 20);
  REQUIRE(run);
  REQUIRE((*c)->end_run(*run, "done", RunCounts{3, 2, 1}, 30));
  runs = (*c)->runs();
  CHECK(runs[0].status == "done");
  CHECK(runs[0].ingested == 3);
  CHECK(runs[0].failed == 1);
  // a second process reads while the first writes (WAL)
  auto reader = Catalog::open_readonly(path);
  REQUIRE(reader);
  CHECK((*reader)->runs().size() == 2);
  CHECK(Catalog::open_readonly(dir.str() + "/none.sqlite").error().code == ErrorCode::kNotFound);
}
