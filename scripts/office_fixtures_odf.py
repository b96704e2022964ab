"""The OpenDocument writers of make-office-fixtures.py: ODT, ODS and ODP as LibreOffice
7.4 saves them."""

# pylint: disable=wildcard-import,unused-wildcard-import
import base64
import json
import random
import zipfile

from office_fixtures_common import *  # noqa: F401,F403
from office_fixtures_ooxml import *  # noqa: F401,F403


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
