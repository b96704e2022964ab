"""The Office Open XML writers of make-office-fixtures.py: DOCX as Word 2016 writes it, XLSX
as Excel 2016 does, PPTX as PowerPoint 2016 does (parts, relationships, properties)."""

# pylint: disable=wildcard-import,unused-wildcard-import
import base64
import json
import random
import zipfile

from office_fixtures_common import *  # noqa: F401,F403


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
