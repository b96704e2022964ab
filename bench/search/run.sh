#!/usr/bin/env bash
# trawl search benchmark: GET /api/search over HTTP (wrk, 1 and 8 connections) against the
# same searches run in-process (search_bench), and the page's time to first results in
# Chromium.  See bench/search/README.md.  Environment:
#   BUILD          build folder             (default: <repo>/build)
#   TRAWL_BIN      trawl binary             (default: $BUILD/app/trawl)
#   SEARCH_BENCH   in-process baseline      (default: $BUILD/bench/search_bench)
#   BENCH_WORK     scratch folder, shared with bench/ingest for the real text and its
#                  corpora (default: /tmp/trawl-bench); this bench's own files go to
#                  $BENCH_WORK/search
#   REAL_DOCS      real-text documents      (default: 90000; real_corpus.py)
#   GEN_DOCS       synthetic documents      (default: 10000; gen_corpus.py: ships, IMO numbers)
#   COPY_STEP      one document in COPY_STEP of the real ones gets COPIES
#   COPIES         near-duplicate copies    (defaults: 40, 4; make_copies.py)
#   SEED           corpus seed              (default: 20240611)
#   INGEST_THREADS threads of trawl ingest  (default: 2)
#   INGEST_TIMEOUT seconds                  (default: 5400)
#   INDEX_REUSE    "any": reuse the newest built index even when another trawl binary
#                  built it (the key then no longer names the binary under test)
#   QUERIES        query mix                (default: bench/search/queries.txt)
#   ITERATIONS     in-process runs of the whole mix, after one warm-up (default: 5)
#   DURATION       seconds of each wrk run  (default: 30)
#   CONNECTIONS    wrk connections to run   (default: "1 8")
#   WRK_THREADS    wrk threads              (default: 2; 1 for one connection)
#   PORT           trawl serve's port       (default: 18431)
#   PAGE_RUNS      page loads in Chromium   (default: 5)
#   PAGE_QUERIES   words the page searches  (default: the first Korean, Russian and
#                  English words of the mix's middle band)
#   PERF           1: perf record trawl serve under 1 connection (reports in logs/)
#   CHROMIUM       browser                  (default: /usr/bin/chromium)
#   BENCH_SKIP     words out of: inproc http page  (skip those parts)
#   STRICT=1       exit 1 when a goal fails (default: report only)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
INGEST_DIR=$REPO/bench/ingest
BUILD=${BUILD:-$REPO/build}
TRAWL_BIN=${TRAWL_BIN:-$BUILD/app/trawl}
SEARCH_BENCH=${SEARCH_BENCH:-$BUILD/bench/search_bench}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-bench}
REAL_DOCS=${REAL_DOCS:-90000}
GEN_DOCS=${GEN_DOCS:-10000}
COPY_STEP=${COPY_STEP:-40}
COPIES=${COPIES:-4}
SEED=${SEED:-20240611}
INGEST_THREADS=${INGEST_THREADS:-2}
INGEST_TIMEOUT=${INGEST_TIMEOUT:-5400}
INDEX_REUSE=${INDEX_REUSE:-}
QUERIES=${QUERIES:-$HERE/queries.txt}
ITERATIONS=${ITERATIONS:-5}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-"1 8"}
WRK_THREADS=${WRK_THREADS:-2}
PORT=${PORT:-18431}
PAGE_RUNS=${PAGE_RUNS:-5}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
BENCH_SKIP=${BENCH_SKIP:-}
STRICT=${STRICT:-0}
SHARED=$(cd "$REPO/.." && pwd)/shared

# shellcheck source-path=SCRIPTDIR source=../ingest/lib.sh
source "$INGEST_DIR/lib.sh"
skip() { [[ " $BENCH_SKIP " == *" $1 "* ]]; }

need_tools /usr/bin/time:time python3:python3 timeout:coreutils groff:groff-base \
  pdftotext:poppler-utils wrk:wrk curl:curl

[[ -x $TRAWL_BIN ]] || { echo "run.sh: no trawl binary at $TRAWL_BIN (set BUILD or TRAWL_BIN)" >&2; exit 2; }
[[ -f $QUERIES ]] || { echo "run.sh: no query mix at $QUERIES" >&2; exit 2; }
mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
WORK=$BENCH_WORK/search
LOG=$WORK/logs
rm -rf "$LOG"
mkdir -p "$WORK" "$LOG"
snapshot_trawl "$WORK/bin"
# the baseline is linked from the same sources: copy it too, so a rebuild during the run
# changes neither
HAVE_INPROC=0
if ! skip inproc; then
  if [[ -x $SEARCH_BENCH ]]; then
    cp -f "$SEARCH_BENCH" "$WORK/bin/search_bench.tmp" && mv -f "$WORK/bin/search_bench.tmp" "$WORK/bin/search_bench"
    SEARCH_BENCH=$WORK/bin/search_bench
    HAVE_INPROC=1
  else
    log "no search_bench at $SEARCH_BENCH (build the target search_bench); in-process figures will be n/a"
  fi
fi

head -n1 /proc/stat >"$WORK/cpu.start"
cut -d' ' -f1-3 /proc/loadavg >"$WORK/loadavg.start"
BENCH_T0=$EPOCHREALTIME
if awk '{ exit !($1 > 0.5) }' /proc/loadavg; then
  log "note: load average is $(cut -d' ' -f1-3 /proc/loadavg); the report checks the CPU other processes use during the run"
fi

# ---------------------------------------------------------------- corpus
# Real text (bench/ingest/real_corpus.py), synthetic shipping text with IMO numbers
# (gen_corpus.py), near-duplicate copies of the real documents (make_copies.py) and the
# syndicated stories of scripts/make-syndicated.py.  The corpora are cached in BENCH_WORK
# by bench/ingest/lib.sh (make_corpus), beside the ones bench/ingest makes.
HERE=$INGEST_DIR make_corpus real "$REAL_DOCS"
REAL_DIR=$CORPUS_DIR
GEN_DIR=
if ((GEN_DOCS > 0)); then
  HERE=$INGEST_DIR make_corpus generated "$GEN_DOCS"
  GEN_DIR=$CORPUS_DIR
fi
LIST_FILE=$(find "$SHARED/corpus/sanctions" -name 'un_sc_consolidated_list_*.xml' 2>/dev/null | sort | tail -n1 || true)

COPIES_DIR=$WORK/copies-$REAL_DOCS
copies_stamp="$(cat "$REAL_DIR.stamp") $COPY_STEP $COPIES $(sha256sum "$HERE/make_copies.py" | cut -c1-64)"
if [[ -f $COPIES_DIR.stamp && $(cat "$COPIES_DIR.stamp") == "$copies_stamp" && -s $COPIES_DIR.json ]]; then
  log "copies: reusing $COPIES_DIR ($(cat "$COPIES_DIR.json"))"
else
  log "copies: writing near-duplicates of one in $COPY_STEP real documents"
  rm -f "$COPIES_DIR.stamp"
  python3 "$HERE/make_copies.py" --step "$COPY_STEP" --copies "$COPIES" "$REAL_DIR" "$COPIES_DIR" >"$COPIES_DIR.json"
  echo "$copies_stamp" >"$COPIES_DIR.stamp"
  log "copies: $(cat "$COPIES_DIR.json")"
fi
SYND_DIR=$WORK/syndicated
rm -rf "$SYND_DIR"
python3 "$REPO/scripts/make-syndicated.py" "$SYND_DIR" >"$LOG/syndicated.out" 2>&1
rm -f "$SYND_DIR/manifest.json"

# ---------------------------------------------------------------- index
# Keyed on everything that goes into it: a second run with the same corpus and the same
# trawl reuses it.
index_key=$( {
  echo "real $REAL_DOCS $(cat "$REAL_DIR.stamp")"
  [[ -n $GEN_DIR ]] && echo "gen $GEN_DOCS $(cat "$GEN_DIR.stamp")"
  echo "copies $copies_stamp"
  sha256sum "$REPO/scripts/make-syndicated.py" | cut -c1-64
  [[ -n $LIST_FILE ]] && sha256sum "$LIST_FILE" | cut -c1-64
  echo "threads $INGEST_THREADS"
  sha256sum "$TRAWL_BIN" | cut -c1-64
} | sha256sum | cut -c1-16)
DATA=$WORK/index-$index_key/data
if [[ ! -f $WORK/index-$index_key/ready && $INDEX_REUSE == any ]]; then
  newest=$(ls -td "$WORK"/index-*/ready 2>/dev/null | head -n1 || true)
  if [[ -n $newest ]]; then
    DATA=$(dirname "$newest")/data
    log "index: INDEX_REUSE=any: reusing $(dirname "$newest"), built by another trawl ($(cat "$newest"))"
    index_key=$(basename "$(dirname "$newest")")
    index_key=${index_key#index-}
  fi
fi
INDEX_BUILT=0
if [[ -f $(dirname "$DATA")/ready ]]; then
  log "index: reusing $(dirname "$DATA") ($(cat "$(dirname "$DATA")/ready"))"
else
  # one index at a time: they take GBs
  rm -rf "$WORK"/index-*
  mkdir -p "$DATA"
  if [[ -n $LIST_FILE ]]; then
    "$TRAWL_BIN" lists import --data "$DATA" --name UN "$LIST_FILE" >"$LOG/lists.out" 2>&1 ||
      { cat "$LOG/lists.out" >&2; echo "run.sh: lists import failed" >&2; exit 1; }
  fi
  total=$((REAL_DOCS + GEN_DOCS + $(grep -Eo '"copies": [0-9]+' "$COPIES_DIR.json" | grep -Eo '[0-9]+$')))
  log "index: ingesting about $total documents with $INGEST_THREADS threads into $DATA (10-20 min on 2 cores; progress every 10 s)"
  ingest_paths=("$REAL_DIR")
  [[ -n $GEN_DIR ]] && ingest_paths+=("$GEN_DIR")
  ingest_paths+=("$COPIES_DIR" "$SYND_DIR")
  # progress lines as they come ("trawl: N of M items, ..."), the rest to the log
  (
    set +e
    /usr/bin/time -v -o "$LOG/ingest.time" timeout -k 10 "$INGEST_TIMEOUT" \
      "$TRAWL_BIN" ingest --data "$DATA" --threads "$INGEST_THREADS" "${ingest_paths[@]}" \
      >"$LOG/ingest.out" 2> >(tee "$LOG/ingest.err" | grep --line-buffered -E '^trawl: [0-9]+ of' |
        while IFS= read -r line; do log "index: ${line#trawl: }"; done)
    echo $? >"$LOG/ingest.rc"
  )
  rc=$(cat "$LOG/ingest.rc")
  trawl_summary "$LOG/ingest.out"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$LOG/ingest.time")
  docs=$(trawl_docs "$DATA")
  log "index: rc=$rc, ${T_ING:-?} ingested, ${T_FAIL:-?} failed, $docs documents in $wall"
  if [[ $rc != 0 || -z $docs ]]; then
    echo "run.sh: ingest failed (rc=$rc); see $LOG/ingest.err" >&2
    exit 1
  fi
  printf 'documents %s, ingested %s, failed %s, ingest %s, trawl sha256 %s, %s\n' "$docs" "$T_ING" "$T_FAIL" \
    "$wall" "$(sha256sum "$TRAWL_BIN" | cut -c1-12)" "$(date '+%F %T')" >"$(dirname "$DATA")/ready"
  INDEX_BUILT=1
fi
"$TRAWL_BIN" stats --data "$DATA" --json >"$WORK/stats.json" 2>"$LOG/stats.err" || true
INDEX_BYTES=$(du -sb "$DATA/index" | cut -f1)
log "index: $(grep -Eo '"documents"[[:space:]]*:[[:space:]]*[0-9]+' "$WORK/stats.json" | head -n1), $(grep -Eo '"clusters"[[:space:]]*:[[:space:]]*[0-9]+' "$WORK/stats.json" | head -n1), $((INDEX_BYTES / 1048576)) MB"

# ---------------------------------------------------------------- in-process baseline
# search_bench runs every search of the mix in each of its modes in turn (in-process
# SearchService::search, IndexReader::search and its variants, and over HTTP when the
# server is up), so in-process and HTTP are compared under the same load.
NQ=$(grep -cv -e '^#' -e '^$' "$QUERIES")
INGEST_TIMEOUT=3600 # measure's time limit, per call
machine_busy() { # CPU seconds every process has used since boot (user nice system irq softirq)
  awk -v hz="$(getconf CLK_TCK)" 'NR == 1 { printf "%.3f\n", ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat
}
proc_cpu() { # user + system CPU seconds of process $1
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.3f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}
SERVE_PID=
inproc_run() { # NAME ARGS... -> WORK/NAME.json
  local name=$1
  shift
  local busy0 busy1 s0=0 s1=0
  log "$name: $NQ searches x $ITERATIONS after a warm-up, interleaved: ${*//--/}"
  busy0=$(machine_busy)
  [[ -n $SERVE_PID ]] && s0=$(proc_cpu "$SERVE_PID")
  measure "$name" "$SEARCH_BENCH" --data "$DATA" --queries "$QUERIES" --iterations "$ITERATIONS" \
    "$@" --out "$WORK/$name.json"
  busy1=$(machine_busy)
  [[ -n $SERVE_PID ]] && s1=$(proc_cpu "$SERVE_PID")
  # cores that processes other than search_bench and trawl serve used meanwhile
  awk -v b0="$busy0" -v b1="$busy1" -v s0="$s0" -v s1="$s1" -v c="$M_CPU" -v w="$M_WALL" \
    'BEGIN { o = (b1 - b0) - (s1 - s0) - c; if (o < 0) o = 0; printf "%.3f\n", o / w }' >"$WORK/$name.other_cores"
  grep '^search_bench:' "$LOG/$name.err" | while IFS= read -r l; do log "$l"; done
  log "$name: other processes used $(cat "$WORK/$name.other_cores") cores meanwhile"
  ((M_RC == 0)) || log "$name: search_bench failed (rc=$M_RC); see $LOG/$name.err"
}
rm -f "$WORK"/inproc*.json "$WORK/http.json"

# ---------------------------------------------------------------- HTTP and the page
# `trawl serve` as it is, one variant ("plain"); serve_variant takes a name so that a
# diagnosis (a different build, LD_PRELOAD) can be run beside it.
SERVE_PID=
stop_server() {
  if [[ -n $SERVE_PID ]] && kill -0 "$SERVE_PID" 2>/dev/null; then
    kill "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
  fi
  SERVE_PID=
}
trap stop_server EXIT
URL=http://127.0.0.1:$PORT
# the same mix as request paths for wrk
python3 -c '
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    f = line.split("\t")
    params = [("q", f[0])] + [tuple(p.split("=", 1)) for p in f[1:] if p]
    print("/api/search?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
' "$QUERIES" >"$WORK/paths.txt"
PAGE_NOTE=
if skip page; then
  PAGE_NOTE="skipped (BENCH_SKIP)"
elif ! command -v node >/dev/null; then
  PAGE_NOTE="node is not installed"
elif [[ ! -x $CHROMIUM ]]; then
  PAGE_NOTE="no Chromium at $CHROMIUM"
elif [[ ! -f $REPO/tests/node/node_modules/playwright-core/package.json ]]; then
  PAGE_NOTE="playwright-core is not installed (cd tests/node && npm ci --ignore-scripts)"
fi
# the page loads: the first Korean, Russian and English words of the middle band
mapfile -t page_q < <(awk '/^# single words, middle band/ { on = 1; next } /^#/ { on = 0 } on' "$QUERIES" | awk 'NR == 1 || NR == 9 || NR == 17')
[[ -n ${PAGE_QUERIES:-} ]] && read -r -a page_q <<<"$PAGE_QUERIES"

VARIANTS=(plain)
: >"$WORK/wrk.jsonl"
rm -f "$WORK"/page-*.json
SERVE_RSS_KB=0

serve_variant() { # NAME
  local v=$1 c t cpu0 cpu1 t0 wall j rc i
  log "http[$v]: trawl serve --data $DATA --listen 127.0.0.1:$PORT"
  "$TRAWL_BIN" serve --data "$DATA" --listen "127.0.0.1:$PORT" >"$LOG/serve-$v.out" 2>"$LOG/serve-$v.err" &
  SERVE_PID=$!
  for ((i = 0; i < 600; i++)); do
    curl -fsS "$URL/healthz" >"$WORK/healthz.json" 2>/dev/null && break
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$LOG/serve-$v.err" >&2; echo "run.sh: trawl serve exited" >&2; exit 1; }
    sleep 0.1
  done
  log "http[$v]: up: $(cat "$WORK/healthz.json")"
  if ((HAVE_INPROC)); then
    # in-process and one HTTP client, search by search (this also warms the server)
    if [[ $v == plain ]]; then
      if skip http; then
        inproc_run inproc --mode service --mode reader --variants
      else
        inproc_run inproc --mode service --mode reader --variants --mode http --url "$URL"
      fi
      printf '%s\n' "$M_RSS_KB" >"$WORK/inproc.rss_kb"
    elif ! skip http; then
      inproc_run "inproc-$v" --mode service --mode http --url "$URL"
    fi
  fi
  if ! skip http; then
    if ! ((HAVE_INPROC)); then
      # warm-up: every search of the mix once or more, not counted
      WRK_PATHS=$WORK/paths.txt wrk -t1 -c1 -d10s -s "$HERE/wrk_mix.lua" "$URL" >"$LOG/wrk-$v-warmup.out" 2>&1 || true
    fi
    for c in $CONNECTIONS; do
      t=$WRK_THREADS
      ((c < t)) && t=$c
      cpu0=$(proc_cpu "$SERVE_PID")
      busy0=$(machine_busy)
      t0=$EPOCHREALTIME
      log "http[$v]: wrk -t$t -c$c -d${DURATION}s over the mix"
      set +e
      WRK_PATHS=$WORK/paths.txt /usr/bin/time -f '%U %S' -o "$LOG/wrk-$v-c$c.time" timeout -k 5 $((DURATION + 60)) \
        wrk -t"$t" -c"$c" -d"${DURATION}s" --timeout 30s --latency -s "$HERE/wrk_mix.lua" "$URL" >"$LOG/wrk-$v-c$c.out" 2>&1
      rc=$?
      set -e
      cpu1=$(proc_cpu "$SERVE_PID")
      busy1=$(machine_busy)
      wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
      # cores that processes other than trawl serve and wrk used meanwhile
      other=$(awk -v b0="$busy0" -v b1="$busy1" -v s0="$cpu0" -v s1="$cpu1" -v w="$wall" \
        -v c="$(awk '{ print $1 + $2 }' "$LOG/wrk-$v-c$c.time" 2>/dev/null || echo 0)" \
        'BEGIN { o = (b1 - b0) - (s1 - s0) - c; if (o < 0) o = 0; printf "%.3f", o / w }')
      j=$(grep -o '^wrk-json: .*' "$LOG/wrk-$v-c$c.out" | sed 's/^wrk-json: //' || true)
      [[ -n $j ]] || j='{}'
      printf '{"server": "%s", "connections": %s, "threads": %s, "rc": %s, "wall_s": %s, "server_cpu_s": %s, "other_cores": %s, "wrk": %s}\n' \
        "$v" "$c" "$t" "$rc" "$wall" "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.3f", b - a }')" "$other" "$j" >>"$WORK/wrk.jsonl"
      log "http[$v]: c=$c: $(grep -Eo '"rps": [0-9.]+' <<<"$j"), $(grep -Eo '"p50": [0-9.]+' <<<"$j") ms, $(grep -Eo '"p99": [0-9.]+' <<<"$j") ms; other processes: $other cores"
    done
    if [[ ${PERF:-0} == 1 && $v == "${VARIANTS[-1]}" ]] && command -v perf >/dev/null; then
      # where the server's time goes, with 1 connection: perf reports in logs/
      log "http[$v]: perf record -g on trawl serve for ${DURATION}s (PERF=1)"
      perf record -F 499 -g -p "$SERVE_PID" -o "$WORK/perf.data" -- sleep "$DURATION" >"$LOG/perf-record.out" 2>&1 &
      local perf_pid=$!
      WRK_PATHS=$WORK/paths.txt wrk -t1 -c1 -d"${DURATION}s" -s "$HERE/wrk_mix.lua" "$URL" >"$LOG/wrk-perf.out" 2>&1 || true
      wait "$perf_pid" || true
      perf report -i "$WORK/perf.data" --no-children --percent-limit 0.7 --stdio --sort dso,symbol -g none \
        >"$LOG/perf-self.txt" 2>/dev/null || true
    fi
  fi
  if [[ -z $PAGE_NOTE ]]; then
    log "page[$v]: Chromium, /?q=WORD until the first .hit, $PAGE_RUNS runs each of: ${page_q[*]}"
    set +e
    CHROMIUM=$CHROMIUM timeout -k 5 600 node "$HERE/page_time.mjs" "$URL" "$PAGE_RUNS" "${page_q[@]}" \
      >"$WORK/page-$v.json" 2>"$LOG/page-$v.err"
    rc=$?
    set -e
    if ((rc != 0)); then
      log "page[$v]: page_time.mjs failed (rc=$rc): $(tail -n1 "$LOG/page-$v.err")"
      [[ $v == plain ]] && PAGE_NOTE="page_time.mjs failed (rc=$rc): $(tail -n1 "$LOG/page-$v.err")"
    fi
  fi
  if [[ $v == plain ]]; then
    SERVE_RSS_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVE_PID/status" 2>/dev/null || echo 0)
  fi
  stop_server
}

if ! skip http || [[ -z $PAGE_NOTE ]]; then
  for v in "${VARIANTS[@]}"; do serve_variant "$v"; done
elif ((HAVE_INPROC)); then
  inproc_run inproc --mode service --mode reader --variants
fi
printf '%s\n' "$PAGE_NOTE" >"$WORK/page.note"

# ---------------------------------------------------------------- report
head -n1 /proc/stat >"$WORK/cpu.end"
times >"$WORK/times.txt"
awk -v a="$BENCH_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >"$WORK/wall.txt"
set +e
python3 "$HERE/report.py" --work "$WORK" --queries "$QUERIES" --data "$DATA" --index-built "$INDEX_BUILT" \
  --index-bytes "$INDEX_BYTES" --serve-rss-kb "${SERVE_RSS_KB:-0}" --trawl-bin "$TRAWL_BIN" \
  --trawl-orig "$TRAWL_ORIG" --have-inproc "$HAVE_INPROC" --duration "$DURATION"
rc=$?
set -e
if ((rc == 3)); then
  ((STRICT)) && exit 1
  exit 0
fi
exit "$rc"
