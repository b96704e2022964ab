#!/usr/bin/env python3
"""Writes test documents for near-duplicate ("simhash") clustering into a folder.

Usage: make-syndicated.py OUTDIR            HTML pages and OUTDIR/manifest.json
       make-syndicated.py --plain OUTDIR    only the story text, as UTF-8 .txt

What it makes, for each of English, Korean and Russian:

- one wire story (350-600 words) about North Korea sanctions evasion, republished on 12
  fictional news sites. Each copy sits in its own site's boilerplate (header, navigation,
  byline format, "related stories", footer, sometimes a cookie banner or a newsletter
  box) under its own rewritten headline, and the body changes the way syndicated copy
  does: a paragraph dropped, an editor's note or "with reporting by" line added,
  paragraphs split or merged, the date written another way, a house spelling. The body
  text stays mostly the same: the 12 copies are one story, and a near-duplicate detector
  should put them in one cluster.
- 6 distinct stories on the same topic (other ships, ports, resolutions and facts, with
  much of the same vocabulary), each published once on one of those sites. None of them
  may be grouped with the wire story or with each other.

Most pages are UTF-8. Three Korean copies are EUC-KR (encoded with cp949 and checked to
be inside EUC-KR), two Russian copies windows-1251 and two KOI8-R; the sites that publish
in those charsets publish every page in them (so a few distinct stories are in them too).
Characters a legacy charset lacks (KOI8-R has no « » — №) are replaced the way such sites
do (" - N). Every page declares its charset in <meta charset=...>.

Layout: OUTDIR/<site>/<lang>-wire.html and OUTDIR/<site>/<lang>-distinct-<n>.html (.txt
with --plain), plus OUTDIR/manifest.json, a list of {"path", "lang", "story", "site",
"charset", "variant"}; the copies of one story share "story" ("en-wire"), and
"variant" says what that copy changed. With --plain every file is UTF-8 and holds the
headline and the body paragraphs of that copy (its edits included), without boilerplate.

Everything is fictional: sites (under .example), companies, people, ships and events were
invented as test data; the IMO numbers only have valid check digits, and any match with
a real ship is accidental. The output is deterministic (fixed dates, random choices from
generators seeded with the site name), so a rerun writes the same bytes. The script
verifies every file after writing it (decodes with its declared charset).
"""

import argparse
import datetime
import html
import json
import os
import random
import re
import sys

# ---------------------------------------------------------------------------- stories
# A wire paragraph may hold "{date}": the report's publication date, which copies
# write in different formats (see body_date).

WIRE_DATE = datetime.date(2025, 3, 13)  # a Thursday

WIRE = {
    "en": {
        "agency": "Pacific Wire Service",
        "author": "Daniel Reyes",
        "headlines": [
            "Tanker tied to Vladivostok firm made repeated oil transfers off North Korea, report says",
            "Report: Sierra Leone-flagged tanker ran 'dark' fuel deliveries off Nampo",
            "Satellite images show tanker passing oil to North Korean ships despite UN cap",
            "Front company in Vladivostok linked to covert fuel shipments to Pyongyang",
            "Tanker switched off AIS for months while supplying North Korea, researchers find",
            "North Korea sanctions: tanker IMO 8518572 caught in ship-to-ship transfers",
            "How a little-known tanker kept North Korea's fuel flowing",
            "Researchers track 'ghost' tanker behind nine transfers near Nampo",
            "Oil cap breached again? Tanker delivered up to 90,000 barrels, study says",
            "Sanctions busting at sea: a tanker, a shell firm and a spoofed signal",
            "Vladivostok-owned tanker suspected of breaching UN Resolution 2397",
            "Ship-to-ship oil transfers off North Korea traced to Russian-registered firm",
        ],
        "paragraphs": [
            "A tanker that switched off its tracking transponder for most of the past five "
            "months carried out at least nine ship-to-ship transfers of refined oil products "
            "off the North Korean port of Nampo, according to a report by a maritime research "
            "group released on {date}. The findings add to evidence that Pyongyang continues "
            "to import fuel far beyond the cap set by the United Nations Security Council.",

            "The vessel, a 4,800-tonne product tanker sailing under the flag of Sierra Leone, "
            "is registered under IMO number 8518572. Satellite images reviewed by the group "
            "show it lying alongside smaller North Korean tankers in Korea Bay on at least "
            "nine occasions between October and February, each time with its Automatic "
            "Identification System (AIS) turned off. Hoses were visible between the hulls in "
            "four of the images.",

            "Under resolution 2397, adopted in December 2017, member states may supply North "
            "Korea with no more than 500,000 barrels of refined petroleum products a year and "
            "must report every delivery to the sanctions committee. Ship-to-ship transfers to "
            "or from North Korean-flagged vessels are banned outright. The report estimates "
            "that this one tanker delivered between 60,000 and 90,000 barrels during the period.",

            "Ownership records trace the ship to a company registered in Vladivostok in 2021 "
            "with a share capital of 10,000 roubles and a single director. The company has no "
            "website, and its listed address is a rented office in a business centre near the "
            "city's commercial port. The researchers say it has the hallmarks of a front "
            "company: it was set up shortly before the tanker was bought, it owns no other "
            "assets, and its director also appears in the records of two firms that were "
            "dissolved after earlier sanctions designations.",

            "The tanker changed its name twice in eighteen months and switched flags from "
            "Mongolia to Togo before settling on Sierra Leone, a pattern the UN Panel of "
            "Experts described in earlier reports as a way of staying ahead of registries and "
            "insurers. Its last recorded port call was at Dalian in September. Port state "
            "control records show that inspectors there found 11 deficiencies, including "
            "faulty fire dampers and missing navigation charts, but did not detain the ship.",

            "When its transponder came back on in late February, the vessel reported a "
            "position in the Yellow Sea, roughly 200 nautical miles from where the images "
            "place it. Analysts call this spoofing: broadcasting false coordinates so that a "
            "ship appears to be somewhere it is not.",

            "The report also links the tanker to the coal trade. On at least two voyages the "
            "ship headed south riding low in the water, which the authors say is consistent "
            "with a cargo of North Korean coal, whose export has been banned since 2017. They "
            "could not establish where that cargo was unloaded.",

            "Neither the Vladivostok company nor the ship registry of Sierra Leone responded "
            "to requests for comment. A spokeswoman for the Russian Foreign Ministry told a "
            "regular briefing that Moscow complies with all of its international obligations.",

            "The Panel of Experts, which monitored the enforcement of the sanctions for fifteen "
            "years, was disbanded in April 2024 after Russia vetoed the renewal of its mandate. "
            "Since then independent researchers and a handful of governments have taken over "
            "much of its work, relying on commercial satellite imagery and leaked shipping "
            "documents.",
        ],
    },
    "ko": {
        "agency": "해양통신",
        "author": "정해린",
        "headlines": [
            "남포 앞바다서 유류 불법 환적…블라디보스토크 위장회사 연루 의혹",
            "AIS 끄고 北에 정제유 넘긴 유조선…위성사진에 9차례 포착",
            "\"유조선 한 척이 최대 9만 배럴 공급\"…대북 제재 또 구멍",
            "블라디보스토크 페이퍼컴퍼니 소유 유조선, 北과 해상 환적 의혹",
            "시에라리온 선적 유조선, 남포 인근서 선박 간 환적 반복",
            "[분석] 선명 두 번 바꾼 유조선의 수상한 항적",
            "안보리 결의 2397호 위반 정황…러시아 연계 유조선 추적",
            "북한 유류 밀반입 창구 된 '유령 유조선'",
            "IMO 8518572 유조선, 서한만서 북한 선박과 나란히…호스 연결 포착",
            "위치 신호 조작까지…北 정제유 환적선 수법 드러나",
            "대북 정제유 상한선 무력화 우려…민간 연구단체 보고서",
            "러시아 위장회사 연루 유조선, 북한산 석탄 운송 가능성도",
        ],
        "paragraphs": [
            "북한 남포항 앞바다에서 선박 자동식별장치(AIS)를 끈 채 정제유를 옮겨 실은 유조선이 "
            "위성사진에 잇달아 포착됐다. 이 유조선은 러시아 블라디보스토크에 등록된 위장회사와 "
            "연결된 것으로 드러나, 유엔 안전보장이사회의 대북 제재를 조직적으로 회피하고 있다는 "
            "의혹이 커지고 있다.",

            "해양 안보를 연구하는 한 민간 연구단체는 {date} 공개한 보고서에서 국제해사기구(IMO) "
            "번호 8518572인 유조선이 지난해 10월부터 올해 2월까지 남포 인근 서한만 해역에서 최소 "
            "아홉 차례 선박 간 환적을 했다고 밝혔다. 보고서에 실린 위성사진에는 이 유조선이 북한 "
            "선적의 소형 유조선과 나란히 붙어 있는 모습이 담겼고, 그중 네 장에서는 두 선박을 잇는 "
            "호스가 뚜렷하게 보였다.",

            "이 선박은 재화중량 4천800t급 석유제품 운반선으로 현재 시에라리온 국기를 달고 있다. "
            "최근 1년 반 사이 선명을 두 차례 바꿨고, 선적도 몽골과 토고를 거쳐 시에라리온으로 "
            "옮겼다. 유엔 대북제재위원회 전문가 패널은 과거 보고서에서 이처럼 잦은 선명과 선적 "
            "변경을 선박 등록 당국과 보험사의 추적을 피하려는 전형적인 수법으로 지목한 바 있다.",

            "2017년 12월 채택된 안보리 결의 2397호는 북한에 공급할 수 있는 정제유를 연간 50만 "
            "배럴로 제한하고, 공급할 때마다 제재위원회에 보고하도록 하고 있다. 북한 선박과의 선박 "
            "간 환적은 전면 금지돼 있다. 보고서는 이 유조선 한 척이 같은 기간 북한에 넘긴 정제유가 "
            "6만∼9만 배럴에 이를 것으로 추산했다.",

            "선박 소유 기록을 추적한 결과 이 유조선의 실소유주는 2021년 블라디보스토크에 자본금 "
            "1만 루블로 설립된 회사로 확인됐다. 이 회사는 홈페이지도 없고, 등록 주소는 블라디보스토크 "
            "상업항 인근 업무용 빌딩의 임대 사무실이다. 대표는 과거 제재 대상에 오른 뒤 해산된 회사 "
            "두 곳의 기록에도 이름이 올라 있다. 연구단체는 이 회사가 유조선을 사들이기 직전에 "
            "세워졌고 다른 자산이 전혀 없다는 점에서 전형적인 위장회사로 보인다고 분석했다.",

            "이 유조선이 마지막으로 기항한 곳은 지난해 9월 중국 다롄항이다. 당시 항만국 통제(PSC) "
            "검사에서 방화댐퍼 고장과 항해용 해도 미비 등 결함 11건이 지적됐지만 출항 정지 처분은 "
            "내려지지 않았다.",

            "2월 말 다시 켜진 AIS 신호에는 위성사진 속 위치에서 약 200해리 떨어진 서해 공해상의 "
            "좌표가 찍혀 있었다. 전문가들은 실제 위치를 숨기려고 허위 좌표를 송출하는 이른바 "
            "'스푸핑' 수법으로 보고 있다.",

            "보고서는 이 선박이 북한산 석탄 운송에도 관여했을 가능성을 제기했다. 적어도 두 차례 "
            "항해에서 선체가 물에 깊이 잠긴 채 남쪽으로 향하는 모습이 확인됐는데, 이는 석탄처럼 "
            "무거운 화물을 실었을 때 나타나는 특징이다. 북한산 석탄 수출은 2017년부터 전면 금지돼 "
            "있으나, 연구단체는 화물이 어디에서 하역됐는지는 확인하지 못했다고 밝혔다.",

            "블라디보스토크의 해당 회사와 시에라리온 선박 등록 당국은 사실 확인 요청에 응답하지 "
            "않았다. 러시아 외무부 대변인은 정례 브리핑에서 \"러시아는 국제적 의무를 모두 준수하고 "
            "있다\"고 말했다. 정부 관계자는 \"관련 정보를 우방국과 공유하며 면밀히 들여다보고 "
            "있다\"며 \"필요하면 독자 제재도 검토할 것\"이라고 밝혔다. 15년 동안 대북 제재 이행을 "
            "감시해 온 전문가 패널은 지난해 3월 러시아의 거부권 행사로 임기 연장이 무산되면서 "
            "4월 말 활동을 마쳤다.",
        ],
    },
    "ru": {
        "agency": "Восток-Пресс",
        "author": "Олег Белов",
        "headlines": [
            "Танкер, связанный с владивостокской фирмой, тайно перегружал нефтепродукты у берегов КНДР",
            "Исследователи: танкер с выключенным транспондером снабжал КНДР топливом",
            "Спутниковые снимки зафиксировали перегрузки нефтепродуктов у Нампхо",
            "Владивостокская фирма-однодневка оказалась владельцем танкера, работавшего на КНДР",
            "Танкер под флагом Сьерра-Леоне девять раз встречался с северокорейскими судами",
            "Санкции против КНДР: танкер ИМО 8518572 уличили в перегрузках в море",
            "«Призрачный» танкер: как топливо попадает в Северную Корею в обход ООН",
            "До 90 тысяч баррелей: доклад о поставках нефтепродуктов в КНДР",
            "Доклад: судно из Приморья могло нарушить резолюцию СБ ООН 2397",
            "Смена флагов, спуфинг и подставная компания: история одного танкера",
            "В Западно-Корейском заливе заметили танкер, связанный с Владивостоком",
            "Нефтепродукты для Пхеньяна: исследователи вышли на след владивостокской компании",
        ],
        "paragraphs": [
            "Танкер, который почти пять месяцев ходил с отключённым транспондером, провёл не "
            "менее девяти перегрузок нефтепродуктов с борта на борт у северокорейского порта "
            "Нампхо. Об этом говорится в докладе независимой исследовательской группы, "
            "опубликованном {date}. Авторы считают, что Пхеньян по-прежнему ввозит топливо в "
            "объёмах, намного превышающих лимит, установленный Советом Безопасности ООН.",

            "Речь идёт о танкере-продуктовозе дедвейтом 4800 тонн под флагом Сьерра-Леоне, "
            "зарегистрированном под номером ИМО 8518572. На спутниковых снимках, которые изучили "
            "исследователи, судно как минимум девять раз с октября по февраль стоит борт к борту "
            "с небольшими северокорейскими танкерами в Западно-Корейском заливе. Всякий раз его "
            "автоматическая идентификационная система (АИС) была выключена, а на четырёх снимках "
            "между корпусами видны шланги.",

            "Резолюция 2397, принятая в декабре 2017 года, разрешает поставлять в КНДР не более "
            "500 тысяч баррелей нефтепродуктов в год, причём о каждой поставке нужно сообщать в "
            "санкционный комитет. Перегрузки с борта на борт с участием северокорейских судов "
            "запрещены полностью. По оценке авторов доклада, один только этот танкер доставил за "
            "указанный период от 60 до 90 тысяч баррелей.",

            "Судно принадлежит компании, зарегистрированной во Владивостоке в 2021 году с уставным "
            "капиталом 10 тысяч рублей и единственным директором. Сайта у компании нет, а её "
            "юридический адрес — арендованный офис в бизнес-центре рядом с торговым портом. По "
            "словам исследователей, у фирмы все признаки подставной: её создали незадолго до "
            "покупки танкера, других активов у неё нет, а директор фигурирует в документах ещё "
            "двух компаний, ликвидированных после того, как они попали под санкции.",

            "За полтора года танкер дважды сменил название и несколько раз флаг: сначала "
            "монгольский, затем тоголезский и, наконец, флаг Сьерра-Леоне. Группа экспертов ООН "
            "в прежних докладах называла такую схему способом уйти от внимания регистров и "
            "страховщиков. Последний раз судно заходило в порт Далянь в сентябре. Согласно данным "
            "портового государственного контроля, инспекторы выявили 11 замечаний, в том числе "
            "неисправные противопожарные заслонки и отсутствие навигационных карт, но задерживать "
            "судно не стали.",

            "Когда в конце февраля транспондер снова заработал, танкер передал координаты в "
            "Жёлтом море — примерно в 200 морских милях от места, где его зафиксировали спутники. "
            "Аналитики называют это спуфингом: судно передаёт ложные координаты, чтобы казаться "
            "там, где его нет.",

            "В докладе танкер связывают и с торговлей углём. Как минимум в двух рейсах судно "
            "уходило на юг с большой осадкой, что, по мнению авторов, указывает на перевозку "
            "северокорейского угля, экспорт которого запрещён с 2017 года. Где был выгружен этот "
            "груз, установить не удалось.",

            "Во владивостокской компании и в судовом регистре Сьерра-Леоне на запросы не ответили. "
            "Официальный представитель МИД России на брифинге заявила, что Москва выполняет все "
            "свои международные обязательства.",

            "Группа экспертов, которая 15 лет следила за соблюдением санкций, прекратила работу в "
            "апреле 2024 года после того, как Россия наложила вето на продление её мандата. С тех "
            "пор значительную часть её работы взяли на себя независимые исследователи и "
            "правительства ряда стран, опираясь на коммерческие спутниковые снимки и утёкшие "
            "судовые документы.",
        ],
    },
}

# Six stories per language on the same topic, each published once. Story n has the same
# subject in each language (coal to Longkou, a detention at Yeosu, a US designation in
# Dalian, small tankers to Rajin, a Japanese sighting, a stolen identity and a fake flag).
DISTINCT = {
    "en": [
        {
            "date": datetime.date(2025, 2, 4),
            "headline": "Bulk carrier suspected of carrying North Korean coal to Chinese port, photos show",
            "paragraphs": [
                "A bulk carrier that called at the North Korean coal terminal of Songnim in "
                "January later unloaded its cargo at the Chinese port of Longkou, according to "
                "satellite photographs and shipping data reviewed by a group of sanctions "
                "researchers.",
                "The 6,200-tonne vessel, flagged in Cameroon and registered as IMO 9087439, spent "
                "four days moored at the terminal on the Taedong River with its transponder "
                "silent. Pictures taken on the third day show the conveyor belts running and the "
                "dark heaps of coal on the quay visibly shrinking.",
                "Eleven days later the ship reappeared on AIS off the Shandong peninsula, "
                "declaring a cargo of Russian anthracite bound for Longkou. Chinese port records "
                "list the shipment as Russian too, but the researchers found no sign that the "
                "ship had called at a Russian port in the months before.",
                "Resolution 2371, adopted in August 2017, banned all exports of North Korean "
                "coal, iron and iron ore. Coal was once Pyongyang's biggest earner of foreign "
                "currency, bringing in more than a billion dollars a year. The researchers put "
                "the cargo at about 5,500 tonnes, worth roughly 700,000 dollars at Chinese "
                "domestic prices.",
                "The registered owner of the ship is a Hong Kong company whose only director "
                "lives in Dalian. It was incorporated three weeks before it bought the vessel "
                "and has never filed accounts.",
                "Chinese customs officials did not answer questions. Beijing has said many times "
                "that it enforces Security Council resolutions in full.",
            ],
        },
        {
            "date": datetime.date(2025, 3, 11),
            "headline": "South Korea detains tanker at Yeosu over suspected transfers to North Korean ships",
            "paragraphs": [
                "South Korean authorities have detained a Panama-flagged tanker at the southern "
                "port of Yeosu on suspicion that it passed refined oil to North Korean vessels at "
                "sea, the foreign ministry in Seoul said on Tuesday.",
                "Customs officers and coast guard inspectors boarded the 5,100-tonne ship, IMO "
                "9145607, after it arrived from the Chinese port of Zhoushan with a cargo of "
                "diesel. Its crew of 23, mostly from Myanmar and China, were questioned about a "
                "voyage in November during which the tanker's AIS signal went missing for six "
                "days in the East China Sea.",
                "According to the ministry, the logbook has the tanker at anchor on those days, "
                "but data recovered from its electronic chart system put it next to a North "
                "Korean-flagged tanker that is already on the UN sanctions list.",
                "Resolution 2375 prohibits ship-to-ship transfers of any goods to or from North "
                "Korean-flagged vessels. Member states must inspect ships in their ports when "
                "they have reasonable grounds to believe they took part in such transfers.",
                "It is the first detention of its kind in South Korea since 2019, when two "
                "foreign ships were held at Busan and Pohang. A port state control inspection "
                "carried out at the same time found that the tanker's safety management "
                "certificate had expired.",
                "The ship's operator, a Singapore company, said in a statement that it had "
                "chartered the vessel to a third party and knew nothing of its movements in "
                "November.",
            ],
        },
        {
            "date": datetime.date(2025, 1, 16),
            "headline": "U.S. blacklists Dalian trading firm accused of buying oil for Pyongyang",
            "paragraphs": [
                "The U.S. Treasury Department has imposed sanctions on a trading company in the "
                "Chinese port city of Dalian, two of its managers and three tankers, accusing "
                "them of arranging fuel deliveries to North Korea in breach of United Nations "
                "limits.",
                "According to the Treasury, the company paid for at least twelve cargoes of "
                "diesel and gasoline between 2022 and 2024 through bank accounts in the names of "
                "relatives and shell firms registered in the Marshall Islands. The fuel was "
                "loaded in Chinese and Malaysian waters and handed over to North Korean tankers "
                "in ship-to-ship operations in the Yellow Sea.",
                "The three tankers named in the designation, among them one registered under IMO "
                "number 9038165, have changed names at least five times between them and have "
                "sailed under the flags of Panama, Comoros and Cameroon. All three routinely "
                "switched off their AIS transponders as they approached the Korean peninsula.",
                "Resolution 2397 caps North Korea's imports of refined petroleum at 500,000 "
                "barrels a year. Washington says real imports are several times higher and that "
                "networks like this one make up the difference.",
                "Any property the company or its managers hold under U.S. jurisdiction is now "
                "frozen, and Americans are barred from dealing with them. Foreign banks that "
                "handle their transactions risk secondary sanctions.",
                "The company's telephone number in Dalian has been disconnected. China's foreign "
                "ministry said it opposed unilateral sanctions and what it called the long-arm "
                "jurisdiction of the United States.",
            ],
        },
        {
            "date": datetime.date(2024, 11, 27),
            "headline": "Tankers from Russia's Far East supply oil to North Korea's Rajin port, data show",
            "paragraphs": [
                "Small tankers sailing from Russian ports near Nakhodka have delivered oil "
                "products to the North Korean port of Rajin at least 40 times since the start of "
                "last year, according to an analysis of shipping data and satellite imagery by a "
                "European research institute.",
                "The institute followed five tankers of under 3,000 tonnes each that made the "
                "300-kilometre run between the terminal at Vostochny and Rajin in less than two "
                "days. The ships kept their AIS on in Russian waters and turned it off shortly "
                "before crossing the maritime border.",
                "Over the same period Russia reported deliveries of only a few thousand barrels "
                "of refined petroleum to the sanctions committee. Going by the size of the "
                "tankers and the number of trips, the institute estimates that the true volume "
                "passed the annual ceiling of 500,000 barrels set by resolution 2397 within the "
                "first eight months of the year.",
                "One of the tankers, registered under IMO number 8660313, belongs to a company in "
                "Nakhodka that was set up in 2022 and gives its main business as wholesale trade "
                "in fuel. The company did not reply to an email.",
                "The Kremlin has said that its cooperation with Pyongyang concerns only the two "
                "countries and breaks no international law. Since the mandate of the UN Panel of "
                "Experts ran out, no official body publishes reports on how the cap is enforced.",
            ],
        },
        {
            "date": datetime.date(2025, 3, 14),
            "headline": "Japan spots North Korean tanker in suspected ship-to-ship transfer in East China Sea",
            "paragraphs": [
                "Japan's Defence Ministry said on Friday that a patrol aircraft had photographed a "
                "North Korean-flagged tanker lying alongside a vessel of unknown nationality in "
                "the East China Sea, about 250 kilometres east of Shanghai, in what it called a "
                "suspected illegal ship-to-ship transfer.",
                "The photographs released by the ministry show the two ships joined by hoses, "
                "with fenders between their hulls, shortly after midnight on 2 March. The North "
                "Korean tanker has been on the UN sanctions list since 2018. The name and "
                "registration number of the second ship had been painted over.",
                "Tokyo has reported the incident to the Security Council's sanctions committee "
                "and shared the information with the countries concerned. It is the 27th such "
                "case Japan has made public since 2018.",
                "Japan, together with the United States, Britain, Australia, Canada, France and "
                "New Zealand, has sent ships and aircraft to watch for ship-to-ship transfers in "
                "the waters around the Korean peninsula. Resolution 2375 bans any transfer to or "
                "from North Korean-flagged vessels.",
                "Japanese officials said the second ship was later tracked heading north with its "
                "AIS switched off. They would not say whether it had been identified.",
            ],
        },
        {
            "date": datetime.date(2025, 2, 20),
            "headline": "Tanker used a scrapped ship's identity and a fake flag to hide trips to North Korea",
            "paragraphs": [
                "A tanker that carried fuel to North Korea last year was sailing under the "
                "identity of a ship broken up in Bangladesh in 2017 and flying the flag of a "
                "registry that does not exist, an investigation by a maritime risk consultancy "
                "has found.",
                "The ship broadcast on AIS the name and IMO number 9004695 of a tanker scrapped "
                "at Chittagong nearly eight years ago. Satellite images show that the vessel "
                "using the number has a different hull, a red deck and a second crane that the "
                "scrapped ship never had.",
                "The flag it claimed belonged to a self-styled maritime administration with a "
                "website and an office address in a Dubai free zone, which issued registration "
                "certificates for a fee of 2,000 dollars. The International Maritime "
                "Organization warned its members last year about at least six such fraudulent "
                "registries.",
                "Under Security Council resolutions, flag states must deregister ships involved "
                "in sanctions violations. Fake registries let those ships keep sailing, because "
                "no government is responsible for inspecting them, the consultancy said. It added "
                "that port state control officers in China and Russia seldom look closely at the "
                "certificates of small tankers.",
                "The consultancy said it had passed its findings to two governments. The tanker "
                "is believed to have made at least four trips to Nampo and two to Songnim since "
                "March.",
            ],
        },
    ],
    "ko": [
        {
            "date": datetime.date(2025, 2, 4),
            "headline": "北 송림항서 석탄 실은 화물선, 中 룽커우항에 하역 정황",
            "paragraphs": [
                "북한 황해북도 송림항에서 석탄을 실은 것으로 보이는 벌크선이 중국 산둥성 룽커우항에서 "
                "화물을 내린 정황이 위성사진과 선박 운항 자료를 통해 드러났다고 대북 제재를 추적하는 "
                "민간 연구진이 4일 밝혔다.",
                "연구진에 따르면 카메룬 국기를 단 6천200t급 벌크선(IMO 번호 9087439)은 지난 1월 "
                "대동강 하구의 송림 석탄 부두에 나흘 동안 정박했다. 이 기간 선박의 위치 신호는 잡히지 "
                "않았다. 정박 사흘째에 촬영된 사진에서는 컨베이어 벨트가 돌아가고 부두에 쌓인 석탄 "
                "더미가 눈에 띄게 줄어든 모습이 확인됐다.",
                "이 배는 11일 뒤 산둥반도 앞바다에서 AIS 신호를 다시 켜고 '러시아산 무연탄'을 싣고 "
                "룽커우로 향한다고 신고했다. 중국 항만 기록에도 화물은 러시아산으로 적혀 있지만, "
                "연구진은 이 선박이 앞선 몇 달 동안 러시아 항구에 입항한 기록을 찾지 못했다.",
                "2017년 8월 채택된 안보리 결의 2371호는 북한산 석탄과 철, 철광석의 수출을 전면 "
                "금지했다. 석탄은 한때 연간 10억 달러 이상을 벌어들이던 북한의 최대 외화 수입원이었다. "
                "연구진은 이번 화물을 약 5천500t, 중국 내수 가격으로 70만 달러어치로 추산했다.",
                "선박의 등록 소유주는 홍콩에 있는 회사로, 유일한 이사는 다롄에 거주하는 것으로 "
                "나타났다. 이 회사는 배를 사들이기 3주 전에 설립됐으며 재무제표를 한 번도 제출하지 "
                "않았다.",
                "중국 해관 당국은 질의에 답하지 않았다. 중국 정부는 그동안 안보리 결의를 충실히 "
                "이행하고 있다는 입장을 되풀이해 왔다.",
            ],
        },
        {
            "date": datetime.date(2025, 3, 11),
            "headline": "정부, 여수항서 유조선 억류…北 선박에 정제유 환적 혐의",
            "paragraphs": [
                "정부가 바다 위에서 북한 선박에 정제유를 넘긴 혐의로 파나마 선적 유조선 1척을 전남 "
                "여수항에 억류했다고 외교부가 11일 밝혔다.",
                "세관과 해양경찰 검색팀은 중국 저우산항에서 경유를 싣고 입항한 5천100t급 "
                "유조선(IMO 번호 9145607)에 올라 선원 23명을 조사했다. 선원은 대부분 미얀마와 중국 "
                "국적이다. 조사는 이 배의 AIS 신호가 동중국해에서 엿새 동안 끊겼던 지난해 11월 항해에 "
                "집중됐다.",
                "외교부에 따르면 항해일지에는 이 기간 유조선이 묘박지에 정박해 있었던 것으로 적혀 "
                "있었다. 그러나 전자해도 장비에서 복구한 항해 기록에는 이미 유엔 제재 대상에 오른 북한 "
                "선적 유조선 바로 옆에 있었던 것으로 나타났다.",
                "안보리 결의 2375호는 북한 선적 선박과 어떤 물품이든 선박 간 환적을 하는 것을 "
                "금지한다. 회원국은 자국 항구에 들어온 선박이 이런 환적에 관여했다고 믿을 만한 합리적 "
                "근거가 있으면 검색해야 한다.",
                "국내에서 이런 억류 조치가 내려진 것은 2019년 부산항과 포항항에서 외국 선박 2척을 "
                "억류한 이후 처음이다. 함께 진행된 항만국 통제 점검에서는 이 유조선의 안전관리증서 "
                "유효기간이 지난 사실도 확인됐다.",
                "싱가포르에 있는 선박 운항사는 성명을 내고 \"배를 제3자에게 용선해 줬을 뿐 11월 "
                "항해에 대해서는 알지 못했다\"고 해명했다.",
            ],
        },
        {
            "date": datetime.date(2025, 1, 16),
            "headline": "美 재무부, 北에 유류 공급한 다롄 무역회사 제재",
            "paragraphs": [
                "미국 재무부가 유엔이 정한 상한을 어기고 북한에 유류를 공급하도록 주선한 혐의로 중국 "
                "랴오닝성 다롄의 무역회사 1곳과 경영진 2명, 유조선 3척을 제재 대상에 올렸다.",
                "재무부에 따르면 이 회사는 2022년부터 2024년까지 친척 명의의 은행 계좌와 마셜제도에 "
                "등록한 페이퍼컴퍼니를 이용해 경유와 휘발유 화물 최소 12건의 대금을 치렀다. 유류는 "
                "중국과 말레이시아 해역에서 선적된 뒤 서해에서 선박 간 환적 방식으로 북한 유조선에 "
                "넘겨졌다.",
                "이번에 지정된 유조선 3척은 지금까지 합쳐서 다섯 차례 넘게 이름을 바꿨고, 파나마와 "
                "코모로, 카메룬 국기를 번갈아 달았다. 그중 한 척의 IMO 번호는 9038165다. 세 척 모두 "
                "한반도에 가까워지면 AIS를 끄는 일이 잦았다.",
                "안보리 결의 2397호는 북한의 정제유 수입량을 연간 50만 배럴로 제한하고 있다. 미국 "
                "정부는 실제 수입량이 이보다 몇 배 많으며, 공식 보고에서 빠진 물량을 이번과 같은 "
                "조직이 채우고 있다고 보고 있다.",
                "이에 따라 미국 관할권 안에 있는 이 회사와 경영진의 자산은 모두 동결되고, 미국인과의 "
                "거래도 금지된다. 이들의 거래를 처리하는 외국 은행도 세컨더리 보이콧 대상이 될 수 "
                "있다.",
                "다롄에 있는 이 회사의 전화번호는 연결되지 않았다. 중국 외교부는 \"일방적 제재와 "
                "미국의 이른바 확대관할권에 반대한다\"고 밝혔다.",
            ],
        },
        {
            "date": datetime.date(2024, 11, 27),
            "headline": "러시아 극동 항구서 나진항으로…소형 유조선 40차례 유류 운반",
            "paragraphs": [
                "러시아 나홋카 인근 항구를 출발한 소형 유조선들이 지난해 초부터 북한 나진항에 최소 "
                "40차례 석유제품을 실어 날랐다는 분석이 나왔다. 유럽의 한 연구기관이 선박 운항 자료와 "
                "위성사진을 분석한 결과다.",
                "연구기관은 3천t 미만의 유조선 5척을 추적했다. 이 배들은 보스토치니항 터미널과 "
                "나진항 사이 약 300㎞ 구간을 이틀이 채 안 걸려 오갔다. 러시아 영해에서는 AIS를 켜고 "
                "다니다가 해상 경계선을 넘기 직전에 신호를 껐다.",
                "같은 기간 러시아가 대북제재위원회에 신고한 정제유 공급량은 수천 배럴에 불과했다. "
                "연구기관은 유조선의 크기와 운항 횟수를 토대로 실제 공급량이 연초 8개월 만에 결의 "
                "2397호가 정한 연간 상한 50만 배럴을 넘어섰을 것으로 추정했다.",
                "이 가운데 IMO 번호 8660313인 유조선은 2022년 나홋카에 설립된 회사 소유로, 이 회사는 "
                "주요 사업을 '연료 도매업'으로 신고했다. 회사 측은 이메일 질의에 답하지 않았다.",
                "러시아 크렘린궁은 북한과의 협력은 양국 사이의 문제이며 국제법을 어기지 않는다는 "
                "입장이다. 유엔 전문가 패널의 임기가 끝난 뒤로는 정제유 상한 준수 여부를 공식적으로 "
                "점검해 보고서를 내는 기구가 없는 상태다.",
            ],
        },
        {
            "date": datetime.date(2025, 3, 14),
            "headline": "日 방위성 \"동중국해서 北 유조선 불법 환적 의심 장면 포착\"",
            "paragraphs": [
                "일본 방위성은 14일 자위대 초계기가 중국 상하이에서 동쪽으로 약 250㎞ 떨어진 "
                "동중국해에서 북한 선적 유조선이 국적을 알 수 없는 선박과 나란히 붙어 있는 장면을 "
                "촬영했다며 불법 선박 간 환적이 의심된다고 발표했다.",
                "방위성이 공개한 사진에는 지난 2일 자정 직후 두 선박이 호스로 연결돼 있고 선체 사이에 "
                "방현재가 놓인 모습이 담겼다. 북한 유조선은 2018년부터 유엔 제재 대상에 올라 있다. "
                "다른 선박은 선명과 등록 번호가 페인트로 덧칠돼 있었다.",
                "일본 정부는 이번 사안을 안보리 대북제재위원회에 보고하고 관계국과 정보를 공유했다. "
                "일본이 이런 사례를 공개한 것은 2018년 이후 27번째다.",
                "일본은 미국, 영국, 호주, 캐나다, 프랑스, 뉴질랜드와 함께 한반도 주변 해역에 함정과 "
                "항공기를 보내 선박 간 환적을 감시하고 있다. 안보리 결의 2375호는 북한 선적 선박과의 "
                "모든 환적을 금지한다.",
                "일본 당국자들은 이 선박이 이후 AIS를 끈 채 북쪽으로 향하는 것이 추적됐다고 말했다. "
                "다만 선박의 신원이 확인됐는지에 대해서는 언급을 피했다.",
            ],
        },
        {
            "date": datetime.date(2025, 2, 20),
            "headline": "폐선된 배 신원 도용에 가짜 국기까지…北 오간 유조선의 위장술",
            "paragraphs": [
                "지난해 북한에 유류를 실어 나른 유조선이 2017년 방글라데시에서 해체된 선박의 신원을 "
                "도용하고, 실재하지 않는 선박 등록처의 국기를 달고 운항한 것으로 드러났다. 해양 리스크 "
                "컨설팅 업체의 조사 결과다.",
                "이 배는 AIS로 거의 8년 전 치타공에서 해체된 유조선의 이름과 IMO 번호 9004695를 "
                "송출했다. 그러나 위성사진을 보면 이 번호를 쓰는 선박은 선체 모양이 다르고, 갑판이 "
                "붉은색이며, 해체된 배에는 없던 두 번째 크레인이 달려 있다.",
                "이 배가 내세운 선적국은 홈페이지와 두바이 자유무역지대의 사무실 주소를 갖춘 이른바 "
                "'해사청'으로, 2천 달러를 받고 등록증을 발급해 줬다. 국제해사기구는 지난해 회원국에 "
                "이런 가짜 선박 등록처가 최소 6곳 있다고 경고했다.",
                "안보리 결의에 따라 기국은 제재 위반에 연루된 선박의 등록을 말소해야 한다. 하지만 "
                "가짜 등록처를 이용하면 검사 책임을 지는 정부가 없기 때문에 이런 선박이 계속 바다를 "
                "누빌 수 있다고 컨설팅 업체는 지적했다. 업체는 또 중국과 러시아의 항만국 통제 "
                "검사관들이 소형 유조선의 증서를 꼼꼼히 확인하는 일이 드물다고 덧붙였다.",
                "업체는 조사 결과를 두 나라 정부에 넘겼다고 밝혔다. 이 유조선은 지난 3월 이후 "
                "남포항에 최소 네 차례, 송림항에 두 차례 다녀간 것으로 추정된다.",
            ],
        },
    ],
    "ru": [
        {
            "date": datetime.date(2025, 2, 4),
            "headline": "Балкер вывез северокорейский уголь в китайский порт Лункоу — исследователи",
            "paragraphs": [
                "Балкер, который в январе заходил на угольный терминал северокорейского порта "
                "Сонрим, позднее выгрузил груз в китайском порту Лункоу. К такому выводу пришла "
                "группа исследователей, изучающих нарушения санкций, проанализировав спутниковые "
                "снимки и данные о движении судов.",
                "Судно дедвейтом 6200 тонн под флагом Камеруна, номер ИМО 9087439, четыре дня "
                "простояло у терминала на реке Тэдонган с выключенным транспондером. На снимках, "
                "сделанных на третий день стоянки, видно, что конвейеры работают, а тёмные кучи "
                "угля на причале заметно уменьшились.",
                "Через одиннадцать дней балкер снова появился в системе АИС у берегов "
                "Шаньдунского полуострова и заявил груз российского антрацита, следующий в "
                "Лункоу. В китайских портовых документах груз тоже значится российским, однако "
                "исследователи не нашли никаких свидетельств того, что в предыдущие месяцы судно "
                "заходило в российские порты.",
                "Резолюция 2371, принятая в августе 2017 года, полностью запретила экспорт "
                "северокорейского угля, железа и железной руды. Когда-то уголь был главным "
                "источником валюты для Пхеньяна и приносил больше миллиарда долларов в год. "
                "Исследователи оценивают партию примерно в 5500 тонн стоимостью около 700 тысяч "
                "долларов по внутренним китайским ценам.",
                "Зарегистрированным владельцем балкера значится гонконгская компания, "
                "единственный директор которой живёт в Даляне. Фирму зарегистрировали за три "
                "недели до покупки судна, и финансовой отчётности она ни разу не сдавала.",
                "Китайская таможня на вопросы не ответила. Пекин неоднократно заявлял, что в "
                "полной мере выполняет резолюции Совета Безопасности.",
            ],
        },
        {
            "date": datetime.date(2025, 3, 11),
            "headline": "Южная Корея задержала в порту Ёсу танкер, подозреваемый в перегрузках для КНДР",
            "paragraphs": [
                "Власти Южной Кореи задержали в южном порту Ёсу танкер под флагом Панамы по "
                "подозрению в передаче нефтепродуктов северокорейским судам в открытом море, "
                "сообщил во вторник МИД республики.",
                "Таможенники и инспекторы береговой охраны поднялись на борт судна дедвейтом 5100 "
                "тонн (ИМО 9145607), прибывшего из китайского порта Чжоушань с грузом дизельного "
                "топлива. Экипаж из 23 человек, в основном граждан Мьянмы и Китая, допросили о "
                "ноябрьском рейсе, во время которого сигнал АИС танкера пропал на шесть суток в "
                "Восточно-Китайском море.",
                "По данным министерства, в судовом журнале указано, что в эти дни танкер стоял на "
                "якоре. Однако навигационные данные, восстановленные из электронной "
                "картографической системы, показывают, что судно находилось рядом с "
                "северокорейским танкером, который уже внесён в санкционный список ООН.",
                "Резолюция 2375 запрещает перегрузку любых товаров с борта на борт на суда под "
                "флагом КНДР или с них. Государства обязаны досматривать суда в своих портах, если "
                "есть разумные основания полагать, что они участвуют в таких операциях.",
                "Это первое подобное задержание в Южной Корее с 2019 года, когда в портах Пусан и "
                "Пхохан были задержаны два иностранных судна. Проведённая одновременно проверка "
                "портового государственного контроля показала, что срок действия свидетельства "
                "об управлении безопасностью танкера истёк.",
                "Оператор судна, сингапурская компания, в своём заявлении сообщил, что сдал танкер "
                "в аренду третьей стороне и ничего не знал о его перемещениях в ноябре.",
            ],
        },
        {
            "date": datetime.date(2025, 1, 16),
            "headline": "Минфин США ввёл санкции против даляньской компании за поставки топлива в КНДР",
            "paragraphs": [
                "Министерство финансов США ввело санкции против торговой компании из китайского "
                "портового города Далянь, двух её менеджеров и трёх танкеров. Их обвиняют в "
                "организации поставок топлива в Северную Корею сверх лимитов, установленных ООН.",
                "По данным Минфина, с 2022 по 2024 год компания оплатила как минимум двенадцать "
                "партий дизельного топлива и бензина через банковские счета, оформленные на "
                "родственников, и фирмы-оболочки, зарегистрированные на Маршалловых островах. "
                "Топливо грузили в китайских и малайзийских водах, а затем в Жёлтом море "
                "передавали северокорейским танкерам с борта на борт.",
                "Три танкера из санкционного списка, в том числе судно с номером ИМО 9038165, в "
                "общей сложности не менее пяти раз меняли названия и ходили под флагами Панамы, "
                "Коморских островов и Камеруна. Все они, как правило, выключали транспондеры АИС "
                "на подходе к Корейскому полуострову.",
                "Резолюция 2397 ограничивает импорт нефтепродуктов в КНДР 500 тысячами баррелей в "
                "год. В Вашингтоне считают, что реальный импорт в несколько раз выше, а разницу "
                "обеспечивают именно такие сети.",
                "Всё имущество компании и её менеджеров, находящееся в юрисдикции США, заморожено, "
                "американцам запрещено вести с ними дела. Иностранным банкам, которые проводят их "
                "операции, грозят вторичные санкции.",
                "Телефон компании в Даляне отключён. МИД Китая заявил, что выступает против "
                "односторонних санкций и «юрисдикции длинной руки» США.",
            ],
        },
        {
            "date": datetime.date(2024, 11, 27),
            "headline": "Малые танкеры из Приморья возят нефтепродукты в северокорейский Раджин",
            "paragraphs": [
                "Небольшие танкеры из портов в районе Находки с начала прошлого года как минимум "
                "40 раз доставляли нефтепродукты в северокорейский порт Раджин. Об этом "
                "свидетельствует анализ судовых данных и спутниковых снимков, проведённый одним из "
                "европейских исследовательских институтов.",
                "Исследователи отследили пять танкеров дедвейтом менее 3000 тонн каждый, которые "
                "проходили примерно 300 километров между терминалом в порту Восточный и Раджином "
                "меньше чем за двое суток. В российских водах суда шли с включённой АИС, а "
                "незадолго до пересечения морской границы отключали её.",
                "За тот же период Россия сообщила санкционному комитету лишь о нескольких тысячах "
                "баррелей поставленных нефтепродуктов. Исходя из размеров танкеров и числа рейсов, "
                "в институте считают, что реальный объём превысил годовой потолок в 500 тысяч "
                "баррелей, установленный резолюцией 2397, уже за первые восемь месяцев года.",
                "Один из танкеров, с номером ИМО 8660313, принадлежит находкинской компании, "
                "созданной в 2022 году. Основным видом деятельности она указывает «оптовую "
                "торговлю топливом». На письмо в компании не ответили.",
                "В Кремле заявляли, что сотрудничество с Пхеньяном касается только двух стран и не "
                "нарушает международное право. После того как истёк мандат Группы экспертов ООН, "
                "официального органа, который публиковал бы доклады о соблюдении потолка, больше "
                "нет.",
            ],
        },
        {
            "date": datetime.date(2025, 3, 14),
            "headline": "Минобороны Японии сообщило о подозрительной перегрузке с северокорейского танкера",
            "paragraphs": [
                "Министерство обороны Японии в пятницу сообщило, что патрульный самолёт "
                "сфотографировал в Восточно-Китайском море, примерно в 250 километрах к востоку "
                "от Шанхая, танкер под флагом КНДР, стоявший борт к борту с судном неустановленной "
                "принадлежности. В ведомстве считают, что речь идёт о незаконной перегрузке.",
                "На опубликованных фотографиях видно, что вскоре после полуночи 2 марта суда были "
                "соединены шлангами, а между корпусами висели кранцы. Северокорейский танкер "
                "находится в санкционном списке ООН с 2018 года. Название и регистрационный номер "
                "второго судна были закрашены.",
                "Токио сообщил об инциденте в санкционный комитет Совета Безопасности и поделился "
                "информацией с заинтересованными странами. Это 27-й подобный случай, о котором "
                "Япония объявила с 2018 года.",
                "Вместе с США, Великобританией, Австралией, Канадой, Францией и Новой Зеландией "
                "Япония направила корабли и самолёты для наблюдения за перегрузками в водах вокруг "
                "Корейского полуострова. Резолюция 2375 запрещает любые перегрузки на суда под "
                "флагом КНДР и с них.",
                "По словам японских официальных лиц, позднее второе судно отследили: оно шло на "
                "север с выключенной АИС. Удалось ли установить, что это за судно, они говорить "
                "не стали.",
            ],
        },
        {
            "date": datetime.date(2025, 2, 20),
            "headline": "Чужое имя и фальшивый флаг: как танкер скрывал рейсы в КНДР",
            "paragraphs": [
                "Танкер, возивший топливо в Северную Корею в прошлом году, ходил под именем судна, "
                "разрезанного на металлолом в Бангладеш в 2017 году, и под флагом несуществующего "
                "регистра. Это выяснила консалтинговая компания, оценивающая морские риски.",
                "Судно транслировало в АИС название и номер ИМО 9004695 танкера, утилизированного "
                "в Читтагонге почти восемь лет назад. Однако на спутниковых снимках у судна с этим "
                "номером другая форма корпуса, красная палуба и второй кран, которого у списанного "
                "танкера никогда не было.",
                "Флаг, под которым оно ходило, принадлежал «морской администрации» с сайтом и "
                "офисом в свободной экономической зоне Дубая, выдававшей свидетельства о "
                "регистрации за 2000 долларов. В прошлом году Международная морская организация "
                "предупредила своих членов как минимум о шести таких фальшивых регистрах.",
                "По резолюциям Совета Безопасности ООН государства флага обязаны исключать из "
                "реестров суда, замешанные в нарушении санкций. Фальшивые регистры позволяют таким "
                "судам продолжать ходить, потому что ни одно правительство не отвечает за их "
                "проверку, отмечают в компании. Там добавили, что инспекторы портового "
                "государственного контроля в Китае и России редко подробно проверяют свидетельства "
                "малых танкеров.",
                "В компании сообщили, что передали результаты расследования правительствам двух "
                "стран. Предполагается, что с марта танкер совершил не менее четырёх рейсов в "
                "Нампхо и двух в Сонрим.",
            ],
        },
    ],
}

# Lines that some copies add to the wire story. "{site}" is the site's title.
EDITOR_NOTES = {
    "en": [
        "Editor's note: This story has been updated to add comment from the Russian Foreign Ministry.",
        "Editor's note: {site} could not independently verify the satellite images described in the report.",
        "Correction: An earlier version of this article gave the wrong tonnage for the tanker.",
    ],
    "ko": [
        "[편집자 주] 이 기사는 러시아 외무부의 입장을 추가해 수정했습니다.",
        "※ 본지는 보고서에 실린 위성사진을 독자적으로 확인하지 못했습니다.",
        "[바로잡습니다] 앞서 송고된 기사에서 유조선의 톤수가 잘못 표기돼 바로잡습니다.",
    ],
    "ru": [
        "Материал дополнен комментарием МИД России.",
        "От редакции: «{site}» не имеет возможности независимо проверить спутниковые снимки, упомянутые в докладе.",
        "Исправлено: в первоначальной версии заметки был неверно указан дедвейт танкера.",
    ],
}
REPORTING = {
    "en": "With reporting by Mina Park in Seoul and Alexei Sorokin in Vladivostok; editing by Claire Dunn.",
    "ko": "※ 이 기사에는 블라디보스토크 이수현 통신원이 취재에 참여했습니다.",
    "ru": "При участии Алексея Сорокина (Владивосток) и Мины Пак (Сеул).",
}
# House styles: (description, [(old, new)...]) applied to the body of some copies.
HOUSE_STYLE = {
    "en": ("US spelling", [("tonne", "ton"), ("centre", "center"), ("rouble", "ruble")]),
    "ko": ("톤 spelled out, ASCII tilde", [("t급", "톤급"), ("∼", "~")]),
    "ru": ("ё written as е", [("ё", "е"), ("Ё", "Е")]),
}

# What each of the 12 copies of a wire story changes (copy i goes to site i of its
# language). Paragraph numbers are 0-based indexes into the wire's paragraphs; "merge" n
# joins paragraphs n and n+1, "split" cuts paragraph n at the sentence boundary nearest
# its middle. Every copy but the first also has its own headline.
COPY_PLANS = [
    {},
    {"drop": 8},
    {"note": ("end", 0)},
    {"reporting": True, "date": "long"},
    {"split": 3},
    {"merge": 5, "drop": 7},
    {"date": "numeric", "drop": 6},
    {"dateline": True, "note": ("top", 1)},
    {"merge": 0, "reporting": True},
    {"split": 4, "drop": 8, "style": True},
    {"date": "iso", "note": ("end", 2), "style": True},
    {"dateline": True, "split": 1, "drop": 5},
]

# ------------------------------------------------------------------------------ sites

# Site fields: name, title, tagline, layout (html5 | div | table), charset, nav (number of
# menu links), byline (index into BYLINES[lang]), cookie, subscribe, related (heading of
# the "related stories" box), owner, address.
SITES = {
    "en": [
        dict(name="harbor-times.example", title="The Harbor Times", tagline="Ports, ships and the people who run them",
             layout="html5", nav=12, byline=0, cookie=True, subscribe=False, related="Related stories",
             owner="Harbor Times Media Ltd", address="14 Quay Street, Portsmouth PO1 2ZZ, United Kingdom"),
        dict(name="pacific-ledger.example", title="Pacific Ledger", tagline="Business news from the Pacific Rim",
             layout="div", nav=9, byline=1, cookie=False, subscribe=True, related="Most read",
             owner="Pacific Ledger Publishing Inc.", address="Suite 1200, 88 Harbourfront Road, Vancouver, BC, Canada"),
        dict(name="seatrade-daily.example", title="Seatrade Daily", tagline="Shipping intelligence every morning",
             layout="html5", nav=14, byline=2, cookie=True, subscribe=True, related="More shipping news",
             owner="Seatrade Daily Ltd", address="3rd Floor, 21 Leadenhall Lane, London EC3Z 9ZZ, United Kingdom"),
        dict(name="capital-observer.example", title="The Capital Observer", tagline="Independent since 1952",
             layout="html5", nav=10, byline=3, cookie=False, subscribe=False, related="You may also like",
             owner="Observer News Group", address="400 Constitution Plaza, Washington, DC, USA"),
        dict(name="northbound-news.example", title="Northbound News", tagline="Reporting on the Korean peninsula",
             layout="div", nav=8, byline=4, cookie=True, subscribe=False, related="Related",
             owner="Northbound Media Co.", address="5F, 17 Sejong-daero 99-gil, Jongno-gu, Seoul, Republic of Korea"),
        dict(name="the-maritime-post.example", title="The Maritime Post", tagline="Serving the shipping world since 1898",
             layout="html5", nav=15, byline=5, cookie=False, subscribe=True, related="Latest headlines",
             owner="Maritime Post plc", address="1 Dock Road, Liverpool L3 9ZZ, United Kingdom"),
        dict(name="asia-brief.example", title="Asia Brief", tagline="The region in five minutes",
             layout="html5", nav=11, byline=0, cookie=True, subscribe=True, related="Top stories",
             owner="Asia Brief Pte Ltd", address="80 Robinson Road, #10-01, Singapore"),
        dict(name="coastline-herald.example", title="Coastline Herald", tagline="Your local paper",
             layout="div", nav=13, byline=3, cookie=False, subscribe=False, related="Also in the news",
             owner="Coastline Herald Newspapers Pty Ltd", address="52 Esplanade, Fremantle WA, Australia"),
        dict(name="global-desk.example", title="Global Desk", tagline="World news, wire copy and analysis",
             layout="html5", nav=9, byline=1, cookie=True, subscribe=False, related="Trending now",
             owner="Global Desk Digital LLC", address="250 West 99th Street, New York, NY, USA"),
        dict(name="straits-monitor.example", title="Straits Monitor", tagline="Trade, shipping and security in Asia",
             layout="div", nav=10, byline=2, cookie=False, subscribe=True, related="Related coverage",
             owner="Straits Monitor Media", address="12 Marina View, Singapore"),
        dict(name="frontier-gazette.example", title="Frontier Gazette", tagline="News from the edges of the map",
             layout="table", nav=8, byline=4, cookie=False, subscribe=False, related="Other news",
             owner="Frontier Gazette", address="PO Box 1898, Anchorage, AK, USA"),
        dict(name="wirefeed-online.example", title="Wirefeed Online", tagline="All the wires in one place",
             layout="html5", nav=12, byline=5, cookie=True, subscribe=False, related="More headlines",
             owner="Wirefeed Online Ltd", address="Unit 4, Canal Works, Manchester, United Kingdom"),
    ],
    "ko": [
        dict(name="koreawire.example", title="코리아와이어", tagline="해양·통상 전문 뉴스",
             layout="html5", nav=12, byline=0, cookie=True, subscribe=False, related="많이 본 뉴스",
             owner="(주)코리아와이어", address="서울특별시 중구 세종대로 999, 12층"),
        dict(name="tongil-times.example", title="통일타임스", tagline="한반도의 내일을 읽는다",
             layout="div", nav=10, byline=1, cookie=False, subscribe=True, related="관련 기사",
             owner="통일타임스", address="서울특별시 종로구 율곡로 999"),
        dict(name="haeyang-news.example", title="해양뉴스", tagline="바다와 항만의 모든 소식",
             layout="html5", nav=14, byline=2, cookie=False, subscribe=True, related="주요 뉴스",
             owner="(주)해양뉴스", address="부산광역시 중구 중앙대로 999"),
        dict(name="hanbando-ilbo.example", title="한반도일보", tagline="정론직필 한반도일보",
             layout="table", nav=11, byline=3, cookie=False, subscribe=False, related="많이 본 기사",
             owner="한반도일보사", address="서울특별시 마포구 독막로 999"),
        dict(name="nuri-economy.example", title="누리경제", tagline="경제를 보는 새로운 눈",
             layout="html5", nav=9, byline=4, cookie=True, subscribe=False, related="오늘의 주요 기사",
             owner="(주)누리경제", address="서울특별시 영등포구 여의대로 999"),
        dict(name="nuri-news.example", title="누리뉴스", tagline="빠르고 정확한 뉴스",
             layout="html5", nav=13, byline=0, cookie=False, subscribe=True, related="실시간 인기 기사",
             owner="누리뉴스", address="경기도 성남시 분당구 판교역로 999"),
        dict(name="busan-haean.example", title="부산해안신문", tagline="항도 부산의 목소리",
             layout="table", nav=13, byline=1, cookie=False, subscribe=False, related="최신 기사",
             owner="부산해안신문사", address="부산광역시 동구 충장대로 999"),
        dict(name="oneul-hanguk.example", title="오늘의한국", tagline="오늘의 한국을 전합니다",
             layout="div", nav=10, byline=2, cookie=False, subscribe=False, related="함께 볼 만한 뉴스",
             owner="오늘의한국", address="서울특별시 서초구 반포대로 999"),
        dict(name="incheon-port-news.example", title="인천항만신문", tagline="인천항 물류·해운 전문지",
             layout="div", nav=8, byline=3, cookie=False, subscribe=True, related="많이 본 뉴스",
             owner="인천항만신문", address="인천광역시 중구 서해대로 999"),
        dict(name="jeonghwa-sinmun.example", title="정화신문", tagline="바른 언론 정화신문",
             layout="div", nav=10, byline=4, cookie=False, subscribe=False, related="주요 기사",
             owner="정화신문사", address="대전광역시 서구 둔산로 999"),
        dict(name="dongbuk-ilbo.example", title="동북일보", tagline="동북아를 잇는 신문",
             layout="html5", nav=15, byline=0, cookie=True, subscribe=True, related="이 시각 주요 뉴스",
             owner="(주)동북일보", address="강원특별자치도 강릉시 경강로 999"),
        dict(name="kukje-online.example", title="국제온라인", tagline="세계와 한국을 잇다",
             layout="html5", nav=11, byline=1, cookie=False, subscribe=False, related="관련 뉴스",
             owner="국제온라인", address="서울특별시 용산구 한강대로 999"),
    ],
    "ru": [
        dict(name="vesti-primorye.example", title="Вести Приморья", tagline="Новости Владивостока и края",
             layout="html5", nav=12, byline=0, cookie=True, subscribe=False, related="Читайте также",
             owner="ООО «Медиагруппа Приморье»", address="690000, г. Владивосток, ул. Светланская, д. 999"),
        dict(name="zolotoy-rog-daily.example", title="Золотой Рог", tagline="Деловая газета Дальнего Востока",
             layout="div", nav=10, byline=1, cookie=False, subscribe=True, related="Популярное",
             owner="АО «Золотой Рог»", address="690000, г. Владивосток, Океанский проспект, д. 999"),
        dict(name="sankcii-monitor.example", title="Санкции-Монитор", tagline="Всё о санкциях и их обходе",
             layout="html5", nav=14, byline=2, cookie=True, subscribe=True, related="Другие материалы",
             owner="ООО «Санкции-Монитор»", address="101000, г. Москва, Малый Златоустинский пер., д. 999"),
        dict(name="dv-novosti.example", title="ДВ-Новости", tagline="Дальний Восток online",
             layout="table", nav=11, byline=3, cookie=False, subscribe=False, related="Новости по теме",
             owner="ИП Сергеев А. В.", address="680000, г. Хабаровск, ул. Муравьёва-Амурского, д. 999"),
        dict(name="vostok-inform.example", title="Восток-Информ", tagline="Информационное агентство",
             layout="div", nav=9, byline=4, cookie=True, subscribe=False, related="Главное за день",
             owner="ООО «Восток-Информ»", address="690000, г. Владивосток, ул. Алеутская, д. 999"),
        dict(name="morskoy-vestnik.example", title="Морской вестник", tagline="Газета моряков и портовиков",
             layout="table", nav=13, byline=0, cookie=False, subscribe=False, related="Ещё новости",
             owner="Редакция газеты «Морской вестник»", address="692900, г. Находка, Находкинский проспект, д. 999"),
        dict(name="delovaya-gazeta.example", title="Деловая газета Приморья", tagline="Экономика. Бизнес. Порты",
             layout="html5", nav=15, byline=1, cookie=True, subscribe=True, related="Рекомендуем",
             owner="ООО «Деловая пресса»", address="690000, г. Владивосток, ул. Фонтанная, д. 999"),
        dict(name="pribrezhye.example", title="Прибрежье", tagline="Новости побережья",
             layout="div", nav=8, byline=2, cookie=False, subscribe=False, related="Другие новости",
             owner="ООО «Прибрежье-Медиа»", address="692000, г. Партизанск, ул. Ленинская, д. 999"),
        dict(name="nakhodka-segodnya.example", title="Находка сегодня", tagline="Городской портал",
             layout="div", nav=12, byline=3, cookie=False, subscribe=True, related="Последние новости",
             owner="ООО «Находка Медиа»", address="692900, г. Находка, ул. Портовая, д. 999"),
        dict(name="tikhiy-okean-news.example", title="Тихий океан. Новости", tagline="Азиатско-Тихоокеанский регион",
             layout="html5", nav=10, byline=4, cookie=True, subscribe=False, related="Самое читаемое",
             owner="ООО «Тихий океан»", address="690000, г. Владивосток, ул. Пограничная, д. 999"),
        dict(name="vladinfo.example", title="ВладИнфо", tagline="Городские новости с 1999 года",
             layout="table", nav=9, byline=0, cookie=False, subscribe=False, related="Новости дня",
             owner="ВладИнфо", address="690000, г. Владивосток, ул. Русская, д. 999"),
        dict(name="novosti-regiona.example", title="Новости региона", tagline="Сетевое издание",
             layout="html5", nav=11, byline=1, cookie=False, subscribe=True, related="Вам может быть интересно",
             owner="ООО «Новости региона»", address="690000, г. Владивосток, ул. Комсомольская, д. 999"),
    ],
}

# Pages not in UTF-8: (language, site index) -> charset label, as written in <meta>.
LEGACY_CHARSETS = {
    ("ko", 3): "euc-kr", ("ko", 6): "euc-kr", ("ko", 9): "euc-kr",
    ("ru", 3): "windows-1251", ("ru", 8): "windows-1251",
    ("ru", 5): "koi8-r", ("ru", 10): "koi8-r",
}
# Label -> Python codec.
CODECS = {"utf-8": "utf-8", "euc-kr": "cp949", "windows-1251": "cp1251", "koi8-r": "koi8_r"}
# What sites in a legacy charset write instead of a character it lacks.
LEGACY_SUBSTITUTES = {
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "’": "'", "—": "-", "–": "-",
    "№": "N", "…": "...", "©": "(c)", "∼": "~", "·": "-",
}

# Distinct story n (1-based) is published on site DISTINCT_SITES[n - 1] of its language.
DISTINCT_SITES = [1, 3, 5, 7, 9, 11]

# Menu links: (path, label); every site starts with the first and picks from the rest.
NAV_POOL = {
    "en": [("/", "Home"), ("/world/", "World"), ("/asia/", "Asia"), ("/politics/", "Politics"),
           ("/business/", "Business"), ("/shipping/", "Shipping"), ("/energy/", "Energy"),
           ("/markets/", "Markets"), ("/security/", "Security"), ("/opinion/", "Opinion"),
           ("/analysis/", "Analysis"), ("/technology/", "Technology"), ("/science/", "Science"),
           ("/sport/", "Sport"), ("/culture/", "Culture"), ("/video/", "Video"),
           ("/podcasts/", "Podcasts"), ("/newsletters/", "Newsletters"), ("/about/", "About us"),
           ("/contact/", "Contact")],
    "ko": [("/", "홈"), ("/politics/", "정치"), ("/nk/", "북한"), ("/unification/", "통일"),
           ("/diplomacy/", "외교·안보"), ("/economy/", "경제"), ("/industry/", "산업"),
           ("/ocean/", "해양·수산"), ("/world/", "국제"), ("/society/", "사회"), ("/region/", "지역"),
           ("/culture/", "문화"), ("/sports/", "스포츠"), ("/opinion/", "오피니언"),
           ("/editorial/", "사설"), ("/photo/", "포토"), ("/video/", "영상"), ("/list/", "전체기사"),
           ("/subscribe/", "구독신청"), ("/report/", "제보하기")],
    "ru": [("/", "Главная"), ("/news/", "Новости"), ("/politics/", "Политика"),
           ("/economy/", "Экономика"), ("/business/", "Бизнес"), ("/society/", "Общество"),
           ("/incidents/", "Происшествия"), ("/sea/", "Море и порты"), ("/transport/", "Транспорт"),
           ("/world/", "В мире"), ("/asia/", "Азия"), ("/opinions/", "Мнения"),
           ("/analytics/", "Аналитика"), ("/culture/", "Культура"), ("/sport/", "Спорт"),
           ("/photo/", "Фото"), ("/video/", "Видео"), ("/archive/", "Архив"),
           ("/contacts/", "Контакты"), ("/ads/", "Реклама")],
}

# Headlines of the "related stories" box: deliberately unrelated to the story.
UNRELATED = {
    "en": ["City council approves new budget for harbour ferry service", "Heatwave expected to ease by the weekend",
           "Local side clinches title in penalty shootout", "Central bank holds interest rates steady",
           "Museum reopens after two-year renovation", "Rail strike disrupts morning commute",
           "Study finds sharp rise in urban cycling", "Chip maker announces new factory in the south",
           "Film festival unveils opening night line-up", "Farmers warn of poor rice harvest after dry spring",
           "Airport to add second runway by 2030", "Tech start-up raises $40 million in funding round",
           "Election commission publishes final turnout figures", "Typhoon season forecast to be milder than usual",
           "New bridge opens to traffic after two years of delays"],
    "ko": ["시의회, 연안 여객선 예산안 통과", "주말부터 무더위 한풀 꺾여", "프로축구 승부차기 끝에 우승 확정",
           "한국은행 기준금리 동결", "국립박물관 2년 만에 재개관", "철도노조 파업에 출근길 혼잡",
           "도심 자전거 이용자 크게 늘어", "반도체 업체 남부 지역에 새 공장 짓는다", "영화제 개막작 공개",
           "봄 가뭄에 벼농사 작황 우려", "공항 제2활주로 2030년 완공 목표", "스타트업 500억 원 투자 유치",
           "선관위, 최종 투표율 발표", "올해 태풍 평년보다 적을 듯", "새 다리 개통…출퇴근 시간 단축 기대"],
    "ru": ["Дума утвердила бюджет паромной переправы", "Жара спадёт к выходным",
           "Местная команда взяла титул в серии пенальти", "Центробанк сохранил ключевую ставку",
           "Краеведческий музей открылся после ремонта", "Из-за ремонта путей изменится расписание электричек",
           "В городе стало больше велосипедистов", "На юге края построят новый завод",
           "Кинофестиваль объявил программу открытия", "Аграрии опасаются неурожая после засушливой весны",
           "В аэропорту появится вторая взлётная полоса", "Стартап привлёк 40 миллионов долларов",
           "Избирком опубликовал итоговую явку", "Сезон тайфунов обещает быть спокойнее обычного",
           "Новый мост открыли для движения"],
}

# Authors of the distinct stories (the wire story's author is WIRE[lang]["author"]).
STAFF = {
    "en": ["Laura Chen", "Tom Whitaker", "Priya Nair", "Sam Okafor", "Helen Brooks", "Marc Dubois"],
    "ko": ["김서연", "이준호", "박지훈", "최유진", "한도윤", "서민재"],
    "ru": ["Анна Ковалёва", "Игорь Лисицын", "Мария Ким", "Денис Шевчук", "Елена Гордеева", "Павел Зуев"],
}

UI = {
    "en": dict(cookie="We use cookies to improve your experience and to show you relevant advertising. "
                      "By continuing to browse this site you agree to our use of cookies.",
               accept="Accept all", settings="Cookie settings",
               sub_title="Get our morning briefing",
               sub_text="The day's most important stories from Asia's ports and markets, in your inbox at 7am.",
               email="Your email address", sub_button="Sign up", search="Search", login="Sign in",
               footer_links=["About us", "Contact", "Privacy policy", "Terms of use", "Advertise"],
               rights="All rights reserved.", share="Share this article"),
    "ko": dict(cookie="이 사이트는 서비스 개선과 맞춤형 광고를 위해 쿠키를 사용합니다. "
                      "계속 이용하시면 쿠키 사용에 동의하는 것으로 간주합니다.",
               accept="동의", settings="쿠키 설정",
               sub_title="뉴스레터 구독하기",
               sub_text="매일 아침 꼭 읽어야 할 주요 뉴스를 이메일로 보내 드립니다.",
               email="이메일 주소", sub_button="구독", search="검색", login="로그인",
               footer_links=["회사소개", "기사제보", "개인정보처리방침", "청소년보호정책", "광고문의"],
               rights="무단 전재 및 재배포 금지", share="기사 공유하기"),
    "ru": dict(cookie="Мы используем файлы cookie, чтобы сайт работал лучше. "
                      "Продолжая пользоваться сайтом, вы соглашаетесь с их использованием.",
               accept="Принять", settings="Настройки",
               sub_title="Подпишитесь на рассылку",
               sub_text="Главные новости дня каждое утро на вашу почту.",
               email="Ваш e-mail", sub_button="Подписаться", search="Поиск", login="Войти",
               footer_links=["О нас", "Контакты", "Политика конфиденциальности", "Правила", "Реклама"],
               rights="Все права защищены. При использовании материалов ссылка на сайт обязательна.",
               share="Поделиться"),
}

# ------------------------------------------------------------------------------ dates

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KO_WEEKDAYS = "월화수목금토일"
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]
RU_MONTHS_SHORT = ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
RU_WEEKDAYS = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]


def body_date(lang, style, d):
    """The report date inside the wire text: "wire" (as sent), "long", "numeric", "iso"."""
    if style == "iso" and lang != "ko":
        return d.isoformat()
    if lang == "en":
        return {"wire": f"{EN_MONTHS[d.month - 1]} {d.day}",
                "long": f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}",
                "numeric": f"{d:%d/%m/%Y}"}[style]
    if lang == "ko":  # Korean prose does not take numeric dates: other spellings instead
        return {"wire": f"{d.day}일", "long": f"{d.year}년 {d.month}월 {d.day}일",
                "numeric": f"{d.month}월 {d.day}일", "iso": f"지난 {d.day}일"}[style]
    return {"wire": f"{d.day} {RU_MONTHS[d.month - 1]}",
            "long": f"{d.day} {RU_MONTHS[d.month - 1]} {d.year} года",
            "numeric": f"{d:%d.%m.%Y}"}[style]


# Byline formats: function(date, author, source) -> text.
BYLINES = {
    "en": [
        lambda d, a, s: f"By {a} | {EN_MONTHS[d.month - 1]} {d.day}, {d.year}",
        lambda d, a, s: f"{s} · {d.day} {EN_MONTHS[d.month - 1]} {d.year}, 09:40 GMT",
        lambda d, a, s: f"Published {d.isoformat()}T09:40:00Z · {a}",
        lambda d, a, s: f"{EN_WEEKDAYS[d.weekday()]}, {EN_MONTHS[d.month - 1]} {d.day}, {d.year} — {a}, {s}",
        lambda d, a, s: f"{a} ({s}) · {d:%d/%m/%Y}",
        lambda d, a, s: f"Posted {d.day} {EN_MONTHS[d.month - 1][:3]} {d.year} | Source: {s}",
    ],
    "ko": [
        lambda d, a, s: f"입력 {d:%Y.%m.%d} 09:40 | 수정 {d:%Y.%m.%d} 11:02",
        lambda d, a, s: f"{a} 기자 | 승인 {d:%Y.%m.%d} 09:40",
        lambda d, a, s: f"기사입력 {d:%Y/%m/%d} 09:40 · 출처 {s}",
        lambda d, a, s: f"{d.year}년 {d.month}월 {d.day}일 ({KO_WEEKDAYS[d.weekday()]}) {a} 기자",
        lambda d, a, s: f"등록 {d.isoformat()} 09:40:12 | {a} 기자",
    ],
    "ru": [
        lambda d, a, s: f"{d.day} {RU_MONTHS[d.month - 1]} {d.year}, 09:40",
        lambda d, a, s: f"{d:%d.%m.%Y} 09:40 | Источник: {s}",
        lambda d, a, s: f"Опубликовано: {d.isoformat()} · Автор: {a}",
        lambda d, a, s: f"{RU_WEEKDAYS[d.weekday()]}, {d.day} {RU_MONTHS[d.month - 1]} {d.year} г.",
        lambda d, a, s: f"{a}, {d:%d.%m.%y}",
    ],
}


def dateline(lang, d):
    """The agency dateline some copies put in front of the first paragraph."""
    agency, author = WIRE[lang]["agency"], WIRE[lang]["author"]
    if lang == "en":
        return f"SEOUL, {EN_MONTHS[d.month - 1]} {d.day} ({agency}) — "
    if lang == "ko":
        return f"(서울={agency}) {author} 기자 = "
    return f"ВЛАДИВОСТОК, {d.day} {RU_MONTHS_SHORT[d.month - 1]} — {agency}. "


# ---------------------------------------------------------------------------- variants

def split_paragraph(text):
    """Cuts text at the sentence boundary nearest its middle: (first, second)."""
    cuts = [m.end() for m in re.finditer(r"[.!?](?=\s+\S)", text)]
    if not cuts:
        raise ValueError(f"cannot split, one sentence: {text[:60]}")
    cut = min(cuts, key=lambda c: abs(c - len(text) / 2))
    return text[:cut], text[cut:].lstrip()


def make_copy(lang, index, site):
    """The headline and body blocks of wire copy `index`, and what it changed.

    Blocks are (kind, text) with kind "p" (story paragraph), "note" or "credit".
    """
    wire, plan = WIRE[lang], COPY_PLANS[index]
    changes = ["new headline"] if index else ["wire text as sent"]
    date_text = body_date(lang, plan.get("date", "wire"), WIRE_DATE)
    if "date" in plan:
        changes.append(f"report date written '{date_text}'")
    paras = [(i, p.replace("{date}", date_text))
             for i, p in enumerate(wire["paragraphs"])]
    if plan.get("style"):
        name, pairs = HOUSE_STYLE[lang]
        for old, new in pairs:
            paras = [(i, p.replace(old, new)) for i, p in paras]
        changes.append(f"house style ({name})")
    if "drop" in plan:
        paras = [(i, p) for i, p in paras if i != plan["drop"]]
        changes.append(f"paragraph {plan['drop'] + 1} dropped")
    if "merge" in plan:
        n = plan["merge"]
        pos = [k for k, (i, _) in enumerate(paras) if i == n][0]
        assert paras[pos + 1][0] == n + 1, "merge needs both paragraphs"
        paras[pos:pos + 2] = [(n, paras[pos][1] + " " + paras[pos + 1][1])]
        changes.append(f"paragraphs {n + 1} and {n + 2} merged")
    if "split" in plan:
        n = plan["split"]
        pos = [k for k, (i, _) in enumerate(paras) if i == n][0]
        first, second = split_paragraph(paras[pos][1])
        paras[pos:pos + 1] = [(n, first), (n, second)]
        changes.append(f"paragraph {n + 1} split in two")
    if plan.get("dateline"):
        paras[0] = (paras[0][0], dateline(lang, WIRE_DATE) + paras[0][1])
        changes.append("agency dateline before first paragraph")
    blocks = [("p", p) for _, p in paras]
    if "note" in plan:
        where, which = plan["note"]
        note = ("note", EDITOR_NOTES[lang][which].replace("{site}", site["title"]))
        blocks = [note] + blocks if where == "top" else blocks + [note]
        changes.append(f"editor's note at {where}")
    if plan.get("reporting"):
        blocks.append(("credit", REPORTING[lang]))
        changes.append("with-reporting-by line")
    return wire["headlines"][index], blocks, "; ".join(changes)


# ------------------------------------------------------------------------ boilerplate

def esc(text):
    return html.escape(text, quote=False)


def site_rng(site, *salt):
    # str seeds are hashed with SHA-512: the same on every run and machine
    return random.Random("/".join((site["name"],) + salt))


def nav_links(lang, site):
    pool = NAV_POOL[lang]
    rest = sorted(site_rng(site, "nav").sample(range(1, len(pool)), site["nav"] - 1))
    return [pool[0]] + [pool[i] for i in rest]


def related_headlines(lang, site, story):
    rng = site_rng(site, "related", story)
    return rng.sample(UNRELATED[lang], rng.randint(4, 6))


def slug(rng):
    return f"{rng.randint(100000, 999999)}"


def footer_text(lang, site):
    """Footer lines: copyright, address, and the legal lines sites of that country carry."""
    t, o, a = site["title"], site["owner"], site["address"]
    rng = site_rng(site, "footer")
    if lang == "en":
        return [f"© 2025 {o}. {UI[lang]['rights']}", f"{t}, {a}",
                f"Registered in England and Wales, company no. {rng.randint(10000000, 99999999)}"
                if "United Kingdom" in a else f"Editorial enquiries: newsdesk@{site['name']}"]
    if lang == "ko":
        return [f"{t} | {a} | 대표전화 02-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                f"등록번호 서울 아{rng.randint(10000, 99999)} | 발행·편집인 {STAFF[lang][rng.randrange(6)]} | "
                f"청소년보호책임자 {STAFF[lang][rng.randrange(6)]}",
                f"Copyright ⓒ {t}. {UI[lang]['rights']}"]
    return [f"© 2010–2025 {o}. {UI[lang]['rights']}", f"Адрес редакции: {a}",
            f"Сетевое издание «{t}» зарегистрировано Роскомнадзором, свидетельство "
            f"ЭЛ № ФС 77-{rng.randint(10000, 99999)}. 18+"]


def cookie_html(lang):
    u = UI[lang]
    return (f'<div id="cookie-consent" class="cookie-banner" role="dialog">\n'
            f'  <p>{esc(u["cookie"])}</p>\n'
            f'  <button type="button" class="accept">{esc(u["accept"])}</button>\n'
            f'  <a href="/cookies/">{esc(u["settings"])}</a>\n</div>\n')


def subscribe_html(lang):
    u = UI[lang]
    return (f'<section class="newsletter-signup">\n  <h3>{esc(u["sub_title"])}</h3>\n'
            f'  <p>{esc(u["sub_text"])}</p>\n'
            f'  <form action="/newsletter/subscribe" method="post"><input type="email" name="email" '
            f'placeholder="{esc(u["email"])}"> <button type="submit">{esc(u["sub_button"])}</button></form>\n'
            f'</section>\n')


def body_html(blocks, indent="  "):
    out = []
    for kind, text in blocks:
        if kind == "p":
            out.append(f"{indent}<p>{esc(text)}</p>")
        elif kind == "note":
            out.append(f'{indent}<p class="editors-note"><em>{esc(text)}</em></p>')
        else:
            out.append(f'{indent}<p class="credit"><i>{esc(text)}</i></p>')
    return "\n".join(out) + "\n"


def render_page(lang, site, charset, story, headline, byline, blocks):
    """The whole HTML page of one story on one site, in that site's layout."""
    rng = site_rng(site, "links", story)
    nav = nav_links(lang, site)
    related = related_headlines(lang, site, story)
    section = nav[min(2, len(nav) - 1)][0]
    related_items = [(f"{section}{slug(rng)}", h) for h in related]
    footer = footer_text(lang, site)
    title = f"{headline} | {site['title']}"
    head = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="{charset}">\n'
            f'<title>{esc(title)}</title>\n')
    if site["layout"] == "table":
        return head + table_layout(lang, site, headline, byline, blocks, nav, related_items, footer)
    head += ('<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f'<meta property="og:site_name" content="{esc(site["title"])}">\n'
             f'<meta property="og:title" content="{esc(headline)}">\n'
             '<link rel="stylesheet" href="/static/css/site.css">\n'
             '<script>window.dataLayer = window.dataLayer || []; '
             'dataLayer.push({"pageType": "article"});</script>\n</head>\n')
    if site["layout"] == "div":
        return head + div_layout(lang, site, headline, byline, blocks, nav, related_items, footer)
    return head + html5_layout(lang, site, headline, byline, blocks, nav, related_items, footer)


def html5_layout(lang, site, headline, byline, blocks, nav, related, footer):
    u = UI[lang]
    out = ["<body>\n"]
    if site["cookie"]:
        out.append(cookie_html(lang))
    out.append(f'<header class="site-header">\n  <a class="logo" href="/">{esc(site["title"])}</a>\n'
               f'  <p class="tagline">{esc(site["tagline"])}</p>\n'
               f'  <form class="search" action="/search"><input name="q" placeholder="{esc(u["search"])}"></form>\n'
               f'  <a class="login" href="/account/login">{esc(u["login"])}</a>\n</header>\n')
    out.append('<nav class="main-nav">\n  <ul>\n')
    out += [f'    <li><a href="{href}">{esc(label)}</a></li>\n' for href, label in nav]
    out.append("  </ul>\n</nav>\n<main>\n<article>\n")
    out.append(f'  <h1 class="headline">{esc(headline)}</h1>\n  <p class="byline">{esc(byline)}</p>\n')
    out.append('  <div class="article-body">\n' + body_html(blocks, "    ") + "  </div>\n")
    out.append(f'  <div class="share"><span>{esc(u["share"])}</span> <a href="#">Facebook</a> '
               f'<a href="#">X</a> <a href="#">Telegram</a></div>\n</article>\n')
    if site["subscribe"]:
        out.append(subscribe_html(lang))
    out.append(f'<aside class="related">\n  <h2>{esc(site["related"])}</h2>\n  <ul>\n')
    out += [f'    <li><a href="{href}">{esc(h)}</a></li>\n' for href, h in related]
    out.append("  </ul>\n</aside>\n</main>\n<footer class=\"site-footer\">\n  <ul class=\"footer-links\">\n")
    out += [f'    <li><a href="/info/{k}">{esc(label)}</a></li>\n' for k, label in enumerate(u["footer_links"])]
    out.append("  </ul>\n")
    out += [f"  <p>{esc(line)}</p>\n" for line in footer]
    out.append("</footer>\n</body>\n</html>\n")
    return "".join(out)


def div_layout(lang, site, headline, byline, blocks, nav, related, footer):
    u = UI[lang]
    out = ['<body>\n<div id="wrap">\n']
    if site["cookie"]:
        out.append(cookie_html(lang))
    out.append(f'<div id="top"><a href="/" id="logo">{esc(site["title"])}</a> '
               f'<span class="slogan">{esc(site["tagline"])}</span></div>\n')
    out.append('<div id="menu">' + " | ".join(f'<a href="{h}">{esc(l)}</a>' for h, l in nav) + "</div>\n")
    out.append('<div id="content">\n<div class="story">\n')
    out.append(f'<h2 class="title">{esc(headline)}</h2>\n<div class="meta">{esc(byline)}</div>\n')
    out.append('<div id="articleBody">\n' + body_html(blocks) + "</div>\n</div>\n")
    if site["subscribe"]:
        out.append(subscribe_html(lang))
    out.append(f'<div class="sidebar">\n<h4>{esc(site["related"])}</h4>\n')
    out += [f'<div class="item"><a href="{href}">{esc(h)}</a></div>\n' for href, h in related]
    out.append("</div>\n</div>\n<div id=\"bottom\">\n")
    out.append("<div class=\"links\">" + " · ".join(
        f'<a href="/page/{k}.html">{esc(label)}</a>' for k, label in enumerate(u["footer_links"])) + "</div>\n")
    out.append("<br>\n".join(esc(line) for line in footer) + "\n</div>\n</div>\n</body>\n</html>\n")
    return "".join(out)


def table_layout(lang, site, headline, byline, blocks, nav, related, footer):
    # old-style sites: tables, <font>, upper-case tags, no scripts
    u = UI[lang]
    out = ['<link rel="stylesheet" type="text/css" href="/style.css">\n</head>\n'
           '<BODY bgcolor="#FFFFFF" topmargin="0" leftmargin="0">\n'
           '<TABLE width="980" border="0" cellpadding="0" cellspacing="0" align="center">\n']
    out.append(f'<TR><TD colspan="2" class="logo"><a href="/"><img src="/img/logo.gif" alt="{esc(site["title"])}"></a>'
               f' <font size="2" color="#666666">{esc(site["tagline"])}</font></TD></TR>\n')
    out.append('<TR><TD colspan="2" class="menu" bgcolor="#003366">' + " &nbsp;|&nbsp; ".join(
        f'<a href="{h}"><font color="#FFFFFF">{esc(l)}</font></a>' for h, l in nav) + "</TD></TR>\n")
    out.append('<TR>\n<TD valign="top" width="760">\n')
    out.append(f'<font size="5"><b>{esc(headline)}</b></font><br>\n'
               f'<font size="2" color="#888888">{esc(byline)}</font>\n<hr size="1">\n')
    out.append(body_html(blocks, ""))
    out.append('</TD>\n<TD valign="top" width="220" bgcolor="#F4F4F4">\n'
               f'<b>{esc(site["related"])}</b><br>\n')
    out += [f'&middot; <a href="{href}.html">{esc(h)}</a><br>\n' for href, h in related]
    out.append("</TD>\n</TR>\n<TR><TD colspan=\"2\" align=\"center\"><hr size=\"1\">\n<font size=\"1\">\n")
    out.append(" | ".join(f'<a href="/html/{k}.htm">{esc(label)}</a>' for k, label in enumerate(u["footer_links"])))
    out.append("<br>\n" + "<br>\n".join(esc(line) for line in footer) + "\n</font></TD></TR>\n")
    out.append("</TABLE>\n</BODY>\n</html>\n")
    return "".join(out)


# ---------------------------------------------------------------------------- writing

def fit(text, charset):
    """text with the characters charset lacks replaced (LEGACY_SUBSTITUTES)."""
    if charset == "utf-8":
        return text
    # EUC-KR pages must stay inside EUC-KR, not use the wider CP949
    codec = "euc_kr" if charset == "euc-kr" else CODECS[charset]
    out = []
    for ch in text:
        try:
            ch.encode(codec)
            out.append(ch)
        except UnicodeEncodeError:
            if ch not in LEGACY_SUBSTITUTES:
                raise ValueError(f"{ch!r} (U+{ord(ch):04X}) cannot be written in {charset}")
            out.append(LEGACY_SUBSTITUTES[ch])
    return "".join(out)


def encode(text, charset):
    data = fit(text, charset).encode(CODECS[charset])
    if charset == "euc-kr":
        assert data == fit(text, charset).encode("euc_kr"), "cp949 bytes outside EUC-KR"
    return data


def plain_text(headline, blocks):
    return headline + "\n\n" + "\n\n".join(text for _, text in blocks) + "\n"


def write_file(outdir, rel, data, charset):
    path = os.path.join(outdir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    with open(path, "rb") as f:  # verify: it decodes with the declared charset
        back = f.read()
    back.decode(CODECS[charset])
    if charset != "utf-8":
        try:
            back.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError(f"{rel}: legacy page is valid UTF-8 too")


def pages():
    """Every page: dicts with lang, story, site, charset, variant, headline, byline, blocks."""
    for lang in ("en", "ko", "ru"):
        for i, site in enumerate(SITES[lang]):
            charset = LEGACY_CHARSETS.get((lang, i), "utf-8")
            headline, blocks, variant = make_copy(lang, i, site)
            byline = BYLINES[lang][site["byline"]](WIRE_DATE, WIRE[lang]["author"], WIRE[lang]["agency"])
            yield dict(lang=lang, story=f"{lang}-wire", site=site, charset=charset, variant=variant,
                       headline=headline, byline=byline, blocks=blocks)
        for n, story in enumerate(DISTINCT[lang], 1):
            i = DISTINCT_SITES[n - 1]
            site = SITES[lang][i]
            byline = BYLINES[lang][site["byline"]](story["date"], STAFF[lang][n - 1], site["title"])
            yield dict(lang=lang, story=f"{lang}-distinct-{n}", site=site,
                       charset=LEGACY_CHARSETS.get((lang, i), "utf-8"),
                       variant="distinct story, published once",
                       headline=story["headline"], byline=byline,
                       blocks=[("p", p) for p in story["paragraphs"]])


def check_sources():
    """Sanity checks on the texts themselves."""
    imo = re.compile(r"(?:IMO|ИМО)\D{0,12}(\d{7})")
    for lang in WIRE:
        words = len(" ".join(WIRE[lang]["paragraphs"]).split())
        assert 350 <= words <= 600, f"{lang} wire story has {words} words"
        assert len(WIRE[lang]["headlines"]) == len(SITES[lang]) == len(COPY_PLANS) == 12
        assert len(DISTINCT[lang]) == len(DISTINCT_SITES) == 6
        texts = WIRE[lang]["paragraphs"] + WIRE[lang]["headlines"]
        for story in DISTINCT[lang]:
            texts += story["paragraphs"] + [story["headline"]]
        for text in texts:
            for number in imo.findall(text):
                check = sum(int(c) * w for c, w in zip(number, (7, 6, 5, 4, 3, 2))) % 10
                assert check == int(number[6]), f"IMO {number}: bad check digit"
        for site in SITES[lang]:
            assert 8 <= site["nav"] <= 15


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plain", action="store_true",
                        help="write only the story text (headline and body) as UTF-8 .txt")
    parser.add_argument("outdir")
    args = parser.parse_args(argv[1:])
    check_sources()
    manifest, counts = [], {}
    for page in pages():
        site, lang = page["site"], page["lang"]
        if args.plain:
            charset = "utf-8"
            rel = f"{site['name']}/{page['story']}.txt"
            # the text as that copy shows it (a KOI8-R copy has its quotes replaced)
            text = fit(plain_text(page["headline"], page["blocks"]), page["charset"])
            data = text.encode("utf-8")
        else:
            charset = page["charset"]
            rel = f"{site['name']}/{page['story']}.html"
            data = encode(render_page(lang, site, charset, page["story"], page["headline"],
                                      page["byline"], page["blocks"]), charset)
        write_file(args.outdir, rel, data, charset)
        manifest.append({"path": rel, "lang": lang, "story": page["story"], "site": site["name"],
                         "charset": charset, "variant": page["variant"]})
        counts[lang] = counts.get(lang, 0) + 1
    with open(os.path.join(args.outdir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    kind = "text files" if args.plain else "HTML pages"
    print(f"make-syndicated: {len(manifest)} {kind} (" +
          ", ".join(f"{lang} {n}" for lang, n in counts.items()) +
          f") and manifest.json in {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
