#!/usr/bin/env bash
# trawl OCR benchmark: accuracy (CER against ground truth) and speed (pages/s on
# 2 cores) of trawl against plain `tesseract IMAGE - -l LANG`.  See bench/ocr/README.md.
# Environment:
#   TRAWL_BIN     trawl binary                     (default: <repo>/build/app/trawl)
#   BENCH_WORK    scratch + results folder         (default: /tmp/trawl-ocr-bench)
#   OCR_CORPUS    corpus OCR pages                 (default: <repo>/../shared/corpus/ocr)
#   OCR_SAMPLES   the repo's scans                 (default: <repo>/samples/scans)
#   JOBS          parallel jobs in the accuracy part (default: 2; not timed)
#   SPEED_REPEAT  timed runs per tool in the speed part, median taken (default: 3)
#   SPEED_COPIES  copies of each image page in the speed part (default: auto = enough
#                 for at least 30 pages, at most 3)
#   SPEED_BUDGET  seconds; no further speed round once it would be exceeded (default: 300)
#   PAGE_TIMEOUT  seconds per document in the accuracy part (default: 300)
#   SPEED_TIMEOUT seconds per speed run            (default: 600)
#   BENCH_SKIP    words out of: trawl baseline accuracy speed multi  (skip those parts)
#   OCR_NOT_CLEAN regex: samples whose path matches are not "clean" (see cer.py)
#   STRICT=1      exit 1 when a goal fails (default: report only)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TRAWL_BIN=${TRAWL_BIN:-$REPO/build/app/trawl}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-ocr-bench}
SHARED=$(cd "$REPO/.." && pwd)/shared
OCR_CORPUS=${OCR_CORPUS:-$SHARED/corpus/ocr}
OCR_SAMPLES=${OCR_SAMPLES:-$REPO/samples/scans}
JOBS=${JOBS:-2}
SPEED_REPEAT=${SPEED_REPEAT:-3}
SPEED_COPIES=${SPEED_COPIES:-auto}
SPEED_BUDGET=${SPEED_BUDGET:-300}
PAGE_TIMEOUT=${PAGE_TIMEOUT:-300}
SPEED_TIMEOUT=${SPEED_TIMEOUT:-600}
BENCH_SKIP=${BENCH_SKIP:-}
STRICT=${STRICT:-0}

log() { printf '[ocr-bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
skip() { [[ " $BENCH_SKIP " == *" $1 "* ]]; }

# ---------------------------------------------------------------- tools
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
for l in eng rus kor osd; do
  [[ -n $(find /usr/share/tesseract-ocr -name "$l.traineddata" 2>/dev/null | head -n1) ]] ||
    need+=("tesseract-ocr-$l")
done
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v timeout >/dev/null 2>&1 || need+=(coreutils)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  if [[ $(id -u) != 0 ]]; then
    echo "run.sh: missing ${need[*]} and not root; install them first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y --no-install-recommends "${need[@]}"
fi

HAVE_TRAWL=1
if skip trawl; then
  HAVE_TRAWL=0
elif [[ ! -x $TRAWL_BIN ]]; then
  log "no trawl binary at $TRAWL_BIN (set TRAWL_BIN); trawl figures will be n/a"
  HAVE_TRAWL=0
fi
HAVE_BASELINE=1
skip baseline && HAVE_BASELINE=0

mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
if [[ $BENCH_WORK =~ [[:space:]] ]]; then
  echo "run.sh: BENCH_WORK must not contain whitespace (the speed part passes paths through xargs)" >&2
  exit 1
fi
LOG=$BENCH_WORK/logs
OUT=$BENCH_WORK/out
SPEED=$BENCH_WORK/speed
rm -rf "$LOG" "$OUT" "$SPEED" "$BENCH_WORK/results.json" "$BENCH_WORK/speed.jsonl"
mkdir -p "$LOG" "$OUT/trawl" "$OUT/baseline" "$OUT/raster" "$SPEED"
: >"$BENCH_WORK/speed.jsonl"
cut -d' ' -f1-3 /proc/loadavg >"$BENCH_WORK/loadavg.start"
if awk '{ exit !($1 > 0.5) }' /proc/loadavg; then
  log "note: load average is $(cut -d' ' -f1-3 /proc/loadavg); other work on the machine skews the speed figures"
fi
BENCH_T0=$EPOCHREALTIME

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }'; }

# CPU seconds the whole machine was busy (/proc/stat), and the CPU seconds of our own
# finished children (bash `times`): their difference over a run is other processes' work.
CLK_TCK=$(getconf CLK_TCK)
cpu_busy() { awk -v hz="$CLK_TCK" '/^cpu / { printf "%.3f", ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat; }
cpu_children() { # must run in this shell, not in $(...): `times` there tells the subshell's
  times >"$BENCH_WORK/times.txt"
  awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] }
    printf "%.3f", t }' "$BENCH_WORK/times.txt"
}
# cpu_json BUSY0 CHILD0 WALL -> CPU_JSON='"cpu":own,"other_cores":x' (other processes' cores on average)
cpu_json() {
  local c1
  cpu_children >"$BENCH_WORK/cpu.now"
  c1=$(<"$BENCH_WORK/cpu.now")
  CPU_JSON=$(awk -v b0="$1" -v c0="$2" -v w="$3" -v b1="$(cpu_busy)" -v c1="$c1" 'BEGIN {
    own = c1 - c0; other = (b1 - b0 - own) / w; if (other < 0) other = 0
    printf "\"cpu\":%.3f,\"other_cores\":%.3f", own, other }')
}

# ---------------------------------------------------------------- pages with ground truth
manifest_args=(--corpus "$OCR_CORPUS" --samples "$OCR_SAMPLES")
skip multi && manifest_args+=(--skip-multi)
python3 "$HERE/cer.py" manifest "${manifest_args[@]}" >"$BENCH_WORK/manifest.tsv" 2>"$LOG/manifest.err"
n_docs=$(wc -l <"$BENCH_WORK/manifest.tsv")
log "$n_docs documents with ground truth ($(cut -f2 "$BENCH_WORK/manifest.tsv" | sort | uniq -c | awk '{ printf "%s%s %s", s, $2, $1; s = ", " }'))" \
  "from $OCR_CORPUS and $OCR_SAMPLES; $(wc -l <"$LOG/manifest.err") files skipped (logs/manifest.err)"
if ((n_docs == 0)); then
  echo "run.sh: no pages with ground truth found" >&2
  exit 1
fi
# read everything once so that no tool pays for the first disk read
cut -f6,7 "$BENCH_WORK/manifest.tsv" | tr '\t' '\n' | while IFS= read -r f; do cat -- "$f"; done >/dev/null
find /usr/share/tesseract-ocr -name '*.traineddata' -exec cat {} + >/dev/null 2>&1 || true

# ---------------------------------------------------------------- accuracy
# baseline: what a user gets from the tesseract CLI with the right language and
# nothing else (no OSD, default page segmentation); PDFs rasterised first.
# shellcheck disable=SC2317  # (called through run_limited)
baseline_doc() { # id kind lang path
  local id=$1 kind=$2 lang=$3 path=$4 rc=0 p first=1 t0=$EPOCHREALTIME
  if [[ $kind == image ]]; then
    OMP_THREAD_LIMIT=1 timeout -k 5 "$PAGE_TIMEOUT" tesseract "$path" - -l "$lang" \
      >"$OUT/baseline/$id.txt" 2>"$LOG/baseline-$id.err" || rc=$?
  else
    local dir=$OUT/raster/$id
    mkdir -p "$dir"
    timeout -k 5 "$PAGE_TIMEOUT" pdftoppm -r 300 -gray "$path" "$dir/p" 2>"$LOG/baseline-$id.err" || rc=$?
    : >"$OUT/baseline/$id.txt"
    # pdftoppm zero-pads page numbers to the same width, so the glob sorts in page order
    for p in "$dir"/p-*.pgm; do
      [[ -e $p ]] || continue
      ((first)) || printf '\f' >>"$OUT/baseline/$id.txt"
      first=0
      # tesseract ends each page with a form feed of its own: drop it, we add one between pages
      OMP_THREAD_LIMIT=1 timeout -k 5 "$PAGE_TIMEOUT" tesseract "$p" - -l "$lang" 2>>"$LOG/baseline-$id.err" |
        tr -d '\f' >>"$OUT/baseline/$id.txt" || rc=$?
    done
    rm -rf "$dir"
  fi
  echo "$rc" >"$OUT/baseline/$id.rc"
  elapsed "$t0" >"$OUT/baseline/$id.time"
}

# shellcheck disable=SC2317
trawl_doc() { # id path
  local id=$1 path=$2 rc=0 t0=$EPOCHREALTIME
  timeout -k 5 "$PAGE_TIMEOUT" "$TRAWL_BIN" extract --json "$path" \
    >"$OUT/trawl/$id.json" 2>"$LOG/trawl-$id.err" || rc=$?
  echo "$rc" >"$OUT/trawl/$id.rc"
  elapsed "$t0" >"$OUT/trawl/$id.time"
}

run_limited() { # run "$@" in the background, at most $JOBS at once
  while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
  "$@" &
}

if ! skip accuracy; then
  t0=$EPOCHREALTIME
  log "accuracy: $n_docs documents, trawl=$HAVE_TRAWL baseline=$HAVE_BASELINE, $JOBS jobs at a time"
  while IFS=$'\t' read -r id _ _ kind lang path _; do
    ((HAVE_BASELINE)) && run_limited baseline_doc "$id" "$kind" "$lang" "$path"
    ((HAVE_TRAWL)) && run_limited trawl_doc "$id" "$path"
  done <"$BENCH_WORK/manifest.tsv"
  wait
  log "accuracy: done in $(elapsed "$t0") s"
fi

# ---------------------------------------------------------------- speed
# Every image page with ground truth (PDFs are not part of it), SPEED_COPIES times:
# copy 1 is a symlink to the page, the others byte-distinct copies with the same pixels
# (cer.py variant), because trawl skips files whose bytes it has seen. Every run starts
# from a fresh data dir; SPEED_REPEAT runs per tool, alternating; median wall time.
if ! skip speed; then
  # and the same without the Korean pages (tools trawl-latcyr, baseline-latcyr): on those
  # the baseline reads a quarter of the text trawl reads (see docs/ocr.md)
  mkdir -p "$SPEED/pages" "$SPEED/pages-latcyr"
  : >"$SPEED/jobs"
  : >"$SPEED/jobs-tuned"
  : >"$SPEED/jobs-latcyr"
  declare -A seen_sha=()
  speed_files=()
  latcyr_files=()
  distinct=()
  # largest first: the order in which the two baseline processes take the pages
  while IFS=$'\t' read -r _ id lang path; do
    sha=$(sha256sum -- "$path" | cut -d' ' -f1)
    [[ -n ${seen_sha[$sha]:-} ]] && continue
    seen_sha[$sha]=1
    distinct+=("$id"$'\t'"$lang"$'\t'"$path")
  done < <(awk -F'\t' '$4 == "image" { print $1 "\t" $5 "\t" $6 }' "$BENCH_WORK/manifest.tsv" |
    while IFS=$'\t' read -r id lang path; do
      printf '%s\t%s\t%s\t%s\n' "$(stat -Lc %s -- "$path")" "$id" "$lang" "$path"
    done | sort -t$'\t' -k1,1nr)
  if [[ $SPEED_COPIES == auto ]]; then
    mapfile -t distinct_paths < <(printf '%s\n' "${distinct[@]}" | cut -f3)
    n=$(python3 "$HERE/cer.py" pages "${distinct_paths[@]}")
    SPEED_COPIES=$(((30 + n - 1) / (n > 0 ? n : 1)))
    ((SPEED_COPIES > 3)) && SPEED_COPIES=3
    ((SPEED_COPIES < 1)) && SPEED_COPIES=1
  fi
  for entry in "${distinct[@]}"; do
    IFS=$'\t' read -r id lang path <<<"$entry"
    ext=${path##*.}
    for ((c = 1; c <= SPEED_COPIES; c++)); do
      name=c$c-${id%.*}.$ext
      if ((c == 1)); then
        ln -s -- "$path" "$SPEED/pages/$name"
      else
        python3 "$HERE/cer.py" variant "$path" "$SPEED/pages/$name" "$c"
      fi
      speed_files+=("$SPEED/pages/$name")
      printf '%s %s -l %s\n' "$SPEED/pages/$name" "$SPEED/out/${name%.*}" "$lang" >>"$SPEED/jobs"
      # the tuned baseline reads Korean as one block, the mode that reads it (see docs/ocr.md)
      psm=3; [[ $lang == kor* ]] && psm=6
      printf '%s %s -l %s --psm %s\n' "$SPEED/pages/$name" "$SPEED/out/${name%.*}" "$lang" "$psm" >>"$SPEED/jobs-tuned"
      if [[ $lang != kor* ]]; then
        ln -s -- "$SPEED/pages/$name" "$SPEED/pages-latcyr/$name"
        printf '%s %s -l %s\n' "$SPEED/pages/$name" "$SPEED/out/${name%.*}" "$lang" >>"$SPEED/jobs-latcyr"
        latcyr_files+=("$SPEED/pages/$name")
      fi
    done
  done
  n_files=${#speed_files[@]}
  n_pages=$(python3 "$HERE/cer.py" pages "${speed_files[@]}")
  n_latcyr_files=${#latcyr_files[@]}
  n_latcyr_pages=0
  ((n_latcyr_files)) && n_latcyr_pages=$(python3 "$HERE/cer.py" pages "${latcyr_files[@]}")
  cat -- "${speed_files[@]}" >/dev/null
  log "speed: $n_files image files (${#distinct[@]} distinct x $SPEED_COPIES copies), $n_pages pages, $SPEED_REPEAT runs per tool"

  speed_trawl() { # rep [latcyr]
    local rep=$1 data=$SPEED/data-r$1 t0 rc=0 line ok=false ing fail b0 c0 tool=trawl pages=$SPEED/pages
    local files=$n_files npages=$n_pages
    if [[ ${2:-} == latcyr ]]; then
      tool=trawl-latcyr pages=$SPEED/pages-latcyr files=$n_latcyr_files npages=$n_latcyr_pages
    fi
    rm -rf "$data"
    cpu_children >"$BENCH_WORK/cpu.now"
    b0=$(cpu_busy) c0=$(<"$BENCH_WORK/cpu.now")
    t0=$EPOCHREALTIME
    timeout -k 10 "$SPEED_TIMEOUT" "$TRAWL_BIN" ingest --data "$data" --threads 2 \
      --report "$LOG/speed-$tool-r$rep.report" "$pages" \
      >"$LOG/speed-$tool-r$rep.out" 2>"$LOG/speed-$tool-r$rep.err" || rc=$?
    wall=$(elapsed "$t0")
    cpu_json "$b0" "$c0" "$wall"
    line=$(grep -Eo 'ingested [0-9]+, unchanged [0-9]+, failed [0-9]+' "$LOG/speed-$tool-r$rep.out" | tail -n1 || true)
    ing=$(awk '{ gsub(",", ""); print $2 }' <<<"$line")
    fail=$(awk '{ gsub(",", ""); print $6 }' <<<"$line")
    [[ $rc == 0 && ${ing:-x} == "$files" && ${fail:-x} == 0 ]] && ok=true
    printf '{"tool":"%s","rep":%s,"wall":%s,"rc":%s,"pages":%s,"files":%s,"ok":%s,%s,"summary":"%s"}\n' \
      "$tool" "$rep" "$wall" "$rc" "$npages" "$files" "$ok" "$CPU_JSON" "$line" >>"$BENCH_WORK/speed.jsonl"
    log "speed $tool r$rep: ${wall}s rc=$rc ${line:-no summary line} ($(tail -n1 "$BENCH_WORK/speed.jsonl" | grep -Eo '"cpu":[0-9.]+,"other_cores":[0-9.]+'))"
    rm -rf "$data"
  }

  speed_baseline() { # rep [tuned|latcyr]
    local rep=$1 t0 rc=0 ok=false b0 c0 tool=baseline jobs=$SPEED/jobs files=$n_files npages=$n_pages
    if [[ ${2:-} == tuned ]]; then tool=baseline-tuned jobs=$SPEED/jobs-tuned; fi
    if [[ ${2:-} == latcyr ]]; then
      tool=baseline-latcyr jobs=$SPEED/jobs-latcyr files=$n_latcyr_files npages=$n_latcyr_pages
    fi
    rm -rf "$SPEED/out"
    mkdir -p "$SPEED/out"
    cpu_children >"$BENCH_WORK/cpu.now"
    b0=$(cpu_busy) c0=$(<"$BENCH_WORK/cpu.now")
    t0=$EPOCHREALTIME
    OMP_THREAD_LIMIT=1 timeout -k 10 "$SPEED_TIMEOUT" xargs -P 2 -L 1 tesseract <"$jobs" \
      >"$LOG/speed-$tool-r$rep.out" 2>"$LOG/speed-$tool-r$rep.err" || rc=$?
    wall=$(elapsed "$t0")
    cpu_json "$b0" "$c0" "$wall"
    [[ $rc == 0 && $(find "$SPEED/out" -name '*.txt' | wc -l) == "$files" ]] && ok=true
    printf '{"tool":"%s","rep":%s,"wall":%s,"rc":%s,"pages":%s,"files":%s,"ok":%s,%s}\n' "$tool" \
      "$rep" "$wall" "$rc" "$npages" "$files" "$ok" "$CPU_JSON" >>"$BENCH_WORK/speed.jsonl"
    log "speed $tool r$rep: ${wall}s rc=$rc ($(tail -n1 "$BENCH_WORK/speed.jsonl" | grep -Eo '"cpu":[0-9.]+,"other_cores":[0-9.]+'))"
  }

  if ((n_files)); then
    t_speed=$EPOCHREALTIME
    for ((rep = 1; rep <= SPEED_REPEAT; rep++)); do
      if ((rep > 1)); then
        # stop repeating when one more round would overrun the budget
        over=$(awk -v a="$t_speed" -v b="$EPOCHREALTIME" -v r=$((rep - 1)) -v B="$SPEED_BUDGET" \
          'BEGIN { e = b - a; print (e + e / r > B) ? 1 : 0 }')
        if ((over)); then
          log "speed: stopping after $((rep - 1)) round(s) (SPEED_BUDGET=${SPEED_BUDGET}s)"
          break
        fi
      fi
      ((HAVE_TRAWL)) && speed_trawl "$rep"
      ((HAVE_BASELINE)) && speed_baseline "$rep"
      ((HAVE_BASELINE)) && speed_baseline "$rep" tuned
      if ((n_latcyr_files)); then
        ((HAVE_TRAWL)) && speed_trawl "$rep" latcyr
        ((HAVE_BASELINE)) && speed_baseline "$rep" latcyr
      fi
    done
  fi
fi

# ---------------------------------------------------------------- report
cut -d' ' -f1-3 /proc/loadavg >"$BENCH_WORK/loadavg.end"
log "bench: $(elapsed "$BENCH_T0") s in all; load average at the end $(cat "$BENCH_WORK/loadavg.end")"
set +e
accuracy=1
skip accuracy && accuracy=0
python3 "$HERE/cer.py" report --work "$BENCH_WORK" --have-trawl "$HAVE_TRAWL" --accuracy "$accuracy"
rc=$?
set -e
if ((rc == 3)); then
  ((STRICT)) && exit 1
  exit 0
fi
exit "$rc"
