#!/usr/bin/env python3
"""Deterministic multilingual corpus generator for the trawl ingest benchmark.

Writes N documents (default 10,000) into OUTDIR:
  * languages Korean / Russian / English in equal shares (doc i -> i % 3),
  * formats .html / .txt roughly half each ((i // 3) % 2),
  * 2-8 KB of body text each, built from per-language word lists and
    sentence templates (Korean particles chosen by final consonant, Russian
    nouns/adjectives/verbs inflected for case, gender and number),
  * vocabulary about shipping, sanctions, tankers, insurance, ports,
  * HTML mostly UTF-8; a share of Korean HTML in EUC-KR and of Russian HTML
    in windows-1251, each declared with a <meta> tag,
  * 100 files per sub-folder (d0000/, d0001/, ...).

Document i depends only on (seed, i), so the corpus made with --docs 2500 is
exactly the first 2,500 files of the one made with --docs 10000.

Standard library only.  Prints a JSON summary on stdout.
"""

import argparse
import hashlib
import html
import json
import os
import random
import shutil
import sys

# --------------------------------------------------------------------------
# shared bits
# --------------------------------------------------------------------------

VESSELS = [
    "OCEAN STAR", "SEA PEARL", "NORDIC SPIRIT", "ARCTIC DAWN", "BLUE HORIZON",
    "GOLDEN EAGLE", "PACIFIC VOYAGER", "LADY MARIA", "KAPITAN IVANOV",
    "VOLGA TRADER", "EASTERN GRACE", "SILVER WAVE", "HANA PIONEER",
    "ORIENT GLORY", "BALTIC WIND", "CASPIAN PRIDE", "AZURE SKY",
    "MERIDIAN", "POLAR BEAR", "SUNRISE ACE", "CORAL ISLAND", "STELLA MARIS",
    "IRON DUKE", "JADE RIVER", "NEW LEGEND", "ZHEN HUA 7", "PEGAS",
]


def vessel_name(rng):
    name = rng.choice(VESSELS)
    if rng.random() < 0.4:
        name += " " + str(rng.randint(1, 99))
    return name


def imo(rng):
    return "IMO %d" % rng.randint(9000000, 9899999)


def ref_code(rng, seed, i):
    return "TRW-%d-%06d-%08x" % (seed, i, rng.getrandbits(32))


# --------------------------------------------------------------------------
# Korean
# --------------------------------------------------------------------------

KO_NOUNS = (
    "선박 유조선 화물선 항구 화물 제재 수출 수입 원유 정유 보험 선주 선원 해운사 "
    "정부 당국 세관 조사 보고서 계약 운임 항로 해협 선적 하역 컨테이너 가격 상한제 "
    "시장 은행 거래 회사 위원회 규정 위반 벌금 증거 위성 신호 위치 기록 문서 서류 "
    "국기 등록 정책 물량 공급망 무역 협정 조치 감시 단속 운송 연료 석유 가스 "
    "해상 환적 선박자산 자금 결제 송금 항만 부두 검사 허가 면허 금융 제도 "
    "수출입 통관 재고 수요 공급 환율 선박보험 선급 안전 사고 화주 중개인"
).split()
KO_ORGS = (
    "정부 외교부 산업통상자원부 해양수산부 관세청 금융위원회 유럽연합 미국 재무부 "
    "유엔 안전보장이사회 국제해사기구 해양경찰청 검찰 법원 선주협회 보험사"
).split()
KO_PEOPLE = "관계자 전문가 분석가 기자 선장 대변인 담당자 연구원 변호사 교수".split()
KO_PLACES = (
    "부산 인천 울산 여수 평택 블라디보스토크 노보로시스크 싱가포르 상하이 홍콩 "
    "로테르담 이스탄불 수에즈 호르무즈 말라카 나홋카 광양 목포"
).split()
KO_ADJ = "심각한 중요한 복잡한 민감한 새로운 불법적인 투명한 대규모의 지속적인 추가적인".split()
KO_VT = (
    "발표했다 확인했다 강화했다 금지했다 승인했다 억류했다 거부했다 요구했다 "
    "검토했다 조사했다 공개했다 제출했다 연장했다 완화했다 추적했다 차단했다"
).split()
KO_VI = (
    "출항했다 입항했다 도착했다 증가했다 감소했다 지연됐다 중단됐다 재개됐다 "
    "급증했다 회복됐다"
).split()
KO_VSAY = "밝혔다 말했다 설명했다 지적했다 강조했다 경고했다 덧붙였다".split()


def _check_euckr(words):
    # CPython's euc_kr codec silently falls back to 8-byte jamo sequences
    # for syllables outside KS X 1001; those are not portable, so only use
    # words whose every syllable has a 2-byte code.
    for w in words:
        for ch in w:
            if len(ch.encode("euc_kr")) != (1 if ord(ch) < 128 else 2):
                raise SystemExit("Korean word %r not in KS X 1001" % w)


_check_euckr(KO_NOUNS + KO_ORGS + KO_PEOPLE + KO_PLACES + KO_ADJ + KO_VT
             + KO_VI + KO_VSAY)


def _ko_final(word):
    """Final consonant (jongseong) index of the last syllable, 0 = none."""
    ch = word[-1]
    if "\uac00" <= ch <= "\ud7a3":
        return (ord(ch) - 0xAC00) % 28
    if ch.isdigit():
        # Sino-Korean reading of the last digit: 0 영,1 일,3 삼,6 육,7 칠,8 팔 have one
        return 0 if ch in "2459" else 1
    return 0


def ko_p(word, pair):
    """Attach the right particle: pair = (after consonant, after vowel)."""
    fin = _ko_final(word)
    if pair == ("으로", "로"):
        return word + ("으로" if fin not in (0, 8) else "로")
    return word + (pair[0] if fin else pair[1])


TOPIC = ("은", "는")
SUBJ = ("이", "가")
OBJ = ("을", "를")
AND = ("과", "와")
TO = ("으로", "로")


def ko_date(rng):
    return "%d년 %d월 %d일" % (rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28))


def ko_sentence(rng):
    n = lambda: rng.choice(KO_NOUNS)  # noqa: E731
    t = rng.randrange(12)
    if t == 0:
        return "%s %s %s." % (ko_p(rng.choice(KO_ORGS), TOPIC), ko_p(n(), OBJ), rng.choice(KO_VT))
    if t == 1:
        return "%s에서 %s %s." % (rng.choice(KO_PLACES), ko_p(n(), SUBJ), rng.choice(KO_VI))
    if t == 2:
        return "%s %s %s에 대한 %s %s." % (
            ko_p(rng.choice(KO_ORGS), TOPIC), ko_date(rng), n(), ko_p(n(), OBJ), rng.choice(KO_VT))
    if t == 3:
        return "%s에 따르면 %s 지난해보다 %d%% %s." % (
            ko_p(rng.choice(KO_PEOPLE), ("들", "들")) if rng.random() < 0.3 else rng.choice(KO_PEOPLE),
            ko_p(n(), TOPIC), rng.randint(2, 95), rng.choice(["증가했다", "감소했다"]))
    if t == 4:
        return "선박 %s호(%s)는 %s 향하던 중 위치 신호가 꺼진 것으로 알려졌다." % (
            vessel_name(rng), imo(rng), ko_p(rng.choice(KO_PLACES), TO))
    if t == 5:
        return "이번 %s %s %s에 큰 영향을 미칠 것으로 보인다." % (
            ko_p(n(), TOPIC), ko_p(n(), AND), n())
    if t == 6:
        return "%s %s \"%s %s 문제\"라고 %s." % (
            rng.choice(KO_ORGS), ko_p(rng.choice(KO_PEOPLE), TOPIC), ko_p(n(), TOPIC),
            rng.choice(KO_ADJ), rng.choice(KO_VSAY))
    if t == 7:
        return "%s %s 둘러싼 논란이 계속되고 있다." % (ko_p(n(), AND), ko_p(n(), OBJ))
    if t == 8:
        return "%s 기준으로 %s 물량은 %d만 톤에 달했다." % (ko_date(rng), n(), rng.randint(3, 900))
    if t == 9:
        return "%s 가격 상한제를 위반한 %s 대해 %s %s." % (
            ko_p(rng.choice(KO_ORGS), TOPIC), ko_p(n(), ("에", "에")), ko_p(n(), OBJ),
            rng.choice(KO_VT))
    if t == 10:
        return "%s 선적된 %s 해상에서 다른 선박으로 환적된 정황이 포착됐다." % (
            ko_p(rng.choice(KO_PLACES), ("에서", "에서")), ko_p(n(), TOPIC))
    return "%s %s %s %s 필요하다고 %s." % (
        ko_p(rng.choice(KO_PEOPLE), TOPIC), rng.choice(KO_ADJ), n(), ko_p(n(), SUBJ),
        rng.choice(KO_VSAY))


def ko_title(rng):
    return rng.choice([
        "%s, %s %s 발표" % (rng.choice(KO_ORGS), rng.choice(KO_NOUNS), rng.choice(KO_NOUNS)),
        "%s 제재 위반 의혹 선박 %s호 조사" % (rng.choice(KO_PLACES), vessel_name(rng)),
        "%s 시장 동향과 %s 전망" % (rng.choice(KO_NOUNS), rng.choice(KO_NOUNS)),
        "그림자 선단과 %s: %s 보고서" % (rng.choice(KO_NOUNS), rng.choice(KO_ORGS)),
    ])


KO_HEADINGS = ["배경", "주요 내용", "전문가 분석", "향후 전망", "관련 조치", "시장 반응"]
KO_NAV = ["홈", "뉴스", "해운", "제재", "분석"]

# --------------------------------------------------------------------------
# Russian
# --------------------------------------------------------------------------

# (stem, declension class, gender, animate)
RU_NOUNS = [
    ("порт", "m", "m", False), ("груз", "m", "m", False), ("танкер", "m", "m", False),
    ("флот", "m", "m", False), ("контракт", "m", "m", False), ("банк", "m", "m", False),
    ("экспорт", "m", "m", False), ("импорт", "m", "m", False), ("запрет", "m", "m", False),
    ("маршрут", "m", "m", False), ("терминал", "m", "m", False), ("рейс", "m", "m", False),
    ("фрахт", "m", "m", False), ("документ", "m", "m", False), ("сертификат", "m", "m", False),
    ("регулятор", "m", "m", True), ("трейдер", "m", "m", True), ("капитан", "m", "m", True),
    ("оператор", "m", "m", True), ("эксперт", "m", "m", True), ("аналитик", "m", "m", True),
    ("поставка", "a", "f", False), ("проверка", "a", "f", False), ("перевозка", "a", "f", False),
    ("страховка", "a", "f", False), ("цена", "a", "f", False), ("система", "a", "f", False),
    ("схема", "a", "f", False), ("группа", "a", "f", False), ("граница", "a", "f", False),
    ("отгрузка", "a", "f", False), ("выручка", "a", "f", False), ("нефть", "soft_f", "f", False),
    ("санкция", "ia", "f", False), ("компания", "ia", "f", False), ("комиссия", "ia", "f", False),
    ("информация", "ia", "f", False), ("операция", "ia", "f", False), ("партия", "ia", "f", False),
    ("соглашение", "ie", "n", False), ("решение", "ie", "n", False),
    ("расследование", "ie", "n", False), ("ограничение", "ie", "n", False),
    ("нарушение", "ie", "n", False), ("заявление", "ie", "n", False),
    ("судно", "o", "n", False), ("министерство", "o", "n", False), ("ведомство", "o", "n", False),
    ("судоходство", "o", "n", False), ("агентство", "o", "n", False),
    ("правительство", "o", "n", False),
]
CASES = ("nom", "gen", "dat", "acc", "ins", "prep")
_HUSHING = set("гкхжшщч")


def _fix_y(stem, ending):
    # spelling rule: no ы after г к х ж ш щ ч
    if ending.startswith("ы") and stem and stem[-1] in _HUSHING:
        return "и" + ending[1:]
    return ending


def ru_noun(noun, case):
    word, cls, gender, animate = noun
    if cls == "m":
        stem, ends = word, ["", "а", "у", "", "ом", "е"]
        if animate:
            ends[3] = "а"
    elif cls == "a":
        stem, ends = word[:-1], ["а", "ы", "е", "у", "ой", "е"]
    elif cls == "soft_f":
        stem, ends = word[:-1], ["ь", "и", "и", "ь", "ью", "и"]
    elif cls == "ia":
        stem, ends = word[:-2], ["ия", "ии", "ии", "ию", "ией", "ии"]
    elif cls == "ie":
        stem, ends = word[:-2], ["ие", "ия", "ию", "ие", "ием", "ии"]
    else:  # "o"
        stem, ends = word[:-1], ["о", "а", "у", "о", "ом", "е"]
    return stem + _fix_y(stem, ends[CASES.index(case)])


RU_ADJ = [
    "нов", "крупн", "российск", "европейск", "морск", "нефтян", "торгов",
    "иностранн", "серьёзн", "государственн", "международн", "незаконн",
    "официальн", "коммерческ", "дополнительн", "значительн", "страхов",
    "танкерн", "санкционн", "экспортн",
]
RU_ADJ_END = {
    "m": ["ый", "ого", "ому", "ый", "ым", "ом"],
    "f": ["ая", "ой", "ой", "ую", "ой", "ой"],
    "n": ["ое", "ого", "ому", "ое", "ым", "ом"],
}


def ru_adj(stem, gender, case, animate=False):
    ends = list(RU_ADJ_END[gender])
    if gender == "m" and animate:
        ends[3] = "ого"
    return stem + _fix_y(stem, ends[CASES.index(case)])


def ru_np(rng, case, noun=None, adj_p=0.6):
    noun = noun or rng.choice(RU_NOUNS)
    s = ru_noun(noun, case)
    if rng.random() < adj_p:
        s = ru_adj(rng.choice(RU_ADJ), noun[2], case, noun[3]) + " " + s
    return s, noun


# past tense stems: masc, fem, neut
RU_VT = [
    ("задержал", "задержала", "задержало"), ("объявил", "объявила", "объявило"),
    ("ввёл", "ввела", "ввело"), ("запретил", "запретила", "запретило"),
    ("проверил", "проверила", "проверило"), ("получил", "получила", "получило"),
    ("направил", "направила", "направило"), ("подтвердил", "подтвердила", "подтвердило"),
    ("нарушил", "нарушила", "нарушило"), ("расширил", "расширила", "расширило"),
    ("утвердил", "утвердила", "утвердило"), ("опубликовал", "опубликовала", "опубликовало"),
    ("продлил", "продлила", "продлило"), ("отследил", "отследила", "отследило"),
]
RU_VI = [
    ("прибыл", "прибыла", "прибыло"), ("вышел", "вышла", "вышло"),
    ("вырос", "выросла", "выросло"), ("сократился", "сократилась", "сократилось"),
    ("остановился", "остановилась", "остановилось"),
]
RU_GI = {"m": 0, "f": 1, "n": 2}
RU_PLACES = [
    "Новороссийске", "Приморске", "Усть-Луге", "Мурманске", "Стамбуле", "Сингапуре",
    "Роттердаме", "Пусане", "Находке", "Владивостоке", "Балтийском море", "Чёрном море",
    "Ормузском проливе", "Суэцком канале",
]
RU_FLAGS = ["Панамы", "Либерии", "Камеруна", "Габона", "Мальты", "Коморских Островов",
            "Сьерра-Леоне", "Палау"]
RU_MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                 "августа", "сентября", "октября", "ноября", "декабря"]


def ru_plural(n, one, few, many):
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def ru_date(rng):
    return "%d %s %d года" % (rng.randint(1, 28), rng.choice(RU_MONTHS_GEN), rng.randint(2022, 2025))


def ru_sentence(rng):
    t = rng.randrange(11)
    if t == 0:
        subj, noun = ru_np(rng, "nom")
        obj, _ = ru_np(rng, "acc")
        return "%s %s %s." % (subj[0].upper() + subj[1:], rng.choice(RU_VT)[RU_GI[noun[2]]], obj)
    if t == 1:
        src, _ = ru_np(rng, "gen", adj_p=0.3)
        subj, noun = ru_np(rng, "nom")
        obj, _ = ru_np(rng, "acc")
        return "По данным %s, %s %s %s в %s." % (
            src, subj, rng.choice(RU_VT)[RU_GI[noun[2]]], obj, rng.choice(RU_PLACES))
    if t == 2:
        subj, noun = ru_np(rng, "nom", adj_p=0.3)
        a, _ = ru_np(rng, "prep")
        b, _ = ru_np(rng, "prep")
        verb = ("сообщил", "сообщила", "сообщило")[RU_GI[noun[2]]]
        return "%s %s о %s и %s." % (subj[0].upper() + subj[1:], verb, a, b)
    if t == 3:
        n = rng.randint(2, 95)
        subj, noun = ru_np(rng, "nom")
        verb = rng.choice(RU_VI[2:4])[RU_GI[noun[2]]]
        return "Эксперты отмечают, что %s %s на %d %s." % (
            subj, verb, n, ru_plural(n, "процент", "процента", "процентов"))
    if t == 4:
        n = rng.randint(2, 2500)
        g, _ = ru_np(rng, "gen")
        return "Объём %s составил %d %s за %s." % (
            g, n * 1000, ru_plural(n * 1000, "тонну", "тонны", "тонн"),
            rng.choice(["месяц", "квартал", "год", "полгода"]))
    if t == 5:
        return "Судно %s (%s) под флагом %s было задержано %s в %s." % (
            vessel_name(rng), imo(rng), rng.choice(RU_FLAGS), ru_date(rng), rng.choice(RU_PLACES))
    if t == 6:
        doc, _ = ru_np(rng, "prep", adj_p=0.5)
        subj, noun = ru_np(rng, "nom")
        obj, _ = ru_np(rng, "acc")
        return "В %s говорится, что %s %s %s." % (doc, subj, rng.choice(RU_VT)[RU_GI[noun[2]]], obj)
    if t == 7:
        n = rng.randint(2, 60)
        return "Потолок цен на российскую нефть составляет %d %s за баррель, однако %d %s " \
               "теневого флота продолжают перевозки." % (
                   n, ru_plural(n, "доллар", "доллара", "долларов"), n + 7,
                   ru_plural(n + 7, "танкер", "танкера", "танкеров"))
    if t == 8:
        ins, _ = ru_np(rng, "ins")
        subj, noun = ru_np(rng, "nom", adj_p=0.4)
        verb = ("связан", "связана", "связано")[RU_GI[noun[2]]]
        return "%s %s с %s, сообщают источники." % (subj[0].upper() + subj[1:], verb, ins)
    if t == 9:
        dat, _ = ru_np(rng, "dat")
        return "Перегрузка с борта на борт позволила %s обойти ограничения в %s." % (
            dat, rng.choice(RU_PLACES))
    subj, noun = ru_np(rng, "nom", adj_p=0.3)
    verb = rng.choice(RU_VI[:2])[RU_GI[noun[2]]]
    return "%s %s в %s %s." % (subj[0].upper() + subj[1:], verb, rng.choice(RU_PLACES), ru_date(rng))


def ru_title(rng):
    g, _ = ru_np(rng, "gen")
    return rng.choice([
        "Новые санкции против %s" % g,
        "Танкер %s задержан в %s" % (vessel_name(rng), rng.choice(RU_PLACES)),
        "Теневой флот и рынок %s" % g,
        "Обзор: %s" % ru_np(rng, "nom")[0],
    ])


RU_HEADINGS = ["Предыстория", "Подробности", "Мнение экспертов", "Прогноз",
               "Реакция рынка", "Что дальше"]
RU_NAV = ["Главная", "Новости", "Судоходство", "Санкции", "Аналитика"]

# --------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------

EN_NOUNS = (
    "tanker vessel port cargo shipment sanction embargo insurer shipowner crew "
    "terminal refinery charter freight route strait registry flag regulator "
    "authority customs inspection report contract invoice price cap market bank "
    "trader broker investigation violation penalty satellite transponder signal "
    "manifest certificate fleet operator exporter importer pipeline barrel"
).split()
EN_ORGS = [
    "the Treasury", "the European Commission", "OFAC", "the UK Foreign Office",
    "the port authority", "the coast guard", "the flag registry", "a P&I club",
    "the International Maritime Organization", "customs officials", "the ministry",
]
EN_ADJ = ("new major illicit opaque shadow offshore additional significant "
          "sanctioned foreign commercial maritime strict temporary").split()
EN_VT = ("detained inspected blacklisted insured chartered tracked seized "
         "flagged fined approved suspended extended renamed").split()
EN_PLACES = ["Novorossiysk", "Primorsk", "Ust-Luga", "Murmansk", "Istanbul",
             "Singapore", "Rotterdam", "Busan", "Nakhodka", "Vladivostok",
             "the Gulf of Oman", "the Strait of Hormuz", "the Suez Canal",
             "the Danish straits", "Fujairah"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]


def en_date(rng):
    return "%d %s %d" % (rng.randint(1, 28), rng.choice(EN_MONTHS), rng.randint(2022, 2025))


def en_np(rng):
    n = rng.choice(EN_NOUNS)
    if rng.random() < 0.5:
        n = rng.choice(EN_ADJ) + " " + n
    return "the " + n


def en_sentence(rng):
    t = rng.randrange(10)
    if t == 0:
        s = "%s %s %s." % (rng.choice(EN_ORGS), rng.choice(EN_VT), en_np(rng))
        return s[0].upper() + s[1:]
    if t == 1:
        return "According to %s, %s was %s in %s on %s." % (
            rng.choice(EN_ORGS), en_np(rng), rng.choice(EN_VT), rng.choice(EN_PLACES), en_date(rng))
    if t == 2:
        return "The %s %s (%s) switched off its transponder near %s before a ship-to-ship transfer." % (
            rng.choice(["tanker", "vessel", "bulk carrier"]), vessel_name(rng), imo(rng),
            rng.choice(EN_PLACES))
    if t == 3:
        return "Exports of %s rose by %d%% while %s fell to %d,%03d tonnes." % (
            rng.choice(["crude", "diesel", "fuel oil", "naphtha", "LNG", "coal"]),
            rng.randint(2, 90), en_np(rng), rng.randint(1, 900), rng.randint(0, 999))
    if t == 4:
        return "Analysts say %s and %s remain %s." % (
            en_np(rng), en_np(rng), rng.choice(["under scrutiny", "a concern", "difficult to verify",
                                                 "largely unregulated"]))
    if t == 5:
        return "Under the price cap of $%d per barrel, %s must attest that %s was bought below the cap." % (
            rng.choice([45, 47, 60]), en_np(rng), en_np(rng))
    if t == 6:
        return "The ship sails under the flag of %s and is insured by %s." % (
            rng.choice(["Panama", "Liberia", "Cameroon", "Gabon", "Malta", "Comoros", "Palau"]),
            rng.choice(["an unknown insurer", "a P&I club", "a Dubai-based company", "no one"]))
    if t == 7:
        s = "%s was %s after %s reported %s." % (en_np(rng), rng.choice(EN_VT),
                                                  rng.choice(EN_ORGS), en_np(rng))
        return s[0].upper() + s[1:]
    if t == 8:
        return "Some %d vessels of the so-called shadow fleet called at %s in %s." % (
            rng.randint(3, 400), rng.choice(EN_PLACES), rng.choice(EN_MONTHS))
    org = rng.choice(EN_ORGS)
    return "%s is expected to %s %s by %s." % (
        org[0].upper() + org[1:],
        rng.choice(["review", "tighten", "extend", "publish", "enforce"]), en_np(rng), en_date(rng))


def en_title(rng):
    return rng.choice([
        "Tanker %s detained in %s" % (vessel_name(rng), rng.choice(EN_PLACES)),
        "New sanctions target %s" % en_np(rng)[4:],
        "Shadow fleet: %s and %s" % (rng.choice(EN_NOUNS), rng.choice(EN_NOUNS)),
        "Report: %s %s" % (rng.choice(EN_ADJ), rng.choice(EN_NOUNS)),
    ])


EN_HEADINGS = ["Background", "Details", "Analysis", "Outlook", "Market reaction", "What next"]
EN_NAV = ["Home", "News", "Shipping", "Sanctions", "Analysis"]

LANGS = {
    "ko": (ko_sentence, ko_title, KO_HEADINGS, KO_NAV, " "),
    "ru": (ru_sentence, ru_title, RU_HEADINGS, RU_NAV, " "),
    "en": (en_sentence, en_title, EN_HEADINGS, EN_NAV, " "),
}
LANG_ORDER = ("ko", "ru", "en")
LEGACY = {"ko": ("euc_kr", "euc-kr"), "ru": ("cp1251", "windows-1251")}

# --------------------------------------------------------------------------
# documents
# --------------------------------------------------------------------------


def make_doc(seed, i, legacy_share):
    """Return (relative path, bytes, info dict) for document i."""
    rng = random.Random(seed * 1_000_003 + i)
    lang = LANG_ORDER[i % 3]
    fmt = "html" if (i // 3) % 2 == 0 else "txt"
    sentence, title_fn, headings, nav, sep = LANGS[lang]
    # bytes of UTF-8 body text; HTML markup adds ~0.5-1 KB, so files end up
    # at roughly 2-8 KB
    target = rng.randint(2048, 6500 if fmt == "html" else 8000)
    title = title_fn(rng)
    ref = ref_code(rng, seed, i)

    # paragraphs of 3-7 sentences, the last one trimmed to hit the target
    paras, lists, size = [], {}, 0
    while size < target:
        sents = [sentence(rng) for _ in range(rng.randint(3, 7))]
        while len(sents) > 1 and size + len(sep.join(sents).encode("utf-8")) > target + 200:
            sents.pop()
        p = sep.join(sents)
        paras.append(p)
        size += len(p.encode("utf-8")) + 2
        if fmt == "html" and rng.random() < 0.1:
            # a bullet list before this paragraph (HTML only), part of the budget
            items = [sentence(rng) for _ in range(rng.randint(2, 4))]
            lists[len(paras) - 1] = items
            size += sum(len(x.encode("utf-8")) + 9 for x in items)

    enc, label = "utf-8", "utf-8"
    if fmt == "html" and lang in LEGACY and rng.random() < legacy_share:
        enc, label = LEGACY[lang]

    if fmt == "txt":
        text = "%s\n\n%s\n\n%s\n" % (title, ref, "\n\n".join(paras))
        data = text.encode("utf-8")
    else:
        e = html.escape
        out = ["<!DOCTYPE html>", '<html lang="%s">' % lang, "<head>"]
        if enc == "utf-8" or rng.random() < 0.5:
            out.append('<meta charset="%s">' % label)
        else:
            out.append('<meta http-equiv="Content-Type" content="text/html; charset=%s">' % label)
        out.append("<title>%s</title>" % e(title))
        out.append('<meta name="description" content="%s">' % e(paras[0][:120], quote=True))
        out.append("<style>body{font-family:sans-serif;max-width:40em}"
                   " .ref{color:#666}</style>")
        out.append("</head>")
        out.append("<body>")
        out.append("<nav>" + " | ".join('<a href="/%s/">%s</a>' % (k, e(v))
                                        for k, v in enumerate(nav)) + "</nav>")
        out.append("<article>")
        out.append("<h1>%s</h1>" % e(title))
        out.append('<p class="ref">%s</p>' % e(ref))
        for k, p in enumerate(paras):
            if k and k % 3 == 0:
                out.append("<h2>%s</h2>" % e(rng.choice(headings)))
            if k in lists:
                items = lists[k]
                out.append("<ul>" + "".join("<li>%s</li>" % e(x) for x in items) + "</ul>")
            para = e(p)
            if rng.random() < 0.3:
                # some inline markup and entities
                words = para.split(" ")
                j = rng.randrange(len(words))
                words[j] = "<b>%s</b>" % words[j]
                para = " ".join(words).replace(". ", ".&nbsp; ", 1)
            out.append("<p>%s</p>" % para)
        out.append("</article>")
        out.append('<script>window.dataLayer=window.dataLayer||[];'
                   'dataLayer.push({"doc":"%s"});</script>' % ref)
        out.append("<footer>(c) %d trawl bench &amp; co.</footer>" % rng.randint(2022, 2025))
        out.append("</body>")
        out.append("</html>")
        text = "\n".join(out) + "\n"
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            # should not happen with the checked word lists; stay valid HTML
            data = text.encode(enc, errors="xmlcharrefreplace")

    rel = os.path.join("d%04d" % (i // 100), "doc-%06d-%s.%s" % (i, lang, fmt))
    return rel, data, {"lang": lang, "fmt": fmt, "enc": label}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", help="folder to write the corpus into")
    ap.add_argument("--docs", type=int, default=10000, help="number of documents (default 10000)")
    ap.add_argument("--seed", type=int, default=20240611, help="random seed (default 20240611)")
    ap.add_argument("--legacy-share", type=float, default=0.25,
                    help="share of ko/ru HTML written in EUC-KR / windows-1251 (default 0.25)")
    ap.add_argument("--force", action="store_true", help="delete OUTDIR first if it exists")
    args = ap.parse_args(argv)

    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        if not args.force:
            sys.exit("%s exists and is not empty (use --force)" % args.outdir)
        shutil.rmtree(args.outdir)
    os.makedirs(args.outdir, exist_ok=True)

    stats = {"docs": args.docs, "seed": args.seed, "bytes": 0, "lang": {}, "fmt": {}, "enc": {}}
    digest = hashlib.sha256()
    hashes = set()
    made_dirs = set()
    for i in range(args.docs):
        rel, data, info = make_doc(args.seed, i, args.legacy_share)
        d = os.path.dirname(rel)
        if d not in made_dirs:
            os.makedirs(os.path.join(args.outdir, d), exist_ok=True)
            made_dirs.add(d)
        with open(os.path.join(args.outdir, rel), "wb") as f:
            f.write(data)
        stats["bytes"] += len(data)
        for k in ("lang", "fmt", "enc"):
            stats[k][info[k]] = stats[k].get(info[k], 0) + 1
        h = hashlib.sha256(data).digest()
        hashes.add(h)
        digest.update(rel.encode() + b"\0" + h)
    stats["distinct"] = len(hashes)
    stats["dirs"] = len(made_dirs)
    stats["sha256"] = digest.hexdigest()
    if len(hashes) != args.docs:
        sys.exit("duplicate documents generated: %d distinct of %d" % (len(hashes), args.docs))
    print(json.dumps(stats, sort_keys=True))


if __name__ == "__main__":
    main()
