#!/usr/bin/env bash
# Containers benchmark: `trawl ingest` of real-text documents packed in zip, tar.gz and
# WARC files, against omindex on the same documents as plain files; and trawl's peak
# memory on one zip against one 4x larger.  See bench/ingest/README.md.  Environment:
#   TRAWL_BIN      trawl binary             (default: <repo>/build/app/trawl)
#   BENCH_WORK     scratch + results folder (default: /tmp/trawl-bench)
#   DOCS           documents in the speed set (default: 10000)
#   SEED           corpus seed              (default: 20240611)
#   PER_CONTAINER  documents per container in the speed set (default: 1000)
#   MEM_SMALL_MB   size of the small zip of the memory pair, MB (default: 40)
#   MEM_FACTOR     the large zip is this many times larger (default: 4)
#   MEM_ZIP        stored (default) or deflated: how the memory pair's members are kept
#   THREADS        trawl --threads          (default: 2)
#   REPEAT         rounds of runs, median taken (default: 1)
#   INGEST_TIMEOUT seconds per run          (default: 900)
#   BENCH_SKIP     words out of: omindex files mem  (skip those runs)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TRAWL_BIN=${TRAWL_BIN:-$REPO/build/app/trawl}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-bench}
DOCS=${DOCS:-10000}
SEED=${SEED:-20240611}
PER_CONTAINER=${PER_CONTAINER:-1000}
MEM_SMALL_MB=${MEM_SMALL_MB:-40}
MEM_FACTOR=${MEM_FACTOR:-4}
MEM_ZIP=${MEM_ZIP:-stored}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-1}
INGEST_TIMEOUT=${INGEST_TIMEOUT:-900}
BENCH_SKIP=${BENCH_SKIP:-}

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$HERE/lib.sh"
skip() { [[ " $BENCH_SKIP " == *" $1 "* ]]; }
case $MEM_ZIP in stored | deflated) ;; *) echo "containers.sh: MEM_ZIP must be stored or deflated" >&2; exit 2 ;; esac

need_tools omindex:xapian-omega xapian-delve:xapian-tools pdftotext:poppler-utils \
  /usr/bin/time:time python3:python3 timeout:coreutils groff:groff-base

mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
OUT=$BENCH_WORK/containers
LOG=$OUT/logs
RUNS=$OUT/runs.jsonl
rm -rf "$LOG" "$OUT/data" "$OUT/db"
mkdir -p "$LOG" "$OUT/data" "$OUT/db"
: >"$RUNS"
head -n1 /proc/stat >"$OUT/cpu.start"
cut -d' ' -f1-3 /proc/loadavg >"$OUT/loadavg.start"
BENCH_T0=$EPOCHREALTIME

HAVE_TRAWL=1
if [[ ! -x $TRAWL_BIN ]]; then
  log "no trawl binary at $TRAWL_BIN (set TRAWL_BIN); trawl figures will be n/a"
  HAVE_TRAWL=0
else
  snapshot_trawl "$OUT/bin"
fi

# ---------------------------------------------------------------- corpora and containers
make_corpus real "$DOCS"
SPEED_CORPUS=$CORPUS_DIR
# the memory pair: enough documents for MEM_SMALL_MB and MEM_FACTOR times that
read -r MEM_SMALL MEM_LARGE < <(python3 - "$SPEED_CORPUS.json" "$MEM_SMALL_MB" "$MEM_FACTOR" "$MEM_ZIP" <<'EOF'
import json, math, sys
s = json.load(open(sys.argv[1]))
mb, factor, how = float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
avg = s["bytes"] / s["docs"] + 100          # + zip headers per member
if how == "deflated":
    avg /= 2.7                              # what deflate makes of this text (measured)
small = math.ceil(mb * 1e6 / avg)
print(small, small * factor)
EOF
)
skip mem || make_corpus real "$MEM_LARGE"
MEM_CORPUS=$BENCH_WORK/real-$MEM_LARGE
# omindex's baseline for memory: the same 4x step, as plain files
SMALL_FILES=$((DOCS / MEM_FACTOR))
skip omindex || skip mem || make_corpus real "$SMALL_FILES"

n_zip=$(((DOCS * 4 / 10 + PER_CONTAINER - 1) / PER_CONTAINER))
n_tgz=$(((DOCS * 4 / 10 + PER_CONTAINER - 1) / PER_CONTAINER))
stamp="$(cat "$SPEED_CORPUS.stamp") $(skip mem || cat "$MEM_CORPUS.stamp") $(sha256sum "$HERE/pack_containers.py" | cut -d' ' -f1) $PER_CONTAINER $MEM_SMALL $MEM_LARGE $MEM_ZIP"
CONT=$OUT/packed
if [[ -d $CONT && -f $CONT.stamp && $(cat "$CONT.stamp") == "$stamp" ]]; then
  log "containers: reusing $CONT"
else
  log "containers: packing $DOCS docs ($n_zip zip, $n_tgz tar.gz, the rest WARC) and the memory pair"
  rm -rf "$CONT" "$CONT.stamp"
  mkdir -p "$CONT/speed" "$CONT/mem-small" "$CONT/mem-large"
  : >"$CONT/containers.jsonl"
  first=0 k=0
  pack() { # kind ext count
    local count=$3
    if ((first + count > DOCS)); then count=$((DOCS - first)); fi
    ((count > 0)) || return 0
    python3 "$HERE/pack_containers.py" "$1" "$CONT/speed/$(printf 'c%02d' $k).$2" "$SPEED_CORPUS" \
      "$first" "$count" --seed "$SEED" >>"$CONT/containers.jsonl"
    first=$((first + count)) k=$((k + 1))
  }
  for ((j = 0; j < n_zip; j++)); do pack zip zip "$PER_CONTAINER"; done
  for ((j = 0; j < n_tgz; j++)); do pack targz tar.gz "$PER_CONTAINER"; done
  # the rest in one or two WARC files
  rest=$((DOCS - first))
  if ((rest > PER_CONTAINER)); then
    pack warc warc.gz $(((rest + 1) / 2))
    pack warc warc.gz "$rest"
  else
    pack warc warc.gz "$rest"
  fi
  if ! skip mem; then
    zflag=()
    [[ $MEM_ZIP == stored ]] && zflag=(--stored)
    python3 "$HERE/pack_containers.py" zip "$CONT/mem-small/small.zip" "$MEM_CORPUS" 0 "$MEM_SMALL" \
      "${zflag[@]}" | sed 's/^{/{"set":"mem-small",/' >>"$CONT/containers.jsonl"
    python3 "$HERE/pack_containers.py" zip "$CONT/mem-large/large.zip" "$MEM_CORPUS" 0 "$MEM_LARGE" \
      "${zflag[@]}" | sed 's/^{/{"set":"mem-large",/' >>"$CONT/containers.jsonl"
  fi
  echo "$stamp" >"$CONT.stamp"
fi
warm "$SPEED_CORPUS" "$CONT"
skip omindex || skip mem || warm "$BENCH_WORK/real-$SMALL_FILES"

# ---------------------------------------------------------------- runs
record() { # name tool set docs rep [stats_docs]
  printf '{"name":%s,"tool":"%s","set":"%s","docs":%s,"rep":%s,"wall":%s,"cpu":%s,"rss_kb":%s,"rc":%s,"ingested":%s,"unchanged":%s,"failed":%s,"stats_docs":%s}\n' \
    "$(json_str "$1")" "$2" "$3" "$4" "$5" "$M_WALL" "$M_CPU" "$M_RSS_KB" "$M_RC" \
    "${T_ING:-null}" "${T_UNCH:-null}" "${T_FAIL:-null}" "${6:-null}" >>"$RUNS"
}

run_omindex() { # set docs folder rep
  local name=omindex-$1-r$4 db=$OUT/db/omindex-$1 count
  rm -rf "$db"
  measure "$name" env XAPIAN_CJK_NGRAM=1 omindex --db "$db" --url / "$3"
  count=$(omindex_docs "$db")
  T_ING=$count T_UNCH='' T_FAIL=''
  record "$name" omindex "$1" "$2" "$4" "$count"
  log "$name: ${M_WALL}s (${M_CPU} CPU-s), ${M_RSS_KB} KB, rc=$M_RC, ${count:-?} documents"
  rm -rf "$db"
}

run_trawl() { # set docs rep path...
  local set=$1 n=$2 rep=$3 name data sdocs
  shift 3
  name=trawl-$set-r$rep data=$OUT/data/trawl-$set
  rm -rf "$data"
  measure "$name" "$TRAWL_BIN" ingest --data "$data" --threads "$THREADS" --report "$LOG/$name.report" "$@"
  trawl_summary "$LOG/$name.out"
  sdocs=$(trawl_docs "$data")
  "$TRAWL_BIN" stats --data "$data" --json >"$LOG/$name.stats.json" 2>&1 || true
  record "$name" trawl "$set" "$n" "$rep" "$sdocs"
  log "$name: ${M_WALL}s (${M_CPU} CPU-s), ${M_RSS_KB} KB, rc=$M_RC, ingested ${T_ING:-?}, failed ${T_FAIL:-?}, ${sdocs:-?} documents"
  rm -rf "$data"
}

for ((rep = 1; rep <= REPEAT; rep++)); do
  log "round $rep/$REPEAT"
  skip omindex || run_omindex files "$DOCS" "$SPEED_CORPUS" "$rep"
  if ((HAVE_TRAWL)); then
    run_trawl containers "$DOCS" "$rep" "$CONT/speed"
    skip files || run_trawl files "$DOCS" "$rep" "$SPEED_CORPUS"
    if ! skip mem; then
      run_trawl mem-small "$MEM_SMALL" "$rep" "$CONT/mem-small/small.zip"
      run_trawl mem-large "$MEM_LARGE" "$rep" "$CONT/mem-large/large.zip"
    fi
  fi
  # omindex's memory on the same 4x step, as plain files (its batch grows with the run)
  if ! skip omindex && ! skip mem; then
    run_omindex files-small "$SMALL_FILES" "$BENCH_WORK/real-$SMALL_FILES" "$rep"
  fi
done

# ---------------------------------------------------------------- report
head -n1 /proc/stat >"$OUT/cpu.end"
times >"$OUT/times.txt"
awk -v a="$BENCH_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >"$OUT/wall.txt"
python3 "$HERE/report_extra.py" containers --work "$OUT" --docs "$DOCS" --mem-small "$MEM_SMALL" \
  --mem-large "$MEM_LARGE" --mem-zip "$MEM_ZIP" --small-files "$SMALL_FILES" \
  --corpus-json "$SPEED_CORPUS.json" --trawl-bin "$TRAWL_BIN" --have-trawl "$HAVE_TRAWL" --threads "$THREADS"
