// Entity tagging: pattern taggers, lists, cross-script names, heuristics, bad input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "entities/lists.h"
#include "entities/normalize.h"
#include "entities/patterns.h"
#include "entities/tagger.h"
#include "support.h"

using namespace trawl;
using trawl::test::TempDir;

namespace {

std::set<std::string> ids_of(const std::vector<Entity>& es, const std::string& type = "") {
  std::set<std::string> out;
  for (const Entity& e : es)
    if (type.empty() || e.type == type) out.insert(e.id);
  return out;
}

// The UN list from the corpus, a small watchlist of our own and the places.
std::shared_ptr<const Tagger> full_tagger() {
  static std::shared_ptr<const Tagger> tagger = [] {
    TempDir* data = new TempDir;  // kept for the whole run
    if (auto un = trawl::test::corpus_file("sanctions/un_sc_consolidated_list_2025-04-19.xml"))
      REQUIRE(import_list(data->str(), *un, "UN"));
    std::string watch = data->write("watch.toml", R"(
[[entity]]
id = "kim-jong-un"
type = "person"
name = "Kim Jong Un"
aliases = ["김정은", "Ким Чен Ын"]

[[entity]]
id = "sea-lantern"
type = "vessel"
name = "Sea Lantern"
aliases = ["씨랜턴호", "Си Лантерн"]
imo = "9074729"
)");
    REQUIRE(import_list(data->str(), watch, "test"));
    std::vector<std::string> warnings;
    auto g = load_gazetteer(data->str(), &warnings);
    CHECK(warnings.empty());
    return std::make_shared<const Tagger>(g);
  }();
  return tagger;
}

std::vector<Entity> tag(std::string_view text) { return full_tagger()->tag(text); }

}  // namespace

TEST_CASE("IMO ship and company numbers: check digits, labels in three languages") {
  CHECK(imo_ship_check("9074729"));
  CHECK(imo_ship_check("8312497"));
  CHECK_FALSE(imo_ship_check("8312498"));
  CHECK(imo_company_check("2041999"));
  CHECK(imo_company_check("1790183"));
  CHECK_FALSE(imo_company_check("8312497"));

  for (const char* text : {"The tanker (IMO 8312497) sailed.", "IMO No. 8312497", "IMO number: 8312497",
                           "Судно ИМО 8312497 вышло", "номер ИМО 8312497", "IMO 번호 8312497", "IMO번호: 8312497",
                           "ＩＭＯ ８３１２４９７", "IMO ٨٣١٢٤٩٧"}) {
    INFO(text);
    CHECK(ids_of(tag(text), "imo") == std::set<std::string>{"imo:8312497"});
  }
  // a failing check digit after "IMO", and a valid number without the label, are not IMO numbers
  CHECK(ids_of(tag("IMO 8312498 was misprinted"), "imo").empty());
  CHECK(ids_of(tag("Invoice 8312497 was paid"), "imo").empty());
  // a company number: labelled, or in a sentence about a company; never a ship
  auto company = tag("Ocean Maritime Management Company, Limited, IMO Number: 1790183.");
  CHECK(ids_of(company, "imo_company") == std::set<std::string>{"imo-company:1790183"});
  CHECK(ids_of(company, "imo").empty());
  CHECK(ids_of(tag("registered owner IMO 2041999"), "imo_company") == std::set<std::string>{"imo-company:2041999"});
}

TEST_CASE("MMSI with the flag it implies, call signs, HS codes") {
  auto es = tag("MMSI 445123456, call sign HMYF; MMSI 100123456 is not one. HS 2701, HS code 2710.19, "
                "код ТН ВЭД 271019, HS 코드 2710");
  CHECK(ids_of(es, "mmsi") == std::set<std::string>{"mmsi:445123456"});
  auto mmsi = std::find_if(es.begin(), es.end(), [](const Entity& e) { return e.type == "mmsi"; });
  REQUIRE(mmsi != es.end());
  CHECK(mmsi->detail == "flag=KP");
  CHECK(ids_of(es, "callsign") == std::set<std::string>{"callsign:HMYF"});
  CHECK(ids_of(es, "hs") == std::set<std::string>{"hs:2701", "hs:2710.19", "hs:2710"});
}

TEST_CASE("UN Security Council resolutions in the three languages") {
  CHECK(ids_of(tag("in violation of resolution 2397 (2017)"), "unscr") == std::set<std::string>{"unscr:2397"});
  CHECK(ids_of(tag("S/RES/2397 (2017)"), "unscr") == std::set<std::string>{"unscr:2397"});
  CHECK(ids_of(tag("resolutions 2375 (2017) and 2397 (2017)"), "unscr") ==
        std::set<std::string>{"unscr:2375", "unscr:2397"});
  CHECK(ids_of(tag("нарушив резолюции 2270 и 2321 СБ ООН"), "unscr") ==
        std::set<std::string>{"unscr:2270", "unscr:2321"});
  CHECK(ids_of(tag("резолюцией Совета Безопасности ООН 2397"), "unscr") == std::set<std::string>{"unscr:2397"});
  CHECK(ids_of(tag("안보리 결의 제2397호에 따라"), "unscr") == std::set<std::string>{"unscr:2397"});
  CHECK(ids_of(tag("결의안 2375호와 2397호"), "unscr") == std::set<std::string>{"unscr:2375", "unscr:2397"});
  // not Security Council resolutions
  CHECK(ids_of(tag("IMO resolution A.600(15)"), "unscr").empty());
  CHECK(ids_of(tag("General Assembly resolution 74/2"), "unscr").empty());
}

TEST_CASE("Dates in each language's forms, normalised, and impossible dates are not dates") {
  for (const char* text : {"28 March 2024", "March 28, 2024", "28 марта 2024 г.", "28.03.2024", "2024-03-28",
                           "2024년 3월 28일", "2024. 3. 28.", "2024.03.28", "Mar. 28 2024"}) {
    INFO(text);
    CHECK(ids_of(tag(text), "date") == std::set<std::string>{"date:2024-03-28"});
  }
  CHECK(ids_of(tag("31.02.2024"), "date").empty());
  CHECK(ids_of(tag("March 2024"), "date").empty());
  // the publication date: the first date in the first lines
  std::string text = "DAILY NK\nSeoul, 5 April 2024\nThe ship left on 28 March 2024.";
  CHECK(first_dated_line(text, tag(text)) == "2024-04-05");
}

TEST_CASE("Money, coordinates, crypto-currency addresses, e-mail, phones and domains") {
  auto es = tag("$1.5 million; USD 1,500,000; 150억 원; 300만 달러; 1,5 млн долларов; 5 млрд рублей; €2.3 млн");
  CHECK(ids_of(es, "money") == std::set<std::string>{"money:USD:1500000", "money:KRW:15000000000",
                                                     "money:USD:3000000", "money:RUB:5000000000",
                                                     "money:EUR:2300000"});
  for (const char* text : {"38°45′N 124°12′E", "38°45'N, 124°12'E", "38°45′ с. ш. 124°12′ в. д.",
                           "북위 38도 45분 동경 124도 12분", "38.75 N 124.2 E"}) {
    INFO(text);
    CHECK(ids_of(tag(text), "coord") == std::set<std::string>{"coord:38.75,124.2"});
  }
  CHECK(ids_of(tag("39°02.5′N 125°05.1′E"), "coord") == std::set<std::string>{"coord:39.0417,125.085"});
  CHECK(bitcoin_address_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
  CHECK(bitcoin_address_valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
  CHECK_FALSE(bitcoin_address_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
  CHECK_FALSE(bitcoin_address_valid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));
  es = tag("pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa or 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb or "
           "0x52908400098527886E0F7030069857D2E4169EE7; write to Sales@Example.org, call +850 2 381 5926 or "
           "+7 (423) 222-11-00, see https://www.kcna.kp/en/ and example.com, not report.pdf");
  CHECK(ids_of(es, "btc") == std::set<std::string>{"btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"});
  CHECK(ids_of(es, "eth") == std::set<std::string>{"eth:0x52908400098527886e0f7030069857d2e4169ee7"});
  CHECK(ids_of(es, "email") == std::set<std::string>{"email:sales@example.org"});
  CHECK(ids_of(es, "phone") == std::set<std::string>{"phone:+85023815926", "phone:+74232221100"});
  CHECK(ids_of(es, "domain") == std::set<std::string>{"domain:www.kcna.kp", "domain:example.com"});
}

TEST_CASE("Bill of lading fields, with the places in them") {
  auto es = tag("BILL OF LADING\nShipper: Korea Paekma Trading Co.\nPort of Loading: Nampo, DPRK\n"
                "Порт выгрузки: Находка\n양륙항: 나홋카, 러시아\n");
  std::set<std::string> texts;
  for (const Entity& e : es)
    if (e.type == "port_of_loading" || e.type == "port_of_discharge" || e.type == "shipper") texts.insert(e.text);
  CHECK(texts == std::set<std::string>{"Korea Paekma Trading Co.", "Nampo, DPRK", "Находка", "나홋카, 러시아"});
  CHECK(ids_of(es, "place").count("place:nampo") == 1);
}

TEST_CASE("Listed names match across scripts, romanisations, particles and inflection") {
  if (!trawl::test::corpus_file("sanctions/un_sc_consolidated_list_2025-04-19.xml")) return;
  // the UN list has RI HONG-SOP (KPi.004) in Latin only
  for (const char* text : {"RI HONG-SOP was named", "Ri Hong Sop", "리홍섭은 말했다", "이홍섭의 회사", "Ри Хон Соп посетил"}) {
    INFO(text);
    CHECK(ids_of(tag(text), "person") == std::set<std::string>{"list:UN:KPi.004"});
  }
  for (const char* text : {"Kim Jong Un", "Kim Jong-un", "KIM JONG UN", "김정은", "김정은은", "김정은 위원장", "Ким Чен Ын",
                           "Ким Чен Ына"}) {
    INFO(text);
    CHECK(ids_of(tag(text), "person") == std::set<std::string>{"list:test:kim-jong-un"});
  }
  // organisations translated into Korean, and in Russian word order
  CHECK(ids_of(tag("조선광업개발무역회사는 제재 대상이다"), "org") == std::set<std::string>{"list:UN:KPe.001"});
  CHECK(ids_of(tag("단천상업은행"), "org") == std::set<std::string>{"list:UN:KPe.003"});
  CHECK(ids_of(tag("Коммерческий банк Танчхон"), "org") == std::set<std::string>{"list:UN:KPe.003"});
  CHECK(ids_of(tag("KOMID"), "org") == std::set<std::string>{"list:UN:KPe.001"});
  // the UN list gives 1790183 as Ocean Maritime Management's IMO company number
  auto omm = tag("The vessel Chong Chon Gang. International Maritime Organization (IMO) Number: 1790183.");
  CHECK(ids_of(omm, "imo_company") == std::set<std::string>{"imo-company:1790183"});
  CHECK(ids_of(omm, "imo").empty());
  // a name must be a name: lower-case words do not match, nor does part of a word
  CHECK(ids_of(tag("kim jong un"), "person").empty());
  CHECK(ids_of(tag("김정은행"), "person").empty());
  // places, inflected
  CHECK(ids_of(tag("вышло из Находки"), "place") == std::set<std::string>{"place:nakhodka"});
  CHECK(ids_of(tag("남포항에서 출항"), "place") == std::set<std::string>{"place:nampo"});
}

TEST_CASE("Mixed-script homoglyph spellings are read in the word's main script") {
  // Latin x and a in Cyrillic words (a common way to dodge keyword filters): matched, deliberately
  CHECK(ids_of(tag("из Нампxо"), "place") == std::set<std::string>{"place:nampo"});
  CHECK(ids_of(tag("Ри Xон Соп"), "person").count("list:UN:KPi.004") == 1);
}

TEST_CASE("Heuristic organisations and vessels are tagged with lower confidence") {
  auto es = tag("Paekhwa Trading Co., Ltd. chartered the MV WISE HONEST; ООО «Восток-Транс» и "
                "조선백호무역회사는 유조선 금별3호를 샀다. Танкер «Восток-7» ушёл.");
  std::set<std::string> orgs, vessels;
  for (const Entity& e : es) {
    if (e.source != "heuristic") continue;
    CHECK(e.confidence < 1.0);
    if (e.type == "org") orgs.insert(e.text);
    if (e.type == "vessel") vessels.insert(e.text);
  }
  CHECK(orgs == std::set<std::string>{"Paekhwa Trading Co., Ltd.", "ООО «Восток-Транс»", "조선백호무역회사"});
  CHECK(vessels == std::set<std::string>{"WISE HONEST", "금별3호", "Восток-7"});
}

TEST_CASE("Bad input: ten megabytes of digits, and digits of other scripts") {
  std::string digits(10 * 1024 * 1024, '7');
  auto t0 = std::chrono::steady_clock::now();
  auto es = tag(digits);
  CHECK(es.empty());
  std::string spaced;
  for (int i = 0; i < 200000; ++i) spaced += "1234567 ";
  CHECK(tag(spaced).empty());
  // not a timing test: only that it ends (a quadratic scan would take hours)
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::minutes(2));
  // labels followed by endless digits, one endless Hangul word, an endless address
  for (const char* label : {"IMO ", "북위 ", "резолюция ", "$", "HS ", "38.", "+", "bc1", "0x", "a@"}) {
    INFO(label);
    std::string text = std::string(label) + std::string(2 * 1024 * 1024, '9');
    CHECK(tag(text).size() <= 1);
  }
  std::string hangul;
  for (int i = 0; i < 300000; ++i) hangul += "조선";
  CHECK(ids_of(tag(hangul + "은"), "person").empty());
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::minutes(3));
  // a long text is tagged in pieces; spans still point into the whole text
  std::string long_text;
  while (long_text.size() < 9u * 1024 * 1024) long_text += "Filler line about nothing in particular.\n";
  long_text += "The tanker (IMO 8312497) left Nampo.\n";
  auto far = tag(long_text);
  REQUIRE(ids_of(far, "imo") == std::set<std::string>{"imo:8312497"});
  for (const Entity& e : far) CHECK(long_text.substr(e.start, e.end - e.start) == e.text);
  CHECK(ids_of(tag("IMO ８３１２４９７"), "imo") == std::set<std::string>{"imo:8312497"});
  CHECK(ids_of(tag("IMO ۸۳۱۲۴۹۷"), "imo") == std::set<std::string>{"imo:8312497"});
  CHECK(ids_of(tag("２０２４年"), "date").empty());
}

TEST_CASE("Bad lists: truncated UN XML names the line, duplicate watchlist ids are refused") {
  TempDir dir;
  std::string xml = dir.write("un.xml",
                              "<?xml version='1.0'?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n"
                              "<FIRST_NAME>RI</FIRST_NAME>\n<REFERENCE_NUMBER>KPi.9");
  auto r = parse_un_list(xml, "UN");
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find(xml + ":") == 0);
  CHECK(r.error().message.find(":6:") != std::string::npos);

  std::string csv = dir.write("w.csv", "id,type,name,aliases\nv1,vessel,Sea Lantern,\nv1,vessel,Other,\n");
  auto w = parse_watchlist(csv, "mine");
  REQUIRE_FALSE(w);
  CHECK(w.error().message == csv + ":3: duplicate id 'v1' (first on line 2)");

  std::string bad_type = dir.write("t.csv", "id,type,name\nx,ship,Sea Lantern\n");
  REQUIRE_FALSE(parse_watchlist(bad_type, "mine"));
  std::string no_ref = dir.write("noref.xml", "<?xml version='1.0'?>\n<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL>"
                                              "<FIRST_NAME>RI</FIRST_NAME>\n</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>");
  auto nr = parse_un_list(no_ref, "UN");
  REQUIRE_FALSE(nr);
  CHECK_THAT(nr.error().message, Catch::Contains("without REFERENCE_NUMBER"));
  std::string not_un = dir.write("other.xml", "<?xml version='1.0'?><rss></rss>");
  REQUIRE_FALSE(parse_un_list(not_un, "UN"));
}

TEST_CASE("Importing a bad list keeps the list already stored") {
  TempDir data, files;
  std::string good = files.write("w.csv", "id,type,name,aliases\nv1,vessel,Sea Lantern,씨랜턴호|Си Лантерн\n");
  REQUIRE(import_list(data.str(), good, "mine"));
  std::string bad = files.write("bad.csv", "id,type,name\nv1,vessel,A\nv1,vessel,B\n");
  REQUIRE_FALSE(import_list(data.str(), bad, "mine"));
  std::vector<std::string> warnings;
  auto g = load_gazetteer(data.str(), &warnings);
  REQUIRE(g->find("list:mine:v1"));
  CHECK(g->find("list:mine:v1")->name == "Sea Lantern");
  Tagger t(g);
  CHECK(ids_of(t.tag("선박 씨랜턴호가 입항"), "vessel").count("list:mine:v1") == 1);
}

TEST_CASE("The UN list loads whole, and its aliases find their own entries") {
  auto un_path = trawl::test::corpus_file("sanctions/un_sc_consolidated_list_2025-04-19.xml");
  if (!un_path) return;
  auto un = parse_un_list(*un_path, "UN");
  REQUIRE(un);
  CHECK(un->size() == 877);
  size_t dprk = std::count_if(un->begin(), un->end(), [](const ListEntry& e) { return e.id.find(":KP") != std::string::npos; });
  CHECK(dprk == 155);
}

TEST_CASE("The fixture watchlists load, and the one with a duplicate id is refused") {
  const std::string dir = trawl::test::fixtures_dir() + "/entities";
  auto toml = parse_watchlist(dir + "/watchlist.toml", "test");
  auto csv = parse_watchlist(dir + "/watchlist.csv", "test");
  REQUIRE(toml);
  REQUIRE(csv);
  CHECK(toml->size() == csv->size());
  for (size_t i = 0; i < toml->size() && i < csv->size(); ++i) {
    CHECK((*toml)[i].id == (*csv)[i].id);
    CHECK((*toml)[i].aliases == (*csv)[i].aliases);
  }
  auto dup = parse_watchlist(dir + "/watchlist_duplicate_ids.csv", "test");
  REQUIRE_FALSE(dup);
  CHECK_THAT(dup.error().message, Catch::Contains("duplicate id 'saebyol-9'"));
}

TEST_CASE("Every IMO number, resolution and date annotated in the fixtures is found, and no other") {
  // the annotated sentences of tests/fixtures/entities (bench/entities measures all types)
  for (const char* lang : {"en", "ru", "ko"}) {
    std::ifstream in(trawl::test::fixtures_dir() + "/entities/" + lang + ".jsonl");
    REQUIRE(in);
    std::string line;
    size_t sentences = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line);
      ++sentences;
      std::set<std::string> want;
      for (const auto& e : j["entities"]) {
        std::string type = e.value("type", "");
        if (type == "imo" || type == "unscr" || type == "date") want.insert(e.value("id", ""));
      }
      std::set<std::string> got;
      for (const Entity& e : tag(j["text"].get<std::string>()))
        if (e.type == "imo" || e.type == "unscr" || e.type == "date") got.insert(e.id);
      INFO(lang << ": " << j["text"].get<std::string>());
      CHECK(got == want);
    }
    CHECK(sentences >= 60);
  }
}
