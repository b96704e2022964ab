// End to end: lists imported with `trawl lists import`, entities tagged at ingest, and
// searches by entity across scripts, through the trawl binary.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support.h"

using trawl::test::run_trawl;
using trawl::test::TempDir;
using json = nlohmann::json;

namespace {

// Three short reports, one per language, that name the same people, company and ship
// each in its own script; a fourth that names none of them.
struct Corpus {
  TempDir dir;
  std::string data = dir.str() + "/data";
  std::string docs = dir.str() + "/docs";
  trawl::test::RunResult import_watch, ingest;
  Corpus() {
    dir.write("docs/en.txt",
              "Panel report, 12 May 2024\nKim Jong-un inspected the port. RI HONG-SOP of Tanchon Commercial Bank "
              "arranged the transfer to the tanker SEA LANTERN (IMO 9074729) in breach of resolution 2397 (2017).\n");
    dir.write("docs/ru.txt",
              "Владивосток, 13 мая 2024 г.\nКим Чен Ын посетил порт. Ри Хон Соп из банка «Коммерческий банк Танчхон» "
              "организовал перевалку на танкер «Си Лантерн» (ИМО 9074729), нарушив резолюцию 2397.\n");
    dir.write("docs/ko.txt",
              "2024년 5월 14일\n김정은은 항구를 시찰했다. 단천상업은행의 리홍섭은 유조선 씨랜턴호(IMO 번호 9074729)로의 환적을 "
              "주선했으며 이는 안보리 결의 제2397호 위반이다.\n");
    dir.write("docs/other.txt", "Weather report, 15 May 2024\nCalm seas. The harbour master met visitors.\n");
    std::string watch = dir.write("watch.csv",
                                  "id,type,name,aliases,imo\n"
                                  "kim-jong-un,person,Kim Jong Un,김정은|Ким Чен Ын,\n"
                                  "sea-lantern,vessel,Sea Lantern,씨랜턴호|Си Лантерн,9074729\n");
    if (auto un = trawl::test::corpus_file("sanctions/un_sc_consolidated_list_2025-04-19.xml"))
      REQUIRE(run_trawl({"lists", "import", *un, "--name", "UN", "--data", data}).status == 0);
    import_watch = run_trawl({"lists", "import", watch, "--name", "watch", "--data", data});
    ingest = run_trawl({"ingest", "--data", data, docs});
  }
};

Corpus& corpus() {
  static Corpus c;
  return c;
}

json search(const std::string& query) {
  auto r = run_trawl({"search", "--data", corpus().data, "--json", "--limit", "100", query});
  INFO(query << "\n" << r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out);
}

std::set<std::string> found(const std::string& query) {
  json j = search(query);
  std::set<std::string> names;
  for (const json& h : j["hits"]) names.insert(std::filesystem::path(h["location"].get<std::string>()).filename().string());
  return names;
}

const std::set<std::string> kAll3 = {"en.txt", "ru.txt", "ko.txt"};

}  // namespace

TEST_CASE("lists import checks and stores a watchlist, and the ingest tags with it", "[e2e]") {
  Corpus& c = corpus();
  INFO(c.import_watch.err << c.ingest.err);
  REQUIRE(c.import_watch.status == 0);
  CHECK_THAT(c.import_watch.out, Catch::Contains("imported 2 entries"));
  REQUIRE(c.ingest.status == 0);
  CHECK_THAT(c.ingest.out, Catch::Contains("ingested 4"));
}

TEST_CASE("A watchlist name in any script finds the documents in all three", "[e2e]") {
  CHECK(found("Kim Jong Un") == kAll3);
  CHECK(found("김정은") == kAll3);
  CHECK(found("Ким Чен Ын") == kAll3);
  CHECK(found("vessel:\"Sea Lantern\"") == kAll3);
  CHECK(found("vessel:\"씨랜턴호\"") == kAll3);
}

TEST_CASE("Entity fields: imo:, unscr:, person:, org:, entity:", "[e2e]") {
  CHECK(found("imo:9074729") == kAll3);
  CHECK(found("unscr:2397") == kAll3);
  CHECK(found("unscr:2396").empty());
  if (!trawl::test::corpus_file("sanctions/un_sc_consolidated_list_2025-04-19.xml")) return;
  CHECK(found("person:\"Ri Hong Sop\"") == kAll3);
  CHECK(found("entity:list:UN:KPi.004") == kAll3);
  CHECK(found("org:\"Tanchon Commercial Bank\"") == kAll3);
  CHECK(found("리홍섭 lang:ru") == std::set<std::string>{"ru.txt"});
}

TEST_CASE("search --json has entity facets, and extract --json and show list the entities", "[e2e]") {
  json j = search("2024");
  REQUIRE(j["facets"].contains("entity"));
  CHECK(j["facets"]["entity"]["imo:9074729"].get<int>() == 3);
  CHECK(j["facets"]["entity"]["unscr:2397"].get<int>() == 3);

  auto r = run_trawl({"extract", "--json", corpus().docs + "/ko.txt"});
  REQUIRE(r.status == 0);
  json doc = json::parse(r.out);
  std::set<std::string> ids;
  for (const json& e : doc["entities"]) {
    for (const char* key : {"type", "text", "id", "start", "end", "source"}) CHECK(e.contains(key));
    ids.insert(e["id"].get<std::string>());
    // the span is the text
    std::string text = doc["text"];
    CHECK(text.substr(e["start"].get<size_t>(), e["end"].get<size_t>() - e["start"].get<size_t>()) == e["text"]);
  }
  CHECK(ids.count("imo:9074729"));
  CHECK(ids.count("unscr:2397"));
  CHECK(ids.count("date:2024-05-14"));

  json hit = search("imo:9074729 lang:ko")["hits"][0];
  auto shown = run_trawl({"show", "--data", corpus().data, hit["id"].get<std::string>()});
  CHECK_THAT(shown.out, Catch::Contains("entities:"));
  CHECK_THAT(shown.out, Catch::Contains("imo:9074729"));
  // the first dated line gives the document its date
  CHECK(hit["date"] == "2024-05-14");
}

TEST_CASE("A malformed list is refused with its line, and the stored one stays in use", "[e2e]") {
  TempDir d;
  std::string data = d.str() + "/data";
  std::string good = d.write("w.csv", "id,type,name\nv1,vessel,Sea Lantern\n");
  REQUIRE(run_trawl({"lists", "import", good, "--name", "mine", "--data", data}).status == 0);
  std::string truncated = d.write("un.xml", "<?xml version='1.0'?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n<FIRST");
  auto bad = run_trawl({"lists", "import", truncated, "--name", "mine", "--data", data});
  CHECK(bad.status == 1);
  CHECK_THAT(bad.err, Catch::Contains(truncated + ":"));
  CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
  auto dup = run_trawl({"lists", "import", d.write("dup.csv", "id,type,name\nx,org,A Co\nx,org,B Co\n"), "--name", "mine", "--data", data});
  CHECK(dup.status == 1);
  CHECK_THAT(dup.err, Catch::Contains("duplicate id 'x'"));
  auto shown = run_trawl({"lists", "show", "--json", "--data", data});
  REQUIRE(shown.status == 0);
  json j = json::parse(shown.out);
  REQUIRE(j["lists"].size() == 1);
  CHECK(j["lists"][0]["name"] == "mine");
  CHECK(j["lists"][0]["entries"] == 1);
}
