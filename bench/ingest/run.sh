#!/usr/bin/env bash
# trawl ingest benchmark: trawl ingest vs omindex, trawl extract vs pdftotext.
# See bench/ingest/README.md.  Environment:
#   CORPUS        real (default: real text from Debian packages, real_corpus.py)
#                 or generated (synthetic vocabulary, gen_corpus.py)
#   TRAWL_BIN     trawl binary             (default: <repo>/build/app/trawl)
#   BENCH_WORK    scratch + results folder (default: /tmp/trawl-bench)
#   DOCS          corpus size              (default: 10000)
#   SMALL_DOCS    small corpus size        (default: DOCS/4 = 2500)
#   SEED          corpus seed              (default: 20240611)
#   INGEST_REPEAT rounds of ingest runs, median taken (default: 3)
#   INGEST_BUDGET seconds; no further round once it would be exceeded (default: 420)
#   INGEST_TIMEOUT seconds per ingest run  (default: 900)
#   PDF_DIRS      space-separated folders searched for *.pdf
#                 (default: <repo>/../shared/corpus/pdf <repo>/samples)
#   PDF_REPEAT    timed runs per PDF and tool, after one warm-up (default: 5)
#   PDF_TIMEOUT   seconds per PDF run      (default: 60)
#   BENCH_SKIP    words out of: trawl omindex pdf  (skip those parts)
#   STRICT=1      exit 1 when a goal fails (default: report only)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TRAWL_BIN=${TRAWL_BIN:-$REPO/build/app/trawl}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-bench}
DOCS=${DOCS:-10000}
SMALL_DOCS=${SMALL_DOCS:-$((DOCS / 4))}
SEED=${SEED:-20240611}
CORPUS=${CORPUS:-real}
INGEST_REPEAT=${INGEST_REPEAT:-3}
INGEST_BUDGET=${INGEST_BUDGET:-420}
INGEST_TIMEOUT=${INGEST_TIMEOUT:-900}
SHARED=$(cd "$REPO/.." && pwd)/shared
PDF_DIRS=${PDF_DIRS:-"$SHARED/corpus/pdf $REPO/samples"}
PDF_REPEAT=${PDF_REPEAT:-5}
PDF_TIMEOUT=${PDF_TIMEOUT:-60}
BENCH_SKIP=${BENCH_SKIP:-}
STRICT=${STRICT:-0}

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"
skip() { [[ " $BENCH_SKIP " == *" $1 "* ]]; }
case $CORPUS in real | generated) ;; *) echo "run.sh: CORPUS must be real or generated" >&2; exit 2 ;; esac

# ---------------------------------------------------------------- tools
# groff renders the man pages and pdftotext the shared PDFs of the real corpus
need_tools omindex:xapian-omega xapian-delve:xapian-tools pdftotext:poppler-utils \
  /usr/bin/time:time python3:python3 timeout:coreutils groff:groff-base

HAVE_TRAWL=1
if skip trawl; then
  HAVE_TRAWL=0
elif [[ ! -x $TRAWL_BIN ]]; then
  log "no trawl binary at $TRAWL_BIN (set TRAWL_BIN); trawl figures will be n/a"
  HAVE_TRAWL=0
fi

mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
((HAVE_TRAWL)) && snapshot_trawl "$BENCH_WORK/bin"
CPREFIX=corpus
[[ $CORPUS == real ]] && CPREFIX=real
LOG=$BENCH_WORK/logs
RUNS=$BENCH_WORK/runs.jsonl
PDFS=$BENCH_WORK/pdf.jsonl
rm -rf "$LOG" "$BENCH_WORK/data" "$BENCH_WORK/db"
mkdir -p "$LOG" "$BENCH_WORK/data" "$BENCH_WORK/db"
: >"$RUNS"
: >"$PDFS"
# other load on the machine skews everything: keep the load average for the report
cut -d' ' -f1-3 /proc/loadavg >"$BENCH_WORK/loadavg.start"
# machine-wide CPU time now and at the end, against our own children's CPU time
# (bash `times`), tells how much other processes ran during the bench
head -n1 /proc/stat >"$BENCH_WORK/cpu.start"
BENCH_T0=$EPOCHREALTIME
if awk '{ exit !($1 > 0.5) }' /proc/loadavg; then
  log "note: load average is $(cut -d' ' -f1-3 /proc/loadavg); the report checks the CPU other processes use during the run"
fi

# ---------------------------------------------------------------- corpora
NEED_CORPUS=0
((HAVE_TRAWL)) && NEED_CORPUS=1
skip omindex || NEED_CORPUS=1
if ((NEED_CORPUS)); then
  make_corpus "$CORPUS" "$DOCS"
  make_corpus "$CORPUS" "$SMALL_DOCS"
  # warm the page cache so every tool reads the corpus from memory
  warm "$BENCH_WORK/$CPREFIX-$DOCS" "$BENCH_WORK/$CPREFIX-$SMALL_DOCS"
fi

# ---------------------------------------------------------------- ingest
record_run() { # name tool threads docs rep indexed failed [stats_docs]
  printf '{"name":%s,"tool":"%s","threads":%s,"docs":%s,"rep":%s,"wall":%s,"cpu":%s,"rss_kb":%s,"rc":%s,"indexed":%s,"failed":%s,"stats_docs":%s}\n' \
    "$(json_str "$1")" "$2" "$3" "$4" "$5" "$M_WALL" "$M_CPU" "$M_RSS_KB" "$M_RC" "$6" "$7" "${8:-null}" >>"$RUNS"
}

run_omindex() { # docs rep
  local n=$1 rep=$2 name=omindex-$1-r$2 db=$BENCH_WORK/db/omindex-$1 count
  rm -rf "$db"
  measure "$name" env XAPIAN_CJK_NGRAM=1 omindex --db "$db" --url / "$BENCH_WORK/$CPREFIX-$n"
  count=$(xapian-delve "$db" 2>/dev/null | awk -F' = ' '/^number of documents/ { print $2 }')
  record_run "$name" omindex 1 "$n" "$rep" "${count:-null}" null
  log "$name: ${M_WALL}s (${M_CPU} CPU-s), ${M_RSS_KB} KB, rc=$M_RC, indexed ${count:-?}"
  rm -rf "$db"
}

run_trawl() { # threads docs rep
  local t=$1 n=$2 rep=$3 name=trawl-t$1-$2-r$3 data=$BENCH_WORK/data/trawl-t$1-$2 line ing=null fail=null stats sdocs
  rm -rf "$data"
  measure "$name" "$TRAWL_BIN" ingest --data "$data" --threads "$t" \
    --report "$LOG/$name.report" "$BENCH_WORK/$CPREFIX-$n"
  line=$(grep -Eo 'ingested [0-9]+, unchanged [0-9]+, failed [0-9]+' "$LOG/$name.out" | tail -n1 || true)
  if [[ -n $line ]]; then
    ing=$(awk '{ gsub(",", ""); print $2 }' <<<"$line")
    fail=$(awk '{ gsub(",", ""); print $6 }' <<<"$line")
  fi
  # cross-check with the index itself
  stats=$("$TRAWL_BIN" stats --data "$data" --json 2>/dev/null || true)
  printf '%s\n' "$stats" >"$LOG/$name.stats.json"
  sdocs=$(grep -Eo '"documents"[[:space:]]*:[[:space:]]*[0-9]+' <<<"$stats" | grep -Eo '[0-9]+$' | head -n1 || true)
  record_run "$name" trawl "$t" "$n" "$rep" "$ing" "$fail" "${sdocs:-null}"
  log "$name: ${M_WALL}s (${M_CPU} CPU-s), ${M_RSS_KB} KB, rc=$M_RC, ${line:-no summary line}"
  rm -rf "$data"
}

ingest_round() { # rep
  if ! skip omindex; then
    run_omindex "$DOCS" "$1"
  fi
  if ((HAVE_TRAWL)); then
    run_trawl 1 "$DOCS" "$1"
    run_trawl 2 "$DOCS" "$1"
  fi
  if ! skip omindex; then
    run_omindex "$SMALL_DOCS" "$1"
  fi
  if ((HAVE_TRAWL)); then
    run_trawl 2 "$SMALL_DOCS" "$1"
  fi
}

if ((NEED_CORPUS)); then
  t_start=$EPOCHREALTIME
  for ((rep = 1; rep <= INGEST_REPEAT; rep++)); do
    if ((rep > 1)); then
      # stop repeating when one more round would overrun the budget
      over=$(awk -v a="$t_start" -v b="$EPOCHREALTIME" -v r=$((rep - 1)) -v B="$INGEST_BUDGET" \
        'BEGIN { e = b - a; print (e + e / r > B) ? 1 : 0 }')
      if ((over)); then
        log "ingest: stopping after $((rep - 1)) round(s) (INGEST_BUDGET=${INGEST_BUDGET}s)"
        break
      fi
    fi
    log "ingest round $rep/$INGEST_REPEAT"
    ingest_round "$rep"
  done
fi

# ---------------------------------------------------------------- PDF extraction
pdf_files=()
for d in $PDF_DIRS; do
  [[ -d $d ]] || continue
  while IFS= read -r -d '' f; do pdf_files+=("$f"); done \
    < <(find "$d" -type f \( -iname '*.pdf' \) -print0 | sort -z)
done

# Text extraction against pdftotext: the same work, so no OCR of scanned pages (which
# pdftotext returns empty); OCR has its own benchmark, bench/ocr.
NO_OCR=$BENCH_WORK/no-ocr.toml
printf '[ocr]\nenabled = false\n' >"$NO_OCR"

pdf_argv() { # tool file -> PDF_ARGV; file "(startup)": the tool's start-up alone
  if [[ $2 == "(startup)" ]]; then
    # trawl extract's fixed cost: start, re-exec with OMP_THREAD_LIMIT=1 (ocr/ocr.h),
    # libmagic set-up; /dev/null is then refused at once (exit 1)
    if [[ $1 == trawl ]]; then PDF_ARGV=("$TRAWL_BIN" extract --config "$NO_OCR" --json /dev/null); else PDF_ARGV=(pdftotext -v); fi
  elif [[ $1 == trawl ]]; then
    PDF_ARGV=("$TRAWL_BIN" extract --config "$NO_OCR" --json "$2")
  else
    PDF_ARGV=(pdftotext "$2" /dev/null)
  fi
}

pdf_run() { # tool file rep -> appends one row; rep 0 = warm-up (not recorded)
  local tool=$1 f=$2 rep=$3 t0 t1 rc
  pdf_argv "$tool" "$f"
  t0=$EPOCHREALTIME
  set +e
  timeout -k 5 "$PDF_TIMEOUT" "${PDF_ARGV[@]}" >/dev/null 2>>"$LOG/pdf-$tool.err"
  rc=$?
  set -e
  t1=$EPOCHREALTIME
  ((rep == 0)) && return 0
  printf '{"pdf":%s,"tool":"%s","rep":%s,"wall":%s,"rc":%s}\n' "$(json_str "$f")" "$tool" "$rep" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')" "$rc" >>"$PDFS"
}

if ! skip pdf && ((${#pdf_files[@]})); then
  tools=(pdftotext)
  ((HAVE_TRAWL)) && tools=(trawl pdftotext)
  log "pdf: ${#pdf_files[@]} files, tools: ${tools[*]}, $PDF_REPEAT runs each"
  # "(startup)" times each tool's fixed cost with no document to read (pdftotext -v;
  # trawl extract on /dev/null): process start, dynamic loading and library set-up,
  # which every per-file run below pays once.
  for f in "(startup)" "${pdf_files[@]}"; do
    for tool in "${tools[@]}"; do
      echo "== $f" >>"$LOG/pdf-$tool.err"
      pdf_run "$tool" "$f" 0 # warm-up
    done
    for ((rep = 1; rep <= PDF_REPEAT; rep++)); do
      for tool in "${tools[@]}"; do pdf_run "$tool" "$f" "$rep"; done
    done
    # one more run under /usr/bin/time for peak RSS
    for tool in "${tools[@]}"; do
      set +e
      pdf_argv "$tool" "$f"
      /usr/bin/time -f '%M' -o "$LOG/pdf.rss" timeout -k 5 "$PDF_TIMEOUT" "${PDF_ARGV[@]}" >/dev/null 2>&1
      set -e
      printf '{"pdf":%s,"tool":"%s","rss_kb":%s}\n' "$(json_str "$f")" "$tool" \
        "$(grep -Eo '^[0-9]+$' "$LOG/pdf.rss" | tail -n1 || echo 0)" >>"$PDFS"
    done
  done
elif ! skip pdf; then
  log "pdf: no PDFs found in $PDF_DIRS"
fi

# ---------------------------------------------------------------- report
head -n1 /proc/stat >"$BENCH_WORK/cpu.end"
times >"$BENCH_WORK/times.txt"
awk -v a="$BENCH_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >"$BENCH_WORK/wall.txt"
set +e
python3 "$HERE/report.py" --work "$BENCH_WORK" --docs "$DOCS" --small-docs "$SMALL_DOCS" \
  --trawl-bin "$TRAWL_BIN" --have-trawl "$HAVE_TRAWL" --corpus "$CORPUS"
rc=$?
set -e
if ((rc == 3)); then
  ((STRICT)) && exit 1
  exit 0
fi
exit "$rc"
