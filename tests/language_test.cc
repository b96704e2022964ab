#include <catch2/catch.hpp>

#include "extractors/language.h"
#include "tests/support.h"

using namespace trawl;

TEST_CASE("Language identification is right on ordinary prose in all three languages", "[language]") {
  struct Case {
    const char* text;
    const char* code;
  };
  const Case cases[] = {
      {"북한의 유조선이 남포 앞바다에서 선박 간 환적을 한 것으로 확인되었다. 유엔 안보리 대북제재위원회 "
       "전문가패널은 이 선박이 자동식별장치를 끈 채 공해상에서 석유제품을 옮겨 실었다고 보고했다.",
       "ko"},
      {"Танкер под флагом Того провёл перегрузку нефтепродуктов с судна на судно в Восточно-Китайском "
       "море. По данным экспертов, судно несколько раз отключало систему автоматической идентификации.",
       "ru"},
      {"The tanker switched off its automatic identification system before a ship-to-ship transfer "
       "of refined petroleum in the East China Sea, according to the panel of experts.",
       "en"},
  };
  for (const Case& c : cases) {
    INFO(c.code);
    LanguageGuess g = detect_language(c.text);
    CHECK(g.code == c.code);
    CHECK(g.confidence > 0.5);
  }
}

TEST_CASE("Language identification says und for empty or garbled text", "[language]") {
  CHECK(detect_language("").code == "und");
  CHECK(detect_language("̽ଋҨǥƹ̽ୡȥဎഁୡࣧҨဌʾဎಱ̽ೌ¢‫܆‬ȥ¢৞¢ਮΝ੧੅ͱʸ¢͢ฏʤҨ").code == "und");
  CHECK(detect_language("12345 67890 !!!").code == "und");
}

TEST_CASE("Ukrainian is not called Russian", "[language]") {
  auto path = trawl::test::corpus_file("encoding/uk_windows-1251__uchardet.txt");
  LanguageGuess g = detect_language(
      "Бабак, байбак — гризун родини вивіркових. Поширений у степах України, живе колоніями й риє "
      "глибокі нори, де проводить зиму в сплячці.");
  CHECK(g.code == "uk");
  (void)path;
}
