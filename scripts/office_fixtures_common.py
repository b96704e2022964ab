"""What the writers of make-office-fixtures.py share: the prose of every document in
English, Korean and Russian (sanctions monitoring of North Korea: vessels, IMO numbers,
companies, ship-to-ship transfers, UN Security Council resolution 2397), the fixed dates,
a deterministic zip writer and a PNG writer (zlib only).

The IMO numbers carry a valid check digit (9123453, 8705539, 9354181, 8901236,
9156785), so that the entity tagger takes them as IMO numbers.
"""

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

# Every document says it was created and saved at these times.
CREATED = "2024-03-05T09:30:00Z"
MODIFIED = "2024-03-06T14:05:00Z"
# Office and Hancom write 1980-01-01 00:00 into every zip entry; LibreOffice the save time.
ZIP_DATE_MS = (1980, 1, 1, 0, 0, 0)
ZIP_DATE_LO = (2024, 3, 6, 14, 5, 0)

LANGS = ("en", "ko", "ru")

TEXT = {
    "en": {
        "title": "Ship-to-ship transfers off Nampo, February 2024",
        "author": "Eleanor Whitfield",
        "unit": "Sanctions Monitoring Unit",
        "heading": "Ship-to-ship transfers in the Yellow Sea",
        "paras": [
            "On 14 February 2024 the tanker SEA GLORY 7 (IMO 9123453), flying the flag of "
            "Sierra Leone, switched off its AIS transponder 40 nautical miles south-west of Nampo.",
            "Satellite imagery taken the next morning shows SEA GLORY 7 alongside the North "
            "Korean tanker CHON MA SAN (IMO 8705539) in a ship-to-ship transfer of refined "
            "petroleum products.",
            "The registered owner, Ocean Bright Trading Co. Ltd of Hong Kong, was incorporated "
            "three months earlier and shares an address with two companies designated by the "
            "United States Treasury.",
            "These transfers breach paragraph 5 of UN Security Council resolution 2397 (2017), "
            "which caps the refined petroleum the DPRK may import at 500,000 barrels a year.",
        ],
        "link_before": "Earlier transfers are described in ",
        "link_text": "the Panel of Experts report S/2024/215",
        "link_after": ".",
        "link_url": "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports",
        "table": [
            ["Vessel", "IMO number", "Flag"],
            ["SEA GLORY 7", "IMO 9123453", "Sierra Leone"],
            ["CHON MA SAN", "IMO 8705539", "DPRK"],
        ],
        "header": "Sanctions Monitoring Unit, restricted distribution",
        "footer": "Prepared for the North Korea desk",
        "footnote": "AIS: the Automatic Identification System that ships over 300 gross tonnes must carry.",
        "endnote": "Imagery: commercial synthetic-aperture radar, 15 February 2024, 06:12 UTC.",
        "comment": "Check the flag registry before publication.",
        "textbox": "Key finding: at least 12,000 barrels transferred in one night.",
        "sheets": ["Transfers", "Vessels", "Summary"],
        "cols": ["Date", "Vessel", "Counterpart", "Cargo", "Barrels"],
        "cargo": ["diesel", "fuel oil"],
        "vessels": [
            ["Vessel", "IMO", "Flag", "Owner"],
            ["SEA GLORY 7", 9123453, "Sierra Leone", "Ocean Bright Trading Co. Ltd"],
            ["CHON MA SAN", 8705539, "DPRK", "Korea Kumbyol Trading Company"],
            ["NEW REGENT", 9354181, "Togo", "Golden Harbour Shipping Inc."],
        ],
        "total": "Total barrels",
        "slides": [
            ("Ship-to-ship transfers, February 2024",
             ["Three transfers observed off Nampo", "AIS switched off before each meeting",
              "Refined petroleum above the resolution 2397 cap"]),
            ("Vessels of interest",
             ["SEA GLORY 7, IMO 9123453, Sierra Leone flag", "CHON MA SAN, IMO 8705539, DPRK tanker",
              "NEW REGENT, IMO 9354181, renamed in January"]),
            ("Transfers observed", []),
        ],
        "notes": "Stress that the owner shares its address with designated companies.",
        "minutes_title": "Minutes of the weekly sanctions meeting",
        "notice_title": "Notice on vessels suspected of ship-to-ship transfers",
        "mail_subject": "Tanker NEW REGENT seen off Nampo",
        "mail_body": [
            "Dear colleagues,",
            "The tanker NEW REGENT (IMO 9354181) was seen again off Nampo on 2 March 2024, "
            "riding low after a ship-to-ship transfer with CHON MA SAN (IMO 8705539).",
            "Please add both vessels to the watch list under resolution 2397.",
            "Regards, Eleanor",
        ],
        "from": ("Eleanor Whitfield", "e.whitfield@monitor.example.org"),
        "to": ("North Korea desk", "nk-desk@monitor.example.org"),
    },
    "ko": {
        "title": "남포 앞바다 선박 간 환적 보고서 (2024년 2월)",
        "author": "김민준",
        "unit": "대북제재 감시팀",
        "heading": "서해 선박 간 환적 동향",
        "paras": [
            "2024년 2월 14일 시에라리온 선적의 유조선 SEA GLORY 7호(IMO 9123453)가 남포 남서쪽 "
            "40해리 해상에서 선박자동식별장치(AIS)를 껐다.",
            "이튿날 아침 촬영된 위성사진에는 SEA GLORY 7호가 북한 유조선 천마산호(IMO 8705539)에 "
            "나란히 붙어 정제유를 옮겨 싣는 장면이 담겼다.",
            "등록 선주인 홍콩의 오션브라이트무역유한공사는 석 달 전에 설립되었으며, 미국 재무부가 "
            "제재 대상으로 지정한 두 회사와 같은 주소를 쓰고 있다.",
            "이러한 환적은 북한의 정제유 수입을 연간 50만 배럴로 제한한 유엔 안전보장이사회 결의 "
            "2397호(2017년) 제5항을 위반한 것이다.",
        ],
        "link_before": "이전의 환적 사례는 ",
        "link_text": "전문가패널 보고서 S/2024/215",
        "link_after": "에 자세히 나와 있다.",
        "link_url": "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports",
        "table": [
            ["선박명", "IMO 번호", "선적국"],
            ["SEA GLORY 7호", "IMO 9123453", "시에라리온"],
            ["천마산호", "IMO 8705539", "북한"],
        ],
        "header": "대북제재 감시팀 대외비",
        "footer": "북한 담당 분석관 배포용",
        "footnote": "AIS: 총톤수 300톤 이상의 선박이 의무적으로 갖춰야 하는 선박자동식별장치.",
        "endnote": "영상 출처: 상업용 합성개구레이더, 2024년 2월 15일 06시 12분(협정세계시).",
        "comment": "공개 전에 선적 등록부를 다시 확인할 것.",
        "textbox": "핵심 결과: 하룻밤에 최소 1만 2천 배럴이 옮겨졌다.",
        "sheets": ["환적 기록", "선박 목록", "요약"],
        "cols": ["날짜", "선박", "상대 선박", "화물", "배럴"],
        "cargo": ["경유", "연료유"],
        "vessels": [
            ["선박", "IMO", "선적국", "선주"],
            ["SEA GLORY 7호", 9123453, "시에라리온", "오션브라이트무역유한공사"],
            ["천마산호", 8705539, "북한", "조선금별무역회사"],
            ["뉴리젠트호", 9354181, "토고", "골든하버해운"],
        ],
        "total": "배럴 합계",
        "slides": [
            ("2024년 2월 선박 간 환적",
             ["남포 앞바다에서 환적 세 건 포착", "접선 전마다 AIS 신호 차단",
              "결의 2397호 상한을 넘는 정제유 반입"]),
            ("감시 대상 선박",
             ["SEA GLORY 7호, IMO 9123453, 시에라리온 선적", "천마산호, IMO 8705539, 북한 유조선",
              "뉴리젠트호, IMO 9354181, 1월에 선명 변경"]),
            ("포착된 환적", []),
        ],
        "notes": "선주가 제재 대상 회사와 주소를 공유한다는 점을 강조할 것.",
        "minutes_title": "주간 대북제재 회의록",
        "notice_title": "선박 간 환적 의심 선박에 관한 공지",
        "mail_subject": "남포 앞바다에서 뉴리젠트호 재포착",
        "mail_body": [
            "안녕하십니까,",
            "유조선 뉴리젠트호(IMO 9354181)가 2024년 3월 2일 남포 앞바다에서 다시 포착되었습니다. "
            "천마산호(IMO 8705539)와 선박 간 환적을 마친 뒤 흘수가 깊어진 상태였습니다.",
            "두 선박을 결의 2397호에 따른 감시 목록에 올려 주시기 바랍니다.",
            "김민준 드림",
        ],
        "from": ("김민준", "minjun.kim@monitor.example.kr"),
        "to": ("북한 담당 분석팀", "nk-desk@monitor.example.kr"),
    },
    "ru": {
        "title": "Перегрузки с судна на судно у Нампо, февраль 2024 года",
        "author": "Ирина Соколова",
        "unit": "Группа мониторинга санкций",
        "heading": "Перегрузки с судна на судно в Жёлтом море",
        "paras": [
            "14 февраля 2024 года танкер SEA GLORY 7 (ИМО 9123453) под флагом Сьерра-Леоне "
            "отключил транспондер АИС в 40 морских милях к юго-западу от Нампо.",
            "На спутниковых снимках следующего утра SEA GLORY 7 стоит борт к борту с "
            "северокорейским танкером «Чхонмасан» (ИМО 8705539) во время перегрузки нефтепродуктов.",
            "Зарегистрированный владелец, гонконгская компания «Оушен Брайт Трейдинг», создана "
            "за три месяца до этого и делит адрес с двумя компаниями из санкционного списка "
            "Министерства финансов США.",
            "Такие перегрузки нарушают пункт 5 резолюции 2397 (2017) Совета Безопасности ООН, "
            "ограничивающей ввоз нефтепродуктов в КНДР 500 000 баррелей в год.",
        ],
        "link_before": "Прежние перегрузки описаны в ",
        "link_text": "докладе Группы экспертов S/2024/215",
        "link_after": ".",
        "link_url": "https://www.un.org/securitycouncil/ru/sanctions/1718/panel_experts/reports",
        "table": [
            ["Судно", "Номер ИМО", "Флаг"],
            ["SEA GLORY 7", "ИМО 9123453", "Сьерра-Леоне"],
            ["Чхонмасан", "ИМО 8705539", "КНДР"],
        ],
        "header": "Группа мониторинга санкций, для служебного пользования",
        "footer": "Подготовлено для отдела КНДР",
        "footnote": "АИС: автоматическая идентификационная система, обязательная для судов "
                    "валовой вместимостью свыше 300 тонн.",
        "endnote": "Снимки: коммерческий радар с синтезированной апертурой, 15 февраля 2024 года, "
                   "06:12 UTC.",
        "comment": "Проверить судовой регистр перед публикацией.",
        "textbox": "Главный вывод: за одну ночь перегружено не менее 12 000 баррелей.",
        "sheets": ["Перегрузки", "Суда", "Итоги"],
        "cols": ["Дата", "Судно", "Второе судно", "Груз", "Баррели"],
        "cargo": ["дизельное топливо", "мазут"],
        "vessels": [
            ["Судно", "ИМО", "Флаг", "Владелец"],
            ["SEA GLORY 7", 9123453, "Сьерра-Леоне", "Оушен Брайт Трейдинг"],
            ["Чхонмасан", 8705539, "КНДР", "Корейская торговая компания Кумбёль"],
            ["Нью Риджент", 9354181, "Того", "Голден Харбор Шиппинг"],
        ],
        "total": "Всего баррелей",
        "slides": [
            ("Перегрузки с судна на судно, февраль 2024 года",
             ["Три перегрузки замечены у Нампо", "АИС отключали перед каждой встречей",
              "Нефтепродукты сверх предела резолюции 2397"]),
            ("Суда, представляющие интерес",
             ["SEA GLORY 7, ИМО 9123453, флаг Сьерра-Леоне", "Чхонмасан, ИМО 8705539, танкер КНДР",
              "Нью Риджент, ИМО 9354181, переименован в январе"]),
            ("Замеченные перегрузки", []),
        ],
        "notes": "Подчеркнуть, что владелец делит адрес с компаниями из санкционного списка.",
        "minutes_title": "Протокол еженедельного совещания по санкциям",
        "notice_title": "Уведомление о судах, подозреваемых в перегрузках",
        "mail_subject": "Танкер \"Нью Риджент\" снова у Нампо",
        "mail_body": [
            "Уважаемые коллеги!",
            "Танкер \"Нью Риджент\" (ИМО 9354181) снова замечен у Нампо 2 марта 2024 года, "
            "с глубокой осадкой после перегрузки с \"Чхонмасаном\" (ИМО 8705539).",
            "Прошу внести оба судна в список наблюдения по резолюции 2397.",
            "С уважением, Ирина Соколова",
        ],
        # KOI8-R has no « »: the mail uses straight quotes
    "from": ("Ирина Соколова", "i.sokolova@monitor.example.ru"),
        "to": ("Отдел КНДР", "kndr@monitor.example.ru"),
    },
}

# The transfers of the cargo workbooks and of the tables on the slides: (date, vessel,
# counterpart, cargo index, barrels).
TRANSFERS = [
    ((2024, 2, 15), 0, 1, 0, 12000),
    ((2024, 3, 2), 2, 1, 1, 8500),
]


def x(s):
    """Text for XML content and attribute values (quotes escaped too)."""
    return escape(str(s), {'"': "&quot;"})


def excel_serial(y, m, d):
    """The 1900-system serial number Excel stores for a date."""
    import datetime
    return (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days


def zip_package(members, date=ZIP_DATE_MS, stored=("mimetype",)):
    """A zip of (name, bytes) in the order given, deflated except the names in `stored`,
    every entry dated `date`, no extra fields: identical bytes on every run."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16 if date is ZIP_DATE_LO else 0
            info.create_system = 3 if date is ZIP_DATE_LO else 0
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))
    return buf.getvalue()


def png(width=64, height=32, bar=(8, 12, 48, 20)):
    """A real PNG: white, with a black bar (x0, y0, x1, y1); 8-bit grey."""
    rows = []
    for yy in range(height):
        row = bytearray([0])  # filter: none
        for xx in range(width):
            row.append(0 if bar[0] <= xx < bar[2] and bar[1] <= yy < bar[3] else 255)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))

# Japanese, for the Shift_JIS RTF only (表 is 0x95 0x5C: its trail byte is a backslash).
TEXT_JA = {
    "title": "南浦沖の瀬取りに関するメモ",
    "author": "佐藤健一",
    "unit": "制裁監視チーム",
    "heading": "黄海における瀬取りの動向",
    "paras": [
        "2024年2月14日、シエラレオネ船籍のタンカーSEA GLORY 7（IMO 9123453）が南浦の南西40海里でAISを停止した。",
        "翌朝の衛星画像には、北朝鮮籍のタンカー千摩山号（IMO 8705539）と横付けして石油精製品を積み替える様子が写っている。",
        "登録船主の香港のオーシャン・ブライト貿易は、米国財務省が制裁対象に指定した二社と同じ住所を使っている。",
        "これらの瀬取りは、国連安全保障理事会決議2397号が定める年間50万バレルの上限に違反する。下表に関係船舶を示す。",
    ],
    "table": [
        ["船名", "IMO番号", "船籍"],
        ["SEA GLORY 7", "IMO 9123453", "シエラレオネ"],
        ["千摩山号", "IMO 8705539", "北朝鮮"],
    ],
    "link_before": "過去の事例は",
    "link_text": "専門家パネル報告書S/2024/215",
    "link_after": "を参照。",
    "link_url": "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports",
}

# The Korean postscript of ko_cp949.eml: 똠 and 햏 are in CP949 (Unified Hangul Code)
# but not in EUC-KR (KS X 1001's 2,350 syllables).
KO_CP949_SUBJECT = "위장 선명 똠방호 관련 추가 정보"
KO_CP949_BODY = [
    "분석팀 여러분께,",
    "감청된 교신에 나오는 선명 '똠방호'와 '햏빛호'는 뉴리젠트호(IMO 9354181)의 위장 이름으로 보입니다.",
    "두 이름 모두 2024년 3월 2일 남포 앞바다에서 천마산호(IMO 8705539)와 교신할 때 쓰였습니다.",
    "김민준 드림",
]


XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_BASE = "application/vnd.openxmlformats-officedocument."

LANG_TAG = {"en": "en-US", "ko": "ko-KR", "ru": "ru-RU"}


def entry(fmt, lang, text, **more):
    e = {"format": fmt, "lang": lang, "text": [t for t in text if t]}
    e.update({k: v for k, v in more.items() if v is not None})
    return e


def transfer_rows(t):
    """The transfers as text: (date, vessel, counterpart, cargo, barrels)."""
    rows = []
    for (y, m, d), v, c, cargo, barrels in TRANSFERS:
        rows.append(("%04d-%02d-%02d" % (y, m, d), t["vessels"][1 + v][0], t["vessels"][1 + c][0],
                     t["cargo"][cargo], str(barrels)))
    return rows
