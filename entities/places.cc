// The built-in gazetteer of places for DPRK sanctions monitoring: ports, cities, regions,
// seas and countries, each with its English (McCune-Reischauer and Revised Romanization
// spellings), Korean (South and North Korean usage) and Russian names, and the Chinese
// characters for places in China. Written by hand for this project.
//
// Rules for the names:
// - The first name is the primary (English) one; the rest are variants in any script.
// - Russian names are given in the nominative only; the tagger handles inflection.
// - Korean port names also get the port form with 항 ("남포항").
// - No name that is also a common word in English, Russian or Korean. Where a Korean or
//   Russian name is one, only a longer unambiguous form is given:
//     조선 (also "shipbuilding")  -> only 조선민주주의인민공화국 for the DPRK
//     해주 ("해 주다")           -> 해주항, 해주시
//     송림 ("pine forest")        -> 송림항, 송림시
//     나선 ("spiral")             -> 라선, 라선시, 나선시
//     선봉 ("vanguard")           -> 선봉항
//     개성 ("personality")        -> 개성시, 개성공업지구, 개성공단
//     대안 ("alternative")        -> 대안항, 대안군
//     김책 (also the person)      -> 김책시, 김책항
//     하산 ("descending")         -> 하산역
//     대련 ("sparring", "couplet"), 상해 ("injury"), 청도 (a South Korean county): left out
//     Восточный (an adjective)    -> порт Восточный, Восточный порт
//     Туманная ("foggy")          -> река Туманная
//   Находка ("a find") and Славянка ("a Slavic woman") are kept: the towns are written
//   with a capital letter and the common nouns rarely are.
// - Countries that are flag States only (Panama, Togo...) are not here: "Панама" is also
//   a hat and "Того" a pronoun.
// - `country` is empty for seas and straits shared by several States.

#include "entities/places.h"

namespace trawl {

const std::vector<PlaceRecord>& builtin_places() {
  static const std::vector<PlaceRecord> kPlaces = {
      // ---- Democratic People's Republic of Korea ---------------------------------------
      {"place:kp", "country", "KP",
       {"North Korea", "DPRK", "D.P.R.K.", "Democratic People's Republic of Korea",
        "Democratic People\u2019s Republic of Korea", "북한", "북조선", "조선민주주의인민공화국", "КНДР",
        "Северная Корея", "Корейская Народно-Демократическая Республика"}},
      {"place:pyongyang", "city", "KP",
       {"Pyongyang", "P'yongyang", "P'y\u014fngyang", "Pyeongyang", "평양", "평양시", "Пхеньян"}},
      {"place:nampo", "port", "KP",
       {"Nampo", "Namp'o", "Nam-po", "Nampho", "남포", "남포항", "남포시", "Нампхо", "Нампо"}},
      {"place:chongjin", "port", "KP",
       {"Chongjin", "Ch'ongjin", "Ch'\u014fngjin", "Cheongjin", "청진", "청진항", "청진시", "Чхонджин", "Чондин",
        "Чхончжин"}},
      {"place:rajin", "port", "KP", {"Rajin", "Najin", "라진", "라진항", "나진", "나진항", "Раджин", "Наджин"}},
      {"place:rason", "region", "KP",
       {"Rason", "Ras\u014fn", "Rason City", "Rason Special Economic Zone", "Rajin-Sonbong", "Rajin-S\u014fnbong",
        "라선", "라선시", "나선시", "라선경제무역지대", "나선경제특구", "Расон", "Раджин-Сонбон"}},
      {"place:sonbong", "port", "KP", {"Sonbong", "S\u014fnbong", "Seonbong", "선봉항", "Сонбон"}},
      {"place:songrim", "port", "KP",
       {"Songrim", "Songnim", "S\u014fngnim", "Songrim Port", "송림항", "송림시", "Сонрим", "Сонним"}},
      {"place:hungnam", "port", "KP", {"Hungnam", "H\u016dngnam", "Heungnam", "흥남", "흥남항", "Хыннам"}},
      {"place:hamhung", "city", "KP", {"Hamhung", "Hamh\u016dng", "Hamheung", "함흥", "함흥시", "Хамхын"}},
      {"place:wonsan", "port", "KP", {"Wonsan", "W\u014fnsan", "원산", "원산항", "원산시", "Вонсан"}},
      {"place:haeju", "port", "KP", {"Haeju", "해주항", "해주시", "Хэджу", "Хэчжу"}},
      {"place:kimchaek", "port", "KP", {"Kimchaek", "Kimch'aek", "Gimchaek", "김책시", "김책항", "Кимчхэк"}},
      {"place:sinpo", "port", "KP", {"Sinpo", "Sinp'o", "신포", "신포항", "신포시", "Синпхо", "Синпо"}},
      {"place:taean", "port", "KP", {"Taean", "T'aean", "대안항", "대안군", "Тэан"}},
      {"place:tanchon", "port", "KP",
       {"Tanchon", "Tanch'on", "Tanch'\u014fn", "Dancheon", "단천", "단천항", "단천시", "Танчхон"}},
      {"place:sinuiju", "city", "KP",
       {"Sinuiju", "Sin\u016diju", "Sin-uiju", "Sinuiju City", "신의주", "신의주시", "Синыйджу", "Синийджу"}},
      {"place:yongbyon", "city", "KP",
       {"Yongbyon", "Y\u014fngby\u014fn", "Yeongbyeon", "영변", "Йонбён", "Ёнбён", "Нёнбён"}},
      {"place:kaesong", "city", "KP",
       {"Kaesong", "Kaes\u014fng", "Gaeseong", "개성시", "개성공업지구", "개성공단", "Кэсон"}},

      // ---- Border rivers ------------------------------------------------------------------
      {"place:yalu-river", "region", "",
       {"Yalu River", "Yalu", "Amnok River", "Amnokkang", "압록강", "Ялу", "река Ялу", "Амноккан", "鸭绿江"}},
      {"place:tumen-river", "region", "",
       {"Tumen River", "Tuman River", "Tumangang", "두만강", "река Туманная", "Туманган", "Тумэньцзян", "图们江"}},

      // ---- Russian Federation ---------------------------------------------------------------
      {"place:ru", "country", "RU",
       {"Russia", "Russian Federation", "러시아", "러시아연방", "로씨야", "Россия", "Российская Федерация", "РФ"}},
      {"place:moscow", "city", "RU", {"Moscow", "모스크바", "Москва"}},
      {"place:vladivostok", "port", "RU",
       {"Vladivostok", "블라디보스토크", "블라디보스톡", "울라지보스또크", "Владивосток"}},
      {"place:nakhodka", "port", "RU", {"Nakhodka", "나홋카", "나호트카", "나홋카항", "Находка"}},
      {"place:vostochny", "port", "RU",
       {"Vostochny", "Vostochnyy", "Vostochny Port", "Port Vostochny", "보스토치니", "보스토치니항",
        "порт Восточный", "Восточный порт"}},
      // not the port: the spaceport in Amur Oblast (the 2023 summit), so that the longer
      // name wins over "Vostochny" / "Восточный"
      {"place:vostochny-cosmodrome", "region", "RU",
       {"Vostochny Cosmodrome", "Vostochny Spaceport", "보스토치니 우주기지", "보스토치니 우주발사장",
        "космодром Восточный"}},
      {"place:kozmino", "port", "RU", {"Kozmino", "Koz'mino", "코즈미노", "코즈미노항", "Козьмино"}},
      {"place:slavyanka", "port", "RU", {"Slavyanka", "슬라뱐카", "Славянка"}},
      {"place:zarubino", "port", "RU", {"Zarubino", "자루비노", "자루비노항", "Зарубино"}},
      {"place:posyet", "port", "RU", {"Posyet", "Posiet", "Pos'et", "포시에트", "포시에트항", "Посьет"}},
      {"place:khasan", "city", "RU", {"Khasan", "하산역", "Хасан"}},
      {"place:vanino", "port", "RU", {"Vanino", "바니노", "바니노항", "Ванино"}},
      {"place:kholmsk", "port", "RU", {"Kholmsk", "홀름스크", "홀름스크항", "Холмск"}},
      {"place:korsakov", "port", "RU", {"Korsakov", "코르사코프", "코르사코프항", "Корсаков"}},
      {"place:khabarovsk", "city", "RU", {"Khabarovsk", "하바롭스크", "Хабаровск"}},
      {"place:primorye", "region", "RU",
       {"Primorsky Krai", "Primorskiy Krai", "Primorye", "Primorie", "연해주", "연해변강", "Приморский край",
        "Приморье"}},
      {"place:sakhalin", "region", "RU", {"Sakhalin", "Sakhalin Island", "사할린", "Сахалин"}},
      {"place:nakhodka-bay", "sea", "RU", {"Nakhodka Bay", "나홋카만", "залив Находка"}},
      {"place:peter-the-great-gulf", "sea", "RU",
       {"Peter the Great Gulf", "Peter the Great Bay", "표트르대제만", "залив Петра Великого"}},

      // ---- People's Republic of China ------------------------------------------------------
      {"place:cn", "country", "CN",
       {"China", "People's Republic of China", "People\u2019s Republic of China", "PRC", "중국", "중화인민공화국",
        "Китай", "КНР", "Китайская Народная Республика", "中国"}},
      {"place:beijing", "city", "CN", {"Beijing", "베이징", "Пекин", "北京"}},
      {"place:liaoning", "region", "CN", {"Liaoning", "랴오닝", "랴오닝성", "료녕성", "Ляонин", "辽宁"}},
      {"place:shandong", "region", "CN", {"Shandong", "산둥", "산둥성", "Шаньдун", "山东"}},
      {"place:jilin", "region", "CN", {"Jilin", "지린", "지린성", "길림성", "Цзилинь", "吉林"}},
      {"place:dandong", "port", "CN", {"Dandong", "단둥", "단동", "Даньдун", "丹东"}},
      {"place:dalian", "port", "CN", {"Dalian", "다롄", "다롄항", "Далянь", "大连"}},
      {"place:longkou", "port", "CN", {"Longkou", "룽커우", "룽커우항", "Лункоу", "龙口"}},
      {"place:yantai", "port", "CN", {"Yantai", "옌타이", "옌타이항", "Яньтай", "烟台"}},
      {"place:weihai", "port", "CN", {"Weihai", "웨이하이", "Вэйхай", "威海"}},
      {"place:qingdao", "port", "CN", {"Qingdao", "칭다오", "칭다오항", "Циндао", "青岛"}},
      {"place:lianyungang", "port", "CN", {"Lianyungang", "롄윈강", "롄윈강항", "Ляньюньган", "连云港"}},
      {"place:ningbo-zhoushan", "port", "CN",
       {"Ningbo-Zhoushan", "Ningbo", "Zhoushan", "닝보-저우산", "닝보", "저우산", "Нинбо-Чжоушань", "Нинбо",
        "Чжоушань", "宁波舟山", "宁波", "舟山"}},
      {"place:shanghai", "port", "CN", {"Shanghai", "상하이", "상하이항", "Шанхай", "上海"}},
      {"place:hunchun", "city", "CN", {"Hunchun", "훈춘", "Хуньчунь", "珲春"}},
      {"place:tumen", "city", "CN", {"Tumen", "투먼", "Тумэнь", "图们"}},
      {"place:hong-kong", "region", "HK", {"Hong Kong", "Hongkong", "홍콩", "Гонконг", "Сянган", "香港"}},

      // ---- Republic of Korea ----------------------------------------------------------------
      {"place:kr", "country", "KR",
       {"Republic of Korea", "South Korea", "ROK", "대한민국", "한국", "남한", "Республика Корея",
        "Южная Корея"}},
      {"place:seoul", "city", "KR", {"Seoul", "서울", "Сеул"}},
      {"place:busan", "port", "KR", {"Busan", "Pusan", "부산", "부산항", "Пусан"}},
      {"place:incheon", "port", "KR", {"Incheon", "Inchon", "인천", "인천항", "Инчхон"}},
      {"place:yeosu", "port", "KR", {"Yeosu", "Yosu", "여수", "여수항", "Ёсу", "Йосу"}},
      {"place:gwangyang", "port", "KR", {"Gwangyang", "Kwangyang", "광양", "광양항", "Кванъян"}},
      {"place:pohang", "port", "KR", {"Pohang", "포항", "포항항", "Пхохан"}},
      {"place:ulsan", "port", "KR", {"Ulsan", "울산", "울산항", "Ульсан"}},

      // ---- Other States -------------------------------------------------------------------
      {"place:jp", "country", "JP", {"Japan", "일본", "Япония"}},
      {"place:tokyo", "city", "JP", {"Tokyo", "도쿄", "Токио", "東京"}},
      {"place:mn", "country", "MN", {"Mongolia", "몽골", "Монголия"}},
      {"place:vn", "country", "VN", {"Vietnam", "Viet Nam", "베트남", "Вьетнам"}},
      {"place:sg", "country", "SG", {"Singapore", "싱가포르", "Сингапур"}},
      {"place:sl", "country", "SL", {"Sierra Leone", "시에라리온", "Сьерра-Леоне"}},

      // ---- Seas, bays and straits ----------------------------------------------------------
      {"place:yellow-sea", "sea", "",
       {"Yellow Sea", "West Sea", "West Sea of Korea", "황해", "서해", "조선서해", "Жёлтое море", "Желтое море"}},
      {"place:east-sea", "sea", "",
       {"Sea of Japan", "East Sea", "East Sea of Korea", "동해", "조선동해", "일본해", "Японское море"}},
      {"place:korea-bay", "sea", "",
       {"Korea Bay", "West Korea Bay", "서한만", "서조선만", "Западно-Корейский залив", "Корейский залив"}},
      {"place:bohai", "sea", "CN",
       {"Bohai Sea", "Bohai Bay", "Gulf of Bohai", "보하이해", "발해만", "Бохайское море", "Бохайский залив",
        "渤海"}},
      {"place:korea-strait", "sea", "",
       {"Korea Strait", "Tsushima Strait", "대한해협", "Корейский пролив", "Цусимский пролив"}},
      {"place:east-china-sea", "sea", "", {"East China Sea", "동중국해", "Восточно-Китайское море"}},
      {"place:taiwan-strait", "sea", "",
       {"Taiwan Strait", "Formosa Strait", "대만해협", "타이완해협", "Тайваньский пролив"}},
      {"place:gulf-of-tonkin", "sea", "",
       {"Gulf of Tonkin", "Tonkin Gulf", "통킹만", "Тонкинский залив", "залив Бакбо"}},
  };
  return kPlaces;
}

}  // namespace trawl
