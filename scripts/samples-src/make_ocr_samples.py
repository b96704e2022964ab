#!/usr/bin/python3
"""Generate the OCR samples (samples/scans/) and the bad-input OCR fixtures
(tests/fixtures/ocr/) for trawl.  Fictional test data, same world as
samples/ (see samples/README.md).

Every page is typeset at 300 dpi with PIL (Noto Sans CJK KR for Korean,
DejaVu Serif / DejaVu Sans for Russian / English) and then made to look
scanned: skewed by about a degree, blurred, grey paper with uneven light,
mottling, sensor noise and dust, then JPEG compressed (the PNG goes through
the same JPEG round trip; the TIFF is binarised like a fax-mode scanner).
Beside each sample is its ground truth, <stem>.gt.txt: the exact rendered
text, one line per rendered line, PDF pages separated by a line holding only
a form feed (\\f).

Output is deterministic (fixed seeds, fixed PDF dates, no timestamps): a
rerun with the same Debian packages gives the same bytes.  Both READMEs are
generated too.

Run it through scripts/make-ocr-samples.sh, which installs what is needed.

    make_ocr_samples.py             regenerate both folders and verify them
    make_ocr_samples.py --check     regenerate into a temporary directory and
                                    fail if either folder differs from it
    make_ocr_samples.py --ocr       also OCR every sample with the tesseract
                                    CLI and print the character error rates
                                    (fails if an upright page is at or over
                                    10 %)
"""
import argparse
import datetime
import filecmp
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.dont_write_bytecode = True  # keep scripts/samples-src free of __pycache__
import imo  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCANS_DIR = os.path.join(REPO, "samples", "scans")
FIXTURES_DIR = os.path.join(REPO, "tests", "fixtures", "ocr")

DPI = 300
A5 = (1748, 2480)          # pixels at 300 dpi
A4 = (2480, 3508)
PT = DPI / 72.0            # pixels per point
BODY_PT = 12.0
CREATOR = "trawl scripts/make-ocr-samples.sh"

# Size limits the brief sets (bytes)
IMAGE_LIMIT = 400_000
PDF_LIMIT = 1_000_000
FIXTURE_LIMIT = 300_000

NOTO = "/usr/share/fonts/opentype/noto/"
DEJAVU = "/usr/share/fonts/truetype/dejavu/"
FONTS = {  # name: (file, face index in the collection, expected family)
    "noto": (NOTO + "NotoSansCJK-Regular.ttc", 1, "Noto Sans CJK KR"),
    "noto-bold": (NOTO + "NotoSansCJK-Bold.ttc", 1, "Noto Sans CJK KR"),
    "sans": (DEJAVU + "DejaVuSans.ttf", 0, "DejaVu Sans"),
    "sans-bold": (DEJAVU + "DejaVuSans-Bold.ttf", 0, "DejaVu Sans"),
    "serif": (DEJAVU + "DejaVuSerif.ttf", 0, "DejaVu Serif"),
    "serif-bold": (DEJAVU + "DejaVuSerif-Bold.ttf", 0, "DejaVu Serif"),
}
TESS_LANG = {"ko": "kor+eng", "ru": "rus+eng", "en": "eng"}

# --------------------------------------------------------------------------
# Page texts.  The first line is the title (bold, 16 pt); the rest are body
# lines (12 pt).  Each rendered line is one ground-truth line.
# --------------------------------------------------------------------------
KO_BILL_OF_LADING = """\
선하증권
증권번호: NP-2024-0417
선명: 금별 3호 (KUM BYOL 3)
IMO 번호: 8716344
선적항: 남포
양륙항: 나홋카, 러시아
화주: 조선금별무역회사, 평양
수하인: 똠방 무역, 중국 단둥
통지처: 수하인과 같음
화물: 선박용 경유 1,850톤
상기 화물은 외관상 양호한 상태로 선적되었음.
운임은 양륙항에서 지급함. 원본 3통 발행.
발행일: 2024년 4월 17일, 남포
선장 서명: 리철민"""

KO_MANIFEST = """\
적하목록
선명: 룡문 12호 (RYONG MUN 12)
IMO 번호: 8561024
선적국: 조선민주주의인민공화국
선적항: 청진
양륙항: 블라디보스토크, 러시아
출항일: 2023년 8월 21일
1. 무연탄 (산적) 4,200톤
2. 철광석 (산적) 1,100톤
화주: 청진광물수출회사
수하인: 동방해운, 블라디보스토크
비고: 선박 간 환적 없음
작성자: 일등항해사 김영호"""

KO_REGISTRY = """\
선박국적증서 (발췌)
선박명: 금별 3호
영문 선명: KUM BYOL 3
IMO 번호: 8716344
호출부호: HMZK7
선박 종류: 유조선
선적항: 남포
총톤수: 2,743톤
건조 연도: 1987년
선박 소유자: 금별해운회사, 남포
발급일: 2019년 3월 5일
발급 기관: 국가해사감독국"""

KO_NOTICE = """\
제재위원회 통보 (번역본)
원문: Security Council Committee
established pursuant to resolution 1718
안보리 결의 2397호에 따라 다음 선박을
자산동결 대상으로 지정함.
Vessel name: ORIENT GRACE
선박명: 오리엔트 그레이스호
IMO number: 8742159
Owner: Vostok-Tranzit LLC, Vladivostok
소유자: 보스톡-트란지트 유한회사
이 선박은 2024년 2월 5일 공해상에서
KUM BYOL 3호로부터 경유를 넘겨받음.
The vessel switched off its AIS.
담당: 제재이행과 박은정"""

RU_KONOSAMENT = """\
КОНОСАМЕНТ № НХД-0917/23
Судно: «АМУР ФАЛКОН» (AMUR FALCON)
ИМО 9304473, флаг: Монголия
Порт погрузки: Находка
Порт выгрузки: Холмск
Грузоотправитель: ООО «Восток-Транзит»
Грузополучатель: по приказу
Уведомить: ООО «Сахалин Уголь», Холмск
Груз: уголь каменный, навалом
Вес брутто: 4 800 т (учёт по осадке)
Груз принят на борт в надлежащем виде.
Фрахт оплачивается в порту выгрузки.
Дата и место выдачи: 17.09.2023, Находка
Капитан: И. П. Соколов"""

RU_MANIFEST = """\
ГРУЗОВОЙ МАНИФЕСТ
Судно: танкер «ОРИЕНТ ГРЕЙС»
ИМО 8742159
Владелец: ООО «Восток-Транзит»
Порт регистрации владельца: Владивосток
Порт погрузки: Восточный
Порт назначения: Находка
Дата отхода: 02.02.2024
Груз: дизельное топливо, 2 300 т
Груз: мазут топочный, 1 150 т
Всего: 3 450 т
Перегрузка с судна на судно: не заявлена
Составил: старший помощник А. В. Ким"""

RU_LOGBOOK = """\
Выписка из судового журнала
Судно: «ОРИЕНТ ГРЕЙС», ИМО 8742159
05.02.2024 03:10 АИС выключен владельцем.
05.02.2024 04:40 к борту подошло судно
«КУМ БЁЛЬ 3», ИМО 8716344, флаг КНДР.
05.02.2024 05:15 начата перегрузка топлива.
05.02.2024 11:50 перегрузка окончена.
Передано 2 300 т дизельного топлива.
05.02.2024 12:30 АИС включён, курс на Находку.
Вахтенный помощник: Д. С. Орлов"""

EN_BILL_OF_LADING = """\
BILL OF LADING
B/L No.: LBS-2024-0311
Vessel: SEA LANTERN, IMO 9120580
Flag: Sierra Leone
Port of loading: Nampo
Port of discharge: Vostochny
Shipper: Lantern Bay Shipping Ltd, Hong Kong
Consignee: To order
Notify party: Ttombang Trading, Dandong
Description of goods: gasoil, in bulk
Quantity: 1,200 metric tons
Shipped on board in apparent good order.
Freight payable at destination.
Place and date of issue: Nampo, 11 March 2024
Signed for the Master: J. Park"""

EN_MANIFEST = """\
CARGO MANIFEST
Vessel: RYONG MUN 12, IMO 8561024
Flag: DPRK
Port of loading: Chongjin
Port of discharge: Kholmsk
Sailed: 21 August 2023
Item 1: anthracite coal, in bulk, 4,200 t
Item 2: iron ore, in bulk, 1,100 t
Total cargo: 5,300 t
Shipper: Chongjin Mineral Export Corp.
Consignee: Eastern Sea Logistics LLC
Prepared by: Chief Officer Kim Yong Ho"""

EN_REGISTRY = """\
Certificate of Registry (extract)
Name of ship: AMUR FALCON
IMO number: 9304473
Call sign: JVQR4
Type of ship: bulk carrier
Flag: Mongolia
Port of registry: Ulaanbaatar
Gross tonnage: 16,418
Year of build: 2004
Registered owner: Falcon Bulk Holdings Inc.
Date of issue: 14 January 2022"""

EN_COVER_NOTE = """\
VOSTOCHNY PORT AGENCY
Covering note to the harbour master
Re: tanker ORIENT GRACE, IMO 8742159
Attached is the scanned certificate of origin
for the cargo declared on arrival.
The vessel's AIS was off from 3 to 5 February 2024.
The second page is a scan without a text layer.
Port agent: N. Volkova"""

EN_ORIGIN = """\
CERTIFICATE OF ORIGIN
No. VTR-2024-0206
Exporter: Vostok-Tranzit LLC, Vladivostok
Vessel: ORIENT GRACE, IMO 8742159
Goods: diesel fuel, 2,300 t
Country of origin: Russian Federation
Declared loading port: Vostochny
Remarks: received at sea from KUM BYOL 3,
IMO 8716344; origin not verified
Date: 6 February 2024"""

# Fixture texts
CLEAN_EN = """\
Port state control note
The bulk carrier AMUR FALCON, IMO 9304473,
arrived at Kholmsk on 3 October 2024
with coal declared as Russian.
Its AIS was off for two days near Nakhodka."""

TIFF_PAGE1 = """\
Two-page TIFF, page 1
The tanker SEA LANTERN IMO 9120580 loaded coal at Nampo.
This page must be read.
Page 2 of this file is cut off in the middle of its data."""

TIFF_PAGE2 = """\
Two-page TIFF, page 2
KUM BYOL 3 IMO 8716344 at Chongjin.
A reader should report this page as unreadable."""

JPEG_NAMED = "KUM BYOL 3 IMO 8716344 Nampo"
TRUNCATED = "RYONG MUN 12 IMO 8561024 Chongjin"
HUGE_TEXT = "SEA LANTERN IMO 9120580"

RU_FAX = """\
ФАКС
Кому: капитан порта Холмск
Судно «АМУР ФАЛКОН», ИМО 9304473,
прибыло 03.10.2024 с углём.
АИС был выключен двое суток."""

KO_TWO_COLUMNS_TITLE = "대북제재 감시 동향 보고"
KO_TWO_COLUMNS = [  # columns of paragraphs
    ["유엔 안보리 대북제재위원회 전문가패널의 활동이 2024년 4월 종료된 이후, 여러 나라의 "
     "분석가들이 공개 자료를 바탕으로 제재 이행 상황을 감시하고 있다. 이들은 선박자동식별장치 "
     "기록과 위성사진, 선적 서류를 대조하여 불법 환적을 추적한다.",
     "특히 유조선 오리엔트 그레이스호는 2024년 2월 공해상에서 금별 3호로부터 경유를 넘겨받은 "
     "것으로 의심된다. 두 선박은 모두 환적 직전에 선박자동식별장치를 끈 것으로 확인되었다."],
    ["분석가들은 남포항과 청진항을 드나드는 선박의 입출항 기록을 매일 확인한다. 선박의 이름과 "
     "국제해사기구 번호가 바뀌는 경우가 많아 과거 기록과 대조하는 작업이 중요하다.",
     "러시아 나홋카와 블라디보스토크 항구의 공개 입항 기록도 주요 자료이다. 석탄과 철광석을 "
     "실은 선박이 제3국 항구를 거쳐 도착하는 사례가 계속 보고되고 있으며, 이에 대한 추가 "
     "조사가 필요하다."],
]
KO_TWO_COLUMNS_FOOTER = "- 1 -"

# A Korean arrival report whose table cell holds a number between the two lines of its
# label ("접 수" / "번 호"), level with neither; the date beside the label's first line.
KO_CELL_TITLE = "선박 입항 신고서"
KO_CELL_LABEL = ("접 수", "번 호")
KO_CELL_NUMBER = "40917"
KO_CELL_RIGHT = ("접수일자 : 2024. 3. 5.", "신 청 인 : 똠방무역 주식회사", "남포항 해운대리점")
KO_CELL_BODY = ("선명: 금별 3호 (KUM BYOL 3)", "IMO 번호: 8716344", "화물: 무연탄 1,850톤")

# A Russian cargo manifest as a long ruled table (manifest_table).
RU_MANIFEST_TITLE = "ГРУЗОВОЙ МАНИФЕСТ"
RU_MANIFEST_HEADER = (("№",), ("Наименование груза",), ("Вес, т",), ("Порт выгрузки",))
RU_MANIFEST_GOODS = (
    ("Уголь каменный", "навалом"), ("Нефтепродукты", "в танках"), ("Лес круглый", "в пакетах"),
    ("Удобрения", "в мешках"), ("Металлолом", "навалом"), ("Рыба мороженая", "в коробках"),
    ("Цемент", "в биг-бэгах"), ("Зерно", "навалом"), ("Трубы стальные", "в связках"),
    ("Запчасти", "в ящиках"), ("Сахар", "в мешках"), ("Шины", "на поддонах"),
)
RU_MANIFEST_PORTS = ("Нампхо", "Находка", "Владивосток", "Ванино")
RU_MANIFEST_ROWS = [
    ((str(i + 1),), goods, (f"{(i + 3) * 137:,}".replace(",", " "),), (RU_MANIFEST_PORTS[i % 4],))
    for i, goods in enumerate(RU_MANIFEST_GOODS)
]

# Bills of lading as ruled grids of two boxes a row (grid_form): label, then value lines.
GRID_TITLES = {"ko": "선하증권", "en": "BILL OF LADING", "ru": "КОНОСАМЕНТ"}
GRID_ROWS = {
    "ko": [
        (("송하인", "조선금별무역회사", "평양시 중구역 무역거리 12"), ("선하증권 번호", "NP-2024-0417")),
        (("수하인", "똠방 무역", "중국 단둥시 진흥구 88"), ("선박명", "금별 3호 (KUM BYOL 3)", "IMO 번호 8716344")),
        (("통지처", "수하인과 같음"), ("선적항", "남포")),
        (("화물", "선박용 경유 1,850톤"), ("양륙항", "나홋카, 러시아")),
    ],
    "en": [
        (("Shipper", "Lantern Bay Shipping Ltd", "12 Harbour Road, Hong Kong"), ("Bill of lading No.", "LBS-2024-0311")),
        (("Consignee", "To order of Ttombang Trading", "88 Zhenxing District, Dandong"),
         ("Vessel", "SEA LANTERN", "IMO 9120580")),
        (("Notify party", "Same as consignee"), ("Port of loading", "Nampo")),
        (("Description of goods", "Gasoil in bulk, 1,200 metric tons"), ("Port of discharge", "Vostochny, Russia")),
    ],
    "ru": [
        (("Грузоотправитель", "ООО «Восток-Транзит»", "г. Владивосток, ул. Портовая, 7"), ("Коносамент №", "НХД-0917/23")),
        (("Грузополучатель", "Торговый дом «Амур»", "г. Хабаровск"), ("Судно", "«АМУР ФАЛКОН»", "ИМО 9164263")),
        (("Уведомить", "Грузополучателя"), ("Порт погрузки", "Находка")),
        (("Груз", "Уголь каменный, 2 400 т"), ("Порт выгрузки", "Нампхо")),
    ],
}
SMALL_PRINT_PT = 7   # a factsheet's small print: 29 px letters at 300 dpi, 15 px at half scale

FAX_DPI = (204, 98)   # CCITT standard resolution: half as many rows as columns per inch
SMALL_DPI = 72
SMALL_SCALE = 0.3     # of a 300 dpi page: letters about 12 pixels tall


def page(text, family, angle, seed, sideways=False, **degrade):
    return dict(lines=text.split("\n"), family=family, angle=angle, seed=seed,
                sideways=sideways, degrade=degrade)


# --------------------------------------------------------------------------
# The scanned samples.  fmt: jpeg | png | tiff-g4 | pdf (image only) |
# mixed-pdf (page 1 with a text layer drawn by cairo, page 2 a scan).
# --------------------------------------------------------------------------
SCANS = [
    dict(path="ko/01-bill-of-lading-kum-byol-3.jpg", lang="ko", fmt="jpeg",
         pages=[page(KO_BILL_OF_LADING, "noto", 1.2, 101)],
         about="선하증권 (bill of lading): 금별 3호 (KUM BYOL 3) from 남포 (Nampo) to 나홋카 (Nakhodka), consignee 똠방 무역",
         imos="8716344"),
    dict(path="ko/02-manifest-and-registry.pdf", lang="ko", fmt="pdf", date="2023-08-22T09:00:00",
         pages=[page(KO_MANIFEST, "noto", -0.7, 102),
                page(KO_REGISTRY, "noto", 0.9, 103)],
         about="p1 적하목록 (cargo manifest) of 룡문 12호 (RYONG MUN 12), 청진 (Chongjin) to 블라디보스토크; "
               "p2 선박국적증서 (registry certificate extract) of 금별 3호 (KUM BYOL 3)",
         imos="8561024 (p1), 8716344 (p2)"),
    dict(path="ko/03-sanctions-notice-bilingual.png", lang="ko", fmt="png",
         pages=[page(KO_NOTICE, "noto", -0.6, 104)],
         about="제재위원회 통보 (sanctions committee notice, translated): Korean lines with the English original "
               "quoted line by line, ORIENT GRACE and KUM BYOL 3호 (Latin inside a Korean word)",
         imos="8742159"),
    dict(path="ru/01-konosament-amur-falcon.png", lang="ru", fmt="png",
         pages=[page(RU_KONOSAMENT, "serif", -0.8, 201)],
         about="Коносамент (bill of lading): «АМУР ФАЛКОН» (AMUR FALCON), Находка to Холмск, coal; has ё (учёт)",
         imos="9304473"),
    dict(path="ru/02-manifest-and-logbook.pdf", lang="ru", fmt="pdf", date="2024-02-06T10:00:00",
         pages=[page(RU_MANIFEST, "serif", 0.6, 202),
                page(RU_LOGBOOK, "serif", -1.0, 203, sideways=True)],
         about="p1 Грузовой манифест of танкер «ОРИЕНТ ГРЕЙС» (ORIENT GRACE), Восточный to Находка; "
               "p2 (sideways) logbook extract: ship-to-ship transfer with «КУМ БЁЛЬ 3»; has ё (БЁЛЬ, включён)",
         imos="8742159 (p1, p2), 8716344 (p2)"),
    dict(path="en/01-bill-of-lading-sea-lantern.tif", lang="en", fmt="tiff-g4",
         pages=[page(EN_BILL_OF_LADING, "sans", 0.8, 301, noise=9.0, dust=60, dust_grey=(20, 90))],
         about="Bill of lading: SEA LANTERN, Nampo to Vostochny, notify Ttombang Trading",
         imos="9120580"),
    dict(path="en/02-manifest-and-registry.pdf", lang="en", fmt="pdf", date="2023-08-22T12:00:00",
         pages=[page(EN_MANIFEST, "sans", -1.3, 302),
                page(EN_REGISTRY, "serif", 0.5, 303)],
         about="p1 cargo manifest of RYONG MUN 12, Chongjin to Kholmsk, coal; p2 certificate of registry extract of AMUR FALCON",
         imos="8561024 (p1), 9304473 (p2)"),
    dict(path="en/03-cover-note-and-scan.pdf", lang="en", fmt="mixed-pdf", date="2024-02-06T15:00:00",
         pages=[page(EN_COVER_NOTE, "serif", 0, 0),
                page(EN_ORIGIN, "sans", 1.1, 304)],
         about="p1 covering note with a real text layer (cairo, DejaVu Serif); p2 scanned certificate of origin, image only: "
               "ORIENT GRACE received its cargo at sea from KUM BYOL 3 (**only in the scan**: skip OCR because page 1 has "
               "text and you miss it)",
         imos="8742159 (p1, p2), 8716344 (p2 only)"),
]


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------
_font_cache = {}


def font(name, px):
    key = (name, px)
    if key not in _font_cache:
        path, index, family = FONTS[name]
        f = ImageFont.truetype(path, px, index=index)
        if f.getname()[0] != family:
            raise SystemExit(f"{path} face {index} is {f.getname()[0]!r}, expected {family!r}")
        _font_cache[key] = f
    return _font_cache[key]


def layout(lines, family, size=A5, body_pt=BODY_PT):
    """Baseline positions (x, y, font name, px size) for each line, in pixels
    of a 300 dpi page; raises if a line does not fit."""
    w, h = size
    left, top = int(0.55 * DPI), int(0.75 * DPI)
    body_px = round(body_pt * PT)
    title_px = round(body_pt * 4 / 3 * PT)
    out = []
    y = top + title_px
    for i, line in enumerate(lines):
        name, px = (family + "-bold", title_px) if i == 0 else (family, body_px)
        width = font(name, px).getlength(line)
        if left + width > w - int(0.45 * DPI):
            raise SystemExit(f"line too wide for the page: {line!r}")
        out.append((left, y, name, px))
        y += round(px * 1.55) + (round(0.35 * body_px) if i == 0 else 0)
    if y > h - int(0.6 * DPI):
        raise SystemExit(f"text overflows the page: {lines[0]!r}")
    return out


def render(lines, family, size=A5):
    """Clean page: white, black anti-aliased text, 8-bit grey."""
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    for line, (x, y, name, px) in zip(lines, layout(lines, family, size)):
        f = font(name, px)
        missing = [ch for ch in line if not ch.isspace() and f.getmask(ch).getbbox() is None]
        if missing:
            raise SystemExit(f"font {name} lacks glyphs for {''.join(missing)!r}")
        d.text((x, y), line, font=f, fill=0, anchor="ls")
    return img


def lowfreq(rng, shape, scale, sigma):
    """Smooth random field (mottled paper): coarse noise upsampled."""
    h, w = shape
    small = rng.normal(0.0, 1.0, (h // scale + 2, w // scale + 2)).astype(np.float32)
    img = Image.fromarray(small, mode="F").resize((w, h), Image.BICUBIC)
    return np.asarray(img, dtype=np.float32)[:h, :w] * sigma


def degrade(img, seed, angle, sideways=False, noise=4.0, blur=0.75, paper=236, ink=38,
            dust=40, dust_grey=(150, 210)):
    """Make a clean page look scanned.  Returns an 8-bit grey PIL image."""
    rng = np.random.default_rng(seed)
    if sideways:  # the sheet was fed into the scanner turned 90 degrees
        img = img.transpose(Image.Transpose.ROTATE_270)
    w, h = img.size
    a = np.asarray(img, dtype=np.float32) / 255.0
    # ink is never quite black and a little uneven
    ink_field = ink + lowfreq(rng, (h, w), 40, 6.0)
    a = ink_field + a * (255.0 - ink_field)
    skewed = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).rotate(
        angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    skewed = skewed.filter(ImageFilter.GaussianBlur(blur))
    # paper: grey, lit unevenly (darker away from one corner), mottled
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = paper - 7.0 * (xx / w) - 5.0 * (yy / h) + lowfreq(rng, (h, w), 120, 2.5)
    a = np.asarray(skewed, dtype=np.float32) * (light / 255.0)
    a += rng.normal(0.0, noise, (h, w)).astype(np.float32)
    # dust: specks, by default light enough that binarisation mostly drops them
    for _ in range(int(rng.integers(dust, 2 * dust + 1))):
        cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = float(rng.uniform(0.7, 1.8))
        y0, y1, x0, x1 = max(0, int(cy - r - 1)), min(h, int(cy + r + 2)), max(0, int(cx - r - 1)), min(w, int(cx + r + 2))
        sub_y, sub_x = np.mgrid[y0:y1, x0:x1]
        mask = (sub_x - cx) ** 2 + (sub_y - cy) ** 2 <= r * r
        a[y0:y1, x0:x1][mask] = float(rng.uniform(*dust_grey))
    # a dark scanner-lid shadow along one edge
    edge = int(rng.integers(8, 18))
    a[:, :edge] *= np.linspace(0.35, 1.0, edge, dtype=np.float32)[None, :]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def two_columns(title, columns, footer, family, size=A4, body_pt=10.0):
    """A page set in two justified columns of prose under a title spanning both, with a
    footer line: the layout of a report or a newspaper. Returns the clean page and its
    text in reading order (title, left column, right column, footer)."""
    w, h = size
    margin, gutter = int(0.7 * DPI), int(0.4 * DPI)
    col_w = (w - 2 * margin - gutter) // 2
    body_px, title_px = round(body_pt * PT), round(body_pt * 1.6 * PT)
    f, ft = font(family, body_px), font(family + "-bold", title_px)
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    y0 = margin + title_px
    d.text(((w - ft.getlength(title)) / 2, y0), title, font=ft, fill=0, anchor="ls")
    order = [title]
    top = y0 + round(title_px * 1.6)
    line_h = round(body_px * 1.7)
    bottom = top
    for c, paragraphs in enumerate(columns):
        x, y = margin + c * (col_w + gutter), top
        for para in paragraphs:
            words, lines, cur = para.split(" "), [], []
            for word in words:  # greedy wrap
                if cur and f.getlength(" ".join(cur + [word])) > col_w:
                    lines.append(cur)
                    cur = []
                cur.append(word)
            lines.append(cur)
            for i, ln in enumerate(lines):
                if i == len(lines) - 1 or len(ln) == 1:  # last line of a paragraph: not justified
                    d.text((x, y), " ".join(ln), font=f, fill=0, anchor="ls")
                else:  # justified: the spaces share what the words leave of the width
                    room = (col_w - sum(f.getlength(word) for word in ln)) / (len(ln) - 1)
                    cx = x
                    for word in ln:
                        d.text((cx, y), word, font=f, fill=0, anchor="ls")
                        cx += f.getlength(word) + room
                order.append(" ".join(ln))
                y += line_h
            y += line_h // 2
        bottom = max(bottom, y)
    d.text(((w - f.getlength(footer)) / 2, bottom + line_h), footer, font=f, fill=0, anchor="ls")
    order.append(footer)
    if bottom + line_h > h - margin:
        raise SystemExit("two columns overflow the page")
    return img, "\n".join(order)


def cell_form(family="noto", size=(A4[0], 1400), pt=12.0, rules=True):
    """A form whose first rows are a two-cell table (a two-line label, and a number set
    halfway between the label's lines) beside two lines of text, then lines of body
    text; without its rules if not `rules`. Returns the clean page and its text in
    reading order."""
    w, _ = size
    px = round(pt * PT)
    img, d, f = titled_page(KO_CELL_TITLE, family, px, round(px * 1.3), size, 250)
    label_h, line_h = round(px * 1.2), round(px * 1.6)
    x0, x1, x2 = 200, 200 + round(px * 3.2), 200 + round(px * 7.7)
    y0 = 400
    y1 = y0 + 2 * label_h + round(px * 0.5)
    if rules:
        d.rectangle([x0, y0, x2, y1], outline=0, width=3)
        d.line([x1, y0, x1, y1], fill=0, width=3)
    baselines = [y0 + round(px * 0.05) + (i + 1) * label_h for i in range(2)]
    for label, y in zip(KO_CELL_LABEL, baselines):
        d.text((x0 + 30, y), label, font=f, fill=0, anchor="ls")
    d.text(((x1 + x2) / 2, (y0 + y1) / 2), KO_CELL_NUMBER, font=f, fill=0, anchor="mm")
    y = baselines[0]
    for line in KO_CELL_RIGHT:
        d.text((round(w * 0.48), y), line, font=f, fill=0, anchor="ls")
        y += line_h
    y = max(y, y1 + line_h) + line_h
    for line in KO_CELL_BODY:
        d.text((200, y), line, font=f, fill=0, anchor="ls")
        y += line_h
    order = [KO_CELL_TITLE, " ".join(KO_CELL_LABEL) + " " + KO_CELL_NUMBER, *KO_CELL_RIGHT, *KO_CELL_BODY]
    return img, "\n".join(order)


def titled_page(title, family, px, title_px, size, baseline):
    """A white page with `title` centred in bold on `baseline`; returns the page, its
    drawing context and the body font."""
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    ft = font(family + "-bold", title_px)
    d.text(((size[0] - ft.getlength(title)) / 2, baseline), title, font=ft, fill=0, anchor="ls")
    return img, d, font(family, px)


def ruled_table(title, rows, widths, family, pt, size, pad):
    """A ruled table under a title: each row a tuple of boxes, box i `widths[i]` of the
    width between the margins, each box lines of text `pad` pixels from its left rule.
    Returns the clean page and its text box by box, row by row."""
    w, _ = size
    px = round(pt * PT)
    img, d, f = titled_page(title, family, px, round(px * 1.4), size, 250)
    x0, x_end = 150, w - 150
    xs = [x0]
    for fr in widths:
        xs.append(xs[-1] + round(fr * (x_end - x0)))
    y, line_h = 350, round(px * 1.5)
    order = [title]
    for row in rows:
        y1 = y + max(len(box) for box in row) * line_h + round(px * 0.9)
        d.rectangle([x0, y, xs[-1], y1], outline=0, width=3)
        for x in xs[1:-1]:
            d.line([x, y, x, y1], fill=0, width=3)
        for i, box in enumerate(row):
            baseline = y + round(px * 1.3)
            for line in box:
                if xs[i] + pad + f.getlength(line) > xs[i + 1] - 10:
                    raise SystemExit(f"table box line too wide: {line!r}")
                d.text((xs[i] + pad, baseline), line, font=f, fill=0, anchor="ls")
                baseline += line_h
            order.extend(box)
        y = y1
    return img, "\n".join(order)


def grid_form(title, rows, family="noto", pt=11.0, size=(A4[0], 1800)):
    """A bill of lading as a ruled grid, two boxes a row, each a label and its value
    lines. Returns the clean page and its text in reading order: the title, then each
    row's left box, then its right box."""
    return ruled_table(title, rows, (0.5, 0.5), family, pt, size, 25)


def manifest_table(title, header, rows, family="sans", pt=10.0, size=A4):
    """A cargo manifest as a ruled table across the page: a header row, then rows of
    boxes whose description takes two lines. Returns the clean page and its text box by
    box, row by row."""
    return ruled_table(title, [header] + rows, (0.09, 0.43, 0.2, 0.28), family, pt, size, 20)


def small_print(lines, family, pt, size=A4):
    """Lines of small print down an A4 page, as on a fund factsheet."""
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    px = round(pt * PT)
    f = font(family, px)
    y = 300
    for line in lines:
        d.text((200, y), line, font=f, fill=0, anchor="ls")
        y += round(px * 1.6)
    if y > size[1] - 200:
        raise SystemExit("small print overflows the page")
    return img


def shadow(img):
    """Light falling off from one corner to the opposite one: the paper goes from
    almost white to dark grey, as on a photo of a page taken under a lamp."""
    a = np.asarray(img, dtype=np.float32)
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 250 - 200 * np.clip((xx / w) * 0.6 + (yy / h) * 0.6, 0, 1)
    return Image.fromarray(np.clip(a / 255.0 * light, 0, 255).astype(np.uint8))


def jpeg_bytes(img, quality):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, dpi=(DPI, DPI))
    return buf.getvalue()


def png_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True, **kw)
    return buf.getvalue()


def scanned_page(p, size=A5):
    clean = render(p["lines"], p["family"], size)
    return degrade(clean, p["seed"], p["angle"], p["sideways"], **p["degrade"])


def pdf_date(iso):
    return datetime.datetime.fromisoformat(iso)


def image_pdf(jpegs, date, title=None):
    """PDF whose pages are the given JPEGs, embedded as-is (DCTDecode), no
    text layer.  Page size comes from each JPEG's 300 dpi density."""
    import img2pdf
    return img2pdf.convert(jpegs, engine=img2pdf.Engine.internal, title=title,
                           creator=CREATOR, producer=CREATOR + " (img2pdf)",
                           creationdate=pdf_date(date), moddate=pdf_date(date))


def mixed_pdf(text_page, scan_jpeg, scan_size, date):
    """Page 1: text drawn with cairo (a real text layer).  Page 2: a scan as
    an image only."""
    import cairo
    w_pt, h_pt = A5[0] * 72.0 / DPI, A5[1] * 72.0 / DPI
    buf = io.BytesIO()
    surface = cairo.PDFSurface(buf, w_pt, h_pt)
    surface.set_metadata(cairo.PDF_METADATA_TITLE, "Covering note: ORIENT GRACE")
    surface.set_metadata(cairo.PDF_METADATA_CREATOR, CREATOR + " (cairo)")
    surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, date + "+10:00")
    surface.set_metadata(cairo.PDF_METADATA_MOD_DATE, date + "+10:00")
    ctx = cairo.Context(surface)
    lines, family = text_page["lines"], text_page["family"]
    fam = FONTS[family][2]
    for line, (x, y, name, px) in zip(lines, layout(lines, family)):
        bold = name.endswith("-bold")
        ctx.select_font_face(fam, cairo.FONT_SLANT_NORMAL,
                             cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        ctx.set_font_size(px * 72.0 / DPI)
        ctx.move_to(x * 72.0 / DPI, y * 72.0 / DPI)
        ctx.show_text(line)
    ctx.show_page()
    # page 2: the scan; cairo embeds the JPEG data unchanged when it is
    # attached as mime data
    w, h = scan_size
    stride = cairo.ImageSurface.format_stride_for_width(cairo.FORMAT_RGB24, w)
    gray = np.asarray(Image.open(io.BytesIO(scan_jpeg)).convert("L"), dtype=np.uint32)
    argb = np.full((h, stride // 4), 0xFF000000, dtype=np.uint32)
    argb[:, :w] |= (gray << 16) | (gray << 8) | gray
    img = cairo.ImageSurface.create_for_data(bytearray(argb.tobytes()), cairo.FORMAT_RGB24, w, h, stride)
    img.set_mime_data(cairo.MIME_TYPE_JPEG, scan_jpeg)
    ctx.save()
    ctx.scale(72.0 / DPI, 72.0 / DPI)
    ctx.set_source_surface(img, 0, 0)
    ctx.paint()
    ctx.restore()
    ctx.show_page()
    surface.finish()
    return buf.getvalue()


def tiff_g4_bytes(img):
    """Binarise like a fax-mode scanner and store as CCITT G4."""
    bw = img.point(lambda v: 255 if v > 140 else 0).convert("1", dither=Image.Dither.NONE)
    buf = io.BytesIO()
    bw.save(buf, "TIFF", compression="group4", dpi=(DPI, DPI))
    return buf.getvalue()


def gt_text(pages):
    return "\n\f\n".join("\n".join(p["lines"]) for p in pages) + "\n"


def stem(path):
    return re.sub(r"\.(jpg|png|tif|pdf)$", "", path)


def write(dest, data):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(data)


def write_scans(out):
    for s in SCANS:
        pages = s["pages"]
        dest = os.path.join(out, s["path"])
        fmt = s["fmt"]
        if fmt == "jpeg":
            data = jpeg_bytes(scanned_page(pages[0]), 70)
        elif fmt == "png":
            # scanned to JPEG by the device, then saved as PNG by software;
            # the scanner's background removal turns paper white
            img = Image.open(io.BytesIO(jpeg_bytes(scanned_page(pages[0]), 65)))
            img = img.point(lambda v: 255 if v >= 200 else min(255, v * 255 // 200))
            data = png_bytes(img, dpi=(DPI, DPI))
        elif fmt == "tiff-g4":
            data = tiff_g4_bytes(scanned_page(pages[0]))
        elif fmt == "pdf":
            data = image_pdf([jpeg_bytes(scanned_page(p), 65) for p in pages], s["date"])
        elif fmt == "mixed-pdf":
            scan = jpeg_bytes(scanned_page(pages[1]), 65)
            data = mixed_pdf(pages[0], scan, A5, s["date"])
        else:
            raise ValueError(fmt)
        write(dest, data)
        write(os.path.join(out, stem(s["path"]) + ".gt.txt"), gt_text(pages).encode("utf-8"))
    write(os.path.join(out, "README.md"), scans_readme().encode("utf-8"))


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------
def text_strip(text, w=1400, h=300, px=50, family="sans"):
    img = Image.new("L", (w, h), 255)
    ImageDraw.Draw(img).text((60, h // 2 + px // 3), text, font=font(family, px), fill=0, anchor="ls")
    return img


def tiff_two_pages_page2_truncated(p1, p2):
    """A little-endian TIFF written by hand so the layout is known:
    header, IFD 1, IFD 2, page 1 data, page 2 data; both pages 1-bit,
    Deflate-compressed, one strip each.  The file is then cut in the middle
    of page 2's strip: both directories still read, page 1 decodes, page 2
    cannot (its strip runs past the end of the file)."""
    pages = []
    for img in (p1, p2):
        bw = img.convert("1", dither=Image.Dither.NONE)  # 1 = white
        raw = bw.tobytes()  # rows padded to bytes, MSB first: as TIFF wants
        pages.append((bw.size, zlib.compress(raw, 9)))

    def ifd_size(n):
        return 2 + 12 * n + 4

    ntags = 14
    ifd1 = 8
    ifd2 = ifd1 + ifd_size(ntags) + 16          # + 2 rationals
    data1 = ifd2 + ifd_size(ntags) + 16
    data2 = data1 + len(pages[0][1])
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd1))

    def ifd(at, size, data_at, data_len, index, next_at):
        w, h = size
        rat_at = at + ifd_size(ntags)
        tags = [
            (254, 4, 1, 2),                 # NewSubfileType: page
            (256, 4, 1, w),                 # ImageWidth
            (257, 4, 1, h),                 # ImageLength
            (258, 3, 1, 1),                 # BitsPerSample
            (259, 3, 1, 8),                 # Compression: Adobe Deflate
            (262, 3, 1, 1),                 # Photometric: BlackIsZero
            (273, 4, 1, data_at),           # StripOffsets
            (277, 3, 1, 1),                 # SamplesPerPixel
            (278, 4, 1, h),                 # RowsPerStrip
            (279, 4, 1, data_len),          # StripByteCounts
            (282, 5, 1, rat_at),            # XResolution
            (283, 5, 1, rat_at + 8),        # YResolution
            (296, 3, 1, 2),                 # ResolutionUnit: inch
            (297, 3, 2, index | (2 << 16)),  # PageNumber: index of 2
        ]
        assert len(tags) == ntags
        b = struct.pack("<H", ntags)
        for tag, typ, count, value in tags:
            if typ == 3 and count == 1:
                b += struct.pack("<HHIHH", tag, typ, count, value, 0)
            else:
                b += struct.pack("<HHII", tag, typ, count, value)
        b += struct.pack("<I", next_at)
        b += struct.pack("<IIII", DPI, 1, DPI, 1)
        return b

    out += ifd(ifd1, pages[0][0], data1, len(pages[0][1]), 0, ifd2)
    out += ifd(ifd2, pages[1][0], data2, len(pages[1][1]), 1, 0)
    assert len(out) == data1
    out += pages[0][1] + pages[1][1]
    cut = data2 + len(pages[1][1]) // 2
    return bytes(out[:cut]), dict(data2=data2, len2=len(pages[1][1]), cut=cut)


def write_fixtures(out):
    os.makedirs(out, exist_ok=True)

    # positive control
    clean = render(CLEAN_EN.split("\n"), "sans", A5)
    write(os.path.join(out, "clean-en.png"), png_bytes(clean, dpi=(DPI, DPI)))
    write(os.path.join(out, "clean-en.gt.txt"), (CLEAN_EN + "\n").encode("utf-8"))

    # the same page in the other formats Leptonica reads; the BMP (uncompressed) keeps only
    # the top third, where the text is, at 1 bit per pixel
    for name, fmt, kw, im in (("formats/clean-en.gif", "GIF", {}, clean),
                              ("formats/clean-en.webp", "WEBP", {"lossless": True}, clean),
                              ("formats/clean-en-top.bmp", "BMP", {}, clean.crop((0, 0, clean.width, clean.height // 3)).convert("1"))):
        buf = io.BytesIO()
        im.save(buf, fmt, **kw)
        write(os.path.join(out, name), buf.getvalue())

    # a valid PNG cut to half its bytes
    full = png_bytes(text_strip(TRUNCATED), dpi=(DPI, DPI))
    write(os.path.join(out, "truncated.png"), full[: len(full) // 2])

    # a JPEG named .png
    write(os.path.join(out, "jpeg-named.png"), jpeg_bytes(text_strip(JPEG_NAMED), 85))
    write(os.path.join(out, "jpeg-named.gt.txt"), (JPEG_NAMED + "\n").encode("utf-8"))

    # a Korean scan turned sideways: OSD names the turn of Korean pages with little confidence
    sideways = scanned_page(page(KO_BILL_OF_LADING, "noto", 0.6, 106)).rotate(90, expand=True)
    write(os.path.join(out, "ko-sideways.jpg"), jpeg_bytes(sideways, 60))
    write(os.path.join(out, "ko-sideways.gt.txt"), (KO_BILL_OF_LADING + "\n").encode("utf-8"))

    # text over a transparent background whose hidden colour is black, as many programs
    # leave it: black on black unless laid over white
    transparent = Image.new("RGBA", A5, (0, 0, 0, 0))
    transparent.putalpha(clean.point(lambda v: 255 - v))
    write(os.path.join(out, "transparent-en.png"), png_bytes(transparent, dpi=(DPI, DPI)))
    write(os.path.join(out, "transparent-en.gt.txt"), (CLEAN_EN + "\n").encode("utf-8"))

    # a fax in standard resolution: 204 x 98 dpi, 1-bit, CCITT G4; its pixels are twice
    # as tall as wide, so read as square pixels the letters are squashed to half height
    fax = render(RU_FAX.split("\n"), "serif", A5)
    fax = fax.resize((round(A5[0] * FAX_DPI[0] / DPI), round(A5[1] * FAX_DPI[1] / DPI)), Image.Resampling.LANCZOS)
    bw = fax.point(lambda v: 255 if v > 128 else 0).convert("1", dither=Image.Dither.NONE)
    buf = io.BytesIO()
    bw.save(buf, "TIFF", compression="group4", dpi=FAX_DPI)
    write(os.path.join(out, "fax-standard-ru.tif"), buf.getvalue())
    write(os.path.join(out, "fax-standard-ru.gt.txt"), (RU_FAX + "\n").encode("utf-8"))

    # a Korean scan shrunk to the size of a screenshot: 72 dpi, letters about 12 pixels tall
    small = scanned_page(page(KO_REGISTRY, "noto", 0.4, 107))
    small = small.resize((round(A5[0] * SMALL_SCALE), round(A5[1] * SMALL_SCALE)), Image.Resampling.LANCZOS)
    write(os.path.join(out, "small-ko.png"), png_bytes(small, dpi=(SMALL_DPI, SMALL_DPI)))
    write(os.path.join(out, "small-ko.gt.txt"), (KO_REGISTRY + "\n").encode("utf-8"))

    # photographed under a shadow: the paper goes from white to dark grey across the page
    for name, text, family, seed in (("shadow-ko.jpg", KO_MANIFEST, "noto", 108),
                                     ("shadow-ru.jpg", RU_MANIFEST, "serif", 204)):
        shaded = shadow(scanned_page(page(text, family, 0.5, seed)))
        write(os.path.join(out, name), jpeg_bytes(shaded, 60))
        write(os.path.join(out, stem(name) + ".gt.txt"), (text + "\n").encode("utf-8"))

    # fed into the scanner crooked: 8, -6 and 7 degrees
    for name, text, family, angle, seed in (("skewed-en.tif", EN_REGISTRY, "serif", 8.0, 305),
                                            ("skewed-ko.jpg", KO_REGISTRY, "noto", -6.0, 109),
                                            ("skewed-ru.tif", RU_LOGBOOK, "serif", 7.0, 205)):
        crooked = scanned_page(page(text, family, angle, seed))
        write(os.path.join(out, name), tiff_g4_bytes(crooked) if name.endswith(".tif") else jpeg_bytes(crooked, 60))
        write(os.path.join(out, stem(name) + ".gt.txt"), (text + "\n").encode("utf-8"))

    # white on black (a negative, a screenshot in dark mode), and crooked: the skew is
    # measured on the white rows, the corners brought in black
    negative = scanned_page(page(KO_BILL_OF_LADING, "noto", 6.0, 111)).point(lambda v: 255 - v)
    write(os.path.join(out, "inverted-skewed-ko.tif"), tiff_g4_bytes(negative))
    write(os.path.join(out, "inverted-skewed-ko.gt.txt"), (KO_BILL_OF_LADING + "\n").encode("utf-8"))

    # a two-page scan whose second page is the blank back of the sheet
    text_side = render(CLEAN_EN.split("\n"), "sans", A5).point(lambda v: 255 if v > 140 else 0).convert("1")
    blank_side = Image.new("1", A5, 1)
    buf = io.BytesIO()
    text_side.save(buf, "TIFF", compression="group4", dpi=(DPI, DPI), save_all=True, append_images=[blank_side])
    write(os.path.join(out, "blank-second-page.tif"), buf.getvalue())

    # a scanned PDF of four pages in three languages (1-bit G4, image only): its pages are
    # read on several threads at once, and must come out in order
    pages = [(CLEAN_EN, "sans"), (RU_FAX, "serif"), (KO_REGISTRY, "noto"), (TIFF_PAGE1, "sans")]
    g4 = [tiff_g4_bytes(render(t.split("\n"), fam, (A4[0], 1800))) for t, fam in pages]
    write(os.path.join(out, "four-pages.pdf"), image_pdf(g4, "2024-03-01T00:00:00"))
    write(os.path.join(out, "four-pages.gt.txt"), "\n\f\n".join(t for t, _ in pages).encode("utf-8") + b"\n")

    # a report set in two columns: one-column reading would run across them
    clean2, text2 = two_columns(KO_TWO_COLUMNS_TITLE, KO_TWO_COLUMNS, KO_TWO_COLUMNS_FOOTER, "noto", (A4[0], 1500))
    write(os.path.join(out, "two-columns-ko.jpg"), jpeg_bytes(degrade(clean2, 110, 0.3), 60))
    write(os.path.join(out, "two-columns-ko.gt.txt"), (text2 + "\n").encode("utf-8"))

    # a table cell with a number between the two lines of its label, which one-column
    # reading passes over (with the date beside the label's first line)
    form, form_text = cell_form()
    write(os.path.join(out, "table-cell-ko.png"), png_bytes(form, dpi=(DPI, DPI)))
    write(os.path.join(out, "table-cell-ko.gt.txt"), (form_text + "\n").encode("utf-8"))
    # the same without its rules: nothing to tell the cells apart
    bare, bare_text = cell_form(rules=False)
    write(os.path.join(out, "missed-text-ko.png"), png_bytes(bare, dpi=(DPI, DPI)))
    write(os.path.join(out, "missed-text-ko.gt.txt"), (bare_text + "\n").encode("utf-8"))

    # bills of lading as ruled grids, two boxes a row, which are read across otherwise
    for lang in ("ko", "en", "ru"):
        grid, grid_text = grid_form(GRID_TITLES[lang], GRID_ROWS[lang], "noto" if lang == "ko" else "sans")
        write(os.path.join(out, f"table-grid-{lang}.png"), png_bytes(grid, dpi=(DPI, DPI)))
        write(os.path.join(out, f"table-grid-{lang}.gt.txt"), (grid_text + "\n").encode("utf-8"))
        if lang == "ko":
            # scanned 1.2 degrees off level, which is not levelled: the rules run across
            # rows of pixels, and the boxes' bounds overlap the next row's
            tilted = degrade(grid, 120, 1.2)
            write(os.path.join(out, "table-grid-ko-tilted.jpg"), jpeg_bytes(tilted, 50))
            write(os.path.join(out, "table-grid-ko-tilted.gt.txt"), (grid_text + "\n").encode("utf-8"))

    # a long table: its boxes laid out one below the other take several pages' height
    manifest, manifest_text = manifest_table(RU_MANIFEST_TITLE, RU_MANIFEST_HEADER, RU_MANIFEST_ROWS)
    write(os.path.join(out, "table-long-ru.png"), png_bytes(manifest, dpi=(DPI, DPI)))
    write(os.path.join(out, "table-long-ru.gt.txt"), (manifest_text + "\n").encode("utf-8"))

    # small print over an A4 page at 300 dpi (1-bit G4): at half scale OSD took it for
    # Arabic, and the page was read as English
    lines = [ln for t in (KO_REGISTRY, KO_MANIFEST) for ln in t.split("\n")]
    write(os.path.join(out, "small-print-ko.tif"), tiff_g4_bytes(small_print(lines, "noto", SMALL_PRINT_PT)))
    write(os.path.join(out, "small-print-ko.gt.txt"), ("\n".join(lines) + "\n").encode("utf-8"))

    # 1 x 1 pixel
    write(os.path.join(out, "one-pixel.png"), png_bytes(Image.new("L", (1, 1), 255)))

    # 30000 x 30000, 1-bit: 112.5 MB as a 1-bit raster, 900 MB at 8 bits,
    # 3.6 GB as RGBA; mostly white, so the PNG stays small
    Image.MAX_IMAGE_PIXELS = None
    huge = Image.new("1", (30000, 30000), 1)
    d = ImageDraw.Draw(huge)
    d.text((1500, 3000), HUGE_TEXT, font=font("sans-bold", 1000), fill=0, anchor="ls")
    for i, (x, y) in enumerate([(1500, 6000), (14000, 14000), (26000, 26000), (3000, 25000)]):
        d.rectangle([x, y, x + 1200 + 300 * i, y + 800], fill=0)
    write(os.path.join(out, "huge-30000.png"), png_bytes(huge, dpi=(DPI, DPI)))
    del huge, d

    # all black A4 page
    write(os.path.join(out, "all-black.png"), png_bytes(Image.new("L", A4, 0), dpi=(DPI, DPI)))

    # 2-page TIFF, page 2 cut off in the middle of its data
    p1 = render(TIFF_PAGE1.split("\n"), "sans", (A4[0], 900))
    p2 = render(TIFF_PAGE2.split("\n"), "sans", (A4[0], 900))
    data, cut = tiff_two_pages_page2_truncated(p1, p2)
    write(os.path.join(out, "corrupt-second-page.tif"), data)
    write(os.path.join(out, "corrupt-second-page.gt.txt"), (TIFF_PAGE1 + "\n").encode("utf-8"))

    # one page of random grey noise, no text layer (A4 at 75 dpi, JPEG)
    rng = np.random.default_rng(7)
    noise = Image.fromarray(rng.integers(0, 256, (877, 620), dtype=np.uint8))
    buf = io.BytesIO()
    noise.save(buf, "JPEG", quality=40, optimize=True, dpi=(75, 75))
    write(os.path.join(out, "noise-only.pdf"), image_pdf([buf.getvalue()], "2024-01-01T00:00:00"))

    write(os.path.join(out, "README.md"), fixtures_readme(out, cut).encode("utf-8"))


# --------------------------------------------------------------------------
# READMEs
# --------------------------------------------------------------------------
FMT_NAME = {"jpeg": "JPEG, 8-bit grey", "png": "PNG, 8-bit grey",
            "tiff-g4": "TIFF, 1-bit, CCITT G4", "pdf": "PDF, image only",
            "mixed-pdf": "PDF, p1 text layer + p2 image only"}


def degradation(s, p):
    import inspect
    d = {k: v.default for k, v in inspect.signature(degrade).parameters.items()
         if v.default is not inspect.Parameter.empty}
    d.update(p["degrade"])
    grey = "dark" if d["dust_grey"][1] < 128 else "light"
    text = f"blur σ {d['blur']}, noise σ {d['noise']:g}, {d['dust']}–{2 * d['dust']} {grey} specks"
    return text + {"jpeg": ", JPEG q70", "png": ", JPEG q65, then background to white",
                   "tiff-g4": ", binarised at 140", "pdf": ", JPEG q65",
                   "mixed-pdf": ", JPEG q65"}[s["fmt"]]


def scans_table():
    rows = ["| File | Lang | Format | Pages | Degradation | Skew / rotation | Content | IMO numbers |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s in SCANS:
        rot = []
        degr = []
        for n, p in enumerate(s["pages"], 1):
            pre = f"p{n}: " if len(s["pages"]) > 1 else ""
            if s["fmt"] == "mixed-pdf" and n == 1:
                rot.append(f"{pre}none")
                degr.append(f"{pre}none (cairo text, DejaVu Serif)")
                continue
            r = f"{pre}skew {p['angle']:+.1f}°"
            if p["sideways"]:
                r += ", **sideways: content turned 90° clockwise** (landscape page, text top at the right)"
            rot.append(r)
            degr.append(pre + degradation(s, p))
        if len(degr) == 2 and degr[0][4:] == degr[1][4:]:
            degr = ["both pages: " + degr[0][4:]]
        rows.append(f"| `{s['path']}` | {s['lang']} | {FMT_NAME[s['fmt']]} | {len(s['pages'])} | "
                    f"{'; '.join(degr)} | {'; '.join(rot)} | {s['about']} | {s['imos']} |")
    return "\n".join(rows)


SCANS_README = """\
# Scanned samples for OCR

**Everything here is fictional** (the same invented vessels, ports and firms
as `samples/`; see `samples/README.md`). These files are **generated**; do not
edit them by hand. Edit `scripts/samples-src/make_ocr_samples.py` and run

    scripts/make-ocr-samples.sh            # regenerate samples/scans/ and tests/fixtures/ocr/, verify them
    scripts/make-ocr-samples.sh --check    # fail if either folder is stale
    scripts/make-ocr-samples.sh --ocr      # also OCR them with the tesseract CLI and print the error rates

The script installs what it needs (python3-pil, python3-numpy, python3-cairo,
img2pdf, fonts-noto-cjk, fonts-dejavu-core, poppler-utils, libtiff-tools;
tesseract-ocr with kor, rus, eng and osd data for `--ocr`) with apt-get. The
output is deterministic (fixed random seeds, fixed PDF dates, no timestamps):
a rerun with the same Debian 12 packages gives the same bytes; other PIL,
libjpeg, zlib, cairo or font versions change the bytes but not the text.

Each page is typeset at 300 dpi on an A5 sheet (1748×2480 pixels; 12 pt body,
16 pt bold title; Noto Sans CJK KR for Korean, DejaVu Serif or DejaVu Sans for
Russian and English) and then made to look scanned: skewed by 0.5–1.5°
(bicubic), slightly uneven ink, Gaussian blur, grey paper (about 236/255) lit
unevenly and mottled, Gaussian noise, dust specks, a dark scanner-lid shadow
along the left edge, and JPEG compression. The PNG went through JPEG and then
had its near-white background cleaned to white, as a scanner's background
removal does; the TIFF was binarised at a fixed threshold, as a fax-mode
scanner does (so it has no JPEG artefacts, but ragged edges and black
specks). Every page image is marked 300 dpi; in the PDFs each page is one
grey JPEG embedded as is at 300 ppi (A5 pages), so rendering a page at 300 dpi
gives the scan's own pixels. The image-only PDFs have no fonts and no text
layer: `pdftotext` gets nothing from them.

## Files

@TABLE@

The PDFs carry fixed dates (`CreationDate` = `ModDate`); the images carry none.
@DATES@

Every IMO number is valid (check digit; see `scripts/samples-src/imo.py`).
IMO 8716344 (KUM BYOL 3) is in all three languages: `ko/01`, `ko/02` p2,
`ru/02` p2 (as `ИМО 8716344`) and `en/03` p2.

## Ground truth

Beside each sample is `<name>.gt.txt` (the sample's name with its extension
replaced, e.g. `ko/01-bill-of-lading-kum-byol-3.gt.txt`): UTF-8, no BOM, `\\n`
line ends, exactly the text that was typeset, one line per printed line,
ending with a newline. For the PDFs the pages are separated by a line holding
only a form feed (`\\f`, U+000C). For `en/03-cover-note-and-scan.pdf` the
first page of the ground truth is the text layer (what `pdftotext` returns)
and the second is the scan. Compare after collapsing runs of white space; OCR
of Korean also gets spacing wrong, so a comparison with all spaces removed is
fairer there.

## How well Tesseract reads them

Measured with `scripts/make-ocr-samples.sh --ocr` on Debian 12 (tesseract
5.3.0, Leptonica 1.82.0, tessdata 4.1.0): `OMP_THREAD_LIMIT=1 tesseract PAGE -
-l LANGS --psm N` with LANGS `kor+eng`, `rus+eng` or `eng`; PDF pages rendered
with `pdftoppm -r 300 -gray`. CER = edit distance / ground-truth length, after
collapsing white space.

@CER@

- **Korean with `--psm 3` fails.** Tesseract's automatic page segmentation
  finds few text lines on these short Korean form pages, even on the clean
  rendering before any degradation (often it prints "Empty page!!"); read as
  one block (`--psm 6`) the same pages come out well. A pipeline that uses
  only automatic segmentation gets almost nothing from them; that is what
  they test.
- **`kor+eng` misreads short Hangul words as Latin**, mostly next to Latin
  text or digits: in `ko/01`, 나홋카 → `LES}`, 똠방 → `SH`, 번호 → `Hs`. The
  exact CER of the Korean pages moves by a few points with the random seed
  (1–8 % with `--psm 6` over the seeds tried).
- **The sideways page** (`ru/02` page 2): `--psm 3` still reads it (its
  layout analysis finds the vertical lines), `--psm 6` reads garbage;
  Tesseract's OSD (`--psm 0`) says `Rotate: 270` (turn it 270° clockwise,
  i.e. 90° counter-clockwise, to read it).
"""


def scans_readme():
    dates = "\n".join(f"- `{s['path']}`: {s['date']}" + (" UTC" if s["fmt"] == "pdf" else "+10:00")
                      for s in SCANS if s["fmt"] in ("pdf", "mixed-pdf"))
    return (SCANS_README.replace("@TABLE@", scans_table()).replace("@DATES@", dates)
            .replace("@CER@", MEASURED_CER.strip()))


# The table printed by --ocr, pasted here so the README does not depend on
# whether tesseract is installed.  Refresh it when the pages change.
MEASURED_CER = """
| File | Page | CER `--psm 3` | CER `--psm 6` | CER psm 6, spaces ignored | Notes |
| --- | --- | --- | --- | --- | --- |
| `ko/01-bill-of-lading-kum-byol-3.jpg` | 1 | 73.9% | 6.8% | 8.2% |  |
| `ko/02-manifest-and-registry.pdf` | 1 | 57.5% | 0.0% | 0.0% |  |
| `ko/02-manifest-and-registry.pdf` | 2 | 58.9% | 2.5% | 3.1% |  |
| `ru/01-konosament-amur-falcon.png` | 1 | 0.9% | 0.0% | 0.0% |  |
| `ru/02-manifest-and-logbook.pdf` | 1 | 0.0% | 0.0% | 0.0% |  |
| `ru/02-manifest-and-logbook.pdf` | 2 | 2.1% | 83.4% | 92.6% | sideways as stored; OSD `--psm 0`: Rotate 270, confidence 28.93; turned upright: psm 3 2.1%, psm 6 2.1% |
| `en/01-bill-of-lading-sea-lantern.tif` | 1 | 0.9% | 2.6% | 1.5% |  |
| `en/02-manifest-and-registry.pdf` | 1 | 0.3% | 0.3% | 0.0% |  |
| `en/02-manifest-and-registry.pdf` | 2 | 0.0% | 0.0% | 0.0% |  |
| `en/03-cover-note-and-scan.pdf` | 1 | text layer: 0.0% | | | `pdftotext`, not OCR |
| `en/03-cover-note-and-scan.pdf` | 2 | 0.0% | 0.0% | 0.0% |  |
| `tests/fixtures/ocr/clean-en.png` | 1 | 0.0% | | | positive control |
"""

FIXTURES_README = """\
# Bad-input fixtures for OCR

Generated by `scripts/make-ocr-samples.sh` (with `samples/scans/`); do not edit
by hand. Fictional content, as in `samples/`. Every file is small; the decoded
rasters of some are not.

Whatever the input, a correct pipeline **ends with text or with a one-line
reason, and never crashes, hangs or runs out of memory.**

| File | Bytes | What it is | What a correct pipeline does |
| --- | --- | --- | --- |
| `clean-en.png` | @clean-en.png@ | Positive control: clean 300 dpi A5 page (8-bit grey PNG, DejaVu Sans 12 pt), five lines of English; ground truth in `clean-en.gt.txt` | Reads it almost exactly (Tesseract 5.3 `eng`, `--psm 3`: CER @CLEAN_CER@), language `eng`, rotation 0 |
| `truncated.png` | @truncated.png@ | A valid PNG (a line of text: "@TRUNCATED@") cut to the first half of its bytes: it ends inside its IDAT chunk (no IEND) | Reports the file as corrupt/undecodable (one line), or at most OCRs the decodable rows; no crash |
| `jpeg-named.png` | @jpeg-named.png@ | A JPEG (starts `FF D8 FF`) with a `.png` name: a line of text, "@JPEG_NAMED@" (`jpeg-named.gt.txt`) | Detects the format from the bytes, not the name, and reads the text; or refuses with a clear "not a PNG" reason. Must not crash in a PNG decoder |
| `ko-sideways.jpg` | @ko-sideways.jpg@ | The Korean bill of lading of `samples/scans/ko/01` scanned again and turned 90° counter-clockwise (JPEG, quality 60; `ko-sideways.gt.txt`). Tesseract's OSD names the turn of such Korean pages right but under 1.5 confidence | Turns it upright (rotation 90) and reads it in Korean |
| `transparent-en.png` | @transparent-en.png@ | `clean-en.png` as an RGBA PNG: the ink opaque black, the paper fully transparent with black as its hidden colour, as many programs leave it (`transparent-en.gt.txt`) | Lays it over white and reads it like `clean-en.png`; read without its alpha channel it is all black |
| `fax-standard-ru.tif` | @fax-standard-ru.tif@ | A Russian fax in CCITT standard resolution: 1-bit, G4, 204×98 dpi, so each pixel is twice as tall as it is wide (`fax-standard-ru.gt.txt`) | Stretches it to square pixels (204×204 dpi) and reads it in Russian; taken as square pixels its letters are half as tall as they should be |
| `small-ko.png` | @small-ko.png@ | A scanned Korean certificate extract shrunk to the size of a screenshot: 72 dpi, 524×744, Hangul about 12 pixels tall (`small-ko.gt.txt`) | Enlarges it before reading and reads it in Korean; at its own size OSD takes it for Latin and Tesseract reads little |
| `shadow-ko.jpg`, `shadow-ru.jpg` | @shadow-ko.jpg@, @shadow-ru.jpg@ | Korean and Russian cargo manifests photographed under a shadow: the paper goes from almost white in one corner to dark grey (about 50) in the other (JPEG, quality 60; ground truth beside) | Evens out the light and reads them; with one threshold for the page the dim half turns black and OSD calls them Latin |
| `skewed-en.tif`, `skewed-ko.jpg`, `skewed-ru.tif` | @skewed-en.tif@, @skewed-ko.jpg@, @skewed-ru.tif@ | Pages scanned crooked: English turned 8° (1-bit G4), Korean −6° (JPEG), Russian 7° (1-bit G4); ground truth beside | Levels them and reads them; Tesseract's layout reads nothing of the English page as it is, and the Korean one at about 20% CER |
| `inverted-skewed-ko.tif` | @inverted-skewed-ko.tif@ | The Korean bill of lading white on black and turned 6° (1-bit G4; `inverted-skewed-ko.gt.txt`) | Levels it, measuring the skew on its white rows, and reads it; measured on the black ones the angle is wrong |
| `blank-second-page.tif` | @blank-second-page.tif@ | Two pages, 1-bit G4: `clean-en.png`'s text, then the blank back of the sheet | Reads page 1; page 2 has no text and confidence 0, and the document's mean confidence is page 1's |
| `four-pages.pdf` | @four-pages.pdf@ | Four image-only pages (1-bit G4, A4 wide, 1800 px tall): English, Russian, Korean, English (`four-pages.gt.txt`, pages separated by a form feed line) | Reads every page, in order, each in its language, on as many threads as are free; the same text whatever the number of threads |
| `table-cell-ko.png` | @table-cell-ko.png@ | A Korean arrival report (A4 wide, 1400 px tall, 12 pt Noto Sans CJK, clean): a two-cell table whose number `40917` sits halfway between the two lines of its label `접 수` / `번 호`, the date `접수일자 : 2024. 3. 5.` beside the label's first line | Reads the label, the number, then the date: one-column reading (`tesseract -l kor --psm 4`) loses the number and the date, and the table's cells are read one below the other |
| `missed-text-ko.png` | @missed-text-ko.png@ | `table-cell-ko.png` without its rules | Has `40917` and `2024. 3. 5.` in its text, in reading order: one-column reading loses both, and they are read again from the ink outside every word |
| `table-grid-ko.png`, `table-grid-en.png`, `table-grid-ru.png` | @table-grid-ko.png@, @table-grid-en.png@, @table-grid-ru.png@ | A bill of lading in Korean, English and Russian as a ruled grid of four rows of two boxes (A4 wide, 1800 px tall, 11 pt Noto Sans CJK or DejaVu Sans, clean), each box a label and one to three value lines; ground truth box by box, left then right | Reads each box whole, left box then right box: read as a page, each row runs across both boxes line by line ("Shipper Bill of lading No.") |
| `table-long-ru.png` | @table-long-ru.png@ | A Russian cargo manifest as a ruled table down an A4 page: a header row and 12 rows of four boxes (number, goods on two lines, weight, port; 10 pt DejaVu Sans, clean); ground truth box by box, row by row | Reads each box whole, row by row; its boxes one below the other take four pages' height, and are read on several pages, none larger than the page |
| `table-grid-ko-tilted.jpg` | @table-grid-ko-tilted.jpg@ | `table-grid-ko.png` scanned 1.2° off level (too little to be levelled), with noise, blur and JPEG quality 50 | The same: its rules no longer run along one row of pixels, and each box's bounds reach into the next row's |
| `small-print-ko.tif` | @small-print-ko.tif@ | 25 lines of Korean small print (7 pt Noto Sans CJK) down an A4 page at 300 dpi, 1-bit G4 | Read as Korean: at half scale, where OSD looks at large pages, the letters are 15 pixels tall and OSD said Arabic, so the page was read as English |
| `two-columns-ko.jpg` | @two-columns-ko.jpg@ | The top of a Korean report page set in two justified columns under a title, with a footer (A4 wide, 1500 px tall, 10 pt Noto Sans CJK; ground truth in reading order: title, left column, right column, footer) | Reads the left column, then the right one; read as one column the lines of the two run together |
| `one-pixel.png` | @one-pixel.png@ | A 1×1 white 8-bit grey PNG | Says there is nothing to read ("image too small to hold text"), no OCR call needed; no crash or division by zero |
| `huge-30000.png` | @huge-30000.png@ | 30000×30000 pixels, 1-bit, 300 dpi: mostly white with a 1000 px line "@HUGE_TEXT@" near the top left and four black boxes. Decoded it is 112.5 MB at 1 bit per pixel, 900 MB at 8 bits, 3.6 GB as RGBA | Refuses it with a reason (too large) or decodes it with bounded memory (at 1 bit, or reduced while decoding) and downscales it to the pixel limit; must not allocate gigabytes. If downscaled, the big line may still be read |
| `all-black.png` | @all-black.png@ | A4 at 300 dpi (2480×3508), 8-bit grey, every pixel 0 | Ends with no text (or junk filtered out) and a reason such as "no text found"; within the time limit |
| `corrupt-second-page.tif` | @corrupt-second-page.tif@ | Two-page TIFF (1-bit, Deflate, one strip a page, 2480×900). Both directories (IFDs) are intact, at the start of the file; page 1 is clean English text (`corrupt-second-page.gt.txt`); the file ends in the middle of page 2's strip (@TIFF_CUT@), so page 2 cannot be decoded. `tiffinfo` lists both pages; `tiffinfo -D` dumps page 1 and fails on page 2 with "Read error on strip" | Returns page 1's text ("The tanker SEA LANTERN IMO 9120580 loaded coal at Nampo. ...") and, for page 2, an error in its slot ("TIFF page 2 cannot be decoded"); the file as a whole is not failed. Page 2's text ("@TIFF_P2@") should not appear |
| `formats/clean-en.gif`, `formats/clean-en.webp`, `formats/clean-en-top.bmp` | | `clean-en.png` as GIF, lossless WebP, and the top third as a 1-bit BMP | Read like the PNG: the format comes from the bytes, Leptonica decodes it |
| `noise-only.pdf` | @noise-only.pdf@ | One A4 page whose only content is a 620×877 (75 dpi) grey JPEG of uniform random noise; no fonts, no text layer | Goes to OCR (no text layer), which finds nothing usable: ends with empty or low-confidence text and a reason, within the page time limit |
"""


def fixtures_readme(out, cut):
    text = FIXTURES_README
    for name in os.listdir(out):
        text = text.replace(f"@{name}@", f"{os.path.getsize(os.path.join(out, name)):,}")
    return (text.replace("@TRUNCATED@", TRUNCATED).replace("@JPEG_NAMED@", JPEG_NAMED)
            .replace("@HUGE_TEXT@", HUGE_TEXT).replace("@TIFF_P2@", " ".join(TIFF_PAGE2.split("\n")[1:]))
            .replace("@TIFF_CUT@", f"its strip starts at byte {cut['data2']:,} and should be "
                                   f"{cut['len2']:,} bytes long; the file stops at byte {cut['cut']:,}")
            .replace("@CLEAN_CER@", CLEAN_CER))


CLEAN_CER = "0.0 %"  # measured with --ocr


# --------------------------------------------------------------------------
# Verification (always run after writing)
# --------------------------------------------------------------------------
def run(cmd, check=True):
    p = subprocess.run(cmd, capture_output=True)
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{p.stderr.decode('utf-8', 'replace')}")
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Checker:
    def __init__(self):
        self.failures = []

    def ok(self, cond, msg):
        if not cond:
            self.failures.append(msg)
        return cond


def pdf_pages_info(path):
    _, info, _ = run(["pdfinfo", path])
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return pages, info


def verify_scans(out, chk):
    have_poppler = all(shutil.which(t) for t in ("pdfinfo", "pdffonts", "pdftotext", "pdfimages"))
    if not have_poppler:
        print("warning: poppler-utils missing, PDFs not verified", file=sys.stderr)
    for s in SCANS:
        p = s["path"]
        path = os.path.join(out, p)
        data = open(path, "rb").read()
        gt = open(os.path.join(out, stem(p) + ".gt.txt"), "rb").read().decode("utf-8")
        chk.ok(gt == gt_text(s["pages"]), f"{p}: ground truth does not match the rendered text")
        chk.ok("\r" not in gt and not gt.startswith("\ufeff"), f"{p}: ground truth has CR or BOM")
        numbers = re.findall(r"(?:IMO|ИМО)(?: номер| number| 번호)?:? (\d{7})", gt)
        chk.ok(numbers, f"{p}: no IMO number in the text")
        for number in numbers:
            chk.ok(imo.is_valid(number), f"{p}: invalid IMO {number}")
        if s["fmt"] in ("jpeg", "png", "tiff-g4"):
            chk.ok(len(data) < IMAGE_LIMIT, f"{p}: {len(data)} bytes, over {IMAGE_LIMIT}")
            im = Image.open(path)
            want = {"jpeg": ("JPEG", "L"), "png": ("PNG", "L"), "tiff-g4": ("TIFF", "1")}[s["fmt"]]
            chk.ok((im.format, im.mode) == want, f"{p}: {im.format} {im.mode}, expected {want}")
            chk.ok(im.size == A5, f"{p}: size {im.size}")
            chk.ok(round(float(im.info.get("dpi", (0, 0))[0])) == DPI, f"{p}: not marked 300 dpi")
            if s["fmt"] == "tiff-g4":
                chk.ok(im.info.get("compression") == "group4", f"{p}: not G4")
            continue
        chk.ok(len(data) < PDF_LIMIT, f"{p}: {len(data)} bytes, over {PDF_LIMIT}")
        if not have_poppler:
            continue
        pages, info = pdf_pages_info(path)
        chk.ok(pages == len(s["pages"]), f"{p}: {pages} pages, expected {len(s['pages'])}")
        chk.ok(re.search(r"^CreationDate:.*\b" + s["date"][:4], info, re.M), f"{p}: no fixed CreationDate")
        _, fonts, _ = run(["pdffonts", path])
        _, images, _ = run(["pdfimages", "-list", path])
        imgs = [line.split() for line in images.splitlines()[2:]]
        for n, pg in enumerate(s["pages"], 1):
            _, text, _ = run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", path, "-"])
            on_page = [r for r in imgs if r[0] == str(n)]
            if s["fmt"] == "mixed-pdf" and n == 1:
                chk.ok(re.sub(r"\s+", " ", text).strip() == " ".join(pg["lines"]),
                       f"{p}: page 1 text layer differs from the ground truth:\n{text}")
                chk.ok(not on_page, f"{p}: page 1 has an image")
                continue
            chk.ok(text.strip() == "", f"{p}: page {n} has a text layer: {text[:80]!r}")
            w, h = (A5[1], A5[0]) if pg["sideways"] else A5
            chk.ok(len(on_page) == 1 and on_page[0][3:9] == [str(w), str(h), "gray", "1", "8", "jpeg"]
                   and on_page[0][12:14] == ["300", "300"],
                   f"{p}: page {n} is not one {w}x{h} grey JPEG at 300 ppi: {on_page}")
        if s["fmt"] == "pdf":
            chk.ok(len(fonts.splitlines()) == 2, f"{p}: has fonts:\n{fonts}")
        else:
            chk.ok("DejaVuSerif" in fonts, f"{p}: DejaVu Serif not embedded:\n{fonts}")


def verify_fixtures(out, chk):
    for name in sorted(os.listdir(out)):
        if name != "README.md":
            size = os.path.getsize(os.path.join(out, name))
            chk.ok(size < FIXTURE_LIMIT, f"fixtures/{name}: {size} bytes, over {FIXTURE_LIMIT}")

    def f(name):
        return os.path.join(out, name)

    def data(name):
        return open(f(name), "rb").read()

    im = Image.open(f("clean-en.png"))
    chk.ok((im.format, im.mode, im.size) == ("PNG", "L", A5), "clean-en.png: not an A5 8-bit grey PNG")
    chk.ok(data("clean-en.gt.txt").decode("utf-8") == CLEAN_EN + "\n", "clean-en.gt.txt differs")

    t = data("truncated.png")
    idat = t.find(b"IDAT")
    chk.ok(t.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" not in t and idat > 0
           and len(t) < idat + 4 + struct.unpack(">I", t[idat - 4:idat])[0],
           "truncated.png: not a PNG cut inside its IDAT chunk")
    try:
        Image.open(f("truncated.png")).load()
        chk.ok(False, "truncated.png: PIL decodes it")
    except (OSError, SyntaxError):
        pass

    chk.ok(data("jpeg-named.png").startswith(b"\xff\xd8\xff"), "jpeg-named.png: not a JPEG")
    im = Image.open(f("transparent-en.png"))
    chk.ok((im.mode, im.size) == ("RGBA", A5) and im.getchannel("R").getextrema() == (0, 0)
           and im.getchannel("A").getextrema() == (0, 255), "transparent-en.png: not black ink over transparent black")
    im = Image.open(f("fax-standard-ru.tif"))
    chk.ok(im.mode == "1" and im.info.get("compression") == "group4"
           and tuple(round(float(d)) for d in im.info.get("dpi", (0, 0))) == FAX_DPI,
           f"fax-standard-ru.tif: {im.mode} {im.info.get('compression')} {im.info.get('dpi')}")
    im = Image.open(f("blank-second-page.tif"))
    chk.ok(im.n_frames == 2, "blank-second-page.tif: not two pages")
    im.seek(1)
    chk.ok(im.getextrema() == (255, 255) or im.getextrema() == (1, 1), "blank-second-page.tif: page 2 not blank")
    for name in ("shadow-ko.jpg", "shadow-ru.jpg"):
        px = np.asarray(Image.open(f(name)).convert("L"))
        chk.ok(px[:40, :40].max() > 200 and px[-40:, -40:].max() < 110, f"{name}: not lit from one corner only")
    im = Image.open(f("small-ko.png"))
    chk.ok(im.mode == "L" and im.size == (round(A5[0] * SMALL_SCALE), round(A5[1] * SMALL_SCALE)),
           f"small-ko.png: {im.mode} {im.size}")
    im = Image.open(f("one-pixel.png"))
    chk.ok((im.format, im.size) == ("PNG", (1, 1)), "one-pixel.png: not a 1x1 PNG")

    Image.MAX_IMAGE_PIXELS = None
    im = Image.open(f("huge-30000.png"))  # header only
    chk.ok((im.format, im.mode, im.size) == ("PNG", "1", (30000, 30000)), f"huge-30000.png: {im.mode} {im.size}")

    im = Image.open(f("all-black.png"))
    chk.ok((im.mode, im.size) == ("L", A4) and im.getextrema() == (0, 0), "all-black.png: not all black A4")

    # TIFF: both directories readable, page 1 decodes, page 2 fails
    if shutil.which("tiffinfo"):
        rc, info, err = run(["tiffinfo", f("corrupt-second-page.tif")], check=False)
        chk.ok(info.count("Image Width: 2480") == 2, f"tiffinfo does not list two pages:\n{info}{err}")
        for d, want_ok in ((0, True), (1, False)):
            rc, dump, err = run(["tiffinfo", "-D", f"-{d}", f("corrupt-second-page.tif")], check=False)
            failed = rc != 0 or "error" in err.lower()
            chk.ok(failed != want_ok, f"tiffinfo -D page {d + 1}: {'failed' if failed else 'read'}:\n{err}")
    else:
        print("warning: tiffinfo missing, corrupt-second-page.tif not verified", file=sys.stderr)
    im = Image.open(f("corrupt-second-page.tif"))
    im.load()  # page 1 decodes
    chk.ok(im.size == (A4[0], 900) and im.n_frames == 2, "corrupt-second-page.tif: page 1 unreadable")

    if shutil.which("pdfinfo"):
        pages, _ = pdf_pages_info(f("noise-only.pdf"))
        chk.ok(pages == 1, "noise-only.pdf: not one page")
        _, fonts, _ = run(["pdffonts", f("noise-only.pdf")])
        chk.ok(len(fonts.splitlines()) == 2, "noise-only.pdf: has fonts")
        _, text, _ = run(["pdftotext", f("noise-only.pdf"), "-"])
        chk.ok(text.strip() == "", "noise-only.pdf: has text")


# --------------------------------------------------------------------------
# OCR measurement (--ocr)
# --------------------------------------------------------------------------
def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(truth, got, spaces=True):
    def norm(s):
        s = re.sub(r"\s+", " ", s).strip()
        return s if spaces else s.replace(" ", "")
    t, g = norm(truth), norm(got)
    return levenshtein(t, g) / max(1, len(t))


def tesseract(path, langs, psm):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    p = subprocess.run(["tesseract", path, "-", "-l", langs, "--psm", str(psm)],
                       capture_output=True, env=env)
    return p.stdout.decode("utf-8", "replace")


def osd_rotation(path):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    p = subprocess.run(["tesseract", path, "-", "--psm", "0"], capture_output=True, env=env)
    m = re.search(r"Rotate: (\d+)", p.stdout.decode())
    c = re.search(r"Orientation confidence: ([\d.]+)", p.stdout.decode())
    return (int(m.group(1)) if m else None), (float(c.group(1)) if c else None)


def page_files(path, fmt, npages, tmp):
    if fmt in ("jpeg", "png", "tiff-g4"):
        return [path]
    prefix = os.path.join(tmp, os.path.basename(path))
    run(["pdftoppm", "-r", str(DPI), "-gray", "-png", path, prefix])
    files = sorted(x for x in os.listdir(tmp) if x.startswith(os.path.basename(path)) and x.endswith(".png"))
    assert len(files) == npages, files
    return [os.path.join(tmp, x) for x in files]


def ocr_report(scans, fixtures):
    """OCR every sample page; print a Markdown table; return False if an
    upright scanned page is not read to under 10 % CER by psm 3 or psm 6."""
    rows = ["| File | Page | CER `--psm 3` | CER `--psm 6` | CER psm 6, spaces ignored | Notes |",
            "| --- | --- | --- | --- | --- | --- |"]
    good = True
    with tempfile.TemporaryDirectory() as tmp:
        for s in SCANS:
            path = os.path.join(scans, s["path"])
            langs = TESS_LANG[s["lang"]]
            files = page_files(path, s["fmt"], len(s["pages"]), tmp)
            for n, (pg, img) in enumerate(zip(s["pages"], files), 1):
                truth = "\n".join(pg["lines"])
                label = f"| `{s['path']}` | {n} |"
                if s["fmt"] == "mixed-pdf" and n == 1:
                    _, text, _ = run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", path, "-"])
                    rows.append(f"{label} text layer: {cer(truth, text):.1%} | | | `pdftotext`, not OCR |")
                    continue
                c3, c6 = cer(truth, tesseract(img, langs, 3)), tesseract(img, langs, 6)
                c6, c6ns = cer(truth, c6), cer(truth, c6, spaces=False)
                note = ""
                if pg["sideways"]:
                    rot, conf = osd_rotation(img)
                    upright = os.path.join(tmp, "upright.png")
                    Image.open(img).transpose(Image.Transpose.ROTATE_90).save(upright)
                    u3 = cer(truth, tesseract(upright, langs, 3))
                    u6 = tesseract(upright, langs, 6)
                    note = (f"sideways as stored; OSD `--psm 0`: Rotate {rot}, confidence {conf}; "
                            f"turned upright: psm 3 {u3:.1%}, psm 6 {cer(truth, u6):.1%}")
                    good &= min(u3, cer(truth, u6)) < 0.10
                else:
                    good &= min(c3, c6) < 0.10
                rows.append(f"{label} {c3:.1%} | {c6:.1%} | {c6ns:.1%} | {note} |")
        truth = CLEAN_EN
        c3 = cer(truth, tesseract(os.path.join(fixtures, "clean-en.png"), "eng", 3))
        rows.append(f"| `tests/fixtures/ocr/clean-en.png` | 1 | {c3:.1%} | | | positive control |")
        good &= c3 < 0.02
    print("\n".join(rows))
    return good


# --------------------------------------------------------------------------
def compare(expected, actual):
    diffs = []
    want = {os.path.relpath(os.path.join(r, f), expected) for r, _, fs in os.walk(expected) for f in fs}
    have = {os.path.relpath(os.path.join(r, f), actual) for r, _, fs in os.walk(actual) for f in fs} \
        if os.path.isdir(actual) else set()
    for rel in sorted(want | have):
        if rel not in have:
            diffs.append(f"missing: {rel}")
        elif rel not in want:
            diffs.append(f"not generated: {rel}")
        elif not filecmp.cmp(os.path.join(expected, rel), os.path.join(actual, rel), shallow=False):
            diffs.append(f"differs: {rel}")
    return diffs


def generate(scans, fixtures):
    write_scans(scans)
    write_fixtures(fixtures)
    chk = Checker()
    verify_scans(scans, chk)
    verify_fixtures(fixtures, chk)
    if chk.failures:
        print("VERIFY FAILED:\n  " + "\n  ".join(chk.failures), file=sys.stderr)
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with the committed files")
    ap.add_argument("--ocr", action="store_true", help="OCR the samples with the tesseract CLI and print CERs")
    ap.add_argument("--scans-out", default=SCANS_DIR, help="default: samples/scans/")
    ap.add_argument("--fixtures-out", default=FIXTURES_DIR, help="default: tests/fixtures/ocr/")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            scans, fixtures = os.path.join(tmp, "scans"), os.path.join(tmp, "fixtures")
            if not generate(scans, fixtures):
                return 1
            diffs = [f"samples/scans/{d}" for d in compare(scans, args.scans_out)]
            diffs += [f"tests/fixtures/ocr/{d}" for d in compare(fixtures, args.fixtures_out)]
            if diffs:
                print("OCR samples are stale:\n  " + "\n  ".join(diffs), file=sys.stderr)
                return 1
        print(f"OCR samples up to date: {len(SCANS)} scans in {args.scans_out}, fixtures in {args.fixtures_out}")
        return 0
    if not generate(args.scans_out, args.fixtures_out):
        return 1
    print(f"wrote and verified {len(SCANS)} scans in {args.scans_out} and the fixtures in {args.fixtures_out}")
    if args.ocr:
        if not shutil.which("tesseract"):
            print("tesseract is not installed", file=sys.stderr)
            return 1
        if not ocr_report(args.scans_out, args.fixtures_out):
            print("OCR check FAILED: an upright page reads at 10 % CER or worse", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
