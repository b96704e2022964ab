"""The HWPX writer of make-office-fixtures.py: OWPML packages as Hancom Office 2020 saves
them."""

# pylint: disable=wildcard-import,unused-wildcard-import
import base64
import json
import random
import zipfile

from office_fixtures_common import *  # noqa: F401,F403
from office_fixtures_ooxml import *  # noqa: F401,F403
from office_fixtures_odf import *  # noqa: F401,F403


# ---------------------------------------------------------------- HWPX

HWPX_NS = ('xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
           'xmlns:hp10="http://www.hancom.co.kr/hwpml/2016/paragraph" xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
           'xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" '
           'xmlns:hhs="http://www.hancom.co.kr/hwpml/2011/history" xmlns:hm="http://www.hancom.co.kr/hwpml/2011/master-page" '
           'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:opf="http://www.idpf.org/2007/opf/" xmlns:ooxmlchart="http://www.hancom.co.kr/hwpml/2016/ooxmlchart" '
           'xmlns:hwpunitchar="http://www.hancom.co.kr/hwpml/2016/HwpUnitChar" xmlns:epub="http://www.idpf.org/2007/ops" '
           'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"')
HWPX_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
LINESEG = ('<hp:linesegarray><hp:lineseg textpos="0" vertpos="0" vertsize="1000" textheight="1000" baseline="850" '
           'spacing="600" horzpos="0" horzsize="42520" flags="393216"/></hp:linesegarray>')


class HwpxIds:
    def __init__(self):
        self.n = 2147483648

    def next(self):
        self.n += 1
        return self.n


def hp_p(ids, runs, para_pr=0, style=0):
    return ('<hp:p id="%d" paraPrIDRef="%d" styleIDRef="%d" pageBreak="0" columnBreak="0" merged="0">%s%s</hp:p>'
            % (ids.next(), para_pr, style, runs, LINESEG))


def hp_run(inner, char_pr=0):
    return '<hp:run charPrIDRef="%d">%s</hp:run>' % (char_pr, inner)


def hp_t(text):
    return "<hp:t>%s</hp:t>" % x(text)


def hp_sublist(inner, valign="TOP"):
    return ('<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="%s" linkListIDRef="0" '
            'linkListNextIDRef="0" textWidth="0" textHeight="0" hasTextRef="0" hasNumRef="0">%s</hp:subList>'
            % (valign, inner))


HWPX_SECPR = ('<hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" tabStopVal="4000" '
              'tabStopUnit="HWPUNIT" outlineShapeIDRef="1" memoShapeIDRef="0" textVerticalWidthHead="0" masterPageCnt="0">'
              '<hp:grid lineGrid="0" charGrid="0" wonggojiFormat="0"/><hp:startNum pageStartsOn="BOTH" page="0" pic="0" '
              'tbl="0" equation="0"/><hp:visibility hideFirstHeader="0" hideFirstFooter="0" hideFirstMasterPage="0" '
              'border="SHOW_ALL" fill="SHOW_ALL" hideFirstPageNum="0" hideFirstEmptyLine="0" showLineNumber="0"/>'
              '<hp:lineNumberShape restartType="0" countBy="0" distance="0" startNumber="0"/><hp:pagePr landscape="WIDELY" '
              'width="59528" height="84186" gutterType="LEFT_ONLY"><hp:margin header="4252" footer="4252" gutter="0" '
              'left="8504" right="8504" top="5668" bottom="4252"/></hp:pagePr><hp:footNotePr><hp:autoNumFormat '
              'type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/><hp:noteLine length="-1" type="SOLID" '
              'width="0.12 mm" color="#000000"/><hp:noteSpacing betweenNotes="283" belowLine="567" aboveLine="850"/>'
              '<hp:numbering type="CONTINUOUS" newNum="1"/><hp:placement place="EACH_COLUMN" beneathText="0"/>'
              '</hp:footNotePr></hp:secPr><hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" '
              'sameSz="1" sameGap="0"/></hp:ctrl>')


def hp_table(ids, rows):
    trs = []
    for r, row in enumerate(rows):
        tcs = []
        for c, cell in enumerate(row):
            tcs.append('<hp:tc name="" header="%d" hasMargin="0" protect="0" editable="0" dirty="0" borderFillIDRef="3">'
                       '%s<hp:cellAddr colAddr="%d" rowAddr="%d"/><hp:cellSpan colSpan="1" rowSpan="1"/>'
                       '<hp:cellSz width="14173" height="1282"/><hp:cellMargin left="510" right="510" top="141" '
                       'bottom="141"/></hp:tc>' % (1 if r == 0 else 0,
                                                   hp_sublist(hp_p(ids, hp_run(hp_t(cell))), "CENTER"), c, r))
        trs.append("<hp:tr>%s</hp:tr>" % "".join(tcs))
    tbl = ('<hp:tbl id="%d" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" lock="0" '
           'dropcapstyle="None" pageBreak="CELL" repeatHeader="1" rowCnt="%d" colCnt="%d" cellSpacing="0" '
           'borderFillIDRef="3" noAdjust="0"><hp:sz width="42519" widthRelTo="ABSOLUTE" height="3846" '
           'heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" '
           'allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" '
           'vertOffset="0" horzOffset="0"/><hp:outMargin left="283" right="283" top="283" bottom="283"/>'
           '<hp:inMargin left="510" right="510" top="141" bottom="141"/>%s</hp:tbl>'
           % (ids.next() % 10 ** 9, len(rows), len(rows[0]), "".join(trs)))
    return hp_p(ids, hp_run(tbl + "<hp:t/>"))


def hwpx_section(body):
    return HWPX_DECL + '<hs:sec %s>%s</hs:sec>' % (HWPX_NS, body)


def hwpx_header(lang):
    fonts = "".join('<hh:fontface lang="%s" fontCnt="1"><hh:font id="0" face="함초롬바탕" type="TTF" isEmbedded="0">'
                    '<hh:typeInfo familyType="FCAT_GOTHIC" weight="6" proportion="0" contrast="0" strokeVariation="1" '
                    'armStyle="1" letterform="1" midline="1" xHeight="1"/></hh:font></hh:fontface>' % l
                    for l in ("HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"))
    return (HWPX_DECL + '<hh:head %s version="1.4" secCnt="2"><hh:beginNum page="1" footnote="1" endnote="1" pic="1" '
            'tbl="1" equation="1"/><hh:refList><hh:fontfaces itemCnt="7">%s</hh:fontfaces><hh:borderFills itemCnt="1">'
            '<hh:borderFill id="3" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0"><hh:slash '
            'type="NONE" Crooked="0" isCounter="0"/><hh:backSlash type="NONE" Crooked="0" isCounter="0"/>'
            '<hh:leftBorder type="SOLID" width="0.12 mm" color="#000000"/><hh:rightBorder type="SOLID" width="0.12 mm" '
            'color="#000000"/><hh:topBorder type="SOLID" width="0.12 mm" color="#000000"/><hh:bottomBorder type="SOLID" '
            'width="0.12 mm" color="#000000"/></hh:borderFill></hh:borderFills><hh:charProperties itemCnt="1">'
            '<hh:charPr id="0" height="1000" textColor="#000000" shadeColor="none" useFontSpace="0" useKerning="0" '
            'symMark="NONE" borderFillIDRef="2"><hh:fontRef hangul="0" latin="0" hanja="0" japanese="0" other="0" '
            'symbol="0" user="0"/><hh:ratio hangul="100" latin="100" hanja="100" japanese="100" other="100" symbol="100" '
            'user="100"/><hh:spacing hangul="0" latin="0" hanja="0" japanese="0" other="0" symbol="0" user="0"/>'
            '<hh:relSz hangul="100" latin="100" hanja="100" japanese="100" other="100" symbol="100" user="100"/>'
            '<hh:offset hangul="0" latin="0" hanja="0" japanese="0" other="0" symbol="0" user="0"/></hh:charPr>'
            '</hh:charProperties><hh:tabProperties itemCnt="1"><hh:tabPr id="0" autoTabLeft="0" autoTabRight="0"/>'
            '</hh:tabProperties><hh:paraProperties itemCnt="1"><hh:paraPr id="0" tabPrIDRef="0" condense="0" '
            'fontLineHeight="0" snapToGrid="1" suppressLineNumbers="0" checked="0"><hh:align horizontal="JUSTIFY" '
            'vertical="BASELINE"/><hh:heading type="NONE" idRef="0" level="0"/><hh:breakSetting breakLatinWord="KEEP_WORD" '
            'breakNonLatinWord="KEEP_WORD" widowOrphan="0" keepWithNext="0" keepLines="0" pageBreakBefore="0" '
            'lineWrap="BREAK"/><hh:autoSpacing eAsianEng="0" eAsianNum="0"/></hh:paraPr></hh:paraProperties>'
            '<hh:styles itemCnt="1"><hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" '
            'charPrIDRef="0" nextStyleIDRef="0" langID="1042" lockForm="0"/></hh:styles></hh:refList>'
            '<hh:compatibleDocument targetProgram="HWP201X"><hh:layoutCompatibility/></hh:compatibleDocument>'
            '<hh:docOption><hh:linkinfo path="" pageInherit="0" footnoteInherit="0"/></hh:docOption>'
            '<hh:trackchageConfig flags="56"/></hh:head>' % (HWPX_NS, fonts))


def hwpx_content_hpf(t):
    items = [("header", "Contents/header.xml"), ("section0", "Contents/section0.xml"),
             ("section1", "Contents/section1.xml"), ("settings", "settings.xml")]
    manifest = "".join('<opf:item id="%s" href="%s" media-type="application/xml"/>' % it for it in items)
    manifest += '<opf:item id="image1" href="BinData/image1.png" media-type="image/png" isEmbeded="1"/>'
    spine = "".join('<opf:itemref idref="%s" linear="yes"/>' % i for i in ("header", "section0", "section1"))
    return (HWPX_DECL + '<opf:package %s version="" unique-identifier="" id=""><opf:metadata><opf:title>%s</opf:title>'
            '<opf:language>ko</opf:language><opf:meta name="creator" content="text">%s</opf:meta>'
            '<opf:meta name="subject" content="text">%s</opf:meta><opf:meta name="description" content="text"/>'
            '<opf:meta name="lastsaveby" content="text">%s</opf:meta><opf:meta name="CreatedDate" content="text">%s'
            '</opf:meta><opf:meta name="ModifiedDate" content="text">%s</opf:meta><opf:meta name="date" content="text">'
            '2024년 3월 5일 화요일 오전 9:30:00</opf:meta><opf:meta name="keyword" content="text">DPRK</opf:meta>'
            '</opf:metadata><opf:manifest>%s</opf:manifest><opf:spine>%s</opf:spine></opf:package>'
            % (HWPX_NS, x(t["notice_title"]), x(t["author"]), x(t["unit"]), x(t["author"]), CREATED, MODIFIED,
               manifest, spine))


# The package Hancom Office 2020 (Hangul 11) writes for HWPX: mimetype stored first,
# version.xml, Contents/header.xml and sections, Preview/PrvText.txt and PrvImage.png,
# settings.xml, META-INF/container.rdf, Contents/content.hpf, META-INF/container.xml
# and manifest.xml, BinData/ for the picture, in that zip order.
def write_hwpx(out, lang):
    t = TEXT[lang]
    p = t["paras"]
    ids = HwpxIds()
    header_ctrl = ('<hp:ctrl><hp:header id="1" applyPageType="BOTH">%s</hp:header></hp:ctrl>'
                   % hp_sublist(hp_p(ids, hp_run(hp_t(t["header"])))))
    footer_ctrl = ('<hp:ctrl><hp:footer id="2" applyPageType="BOTH">%s</hp:footer></hp:ctrl>'
                   % hp_sublist(hp_p(ids, hp_run(hp_t(t["footer"])))))
    footnote = ('<hp:ctrl><hp:footNote number="1" suffixChar="41" instId="%d">%s</hp:footNote></hp:ctrl>'
                % (ids.next() % 10 ** 9, hp_sublist(hp_p(ids, hp_run(
                    '<hp:ctrl><hp:autoNum num="1" numType="FOOTNOTE"><hp:autoNumFormat type="DIGIT" userChar="" '
                    'prefixChar="" suffixChar=")" supscript="0"/></hp:autoNum></hp:ctrl>' + hp_t(" " + t["footnote"]))))))
    sec0 = (hp_p(ids, hp_run(HWPX_SECPR) + hp_run(header_ctrl) + hp_run(hp_t(t["notice_title"])))
            + hp_p(ids, hp_run(hp_t(p[0])) + hp_run(footnote + "<hp:t/>"))
            + hp_p(ids, hp_run(hp_t(p[1])))
            + hp_p(ids, hp_run('<hp:t>%s<hp:tab width="4000" leader="0" type="1"/>2024-03-05<hp:lineBreak/>%s</hp:t>'
                               % (x(t["unit"]), x(t["author"]))))
            + hp_table(ids, t["table"])
            + hp_p(ids, hp_run('<hp:pic id="%d" zOrder="1" numberingType="PICTURE" textWrap="TOP_AND_BOTTOM" '
                               'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" href="" groupLevel="0" instid="1" '
                               'reverse="0"><hp:sz width="4800" widthRelTo="ABSOLUTE" height="2400" heightRelTo="ABSOLUTE" '
                               'protect="0"/><hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" allowOverlap="0" '
                               'holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" '
                               'vertOffset="0" horzOffset="0"/><hc:img binaryItemIDRef="image1" bright="0" contrast="0" '
                               'effect="REAL_PIC" alpha="0"/></hp:pic><hp:t/>' % (ids.next() % 10 ** 9))))
    link_id = ids.next() % 10 ** 9
    link_field = ('<hp:ctrl><hp:fieldBegin id="%d" type="HYPERLINK" name="" editable="0" dirty="0" zorder="-1" '
                  'fieldid="627272811"><hp:parameters cnt="3" name=""><hp:integerParam name="Prop">0</hp:integerParam>'
                  '<hp:stringParam name="Command">%s;1;0;0;</hp:stringParam><hp:stringParam name="Path">%s'
                  '</hp:stringParam></hp:parameters></hp:fieldBegin></hp:ctrl>'
                  % (link_id, x(t["link_url"].replace(":", "\\:")), x(t["link_url"])))
    sec1 = (hp_p(ids, hp_run(HWPX_SECPR) + hp_run(footer_ctrl) + hp_run(hp_t(p[2])))
            + hp_p(ids, hp_run(hp_t(p[3])))
            + hp_p(ids, hp_run(hp_t(t["link_before"])) + hp_run(link_field + hp_t(t["link_text"]) +
                                                               '<hp:ctrl><hp:fieldEnd beginIDRef="%d" fieldid="627272811"/>'
                                                               '</hp:ctrl>' % link_id) + hp_run(hp_t(t["link_after"]))))
    preview = "\r\n".join([t["notice_title"], p[0], p[1], "%s\t2024-03-05" % t["unit"], t["author"]]
                          + ["".join("<%s>" % c for c in row) for row in t["table"]]) + "\r\n"
    parts = [
        ("mimetype", "application/hwp+zip"),
        ("version.xml", HWPX_DECL + '<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
         'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="1" buildNumber="0" os="1" xmlVersion="1.4" '
         'application="Hancom Office Hangul" appVersion="11, 0, 0, 5511 WIN32LEWindows_10"/>'),
        ("Contents/header.xml", hwpx_header(lang)),
        ("Contents/section0.xml", hwpx_section(sec0)),
        ("Contents/section1.xml", hwpx_section(sec1)),
        ("Preview/PrvText.txt", preview),
        ("settings.xml", HWPX_DECL + '<ha:HWPApplicationSetting xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" '
         'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><ha:CaretPosition listIDRef="0" '
         'paraIDRef="0" pos="0"/></ha:HWPApplicationSetting>'),
        ("Preview/PrvImage.png", png(42, 60, (4, 4, 38, 10))),
        ("BinData/image1.png", png()),
        ("META-INF/container.rdf", HWPX_DECL + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
         '<rdf:Description rdf:about=""><ns0:hasPart xmlns:ns0="http://www.hancom.co.kr/hwpml/2016/meta/pkg#" '
         'rdf:resource="Contents/header.xml"/></rdf:Description><rdf:Description rdf:about="Contents/header.xml">'
         '<rdf:type rdf:resource="http://www.hancom.co.kr/hwpml/2016/meta/pkg#HeaderFile"/></rdf:Description>'
         '<rdf:Description rdf:about=""><ns0:hasPart xmlns:ns0="http://www.hancom.co.kr/hwpml/2016/meta/pkg#" '
         'rdf:resource="Contents/section0.xml"/></rdf:Description><rdf:Description rdf:about="Contents/section0.xml">'
         '<rdf:type rdf:resource="http://www.hancom.co.kr/hwpml/2016/meta/pkg#SectionFile"/></rdf:Description>'
         '<rdf:Description rdf:about=""><rdf:type rdf:resource="http://www.hancom.co.kr/hwpml/2016/meta/pkg#Document"/>'
         '</rdf:Description></rdf:RDF>'),
        ("Contents/content.hpf", hwpx_content_hpf(t)),
        ("META-INF/container.xml", HWPX_DECL + '<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:'
         'container" xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles><ocf:rootfile '
         'full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/><ocf:rootfile '
         'full-path="Preview/PrvText.txt" media-type="text/plain"/><ocf:rootfile full-path="META-INF/container.rdf" '
         'media-type="application/rdf+xml"/></ocf:rootfiles></ocf:container>'),
        ("META-INF/manifest.xml", HWPX_DECL + '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:'
         'manifest:1.0"/>'),
    ]
    text = [t["header"], t["notice_title"], p[0], t["footnote"], p[1], t["unit"], "2024-03-05", t["author"]]
    text += [c for row in t["table"] for c in row]
    text += [t["footer"], p[2], p[3], t["link_before"] + t["link_text"] + t["link_after"]]
    out.write("%s_notice.hwpx" % lang, zip_package(parts), entry(
        "hwpx", lang, text, title=t["notice_title"], author=t["author"], created=CREATED, modified=MODIFIED,
        children=["image1.png"],
        notes="Two sections (spine: header, section0, section1). The header, footer and footnote are "
              "hp:subList paragraphs inside controls (the footnote's autoNum is no text); one paragraph "
              "has an hp:tab and an hp:lineBreak inside hp:t; the hyperlink is a fieldBegin/fieldEnd "
              "pair whose parameters (the URL) are no text. BinData/image1.png is a child; "
              "Preview/PrvText.txt repeats the first page (read only when no section can be)."))
