#!/usr/bin/env bash
# trawl format benchmark: text recall and documents/s of the office, HWP and e-mail
# readers against docx2txt, antiword, catdoc, xls2csv, catppt, unrtf and LibreOffice on
# the same files. See bench/formats/README.md. Environment:
#   BUILD          build folder            (default: <repo>/build)
#   FORMATS_BENCH  in-process extraction   (default: $BUILD/bench/formats_bench)
#   BENCH_WORK     scratch folder          (default: /tmp/trawl-bench; this bench: formats/)
#   ITERATIONS     passes per file         (default: 5, after one warm-up)
#   LIBREOFFICE=0  leave LibreOffice out   (installing it takes minutes and ~600 MB)
#   STRICT=1       exit 1 when a goal fails
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$REPO/build}
FORMATS_BENCH=${FORMATS_BENCH:-$BUILD/bench/formats_bench}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-bench}
ITERATIONS=${ITERATIONS:-5}
LIBREOFFICE=${LIBREOFFICE:-1}
STRICT=${STRICT:-0}
SHARED=$(cd "$REPO/.." && pwd)/shared
WORK=$BENCH_WORK/formats

[[ -x $FORMATS_BENCH ]] || {
  echo "run.sh: no formats_bench at $FORMATS_BENCH (cmake --build build --target formats_bench)" >&2
  exit 2
}

# the baselines, from Debian
want=(docx2txt catdoc antiword unrtf poppler-utils)
((LIBREOFFICE)) && want+=(libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "run.sh: installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "run.sh: missing ${missing[*]}: their figures will be n/a" >&2
  fi
fi

rm -rf "$WORK"
mkdir -p "$WORK/in/generated" "$WORK/in/corpus"
python3 "$REPO/scripts/make-office-fixtures.py" "$WORK/in/generated" >"$WORK/generate.log" 2>&1 || {
  cat "$WORK/generate.log" >&2
  echo "run.sh: make-office-fixtures.py failed" >&2
  exit 1
}
# the real files: shared/corpus/office (not the encrypted one: nothing to recall) and the
# office members of Tika's test-documents.tgz
for f in "$SHARED"/corpus/office/*; do
  case $(basename "$f") in encrypted_*) continue ;; esac
  ln -s "$f" "$WORK/in/corpus/"
done
tgz=$SHARED/corpus/archives/tgz_test-documents_tika.tgz
if [[ -f $tgz ]]; then
  tar -xzf "$tgz" -C "$WORK/in/corpus" --wildcards --no-anchored '*.doc' '*.xls' '*.ppt' '*.rtf' '*.odt' \
    --transform 's|.*/||' 2>/dev/null || true
fi

args=(--work "$WORK" --formats-bench "$FORMATS_BENCH" --iterations "$ITERATIONS")
((LIBREOFFICE)) || args+=(--no-libreoffice)
((STRICT)) && args+=(--strict)
python3 "$HERE/measure.py" "${args[@]}"
