#!/usr/bin/env python3
"""Writes the generated office, HWPX, RTF and e-mail documents of trawl's tests and of
bench/formats (measure.py) into a folder, with OUTDIR/expected.json: for every file the
text a perfect reader returns (in reading order, one string per paragraph, cell or line),
its properties and children, and for the bad_* files the error trawl should report.

Usage: make-office-fixtures.py OUTDIR

Every document exists in English, Korean and Russian (sanctions monitoring of North
Korea: vessels, IMO numbers, ship-to-ship transfers, UN Security Council resolution
2397) so that each reader meets Hangul and Cyrillic, and each copies the structure real
software writes (named above each writer), not what trawl's readers happen to accept.
Python's standard library only; deterministic (fixed dates in the zip entries and the
documents, seeded randomness): two runs give identical bytes; about two seconds.

At the end, scripts/office_fixtures_ole.py (HWP 5 and .msg through a compound-file
writer) adds its files and entries when it is there.
"""

import base64
import json
import os
import random
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from office_fixtures_common import (CREATED, LANGS, MODIFIED, TEXT, TEXT_JA, TRANSFERS, ZIP_DATE_LO,
                                    ZIP_DATE_MS, KO_CP949_BODY, KO_CP949_SUBJECT, excel_serial, png, x,
                                    zip_package)

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


# ---------------------------------------------------------------- OOXML shared parts

def content_types(defaults, overrides):
    out = [XML_DECL, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">']
    for ext, ct in defaults:
        out.append('<Default Extension="%s" ContentType="%s"/>' % (ext, ct))
    for part, ct in overrides:
        out.append('<Override PartName="/%s" ContentType="%s"/>' % (part, ct))
    out.append("</Types>")
    return "".join(out)


def rels(items):
    """items: (id, type, target[, "External"])."""
    out = [XML_DECL, '<Relationships xmlns="%s">' % NS_PKG_R]
    for it in items:
        rid, typ, target = it[:3]
        full = typ if typ.startswith("http") else REL + typ
        mode = ' TargetMode="External"' if len(it) > 3 else ""
        out.append('<Relationship Id="%s" Type="%s" Target="%s"%s/>' % (rid, full, x(target), mode))
    out.append("</Relationships>")
    return "".join(out)


ROOT_RELS = rels([
    ("rId3", REL + "extended-properties", "docProps/app.xml"),
    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
     "docProps/core.xml"),
])


def root_rels(main):
    return ROOT_RELS.replace("</Relationships>", '<Relationship Id="rId1" Type="%sofficeDocument" '
                             'Target="%s"/></Relationships>' % (REL, main))


# The docProps/core.xml Office 2016 writes: Dublin Core, W3CDTF dates.
def core_xml(t, title=None):
    return (XML_DECL +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s</dc:title><dc:subject>%s</dc:subject><dc:creator>%s</dc:creator>'
            '<cp:keywords>DPRK; STS; 2397</cp:keywords><cp:lastModifiedBy>%s</cp:lastModifiedBy>'
            '<cp:revision>3</cp:revision>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>'
            '</cp:coreProperties>' % (x(title or t["title"]), x(t["unit"]), x(t["author"]),
                                      x(t["author"]), CREATED, MODIFIED))


# The docProps/app.xml of Office 2016 (Application, DocSecurity, TitlesOfParts...).
def app_xml(application, company, extra=""):
    return (XML_DECL +
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<Template>Normal.dotm</Template><TotalTime>42</TotalTime>%s'
            '<Application>%s</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
            '<Company>%s</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
            '<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>'
            % (extra, application, x(company)))


MIN_THEME = (
    XML_DECL + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme">'
    '<a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2>'
    '<a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1>'
    '<a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3>'
    '<a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5>'
    '<a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink>'
    '<a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>'
    '<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/>'
    '<a:cs typeface=""/><a:font script="Hang" typeface="맑은 고딕"/></a:majorFont><a:minorFont>'
    '<a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/><a:font script="Hang" typeface="맑은 고딕"/>'
    '</a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst>'
    '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
    '<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
    '<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>'
    '<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>'
    '<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements>'
    '<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>')

# ---------------------------------------------------------------- DOCX

W_NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:w10="urn:schemas-microsoft-com:office:word" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
        'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'mc:Ignorable="w14 w15 wp14"')
A_NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'


def w_run(text, rpr=""):
    sp = ' xml:space="preserve"' if text != text.strip() else ""
    return '<w:r>%s<w:t%s>%s</w:t></w:r>' % (rpr, sp, x(text))


def w_para(runs, style=None, lang="en", para_id=0):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return ('<w:p w14:paraId="%08X" w14:textId="77777777" w:rsidR="00B2397A" w:rsidRDefault="00B2397A">'
            '%s%s</w:p>' % (0x1A2B0000 + para_id, ppr, runs))


def w_textbox(text):
    """A text box as Word 2016 writes it: DrawingML (wps:txbx) in mc:Choice, the same
    content again as VML (v:textbox) in mc:Fallback."""
    content = '<w:txbxContent>%s</w:txbxContent>' % w_para(w_run(text), para_id=900)
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>3543300</wp:posOffset>'
        '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>45720</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2360930" cy="1404620"/><wp:effectExtent l="0" t="0" r="22860" b="11430"/>'
        '<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="217" name="Text Box 2"/><wp:cNvGraphicFramePr>'
        '<a:graphicFrameLocks %s/></wp:cNvGraphicFramePr><a:graphic %s>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr><wps:spPr bwMode="auto">'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="2360930" cy="1404620"/></a:xfrm><a:prstGeom prst="rect">'
        '<a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525">'
        '<a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:miter lim="800000"/></a:ln></wps:spPr>'
        '<wps:txbx>%s</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" '
        'rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp>'
        '</a:graphicData></a:graphic><wp14:sizeRelH relativeFrom="margin"><wp14:pctWidth>40000</wp14:pctWidth>'
        '</wp14:sizeRelH><wp14:sizeRelV relativeFrom="margin"><wp14:pctHeight>20000</wp14:pctHeight>'
        '</wp14:sizeRelV></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        '<v:shape id="Text Box 2" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;'
        'margin-left:279pt;margin-top:3.6pt;width:185.9pt;height:110.6pt;z-index:251659264;visibility:visible;'
        'mso-wrap-style:square;mso-width-percent:400;mso-height-percent:200;mso-position-horizontal:absolute;'
        'mso-position-vertical:absolute;mso-width-relative:margin;mso-height-relative:margin;v-text-anchor:top">'
        '<v:textbox style="mso-fit-shape-to-text:t">%s</v:textbox><w10:wrap type="square"/></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>' % (A_NS, A_NS, content, content))


def w_image(rid):
    """An inline picture (a:blip r:embed), Word 2016's w:drawing/wp:inline."""
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="609600" cy="304800"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:docPr id="1" name="Picture 1"/><wp:cNvGraphicFramePr><a:graphicFrameLocks %s noChangeAspect="1"/>'
        '</wp:cNvGraphicFramePr><a:graphic %s><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
        '<pic:cNvPr id="1" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        '<a:blip r:embed="%s"><a:extLst><a:ext uri="{28A0092B-C50C-407E-A947-70E740481C1C}">'
        '<a14:useLocalDpi xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" val="0"/>'
        '</a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="609600" cy="304800"/></a:xfrm><a:prstGeom prst="rect">'
        '<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
        % (A_NS, A_NS, rid))


def w_table(rows):
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += ['<w:gridCol w:w="3005"/>'] * len(rows[0])
    out.append("</w:tblGrid>")
    for i, row in enumerate(rows):
        out.append('<w:tr w:rsidR="00B2397A" w14:paraId="%08X" w14:textId="77777777">' % (0x2B000000 + i))
        for cell in row:
            out.append('<w:tc><w:tcPr><w:tcW w:w="3005" w:type="dxa"/></w:tcPr>%s</w:tc>'
                       % w_para(w_run(cell, '<w:rPr><w:b/></w:rPr>' if i == 0 else ""), para_id=100 + i))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def w_part(root, body):
    return XML_DECL + '<w:%s %s>%s</w:%s>' % (root, W_NS, body, root)


def docx_document(t, with_image, lang):
    """word/document.xml; returns (xml, the body's expected lines)."""
    p = t["paras"]
    body = [
        w_para(w_run(t["heading"]), style="Heading1", para_id=1),
        # a footnote reference after the first paragraph's text
        w_para(w_run(p[0]) + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
               '<w:footnoteReference w:id="1"/></w:r>', para_id=2),
        # a comment over the second paragraph
        w_para('<w:commentRangeStart w:id="0"/>' + w_run(p[1]) + '<w:commentRangeEnd w:id="0"/>'
               '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>',
               para_id=3),
        # the text box is anchored in the third paragraph
        w_para(w_textbox(t["textbox"]) + w_run(p[2]), para_id=4),
        w_table(t["table"]),
        w_para(w_run(p[3]) + '<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr>'
               '<w:endnoteReference w:id="1"/></w:r>', para_id=5),
        w_para(w_run(t["link_before"]) + '<w:hyperlink r:id="rId10" w:history="1">%s</w:hyperlink>'
               % w_run(t["link_text"], '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>') +
               w_run(t["link_after"]), para_id=6),
    ]
    if with_image:
        body.append(w_para(w_image("rId9"), para_id=7))
    body.append('<w:sectPr w:rsidR="00B2397A"><w:headerReference w:type="default" r:id="rId7"/>'
                '<w:footerReference w:type="default" r:id="rId8"/><w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
                'w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>')
    expected = [t["heading"], p[0], p[1], t["textbox"], p[2]]
    for row in t["table"]:
        expected += row
    expected += [p[3], t["link_before"] + t["link_text"] + t["link_after"]]
    return w_part("document", "<w:body>%s</w:body>" % "".join(body)), expected


def docx_notes(kind, text):
    """word/footnotes.xml or endnotes.xml: Word's separator notes -1 and 0, then note 1."""
    tag = kind[:-1]  # footnote / endnote
    ref = "footnoteRef" if tag == "footnote" else "endnoteRef"
    style = "FootnoteText" if tag == "footnote" else "EndnoteText"
    rstyle = "FootnoteReference" if tag == "footnote" else "EndnoteReference"
    body = ('<w:%s w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:%s>'
            '<w:%s w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:%s>'
            '<w:%s w:id="1"><w:p><w:pPr><w:pStyle w:val="%s"/></w:pPr><w:r><w:rPr><w:rStyle w:val="%s"/>'
            '</w:rPr><w:%s/></w:r>%s%s</w:p></w:%s>'
            % (tag, tag, tag, tag, tag, style, rstyle, ref, w_run(" "), w_run(text), tag))
    return w_part(kind, body)


def docx_comments(t):
    return w_part("comments",
                  '<w:comment w:id="0" w:author="%s" w:date="%s" w:initials="%s"><w:p><w:pPr>'
                  '<w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/>'
                  '</w:rPr><w:annotationRef/></w:r>%s</w:p></w:comment>'
                  % (x(t["author"]), CREATED, x(t["author"][:1]), w_run(t["comment"])))


def docx_footer(t):
    # a PAGE field as Word writes it: fldChar begin, instrText, separate, result, end
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE   '
             '\\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             '<w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return w_part("ftr", w_para(w_run(t["footer"]) + '<w:r><w:tab/></w:r>' + field, style="Footer", para_id=800))


DOCX_STYLES = w_part("styles", (
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" '
    'w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:sz w:val="22"/><w:lang w:val="en-US" '
    'w:eastAsia="ko-KR" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" '
    'w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/>'
    '</w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/>'
    '<w:u w:val="single"/></w:rPr></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>'
    '<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" '
    'w:color="auto"/></w:tblBorders></w:tblPr></w:style>'))

DOCX_SETTINGS = w_part("settings", '<w:zoom w:percent="100"/><w:defaultTabStop w:val="800"/>'
                       '<w:characterSpacingControl w:val="doNotCompress"/><w:footnotePr><w:footnote w:id="-1"/>'
                       '<w:footnote w:id="0"/></w:footnotePr><w:endnotePr><w:endnote w:id="-1"/>'
                       '<w:endnote w:id="0"/></w:endnotePr><w:compat><w:compatSetting w:name="compatibilityMode" '
                       'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
                       '<w:themeFontLang w:val="en-US" w:eastAsia="ko-KR"/>')

DOCX_FONTS = w_part("fonts", '<w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/>'
                    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="맑은 고딕">'
                    '<w:altName w:val="Malgun Gothic"/><w:charset w:val="81"/><w:family w:val="swiss"/>'
                    '<w:pitch w:val="variable"/></w:font>')


# The parts and relationships Word 2016 writes (document, styles, settings, webSettings,
# fontTable, theme, footnotes, endnotes, comments, header1, footer1, media, docProps),
# in the zip order Word uses.
def docx_parts(lang, with_image=False):
    t = TEXT[lang]
    document, body = docx_document(t, with_image, lang)
    doc_rels = [
        ("rId3", "settings", "settings.xml"), ("rId2", "styles", "styles.xml"),
        ("rId1", "customXml", "../customXml/item1.xml"), ("rId4", "webSettings", "webSettings.xml"),
        ("rId5", "footnotes", "footnotes.xml"), ("rId6", "endnotes", "endnotes.xml"),
        ("rId7", "header", "header1.xml"), ("rId8", "footer", "footer1.xml"),
        ("rId10", "hyperlink", t["link_url"], "External"),
        ("rId11", "comments", "comments.xml"), ("rId12", "fontTable", "fontTable.xml"),
        ("rId13", "theme", "theme/theme1.xml"),
    ]
    if with_image:
        doc_rels.insert(8, ("rId9", "image", "media/image1.png"))
    defaults = [("png", "image/png"), ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                ("xml", "application/xml")]
    wml = CT_BASE + "wordprocessingml."
    overrides = [
        ("customXml/itemProps1.xml", CT_BASE + "customXmlProperties+xml"),
        ("word/document.xml", wml + "document.main+xml"), ("word/styles.xml", wml + "styles+xml"),
        ("word/settings.xml", wml + "settings+xml"), ("word/webSettings.xml", wml + "webSettings+xml"),
        ("word/footnotes.xml", wml + "footnotes+xml"), ("word/endnotes.xml", wml + "endnotes+xml"),
        ("word/header1.xml", wml + "header+xml"), ("word/footer1.xml", wml + "footer+xml"),
        ("word/comments.xml", wml + "comments+xml"), ("word/fontTable.xml", wml + "fontTable+xml"),
        ("word/theme/theme1.xml", CT_BASE + "theme+xml"),
        ("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("docProps/app.xml", CT_BASE + "extended-properties+xml"),
    ]
    words = sum(len(s.split()) for s in body)
    parts = [
        ("[Content_Types].xml", content_types(defaults, overrides)),
        ("_rels/.rels", root_rels("word/document.xml")),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels(doc_rels)),
        ("word/footnotes.xml", docx_notes("footnotes", t["footnote"])),
        ("word/endnotes.xml", docx_notes("endnotes", t["endnote"])),
        ("word/header1.xml", w_part("hdr", w_para(w_run(t["header"]), style="Header", para_id=700))),
        ("word/footer1.xml", docx_footer(t)),
        ("word/comments.xml", docx_comments(t)),
    ]
    if with_image:
        parts.append(("word/media/image1.png", png()))
    parts += [
        ("word/theme/theme1.xml", MIN_THEME),
        ("word/settings.xml", DOCX_SETTINGS),
        ("word/styles.xml", DOCX_STYLES),
        ("word/webSettings.xml", w_part("webSettings", '<w:optimizeForBrowser/><w:allowPNG/>')),
        ("word/fontTable.xml", DOCX_FONTS),
        ("customXml/item1.xml", XML_DECL + '<b:Sources xmlns:b="http://schemas.openxmlformats.org/'
         'officeDocument/2006/bibliography" SelectedStyle="\\APASixthEditionOfficeOnline.xsl" '
         'StyleName="APA" Version="6"/>'),
        ("customXml/itemProps1.xml", XML_DECL + '<ds:datastoreItem ds:itemID="{3F2504E0-4F89-11D3-9A0C-0305E82C3301}" '
         'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
         '<ds:schemaRef ds:uri="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/>'
         '</ds:schemaRefs></ds:datastoreItem>'),
        ("customXml/_rels/item1.xml.rels", rels([("rId1", "customXmlProps", "itemProps1.xml")])),
        ("docProps/core.xml", core_xml(t)),
        ("docProps/app.xml", app_xml("Microsoft Office Word", t["unit"],
                                     "<Pages>1</Pages><Words>%d</Words><Characters>%d</Characters>"
                                     "<Lines>12</Lines><Paragraphs>8</Paragraphs>"
                                     % (words, sum(len(s) for s in body)))),
    ]
    # the reader's order: headers, body, footnotes, endnotes, comments, footers
    expected = [t["header"]] + body + [t["footnote"], t["endnote"], t["comment"], t["footer"], "1"]
    return parts, expected


def write_docx(out, lang):
    name = "%s_report.docx" % lang
    parts, text = docx_parts(lang, with_image=lang == "en")
    t = TEXT[lang]
    out.write(name, zip_package(parts), entry(
        "docx", lang, text, title=t["title"], author=t["author"], created=CREATED, modified=MODIFIED,
        children=["image1.png"] if lang == "en" else [],
        notes="The text box is written twice (wps:txbx, then v:textbox in mc:Fallback): its text "
              "counts once. The footer's PAGE field gives its result 1, not its instruction. "
              "Reading order as trawl gives it: header, body (a text box before the paragraph it "
              "is anchored in), footnote, endnote, comment, footer." +
              (" word/media/image1.png (64x32 PNG) is a child." if lang == "en" else "")))


# ---------------------------------------------------------------- XLSX

SML_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
          'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
          'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
          'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
          'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"')

# Excel 2016's styles.xml: cellXfs 0 General, 1 the built-in short date (numFmtId 14),
# 2 a custom yyyy-mm-dd (Excel escapes the hyphens), 3 bold.
XLSX_STYLES = (
    XML_DECL + '<styleSheet %s><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="2" x14ac:knownFonts="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font><font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
    '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>'
    '</styleSheet>' % SML_NS)


class SharedStrings:
    def __init__(self):
        self.strings, self.index, self.count = [], {}, 0

    def add(self, s):
        self.count += 1
        if s not in self.index:
            self.index[s] = len(self.strings)
            self.strings.append(s)
        return self.index[s]

    def xml(self):
        sis = "".join('<si><t%s>%s</t></si>' % (' xml:space="preserve"' if s != s.strip() else "", x(s))
                      for s in self.strings)
        return (XML_DECL + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'count="%d" uniqueCount="%d">%s</sst>' % (self.count, len(self.strings), sis))


def col_name(i):
    return "ABCDEFGHIJ"[i]


def sheet_xml(rows, dimension, selected=False, extra_rows=""):
    """rows: (row number, [cell xml...]); cells already carry their r attributes."""
    data = "".join('<row r="%d" spans="1:%d" x14ac:dyDescent="0.3">%s</row>' % (r, max(1, len(c)), "".join(c))
                   for r, c in rows)
    return (XML_DECL + '<worksheet %s xr:uid="{00000000-0001-0000-0000-000000000000}"><dimension ref="%s"/>'
            '<sheetViews><sheetView %sworkbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="16.5" '
            'x14ac:dyDescent="0.3"/><cols><col min="1" max="5" width="18.625" customWidth="1"/></cols>'
            '<sheetData>%s%s</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/><pageSetup paperSize="9" orientation="portrait"/></worksheet>'
            % (SML_NS, dimension, 'tabSelected="1" ' if selected else "", data, extra_rows))


def c_str(ref, sst, s, style=None):
    st = ' s="%d"' % style if style else ""
    return '<c r="%s"%s t="s"><v>%d</v></c>' % (ref, st, sst.add(s))


def c_num(ref, v, style=None):
    st = ' s="%d"' % style if style else ""
    return '<c r="%s"%s><v>%s</v></c>' % (ref, st, v)


def c_inline(ref, s):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, x(s))


def quote_sheet(name):
    return name if name.isalnum() else "'%s'" % name.replace("'", "''")


def xlsx_sheets(t, sst):
    """The three worksheets and their expected lines (the sheet's name first)."""
    names = t["sheets"]
    # Transfers: rows 1, 2, 5 (3 and 4 are empty and Excel leaves them out), 6 the total
    rows, exp = [], [names[0]] + t["cols"]
    rows.append((1, [c_str(col_name(i) + "1", sst, h, 3) for i, h in enumerate(t["cols"])]))
    for (r, ((y, m, d), v, c, cargo, barrels)), style in zip(zip((2, 5), TRANSFERS), (1, 2)):
        cells = [c_num("A%d" % r, excel_serial(y, m, d), style),
                 c_str("B%d" % r, sst, t["vessels"][1 + v][0]), c_str("C%d" % r, sst, t["vessels"][1 + c][0])]
        # the second transfer's cargo an inline string (as written by other tools into Excel files)
        cells.append(c_inline("D%d" % r, t["cargo"][cargo]) if r == 5 else c_str("D%d" % r, sst, t["cargo"][cargo]))
        cells.append(c_num("E%d" % r, barrels))
        rows.append((r, cells))
        exp += ["%04d-%02d-%02d" % (y, m, d), t["vessels"][1 + v][0], t["vessels"][1 + c][0],
                t["cargo"][cargo], str(barrels)]
    total = sum(tr[4] for tr in TRANSFERS)
    rows.append((6, [c_str("A6", sst, t["total"], 3), '<c r="E6"><f>SUM(E2:E5)</f><v>%d</v></c>' % total]))
    exp += [t["total"], str(total)]
    s1 = sheet_xml(rows, "A1:E6", selected=True)
    # Vessels
    rows2, exp2 = [], [names[1]]
    for i, row in enumerate(t["vessels"]):
        cells = []
        for j, v in enumerate(row):
            ref = "%s%d" % (col_name(j), i + 1)
            cells.append(c_num(ref, v) if isinstance(v, int) else c_str(ref, sst, v, 3 if i == 0 else None))
            exp2.append(str(v))
        rows2.append((i + 1, cells))
    s2 = sheet_xml(rows2, "A1:D%d" % len(t["vessels"]))
    # Summary: a formula over the first sheet, a gap, the unit
    rows3 = [(1, [c_str("A1", sst, t["total"]),
                  '<c r="B1"><f>SUM(%s!E2:E5)</f><v>%d</v></c>' % (x(quote_sheet(names[0])), total)]),
             (3, [c_str("A3", sst, t["unit"])])]
    s3 = sheet_xml(rows3, "A1:B3")
    return [s1, s2, s3], [exp, exp2, [names[2], t["total"], str(total), t["unit"]]]


def xlsx_package(t, sheets, sst, names, core=True):
    n = len(sheets)
    wb = (XML_DECL + '<workbook %s><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
          '<workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="-120" yWindow="-120" '
          'windowWidth="29040" windowHeight="15840"/></bookViews><sheets>%s</sheets><calcPr calcId="191029"/>'
          '</workbook>' % (SML_NS, "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (x(nm), i + 1, i + 1)
                                          for i, nm in enumerate(names))))
    wb_rels = [("rId%d" % (i + 1), "worksheet", "worksheets/sheet%d.xml" % (i + 1)) for i in range(n)]
    wb_rels += [("rId%d" % (n + 1), "theme", "theme/theme1.xml"), ("rId%d" % (n + 2), "styles", "styles.xml"),
                ("rId%d" % (n + 3), "sharedStrings", "sharedStrings.xml")]
    sml = CT_BASE + "spreadsheetml."
    overrides = [("xl/workbook.xml", sml + "sheet.main+xml")]
    overrides += [("xl/worksheets/sheet%d.xml" % (i + 1), sml + "worksheet+xml") for i in range(n)]
    overrides += [("xl/theme/theme1.xml", CT_BASE + "theme+xml"), ("xl/styles.xml", sml + "styles+xml"),
                  ("xl/sharedStrings.xml", sml + "sharedStrings+xml"),
                  ("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("docProps/app.xml", CT_BASE + "extended-properties+xml")]
    defaults = [("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("xml", "application/xml")]
    titles = "".join("<vt:lpstr>%s</vt:lpstr>" % x(nm) for nm in names)
    app_extra = ('<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr>'
                 '</vt:variant><vt:variant><vt:i4>%d</vt:i4></vt:variant></vt:vector></HeadingPairs>'
                 '<TitlesOfParts><vt:vector size="%d" baseType="lpstr">%s</vt:vector></TitlesOfParts>'
                 % (n, n, titles))
    parts = [("[Content_Types].xml", content_types(defaults, overrides)),
             ("_rels/.rels", root_rels("xl/workbook.xml")),
             ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", rels(wb_rels))]
    parts += [("xl/worksheets/sheet%d.xml" % (i + 1), s) for i, s in enumerate(sheets)]
    parts += [("xl/theme/theme1.xml", MIN_THEME), ("xl/styles.xml", XLSX_STYLES),
              ("xl/sharedStrings.xml", sst.xml())]
    if core:
        parts.append(("docProps/core.xml", core_xml(t)))
    parts.append(("docProps/app.xml", app_xml("Microsoft Excel", t["unit"], app_extra).replace(
        "<Template>Normal.dotm</Template><TotalTime>42</TotalTime>", "")))
    return parts


# The workbook parts Excel 2016 writes (workbook, worksheets, theme, styles, sharedStrings,
# docProps), in its zip order.
def write_xlsx(out, lang):
    t = TEXT[lang]
    sst = SharedStrings()
    sheets, exp = xlsx_sheets(t, sst)
    parts = xlsx_package(t, sheets, sst, t["sheets"])
    out.write("%s_cargo.xlsx" % lang, zip_package(parts), entry(
        "xlsx", lang, [s for sheet in exp for s in sheet], title=t["title"], author=t["author"],
        created=CREATED, modified=MODIFIED, sheets=t["sheets"],
        notes="Each sheet starts with its name. A2 has numFmtId 14 (the locale's short date; trawl and "
              "this file's reference give it as YYYY-MM-DD, Excel en-US shows 2/15/2024), A5 the custom "
              "format yyyy\\-mm\\-dd; rows 3 and 4 are absent; D5 is an inline string; E6 and the "
              "Summary sheet's B1 are formulas whose cached values are the text."))


# ---------------------------------------------------------------- PPTX

P_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
GRP = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
       '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
CLR_MAP = ('bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
           'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"')


def a_para(text, lang, extra_ppr=""):
    alt = "en-US" if lang != "en" else "ko-KR"
    return ('<a:p>%s<a:r><a:rPr lang="%s" altLang="%s" dirty="0"/><a:t>%s</a:t></a:r>'
            '<a:endParaRPr lang="%s" altLang="%s" dirty="0"/></a:p>' % (extra_ppr, LANG_TAG[lang], alt, x(text),
                                                                     LANG_TAG[lang], alt))


def p_shape(sid, name, ph, paras, xfrm=""):
    return ('<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            '<p:nvPr>%s</p:nvPr></p:nvSpPr><p:spPr>%s</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>%s</p:txBody></p:sp>'
            % (sid, name, ph, xfrm, paras))


def p_table(rows, lang):
    grid = "".join('<a:gridCol w="2709333"/>' for _ in rows[0])
    trs = "".join('<a:tr h="370840">%s</a:tr>' % "".join(
        '<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>%s</a:txBody><a:tcPr/></a:tc>' % a_para(c, lang) for c in row)
        for row in rows)
    return ('<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="Table 3"/><p:cNvGraphicFramePr>'
            '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm>'
            '<a:off x="838200" y="1825625"/><a:ext cx="8128000" cy="1112520"/></p:xfrm><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
            '<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}</a:tableStyleId>'
            '</a:tblPr><a:tblGrid>%s</a:tblGrid>%s</a:tbl></a:graphicData></a:graphic></p:graphicFrame>' % (grid, trs))


def slide_xml(title, bullets, lang, table=None):
    shapes = p_shape(2, "Title 1", '<p:ph type="title"/>', a_para(title, lang))
    if bullets:
        shapes += p_shape(3, "Content Placeholder 2", '<p:ph idx="1"/>', "".join(a_para(b, lang) for b in bullets))
    if table:
        shapes += p_table(table, lang)
    return (XML_DECL + '<p:sld %s><p:cSld><p:spTree>%s%s</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/>'
            '</p:clrMapOvr></p:sld>' % (P_NS, GRP, shapes))


def notes_xml(text, number, lang):
    return (XML_DECL + '<p:notes %s><p:cSld><p:spTree>%s'
            '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" '
            'noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
            '%s<p:sp><p:nvSpPr><p:cNvPr id="4" name="Slide Number Placeholder 3"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            '</p:cNvSpPr><p:nvPr><p:ph type="sldNum" sz="quarter" idx="5"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody>'
            '<a:bodyPr/><a:lstStyle/><a:p><a:fld id="{B3A1C2D4-0000-4E5F-9A8B-2397000000%02d}" type="slidenum">'
            '<a:rPr lang="en-US" altLang="ko-KR"/><a:t>%d</a:t></a:fld><a:endParaRPr lang="en-US"/></a:p></p:txBody>'
            '</p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>'
            % (P_NS, GRP, p_shape(3, "Notes Placeholder 2", '<p:ph type="body" idx="1"/>', a_para(text, lang)),
               number, number))


def ppt_master(kind):
    """slideMaster1.xml, slideLayout1.xml or notesMaster1.xml with PowerPoint's prompt texts."""
    if kind == "layout":
        return (XML_DECL + '<p:sldLayout %s type="obj" preserve="1"><p:cSld name="Title and Content"><p:spTree>%s%s%s'
                '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>'
                % (P_NS, GRP, p_shape(2, "Title 1", '<p:ph type="title"/>', a_para("Click to edit Master title style", "en")),
                   p_shape(3, "Content Placeholder 2", '<p:ph idx="1"/>', a_para("Edit Master text styles", "en"))))
    if kind == "master":
        return (XML_DECL + '<p:sldMaster %s><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef>'
                '</p:bg><p:spTree>%s%s%s</p:spTree></p:cSld><p:clrMap %s/><p:sldLayoutIdLst>'
                '<p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle>'
                '<a:lvl1pPr algn="l"><a:defRPr sz="4400"/></a:lvl1pPr></p:titleStyle><p:bodyStyle><a:lvl1pPr marL="228600" '
                'indent="-228600"><a:buFont typeface="Arial"/><a:buChar char="&#8226;"/><a:defRPr sz="2800"/></a:lvl1pPr>'
                '</p:bodyStyle><p:otherStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr></p:otherStyle></p:txStyles>'
                '</p:sldMaster>'
                % (P_NS, GRP,
                   p_shape(2, "Title Placeholder 1", '<p:ph type="title"/>', a_para("Click to edit Master title style", "en"),
                           '<a:xfrm><a:off x="838200" y="365125"/><a:ext cx="10515600" cy="1325563"/></a:xfrm>'),
                   p_shape(3, "Text Placeholder 2", '<p:ph type="body" idx="1"/>', a_para("Edit Master text styles", "en"),
                           '<a:xfrm><a:off x="838200" y="1825625"/><a:ext cx="10515600" cy="4351338"/></a:xfrm>'),
                   CLR_MAP))
    return (XML_DECL + '<p:notesMaster %s><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
            '<p:spTree>%s%s</p:spTree></p:cSld><p:clrMap %s/><p:notesStyle><a:lvl1pPr marL="0"><a:defRPr sz="1200"/>'
            '</a:lvl1pPr></p:notesStyle></p:notesMaster>'
            % (P_NS, GRP, p_shape(2, "Notes Placeholder 1", '<p:ph type="body" sz="quarter" idx="1"/>',
                                  a_para("Click to edit Master text styles", "en")), CLR_MAP))


def slides_content(t):
    """The three slides in presentation order: (title, bullets, table)."""
    (t1, b1), (t2, b2), (t3, _) = t["slides"]
    table = [[t["cols"][0], t["cols"][1], t["cols"][4]]] + [[r[0], r[1], r[4]] for r in transfer_rows(t)]
    return [(t1, b1, None), (t2, b2, None), (t3, [], table)]


# The parts PowerPoint 2016 writes: presentation (sldMasterIdLst, notesMasterIdLst,
# sldIdLst), slides, a layout, a master, a notes master, notes slides, themes,
# presProps, viewProps, tableStyles, docProps.
# `order`: the slide part that shows at each place (slide3.xml second); `missing`: slide
# parts listed but left out of the zip.
def pptx_parts(lang, order=(1, 3, 2), notes_on=2, missing=()):
    t = TEXT[lang]
    content = slides_content(t)
    parts_of = {}  # slide part number -> (title, bullets, table, place)
    for place, num in enumerate(order, 1):
        parts_of[num] = content[place - 1] + (place,)
    n = len(order)
    pres_rels = [("rId1", "slideMaster", "slideMasters/slideMaster1.xml")]
    pres_rels += [("rId%d" % (1 + k), "slide", "slides/slide%d.xml" % k) for k in range(1, n + 1)]
    pres_rels += [("rId%d" % (n + 2), "notesMaster", "notesMasters/notesMaster1.xml"),
                  ("rId%d" % (n + 3), "presProps", "presProps.xml"), ("rId%d" % (n + 4), "viewProps", "viewProps.xml"),
                  ("rId%d" % (n + 5), "theme", "theme/theme1.xml"), ("rId%d" % (n + 6), "tableStyles", "tableStyles.xml")]
    sld_ids = "".join('<p:sldId id="%d" r:id="rId%d"/>' % (255 + num, 1 + num) for num in order)
    pres = (XML_DECL + '<p:presentation %s saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" '
            'r:id="rId1"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="rId%d"/></p:notesMasterIdLst>'
            '<p:sldIdLst>%s</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>'
            '<p:defaultTextStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr></p:defaultTextStyle></p:presentation>'
            % (P_NS, n + 2, sld_ids))
    pml = CT_BASE + "presentationml."
    overrides = [("ppt/presentation.xml", pml + "presentation.main+xml"),
                 ("ppt/slideMasters/slideMaster1.xml", pml + "slideMaster+xml")]
    overrides += [("ppt/slides/slide%d.xml" % k, pml + "slide+xml") for k in range(1, n + 1)]
    overrides += [("ppt/notesMasters/notesMaster1.xml", pml + "notesMaster+xml"),
                  ("ppt/notesSlides/notesSlide1.xml", pml + "notesSlide+xml"),
                  ("ppt/presProps.xml", pml + "presProps+xml"), ("ppt/viewProps.xml", pml + "viewProps+xml"),
                  ("ppt/theme/theme1.xml", CT_BASE + "theme+xml"), ("ppt/theme/theme2.xml", CT_BASE + "theme+xml"),
                  ("ppt/tableStyles.xml", pml + "tableStyles+xml"),
                  ("ppt/slideLayouts/slideLayout1.xml", pml + "slideLayout+xml"),
                  ("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("docProps/app.xml", CT_BASE + "extended-properties+xml")]
    defaults = [("png", "image/png"), ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                ("xml", "application/xml")]
    parts = [("[Content_Types].xml", content_types(defaults, overrides)),
             ("_rels/.rels", root_rels("ppt/presentation.xml")),
             ("ppt/presentation.xml", pres), ("ppt/_rels/presentation.xml.rels", rels(pres_rels))]
    notes_part = order[notes_on - 1]
    for k in range(1, n + 1):
        if k in missing:
            continue
        title, bullets, table, place = parts_of[k]
        srels = [("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")]
        if k == notes_part:
            srels.append(("rId2", "notesSlide", "../notesSlides/notesSlide1.xml"))
        parts += [("ppt/slides/_rels/slide%d.xml.rels" % k, rels(srels)),
                  ("ppt/slides/slide%d.xml" % k, slide_xml(title, bullets, lang, table))]
    parts += [("ppt/notesSlides/notesSlide1.xml", notes_xml(t["notes"], notes_on, lang)),
              ("ppt/notesSlides/_rels/notesSlide1.xml.rels",
               rels([("rId2", "slide", "../slides/slide%d.xml" % notes_part),
                     ("rId1", "notesMaster", "../notesMasters/notesMaster1.xml")])),
              ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels([("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])),
              ("ppt/slideLayouts/slideLayout1.xml", ppt_master("layout")),
              ("ppt/slideMasters/_rels/slideMaster1.xml.rels",
               rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "theme", "../theme/theme1.xml")])),
              ("ppt/slideMasters/slideMaster1.xml", ppt_master("master")),
              ("ppt/notesMasters/_rels/notesMaster1.xml.rels", rels([("rId1", "theme", "../theme/theme2.xml")])),
              ("ppt/notesMasters/notesMaster1.xml", ppt_master("notes")),
              ("ppt/theme/theme1.xml", MIN_THEME), ("ppt/theme/theme2.xml", MIN_THEME),
              ("ppt/presProps.xml", XML_DECL + '<p:presentationPr %s/>' % P_NS),
              ("ppt/viewProps.xml", XML_DECL + '<p:viewPr %s lastView="sldThumbnailView"><p:gridSpacing cx="72008" '
               'cy="72008"/></p:viewPr>' % P_NS),
              ("ppt/tableStyles.xml", XML_DECL + '<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/'
               'drawingml/2006/main" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'),
              ("docProps/core.xml", core_xml(t)),
              ("docProps/app.xml", app_xml("Microsoft Office PowerPoint", t["unit"],
                                           "<PresentationFormat>Widescreen</PresentationFormat><Slides>%d</Slides>"
                                           "<Notes>1</Notes>" % n).replace("<Template>Normal.dotm</Template>", ""))]
    expected = []
    for place, num in enumerate(order, 1):
        if num in missing:
            continue
        title, bullets, table, _ = parts_of[num]
        expected += [title] + list(bullets) + ([c for row in table for c in row] if table else [])
        if place == notes_on:
            expected.append(t["notes"])
    return parts, expected


def write_pptx(out, lang):
    t = TEXT[lang]
    parts, text = pptx_parts(lang)
    out.write("%s_briefing.pptx" % lang, zip_package(parts), entry(
        "pptx", lang, text, title=t["title"], author=t["author"], created=CREATED, modified=MODIFIED,
        notes="sldIdLst order: slide1.xml, slide3.xml, slide2.xml (the part named slide3.xml is shown "
              "second and has the speaker notes; slide2.xml is shown third and holds the table). "
              "The notes' slide-number field (2) and the masters' prompt texts are not text."))


# ---------------------------------------------------------------- OpenDocument

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:chart="urn:oasis:names:tc:opendocument:xmlns:chart:1.0" '
          'xmlns:dr3d="urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0" xmlns:math="http://www.w3.org/1998/Math/MathML" '
          'xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" '
          'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
          'xmlns:ooo="http://openoffice.org/2004/office" xmlns:ooow="http://openoffice.org/2004/writer" '
          'xmlns:oooc="http://openoffice.org/2004/calc" xmlns:dom="http://www.w3.org/2001/xml-events" '
          'xmlns:xforms="http://www.w3.org/2002/xforms" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xmlns:rpt="http://openoffice.org/2005/report" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" xmlns:xhtml="http://www.w3.org/1999/xhtml" '
          'xmlns:grddl="http://www.w3.org/2003/g/data-view#" xmlns:officeooo="http://openoffice.org/2009/office" '
          'xmlns:tableooo="http://openoffice.org/2009/table" xmlns:drawooo="http://openoffice.org/2010/draw" '
          'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
          'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
          'xmlns:field="urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0" '
          'xmlns:formx="urn:openoffice:names:experimental:ooxml-odf-interop:xmlns:form:1.0" '
          'xmlns:css3t="http://www.w3.org/TR/css3-text/" office:version="1.3"')
ODF_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
ODF_CREATED = CREATED.rstrip("Z")  # LibreOffice 7.4 writes local time, no zone
ODF_MODIFIED = MODIFIED.rstrip("Z")
LO_GENERATOR = "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"
FONT_DECLS = ('<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="&apos;Liberation Serif&apos;" '
              'style:font-family-generic="roman" style:font-pitch="variable"/><style:font-face style:name="Noto Sans CJK KR" '
              'svg:font-family="&apos;Noto Sans CJK KR&apos;" style:font-family-generic="system" style:font-pitch="variable"/>'
              '</office:font-face-decls>')


def t_p(text, style="Standard", inner=None):
    return '<text:p text:style-name="%s">%s</text:p>' % (style, inner if inner is not None else x(text))


def odf_meta(t, title, stats):
    return (ODF_XML_DECL + '<office:document-meta %s><office:meta><meta:creation-date>%s</meta:creation-date>'
            '<dc:date>%s</dc:date><meta:editing-duration>PT42M10S</meta:editing-duration>'
            '<meta:editing-cycles>3</meta:editing-cycles><meta:generator>%s</meta:generator><dc:title>%s</dc:title>'
            '<dc:subject>%s</dc:subject><meta:keyword>DPRK</meta:keyword><meta:keyword>2397</meta:keyword>'
            '<meta:initial-creator>%s</meta:initial-creator><dc:creator>%s</dc:creator>'
            '<meta:document-statistic %s/></office:meta></office:document-meta>'
            % (ODF_NS, ODF_CREATED, ODF_MODIFIED, LO_GENERATOR, x(title), x(t["unit"]), x(t["author"]),
               x(t["author"]), stats))


def odf_manifest(media_type):
    files = [("/", media_type), ("Configurations2/", "application/vnd.sun.xml.ui.configuration"),
             ("manifest.rdf", "application/rdf+xml"), ("meta.xml", "text/xml"), ("settings.xml", "text/xml"),
             ("Thumbnails/thumbnail.png", "image/png"), ("styles.xml", "text/xml"), ("content.xml", "text/xml")]
    entries = "\n ".join('<manifest:file-entry manifest:full-path="%s"%s manifest:media-type="%s"/>'
                      % (p, ' manifest:version="1.3"' if p == "/" else "", m) for p, m in files)
    return (ODF_XML_DECL + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.3" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0">'
            '\n %s\n</manifest:manifest>\n' % entries)


MANIFEST_RDF = (ODF_XML_DECL + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
                'rdf:about="content.xml"><rdf:type rdf:resource="http://docs.oasis-open.org/ns/office/1.2/meta/odf#'
                'ContentFile"/></rdf:Description><rdf:Description rdf:about=""><ns0:hasPart xmlns:ns0="http://docs.'
                'oasis-open.org/ns/office/1.2/meta/pkg#" rdf:resource="content.xml"/><rdf:type rdf:resource="http://'
                'docs.oasis-open.org/ns/office/1.2/meta/pkg#Document"/></rdf:Description></rdf:RDF>')
ODF_SETTINGS = (ODF_XML_DECL + '<office:document-settings %s xmlns:config="urn:oasis:names:tc:opendocument:xmlns:'
                'config:1.0"><office:settings><config:config-item-set config:name="ooo:view-settings">'
                '<config:config-item config:name="ViewAreaTop" config:type="long">0</config:config-item>'
                '</config:config-item-set></office:settings></office:document-settings>' % ODF_NS)


def odf_styles(master_page_body=""):
    return (ODF_XML_DECL + '<office:document-styles %s>%s<office:styles><style:default-style style:family="paragraph">'
            '<style:text-properties style:font-name="Liberation Serif" fo:language="en" fo:country="US" '
            'style:font-name-asian="Noto Sans CJK KR" style:language-asian="ko" style:country-asian="KR"/>'
            '</style:default-style><style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
            '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" '
            'style:default-outline-level="1"/></office:styles><office:automatic-styles><style:page-layout '
            'style:name="pm1"><style:page-layout-properties fo:page-width="21.001cm" fo:page-height="29.7cm"/>'
            '<style:header-style/><style:footer-style/></style:page-layout></office:automatic-styles>'
            '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">%s'
            '</style:master-page></office:master-styles></office:document-styles>'
            % (ODF_NS, FONT_DECLS, master_page_body))


def odf_package(media_type, content, styles, meta):
    """LibreOffice 7.4's zip order (checked against a file it saved): mimetype (stored,
    first), the empty Configurations2/ folders, manifest.rdf, meta.xml, settings.xml, the
    thumbnail (stored), styles.xml, content.xml, the manifest last."""
    folders = ["Configurations2/%s/" % f for f in ("toolpanel", "progressbar", "statusbar", "toolbar", "floater",
                                                   "popupmenu", "menubar")]
    thumb = "Thumbnails/thumbnail.png"
    return zip_package([("mimetype", media_type)] + [(f, b"") for f in folders] + [
        ("manifest.rdf", MANIFEST_RDF), ("meta.xml", meta), ("settings.xml", ODF_SETTINGS),
        (thumb, png(32, 45, (4, 4, 28, 8))), ("styles.xml", styles), ("content.xml", content),
        ("META-INF/manifest.xml", odf_manifest(media_type)),
    ], date=ZIP_DATE_LO, stored=["mimetype", thumb] + folders)


def odf_content(body, auto_styles=""):
    return (ODF_XML_DECL + '<office:document-content %s><office:scripts/>%s<office:automatic-styles>%s'
            '</office:automatic-styles><office:body>%s</office:body></office:document-content>'
            % (ODF_NS, FONT_DECLS, auto_styles, body))


def odf_table(name, rows):
    cols = '<table:table-column table:style-name="co1" table:number-columns-repeated="%d"/>' % len(rows[0])
    trs = "".join('<table:table-row>%s</table:table-row>' % "".join(
        '<table:table-cell table:style-name="A1" office:value-type="string">%s</table:table-cell>' % t_p(c, "Table_20_Contents")
        for c in row) for row in rows)
    return '<table:table table:name="%s" table:style-name="Table1">%s%s</table:table>' % (x(name), cols, trs)


# LibreOffice 7.4 Writer's content.xml, styles.xml (a header and a footer with a page
# number field in the master page), meta.xml, manifest, settings, thumbnail.
def write_odt(out, lang):
    t = TEXT[lang]
    p = t["paras"]
    note = ('<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            '<text:note-body>%s</text:note-body></text:note>' % t_p(t["footnote"], "Footnote"))
    annotation = ('<office:annotation office:name="__Annotation__15_1149790105" loext:resolved="false"><dc:creator>%s'
                  '</dc:creator><dc:date>%s</dc:date><meta:creator-initials>%s</meta:creator-initials><text:p>%s</text:p>'
                  '</office:annotation>' % (x(t["author"]), ODF_CREATED, x(t["author"][:1]), x(t["comment"])))
    link = ('%s<text:a xlink:type="simple" xlink:href="%s" text:style-name="Internet_20_link" '
            'text:visited-style-name="Visited_20_Internet_20_Link">%s</text:a>%s'
            % (x(t["link_before"]), x(t["link_url"]), x(t["link_text"]), x(t["link_after"])))
    body = ('<office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/>'
            '<text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>'
            '<text:h text:style-name="Heading_20_1" text:outline-level="1">%s</text:h>'
            '%s%s%s%s%s%s%s</office:text>'
            % (x(t["minutes_title"]),
               t_p(None, "P1", x(t["unit"]) + "<text:tab/>2024-03-05"),
               t_p(None, "Standard", x(p[0]) + note),
               t_p(None, "Standard", annotation + x(p[1]) +
                   '<office:annotation-end office:name="__Annotation__15_1149790105"/>'),
               t_p(p[2]), odf_table("Table1", t["table"]), t_p(p[3]), t_p(None, "Standard", link)))
    footer = t_p(None, "Footer", x(t["footer"]) + ' <text:page-number text:select-page="current">1</text:page-number>')
    styles = odf_styles('<style:header>%s</style:header><style:footer>%s</style:footer>'
                        % (t_p(t["header"], "Header"), footer))
    words = sum(len(s.split()) for s in p)
    meta = odf_meta(t, t["minutes_title"], 'meta:table-count="1" meta:image-count="0" meta:object-count="0" '
                    'meta:page-count="1" meta:paragraph-count="9" meta:word-count="%d" meta:character-count="%d"'
                    % (words, sum(len(s) for s in p)))
    auto = ('<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"/>'
            '<style:style style:name="Table1" style:family="table"><style:table-properties style:width="17cm"/>'
            '</style:style>')
    text = [t["minutes_title"], t["unit"], "2024-03-05", p[0], t["footnote"], t["comment"], p[1], p[2]]
    text += [c for row in t["table"] for c in row]
    text += [p[3], t["link_before"] + t["link_text"] + t["link_after"], t["header"], t["footer"], "1"]
    out.write("%s_minutes.odt" % lang, odf_package("application/vnd.oasis.opendocument.text",
                                                    odf_content(body, auto), styles, meta), entry(
        "odt", lang, text, title=t["minutes_title"], author=t["author"], created=ODF_CREATED, modified=ODF_MODIFIED,
        notes="The footnote and the comment (office:annotation; its dc:creator and dc:date are not text) "
              "sit inside paragraphs. Header and footer are in styles.xml's master page; the footer's "
              "page-number field shows 1. LibreOffice writes dates without a zone."))


def ods_cell(value, kind="string", formula=None, style=None):
    st = ' table:style-name="%s"' % style if style else ""
    f = ' table:formula="%s"' % x(formula) if formula else ""
    if kind == "float":
        return ('<table:table-cell%s%s office:value-type="float" office:value="%s" calcext:value-type="float">%s'
                '</table:table-cell>' % (st, f, value, t_p(str(value))))
    if kind == "date":
        return ('<table:table-cell%s office:value-type="date" office:date-value="%s" calcext:value-type="date">%s'
                '</table:table-cell>' % (st, value, t_p(value)))
    return '<table:table-cell office:value-type="string" calcext:value-type="string">%s</table:table-cell>' % t_p(value)


def ods_sheet(name, rows, ncols):
    trs = []
    for r in rows:
        if r is None:
            trs.append('<table:table-row table:style-name="ro1" table:number-rows-repeated="2"><table:table-cell '
                       'table:number-columns-repeated="%d"/></table:table-row>' % ncols)
        else:
            pad = ncols - len(r)
            trs.append('<table:table-row table:style-name="ro1">%s%s</table:table-row>'
                       % ("".join(r), '<table:table-cell table:number-columns-repeated="%d"/>' % pad if pad else ""))
    return ('<table:table table:name="%s" table:style-name="ta1"><table:table-column table:style-name="co1" '
            'table:number-columns-repeated="%d" table:default-cell-style-name="Default"/>%s</table:table>'
            % (x(name), ncols, "".join(trs)))


# LibreOffice 7.4 Calc's content.xml: float, date (an ISO date style) and string cells,
# repeated empty rows, OpenFormula formulas with their values.
def write_ods(out, lang):
    t = TEXT[lang]
    names = t["sheets"]
    rows, exp = [[ods_cell(h) for h in t["cols"]]], [names[0]] + t["cols"]
    for i, r in enumerate(transfer_rows(t)):
        if i == 1:
            rows.append(None)  # rows 3 and 4 empty
        rows.append([ods_cell(r[0], "date", style="ce1"), ods_cell(r[1]), ods_cell(r[2]), ods_cell(r[3]),
                     ods_cell(int(r[4]), "float")])
        exp += list(r)
    total = sum(tr[4] for tr in TRANSFERS)
    rows.append([ods_cell(t["total"]), '<table:table-cell table:number-columns-repeated="3"/>',
                 ods_cell(total, "float", "of:=SUM([.E2:.E5])")])
    exp += [t["total"], str(total)]
    s1 = ods_sheet(names[0], rows, 5)
    rows2, exp2 = [], [names[1]]
    for row in t["vessels"]:
        rows2.append([ods_cell(v, "float") if isinstance(v, int) else ods_cell(v) for v in row])
        exp2 += [str(v) for v in row]
    s2 = ods_sheet(names[1], rows2, 4)
    ref = "$'%s'" % names[0].replace("'", "''") if not names[0].isalnum() else "$" + names[0]
    s3 = ods_sheet(names[2], [[ods_cell(t["total"]), ods_cell(total, "float", "of:=SUM([%s.E2:.E5])" % ref)],
                              None, [ods_cell(t["unit"])]], 2)
    exp3 = [names[2], t["total"], str(total), t["unit"]]
    auto = ('<style:style style:name="co1" style:family="table-column"><style:table-column-properties '
            'fo:break-before="auto" style:column-width="3.5cm"/></style:style><style:style style:name="ro1" '
            'style:family="table-row"><style:table-row-properties style:row-height="0.452cm" fo:break-before="auto" '
            'style:use-optimal-row-height="true"/></style:style><style:style style:name="ta1" style:family="table" '
            'style:master-page-name="Default"><style:table-properties table:display="true" style:writing-mode="lr-tb"/>'
            '</style:style><number:date-style style:name="N121"><number:year number:style="long"/><number:text>-'
            '</number:text><number:month number:style="long"/><number:text>-</number:text><number:day '
            'number:style="long"/></number:date-style><style:style style:name="ce1" style:family="table-cell" '
            'style:parent-style-name="Default" style:data-style-name="N121"/>')
    body = ('<office:spreadsheet><table:calculation-settings table:automatic-find-labels="false"/>%s%s%s'
            '<table:named-expressions/></office:spreadsheet>' % (s1, s2, s3))
    meta = odf_meta(t, t["title"], 'meta:table-count="3" meta:cell-count="40" meta:object-count="0"')
    out.write("%s_cargo.ods" % lang, odf_package("application/vnd.oasis.opendocument.spreadsheet",
                                                  odf_content(body, auto), odf_styles(), meta), entry(
        "ods", lang, exp + exp2 + exp3, title=t["title"], author=t["author"], created=ODF_CREATED,
        modified=ODF_MODIFIED, sheets=names,
        notes="Each sheet starts with its name; cells as their text:p shows them; two empty rows "
              "written as one row repeated; formulas with their values."))


def odp_frame(cls, inner, y):
    return ('<draw:frame presentation:style-name="pr1" draw:layer="layout" svg:width="25.199cm" svg:height="3.506cm" '
            'svg:x="1.4cm" svg:y="%scm" presentation:class="%s" presentation:user-transformed="true">'
            '<draw:text-box>%s</draw:text-box></draw:frame>' % (y, cls, inner))


# LibreOffice 7.4 Impress's content.xml: draw:page per slide with title and outline
# frames, a table in a draw:frame, presentation:notes with a page thumbnail.
def write_odp(out, lang):
    t = TEXT[lang]
    pages, exp = [], []
    for i, (title, bullets, table) in enumerate(slides_content(t), 1):
        frames = odp_frame("title", t_p(title, "P1"), "0.628")
        exp.append(title)
        if bullets:
            items = "".join('<text:list-item>%s</text:list-item>' % t_p(b, "P2") for b in bullets)
            frames += odp_frame("outline", '<text:list text:style-name="L2">%s</text:list>' % items, "4.914")
            exp += bullets
        if table:
            frames += ('<draw:frame draw:style-name="standard" draw:layer="layout" svg:width="20cm" svg:height="3cm" '
                       'svg:x="4cm" svg:y="5cm"><table:table table:template-name="default" table:use-first-row-styles='
                       '"true" table:use-banding-rows-styles="true">%s</table:table></draw:frame>'
                       % "".join('<table:table-column/>' for _ in table[0]) +
                       "".join('<table:table-row>%s</table:table-row>' % "".join(
                           '<table:table-cell>%s</table:table-cell>' % t_p(c) for c in row) for row in table))
            exp += [c for row in table for c in row]
        notes_text = t_p(t["notes"], "P3") if i == 2 else ""
        if i == 2:
            exp.append(t["notes"])
        notes = ('<presentation:notes draw:style-name="dp2"><draw:page-thumbnail draw:style-name="gr1" '
                 'draw:layer="layout" svg:width="13.968cm" svg:height="7.857cm" svg:x="3.81cm" svg:y="2.123cm" '
                 'draw:page-number="%d" presentation:class="page"/><draw:frame presentation:style-name="pr3" '
                 'draw:text-style-name="P4" draw:layer="layout" svg:width="15.24cm" svg:height="11.43cm" svg:x="3.175cm" '
                 'svg:y="10.477cm" presentation:class="notes"%s><draw:text-box>%s</draw:text-box></draw:frame>'
                 '</presentation:notes>' % (i, "" if i == 2 else ' presentation:placeholder="true"', notes_text))
        pages.append('<draw:page draw:name="page%d" draw:style-name="dp1" draw:master-page-name="Default" '
                     'presentation:presentation-page-layout-name="AL1T2">%s%s</draw:page>' % (i, frames, notes))
    body = ('<office:presentation>%s<presentation:settings presentation:mouse-visible="false"/></office:presentation>'
            % "".join(pages))
    meta = odf_meta(t, t["title"], 'meta:object-count="9"')
    styles = odf_styles().replace('style:name="Standard" style:page-layout-name="pm1"',
                                  'style:name="Default" style:page-layout-name="pm1"')
    out.write("%s_briefing.odp" % lang, odf_package("application/vnd.oasis.opendocument.presentation",
                                                     odf_content(body), styles, meta), entry(
        "odp", lang, exp, title=t["title"], author=t["author"], created=ODF_CREATED, modified=ODF_MODIFIED,
        notes="Three slides; notes on slide 2 (the others have an empty notes placeholder); a table on slide 3."))


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


# ---------------------------------------------------------------- RTF

RTF_CODEPAGE = {"en": "cp1252", "ru": "cp1251", "ko": "cp949", "ja": "cp932"}
RTF_ANSICPG = {"en": 1252, "ru": 1251, "ko": 949, "ja": 932}
RTF_LANG = {"en": 1033, "ru": 1049, "ko": 1042, "ja": 1041}


def rtf_u(cp):
    return "\\u%d" % (cp - 65536 if cp > 32767 else cp)


def rtf_text(s, codepage, mode="bytes"):
    """RTF for `s`: ASCII as is ({, } and \\ escaped), the rest as Word writes it:
    "bytes": \\'hh of the code page (a DBCS character as two); "uc1": \\uN then one
    fallback byte \\'3f; "uc2": \\uN then the code page's two bytes (inside \\uc2)."""
    out = []
    for ch in s:
        o = ord(ch)
        if o < 128:
            out.append("\\" + ch if ch in "\\{}" else ch)
            continue
        try:
            b = ch.encode(codepage)
        except UnicodeEncodeError:
            out.append(rtf_u(o) + "\\'3f")
            continue
        hexes = "".join("\\'%02x" % c for c in b)
        if mode == "uc1":
            out.append(rtf_u(o) + "\\'3f")
        elif mode == "uc2":
            out.append(rtf_u(o) + (hexes if len(b) == 2 else hexes + "\\'3f"))
        else:
            out.append(hexes)
    return "".join(out)


def rtf_fonts(lang):
    # Word 2016's font table: \fcharset of each font (0 Western, 204 Cyrillic, 129
    # Hangul, 128 Shift_JIS); the names of CJK fonts in the code page
    cs = {"en": (0, "Calibri"), "ru": (204, "Calibri"), "ko": (129, "맑은 고딕"), "ja": (128, "游明朝")}[lang]
    cp = RTF_CODEPAGE[lang]
    name = rtf_text(cs[1], cp)
    alt = {"ko": "{\\*\\falt Malgun Gothic}", "ja": "{\\*\\falt Yu Mincho}"}.get(lang, "")
    return ("{\\fonttbl{\\f0\\fbidi \\froman\\fcharset0\\fprq2{\\*\\panose 02020603050405020304}Times New Roman;}"
            "{\\f1\\fbidi \\fswiss\\fcharset%d\\fprq2{\\*\\panose 020b0503020000020004}%s%s;}"
            "{\\f31506\\fbidi \\fswiss\\fcharset%d\\fprq2 %s%s;}}" % (cs[0], name, alt, cs[0], name, alt))


def rtf_pict():
    """A \\pict of a PNG as Word writes it (in \\*\\shppict): hex lines of 128 digits."""
    h = png(16, 8, (2, 2, 14, 6)).hex()
    lines = "\r\n".join(h[i:i + 128] for i in range(0, len(h), 128))
    return ("{\\*\\shppict{\\pict{\\*\\picprop\\shplid1025{\\sp{\\sn shapeType}{\\sv 75}}}\\picscalex100\\picscaley100"
            "\\piccropl0\\piccropr0\\piccropt0\\piccropb0\\picw423\\pich212\\picwgoal240\\pichgoal120\\pngblip"
            "\\bliptag1617283950{\\*\\blipuid 6066b4ee6f2d1a2b3c4d5e6f70819203}\r\n%s}}" % lines)


def rtf_memo(lang, t, closed=True):
    """Word 2016's RTF: header (fonts, colours, stylesheet, \\info), the section, then
    paragraphs, a table (\\trowd ... \\cell ... \\row, the row properties repeated at its
    end), a picture, a hyperlink field, a bookmark and an unknown \\* destination."""
    cp = RTF_CODEPAGE[lang]
    L = RTF_LANG[lang]
    p = t["paras"]
    def para(s, mode="bytes", style=""):
        pre, post = ("{\\uc2 ", "}") if mode == "uc2" else ("", "")
        return ("\\pard\\plain \\ltrpar%s\\ql \\li0\\ri0\\sa160\\sl259\\slmult1\\widctlpar\\wrapdefault\\aspalpha"
                "\\aspnum\\faauto\\adjustright\\rin0\\lin0\\itap0 \\rtlch\\fcs1 \\af31507\\afs22\\alang1025 \\ltrch\\fcs0 "
                "\\f31506\\fs22\\lang%d\\langfe1042\\cgrid\\langnp%d\\langfenp1042 {\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 "
                "\\f1\\insrsid2397001 %s%s%s}\\par\r\n" % (style, L, L, pre, rtf_text(s, cp, mode), post))
    cells = "".join("\\clvertalt\\clbrdrt\\brdrs\\brdrw10 \\clbrdrl\\brdrs\\brdrw10 \\clbrdrb\\brdrs\\brdrw10 "
                    "\\clbrdrr\\brdrs\\brdrw10 \\cltxlrtb\\clftsWidth3\\clwWidth3005\\clshdrawnil \\cellx%d" % (3005 * (i + 1))
                    for i in range(3))
    rows = []
    for i, row in enumerate(t["table"]):
        trowd = ("\\trowd \\irow%d\\irowband%d\\ltrrow\\ts11\\trgaph108\\trleft0\\trbrdrt\\brdrs\\brdrw10 \\trbrdrl"
                 "\\brdrs\\brdrw10 \\trbrdrb\\brdrs\\brdrw10 \\trbrdrr\\brdrs\\brdrw10 \\trftsWidth1\\trpaddl108"
                 "\\trpaddr108\\trpaddfl3\\trpaddfr3\\tblrsid2397001\\tbllkhdrrows\\tbllklastrow\\tbllkhdrcols"
                 "\\tbllklastcol\\tblind0\\tblindtype3 %s" % (i, i, cells))
        body = "".join("{\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 \\f1\\insrsid2397001 %s}\\cell " % rtf_text(c, cp)
                       for c in row)
        rows.append("%s\\pard\\plain \\ltrpar\\ql \\li0\\ri0\\widctlpar\\intbl\\wrapdefault\\aspalpha\\aspnum"
                    "\\faauto\\adjustright\\rin0\\lin0 \\f31506\\fs22\\lang%d %s\\pard\\plain \\ltrpar\\ql \\li0\\ri0"
                    "\\sa160\\sl259\\slmult1\\widctlpar\\intbl\\wrapdefault\\aspalpha\\aspnum\\faauto\\adjustright"
                    "\\rin0\\lin0 {\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 \\insrsid2397001 %s\\row }\r\n"
                    % (trowd, L, body, trowd))
    field = ("\\pard\\plain \\ltrpar\\ql \\li0\\ri0\\sa160\\sl259\\slmult1\\widctlpar\\wrapdefault\\f31506\\fs22"
             "\\lang%d {\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 \\f1\\insrsid2397001 %s}{\\field\\fldedit{\\*\\fldinst "
             "{\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 \\insrsid2397001  HYPERLINK \"%s\" }{\\rtlch\\fcs1 \\af31507 "
             "\\ltrch\\fcs0 \\insrsid2397001 {\\*\\datafield 00d0c9ea79f9bace118c8200aa004ba90b0200000003000000e0c9ea"
             "79f9bace118c8200aa004ba90b}}}{\\fldrslt {\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 \\cs15\\f1\\ul\\cf2"
             "\\insrsid2397001 %s}}}{\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 \\f1\\insrsid2397001 %s}\\par\r\n"
             % (L, rtf_text(t["link_before"], cp), t["link_url"], rtf_text(t["link_text"], cp),
                rtf_text(t["link_after"], cp)))
    modes = {"ko": ["bytes", "uc1", "uc2", "bytes"]}.get(lang, ["bytes"] * 4)
    info = ("{\\info{\\title %s}{\\author %s}{\\operator %s}{\\creatim\\yr2024\\mo3\\dy5\\hr9\\min30}"
            "{\\revtim\\yr2024\\mo3\\dy6\\hr14\\min5}{\\version2}{\\edmins42}{\\nofpages1}{\\nofwords120}"
            "{\\nofchars700}{\\*\\company %s}{\\nofcharsws812}{\\vern119}}"
            % (rtf_text(t["title"], cp), rtf_text(t["author"], cp), rtf_text(t["author"], cp), rtf_text(t["unit"], cp)))
    doc = ("{\\rtf1\\adeflang1025\\ansi\\ansicpg%d\\uc1\\adeff31507\\deff0\\stshfdbch31505\\stshfloch31506"
           "\\stshfhich31506\\stshfbi31507\\deflang%d\\deflangfe1042\\themelang%d\\themelangfe1042\\themelangcs0"
           "%s\r\n{\\colortbl;\\red0\\green0\\blue0;\\red5\\green99\\blue193;}{\\*\\defchp \\f31506\\fs22\\lang%d"
           "\\langfe1042}{\\*\\defpap \\ql \\li0\\ri0\\sa160\\sl259\\slmult1\\widctlpar\\wrapdefault}\r\n"
           "{\\stylesheet{\\ql \\li0\\ri0\\sa160\\sl259\\slmult1\\widctlpar\\wrapdefault\\aspalpha\\aspnum\\faauto"
           "\\adjustright\\rin0\\lin0\\itap0 \\rtlch\\fcs1 \\af31507\\afs22\\alang1025 \\ltrch\\fcs0 \\f31506\\fs22"
           "\\lang%d\\langfe1042\\cgrid\\langnp%d\\langfenp1042 \\snext0 \\sqformat \\spriority0 Normal;}"
           "{\\s1\\ql \\li0\\ri0\\sb240\\keepn\\widctlpar\\wrapdefault\\outlinelevel0 \\fs32 \\sbasedon0 \\snext0 "
           "\\slink15 \\sqformat \\spriority9 heading 1;}{\\*\\cs10 \\additive \\ssemihidden \\sunhideused "
           "\\spriority1 Default Paragraph Font;}{\\*\\cs15 \\additive \\rtlch\\fcs1 \\af0 \\ltrch\\fcs0 \\ul\\cf2 "
           "\\sbasedon10 \\sunhideused Hyperlink;}}\r\n{\\*\\rsidtbl \\rsid2397001\\rsid9123453}"
           "{\\mmathPr\\mmathFont34\\mbrkBin0\\mbrkBinSub0\\msmallFrac0\\mdispDef1\\mlMargin0\\mrMargin0}%s\r\n"
           "{\\*\\xmlnstbl {\\xmlns1 http://schemas.microsoft.com/office/word/2003/wordml}}\\paperw11906\\paperh16838"
           "\\margl1440\\margr1440\\margt1440\\margb1440\\gutter0\\ltrsect \\widowctrl\\ftnbj\\aenddoc\\trackmoves0"
           "\\trackformatting1\\donotembedsysfont1\\relyonvml0\\formshade\\horzdoc\\dgmargin\\dghspace180"
           "\\dgvspace180\\dghorigin1440\\dgvorigin1440\\dghshow1\\dgvshow1\\jexpand\\viewkind1\\viewscale100"
           "\\pgbrdrhead\\pgbrdrfoot\\splytwnine\\ftnlytwnine\\htmautsp\\nolnhtadjtbl\\useltbaln\\alntblind"
           "\\lytcalctblwd\\lyttblrtgr\\lnbrkrule\\nobrkwrptbl\\snaptogridincell\\allowfieldendsel\\wrppunct"
           "\\asianbrkrule\\rsidroot2397001\\newtblstyruls\\nogrowautofit\\usenormstyforlist\\noindnmbrts"
           "\\felnbrelev\\nocxsptable\\indrlsweleven\\noafcnsttbl\\afelev\\utinl\\hwelev\\spltpgpar\\notcvasp"
           "\\notbrkcnstfrctbl\\notvatxbx\\krnprsnet\\cachedcolbal \\nouicompat \\fet0{\\*\\wgrffmtfilter 2450}"
           "\\nofeaturethrottle1\\ilfomacatclnup0\\ltrpar \\sectd \\ltrsect\\linex0\\headery708\\footery708"
           "\\colsx708\\endnhere\\sectlinegrid360\\sectdefaultcl\\sftnbj {\\*\\pnseclvl1\\pnucrm\\pnstart1"
           "\\pnindent720\\pnhang {\\pntxta .}}\r\n"
           % (RTF_ANSICPG[lang], L, L, rtf_fonts(lang), L, L, L, info))
    body = [para(t["heading"], style="\\s1"),
            "\\pard\\plain \\ltrpar\\ql \\li0\\ri0\\sa160\\widctlpar\\tx2880\\wrapdefault\\f31506\\fs22\\lang%d "
            "{\\rtlch\\fcs1 \\af31507 \\ltrch\\fcs0 \\f1\\insrsid2397001 {\\*\\bkmkstart memo_head}%s\\tab 2024-03-05"
            "{\\*\\bkmkend memo_head}}\\par\r\n" % (L, rtf_text(t["unit"], cp))]
    for s, mode in zip(p[:2], modes):
        body.append(para(s, mode))
    body.append("{\\*\\unknowndestination %s}\r\n" % rtf_text("This destination is unknown and must not be read.", cp))
    body.append("".join(rows))
    for s, mode in zip(p[2:], modes[2:]):
        body.append(para(s, mode))
    body.append("\\pard\\plain \\ltrpar\\ql \\li0\\ri0\\sa160\\widctlpar\\wrapdefault\\f31506\\fs22 {\\rtlch\\fcs1 "
                "\\af31507 \\ltrch\\fcs0 \\insrsid2397001 %s}\\par\r\n" % rtf_pict())
    body.append(field)
    tail = "{\\*\\themedata 504b030414000600080000002100e9de0fbfff0000001c020000130000005b436f6e74656e745f54797065735d2e786d6cac91cb4ec3301045f748fc83e52d4a}\r\n"
    doc += "".join(body) + tail + ("}" if closed else "")
    text = [t["heading"], t["unit"], "2024-03-05"] + p[:2] + [c for row in t["table"] for c in row] + p[2:]
    text.append(t["link_before"] + t["link_text"] + t["link_after"])
    return doc.encode("ascii"), text


def write_rtf(out, lang):
    t = TEXT_JA if lang == "ja" else TEXT[lang]
    data, text = rtf_memo(lang, t)
    notes = {"en": "\\ansicpg1252, all ASCII but the escapes.",
             "ru": "\\ansicpg1251; Cyrillic as \\'hh bytes of windows-1251 (font \\fcharset204).",
             "ko": "\\ansicpg949, fonts \\fcharset129: paragraphs 1 and 4 as CP949 \\'hh\\'hh pairs, paragraph 2 as "
                   "\\uN with \\uc1 and a \\'3f fallback (N negative above 32767), paragraph 3 as \\uN in a "
                   "{\\uc2 } group with the two CP949 bytes as its fallback.",
             "ja": "\\ansicpg932, fonts \\fcharset128: Shift_JIS \\'hh\\'hh pairs (表 = \\'95\\'5c)."}[lang]
    out.write("%s_memo.rtf" % lang, data, entry(
        "rtf", lang, text, title=t["title"], author=t["author"], created="2024-03-05T09:30:00",
        modified="2024-03-06T14:05:00",
        notes=notes + " Not text: \\info, the \\pict hex, {\\*\\unknowndestination}, the bookmark names, the "
                      "field instruction (HYPERLINK and its \\*\\datafield), \\*\\themedata. The field result is text."))


# ---------------------------------------------------------------- e-mail

CRLF = "\r\n"


def encoded_words(text, charset, enc="B", label=None, limit=75):
    """RFC 2047 encoded words for `text`, split between characters so that each word
    stays within `limit` characters; joined by folding white space."""
    label = label or charset
    words, cur = [], ""

    def word(s):
        b = s.encode(charset)
        if enc == "B":
            payload = base64.b64encode(b).decode()
        else:
            payload = "".join(chr(c) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else
                              "_" if c == 32 else "=%02X" % c for c in b)
        return "=?%s?%s?%s?=" % (label, enc, payload)

    for ch in text:
        if cur and len(word(cur + ch)) > limit:
            words.append(word(cur))
            cur = ""
        cur += ch
    if cur:
        words.append(word(cur))
    return (CRLF + " ").join(words)


def address(name, addr, charset, enc="B", label=None):
    return "%s <%s>" % (encoded_words(name, charset, enc, label), addr)


def qp(data, line_end=CRLF):
    """Quoted-printable of bytes (lines of at most 76 characters, soft breaks "=")."""
    out = []
    for line in data.split(b"\n"):
        line = line.rstrip(b"\r")
        enc = []
        for i, c in enumerate(line):
            if (33 <= c <= 126 and c != 61) or (c == 32 and i != len(line) - 1):
                enc.append(chr(c))
            else:
                enc.append("=%02X" % c)
        cur = ""
        for piece in enc:
            if len(cur) + len(piece) > 75:
                out.append(cur + "=")
                cur = ""
            cur += piece
        out.append(cur)
    return line_end.join(out)


def b64_lines(data, width=76, line_end=CRLF):
    s = base64.b64encode(data).decode()
    return line_end.join(s[i:i + width] for i in range(0, len(s), width))


def flowed(paragraphs, width=72):
    """format=flowed text (RFC 3676): each paragraph wrapped, soft breaks end in a space."""
    lines = []
    for p in paragraphs:
        words, cur = p.split(" "), ""
        for w in words:
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur + " ")
                cur = w
            else:
                cur = cur + " " + w if cur else w
        lines.append(cur)
        lines.append("")
    return CRLF.join(lines[:-1]) + CRLF


def rfc2231(param, value, width=60):
    """Thunderbird's RFC 2231 parameter: filename*0*=UTF-8''...; filename*1*=..."""
    enc = "".join(chr(c) if c < 128 and (chr(c).isalnum() or chr(c) in ".-_") else "%%%02X" % c
                  for c in value.encode("utf-8"))
    enc = "UTF-8''" + enc
    if len(enc) <= width:
        return " %s*=%s" % (param, enc)
    pieces, i = [], 0
    while i < len(enc):
        j = min(i + width, len(enc))
        while j < len(enc) and enc[j - 1] != "%" and j - 2 >= i and enc[j - 2] == "%":
            j -= 1  # do not cut a %XX escape
        while j < len(enc) and (enc[j - 1] == "%" or (j - 2 >= i and enc[j - 2] == "%")):
            j -= 1
        pieces.append(enc[i:j])
        i = j
    return (";" + CRLF).join(" %s*%d*=%s" % (param, n, p) for n, p in enumerate(pieces))


def mail_date(lang):
    # 09:30 UTC in the sender's zone
    return {"en": "Tue, 5 Mar 2024 09:30:00 +0000", "ko": "Tue, 5 Mar 2024 18:30:00 +0900",
            "ru": "Tue, 5 Mar 2024 12:30:00 +0300"}[lang]


def mail_entry(lang, subject, body, frm, to, **more):
    return entry("eml", lang, [subject] + body, subject=subject, date="2024-03-05T09:30:00Z",
                 **{"from": "%s <%s>" % frm, "to": "%s <%s>" % to}, **more)


# Thunderbird 115's multipart/mixed: its header order, the "This is a multi-part message"
# preamble, "------------" boundaries, format=flowed text, the attachment's name in
# RFC 2047 (Content-Type name) and RFC 2231 (Content-Disposition filename*0*). The text
# is KOI8-R, 8bit, as Russian mail from older Thunderbird and The Bat! is.
def koi8_message(attachment, broken=False):
    t = TEXT["ru"]
    boundary = "------------e0V7Mq2397ZkD1pLx9123453"
    fname = "отчёт_Нампо.docx"
    data = b64_lines(attachment)
    if broken:
        # base64 that breaks off mid-way: a stretch of bytes outside the alphabet, then
        # the data cut off short of a quantum
        lines = data.split(CRLF)
        half = len(lines) // 2
        data = CRLF.join(lines[:half] + ["#@!\x7f%%&*" + lines[half][9:40]] + [lines[half + 1][:37]])
    head = CRLF.join([
        "Message-ID: <5f3c2a1e-8b7d-4c2e-9a10-2397%08d@monitor.example.ru>" % (2 if broken else 1),
        "Date: " + mail_date("ru"),
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        "Content-Language: ru",
        "To: " + address(*t["to"], "koi8-r", label="KOI8-R"),
        "From: " + address(*t["from"], "koi8-r", label="KOI8-R"),
        "Subject: " + encoded_words(t["mail_subject"], "koi8-r", label="KOI8-R"),
        'Content-Type: multipart/mixed;' + CRLF + ' boundary="%s"' % boundary,
    ])
    body = flowed(t["mail_body"]).encode("koi8-r")
    parts = [
        (head + CRLF + CRLF + "This is a multi-part message in MIME format." + CRLF).encode("ascii"),
        ("--%s" % boundary + CRLF + "Content-Type: text/plain; charset=KOI8-R; format=flowed" + CRLF +
         "Content-Transfer-Encoding: 8bit" + CRLF + CRLF).encode("ascii") + body + CRLF.encode(),
        ("--%s" % boundary + CRLF +
         "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;" + CRLF +
         ' name="%s"' % encoded_words(fname, "utf-8", label="UTF-8") + CRLF +
         "Content-Disposition: attachment;" + CRLF + rfc2231("filename", fname) + CRLF +
         "Content-Transfer-Encoding: base64" + CRLF + CRLF + data + CRLF + CRLF +
         "--%s--" % boundary + CRLF).encode("ascii"),
    ]
    return b"".join(parts), fname


def write_koi8(out, docx_bytes):
    t = TEXT["ru"]
    data, fname = koi8_message(docx_bytes)
    out.write("ru_koi8.eml", data, mail_entry(
        "ru", t["mail_subject"], t["mail_body"], t["from"], t["to"], children=[fname],
        notes="KOI8-R: the subject and the display names as =?KOI8-R?B?...?=, the body 8bit and "
              "format=flowed (soft breaks joined). The attachment is ru_report.docx, named in RFC 2047 "
              "(name=) and RFC 2231 continuations (filename*0*=UTF-8''...)."))
    data, fname = koi8_message(docx_bytes, broken=True)
    out.write("bad_koi8_broken_base64.eml", data, mail_entry(
        "ru", t["mail_subject"], t["mail_body"], t["from"], t["to"], children=[fname], error="ok_with_warning",
        notes="The message is indexed with its subject and body; the attachment's base64 breaks off "
              "mid-way (characters outside the alphabet, then a short last quantum): that child fails "
              "(corrupt: broken base64) or is partial, and the message says so in a warning."))


# Outlook 2016 (with its outgoing encoding set to Korean EUC): multipart/alternative of
# text/plain and the HTML Word writes, both quoted-printable, X-Mailer and Thread-Index.
def write_euckr(out):
    t = TEXT["ko"]
    b = "----=_NextPart_000_0001_01DA6F1B.2C3D4E50"
    plain = (CRLF.join(t["mail_body"]) + CRLF).encode("euc-kr")
    html_body = "".join('<p class=MsoNormal>%s<o:p></o:p></p>' % x(s) for s in t["mail_body"])
    html = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\r\n'
            '<head><meta http-equiv=Content-Type content="text/html; charset=euc-kr">\r\n'
            '<meta name=Generator content="Microsoft Word 15 (filtered medium)">\r\n<style><!--\r\n'
            'p.MsoNormal {margin:0cm; font-size:10.0pt; font-family:"\ub9d1\uc740 \uace0\ub515";}\r\n'
            '--></style></head>\r\n<body lang=KO link="#0563C1" vlink="#954F72"><div class=WordSection1>\r\n'
            '%s\r\n</div></body></html>\r\n' % html_body).encode("euc-kr")
    head = CRLF.join([
        "From: " + address(*t["from"], "euc-kr", "Q"),
        "To: " + address(*t["to"], "euc-kr", "Q"),
        "Subject: " + encoded_words(t["mail_subject"], "euc-kr", "Q"),
        "Date: " + mail_date("ko"),
        "Message-ID: <000001da6f1b$2c3d4e50$84b7eaf0$@monitor.example.kr>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative;' + CRLF + '\tboundary="%s"' % b,
        "X-Mailer: Microsoft Outlook 16.0",
        "Thread-Index: AdpvGywJ2397wTq0RkuN9123453A==",
        "Content-Language: ko",
    ])
    msg = (head + CRLF + CRLF + "This is a multipart message in MIME format." + CRLF + CRLF +
           "--" + b + CRLF + 'Content-Type: text/plain;' + CRLF + '\tcharset="euc-kr"' + CRLF +
           "Content-Transfer-Encoding: quoted-printable" + CRLF + CRLF + qp(plain) + CRLF +
           "--" + b + CRLF + 'Content-Type: text/html;' + CRLF + '\tcharset="euc-kr"' + CRLF +
           "Content-Transfer-Encoding: quoted-printable" + CRLF + CRLF + qp(html) + CRLF +
           "--" + b + "--" + CRLF + CRLF)
    out.write("ko_euckr.eml", msg.encode("ascii"), mail_entry(
        "ko", t["mail_subject"], t["mail_body"], t["from"], t["to"],
        notes="EUC-KR: =?euc-kr?Q?...?= subject and names; multipart/alternative, both parts "
              "quoted-printable; the text/plain part is the body (the HTML says the same)."))


# Outlook 2016 in plain-text mode: text/plain in "ks_c_5601-1987" (what Outlook calls
# CP949), base64, the subject and names =?ks_c_5601-1987?B?...?=.
def write_cp949(out):
    t = TEXT["ko"]
    label = "ks_c_5601-1987"
    body = (CRLF.join(KO_CP949_BODY) + CRLF).encode("cp949")
    head = CRLF.join([
        "From: " + address(*t["from"], "cp949", "B", label),
        "To: " + address(*t["to"], "cp949", "B", label),
        "Subject: " + encoded_words(KO_CP949_SUBJECT, "cp949", "B", label),
        "Date: " + mail_date("ko"),
        "Message-ID: <000101da6f1b$3d4e5f60$b7eaf084$@monitor.example.kr>",
        "MIME-Version: 1.0",
        'Content-Type: text/plain;' + CRLF + '\tcharset="ks_c_5601-1987"',
        "Content-Transfer-Encoding: base64",
        "X-Mailer: Microsoft Outlook 16.0",
        "Thread-Index: AdpvGz1OX2397eqwhNSZ9354181A==",
        "Content-Language: ko",
    ])
    msg = head + CRLF + CRLF + b64_lines(body) + CRLF + CRLF
    out.write("ko_cp949.eml", msg.encode("ascii"), mail_entry(
        "ko", KO_CP949_SUBJECT, KO_CP949_BODY, t["from"], t["to"],
        notes="Labelled ks_c_5601-1987 as Outlook does, the bytes are CP949: 똠 (0x8C 0x63, a trail byte that is ASCII c) and 햏 "
              "(0xC1 0x64) are outside EUC-KR (KS X 1001), so a reader that decodes the label as strict "
              "EUC-KR loses them."))


def simple_message(lang, subject, body, msgid, extra_headers=(), line_end=CRLF):
    """A one-part UTF-8 message as Thunderbird 115 writes it (8bit, format=flowed)."""
    t = TEXT[lang]
    head = [
        "Message-ID: <%s@monitor.example.org>" % msgid,
        "Date: " + mail_date(lang),
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        "Content-Language: " + LANG_TAG[lang],
        "To: " + (address(*t["to"], "utf-8", label="UTF-8") if lang != "en" else "%s <%s>" % t["to"]),
        "From: " + (address(*t["from"], "utf-8", label="UTF-8") if lang != "en" else "%s <%s>" % t["from"]),
        "Subject: " + (encoded_words(subject, "utf-8", label="UTF-8") if lang != "en" else subject),
    ] + list(extra_headers)
    head.append("Content-Type: text/plain; charset=UTF-8; format=flowed")
    head.append("Content-Transfer-Encoding: %s" % ("7bit" if lang == "en" else "8bit"))
    return (line_end.join(head) + line_end + line_end).encode("utf-8") + \
        flowed(body).replace(CRLF, line_end).encode("utf-8")


# Thunderbird 115's "Forward As Attachment": multipart/mixed of the new text, the
# original as message/rfc822 named after its subject, and a text attachment.
def write_forward(out):
    t = TEXT["en"]
    inner = simple_message("en", t["mail_subject"], t["mail_body"], "b2c7e1d0-2397-4a51-9123-453000000001")
    b = "------------Xq2397Tz9123453Ab8705539Lm"
    subject = "Fwd: " + t["mail_subject"]
    body = ["Forwarding the original sighting report, with the cargo manifest the port agent sent.",
            "The manifest lists 8,500 barrels of fuel oil for NEW REGENT (IMO 9354181).", "Eleanor"]
    manifest = ("CARGO MANIFEST\r\nVessel: NEW REGENT (IMO 9354181)\r\nCargo: fuel oil, 8,500 barrels\r\n"
                "Loading port: Shidao\r\nDestination: Nampo\r\n").encode("ascii")
    head = CRLF.join([
        "Message-ID: <c3d8f2e1-2397-4b62-8705-539000000002@monitor.example.org>",
        "Date: Tue, 5 Mar 2024 09:30:00 +0000",
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        "Content-Language: en-US",
        "To: Analysts <analysts@monitor.example.org>",
        "From: %s <%s>" % t["from"],
        "Subject: " + subject,
        'Content-Type: multipart/mixed; boundary="%s"' % b,
    ])
    eml_name = t["mail_subject"] + ".eml"
    msg = (head + CRLF + CRLF + "This is a multi-part message in MIME format." + CRLF +
           "--" + b + CRLF + "Content-Type: text/plain; charset=UTF-8; format=flowed" + CRLF +
           "Content-Transfer-Encoding: 7bit" + CRLF + CRLF + flowed(body) + CRLF +
           "--" + b + CRLF + 'Content-Type: message/rfc822; charset=UTF-8; name="%s"' % eml_name + CRLF +
           'Content-Disposition: attachment; filename="%s"' % eml_name + CRLF + CRLF).encode("ascii")
    msg += inner + (CRLF + "--" + b + CRLF + 'Content-Type: text/plain; charset=UTF-8; name="manifest.txt"' + CRLF +
                    'Content-Disposition: attachment; filename="manifest.txt"' + CRLF +
                    "Content-Transfer-Encoding: base64" + CRLF + CRLF + b64_lines(manifest) + CRLF + CRLF +
                    "--" + b + "--" + CRLF).encode("ascii")
    out.write("en_forward.eml", msg, mail_entry(
        "en", subject, body, t["from"], ("Analysts", "analysts@monitor.example.org"),
        children=[eml_name, "manifest.txt"],
        child_text={eml_name: [t["mail_subject"]] + t["mail_body"],
                    "manifest.txt": manifest.decode().strip().split("\r\n")},
        notes="The forwarded message (message/rfc822) and manifest.txt are children; their text is "
              "in child_text, not in text."))


# ---------------------------------------------------------------- mbox and MHTML

def mboxrd_quote(body):
    """mboxrd: a line of ">"s then "From " gets one more ">"."""
    out = []
    for line in body.split(b"\n"):
        stripped = line.lstrip(b">")
        out.append(b">" + line if stripped.startswith(b"From ") else line)
    return b"\n".join(out)


def mbox_messages():
    """Four messages (en, ru, ko, en with an attachment), LF line ends as a mail spool
    holds them; each: (From_ line, bytes, expected entry)."""
    en, ru, ko = TEXT["en"], TEXT["ru"], TEXT["ko"]
    msgs = []
    body1 = ["Watch report for the night of 14 February.",
             "From the bridge of the patrol vessel the crew saw SEA GLORY 7 (IMO 9123453) without lights.",
             ">From an earlier report: CHON MA SAN (IMO 8705539) was loading at Nampo.", "Eleanor"]
    msgs.append(("From e.whitfield@monitor.example.org Tue Mar  5 09:30:00 2024",
                 simple_message("en", "Night watch, 14 February", body1, "mbox-1", line_end="\n"),
                 ("en", "Night watch, 14 February", body1, en["from"], en["to"])))
    msgs.append(("From i.sokolova@monitor.example.ru Tue Mar  5 10:15:00 2024",
                 simple_message("ru", ru["mail_subject"], ru["mail_body"], "mbox-2", line_end="\n")
                 .replace(b"Date: Tue, 5 Mar 2024 12:30:00 +0300", b"Date: Tue, 5 Mar 2024 13:15:00 +0300"),
                 ("ru", ru["mail_subject"], ru["mail_body"], ru["from"], ru["to"])))
    msgs.append(("From minjun.kim@monitor.example.kr Tue Mar  5 11:00:00 2024",
                 simple_message("ko", ko["mail_subject"], ko["mail_body"], "mbox-3", line_end="\n")
                 .replace(b"Date: Tue, 5 Mar 2024 18:30:00 +0900", b"Date: Tue, 5 Mar 2024 20:00:00 +0900"),
                 ("ko", ko["mail_subject"], ko["mail_body"], ko["from"], ko["to"])))
    b = "------------mbox2397attach9354181"
    body4 = ["The updated watch list is attached.", "From now on please use this list.", "Eleanor"]
    att = "SEA GLORY 7\tIMO 9123453\nCHON MA SAN\tIMO 8705539\nNEW REGENT\tIMO 9354181\n".encode()
    m4 = "\n".join([
        "Message-ID: <mbox-4@monitor.example.org>", "Date: Tue, 5 Mar 2024 12:00:00 +0000", "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird", "Content-Language: en-US", "To: %s <%s>" % en["to"],
        "From: %s <%s>" % en["from"], "Subject: Updated watch list",
        'Content-Type: multipart/mixed; boundary="%s"' % b, "", "This is a multi-part message in MIME format.",
        "--" + b, "Content-Type: text/plain; charset=UTF-8; format=flowed", "Content-Transfer-Encoding: 7bit", "",
        flowed(body4).replace(CRLF, "\n"), "--" + b, 'Content-Type: text/plain; charset=UTF-8; name="watchlist.txt"',
        'Content-Disposition: attachment; filename="watchlist.txt"', "Content-Transfer-Encoding: base64", "",
        b64_lines(att, line_end="\n"), "", "--" + b + "--", ""]).encode()
    msgs.append(("From e.whitfield@monitor.example.org Tue Mar  5 12:00:00 2024", m4,
                 ("en", "Updated watch list", body4, en["from"], en["to"])))
    return msgs


def message_summary(lang, subject, body, frm, to, date=None, children=None):
    out = {"lang": lang, "subject": subject, "from": "%s <%s>" % frm, "to": "%s <%s>" % to,
           "text": [subject] + body}
    if date:
        out["date"] = date
    if children:
        out["children"] = children
    return out


# A Unix mail spool in mboxrd (Thunderbird's local folders and Dovecot write it): a
# From_ line before each message, a blank line after it, body lines that start with
# "From " (after any ">") get one more ">".
def write_mbox(out):
    msgs = mbox_messages()
    dates = ["2024-03-05T09:30:00Z", "2024-03-05T10:15:00Z", "2024-03-05T11:00:00Z", "2024-03-05T12:00:00Z"]
    data = b"".join(f.encode() + b"\n" + mboxrd_quote(m.rstrip(b"\n")) + b"\n\n" for f, m, _ in msgs)
    summaries = [message_summary(*e, date=d) for (_, _, e), d in zip(msgs, dates)]
    summaries[3]["children"] = ["watchlist.txt"]
    out.write("mixed.mbox", data, entry(
        "mbox", "en", [s["subject"] for s in summaries], messages=summaries,
        children=["message-%d.eml" % (i + 1) for i in range(4)],
        notes="mboxrd: message 1's body has 'From the bridge' and '>From an earlier report', stored as "
              "'>From the bridge' and '>>From an earlier report' (the reader gives them back unquoted); "
              "message 4's body has 'From now on'. The mbox's own text is one line per message "
              "(date, from, subject: text holds the subjects); each message is a child, whose text is "
              "in messages[i].text."))
    # the second message's From_ line is missing: its headers run on in the first's body
    lines = [(f, m) for f, m, _ in msgs]
    data = (lines[0][0].encode() + b"\n" + mboxrd_quote(lines[0][1].rstrip(b"\n")) + b"\n\n" +
            mboxrd_quote(lines[1][1].rstrip(b"\n")) + b"\n\n" +
            lines[2][0].encode() + b"\n" + mboxrd_quote(lines[2][1].rstrip(b"\n")) + b"\n")
    out.write("bad_missing_from.mbox", data, entry(
        "mbox", "en", [summaries[0]["subject"], summaries[2]["subject"]],
        messages=[summaries[0], summaries[2]], children=["message-1.eml", "message-2.eml"],
        notes="Three messages, but the second (Russian) has no From_ line: a reader that splits at "
              "From_ lines (as every mbox reader must) sees two messages, the first with the second's "
              "headers and body as the end of its body (so its text also holds the Russian subject "
              "and body). Expected: two messages indexed, no error and no warning (hence no 'error' "
              "key): telling a lost From_ line from a quoted message would need a guess at header "
              "blocks inside bodies. Nothing may be lost: the Russian text is in message 1's body."))
    # the first line is not a From_ line: the first message starts with its headers
    data = (mboxrd_quote(lines[0][1].rstrip(b"\n")) + b"\n\n" +
            b"".join(f.encode() + b"\n" + mboxrd_quote(m.rstrip(b"\n")) + b"\n\n" for f, m in lines[1:3]))
    out.write("bad_missing_first_from.mbox", data, entry(
        "mbox", "en", [summaries[0]["subject"], summaries[1]["subject"], summaries[2]["subject"]],
        error="ok_with_warning", messages=summaries[:3],
        notes="The file starts with a message's headers, no From_ line; two From_-separated messages "
              "follow. Expected: three messages, a warning 'mbox does not start with a From line' "
              "(email_mbox.cc does that). But identify.cc's mail_type only looks for a second From_ "
              "line when the file starts with one, so these bytes are identified as message/rfc822: "
              "one message whose body holds the two others, unless the .mbox name is trusted."))


# Chrome's "Save page as... Webpage, single file" (MHTML, Blink): From: <Saved by Blink>,
# Snapshot-Content-Location, multipart/related with type="text/html", the page as
# quoted-printable HTML with a Content-ID, then its resources (CSS quoted-printable,
# the PNG base64), each with its Content-Location.
def write_mhtml(out):
    b = "----MultipartBoundary--Xo1bJ9dT2ZkQv3yL8nR5mW0cA7sE4gH6uP2397----"
    url = "https://monitor.example.org/reports/sts-2024-02.html"
    t = TEXT["en"]
    title = t["title"]
    paras = t["paras"]
    html = ('<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
            '<title>%s</title><link rel="stylesheet" type="text/css" href="https://monitor.example.org/css/report.css">'
            '</head><body><header><nav><a href="/">Home</a> | <a href="/reports/">Reports</a></nav></header><main>'
            '<h1>%s</h1>%s<figure><img src="https://monitor.example.org/img/sts.png" alt=""></figure>'
            '<table><tbody>%s</tbody></table></main></body></html>'
            % (x(title), x(t["heading"]), "".join("<p>%s</p>" % x(p) for p in paras),
               "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % x(c) for c in row) for row in t["table"])))
    css = "body { font-family: Georgia, serif; margin: 2em; }\nh1 { font-size: 1.6em; color: #123453; }\n"
    head = CRLF.join([
        "From: <Saved by Blink>",
        "Snapshot-Content-Location: " + url,
        "Subject: " + title,
        "Date: Tue, 5 Mar 2024 09:30:00 -0000",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        '\tboundary="%s"' % b,
    ])
    msg = (head + CRLF + CRLF + CRLF +
           "--" + b + CRLF + "Content-Type: text/html" + CRLF +
           "Content-ID: <frame-3A5C1E0B9F2D4C6A8E7B1D3F5A9C2397@mhtml.blink>" + CRLF +
           "Content-Transfer-Encoding: quoted-printable" + CRLF + "Content-Location: " + url + CRLF + CRLF +
           qp(html.encode("utf-8")) + CRLF + CRLF +
           "--" + b + CRLF + "Content-Type: text/css" + CRLF + "Content-Transfer-Encoding: quoted-printable" + CRLF +
           "Content-Location: https://monitor.example.org/css/report.css" + CRLF + CRLF +
           qp(css.encode()) + CRLF + CRLF +
           "--" + b + CRLF + "Content-Type: image/png" + CRLF + "Content-Transfer-Encoding: base64" + CRLF +
           "Content-Location: https://monitor.example.org/img/sts.png" + CRLF + CRLF +
           b64_lines(png()) + CRLF + CRLF + "--" + b + "--" + CRLF)
    text = [title, "Home", "Reports", t["heading"]] + paras + [c for row in t["table"] for c in row]
    out.write("en_page.mhtml", msg.encode("ascii"), entry(
        "mhtml", "en", text, title=title, subject=title, date="2024-03-05T09:30:00Z",
        url=url,
        notes="The page is the text/html root (quoted-printable UTF-8); the CSS is no text; the PNG "
              "(Content-Location, no file name) is a resource of the page, an image child at most."))


# ---------------------------------------------------------------- bad inputs

def write_bad_malformed(out):
    """en_report.docx with word/document.xml cut inside a start tag (a download cut short)."""
    t = TEXT["en"]
    parts, full = docx_parts("en")
    doc = dict(parts)["word/document.xml"]
    link_para = doc.index("<w:p ", doc.index(x(t["paras"][3])))
    cut = doc[:link_para + 24]  # '<w:p w14:paraId="1A2B000' : inside the tag
    parts = [(n, cut if n == "word/document.xml" else d) for n, d in parts]
    p = t["paras"]
    must = [s for s in full if s not in (p[3], t["link_before"] + t["link_text"] + t["link_after"])]
    out.write("bad_malformed.docx", zip_package(parts), entry(
        "docx", "en", must, error="ok_with_warning", text_may=[p[3]], title=t["title"], author=t["author"],
        notes="word/document.xml ends inside the start tag of the hyperlink paragraph. Expected "
              "ok_with_warning, not corrupt: the XML before the damage is whole (heading, three "
              "paragraphs, the text box, the table) and the header, footer, notes and comment parts are "
              "intact, and office_docx.cc keeps the text before a parse error with a warning (corrupt "
              "only when nothing readable is left). The paragraph just before the cut (text_may) can "
              "be lost to the parser's buffering."))


def write_bad_million_rows(out):
    """A sheet declaring A1:XFD1048576 with 1,048,576 <row> elements, three of them real."""
    t = TEXT["en"]
    sst = SharedStrings()
    top = ['<row r="1" spans="1:5">%s</row>' % "".join(c_str(col_name(i) + "1", sst, h) for i, h in enumerate(t["cols"]))]
    exp = [t["sheets"][0]] + t["cols"]
    for r, row in zip((2, 3), transfer_rows(t)):
        top.append('<row r="%d" spans="1:5">%s%s%s</row>' % (
            r, c_inline("A%d" % r, row[0]), "".join(c_str("%s%d" % (col_name(i), r), sst, row[i]) for i in (1, 2, 3)),
            c_num("E%d" % r, row[4])))
        exp += list(row)
    empty = "".join('<row r="%d"/>' % r for r in range(4, 1048577))
    sheet = (XML_DECL + '<worksheet %s><dimension ref="A1:XFD1048576"/><sheetViews><sheetView tabSelected="1" '
             'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>%s%s</sheetData>'
             '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
             % (SML_NS, "".join(top), empty))
    parts = xlsx_package(t, [sheet], sst, [t["sheets"][0]])
    out.write("bad_million_rows.xlsx", zip_package(parts), entry(
        "xlsx", "en", exp,
        notes="dimension A1:XFD1048576 and 1,048,576 row elements (%d MB of XML), only rows 1-3 with "
              "cells. No error and no warning expected (hence no 'error' key): the three rows must be "
              "read, in well under the time limit, without allocating for the declared range."
              % (len(sheet) >> 20)))


def write_bad_missing_slide(out):
    t = TEXT["en"]
    parts, text = pptx_parts("en", order=(1, 2, 3), notes_on=3, missing=(2,))
    out.write("bad_missing_slide.pptx", zip_package(parts), entry(
        "pptx", "en", text, error="ok_with_warning", title=t["title"], author=t["author"],
        notes="sldIdLst lists three slides; the relationship of the second points at "
              "ppt/slides/slide2.xml, which [Content_Types].xml names but the zip lacks. Slides 1 and 3 "
              "(with the notes) are read; a warning names slide 2; page 2 stays empty."))


def write_bad_huge_xml(out, path):
    """word/document.xml of about 100 MB: one paragraph repeated, deflated to a few hundred KB.
    Written straight to the zip in chunks (no 100 MB string)."""
    t = TEXT["en"]
    parts, _ = docx_parts("en")
    sentence = t["paras"][0]
    para = '<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % x(sentence)
    head = XML_DECL + '<w:document %s><w:body>' % W_NS
    tail = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    count = (100 << 20) // len(para.encode())
    chunk = (para * 1000).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, ZIP_DATE_MS)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name != "word/document.xml":
                z.writestr(info, data)
                continue
            with z.open(info, "w") as f:
                f.write(head.encode())
                for _ in range(count // 1000):
                    f.write(chunk)
                f.write(tail.encode())
    size = len(head) + (count // 1000) * len(chunk) + len(tail)
    text_bytes = (count // 1000) * 1000 * (len(sentence.encode()) + 1)
    out.record("bad_huge_xml.docx", entry(
        "docx", "en", [t["header"], sentence], error="ok_with_warning", part_bytes=size,
        notes="document.xml is %d bytes (%d paragraphs of the same sentence), under office.max_part_bytes "
              "(256 MB) so it is read, but its text (%d bytes) passes office.max_text_bytes (64 MB): "
              "office_docx.cc keeps the first 64 MB and warns 'text cut at office.max_text_bytes'. "
              "Not too-large: that is only for a part over max_part_bytes (the package skips it)."
              % (size, (count // 1000) * 1000, text_bytes)))


def write_bad_rtf(out):
    t = TEXT["en"]
    p = t["paras"]
    depth = 100000
    data = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}\r\n"
            "\\pard\\plain\\f0\\fs22 Before the groups: %s\\par\r\n" % p[0] + "{" * depth +
            "Deep inside: %s" % p[1] + "}" * depth + "\\par\r\nAfter the groups: %s\\par\r\n}" % p[2])
    out.write("bad_nested_groups.rtf", data.encode("ascii"), entry(
        "rtf", "en", ["Before the groups: " + p[0], "Deep inside: " + p[1], "After the groups: " + p[2]],
        error="ok_with_warning",
        notes="100,000 nested groups (past office.max_nesting, 200): read for text without recursion, "
              "a warning about the depth; the text inside and after them is read."))
    data, text = rtf_memo("en", t, closed=False)
    data += b"{\\pard\\plain {\\b Unclosed tail: " + p[3].encode() + b"\\par"
    out.write("bad_unclosed.rtf", data, entry(
        "rtf", "en", text + ["Unclosed tail: " + p[3]], error="ok_with_warning",
        notes="en_memo.rtf without its final }, then two more groups opened and never closed: the "
              "text is read to the end, with a warning."))


def write_bad_misc(out):
    rnd = random.Random(2397)
    out.write("bad_not_zip.docx", rnd.randbytes(8192), entry(
        "docx", "en", [], error="unsupported",
        notes="8 KB of random bytes (seeded). Nothing identifies it (libmagic: application/octet-stream), "
              "the .docx name is not trusted: unsupported. corrupt is as good an answer if the name is "
              "used to pick the reader."))
    sml = CT_BASE + "spreadsheetml."
    ct = content_types([("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                        ("xml", "application/xml")], [("xl/workbook.xml", sml + "sheet.main+xml")])
    out.write("bad_empty.xlsx", zip_package([("[Content_Types].xml", ct)]), entry(
        "xlsx", "en", [], error="corrupt",
        notes="A zip holding only [Content_Types].xml (deflated, as Excel writes it): no _rels/.rels, no "
              "workbook. Expected corrupt ('no main document part'). identify.cc finds "
              "'[Content_Types].xml' in the bytes but not 'xl/workbook.xml' (it is inside the deflated "
              "part), so the file may be typed application/zip and read as an archive of one member."))


# ---------------------------------------------------------------- main

class Out:
    def __init__(self, outdir):
        self.dir = outdir
        self.expected = {}

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data, e):
        with open(self.path(name), "wb") as f:
            f.write(data)
        self.record(name, e)

    def record(self, name, e):
        self.expected[name] = e


def save_expected(out):
    with open(out.path("expected.json"), "w", encoding="utf-8") as f:
        json.dump(out.expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    out = Out(argv[1])
    os.makedirs(out.dir, exist_ok=True)
    for lang in LANGS:
        write_docx(out, lang)
        write_xlsx(out, lang)
        write_pptx(out, lang)
        write_odt(out, lang)
        write_ods(out, lang)
        write_odp(out, lang)
        write_hwpx(out, lang)
        write_rtf(out, lang)
    write_rtf(out, "ja")
    with open(out.path("ru_report.docx"), "rb") as f:
        write_koi8(out, f.read())
    write_euckr(out)
    write_cp949(out)
    write_forward(out)
    write_mbox(out)
    write_mhtml(out)
    write_bad_malformed(out)
    write_bad_million_rows(out)
    write_bad_missing_slide(out)
    write_bad_huge_xml(out, out.path("bad_huge_xml.docx"))
    write_bad_rtf(out)
    write_bad_misc(out)
    save_expected(out)
    # HWP 5 and .msg, when the other half of the generator is there
    try:
        import office_fixtures_ole
    except ModuleNotFoundError as e:
        if e.name != "office_fixtures_ole":
            raise
        return 0
    office_fixtures_ole.write_all(out.dir, out.expected)
    save_expected(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
