#include "core/entity_id.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace trawl;

namespace {

struct Case {
  const char* kind;
  const char* value;
  const char* want;  // "": not an id of that kind
};

void check_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.kind << " " << c.value);
    CHECK(canonical_entity_id(c.kind, c.value) == c.want);
  }
}

}  // namespace

TEST_CASE("An IMO number is its seven digits whatever label is written before it", "[core]") {
  check_cases({
      {"imo", "8518572", "imo:8518572"},
      {"imo", "IMO 8518572", "imo:8518572"},
      {"imo", "IMO No. 8518572", "imo:8518572"},
      {"imo", "imo8518572", "imo:8518572"},
      {"imo", "ИМО 8518572", "imo:8518572"},
      {"imo", " 8518572 ", "imo:8518572"},
      {"IMO", "8518572", "imo:8518572"},
      {"imo-company", "1790183", "imo-company:1790183"},
      {"imo_company", "IMO 1790183", "imo-company:1790183"},
      {"imo", "851857", ""},     // six digits
      {"imo", "85185720", ""},   // eight
      {"imo", "8518572 x", ""},  // something after the number
      {"imo", "IMO", ""},
      {"imo", "", ""},
  });
}

TEST_CASE("An MMSI is its nine digits", "[core]") {
  check_cases({
      {"mmsi", "445123456", "mmsi:445123456"},
      {"mmsi", "MMSI: 445123456", "mmsi:445123456"},
      {"mmsi", "44512345", ""},
      {"mmsi", "4451234567", ""},
  });
}

TEST_CASE("A resolution is its number without label, leading zeros or year", "[core]") {
  check_cases({
      {"unscr", "2397", "unscr:2397"},
      {"unscr", "S/RES/2397", "unscr:2397"},
      {"unscr", "s/res/2397", "unscr:2397"},
      {"unscr", "S/RES/2397(2017)", "unscr:2397"},
      {"unscr", "2397 (2017)", "unscr:2397"},
      {"unscr", "UNSCR 2397", "unscr:2397"},
      {"unscr", "resolution 2397", "unscr:2397"},
      {"unscr", "резолюция 2397", "unscr:2397"},
      {"unscr", "02397", "unscr:2397"},
      {"unscr", "제2397호", "unscr:2397"},
      {"unscr", "1718호(2006)", "unscr:1718"},
      {"unscr", "825", "unscr:825"},
      {"unscr", "0", ""},
      {"unscr", "23970", ""},          // five digits
      {"unscr", "2397 and 2375", ""},  // two resolutions are two ids
      {"unscr", "2397 (17)", ""},
      {"unscr", "S/RES/", ""},
  });
}

TEST_CASE("An HS code is dotted after its heading and cut to six digits", "[core]") {
  check_cases({
      {"hs", "27", "hs:27"},
      {"hs", "2701", "hs:2701"},
      {"hs", "HS 2701", "hs:2701"},
      {"hs", "HS code 2701", "hs:2701"},
      {"hs", "ТН ВЭД 2701", "hs:2701"},
      {"hs", "2701.12", "hs:2701.12"},
      {"hs", "2701 12", "hs:2701.12"},
      {"hs", "270112", "hs:2701.12"},
      {"hs", "2701-12", "hs:2701.12"},
      {"hs", "27.01.12", "hs:2701.12"},
      {"hs", "0901.11", "hs:0901.11"},  // chapters 01-09 keep their zero
      {"hs", "27101941", "hs:2710.19"},
      {"hs", "2710.19.41", "hs:2710.19"},
      {"hs", "2710194100", "hs:2710.19"},
      {"hs", "2", ""},
      {"hs", "270", ""},  // odd lengths are no level of the nomenclature
      {"hs", "27011", ""},
      {"hs", "2701..12", ""},
      {"hs", "2701.", ""},
      {"hs", "2701 coal", ""},
      {"hs", "271019411234", ""},
  });
}

TEST_CASE("A call sign is upper case without spaces or hyphens", "[core]") {
  check_cases({
      {"callsign", "HMYF", "callsign:HMYF"},
      {"callsign", "hmyf", "callsign:HMYF"},
      {"callsign", "3e-bx7", "callsign:3EBX7"},
      {"callsign", "P3 ZX", "callsign:P3ZX"},
      {"callsign", "HM/YF", ""},
      {"callsign", "-", ""},
  });
}

TEST_CASE("Addresses and numbers of the other pattern kinds have one case", "[core]") {
  check_cases({
      {"email", "Info@KCNA.kp", "email:info@kcna.kp"},
      {"email", "mailto:info@kcna.kp", "email:info@kcna.kp"},
      {"email", "info", ""},
      {"email", "a@b@c", ""},
      {"domain", "WWW.KCNA.KP", "domain:www.kcna.kp"},
      {"domain", "https://www.kcna.kp/en/article", "domain:www.kcna.kp"},
      {"domain", "kcna.kp.", "domain:kcna.kp"},
      {"phone", "+85023815926", "phone:+85023815926"},
      {"phone", "+850 (2) 381-5926", "phone:+85023815926"},
      {"phone", "85023815926", "phone:+85023815926"},
      {"phone", "+850 call", ""},
      {"eth", "0xDE0B295669A9FD93D5F28D9EC85E40F4CB697BAE",
       "eth:0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae"},
      {"eth", "0xde0b29", ""},
      {"btc", "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
       "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
      {"btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
  });
}

TEST_CASE("Ids of other kinds are kept as written", "[core]") {
  check_cases({
      {"list", "UN:KPi.004", "list:UN:KPi.004"},
      {"place", "nampo", "place:nampo"},
      {"date", "2024-03-28", "date:2024-03-28"},
      {"vessel", "", ""},
      {"", "x", ""},
  });
}

TEST_CASE("An id written kind:value is canonicalised by its kind", "[core]") {
  struct IdCase {
    const char* id;
    const char* want;
  };
  const IdCase cases[] = {
      {"hs:270112", "hs:2701.12"},
      {"HS:2701 12", "hs:2701.12"},
      {"unscr:S/RES/2397", "unscr:2397"},
      {"imo:IMO 8518572", "imo:8518572"},
      {"callsign:hmyf", "callsign:HMYF"},
      {"list:UN:KPi.004", "list:UN:KPi.004"},
      {"imo:12", ""},
      {"nocolon", "nocolon"},
  };
  for (const IdCase& c : cases) {
    INFO(c.id);
    CHECK(canonical_entity_id(c.id) == c.want);
  }
}

TEST_CASE("An HS heading is a search id of its subheadings", "[core]") {
  using Ids = std::vector<std::string>;
  struct SearchCase {
    const char* id;
    Ids want;
  };
  const SearchCase cases[] = {
      {"hs:2701.12", {"hs:27", "hs:2701", "hs:2701.12"}},
      {"hs:2701", {"hs:27", "hs:2701"}},
      {"hs:27", {"hs:27"}},
      {"imo:8518572", {"imo:8518572"}},
      {"unscr:2397", {"unscr:2397"}},
      {"list:UN:KPi.004", {"list:UN:KPi.004"}},
      {"hs:abcd", {"hs:abcd"}},  // not canonical: only itself
  };
  for (const SearchCase& c : cases) {
    INFO(c.id);
    CHECK(entity_search_ids(c.id) == c.want);
  }
}

TEST_CASE("Every way of writing an HS code finds a document tagged with its subheading", "[core]") {
  const std::vector<std::string> doc = entity_search_ids(canonical_entity_id("hs", "2701.12"));
  for (const char* query : {"2701.12", "2701 12", "270112", "2701", "27", "27011200"}) {
    INFO(query);
    const std::string q = canonical_entity_id("hs", query);
    CHECK(std::find(doc.begin(), doc.end(), q) != doc.end());
  }
  for (const char* query : {"2701.19", "2702", "28"}) {
    INFO(query);
    const std::string q = canonical_entity_id("hs", query);
    CHECK(std::find(doc.begin(), doc.end(), q) == doc.end());
  }
}
