"""A [MS-CFB] compound-file writer, version 3 (512-byte sectors), standard library only.

    cf = CompoundFile()
    cf.add_stream("BodyText/Section0", data)     # storages on the path are created
    cf.add_storage("BinData")                    # an empty storage
    cf.loop_chain("BodyText/Section1")           # damage: its last sector points at its first
    cf.overwrite("BodyText/Section1", 0, b"..")  # damage: bytes replaced after layout
    cf.truncate(n)                               # damage: the file cut at n bytes
    data = cf.tobytes()

What it writes: the header with the DIFAT's first 109 entries (and DIFAT sectors when
the FAT needs more than 109 sectors), the FAT, the directory (storages' children as a
binary search tree, all black: a valid red-black tree; ordered as [MS-CFB] 2.6.4 says,
by name length, then by the upper-cased UTF-16 units), a MiniFAT and the mini stream
(in the root entry's chain) for streams under 4096 bytes, the others in FAT chains.
Names: up to 31 UTF-16 units, any character but / \\ : ! (\\x05 first is fine).
Sector order: FAT, DIFAT, directory, MiniFAT, mini stream, then the big streams in the
order they were added. No timestamps, no CLSIDs unless given: identical bytes each run.
Directory entries are numbered in the order storages and streams were added (root 0),
which need not be the tree's order: readers must walk the tree.
"""

import struct

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
DIFSECT = 0xFFFFFFFC
NOSTREAM = 0xFFFFFFFF
SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _upper_unit(c):
    u = c.upper()
    return u if len(u) == 1 else c


def cfb_key(name):
    """[MS-CFB] 2.6.4: shorter names first, then unit by unit upper-cased."""
    units = name.encode("utf-16-le")
    up = "".join(_upper_unit(c) for c in name).encode("utf-16-le")
    return (len(units), [int.from_bytes(up[i:i + 2], "little") for i in range(0, len(up), 2)])


class _Entry:
    def __init__(self, name, kind, data=b"", clsid=b"\0" * 16):
        units = len(name.encode("utf-16-le")) // 2
        if units > 31:
            raise ValueError("CFB name longer than 31 UTF-16 units: %r" % name)
        if any(ch in name for ch in "/\\:!"):
            raise ValueError("CFB name with / \\ : or !: %r" % name)
        self.name = name
        self.kind = kind          # 1 storage, 2 stream, 5 root
        self.data = data
        self.clsid = clsid
        self.children = {}        # upper-cased name -> _Entry (storages)
        self.order = []
        self.sid = None
        self.left = self.right = self.child = NOSTREAM
        self.start = ENDOFCHAIN
        self.sectors = []         # the stream's sectors (regular or mini)
        self.mini = False


class CompoundFile:
    def __init__(self, root_clsid=b"\0" * 16):
        self.root = _Entry("Root Entry", 5, clsid=root_clsid)
        self._all = [self.root]
        self._loops = []
        self._overwrites = []
        self._truncate = None

    # ------------------------------------------------------------ building
    def _storage(self, parts, create=True):
        node = self.root
        for p in parts:
            key = p.upper()
            if key not in node.children:
                if not create:
                    raise KeyError("/".join(parts))
                e = _Entry(p, 1)
                node.children[key] = e
                node.order.append(e)
                self._all.append(e)
            node = node.children[key]
            if node.kind == 2:
                raise ValueError("%s is a stream" % p)
        return node

    def add_storage(self, path, clsid=b"\0" * 16):
        s = self._storage([p for p in path.split("/") if p])
        s.clsid = clsid
        return s

    def add_stream(self, path, data):
        parts = [p for p in path.split("/") if p]
        parent = self._storage(parts[:-1])
        key = parts[-1].upper()
        if key in parent.children:
            raise ValueError("duplicate entry %r" % path)
        e = _Entry(parts[-1], 2, bytes(data))
        parent.children[key] = e
        parent.order.append(e)
        self._all.append(e)
        return e

    def _find(self, path):
        parts = [p for p in path.split("/") if p]
        parent = self._storage(parts[:-1], create=False)
        return parent.children[parts[-1].upper()]

    # ------------------------------------------------------------ damage hooks
    def loop_chain(self, path, at=-1):
        """Make the stream's chain (FAT, or MiniFAT for a small stream) loop: its sector
        number `at` (default the last) points back at its first sector instead of at
        the next one or ENDOFCHAIN."""
        self._loops.append((path, at))

    def overwrite(self, path, offset, data):
        """After layout, replace the stream's bytes at offset (directory size unchanged)."""
        self._overwrites.append((path, offset, bytes(data)))

    def truncate(self, length):
        """Cut the written file at length bytes."""
        self._truncate = length

    # ------------------------------------------------------------ layout
    @staticmethod
    def _tree(entries):
        """Balanced binary search tree of siblings; returns the root's index in entries
        sorted, setting left/right."""
        s = sorted(entries, key=lambda e: cfb_key(e.name))

        def build(lo, hi):
            if lo >= hi:
                return NOSTREAM
            mid = (lo + hi) // 2
            node = s[mid]
            node.left = build(lo, mid)
            node.right = build(mid + 1, hi)
            return node.sid

        return build(0, len(s))

    def tobytes(self):
        for i, e in enumerate(self._all):
            e.sid = i
            e.left = e.right = e.child = NOSTREAM
            e.sectors = []
            e.start = ENDOFCHAIN
        for e in self._all:
            if e.kind in (1, 5):
                e.child = self._tree(e.order)

        streams = [e for e in self._all if e.kind == 2]
        # mini stream
        ministream = bytearray()
        minifat = []
        for e in streams:
            if 0 < len(e.data) < CUTOFF:
                e.mini = True
                n = (len(e.data) + MINI - 1) // MINI
                first = len(ministream) // MINI
                e.sectors = list(range(first, first + n))
                minifat += [s + 1 for s in e.sectors[:-1]] + [ENDOFCHAIN]
                ministream += e.data + b"\0" * (n * MINI - len(e.data))
        big = [e for e in streams if len(e.data) >= CUTOFF]

        def nsect(nbytes, unit=SECTOR):
            return (nbytes + unit - 1) // unit

        ndir = nsect(len(self._all) * 128)
        nminifat = nsect(len(minifat) * 4)
        nmini = nsect(len(ministream))
        nbig = sum(nsect(len(e.data)) for e in big)
        other = ndir + nminifat + nmini + nbig
        nfat, ndifat = 1, 0
        while True:
            ndifat = max(0, (nfat - 109 + 126) // 127)
            need = nsect((other + nfat + ndifat) * 4)
            if need <= nfat:
                break
            nfat = need
        total = nfat + ndifat + other
        fat = [FREESECT] * (nfat * (SECTOR // 4))
        pos = 0
        fat_secs = list(range(pos, pos + nfat)); pos += nfat
        difat_secs = list(range(pos, pos + ndifat)); pos += ndifat
        for s in fat_secs:
            fat[s] = FATSECT
        for s in difat_secs:
            fat[s] = DIFSECT

        def chain(n):
            nonlocal pos
            secs = list(range(pos, pos + n))
            pos += n
            for a, b in zip(secs, secs[1:]):
                fat[a] = b
            if secs:
                fat[secs[-1]] = ENDOFCHAIN
            return secs

        dir_secs = chain(ndir)
        minifat_secs = chain(nminifat)
        mini_secs = chain(nmini)
        for e in big:
            e.sectors = chain(nsect(len(e.data)))
        assert pos == total
        for e in streams:
            if e.sectors:
                e.start = e.sectors[0]
        self.root.start = mini_secs[0] if mini_secs else ENDOFCHAIN

        for path, at in self._loops:
            e = self._find(path)
            table = minifat if e.mini else fat
            table[e.sectors[at]] = e.sectors[0]

        # directory
        d = bytearray()
        for e in self._all:
            name = e.name.encode("utf-16-le")
            size = len(ministream) if e.kind == 5 else (len(e.data) if e.kind == 2 else 0)
            start = e.start if e.kind != 1 else 0
            if e.kind == 2 and not e.data:
                start = ENDOFCHAIN
            d += struct.pack("<64sHBBIII16sIQQIQ", name, len(name) + 2, e.kind, 1, e.left, e.right,
                             e.child, e.clsid, 0, 0, 0, start, size)
        while len(d) < ndir * SECTOR:
            d += struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                             b"\0" * 16, 0, 0, 0, 0, 0)

        # header and DIFAT
        difat = fat_secs[:109] + [FREESECT] * (109 - min(109, nfat))
        header = struct.pack("<8s16sHHHHH6sIIIIIIIII", SIGNATURE, b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
                             b"\0" * 6, 0, nfat, dir_secs[0], 0, CUTOFF,
                             minifat_secs[0] if minifat_secs else ENDOFCHAIN, nminifat,
                             difat_secs[0] if difat_secs else ENDOFCHAIN, ndifat)
        header += struct.pack("<109I", *difat)
        assert len(header) == SECTOR
        rest = fat_secs[109:]
        difat_data = bytearray()
        for i, s in enumerate(difat_secs):
            part = rest[i * 127:(i + 1) * 127]
            part += [FREESECT] * (127 - len(part))
            nxt = difat_secs[i + 1] if i + 1 < len(difat_secs) else ENDOFCHAIN
            difat_data += struct.pack("<128I", *(part + [nxt]))

        def pad(b, n):
            return bytes(b) + b"\0" * (n * SECTOR - len(b))

        mf = struct.pack("<%dI" % len(minifat), *minifat) if minifat else b""
        mf += struct.pack("<I", FREESECT) * ((nminifat * SECTOR - len(mf)) // 4)
        out = bytearray(header)
        out += struct.pack("<%dI" % len(fat), *fat)
        out += difat_data
        out += pad(d, ndir)
        out += mf
        out += pad(ministream, nmini)
        for e in big:
            out += pad(e.data, nsect(len(e.data)))
        assert len(out) == SECTOR * (1 + total)

        for path, offset, data in self._overwrites:
            e = self._find(path)
            for k, byte in enumerate(data):
                i = offset + k
                if e.mini:
                    m = e.sectors[i // MINI]
                    at = m * MINI + i % MINI
                    fpos = SECTOR * (1 + mini_secs[at // SECTOR]) + at % SECTOR
                else:
                    fpos = SECTOR * (1 + e.sectors[i // SECTOR]) + i % SECTOR
                out[fpos] = byte
        if self._truncate is not None:
            del out[self._truncate:]
        return bytes(out)

    def write(self, path):
        data = self.tobytes()
        with open(path, "wb") as f:
            f.write(data)
        return data


def _selftest():
    """python3 cfb_writer.py: write a few files with big, small, empty and nested streams."""
    import random
    rnd = random.Random(1)
    cf = CompoundFile()
    items = {"A": b"x" * 5000, "sub/B": b"hello", "sub/deeper/C": rnd.randbytes(70000),
             "\x05Summary": b"s" * 100, "empty": b"", "sub/" + "N" * 31: b"long name"}
    for k in range(40):
        items["many/s%02d" % k] = bytes([k]) * (k * 97)
    for p, v in items.items():
        cf.add_stream(p, v)
    return cf.tobytes(), items


if __name__ == "__main__":
    import sys
    data, items = _selftest()
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/cfb_selftest.cfb"
    with open(out, "wb") as f:
        f.write(data)
    print(out, len(data), "bytes,", len(items), "streams")
