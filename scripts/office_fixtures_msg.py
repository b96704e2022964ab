"""The Outlook .msg writer of office_fixtures_ole.py: messages as Outlook 2016 writes them
([MS-OXMSG], [MS-OXPROPS]), with a real [MS-OXRTFCP] LZFu compressor."""

import datetime
import json
import os
import random
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cfb_writer import CompoundFile  # noqa: E402
from office_fixtures_common import CREATED, MODIFIED, TEXT, png  # noqa: E402
from office_fixtures_hwp import *  # noqa: E402,F401,F403  pylint: disable=wildcard-import


# ================================================================ Outlook .msg

PT_LONG, PT_BOOLEAN, PT_SYSTIME = 0x0003, 0x000B, 0x0040
PT_STRING8, PT_UNICODE, PT_BINARY = 0x001E, 0x001F, 0x0102


class Props:
    """A property stream and the __substg1.0_ streams of one object (message,
    recipient or attachment)."""

    def __init__(self, codepage=None):
        self.codepage = codepage  # None: strings are PT_UNICODE; else PT_STRING8 in it
        self.items = []           # (tag, value bytes for the entry, stream bytes or None)

    def long(self, pid, v):
        self.items.append(((pid << 16) | PT_LONG, struct.pack("<iI", v, 0) if v < 0x80000000 else
                           struct.pack("<II", v, 0), None))

    def boolean(self, pid, v):
        self.items.append(((pid << 16) | PT_BOOLEAN, struct.pack("<HHI", 1 if v else 0, 0, 0), None))

    def time(self, pid, iso):
        self.items.append(((pid << 16) | PT_SYSTIME, struct.pack("<Q", filetime(iso)), None))

    def string(self, pid, s):
        if self.codepage:
            data, term, kind = s.encode("cp%d" % self.codepage), 1, PT_STRING8
        else:
            data, term, kind = s.encode("utf-16-le"), 2, PT_UNICODE
        self.items.append(((pid << 16) | kind, struct.pack("<II", len(data) + term, 0), data))

    def binary(self, pid, data):
        self.items.append(((pid << 16) | PT_BINARY, struct.pack("<II", len(data), 0), data))

    def write(self, cf, prefix, header, cut=None):
        stream = bytearray(header)
        for tag, value, data in self.items:
            stream += struct.pack("<II", tag, 6) + value
        for tag, value, data in self.items:
            if data is not None:
                cf.add_stream(prefix + "__substg1.0_%08X" % tag, data)
        cf.add_stream(prefix + "__properties_version1.0", bytes(stream[:cut]))
        return bytes(stream)


# the root storage's class of an Outlook message
MSG_CLSID = bytes.fromhex("0b0d020000000000c000000000000046")  # 00020D0B-0000-0000-C000-000000000046


# ---------------------------------------------------------------- [MS-OXRTFCP] LZFu

RTF_PREBUF = (b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
              b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
              b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")
assert len(RTF_PREBUF) == 207

CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    CRC_TABLE.append(_c)


def rtf_crc(data):
    """[MS-OXRTFCP] 2.1.3.2: the table-driven CRC-32, initial value 0, no final xor."""
    crc = 0
    for b in data:
        crc = CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def lzfu_compress(raw):
    """Greedy compression into the 4096-byte circular dictionary primed with the
    spec's 207-byte prebuffer. A reference is 16 bits big-endian: 12-bit absolute
    dictionary offset, 4-bit length - 2 (2..17). The end is a reference to the current
    write offset."""
    hist = bytearray(RTF_PREBUF)   # the dictionary's bytes, oldest first (at most 4095)
    w = len(RTF_PREBUF)            # write offset in the dictionary
    out = bytearray()
    tokens = []
    i = 0
    while i < len(raw):
        best, at = 0, -1
        for n in range(2, min(17, len(raw) - i) + 1):
            j = hist.rfind(raw[i:i + n])
            if j < 0:
                break
            best, at = n, j
        if best >= 2:
            off = (w - len(hist) + at) % 4096
            tokens.append(struct.pack(">H", off << 4 | (best - 2)))
            chunk = raw[i:i + best]
        else:
            tokens.append(raw[i:i + 1])
            chunk = raw[i:i + 1]
        hist += chunk
        del hist[:max(0, len(hist) - 4095)]
        w = (w + len(chunk)) % 4096
        i += len(chunk)
    tokens.append(struct.pack(">H", w << 4))  # the end marker
    for k in range(0, len(tokens), 8):
        group = tokens[k:k + 8]
        ctrl = 0
        for bit, tok in enumerate(group):
            if len(tok) == 2:
                ctrl |= 1 << bit
        out.append(ctrl)
        for tok in group:
            out += tok
    return struct.pack("<III", len(out) + 12, len(raw), 0x75465A4C) + struct.pack("<I", rtf_crc(out)) + bytes(out)


def lzfu_decompress(data):
    """[MS-OXRTFCP] 2.2.3 (also 'MELA', uncompressed). Raises ValueError on a bad CRC."""
    comp_size, raw_size, kind, crc = struct.unpack_from("<IIII", data)
    body = data[16:4 + comp_size]
    if kind == 0x414C454D:
        return body[:raw_size]
    if kind != 0x75465A4C:
        raise ValueError("not LZFu")
    if rtf_crc(body) != crc:
        raise ValueError("CRC")
    d = bytearray(4096)
    d[:207] = RTF_PREBUF
    w = 207
    out = bytearray()
    i = 0
    while i < len(body):
        ctrl = body[i]
        i += 1
        for bit in range(8):
            if i >= len(body):
                break
            if ctrl >> bit & 1:
                ref = body[i] << 8 | body[i + 1]
                i += 2
                off, n = ref >> 4, (ref & 15) + 2
                if off == w:
                    return bytes(out[:raw_size])
                for k in range(n):
                    c = d[(off + k) % 4096]
                    d[w] = c
                    w = (w + 1) % 4096
                    out.append(c)
            else:
                c = body[i]
                i += 1
                d[w] = c
                w = (w + 1) % 4096
                out.append(c)
    return bytes(out[:raw_size])


def rtf_body(lines):
    def esc(s):
        r = []
        for ch in s:
            if ch in "\\{}":
                r.append("\\" + ch)
            elif ord(ch) < 128:
                r.append(ch)
            else:
                r.append("\\u%d?" % (ord(ch) if ord(ch) < 32768 else ord(ch) - 65536))
        return "".join(r)
    head = ("{\\rtf1\\ansi\\ansicpg1252\\fromtext \\fbidis \\deff0{\\fonttbl\r\n{\\f0\\fswiss\\fcharset0 Arial;}\r\n"
            "{\\f1\\fmodern Courier New;}\r\n{\\f2\\fnil\\fcharset2 Symbol;}\r\n{\\f3\\fmodern\\fcharset0 Courier New;}}\r\n"
            "{\\colortbl\\red0\\green0\\blue0;\\red0\\green0\\blue255;}\r\n\\uc1\\pard\\plain\\deftab360 \\f0\\fs20 ")
    return (head + "".join(esc(l) + "\\par\r\n" for l in lines) + "}\r\n").encode("ascii")


# ---------------------------------------------------------------- the messages

MSG_DATE = "2024-03-05T09:30:00Z"
MSG_DELIVERED = "2024-03-05T09:30:04Z"


def addr(p):
    return "%s <%s>" % p


def transport_headers(frm, to, cc, subject, msgid):
    from email.header import Header

    def enc(s):
        return s if all(ord(c) < 128 for c in s) else Header(s, "utf-8").encode()

    def mailbox(p):
        return "%s <%s>" % (enc(p[0]), p[1])
    lines = ["Received: from mail.monitor.example.org (192.0.2.25) by mx.monitor.example.org (192.0.2.26)",
             " with Microsoft SMTP Server id 15.1.2507.35; Tue, 5 Mar 2024 09:30:04 +0000",
             "From: " + mailbox(frm), "To: " + ", ".join(mailbox(p) for p in to)]
    if cc:
        lines.append("CC: " + ", ".join(mailbox(p) for p in cc))
    lines += ["Subject: " + enc(subject), "Date: Tue, 5 Mar 2024 09:30:00 +0000", "Message-ID: " + msgid,
              "Accept-Language: en-US", "Content-Language: en-US", "X-MS-Has-Attach: ",
              "X-MS-TNEF-Correlator: ", "MIME-Version: 1.0",
              'Content-Type: multipart/alternative; boundary="_000_2397_"', ""]
    return "\r\n".join(lines) + "\r\n"


def html_body(lines, charset):
    return ('<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=%s">\r\n'
            '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\r\n'
            '</head>\r\n<body dir="ltr">\r\n' % charset
            + "".join('<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;">%s</div>\r\n'
                      % x for x in (l.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for l in lines))
            + "</body>\r\n</html>\r\n")


def build_msg(lang, subject, body, frm, to, cc=(), codepage=None, cpid=65001, html=None, rtf=None,
              attachments=(), plain=True, msgid="<0>", props_cut=None):
    """Returns the CompoundFile; attachments: (long name, short name, mime, data)."""
    cf = CompoundFile(root_clsid=MSG_CLSID)
    for s in ("00020102", "00030102", "00040102"):
        cf.add_stream("__nameid_version1.0/__substg1.0_%s" % s, b"")
    m = Props(codepage)
    body_text = "\r\n".join(body) + "\r\n"
    m.string(0x001A, "IPM.Note")
    m.string(0x0037, subject)
    m.string(0x0070, subject)  # PR_CONVERSATION_TOPIC
    m.string(0x0E1D, subject)  # PR_NORMALIZED_SUBJECT
    m.string(0x0C1A, frm[0])
    m.string(0x0C1E, "SMTP")
    m.string(0x0C1F, frm[1])
    m.string(0x5D01, frm[1])   # PR_SENDER_SMTP_ADDRESS
    m.string(0x0042, frm[0])
    m.string(0x0064, "SMTP")
    m.string(0x0065, frm[1])
    m.string(0x0E04, "; ".join(p[0] for p in to))
    m.string(0x0E03, "; ".join(p[0] for p in cc))
    m.string(0x0E02, "")
    m.time(0x0039, MSG_DATE)
    m.time(0x0E06, MSG_DELIVERED)
    m.time(0x3007, MSG_DATE)   # PR_CREATION_TIME
    m.time(0x3008, MSG_DELIVERED)
    m.long(0x0E07, 0x11 if attachments else 0x01)  # MSGFLAG_READ | HASATTACH
    m.boolean(0x0E1B, bool(attachments))
    m.long(0x0017, 1)          # PR_IMPORTANCE normal
    m.long(0x0036, 0)          # PR_SENSITIVITY
    m.long(0x340D, 0x00040000 if codepage is None else 0)  # STORE_UNICODE_OK
    if plain:
        m.string(0x1000, body_text)
    if html is not None:
        m.binary(0x1013, html)
    if rtf is not None:
        m.binary(0x1009, rtf)
        m.boolean(0x0E1F, True)  # PR_RTF_IN_SYNC
    m.string(0x1035, msgid)
    m.string(0x007D, transport_headers(frm, to, cc, subject, msgid))
    m.long(0x3FFD, codepage if codepage else (1252 if lang == "en" else cpid))
    m.long(0x3FDE, cpid)
    m.long(0x3FF1, {"en": 1033, "ru": 1049, "ko": 1042}[lang])
    recips = [(p, 1) for p in to] + [(p, 2) for p in cc]
    header = struct.pack("<8xIIII8x", len(recips), len(attachments), len(recips), len(attachments))
    for i, (p, kind) in enumerate(recips):
        r = Props(codepage)
        r.long(0x3000, i)          # PR_ROWID
        r.long(0x0C15, kind)
        r.long(0x0FFE, 6)          # PR_OBJECT_TYPE: MAPI_MAILUSER
        r.long(0x3900, 0)          # PR_DISPLAY_TYPE: DT_MAILUSER
        r.string(0x3001, p[0])
        r.string(0x3002, "SMTP")
        r.string(0x3003, p[1])
        r.string(0x39FE, p[1])
        r.string(0x3A20, p[0])     # PR_TRANSMITABLE_DISPLAY_NAME
        r.write(cf, "__recip_version1.0_#%08X/" % i, b"\0" * 8)
    for i, (long_name, short, mime, data) in enumerate(attachments):
        a = Props(codepage)
        a.long(0x0E21, i)          # PR_ATTACH_NUM
        a.long(0x0FFE, 7)          # MAPI_ATTACH
        a.long(0x3705, 1)          # ATTACH_BY_VALUE
        a.long(0x370B, -1 & 0xFFFFFFFF)
        a.long(0x0E20, len(data) + 200)
        a.string(0x3707, long_name)
        a.string(0x3704, short)
        a.string(0x3703, os.path.splitext(long_name)[1])
        a.string(0x370E, mime)
        a.string(0x3001, long_name)
        a.binary(0x3701, data)
        a.write(cf, "__attach_version1.0_#%08X/" % i, b"\0" * 8)
    props = m.write(cf, "", header, props_cut)
    return cf, props, m


def msg_entry(lang, subject, body, frm, to, cc=(), **more):
    e = entry("msg", lang, [subject] + list(body), subject=subject, date=MSG_DATE,
              **{"from": addr(frm), "to": ", ".join(addr(p) for p in to)}, **more)
    if cc:
        e["cc"] = ", ".join(addr(p) for p in cc)
    return e


MANIFEST = ("Cargo manifest, NEW REGENT (IMO 9354181)\r\nLoading port: Shidao\r\nDestination: Nampo\r\n"
            "Cargo: refined petroleum products, 8,500 barrels\r\n")


def write_msg(outdir, expected):
    def save(name, cf, e):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(cf.tobytes())
        expected[name] = e

    en = TEXT["en"]
    to2 = [en["to"], ("Sanctions Monitoring Unit", "smu@monitor.example.org")]
    cc = [("Panel of Experts liaison", "poe-liaison@monitor.example.org")]
    shot = png(48, 24, (4, 6, 40, 18))
    atts = [("manifest.txt", "manifest.txt", "text/plain", MANIFEST.encode("ascii")),
            ("nampo_2024-03-02.png", "NAMPO_~1.PNG", "image/png", shot)]
    cf, _, _ = build_msg("en", en["mail_subject"], en["mail_body"], en["from"], to2, cc,
                         html=html_body(en["mail_body"], "utf-8").encode("utf-8"), attachments=atts,
                         msgid="<AM0PR07MB2397A1B2C3D4E5F6@AM0PR07MB2397.eurprd07.prod.outlook.com>")
    save("en_notice.msg", cf, msg_entry(
        "en", en["mail_subject"], en["mail_body"], en["from"], to2, cc,
        children=["manifest.txt", "nampo_2024-03-02.png"],
        child_text={"manifest.txt": MANIFEST.strip().split("\r\n")},
        notes="Unicode .msg (PT_UNICODE 001F strings, STORE_UNICODE_OK). Three recipients: two To "
              "(PR_RECIPIENT_TYPE 1), one Cc (2). PR_BODY and PR_HTML (0102, UTF-8, PR_INTERNET_CPID 65001) "
              "say the same: read one, not both. Two attachments by value (PR_ATTACH_DATA_BIN): manifest.txt "
              "(its text is child_text, not text) and a PNG. date is PR_CLIENT_SUBMIT_TIME."))

    ru = TEXT["ru"]
    cf, _, _ = build_msg("ru", ru["mail_subject"], ru["mail_body"], ru["from"], [ru["to"]], codepage=1251,
                         cpid=1251, msgid="<DB9PR03MB2397F00D@DB9PR03MB2397.eurprd03.prod.outlook.com>")
    save("ru_notice.msg", cf, msg_entry(
        "ru", ru["mail_subject"], ru["mail_body"], ru["from"], [ru["to"]],
        notes="ANSI .msg: every string is PT_STRING8 (001E) in windows-1251, PR_MESSAGE_CODEPAGE and "
              "PR_INTERNET_CPID 1251: decode with the code page (as Latin-1 or UTF-8 it is mojibake). The "
              "recipient's strings too."))

    ko = TEXT["ko"]
    html = html_body(ko["mail_body"], "ks_c_5601-1987").encode("cp949")
    cf, _, _ = build_msg("ko", ko["mail_subject"], ko["mail_body"], ko["from"], [ko["to"]], cpid=949, html=html,
                         msgid="<SL2P216MB2397C0DE@SL2P216MB2397.KORP216.PROD.OUTLOOK.COM>")
    save("ko_notice.msg", cf, msg_entry(
        "ko", ko["mail_subject"], ko["mail_body"], ko["from"], [ko["to"]],
        notes="Unicode .msg in Korean: strings 001F; PR_HTML is cp949 (PR_INTERNET_CPID 949, meta charset "
              "ks_c_5601-1987). Prefer PR_BODY; if the HTML is read, decode it with PR_INTERNET_CPID."))

    rtf = rtf_body(en["mail_body"])
    comp = lzfu_compress(rtf)
    assert lzfu_decompress(comp) == rtf
    subject = "Night watch list, 5 March"
    cf, _, _ = build_msg("en", subject, en["mail_body"], en["from"], [en["to"]], plain=False, rtf=comp,
                         msgid="<AM0PR07MB2397RTF@AM0PR07MB2397.eurprd07.prod.outlook.com>")
    save("en_rtf.msg", cf, msg_entry(
        "en", subject, en["mail_body"], en["from"], [en["to"]],
        notes="No PR_BODY, no PR_HTML: the body is only PR_RTF_COMPRESSED (%d bytes of RTF in %d): "
              "[MS-OXRTFCP] LZFu with the 207-byte prebuffer dictionary and the spec's CRC; decompress it, "
              "then read the RTF for text." % (len(rtf), len(comp))))

    cut = 32 + 16 * 14 + 7   # inside the 15th entry (PR_CLIENT_SUBMIT_TIME)
    cf2, _, _ = build_msg("en", en["mail_subject"], en["mail_body"], en["from"], [en["to"]], props_cut=cut,
                          msgid="<AM0PR07MB2397CUT@AM0PR07MB2397.eurprd07.prod.outlook.com>")
    save("bad_truncated_props.msg", cf2, msg_entry(
        "en", en["mail_subject"], en["mail_body"], en["from"], [en["to"]], error="ok_with_warning",
        notes="The top-level __properties_version1.0 is cut at %d bytes, inside its 15th entry "
              "(PR_CLIENT_SUBMIT_TIME): the entries after it (the dates, PR_BODY's size, code pages) are "
              "gone but every __substg1.0_ stream is there: subject, sender, recipients and PR_BODY "
              "(1000001F) are readable; warn about the short property stream. The date is then only in "
              "PR_TRANSPORT_MESSAGE_HEADERS (Date:); a reader that does not look there leaves it out."
              % cut))
