#!/usr/bin/env bash
# Identification of text: the share of control characters in real text and in binary
# files, what libmagic calls them, whether the at-sight test agrees with libmagic, and
# what libmagic costs. See bench/identify/README.md.  Environment:
#   IDENTIFY_BENCH  the identify_bench binary (default: <repo>/build/bench/identify_bench)
#   IDENTIFY_WORK   scratch folder for the corpus (default: /tmp/trawl-identify)
#   ROUNDS          timing rounds (default: 3)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH=${IDENTIFY_BENCH:-$REPO/build/bench/identify_bench}
WORK=${IDENTIFY_WORK:-/tmp/trawl-identify}
ROUNDS=${ROUNDS:-3}
SHARED=$(cd "$REPO/.." && pwd)/shared

log() { printf '[identify %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
[[ -x $BENCH ]] || { echo "measure.sh: no $BENCH (cmake --build build --target identify_bench)" >&2; exit 1; }
command -v msgunfmt >/dev/null || { echo "measure.sh: needs gettext (msgunfmt)" >&2; exit 1; }

# ---------------------------------------------------------------- the corpus
# Real text of the system in the three languages, the same text in legacy charsets, and
# binary files. Built once; delete $WORK to rebuild.
collect() {
  local t=$WORK/text b=$WORK/binary
  mkdir -p "$t"/{en,ru,ko} "$b"
  log "collecting text and binary files into $WORK"
  # manual pages (troff source), gunzipped
  for lang in en ru ko; do
    local src=/usr/share/man/$lang
    [[ $lang == en ]] && src=/usr/share/man
    find "$src" -maxdepth 2 -path "$src/man[1-8]/*" -name '*.gz' 2>/dev/null | sort | while read -r f; do
      gunzip -c "$f" >"$t/$lang/man.$(basename "$(dirname "$f")").$(basename "$f" .gz)" 2>/dev/null || true
    done
  done
  # message catalogues, back to .po (UTF-8)
  for lang in ru ko; do
    find /usr/share/locale /usr/share/vim -path "*/$lang/LC_MESSAGES/*.mo" 2>/dev/null | sort | while read -r f; do
      local n; n=$(echo "$f" | tr / _)
      msgunfmt "$f" -o "$t/$lang/po$n.po" 2>/dev/null || true
    done
  done
  # vim's tutors and menus: Korean and Russian, UTF-8 and legacy charsets
  for f in /usr/share/vim/vim*/tutor/tutor.{ko,ru}* /usr/share/vim/vim*/lang/menu_{ko,ru}*; do
    [[ -f $f ]] || continue
    case $f in *ko*) cp "$f" "$t/ko/vim.$(basename "$f")" ;; *) cp "$f" "$t/ru/vim.$(basename "$f")" ;; esac
  done
  # the same catalogues in the legacy charsets
  for f in "$t"/ru/po*.po; do
    iconv -c -f UTF-8 -t WINDOWS-1251 "$f" >"${f%.po}.cp1251" 2>/dev/null || true
    iconv -c -f UTF-8 -t KOI8-R "$f" >"${f%.po}.koi8r" 2>/dev/null || true
  done
  for f in "$t"/ko/po*.po; do iconv -c -f UTF-8 -t CP949 "$f" >"${f%.po}.cp949" 2>/dev/null || true; done
  # English prose: changelogs, licences, locale definitions
  find /usr/share/doc -maxdepth 2 -name 'changelog*.gz' | sort | while read -r f; do
    gunzip -c "$f" >"$t/en/changelog.$(basename "$(dirname "$f")")" 2>/dev/null || true
  done
  cp /usr/share/common-licenses/* "$t/en/" 2>/dev/null || true
  find /usr/share/doc -maxdepth 2 -name copyright | sort | while read -r f; do
    cp "$f" "$t/en/copyright.$(basename "$(dirname "$f")")"
  done
  for f in /usr/share/i18n/locales/*; do cp "$f" "$t/en/locale.$(basename "$f")"; done
  # binary: libraries and programs (first 256 KB), images, compressed data, catalogues,
  # byte code, and seeded random bytes
  find /usr/lib/x86_64-linux-gnu -maxdepth 1 -name '*.so*' -type f | sort | awk 'NR <= 400' | while read -r f; do
    head -c 262144 "$f" >"$b/so.$(basename "$f")"
  done
  find /usr/bin -maxdepth 1 -type f | sort | awk 'NR <= 300' | while read -r f; do head -c 262144 "$f" >"$b/bin.$(basename "$f")"; done
  find /usr/share -name '*.png' -size -256k | sort | awk 'NR <= 1500' | while read -r f; do cp "$f" "$b/png.$(echo "$f" | tr / _)"; done
  find /usr/share/doc -name '*.gz' | sort | awk 'NR <= 500' | while read -r f; do cp "$f" "$b/gz.$(echo "$f" | tr / _)"; done
  find /usr/share/locale -name '*.mo' | sort | awk 'NR <= 500' | while read -r f; do cp "$f" "$b/mo.$(echo "$f" | tr / _)"; done
  find /usr/lib/python3* -name '*.pyc' | sort | awk 'NR <= 500' | while read -r f; do cp "$f" "$b/pyc.$(echo "$f" | tr / _)"; done
  python3 - "$b" <<'EOF'
import os, random, sys
rnd = random.Random(20240611)
for i in range(300):
    n = rnd.choice([256, 1024, 4096, 16384, 65536])
    data = bytes(rnd.getrandbits(8) for _ in range(n))
    open(os.path.join(sys.argv[1], f"random.{i:03}"), "wb").write(data)
    # the same without NUL bytes: only the control characters tell it from text
    open(os.path.join(sys.argv[1], f"random-nonul.{i:03}"), "wb").write(data.replace(b"\0", b"\1"))
EOF
  find "$t" "$b" -type f -empty -delete
  touch "$WORK/.done"
}
[[ -f $WORK/.done ]] || collect

# Real text with a few control characters, as data dumps and old mail archives have
# them: one per 4 KB anywhere (dirty), two more in the first 64 bytes (dirty-head), or
# none but a DOS end-of-file Ctrl-Z (dirty-ctrlz); 1,500 files drawn from the text above.
dirty() {
  log "making text with a few control characters"
  python3 - "$WORK" <<'EOF'
import os, random, sys
work = sys.argv[1]
rnd = random.Random(20240611)
src = []
for d in ("text/en", "text/ru", "text/ko"):
    src += [os.path.join(work, d, f) for f in sorted(os.listdir(os.path.join(work, d)))]
rnd.shuffle(src)
ctrl = list(range(1, 7)) + list(range(0x0E, 0x20)) + [0x7F, 0x0B, 0x08, 0x07]
def put(b, limit):
    pos = rnd.randrange(min(len(b), limit))
    while pos < len(b) and (b[pos] & 0xC0) == 0x80:  # not inside a UTF-8 sequence
        pos += 1
    b[pos:pos] = bytes([rnd.choice(ctrl)])
for d in ("dirty", "dirty-head", "dirty-ctrlz"):
    os.makedirs(os.path.join(work, d), exist_ok=True)
for i, p in enumerate(src[:1500]):
    clean = open(p, "rb").read()
    if not clean:
        continue
    name = f"{i:04}.{os.path.basename(p)}"
    b = bytearray(clean)
    for _ in range(max(1, len(b) // 4000)):
        put(b, len(b))
    open(os.path.join(work, "dirty", name), "wb").write(bytes(b))
    for _ in range(2):
        put(b, 64)
    open(os.path.join(work, "dirty-head", name), "wb").write(bytes(b))
    open(os.path.join(work, "dirty-ctrlz", name), "wb").write(clean + b"\x1a")
EOF
  touch "$WORK/.dirty"
}
[[ -f $WORK/.dirty ]] || dirty

# ---------------------------------------------------------------- control characters
log "control characters (identify_bench shares)"
for set in text/en text/ru text/ko dirty dirty-head dirty-ctrlz binary; do
  find "$WORK/$set" -type f | sort | "$BENCH" shares - >"$WORK/shares.${set//\//-}.tsv"
done
echo
echo "## Control characters (C0 but tab, LF, FF, CR; DEL; C1 in UTF-8 and UTF-16) per character"
printf '%-10s %7s %9s %9s %9s %9s %s\n' set files "with any" "p99" "max" "NUL-free" "min share of the NUL-free"
for f in "$WORK"/shares.*.tsv; do
  set=$(basename "$f" .tsv); set=${set#shares.}
  sort -g "$f" | awk -F'\t' -v set="$set" '
    { s[NR] = $1; if ($1 > 0) any++; if ($2 == 0) { nonul++; if (min == "" || $1 < min) min = $1 } }
    END { p = int(NR * 0.99); if (p < 1) p = 1;
          printf "%-10s %7d %9d %9.5f %9.5f %9d %s\n", set, NR, any, s[p], s[NR], nonul, min }'
done
echo
echo "## Real text with any control character: share, libmagic (and rescue), file"
cat "$WORK"/shares.text-*.tsv | awk -F'\t' '$1 > 0' | sort -gr | sed -n '1,40p' | cut -f1,3,5
echo
echo "## Binary files (not text/* to libmagic) without NUL: the least control shares"
awk -F'\t' '$2 == 0 && $3 !~ /^text\//' "$WORK/shares.binary.tsv" | sort -g | sed -n '1,5p' | cut -f1,3,5
echo
echo "## What libmagic alone calls the text with a few control characters, then with our rescue"
for set in dirty dirty-head dirty-ctrlz; do
  echo "$set, libmagic (file 5.44 with trawl's flags):"
  find "$WORK/$set" -type f | sort |
    file -b --mime-type -e compress -e elf -e tokens -e json -e csv -P regex=1024 -f - | sort | uniq -c | sort -rn
  echo "$set, MimeDetector:"
  cut -f3 "$WORK/shares.$set.tsv" | sort | uniq -c | sort -rn
done
echo
echo "## What libmagic (and rescue) calls the real text files"
cat "$WORK"/shares.text-*.tsv | cut -f3 | sort | uniq -c | sort -rn
echo
echo "## What it calls the binary files"
cut -f3 "$WORK/shares.binary.tsv" | sort | uniq -c | sort -rn | sed -n '1,30p'

# ---------------------------------------------------------------- at sight vs libmagic
echo
echo "## At-sight test against libmagic: real files and probes from libmagic's own rules"
agree_on() {
  local name=$1
  shift
  printf '%-22s ' "$name"
  "$BENCH" agree - | tail -1
}
find "$WORK/text" -type f | sort | agree_on "system text" || true
find "$REPO/samples" "$REPO/tests/fixtures" -type f | sort | agree_on "samples, fixtures" || true
[[ -d $SHARED/corpus ]] && { find "$SHARED/corpus" -type f | sort | agree_on "shared/corpus" || true; }
rm -rf "$WORK/probes" && mkdir -p "$WORK/probes"
python3 "$HERE/probes.py" "$WORK/probes"
find "$WORK/probes" -type f ! -name '*.offset*' | sort | agree_on "probes" || true
find "$WORK/probes" -type f ! -name '*.offset*' | sort | "$BENCH" agree - | grep DISAGREE || true
# a signature past offset 0 in prose: libmagic is wrong there, the at-sight test is not
find "$WORK/probes" -type f -name '*.offset*' | sort | agree_on "probes at an offset" || true

# ---------------------------------------------------------------- cost
echo
echo "## Cost of MimeDetector::detect on plain text"
# the ingest bench's plain text (bench/ingest/gen_corpus.py: Korean, Russian, English)
[[ -d $WORK/ingest ]] || python3 "$REPO/bench/ingest/gen_corpus.py" "$WORK/ingest" --docs 2000 >/dev/null
echo "ingest corpus, .txt files:"
find "$WORK/ingest" -name '*.txt' | sort | "$BENCH" time --rounds "$ROUNDS" -
echo "system files libmagic calls text/plain:"
cat "$WORK"/shares.text-*.tsv | awk -F'\t' '$3 == "text/plain"' | cut -f5 | "$BENCH" time --rounds 1 -
