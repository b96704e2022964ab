#include "index/index.h"

#include <catch2/catch.hpp>

#include "tests/support.h"

using namespace trawl;
using trawl::test::TempDir;

namespace {

Document doc(const std::string& id, const std::string& lang, const std::string& mime,
             const std::string& title, const std::string& text, const std::string& date,
             const std::string& uri) {
  Document d;
  // "00000000", the label, zeros: distinct at the front like real ids (their first 16
  // digits name a document's own near-duplicate cluster), one shared 8-digit prefix
  d.id = "00000000" + id + std::string(56 - id.size(), '0');
  d.language = lang;
  d.mime = mime;
  d.title = title;
  d.text = text;
  d.date = date;
  d.size = text.size();
  d.locations.push_back(Location{"files", uri, "", ""});
  return d;
}

struct Fixture {
  TempDir dir;
  std::string index = dir.str() + "/index";

  void write(const std::vector<Document>& docs, int shards = 2) {
    auto w = IndexWriter::open(index, shards);
    REQUIRE(w);
    DocumentBuilder b;
    for (const Document& d : docs) REQUIRE((*w)->write(b.build(d)));
    for (int i = 0; i < (*w)->shards(); ++i) REQUIRE((*w)->commit(i));
  }

  std::vector<std::string> ids(const std::string& query) {
    auto r = IndexReader::open(index);
    REQUIRE(r);
    SearchRequest req;
    req.query = query;
    req.limit = 100;
    auto res = (*r)->search(req);
    INFO(query);
    REQUIRE(res);
    std::vector<std::string> out;
    for (const SearchHit& h : res->hits) {
      const std::string rest = h.id.substr(8);
      out.push_back(rest.substr(0, rest.find_last_not_of('0') + 1));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::vector<Document> corpus() {
  return {
      doc("a1", "ko", "text/html", "북한 선박 보고서",
          "북한의 선박이 남포 앞바다에서 해상 환적을 했다. 안보리 결의 2397호 위반이다. 정리한 "
          "보고서.",
          "2024-03-28", "/data/ko/a1.html"),
      doc("a2", "ko", "text/plain", "", "북한은 석탄을 수출했다.", "2023-05-01", "/data/ko/a2.txt"),
      doc("b1", "ru", "application/pdf", "Доклад",
          "Судна вышли из порта Находка. Перегрузка с судном была ночью. Всё ещё идёт.",
          "2024-06-01", "/data/ru/b1.pdf"),
      doc("b2", "ru", "text/plain", "", "Корея экспортирует уголь.", "", "/data/ru/b2.txt"),
      doc("c1", "en", "application/pdf", "Panel report",
          "The ship-to-ship transfer of refined petroleum near Nampo. Nuclear test.", "2024-02-10",
          "/data/en/c1.pdf"),
      doc("c2", "en", "text/html", "", "Ship to the port; another transfer to ship later.",
          "2023-01-15", "/data/en/c2.html"),
  };
}

}  // namespace

TEST_CASE("Korean finds inflected forms through CJK n-grams", "[index]") {
  Fixture f;
  f.write(corpus());
  CHECK(f.ids("북한") == std::vector<std::string>{"a1", "a2"});
  CHECK(f.ids("북한 선박") == std::vector<std::string>{"a1"});
  CHECK(f.ids("환적") == std::vector<std::string>{"a1"});
}

TEST_CASE("Russian stems per token: судно finds судна and судном, and ё is folded", "[index]") {
  Fixture f;
  f.write(corpus());
  CHECK(f.ids("судно") == std::vector<std::string>{"b1"});
  CHECK(f.ids("Судно lang:ru") == std::vector<std::string>{"b1"});
  CHECK(f.ids("все") == std::vector<std::string>{"b1"});  // written всё
  CHECK(f.ids("ещё") == std::vector<std::string>{"b1"});
}

TEST_CASE("English phrases, filters and date ranges", "[index]") {
  Fixture f;
  f.write(corpus());
  CHECK(f.ids("\"ship-to-ship\"") == std::vector<std::string>{"c1"});
  CHECK(f.ids("ship transfer") == std::vector<std::string>{"c1", "c2"});
  CHECK(f.ids("ship transfer date:2024-01-01..2024-12-31") == std::vector<std::string>{"c1"});
  CHECK(f.ids("type:pdf") == std::vector<std::string>{"b1", "c1"});
  CHECK(f.ids("type:application/pdf lang:EN") == std::vector<std::string>{"c1"});
  CHECK(f.ids("lang:ko date:..2023-12-31") == std::vector<std::string>{"a2"});
  CHECK(f.ids("path:/data/ru") == std::vector<std::string>{"b1", "b2"});
  CHECK(f.ids("source:files lang:en -transfer").empty());
  CHECK(f.ids("title:report") == std::vector<std::string>{"c1"});
}

TEST_CASE("One query mixes scripts, Hangul between Latin words included", "[index]") {
  Fixture f;
  f.write(corpus());
  // 1.4.22's parser fails on this without our parentheses; words in two scripts are
  // two alternatives: the English documents on a nuclear test, the Korean ones on 북한
  CHECK(f.ids("nuclear 북한 test") == std::vector<std::string>{"a1", "a2", "c1"});
  CHECK(f.ids("nuclear AND 북한 AND test").empty());  // operators: as written
  CHECK(f.ids("nuclear OR 북한 OR судно") == std::vector<std::string>{"a1", "a2", "b1", "c1"});
  CHECK(prepare_query_text("nuclear 북한 test") == "nuclear (북한) test");
  CHECK(prepare_query_text("\"북한 선박\" 남포") == "\"북한 선박\" (남포)");
  CHECK(prepare_query_text("title:북한") == "title:북한");
}

TEST_CASE("Snippets mark matches, merging adjacent Korean n-grams", "[index]") {
  Fixture f;
  f.write(corpus());
  auto r = IndexReader::open(f.index);
  REQUIRE(r);
  auto res = (*r)->search(SearchRequest{"북한 선박"});
  REQUIRE(res);
  REQUIRE(res->hits.size() == 1);
  CHECK_THAT(res->hits[0].snippet, Catch::Contains("<b>북한</b>의 <b>선박</b>"));
  CHECK_THAT(res->hits[0].snippet, Catch::Contains("정리한"));  // the unigram 한 is not marked
  auto ru = (*r)->search(SearchRequest{"судно"});
  REQUIRE(ru);
  REQUIRE(ru->hits.size() == 1);
  CHECK_THAT(ru->hits[0].snippet, Catch::Contains("<b>Судна</b>"));
  CHECK(ru->hits[0].date == "2024-06-01");
  CHECK(ru->facets["lang"]["ru"] == 1);
}

TEST_CASE("The same bytes twice give one document, and a new place adds a location", "[index]") {
  Fixture f;
  auto docs = corpus();
  f.write(docs);
  auto w = IndexWriter::open(f.index, 2);
  REQUIRE(w);
  DocumentBuilder b;
  auto again = (*w)->write(b.build(docs[0]));
  REQUIRE(again);
  CHECK(*again == WriteOutcome::kUnchanged);
  Document moved = docs[0];
  moved.locations = {Location{"files", "/elsewhere/copy.html", "", ""}};
  auto added = (*w)->write(b.build(moved));
  REQUIRE(added);
  CHECK(*added == WriteOutcome::kLocationAdded);
  for (int i = 0; i < (*w)->shards(); ++i) REQUIRE((*w)->commit(i));
  w->reset();

  auto r = IndexReader::open(f.index);
  REQUIRE(r);
  CHECK((*r)->stats().documents == docs.size());
  auto stored = (*r)->get(docs[0].id);  // (the fixture ids share their first 62 digits)
  REQUIRE(stored);
  REQUIRE(stored->doc.locations.size() == 2);
  CHECK(stored->doc.locations[0].uri == "/data/ko/a1.html");
  CHECK(stored->doc.locations[1].uri == "/elsewhere/copy.html");
  CHECK((*r)->locations_of(docs[0].id).size() == 2);
  CHECK(f.ids("path:/elsewhere") == std::vector<std::string>{"a1"});
}

TEST_CASE("Stats count documents by language, type and source", "[index]") {
  Fixture f;
  f.write(corpus(), 1);
  auto r = IndexReader::open(f.index);
  REQUIRE(r);
  IndexStats s = (*r)->stats();
  CHECK(s.documents == 6);
  CHECK(s.shards == 1);
  CHECK(s.by_language["ko"] == 2);
  CHECK(s.by_type["pdf"] == 2);
  CHECK(s.by_type.count("application/pdf") == 0);
  CHECK(s.by_source["files"] == 6);
}

TEST_CASE("Reader errors: no index, bad query, unknown and ambiguous ids", "[index]") {
  TempDir empty;
  auto none = IndexReader::open(empty.str() + "/index");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == ErrorCode::kNotFound);

  Fixture f;
  f.write(corpus());
  auto r = IndexReader::open(f.index);
  REQUIRE(r);
  auto bad = (*r)->search(SearchRequest{"\"unterminated AND ("});
  if (!bad) CHECK(bad.error().code == ErrorCode::kCorrupt);
  CHECK((*r)->get("ffffffffff").error().code == ErrorCode::kNotFound);
  CHECK((*r)->get("00000000").error().code == ErrorCode::kUnsupported);  // every test id starts so
  CHECK((*r)->get("00").error().code == ErrorCode::kUnsupported);
}

TEST_CASE("A second writer is refused while the first holds the index", "[index]") {
  TempDir dir;
  auto first = IndexWriter::open(dir.str() + "/index", 1);
  REQUIRE(first);
  auto second = IndexWriter::open(dir.str() + "/index", 1);
  REQUIRE_FALSE(second);
  CHECK(second.error().code == ErrorCode::kFatal);
  CHECK_THAT(second.error().message, Catch::Contains("locked"));
}

TEST_CASE("An HS heading finds its subheadings, written any way in the query",
          "[index][entities]") {
  Fixture f;
  Document d = doc("h1", "en", "text/plain", "", "Coal briquettes, HS 2701.12, shipped to Nampo.",
                   "", "/data/h1.txt");
  d.entities.push_back(Entity{"hs", "HS 2701.12", "hs:2701.12", 18, 28, "pattern", 1.0, ""});
  Document other = doc("h2", "en", "text/plain", "", "Crude oil, HS 2709.00.", "", "/data/h2.txt");
  other.entities.push_back(Entity{"hs", "HS 2709.00", "hs:2709.00", 11, 21, "pattern", 1.0, ""});
  f.write({d, other});
  for (const char* q : {"hs:2701", "hs:270112", "hs:2701.12", "hs:\"2701 12\"", "entity:hs:2701"}) {
    INFO(q);
    CHECK(f.ids(q) == std::vector<std::string>{"h1"});
  }
  // the chapter finds both
  CHECK(f.ids("hs:27") == std::vector<std::string>{"h1", "h2"});
  CHECK(f.ids("hs:2709") == std::vector<std::string>{"h2"});
  CHECK(f.ids("hs:2702").empty());
  // the entity facet counts what documents were tagged with, not the broader headings
  auto r = IndexReader::open(f.index);
  REQUIRE(r);
  auto res = (*r)->search(SearchRequest{"hs:27"});
  REQUIRE(res);
  CHECK(res->facets["entity"] ==
        std::map<std::string, uint64_t>{{"hs:2701.12", 1}, {"hs:2709.00", 1}});
}

TEST_CASE("A stored document reads back with each location's own fetch record", "[index]") {
  Fixture f;
  Document d =
      doc("f1", "ru", "text/html", "Доклад", "Судно вышло из порта.", "", "http://a.example/1");
  d.locations[0].fetch.seen_at = 1700000000;
  d.locations[0].fetch.http_status = 200;
  d.locations[0].fetch.ip = "192.0.2.1";
  Document again = d;
  again.locations[0] = Location{"crawl", "http://b.example/2", "", "", {}};
  again.locations[0].fetch.seen_at = 1700009999;
  again.locations[0].fetch.warc_file = "/data/warc/x.warc.gz";
  again.locations[0].fetch.warc_offset = 1234;
  f.write({d, again});
  auto r = IndexReader::open(f.index);
  REQUIRE(r);
  auto stored = (*r)->get(d.id);
  REQUIRE(stored);
  REQUIRE(stored->doc.locations.size() == 2);
  CHECK(stored->doc.locations[0].fetch.seen_at == 1700000000);
  CHECK(stored->doc.locations[0].fetch.ip == "192.0.2.1");
  CHECK(stored->doc.locations[1].uri == "http://b.example/2");
  CHECK(stored->doc.locations[1].fetch.seen_at == 1700009999);
  CHECK(stored->doc.locations[1].fetch.warc_offset == 1234);
}
