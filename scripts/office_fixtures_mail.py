"""The e-mail writers of make-office-fixtures.py: messages as Thunderbird 115 and Outlook
2016 write them (KOI8-R, EUC-KR, CP949), an mboxrd file, a page as Chrome saves it in
MHTML."""

# pylint: disable=wildcard-import,unused-wildcard-import
import base64
import json
import random
import zipfile

from office_fixtures_common import *  # noqa: F401,F403
from office_fixtures_ooxml import *  # noqa: F401,F403
from office_fixtures_odf import *  # noqa: F401,F403
from office_fixtures_hwpx import *  # noqa: F401,F403
from office_fixtures_rtf import *  # noqa: F401,F403


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
    text = ["Home", "Reports", t["heading"]] + paras  # the <title> is the title, not text + [c for row in t["table"] for c in row]
    out.write("en_page.mhtml", msg.encode("ascii"), entry(
        "mhtml", "en", text, title=title, subject=title, date="2024-03-05T09:30:00Z",
        url=url,
        notes="The page is the text/html root (quoted-printable UTF-8); the CSS is no text; the PNG "
              "(Content-Location, no file name) is a resource of the page, an image child at most."))
