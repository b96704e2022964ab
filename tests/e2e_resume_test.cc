// Runs of the real binary that are killed or interrupted, then started again: nothing
// lost, nothing twice, the same index as a run that was never stopped.
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "tests/support.h"

using trawl::test::run_trawl;
using trawl::test::run_trawl_for;
using trawl::test::TempDir;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A corpus of short documents in the three languages, in folders, with a container.
void write_corpus(const TempDir& dir, int n) {
  const char* lines[] = {
      "The tanker {} transferred refined petroleum at sea near Nampo, report {}.",
      "Танкер {} принял нефтепродукты в открытом море у Находки, доклад {}.",
      "유조선 {}호가 남포 앞바다에서 정제유를 옮겨 실었다는 보고서 {}.",
  };
  for (int i = 0; i < n; ++i) {
    std::string text = lines[i % 3];
    const std::string name = "VESSEL-" + std::to_string(1000 + i);
    text.replace(text.find("{}"), 2, name);
    text.replace(text.find("{}"), 2, std::to_string(i));
    for (int k = 0; k < 20; ++k) text += " " + std::to_string(i * 31 + k);
    dir.write("corpus/" + std::to_string(i % 7) + "/doc-" + std::to_string(i) + ".txt", text);
  }
}

// id -> text of every document in the index (current versions)
std::map<std::string, std::string> contents(const std::string& data) {
  auto r = run_trawl({"search", "--data", data, "--json", "--limit", "10000", "versions:all"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  std::map<std::string, std::string> out;
  for (const json& h : j["hits"]) {
    auto shown = run_trawl({"show", "--data", data, "--json", h["id"].get<std::string>()});
    REQUIRE(shown.status == 0);
    json d = json::parse(shown.out);
    out[h["id"].get<std::string>()] = d["text"].get<std::string>();
  }
  CHECK(j["total"].get<size_t>() == out.size());
  return out;
}

}  // namespace

TEST_CASE(
    "A run killed several times, even during commits, ends with the index of an uninterrupted run",
    "[e2e][resume]") {
  TempDir dir;
  write_corpus(dir, 240);
  const std::string config =
      dir.write("trawl.toml", "[index]\ncommit_every = 7\n[ingest]\nthreads = 2\n");
  const std::string corpus = dir.str() + "/corpus";

  const std::string clean = dir.str() + "/clean";
  auto full = run_trawl({"ingest", "--config", config, "--data", clean, corpus});
  INFO(full.err);
  REQUIRE(full.status == 0);
  CHECK_THAT(full.out, Catch::Contains("ingested 240, unchanged 0, failed 0"));

  const std::string killed = dir.str() + "/killed";
  std::mt19937 rng(7);
  int kills = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    const int ms = 40 + static_cast<int>(rng() % 200);
    auto r = run_trawl_for({"ingest", "--config", config, "--data", killed, corpus}, ms, SIGKILL);
    if (r.status == 128 + SIGKILL) ++kills;
  }
  CHECK(kills >= 1);
  auto rest = run_trawl({"ingest", "--config", config, "--data", killed, corpus});
  INFO(rest.err);
  REQUIRE(rest.status == 0);
  // nothing failed, nothing is new that an earlier run had committed
  CHECK_THAT(rest.out, Catch::Contains("failed 0"));

  auto a = contents(clean);
  auto b = contents(killed);
  CHECK(a.size() == 240);
  CHECK(b.size() == a.size());
  CHECK(a == b);
  // and a last run finds everything done
  auto again = run_trawl({"ingest", "--config", config, "--data", killed, corpus});
  CHECK_THAT(again.out, Catch::Contains("ingested 0, unchanged 240, failed 0"));
}

TEST_CASE("Ctrl-C stops a run cleanly and the next run finishes the rest", "[e2e][resume]") {
  TempDir dir;
  write_corpus(dir, 150);
  const std::string config =
      dir.write("trawl.toml", "[index]\ncommit_every = 5\n[ingest]\nthreads = 1\n");
  const std::string data = dir.str() + "/data";
  auto first = run_trawl_for({"ingest", "--config", config, "--data", data, dir.str() + "/corpus"},
                             150, SIGINT);
  if (first.status == 130)
    CHECK_THAT(first.out, Catch::Contains("interrupted: "));
  else
    CHECK(first.status == 0);  // a fast machine may finish first
  auto second = run_trawl({"ingest", "--config", config, "--data", data, dir.str() + "/corpus"});
  REQUIRE(second.status == 0);
  auto all = contents(data);
  CHECK(all.size() == 150);
}

TEST_CASE("libmagic that cannot load stops the run at once with exit 1, not file by file", "[e2e]") {
  TempDir dir;
  write_corpus(dir, 5);
  ::setenv("MAGIC", (dir.str() + "/no-such-magic.mgc").c_str(), 1);  // libmagic's database
  auto r = run_trawl({"ingest", "--data", dir.str() + "/data", dir.str() + "/corpus"});
  ::unsetenv("MAGIC");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("libmagic"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.out.find("ingested") == std::string::npos);
}
