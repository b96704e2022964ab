#!/usr/bin/env python3
"""Writes the test containers of tests/archive_test.cc into a folder.

Usage: make-archive-fixtures.py OUTDIR [NAME...]

Without names every fixture is written; with names only those (the tests ask for what
they need, so each test case stays fast). `--list` prints the names. Python's standard
library writes zip, tar, gzip, bzip2 and xz; the `zstd` and `7z` commands (Debian
packages zstd and p7zip-full) write zstd and 7z, and `zip -P` (package zip) the
encrypted zip member (without `zip`, that member only gets its encryption flag set by
hand, which libarchive reports the same way). A fixture whose tool is missing is not
written and the script exits 3 after writing the others, naming it. Everything is
deterministic (fixed timestamps and contents); the whole set takes a few seconds.
"""

import bz2
import gzip
import io
import lzma
import os
import random
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib

MTIME = 1600000000  # 2020-09-13 12:26:40 UTC
ZIP_DATE = (2021, 5, 6, 7, 8, 10)

EN = "The quick brown fox jumps over the lazy dog. Archives hold documents.\n" * 3
KO = "다람쥐 헌 쳇바퀴에 타고파. 압축 파일 안의 한국어 문서입니다.\n" * 3
RU = "Съешь же ещё этих мягких французских булок, да выпей чаю. Документ в архиве.\n" * 3
KO_EUCKR = "북한의 선박이 남포 앞바다에서 해상 환적을 했다는 보고서가 나왔다.\n"
RU_CP1251 = "Танкер вышел из порта Находка и взял курс на Корейский полуостров.\n"

# The members of every multi-format container: (path, bytes). The test expects exactly
# these paths and bytes back, plus nothing for the folder entries.
MULTILINGUAL = [
    ("en.txt", EN.encode()),
    ("한국어.txt", KO.encode()),
    ("русский.txt", RU.encode()),
    ("legacy/ko-euckr.txt", KO_EUCKR.encode("euc-kr")),
    ("legacy/ru-cp1251.txt", RU_CP1251.encode("cp1251")),
]
FOLDERS = ["legacy/"]

# Legacy code page names, written without the UTF-8 flag (zipfile cannot: it writes
# non-ASCII names as flagged UTF-8, so they are patched in after writing).
LEGACY_NAMES = {
    "names-cp949.zip": ("cp949", ["보고서/회의록_2024년.txt", "한글 파일 이름.txt"]),
    # 表 is 0x95 0x5C in Shift_JIS: the 0x5C trail byte must not become a '/'
    "names-sjis.zip": ("cp932", ["報告書/テスト資料.txt", "表示ファイル.txt"]),
    "names-gbk.zip": ("gbk", ["测试文件/审计报告.txt", "集团邮件系统需求文档.doc"]),
    "names-cp437.zip": ("cp437", ["Résumé.txt", "Über/naïve café.txt"]),
}
UTF8_FLAG_NAMES = ["한국어/문서.txt", "Русский/отчёт.txt", "日本語.txt"]

TRAVERSAL = [
    ("../../etc/passwd", b"not a password file\n"),
    ("/abs/path.txt", b"absolute\n"),
    ("./a/./b/../c.txt", b"dots\n"),
    ("a//double.txt", b"double slash\n"),
]
TRAVERSAL_ZIP_ONLY = [("dir\\win\\file.txt", b"backslashes\n")]


def zip_bytes(members, method=zipfile.ZIP_DEFLATED, folders=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for f in folders:
            info = zipfile.ZipInfo(f, ZIP_DATE)
            info.external_attr = 0o40755 << 16 | 0x10
            z.writestr(info, b"")
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = method
            info.external_attr = 0o100644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def tar_bytes(members, folders=(), extra=()):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for f in folders:
            info = tarfile.TarInfo(f.rstrip("/"))
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            info.mtime = MTIME
            t.addfile(info)
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = MTIME
            t.addfile(info, io.BytesIO(data))
        for info in extra:
            t.addfile(info)
    return buf.getvalue()


def gzip_bytes(data, name=None):
    buf = io.BytesIO()
    # filename="" writes no name in the header
    with gzip.GzipFile(filename=name or "", mode="wb", fileobj=buf, mtime=MTIME) as g:
        g.write(data)
    return buf.getvalue()


def have(tool):
    return shutil.which(tool) is not None


def run(args, cwd=None):
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def zstd_bytes(data):
    return subprocess.run(["zstd", "-q", "-c", "-19"], input=data, check=True,
                          stdout=subprocess.PIPE).stdout


def seven_zip(members, extra_args=()):
    tool = "7z" if have("7z") else "7zr"
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        for name, data in members:
            path = os.path.join(src, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            os.utime(path, (MTIME, MTIME))
        out = os.path.join(tmp, "out.7z")
        run([tool, "a", "-bd", "-y", *extra_args, out, "."], cwd=src)
        with open(out, "rb") as f:
            return f.read()


# A deflate stream of `chunks` x 16 MiB of zeros, made of one compressed chunk repeated:
# after a full flush a block does not refer to earlier data, so the copies are valid.
ZERO_CHUNK = 16 << 20


def deflated_zeros(chunks, prefix=b""):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(prefix + bytes(ZERO_CHUNK)) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(bytes(ZERO_CHUNK)) + c.flush(zlib.Z_FULL_FLUSH)
    return first + block * (chunks - 1) + c.flush()


def crc32_combine(crc1, crc2, len2):
    """zlib's crc32_combine: the CRC of A+B from crc(A), crc(B) and len(B)."""

    def times(mat, vec):
        s, i = 0, 0
        while vec:
            if vec & 1:
                s ^= mat[i]
            vec >>= 1
            i += 1
        return s

    def square(mat):
        return [times(mat, mat[n]) for n in range(32)]

    if len2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = square(odd)
    odd = square(even)
    while True:
        even = square(odd)
        if len2 & 1:
            crc1 = times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = square(even)
        if len2 & 1:
            crc1 = times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc32_zeros(n):
    """CRC-32 of n zero bytes, by doubling (n a multiple of ZERO_CHUNK)."""
    crc, length = zlib.crc32(bytes(ZERO_CHUNK)), ZERO_CHUNK
    result, result_len = None, 0
    count = n // ZERO_CHUNK
    while count:
        if count & 1:
            result = crc if result is None else crc32_combine(result, crc, length)
            result_len += length
        count >>= 1
        if count:
            crc = crc32_combine(crc, crc, length)
            length *= 2
    return result


def zip64_single(name, data, usize, crc):
    """A zip of one deflated member whose sizes need zip64 (written by hand: zipfile
    would compress the gigabytes itself)."""
    fname = name.encode()
    dos_time = (ZIP_DATE[3] << 11) | (ZIP_DATE[4] << 5) | (ZIP_DATE[5] // 2)
    dos_date = ((ZIP_DATE[0] - 1980) << 9) | (ZIP_DATE[1] << 5) | ZIP_DATE[2]
    extra = struct.pack("<HHQQ", 1, 16, usize, len(data))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, dos_time, dos_date, crc,
                        0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(extra)) + fname + extra
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, dos_time, dos_date,
                          crc, 0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(extra), 0, 0, 0,
                          0o100644 << 16, 0) + fname + extra
    cd_offset = len(local) + len(data)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), cd_offset, 0)
    return local + data + central + eocd


def incompressible_text(seed, size):
    """Lower-case letters that deflate cannot shrink much below 60%."""
    table = bytes(ord("a") + i % 26 for i in range(256))
    return random.Random(seed).randbytes(size).translate(table)


def patch_names(archive, pairs):
    """Replaces same-length ASCII placeholder names with raw legacy bytes everywhere."""
    for placeholder, raw in pairs:
        assert len(placeholder) == len(raw) and archive.count(placeholder) == 2
        archive = archive.replace(placeholder, raw)
    return archive


def legacy_zip(codec, names):
    members, pairs = [], []
    for i, name in enumerate(names):
        raw = name.encode(codec)
        placeholder = (b"N%d" % i).ljust(len(raw), b"_")
        members.append((placeholder.decode(), ("member %d\n" % i).encode()))
        pairs.append((placeholder, raw))
    return patch_names(zip_bytes(members, zipfile.ZIP_STORED), pairs)


def set_encrypted_flag(archive, name):
    """Sets general purpose bit 0 (encrypted) of one member in its local and central
    headers: libarchive then treats the member as encrypted. Used when `zip` is missing."""
    fname = name.encode()
    out = bytearray(archive)
    for sig, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        pos = 0
        while (pos := out.find(sig, pos)) >= 0:
            n = struct.unpack_from("<H", out, pos + (26 if sig == b"PK\x03\x04" else 28))[0]
            if bytes(out[pos + name_at:pos + name_at + n]) == fname:
                out[pos + flag_at] |= 1
            pos += 4
    return bytes(out)


def encrypted_zip():
    members = [("plain1.txt", b"first plain member\n"), ("secret.txt", b"the secret\n"),
               ("plain2.txt", b"second plain member\n")]
    if not have("zip"):
        return set_encrypted_flag(zip_bytes(members, zipfile.ZIP_STORED), "secret.txt")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in members:
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(data)
            os.utime(os.path.join(tmp, name), (MTIME, MTIME))
        out = os.path.join(tmp, "out.zip")
        run(["zip", "-q", "-X", out, "plain1.txt"], cwd=tmp)
        run(["zip", "-q", "-X", "-P", "secret", out, "secret.txt"], cwd=tmp)
        run(["zip", "-q", "-X", out, "plain2.txt"], cwd=tmp)
        with open(out, "rb") as f:
            return f.read()


def nest42(levels=3, width=16):
    """42.zip in small: `width` zips of `width` zips ... `levels` deep, each leaf a zip of
    one 16 MiB member of zeros. 16^3 leaves: 64 GiB uncompressed in a few hundred KB."""
    level = zip_bytes([("zeros.bin", bytes(ZERO_CHUNK))])
    for depth in range(levels):
        level = zip_bytes([("level%d-%02d.zip" % (depth + 1, i), level) for i in range(width)])
    return level


BOMB_PREFIX = b"a gzip bomb: a line of text, then a gibibyte of zeros\n"


def gzip_bomb():
    n = 64 * ZERO_CHUNK
    crc = crc32_combine(zlib.crc32(BOMB_PREFIX), crc32_zeros(n), n)
    size = len(BOMB_PREFIX) + n
    return (b"\x1f\x8b\x08\x00" + struct.pack("<I", MTIME) + b"\x02\x03" +
            deflated_zeros(64, BOMB_PREFIX) + struct.pack("<II", crc, size & 0xFFFFFFFF))


def links_tar():
    sym = tarfile.TarInfo("link-to-file")
    sym.type, sym.linkname, sym.mtime = tarfile.SYMTYPE, "file.txt", MTIME
    hard = tarfile.TarInfo("hardlink-to-file")
    hard.type, hard.linkname, hard.mtime = tarfile.LNKTYPE, "file.txt", MTIME
    fifo = tarfile.TarInfo("a-fifo")
    fifo.type, fifo.mtime = tarfile.FIFOTYPE, MTIME
    dev = tarfile.TarInfo("a-device")
    dev.type, dev.mtime, dev.devmajor, dev.devminor = tarfile.CHRTYPE, MTIME, 1, 3
    extra = [sym, hard, fifo, dev]
    return tar_bytes([("file.txt", b"the only regular file\n")], folders=["dir/"], extra=extra)


def build():
    """name -> (function returning bytes, tool it needs or None)."""
    multi_tar = lambda: tar_bytes(MULTILINGUAL, FOLDERS)
    fx = {
        "multi.zip": (lambda: zip_bytes(MULTILINGUAL, zipfile.ZIP_DEFLATED, FOLDERS), None),
        "multi-stored.zip": (lambda: zip_bytes(MULTILINGUAL, zipfile.ZIP_STORED, FOLDERS), None),
        "multi-bzip2.zip": (lambda: zip_bytes(MULTILINGUAL, zipfile.ZIP_BZIP2, FOLDERS), None),
        "multi-lzma.zip": (lambda: zip_bytes(MULTILINGUAL, zipfile.ZIP_LZMA, FOLDERS), None),
        "multi.tar": (multi_tar, None),
        "multi.tar.gz": (lambda: gzip_bytes(multi_tar()), None),
        "multi.tgz": (lambda: gzip_bytes(multi_tar()), None),
        "multi.tar.bz2": (lambda: bz2.compress(multi_tar()), None),
        "multi.tar.xz": (lambda: lzma.compress(multi_tar()), None),
        "multi.tar.zst": (lambda: zstd_bytes(multi_tar()), "zstd"),
        "multi.7z": (lambda: seven_zip(MULTILINGUAL), "7z"),
        # one file compressed: the member is the decompressed stream
        "named.txt.gz": (lambda: gzip_bytes(KO.encode(), "original-name.txt"), None),
        "unnamed.txt.gz": (lambda: gzip_bytes(RU.encode()), None),
        "single.txt.bz2": (lambda: bz2.compress(EN.encode()), None),
        "single.txt.xz": (lambda: lzma.compress(EN.encode()), None),
        "single.txt.zst": (lambda: zstd_bytes(EN.encode()), "zstd"),
        # zip holding a tar.gz holding a zip
        "nested.zip": (lambda: zip_bytes([
            ("outer.txt", b"outer level\n"),
            ("inner.tar.gz", gzip_bytes(tar_bytes([
                ("middle.txt", b"middle level\n"),
                ("inner.zip", zip_bytes([("deep.txt", "가장 깊은 곳\n".encode())])),
            ]))),
        ]), None),
        "names-utf8flag.zip": (lambda: zip_bytes(
            [(n, ("member %d\n" % i).encode()) for i, n in enumerate(UTF8_FLAG_NAMES)],
            zipfile.ZIP_STORED), None),
        "traversal.zip": (lambda: zip_bytes(TRAVERSAL + TRAVERSAL_ZIP_ONLY), None),
        "traversal.tar": (lambda: tar_bytes(TRAVERSAL), None),
        "links.tar": (links_tar, None),
        # 10 GiB of zeros claimed and really there: 640 x 16 MiB in ~10 MB
        "bomb.zip": (lambda: zip64_single("zeros.bin", deflated_zeros(640), 640 * ZERO_CHUNK,
                                          crc32_zeros(640 * ZERO_CHUNK)), None),
        # 1 GiB of zeros in ~1 MB, one gzip stream (after a line of text: a stream that
        # starts with 512 zero bytes reads as an empty tar)
        "bomb.gz": (gzip_bomb, None),
        "nest42.zip": (nest42, None),
        "truncated.zip": (lambda: truncated_zip(), None),
        "corrupt.zip": (lambda: corrupt_zip(), None),
        "encrypted.zip": (encrypted_zip, None),
        "encrypted.7z": (lambda: seven_zip([("plain.txt", b"p\n"), ("secret.txt", b"s\n")],
                                           ["-psecret"]), "7z"),
        "encrypted-headers.7z": (lambda: seven_zip([("secret.txt", b"s\n")],
                                                   ["-psecret", "-mhe=on"]), "7z"),
        "empty100k.zip": (empty100k, None),
        "unsupported-method.zip": (unsupported_method_zip, None),
        "plain.txt": (lambda: EN.encode(), None),
        # 4 MiB of text at a ratio under 2: must not trip archive.max_ratio
        "large-text.zip": (lambda: zip_bytes([("large.txt", incompressible_text(7, 4 << 20))]),
                           None),
    }
    for name, (codec, names) in LEGACY_NAMES.items():
        fx[name] = ((lambda c=codec, n=names: legacy_zip(c, n)), None)
    return fx


TRUNCATED_MEMBERS = 6


def truncated_zip():
    """Six 20 KB members, cut in the middle of the fourth: three read, then an error."""
    z = zip_bytes([("part%d.txt" % i, incompressible_text(i + 1, 20000))
                   for i in range(TRUNCATED_MEMBERS)])
    starts = [i for i in range(len(z)) if z.startswith(b"PK\x03\x04", i)]
    return z[:starts[3] + 6000]


def corrupt_zip():
    """Three deflated members; 100 bytes in the middle of the second one's compressed data
    overwritten with junk (its data is ~3 KB, so the junk stays inside it)."""
    z = bytearray(zip_bytes([("good1.txt", EN.encode() * 50),
                             ("bad.txt", incompressible_text(3, 5000)),
                             ("good2.txt", RU.encode() * 50)]))
    pos = z.find(b"bad.txt") + len("bad.txt")
    for i in range(pos + 1000, pos + 1100):
        z[i] = (i * 151) & 0xFF
    return bytes(z)


def unsupported_method_zip():
    """Three stored members; the second one's method set to 97 (WavPack), which libarchive
    does not decompress, in its local and central headers."""
    z = bytearray(zip_bytes([("first.txt", b"first\n"), ("wavpack.bin", b"not really\n"),
                             ("last.txt", b"last\n")], zipfile.ZIP_STORED))
    for sig, method_at, name_len_at, name_at in ((b"PK\x03\x04", 8, 26, 30),
                                                 (b"PK\x01\x02", 10, 28, 46)):
        pos = 0
        while (pos := z.find(sig, pos)) >= 0:
            n = struct.unpack_from("<H", z, pos + name_len_at)[0]
            if bytes(z[pos + name_at:pos + name_at + n]) == b"wavpack.bin":
                struct.pack_into("<H", z, pos + method_at, 97)
            pos += 4
    return bytes(z)


def empty100k():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(100000):
            z.writestr(zipfile.ZipInfo("e/%06d.txt" % i, ZIP_DATE), b"")
    return buf.getvalue()


def main(argv):
    fixtures = build()
    if len(argv) >= 2 and argv[1] == "--list":
        print("\n".join(sorted(fixtures)))
        return 0
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    names = argv[2:] or sorted(fixtures)
    unknown = [n for n in names if n not in fixtures]
    if unknown:
        print("unknown fixture(s): " + ", ".join(unknown), file=sys.stderr)
        return 2
    os.makedirs(out, exist_ok=True)
    missing = []
    for name in names:
        make, tool = fixtures[name]
        if tool and not (have(tool) or (tool == "7z" and have("7zr"))):
            missing.append("%s (needs `%s`)" % (name, tool))
            continue
        with open(os.path.join(out, name), "wb") as f:
            f.write(make())
    if missing:
        print("not written, tool missing (scripts/deps.sh installs it): " + ", ".join(missing),
              file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
