#!/usr/bin/env bash
# Resume benchmark: a full `trawl ingest` of the real-text corpus; then a run killed
# (SIGKILL) part-way and a restart of the same command to completion.  Prints the
# restart's time against the full run's and checks that the final index holds as many
# documents.  See bench/ingest/README.md.  Environment:
#   TRAWL_BIN      trawl binary             (default: <repo>/build/app/trawl)
#   BENCH_WORK     scratch + results folder (default: /tmp/trawl-bench)
#   DOCS           corpus size              (default: 10000)
#   SEED           corpus seed              (default: 20240611)
#   CORPUS         real (default) or generated
#   KILL_AT        share of the full run's wall time at which to kill (default: 0.5)
#   THREADS        trawl --threads          (default: 2)
#   RESTART_ARGS   extra arguments of the restart (default: none: the same command)
#   INGEST_TIMEOUT seconds per run          (default: 900)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TRAWL_BIN=${TRAWL_BIN:-$REPO/build/app/trawl}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-bench}
DOCS=${DOCS:-10000}
SEED=${SEED:-20240611}
CORPUS=${CORPUS:-real}
KILL_AT=${KILL_AT:-0.5}
THREADS=${THREADS:-2}
RESTART_ARGS=${RESTART_ARGS:-}
INGEST_TIMEOUT=${INGEST_TIMEOUT:-900}

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"

need_tools /usr/bin/time:time python3:python3 timeout:coreutils groff:groff-base pdftotext:poppler-utils

mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
OUT=$BENCH_WORK/resume
LOG=$OUT/logs
RUNS=$OUT/runs.jsonl
rm -rf "$LOG" "$OUT/data"
mkdir -p "$LOG" "$OUT/data"
: >"$RUNS"
head -n1 /proc/stat >"$OUT/cpu.start"
cut -d' ' -f1-3 /proc/loadavg >"$OUT/loadavg.start"
BENCH_T0=$EPOCHREALTIME

if [[ ! -x $TRAWL_BIN ]]; then
  echo "resume.sh: no trawl binary at $TRAWL_BIN (set TRAWL_BIN)" >&2
  exit 1
fi
snapshot_trawl "$OUT/bin"

make_corpus "$CORPUS" "$DOCS"
SRC=$CORPUS_DIR
warm "$SRC"

record() { # name phase [stats_docs] [extra JSON fields]
  printf '{"name":%s,"phase":"%s","wall":%s,"cpu":%s,"rss_kb":%s,"rc":%s,"ingested":%s,"unchanged":%s,"failed":%s,"stats_docs":%s%s}\n' \
    "$(json_str "$1")" "$2" "$M_WALL" "${M_CPU:-null}" "$M_RSS_KB" "$M_RC" \
    "${T_ING:-null}" "${T_UNCH:-null}" "${T_FAIL:-null}" "${3:-null}" "${4:-}" >>"$RUNS"
}

# 1. the full run
FULL=$OUT/data/full
rm -rf "$FULL"
measure full "$TRAWL_BIN" ingest --data "$FULL" --threads "$THREADS" --report "$LOG/full.report" "$SRC"
trawl_summary "$LOG/full.out"
full_docs=$(trawl_docs "$FULL")
record full full "$full_docs"
log "full: ${M_WALL}s (${M_CPU} CPU-s), rc=$M_RC, ingested ${T_ING:-?}, failed ${T_FAIL:-?}, ${full_docs:-?} documents"
FULL_WALL=$M_WALL
rm -rf "$FULL"

# 2. the same run, killed with SIGKILL at KILL_AT of the full run's wall time.  trawl is
# started directly (no /usr/bin/time or timeout around it), so the signal reaches it.
DATA=$OUT/data/resumed
rm -rf "$DATA"
kill_after=$(awk -v w="$FULL_WALL" -v k="$KILL_AT" 'BEGIN { printf "%.3f", w * k }')
log "killed run: SIGKILL after ${kill_after}s"
t0=$EPOCHREALTIME
set +e
"$TRAWL_BIN" ingest --data "$DATA" --threads "$THREADS" "$SRC" >"$LOG/killed.out" 2>"$LOG/killed.err" &
pid=$!
sleep "$kill_after"
if kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid"
  killed=1
else
  killed=0 # it finished before the kill: the restart then has nothing to do
fi
wait "$pid"
M_RC=$?
set -e
M_WALL=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
M_RSS_KB=0 M_CPU=null
trawl_summary "$LOG/killed.out"
"$TRAWL_BIN" stats --data "$DATA" --json >"$LOG/killed.stats.json" 2>&1 || true
kill_docs=$(trawl_docs "$DATA")
record killed killed "$kill_docs" ",\"killed\":$killed,\"kill_after\":$kill_after"
log "killed: after ${M_WALL}s (rc=$M_RC, killed=$killed), ${kill_docs:-?} documents in the index"

# 3. the restart: the same command (plus RESTART_ARGS), to completion
# shellcheck disable=SC2086
measure restart "$TRAWL_BIN" ingest --data "$DATA" --threads "$THREADS" --report "$LOG/restart.report" $RESTART_ARGS "$SRC"
trawl_summary "$LOG/restart.out"
"$TRAWL_BIN" stats --data "$DATA" --json >"$LOG/restart.stats.json" 2>&1 || true
final_docs=$(trawl_docs "$DATA")
record restart restart "$final_docs"
log "restart: ${M_WALL}s (${M_CPU} CPU-s), rc=$M_RC, ingested ${T_ING:-?}, unchanged ${T_UNCH:-?}, failed ${T_FAIL:-?}, ${final_docs:-?} documents"
rm -rf "$DATA"

head -n1 /proc/stat >"$OUT/cpu.end"
times >"$OUT/times.txt"
awk -v a="$BENCH_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >"$OUT/wall.txt"
python3 "$HERE/report_extra.py" resume --work "$OUT" --docs "$DOCS" --corpus "$CORPUS" \
  --corpus-json "$SRC.json" --trawl-bin "$TRAWL_BIN" --threads "$THREADS" --kill-at "$KILL_AT" \
  --restart-args "$RESTART_ARGS"
