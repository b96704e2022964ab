// The search service over HTTP: a real server on 127.0.0.1 over a real index of the
// samples, the syndicated copies of scripts/make-syndicated.py and a hostile page.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/sha.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server/api_json.h"
#include "server/http_server.h"
#include "server/search_service.h"
#include "tests/support.h"

using namespace trawl;
using json = nlohmann::json;
using trawl::test::run_trawl;
using trawl::test::TempDir;
using trawl::test::TrawlProcess;
namespace fs = std::filesystem;

namespace {

// Visible text that is markup, and a title a spreadsheet would run as a formula.
const char* kHostile = R"(<!doctype html><html><head><meta charset="utf-8">
<title>=HYPERLINK("http://evil.example","click") hostile page</title></head><body>
<p>This page about the tanker QUIXOTIC STAR quotes markup as text: &lt;script&gt;window.__xss=1&lt;/script&gt;
and &lt;img src=x onerror="window.__xss=2"&gt; appear in the text of the report.</p>
<script>window.__xss = 3;</script></body></html>)";

// `root`/data, from inputs in `root`/in (a data folder never indexes itself).
void build_data(const std::string& root) {
  const std::string dir = root + "/data";
  auto un = test::corpus_file("sanctions/un_sc_consolidated_list_2025-04-19.xml");
  REQUIRE(un);
  REQUIRE(run_trawl({"lists", "import", *un, "--name", "UN", "--data", dir}).status == 0);
  const std::string synd = root + "/in/synd";
  const std::string cmd = "python3 '" + std::string(TRAWL_SOURCE_DIR) +
                          "/scripts/make-syndicated.py' '" + synd + "' >/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  fs::create_directories(root + "/in/hostile");
  std::ofstream(root + "/in/hostile/page.html") << kHostile;
  // two Korean sentences with the same two words in either order
  fs::create_directories(root + "/in/phrases");
  std::ofstream(root + "/in/phrases/ko-a.txt")
      << "유엔 제재 위반 선박이 남포항에 입항했다는 보고가 나왔다.\n";
  std::ofstream(root + "/in/phrases/ko-b.txt")
      << "이번 조사에서는 선박 위반 사례가 발견되지 않았다고 한다.\n";
  const std::string s = test::samples_dir();
  auto r = run_trawl({"ingest", "--data", dir, s + "/ko", s + "/ru", s + "/en", synd,
                      root + "/in/hostile", root + "/in/phrases"});
  INFO(r.err);
  REQUIRE(r.status == 0);
}

std::string data_root() { return test::shared_data("server", build_data); }
std::string data_dir() { return data_root() + "/data"; }

// The service and its HTTP server in this process, on a free port.
struct Served {
  Config config;
  std::unique_ptr<SearchService> service;
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<httplib::Client> client;

  explicit Served(const std::string& data, const std::string& token = "") {
    config.data_dir = data;
    config.serve.listen = "127.0.0.1:0";
    config.serve.token = token;
    config.serve.reopen_seconds = 0;
    config.serve.max_upload_bytes = 8 << 20;
    config.ocr.enabled = false;
    auto s = SearchService::open(config);
    REQUIRE(s);
    service = std::move(*s);
    auto h = HttpServer::start(*service);
    REQUIRE(h);
    server = std::move(*h);
    client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    client->set_read_timeout(60, 0);
  }

  json get_json(const std::string& path, int status = 200) {
    auto res = client->Get(path.c_str());
    REQUIRE(res);
    INFO(path << " -> " << res->body.substr(0, 500));
    CHECK(res->status == status);
    CHECK(res->get_header_value("Content-Type").starts_with("application/json"));
    json j = json::parse(res->body, nullptr, false);
    REQUIRE(!j.is_discarded());
    return j;
  }
  json search(const std::string& q, const std::string& extra = "") {
    return get_json("/api/search?q=" + httplib::detail::encode_query_param(q) + extra);
  }
};

std::set<std::string> languages_of(const json& hits) {
  std::set<std::string> out;
  for (const json& h : hits) out.insert(h["lang"].get<std::string>());
  return out;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), d);
  char hex[2 * SHA256_DIGEST_LENGTH + 1];
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) std::snprintf(hex + 2 * i, 3, "%02x", d[i]);
  return hex;
}

// The id of the first hit whose location ends with `suffix`.
std::string id_of(Served& s, const std::string& query, const std::string& suffix) {
  json r = s.search(query, "&limit=50&collapse=0");
  for (const json& h : r["hits"])
    if (h["location"].get<std::string>().ends_with(suffix)) return h["id"];
  FAIL("no hit of '" << query << "' ends with " << suffix);
  return {};
}

}  // namespace

TEST_CASE(
    "GET /api/search answers the JSON of trawl search --json, with clusters, copies and facets",
    "[server]") {
  Served s(data_dir());
  json r = s.search("환적");
  REQUIRE(r["total"].get<int>() > 0);
  for (const char* key :
       {"query", "interpretation", "total", "documents", "hits", "facets", "offset", "limit"})
    CHECK(r.contains(key));
  const json& hit = r["hits"][0];
  for (const char* key :
       {"id",   "title",   "location", "locations",  "site",  "source",    "lang",
        "mime", "type",    "date",     "snippet",    "score", "parent_id", "current",
        "ocr",  "cluster", "copies",   "page_count", "pages", "entities"})
    CHECK(hit.contains(key));
  CHECK(hit["snippet"].get<std::string>().find("<b>") != std::string::npos);
  CHECK(languages_of(r["hits"]) == std::set<std::string>{"ko"});
  for (const char* facet :
       {"lang", "type", "site", "source", "year", "month", "entity", "entity_type"})
    CHECK(r["facets"].contains(facet));
  CHECK(r["facets"]["lang"]["ko"].get<int>() == r["documents"].get<int>());

  // the same as the command line prints
  auto cli = run_trawl({"search", "--json", "--data", data_dir(), "환적"});
  REQUIRE(cli.status == 0);
  json c = json::parse(cli.out);
  CHECK(c["total"] == r["total"]);
  CHECK(c["hits"][0]["id"] == r["hits"][0]["id"]);
  CHECK(c["hits"][0]["copies"] == r["hits"][0]["copies"]);

  // a filter, paging, date order
  json ru = s.search("", "&filter=lang:ru&limit=3");
  CHECK(languages_of(ru["hits"]) == std::set<std::string>{"ru"});
  json page2 = s.search("", "&filter=lang:ru&limit=3&offset=3");
  CHECK(page2["hits"][0]["id"] != ru["hits"][0]["id"]);
  json dated = s.search("", "&sort=date&limit=20&filter=lang:en");
  std::string last = "9999";
  for (const json& h : dated["hits"]) {
    const std::string d = h["date"];
    if (d.empty()) continue;
    CHECK(d <= last);
    last = d;
  }
}

TEST_CASE(
    "Phrases in three languages, queries in two scripts, places in every script, and why nothing "
    "matched",
    "[server][query]") {
  Served s(data_dir());
  // a quoted Korean phrase, and one with a particle between its words in the text
  json ko = s.search("\"선박 간 환적\"");
  CHECK(ko["total"].get<int>() >= 2);
  CHECK(s.search("\"북한 해상\"")["total"].get<int>() >= 1);  // the text has 북한의 해상
  auto where = [&](const std::string& q) {
    std::set<std::string> files;
    const json r = s.search(q, "&collapse=0&limit=50");
    for (const json& h : r["hits"])
      files.insert(fs::path(h["location"].get<std::string>()).filename().string());
    return files;
  };
  CHECK(where("\"위반 선박\"") == std::set<std::string>{"ko-a.txt"});  // 위반 선박이
  CHECK(where("\"선박 위반\"") == std::set<std::string>{"ko-b.txt"});  // order counts
  CHECK(where("위반 선박").size() >= 2);
  CHECK(s.search("\"с судна на судно\"")["total"].get<int>() >= 1);
  // inflected: the text says "танкер принял груз"
  CHECK(s.search("\"танкеры приняли грузы\"")["total"].get<int>() >= 1);
  CHECK(s.search("\"грузы приняли танкеры\"")["total"].get<int>() == 0);
  CHECK(s.search("\"ship-to-ship transferred\"")["total"].get<int>() >= 1);
  CHECK(s.search("\"ship-to-ship transfers\"")["total"].get<int>() >= 1);
  CHECK(s.search("\"transfers ship-to-ship\"")["total"].get<int>() == 0);

  // two languages at once: the English documents on tankers and AIS, the Korean on 환적
  json mixed = s.search("tanker 환적 AIS", "&limit=50");
  CHECK(mixed["interpretation"] == "(tanker AIS) OR (환적)");
  CHECK(languages_of(mixed["hits"]).count("en") == 1);
  CHECK(languages_of(mixed["hits"]).count("ko") == 1);

  // a gazetteer place written in English finds it in Korean and Russian too
  json nampo = s.search("Nampo", "&limit=100&collapse=0");
  std::set<std::string> langs = languages_of(nampo["hits"]);
  CHECK(langs.count("ko") == 1);
  CHECK(langs.count("ru") == 1);

  // nothing found: which word, and what would find something
  json none = s.search("xyzzyq tanker");
  CHECK(none["total"] == 0);
  REQUIRE(none.contains("explain"));
  CHECK(none["explain"]["no_match"] == json::array({"xyzzyq"}));
  CHECK(none["explain"]["relaxed"] == "tanker");
  CHECK(none["explain"]["relaxed_total"].get<int>() > 0);
  json apart = s.search("Kholmsk 청진");  // two words never in one document... of one script each
  CHECK(apart["total"].get<int>() > 0);   // two alternatives, so found
  json filtered = s.search("tanker", "&filter=lang:xx");
  CHECK(filtered["explain"]["filters_match_nothing"] == true);
  // text that parses to nothing is not "everything"
  s.get_json("/api/search?q=%28", 400);
  s.get_json("/api/search?q=%22", 400);
  // without facets the documents are still counted, copies included
  json nf = s.search("\"Korea Bay\" transponder", "&facets=0");
  CHECK(nf["documents"].get<int>() >= 12);
  CHECK(nf["total"].get<int>() < nf["documents"].get<int>());
  // names for the entity facet: the list's (the gazetteer calls 남포 Nampo), else as written
  json nampo_ko = s.search("남포 lang:ko");
  REQUIRE(nampo_ko["facets"]["entity"].contains("place:nampo"));
  CHECK(nampo_ko["entity_labels"]["place:nampo"] == "Nampo");
  json kum = s.search("KUM BYOL 3");
  CHECK(kum["entity_labels"]["vessel:kumbyol3"] == "KUM BYOL 3");
  json tanker = s.search("tanker", "&limit=0");  // no hits: labels made from the ids
  CHECK(tanker["entity_labels"]["imo:9304473"] == "IMO 9304473");
  json corr = s.get_json("/api/corroborate?q=" + httplib::detail::encode_query_param("남포"));
  CHECK(corr["entity_labels"]["place:nampo"] == "Nampo");
  // entity_type: keeps documents naming an entity of that type
  json vessels = s.search("", "&filter=entity_type:imo&collapse=0&limit=0");
  json everything = s.search("", "&collapse=0&limit=0");
  CHECK(vessels["total"].get<int>() > 0);
  CHECK(vessels["total"].get<int>() < everything["total"].get<int>());
  // a query the parser refuses: 400 with its reason
  json bad = s.get_json("/api/search?q=" + httplib::detail::encode_query_param("a OR"), 400);
  CHECK(bad["error"].get<std::string>().find("Syntax") != std::string::npos);
  CHECK(bad["status"] == 400);
}

TEST_CASE("Syndicated copies are one hit with their copies, and corroboration counts them once",
          "[server][near-duplicates]") {
  Served s(data_dir());
  // the English wire story: twelve sites, one story
  json one = s.search("\"Korea Bay\" transponder", "&limit=50");
  json all = s.search("\"Korea Bay\" transponder", "&limit=50&collapse=0");
  REQUIRE(all["total"].get<int>() >= 12);
  CHECK(one["total"].get<int>() < all["total"].get<int>());
  CHECK(one["documents"] == all["total"]);
  const json& top = one["hits"][0];
  CHECK(top["copies"].get<int>() >= 12);
  // cluster:ID lists the copies
  json copies =
      s.search("", "&filter=cluster:" + top["cluster"].get<std::string>() + "&collapse=0&limit=50");
  CHECK(copies["total"] == top["copies"]);
  std::set<std::string> sites;  // a folder per site
  for (const json& h : copies["hits"])
    sites.insert(fs::path(h["location"].get<std::string>()).parent_path().filename().string());
  CHECK(sites.size() == copies["total"].get<size_t>());

  json c = s.get_json("/api/corroborate?q=" +
                      httplib::detail::encode_query_param("\"Korea Bay\" transponder"));
  for (const char* key : {"query", "documents", "independent_sources", "clusters", "languages",
                          "first_seen", "last_seen", "timeline", "entities"})
    CHECK(c.contains(key));
  CHECK(c["documents"] == all["total"]);
  CHECK(c["independent_sources"].get<int>() < c["documents"].get<int>());
  const json& cl = c["clusters"][0];
  for (const char* key : {"cluster", "copies", "documents", "sites", "languages", "first_seen"})
    CHECK(cl.contains(key));
  uint64_t copies_sum = 0;
  for (const json& x : c["clusters"]) copies_sum += x["copies"].get<uint64_t>();
  CHECK(copies_sum == c["documents"].get<uint64_t>());
  CHECK(c["independent_sources"].get<size_t>() == c["clusters"].size());

  // and the command line prints the same
  auto cli =
      run_trawl({"corroborate", "--json", "--data", data_dir(), "\"Korea Bay\" transponder"});
  REQUIRE(cli.status == 0);
  json cc = json::parse(cli.out);
  CHECK(cc["independent_sources"] == c["independent_sources"]);
  CHECK(cc["documents"] == c["documents"]);

  // an entity: imo:8716344 in three languages
  json e = s.get_json("/api/corroborate?q=imo:8716344");
  CHECK(e["languages"].size() >= 2);
  CHECK(e["timeline"].size() >= 1);
}

TEST_CASE(
    "Near-duplicate clusters on the syndicated copies: one story is one cluster, different stories "
    "stay apart",
    "[server][near-duplicates]") {
  const std::string dir = data_root();
  std::ifstream in(dir + "/in/synd/manifest.json");
  json manifest = json::parse(in);
  Served s(data_dir());
  std::map<std::string, std::map<std::string, int>> clusters_of_story;  // story -> cluster -> n
  std::map<std::string, std::set<std::string>> stories_of_cluster;
  for (const json& m : manifest) {
    const std::string path =
        fs::path(dir + "/in/synd/" + m["path"].get<std::string>()).lexically_normal().string();
    json r = s.search("", "&collapse=0&limit=1&filter=" +
                              httplib::detail::encode_query_param("url:\"" + path + "\""));
    REQUIRE(r["total"] == 1);
    const std::string cluster = r["hits"][0]["cluster"];
    ++clusters_of_story[m["story"]][cluster];
    stories_of_cluster[cluster].insert(m["story"]);
  }
  for (const auto& [cluster, stories] : stories_of_cluster) {
    INFO("cluster " << cluster);
    CHECK(stories.size() == 1);
  }
  for (const char* lang : {"en", "ko", "ru"}) {
    const auto& cl = clusters_of_story[std::string(lang) + "-wire"];
    int largest = 0, total = 0;
    for (const auto& [c, n] : cl) {
      largest = std::max(largest, n);
      total += n;
    }
    INFO(lang << ": " << cl.size() << " clusters");
    CHECK(total == 12);
    CHECK(largest >= 10);  // measured: en 12, ru 12, ko 10 + 2 (docs/near-duplicates.md)
  }
}

TEST_CASE(
    "GET /api/doc/{id}: the document, its pages, its matches, its original and its provenance",
    "[server]") {
  Served s(data_dir());
  const std::string pdf = id_of(s, "Kholmsk", "en/04-briefing-note.pdf");
  json hit = s.search("Kholmsk", "&limit=50&collapse=0&filter=lang:en");
  bool seen = false;
  for (const json& h : hit["hits"])
    if (h["id"] == pdf) {
      CHECK(h["page_count"] == 2);
      CHECK(h["pages"] == json::array({2}));  // Kholmsk is on page 2 only
      seen = true;
    }
  CHECK(seen);

  json d = s.get_json("/api/doc/" + pdf);
  for (const char* key : {"id", "title", "mime", "language", "text", "pages", "entities",
                          "locations", "cluster", "current", "parents", "children", "history"})
    CHECK(d.contains(key));
  REQUIRE(d["pages"].size() == 2);
  CHECK(d["history"].size() == 1);
  CHECK(d["locations"][0]["uri"].get<std::string>().ends_with("en/04-briefing-note.pdf"));
  // a prefix works, an unknown id is 404, a too short prefix 400
  CHECK(s.get_json("/api/doc/" + pdf.substr(0, 12))["id"] == pdf);
  s.get_json("/api/doc/ffffffffffffffffffffffffffffffff", 404);

  // matches inside the document, by page and byte offset, as the search matched (stems)
  json m = s.get_json("/api/doc/" + pdf +
                      "/search?q=" + httplib::detail::encode_query_param("Kholmsk coal"));
  REQUIRE(m["matches"].size() >= 2);
  std::set<std::string> words;
  for (const json& x : m["matches"]) {
    const int page = x["page"];
    REQUIRE(page >= 1);
    const std::string text = d["pages"][page - 1];
    const std::string w = text.substr(x["offset"].get<size_t>(), x["length"].get<size_t>());
    words.insert(w);
    CHECK(x["context"].get<std::string>().find("<b>" + w + "</b>") != std::string::npos);
  }
  CHECK(words.count("Kholmsk") == 1);
  // an entity asked for by id is marked where the document mentions it
  json byimo = s.get_json("/api/doc/" + pdf + "/search?q=imo:9304473");
  REQUIRE(!byimo["matches"].empty());
  for (const json& x : byimo["matches"]) {
    const std::string w =
        d["pages"][x["page"].get<int>() - 1].get<std::string>().substr(x["offset"], x["length"]);
    CHECK(w.find("9304473") != std::string::npos);
  }
  CHECK((words.count("coal") == 1 || words.count("Coal") == 1));
  // a name: as a phrase in a Korean page, and as a vessel resolved through the lists
  const std::string ko = id_of(s, "환적", "ko/01-nampo-sts-euckr.html");
  const std::string digest = id_of(s, "tanker", "en/03-weekly-digest-utf8.txt");
  for (auto [doc, q] : {std::pair{ko, "\"KUM BYOL 3\""}, {digest, "vessel:\"KUM BYOL 3\""}}) {
    INFO(q);
    json named =
        s.get_json("/api/doc/" + doc + "/search?q=" + httplib::detail::encode_query_param(q));
    REQUIRE(!named["matches"].empty());
    const json& x = named["matches"][0];
    CHECK(x["page"] == 0);
    const std::string text = s.get_json("/api/doc/" + doc)["text"];
    const std::string w = text.substr(x["offset"], x["length"]);  // the name, in either script
    CHECK((w.find("KUM") != std::string::npos || w.find("금별") != std::string::npos));
  }
  // phrases are marked in snippets too (Xapian marks no word of a stemmed phrase)
  json phrase = s.search("\"Lantern Bay\"");
  CHECK(phrase["hits"][0]["snippet"].get<std::string>().find("<b>Lantern</b>") !=
        std::string::npos);
  // an entity filter in filter=
  json filtered = s.get_json("/api/doc/" + ko + "/search?filter=imo:8716344");
  CHECK(!filtered["matches"].empty());
  // Korean inside a Korean PDF: the n-grams of the query, marked whole
  const std::string kopdf = id_of(s, "환적", "ko/04-monitoring-report.pdf");
  json km =
      s.get_json("/api/doc/" + kopdf + "/search?q=" + httplib::detail::encode_query_param("환적"));
  REQUIRE(!km["matches"].empty());
  json kd = s.get_json("/api/doc/" + kopdf);
  const json& first = km["matches"][0];
  CHECK(kd["pages"][first["page"].get<int>() - 1].get<std::string>().substr(
            first["offset"], first["length"]) == "환적");

  // the original: the bytes whose SHA-256 is the id, sandboxed
  auto o = s.client->Get(("/api/doc/" + pdf + "/original").c_str());
  REQUIRE(o);
  CHECK(o->status == 200);
  CHECK(o->get_header_value("Content-Type") == "application/pdf");
  CHECK(o->get_header_value("Content-Security-Policy").find("sandbox") != std::string::npos);
  CHECK(sha256_hex(o->body) == pdf);

  // stats, health, metrics
  json st = s.get_json("/api/stats");
  CHECK(st["documents"].get<int>() > 60);
  CHECK(st["clusters"].get<int>() < st["documents"].get<int>());
  CHECK(s.get_json("/healthz")["status"] == "ok");
  auto metrics = s.client->Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("trawl_documents ") != std::string::npos);
  CHECK(metrics->body.find("trawl_http_requests_total{route=\"doc\",status=\"200\"}") !=
        std::string::npos);
  CHECK(metrics->body.find("trawl_http_request_seconds_bucket{route=\"search\"") !=
        std::string::npos);
  CHECK(metrics->body.find("trawl_locations{state=\"indexed\"}") != std::string::npos);
}

TEST_CASE("Entities, CSV export and batch search", "[server]") {
  Served s(data_dir());
  json e = s.get_json("/api/entity/imo:8716344");
  CHECK(e["documents"].get<int>() >= 3);
  CHECK(!e["co_occurring"].empty());
  for (const json& h : e["hits"]) {
    bool named = false;
    for (const json& x : h["entities"]) named = named || x["id"] == "imo:8716344";
    CHECK(named);
  }
  s.get_json("/api/entity/imo:1234567", 404);

  // export: one row per hit, formulas defused
  auto csv = s.client->Get("/api/export.csv?q=tanker&collapse=0");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type").starts_with("text/csv"));
  CHECK(csv->body.starts_with("id,title,location,date,language,type,copies\r\n"));
  json r = s.search("tanker", "&collapse=0&limit=0");
  size_t rows = 0;
  for (size_t at = csv->body.find("\r\n"); at != std::string::npos;
       at = csv->body.find("\r\n", at + 2))
    ++rows;
  CHECK(rows - 1 == r["total"].get<size_t>());
  auto hostile = s.client->Get("/api/export.csv?q=QUIXOTIC");
  REQUIRE(hostile);
  CHECK(hostile->body.find(",\"'=HYPERLINK(") != std::string::npos);

  // batch: names and terms in any script, one line each, a bad line reported, not fatal
  httplib::Result b =
      s.client->Post("/api/batch", "KUM BYOL 3\n금별 3호\nНампхо\na OR\n\n8716344\n", "text/plain");
  REQUIRE(b);
  CHECK(b->status == 200);
  json lines = json::parse(b->body)["lines"];
  REQUIRE(lines.size() == 5);
  CHECK(lines[0]["total"].get<int>() > 0);
  CHECK(lines[1]["total"].get<int>() > 0);
  CHECK(lines[2]["total"].get<int>() > 0);
  CHECK(lines[3].contains("error"));
  CHECK(lines[4]["total"].get<int>() > 0);
  CHECK(lines[0]["hits"].size() <= 3);
}

TEST_CASE(
    "Requests out of bounds are refused with a reason, and document text never becomes markup",
    "[server][security]") {
  Served s(data_dir());
  s.get_json("/api/search?q=" + std::string(3000, 'a'), 400);
  s.get_json("/api/search?q=a&limit=100000", 400);
  s.get_json("/api/search?q=a&offset=-1", 400);
  s.get_json("/api/search?q=a&sort=sideways", 400);
  s.get_json("/api/search?q=a&collapse=maybe", 400);
  s.get_json("/api/doc/zzzzzz", 404);            // not an id: no route
  s.get_json("/api/doc/../../etc/passwd", 404);  // nothing reaches the file system
  // bytes that are not UTF-8, in a query and in a filter: an answer, never a crash
  json bytes = s.get_json("/api/search?q=%FF%FE%80tanker&filter=lang%3A%C3");
  CHECK(bytes.contains("total"));
  s.get_json("/api/doc/" + std::string(64, 'f') + "/search?q=%FF", 404);
  // garbage to the extraction endpoints: refused with a reason, the service goes on
  std::string noise;
  for (int i = 0; i < 100000; ++i) noise += static_cast<char>((i * 7919 + 13) % 251);
  auto garbage = s.client->Put("/tika", noise, "application/octet-stream");
  REQUIRE(garbage);
  CHECK((garbage->status == 200 || garbage->status == 415 || garbage->status == 422));
  auto empty = s.client->Put("/rmeta/text", "", "application/octet-stream");
  REQUIRE(empty);
  CHECK(empty->status == 422);
  CHECK(s.get_json("/healthz")["status"] == "ok");
  auto put = s.client->Put("/api/search", "x", "text/plain");
  REQUIRE(put);
  CHECK(put->status == 404);

  // the hostile page: its markup is text, escaped in snippets
  json r = s.search("QUIXOTIC");
  REQUIRE(r["total"] == 1);
  const std::string snippet = r["hits"][0]["snippet"];
  CHECK(snippet.find("&lt;script&gt;") != std::string::npos);
  CHECK(snippet.find("<script") == std::string::npos);
  CHECK(snippet.find("<img") == std::string::npos);

  // the page: no inline script allowed
  auto page = s.client->Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  const std::string csp = page->get_header_value("Content-Security-Policy");
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(page->body.find("<script>") == std::string::npos);
  CHECK(page->body.find("src=\"/app.js\"") != std::string::npos);
}

TEST_CASE(
    "A token guards the API: 401 without it, constant answers with it, and the page stays open",
    "[server][security]") {
  Served s(data_dir(), "s3cret-token");
  auto no = s.client->Get("/api/search?q=tanker");
  REQUIRE(no);
  CHECK(no->status == 401);
  CHECK(no->get_header_value("WWW-Authenticate").starts_with("Bearer"));
  auto wrong = s.client->Get("/api/search?q=tanker", {{"Authorization", "Bearer s3cret-tokeX"}});
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  auto right = s.client->Get("/api/search?q=tanker", {{"Authorization", "Bearer s3cret-token"}});
  REQUIRE(right);
  CHECK(right->status == 200);
  for (const char* open : {"/", "/app.js", "/healthz"}) {
    auto r = s.client->Get(open);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  auto metrics = s.client->Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->status == 401);

  // another address than loopback needs a token: refused without one
  Config config;
  config.data_dir = data_dir();
  config.serve.listen = "0.0.0.0:0";
  auto service = SearchService::open(config);
  REQUIRE(service);
  auto refused = HttpServer::start(**service);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("token") != std::string::npos);
  // and the command says so, with exit status 1
  auto cli = run_trawl({"serve", "--data", data_dir(), "--listen", "0.0.0.0:0"});
  CHECK(cli.status == 1);
  CHECK(cli.err.find("without an access token") != std::string::npos);
}

TEST_CASE("trawl serve sees what a writer commits while it runs", "[server][cli]") {
  TempDir dir;
  const std::string data = dir.str() + "/data";
  fs::copy(data_dir(), data, fs::copy_options::recursive);
  TrawlProcess serve({"serve", "--data", data, "--listen", "127.0.0.1:0"});
  REQUIRE(serve.wait_for_out("serving", 20000));
  const std::string out = serve.out();
  const size_t at = out.find("http://127.0.0.1:");
  REQUIRE(at != std::string::npos);
  const int port = std::stoi(out.substr(at + 17));
  httplib::Client c("127.0.0.1", port);
  auto before = c.Get("/api/search?q=zanzibarite");
  REQUIRE(before);
  CHECK(json::parse(before->body)["total"] == 0);
  const std::string file =
      dir.write("new/late.txt", "A late report on zanzibarite cargo seen at Nampo.\n");
  auto ingest = run_trawl({"ingest", "--data", data, file});
  INFO(ingest.err);
  REQUIRE(ingest.status == 0);
  int total = 0;
  for (int i = 0; i < 50 && total == 0; ++i) {  // reopened within serve.reopen_seconds (1 s)
    auto after = c.Get("/api/search?q=zanzibarite");
    REQUIRE(after);
    total = json::parse(after->body)["total"];
    if (total == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(total == 1);
  serve.signal(SIGTERM);
  auto done = serve.wait(10000);
  REQUIRE(done);
  CHECK(done->status == 0);
}

TEST_CASE("The Tika endpoints answer as Tika Server 3.x does to the requests its clients send",
          "[server][tika]") {
  Served s(data_dir());
  const json before = s.get_json("/api/stats")["documents"];
  const std::string html = test::read_bytes(test::samples_dir() + "/ru/01-nakhodka-cp1251.html");
  httplib::Headers attach = {{"Content-Disposition", "attachment; filename=nakhodka.html"},
                             {"Accept", "text/plain"}};
  auto text = s.client->Put("/tika", attach, html, "application/octet-stream");
  REQUIRE(text);
  CHECK(text->status == 200);
  CHECK(text->body.find("Находки") != std::string::npos);  // decoded from windows-1251

  attach = {{"Content-Disposition", "attachment; filename=nakhodka.html"},
            {"Accept", "application/json"}};
  auto j = s.client->Put("/tika", attach, html, "application/octet-stream");
  REQUIRE(j);
  json meta = json::parse(j->body);
  CHECK(meta["Content-Type"].get<std::string>().starts_with("text/html"));
  CHECK(meta["resourceName"] == "nakhodka.html");
  CHECK(meta["dc:language"] == "ru");
  CHECK(meta["X-TIKA:content"].get<std::string>().find("Находки") != std::string::npos);

  // a container: the document, then each member with its path inside
  TempDir fixtures;
  const std::string cmd = "python3 '" + std::string(TRAWL_SOURCE_DIR) +
                          "/scripts/make-archive-fixtures.py' '" + fixtures.str() + "' nested.zip";
  REQUIRE(std::system(cmd.c_str()) == 0);
  auto rm =
      s.client->Put("/rmeta/text", {{"Content-Disposition", "attachment; filename=nested.zip"}},
                    test::read_bytes(fixtures.str() + "/nested.zip"), "application/zip");
  REQUIRE(rm);
  CHECK(rm->status == 200);
  json list = json::parse(rm->body);
  REQUIRE(list.is_array());
  REQUIRE(list.size() >= 4);
  CHECK(list[0]["Content-Type"] == "application/zip");
  std::set<std::string> paths;
  for (size_t i = 1; i < list.size(); ++i) {
    CHECK(list[i].contains("X-TIKA:content"));
    CHECK(list[i].contains("Content-Type"));
    paths.insert(list[i]["X-TIKA:embedded_resource_path"].get<std::string>());
  }
  CHECK(paths.count("/outer.txt") == 1);
  bool deep = false;
  for (size_t i = 1; i < list.size(); ++i)
    if (list[i]["X-TIKA:embedded_resource_path"].get<std::string>().ends_with("/deep.txt")) {
      deep = true;
      CHECK(list[i]["X-TIKA:content"].get<std::string>().find("가장 깊은 곳") != std::string::npos);
    }
  CHECK(deep);

  // metadata, type, language (EUC-KR text), version
  auto m = s.client->Put("/meta", {{"Accept", "application/json"}},
                         test::read_bytes(test::samples_dir() + "/en/04-briefing-note.pdf"),
                         "application/pdf");
  REQUIRE(m);
  json mj = json::parse(m->body);
  CHECK(mj["Content-Type"] == "application/pdf");
  CHECK(mj["xmpTPg:NPages"] == "2");
  CHECK_FALSE(mj.contains("X-TIKA:content"));
  auto detect = s.client->Put("/detect/stream",
                              test::read_bytes(test::samples_dir() + "/en/04-briefing-note.pdf"),
                              "application/octet-stream");
  REQUIRE(detect);
  CHECK(detect->body == "application/pdf");
  auto lang = s.client->Put("/language/stream",
                            test::read_bytes(test::samples_dir() + "/ko/01-nampo-sts-euckr.html"),
                            "application/octet-stream");
  REQUIRE(lang);
  CHECK(lang->body == "ko");
  auto version = s.client->Get("/version");
  REQUIRE(version);
  CHECK(version->body.starts_with("Apache Tika 3"));

  // what it cannot read: 415 for a type, 422 for an encrypted document
  std::string elf = test::read_bytes("/bin/true");
  auto unsupported = s.client->Put("/tika", elf, "application/octet-stream");
  REQUIRE(unsupported);
  CHECK(unsupported->status == 415);
  CHECK(json::parse(unsupported->body).contains("error"));
  auto encrypted = test::corpus_file("pdf/encrypted_userpw_password_poppler.pdf");
  REQUIRE(encrypted);
  auto enc = s.client->Put("/tika", {{"Content-Disposition", "attachment; filename=locked.pdf"}},
                           test::read_bytes(*encrypted), "application/pdf");
  REQUIRE(enc);
  CHECK(enc->status == 422);
  CHECK(json::parse(enc->body)["error"].get<std::string>().find("locked.pdf") != std::string::npos);
  // nothing uploaded is kept: the index is as it was
  CHECK(s.get_json("/api/stats")["documents"] == before);
  auto big = s.client->Put("/tika", std::string(9 << 20, 'a'), "text/plain");  // over 8 MB
  REQUIRE(big);
  CHECK(big->status == 413);
}

namespace {

// xapian-tcpsrv serving one index on a free port of 127.0.0.1, stopped when it goes.
class RemoteShard {
 public:
  explicit RemoteShard(const std::string& index) {
    // a free port: bind 0, read it, close (the server binds it a moment later)
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port_ = ntohs(a.sin_port);
    ::close(fd);
    const std::string p = std::to_string(port_);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      // a process group of its own: xapian-tcpsrv forks per connection and signals its
      // group when it stops, which must not reach this test
      ::setpgid(0, 0);
      ::freopen("/dev/null", "w", stdout);
      ::freopen("/dev/null", "w", stderr);
      ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--port", p.c_str(), "--interface", "127.0.0.1",
               index.c_str(), static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    for (int i = 0; i < 200; ++i) {  // until it accepts connections
      int c = ::socket(AF_INET, SOCK_STREAM, 0);
      const bool up = ::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      ::close(c);
      if (up) return;
      int status = 0;
      REQUIRE(::waitpid(pid_, &status, WNOHANG) == 0);  // xapian-tcpsrv missing or failed
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL("xapian-tcpsrv did not start on port " << port_);
  }
  ~RemoteShard() {
    ::kill(-pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

std::vector<std::string> hit_ids(const json& r) {
  std::vector<std::string> out;
  for (const json& h : r["hits"]) out.push_back(h["id"]);
  return out;
}

}  // namespace

TEST_CASE("Two remote shards served by xapian-tcpsrv search as one index, as the merged index does",
          "[server][shards]") {
  TempDir dir;
  const std::string s = test::samples_dir();
  // one machine's shard: the Korean documents; another's: English and Russian; and
  // everything in one index to compare with
  REQUIRE(run_trawl({"ingest", "--data", dir.str() + "/a", "--threads", "1", s + "/ko"}).status ==
          0);
  REQUIRE(run_trawl({"ingest", "--data", dir.str() + "/b", "--threads", "2", s + "/en", s + "/ru"})
              .status == 0);
  REQUIRE(run_trawl({"ingest", "--data", dir.str() + "/all", "--threads", "1", s + "/ko", s + "/en",
                     s + "/ru"})
              .status == 0);
  RemoteShard a(dir.str() + "/a/index/shards.stub");
  RemoteShard b(dir.str() + "/b/index/shards.stub");

  Config remote;
  remote.data_dir = dir.str() + "/searcher";  // no index of its own
  remote.serve.shards = {a.address(), b.address()};
  remote.serve.listen = "127.0.0.1:0";
  auto rs = SearchService::open(remote, remote.serve.shards);
  REQUIRE(rs);
  Config merged;
  merged.data_dir = dir.str() + "/all";
  auto ms = SearchService::open(merged);
  REQUIRE(ms);
  for (const std::string q :
       {"tanker", "환적", "судно", "Nampo", "imo:8716344", "lang:ko", "tanker 환적 AIS"}) {
    INFO(q);
    SearchRequest req;
    req.query = q;
    req.limit = 50;
    auto r = (*rs)->search(req);
    auto m = (*ms)->search(req);
    REQUIRE(r);
    REQUIRE(m);
    CHECK(r->total == m->total);
    std::vector<std::string> ri = hit_ids(search_json(*r)), mi = hit_ids(search_json(*m));
    if (q.find(':') != std::string::npos) {  // a filter: no weights, so docid order differs
      std::sort(ri.begin(), ri.end());
      std::sort(mi.begin(), mi.end());
    }
    CHECK(ri == mi);  // the same order: the statistics are global
    CHECK(r->facets["lang"] == m->facets["lang"]);
    CHECK(r->facets["entity"] == m->facets["entity"]);  // counted from a sample on remotes
  }
  // a document by id from a remote shard, and the API over it
  auto h = HttpServer::start(**rs);
  REQUIRE(h);
  httplib::Client c("127.0.0.1", (*h)->port());
  auto res = c.Get("/api/search?q=tanker&limit=1");
  REQUIRE(res);
  const std::string id = json::parse(res->body)["hits"][0]["id"];
  auto doc = c.Get(("/api/doc/" + id).c_str());
  REQUIRE(doc);
  CHECK(doc->status == 200);
  CHECK(json::parse(doc->body)["id"] == id);
  // the command line too
  auto cli = run_trawl({"search", "--data", remote.data_dir, "--shard", a.address(), "--shard",
                        b.address(), "--json", "Nampo"});
  REQUIRE(cli.status == 0);
  SearchRequest nampo;
  nampo.query = "Nampo";
  CHECK(json::parse(cli.out)["total"] == (*ms)->search(nampo)->total);
  // a shard that is not there: one clear line naming it
  auto gone = run_trawl({"search", "--data", remote.data_dir, "--shard", "tcp://127.0.0.1:1", "x"});
  CHECK(gone.status == 1);
  CHECK(gone.err.find("tcp://127.0.0.1:1") != std::string::npos);
}
