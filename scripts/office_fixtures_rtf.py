"""The RTF writer of make-office-fixtures.py: memos as Word 2016 saves them, in code pages
1252, 1251, 949 and 932."""

# pylint: disable=wildcard-import,unused-wildcard-import
import base64
import json
import random
import zipfile

from office_fixtures_common import *  # noqa: F401,F403
from office_fixtures_ooxml import *  # noqa: F401,F403
from office_fixtures_odf import *  # noqa: F401,F403
from office_fixtures_hwpx import *  # noqa: F401,F403


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
