#!/usr/bin/env bash
# trawl crawl benchmark: trawl crawl --once (fetch + extract + index) against
# wget2 --recursive (fetch only) on a local site of real-text pages, and the crawler's
# memory with 10,000 against 200,000 URLs in its frontier.  See bench/crawl/README.md.
#
# Needs nginx (the static server: Debian's, run as an ordinary process on 127.0.0.1,
# with its own configuration; no service is started) and wget2:
#   apt-get install -y --no-install-recommends nginx wget2
# (run.sh installs what is missing when run as root, as bench/ingest/run.sh does.)
#
# Environment:
#   TRAWL_BIN       trawl binary              (default: <repo>/build/app/trawl)
#   BENCH_WORK      scratch + results folder  (default: /tmp/trawl-bench-crawl)
#   PAGES           pages of the site         (default: 5000)
#   PAGE_BYTES      mean size of a page       (default: 20000)
#   LINKS           links on a page           (default: 10; a tree of FANOUT children
#   FANOUT          ...                        (default: 8)   plus parent plus random)
#   THREADS         wget2 --max-threads and trawl crawl.concurrency = crawl.per_host
#                                             (default: 16)
#   CRAWL_REPEAT    rounds of the wget2 and trawl runs, median taken (default: 3)
#   CRAWL_BUDGET    seconds; no further round once it would be exceeded (default: 480)
#   CRAWL_TIMEOUT   seconds per run           (default: 900)
#   FRONTIER_SMALL  URLs in the small frontier (default: 10000)
#   FRONTIER_BIG    URLs in the large frontier (default: 200000)
#   FRONTIER_PAGES  max_pages of the frontier crawls (default: 200)
#   HUB_LINKS       links per hub page of the frontier sites (default: 5000)
#   FRONTIER_REPEAT runs of each frontier crawl, median RSS taken (default: 3)
#   TEXT_WORK       where bench/ingest keeps the unpacked Debian text packages that the
#                   real text comes from; fetched there if missing (default: /tmp/trawl-bench)
#   SEED            site seed                 (default: 20240611)
#   PORT            first of the three ports nginx listens on (default: a free one)
#   BENCH_SKIP      words out of: server wget2 trawl frontier  (skip those parts)
#   STRICT=1        exit 1 when a goal fails  (default: report only)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TRAWL_BIN=${TRAWL_BIN:-$REPO/build/app/trawl}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-bench-crawl}
PAGES=${PAGES:-5000}
PAGE_BYTES=${PAGE_BYTES:-20000}
LINKS=${LINKS:-10}
FANOUT=${FANOUT:-8}
THREADS=${THREADS:-16}
CRAWL_REPEAT=${CRAWL_REPEAT:-3}
CRAWL_BUDGET=${CRAWL_BUDGET:-480}
CRAWL_TIMEOUT=${CRAWL_TIMEOUT:-900}
FRONTIER_SMALL=${FRONTIER_SMALL:-10000}
FRONTIER_BIG=${FRONTIER_BIG:-200000}
FRONTIER_PAGES=${FRONTIER_PAGES:-200}
HUB_LINKS=${HUB_LINKS:-5000}
FRONTIER_REPEAT=${FRONTIER_REPEAT:-3}
TEXT_WORK=${TEXT_WORK:-/tmp/trawl-bench}
SEED=${SEED:-20240611}
PORT=${PORT:-}
BENCH_SKIP=${BENCH_SKIP:-}
STRICT=${STRICT:-0}
SHARED=$(cd "$REPO/.." && pwd)/shared/corpus

# log, json_str, need_tools, measure, snapshot_trawl, fetch_text_sources
# shellcheck source-path=SCRIPTDIR source=../ingest/lib.sh
source "$HERE/../ingest/lib.sh"
INGEST_TIMEOUT=$CRAWL_TIMEOUT # measure's time-out
skip() { [[ " $BENCH_SKIP " == *" $1 "* ]]; }

# ---------------------------------------------------------------- tools
need_tools /usr/sbin/nginx:nginx wget2:wget2 /usr/bin/time:time python3:python3 \
  timeout:coreutils groff:groff-base pdftotext:poppler-utils

HAVE_TRAWL=1
if [[ ! -x $TRAWL_BIN ]]; then
  log "no trawl binary at $TRAWL_BIN (set TRAWL_BIN); trawl figures will be n/a"
  HAVE_TRAWL=0
fi

mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
((HAVE_TRAWL)) && snapshot_trawl "$BENCH_WORK/bin"
LOG=$BENCH_WORK/logs
RUNS=$BENCH_WORK/runs.jsonl
NGX=$BENCH_WORK/nginx
rm -rf "$LOG" "$BENCH_WORK/data" "$BENCH_WORK/wget2" "$NGX"
mkdir -p "$LOG" "$BENCH_WORK/data" "$NGX/tmp" "$NGX/logs"
: >"$RUNS"
cut -d' ' -f1-3 /proc/loadavg >"$BENCH_WORK/loadavg.start"
head -n1 /proc/stat >"$BENCH_WORK/cpu.start"
BENCH_T0=$EPOCHREALTIME
if awk '{ exit !($1 > 0.5) }' /proc/loadavg; then
  log "note: load average is $(cut -d' ' -f1-3 /proc/loadavg); the report checks the CPU other processes use during the run"
fi

# ---------------------------------------------------------------- ports
free_port() { # a port with it and the next two free on 127.0.0.1
  python3 - <<'EOF'
import socket
for _ in range(50):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    if p + 2 > 65535:
        continue
    ok = True
    for q in (p, p + 1, p + 2):
        t = socket.socket()
        try:
            t.bind(("127.0.0.1", q))
        except OSError:
            ok = False
        finally:
            t.close()
    if ok:
        print(p)
        break
EOF
}
[[ -n $PORT ]] || PORT=$(free_port)
SITE_PORT=$PORT
SMALL_PORT=$((PORT + 1))
BIG_PORT=$((PORT + 2))
BASE=http://127.0.0.1:$SITE_PORT

# ---------------------------------------------------------------- sites
# real text: the paragraph pool of bench/ingest/real_corpus.py, made from the Debian
# packages bench/ingest unpacks (cached in TEXT_WORK) and from shared/corpus
mkdir -p "$TEXT_WORK"
TEXT_WORK=$(cd "$TEXT_WORK" && pwd)
text_sources() { # fetch_text_sources, into TEXT_WORK; sets TEXT_ROOT
  local BENCH_WORK=$TEXT_WORK
  fetch_text_sources
}
text_sources
POOL=$BENCH_WORK/real-pool.json
# bench/ingest's pool, when it has one, saves building it again (real_corpus.py checks
# its fingerprint and builds it when it does not match)
[[ -f $POOL || ! -f $TEXT_WORK/real-pool.json ]] || cp "$TEXT_WORK/real-pool.json" "$POOL"
SITE=$BENCH_WORK/site-$PAGES
log "site: $PAGES pages of ~$PAGE_BYTES bytes, $LINKS links each, into $SITE"
python3 "$HERE/gen_site.py" site "$SITE" --pages "$PAGES" --page-bytes "$PAGE_BYTES" \
  --links "$LINKS" --fanout "$FANOUT" --seed "$SEED" --base-url "$BASE" \
  --root "$TEXT_ROOT" --shared "$SHARED" --pool-cache "$POOL" >"$BENCH_WORK/site.json" 2>"$LOG/gen_site.err"
log "site: $(cut -c1-150 "$BENCH_WORK/site.json")..."
SITE_DEPTH=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tree_depth"])' "$BENCH_WORK/site.json")
FR_SMALL=$BENCH_WORK/frontier-$FRONTIER_SMALL
FR_BIG=$BENCH_WORK/frontier-$FRONTIER_BIG
if ! skip frontier; then
  # the same hubs on both sites (as many as the large one needs): they differ only in
  # the number of distinct leaves the hubs link to
  HUBS=$(((FRONTIER_BIG + HUB_LINKS - 1) / HUB_LINKS))
  python3 "$HERE/gen_site.py" hubs "$FR_SMALL" --urls "$FRONTIER_SMALL" --hub-links "$HUB_LINKS" --hubs "$HUBS" >"$FR_SMALL.json"
  python3 "$HERE/gen_site.py" hubs "$FR_BIG" --urls "$FRONTIER_BIG" --hub-links "$HUB_LINKS" --hubs "$HUBS" >"$FR_BIG.json"
  log "frontier sites: $(cat "$FR_SMALL.json") $(cat "$FR_BIG.json")"
fi
# the text of the leaf pages of the frontier sites (answered by nginx, not files)
LEAF_TEXT=$(python3 "$HERE/gen_site.py" leaf --seed "$SEED" --root "$TEXT_ROOT" --shared "$SHARED" \
  --pool-cache "$POOL" 2>>"$LOG/gen_site.err")
# every file once, so that nginx serves them from the page cache
warm "$SITE"

# ---------------------------------------------------------------- server
# nginx, 2 workers, sendfile, keep-alive, open-file cache; the access log (buffered)
# counts what each client fetched.  /f/* are the frontier sites' leaves: a page made
# from the URI, so that 200,000 of them need no files.
ACCESS=$NGX/logs/access.log
server_block() { # port root
  cat <<EOF
  server {
    listen 127.0.0.1:$1 backlog=4096;
    root $2;
    location / { index index.html; }
    location /f/ {
      default_type text/html;
      return 200 '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>leaf \$uri</title></head><body><h1>leaf \$uri</h1><p>$LEAF_TEXT</p></body></html>\n';
    }
  }
EOF
}
{
  cat <<EOF
worker_processes 2;
pid $NGX/nginx.pid;
error_log $NGX/logs/error.log warn;
events { worker_connections 4096; multi_accept on; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  open_file_cache max=50000 inactive=300s;
  open_file_cache_valid 600s;
  log_format bench '\$status \$body_bytes_sent \$request_uri "\$http_user_agent"';
  access_log $ACCESS bench buffer=256k flush=1s;
  client_body_temp_path $NGX/tmp/body;
  proxy_temp_path $NGX/tmp/proxy;
  fastcgi_temp_path $NGX/tmp/fastcgi;
  uwsgi_temp_path $NGX/tmp/uwsgi;
  scgi_temp_path $NGX/tmp/scgi;
EOF
  server_block "$SITE_PORT" "$SITE"
  skip frontier || server_block "$SMALL_PORT" "$FR_SMALL"
  skip frontier || server_block "$BIG_PORT" "$FR_BIG"
  echo "}"
} >"$NGX/nginx.conf"
/usr/sbin/nginx -t -q -c "$NGX/nginx.conf" -p "$NGX" -e "$NGX/logs/error.log"
/usr/sbin/nginx -c "$NGX/nginx.conf" -p "$NGX" -e "$NGX/logs/error.log" -g 'daemon off;' &
NGINX_PID=$!
stop_nginx() {
  if [[ -n ${NGINX_PID:-} ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
}
trap stop_nginx EXIT
for ((i = 0; i < 50; i++)); do
  curl -fsS -o /dev/null "$BASE/" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "$BASE/" || { echo "bench: nginx does not answer on $BASE (see $NGX/logs/error.log)" >&2; exit 1; }
log "server: nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$SITE_PORT (pid $NGINX_PID)"

# access_since LINE PATTERN -> "requests pages_200 bytes": the lines of the access log
# after line LINE that match PATTERN (an awk regex on the whole line); nginx flushes
# the log every second
access_since() {
  sleep 1.2
  awk -v from="$1" -v re="$2" 'NR > from && $0 ~ re { n++; if ($1 == 200 && $3 !~ /^\/robots\.txt/) { p++; b += $2 } }
    END { printf "%d %d %d\n", n, p, b }' "$ACCESS"
}
access_lines() { sleep 1.2; wc -l <"$ACCESS"; }

# ---------------------------------------------------------------- server alone
# The server's own rate: wget2 on the list of every page (no recursion, no parsing),
# PAGES x 4 distinct URLs (?r=1..4: wget2 fetches a URL once), THREADS threads, best of 3.
# The client shares the two cores, so this is a lower bound of what nginx can serve.
record() { # kind name rep requests pages bytes extra-json
  printf '{"kind":"%s","name":%s,"rep":%s,"wall":%s,"cpu":%s,"rss_kb":%s,"rc":%s,"requests":%s,"pages":%s,"bytes":%s%s}\n' \
    "$1" "$(json_str "$2")" "$3" "$M_WALL" "$M_CPU" "$M_RSS_KB" "$M_RC" "$4" "$5" "$6" "${7:-}" >>"$RUNS"
}
if ! skip server; then
  (cd "$SITE" && find . -name '*.html' | sort) | sed 's|^\./||; s|^index\.html$||' |
    awk -v b="$BASE" '{ for (r = 1; r <= 4; r++) printf "%s/%s?r=%d\n", b, $0, r }' >"$BENCH_WORK/server-urls.txt"
  for rep in 1 2 3; do
    from=$(access_lines)
    measure "server-r$rep" wget2 --quiet --no-robots --max-threads="$THREADS" --delete-after \
      -P "$BENCH_WORK/wget2-server" -i "$BENCH_WORK/server-urls.txt"
    read -r n p b < <(access_since "$from" 'wget2')
    record server "server-r$rep" "$rep" "$n" "$p" "$b"
    log "server alone (wget2 -i, $THREADS threads): $n requests in ${M_WALL}s, $(awk -v n="$p" -v w="$M_WALL" 'BEGIN { printf "%.0f", n / w }') pages/s"
  done
  rm -rf "$BENCH_WORK/wget2-server"
fi

# ---------------------------------------------------------------- the crawls
run_wget2() { # rep
  local rep=$1 name=wget2-r$1 dir=$BENCH_WORK/wget2/r$1 from n p b
  rm -rf "$dir"
  from=$(access_lines)
  measure "$name" wget2 --quiet --recursive --level=inf --no-parent --max-threads="$THREADS" \
    --delete-after -P "$dir" "$BASE/"
  read -r n p b < <(access_since "$from" 'wget2')
  record wget2 "$name" "$rep" "$n" "$p" "$b"
  log "$name: ${M_WALL}s (${M_CPU} CPU-s), ${M_RSS_KB} KB, rc=$M_RC, $p pages of $PAGES ($n requests)"
  rm -rf "$dir"
}

# trawl_config FILE DATA SEED_URL MAX_DEPTH MAX_PAGES
trawl_config() {
  cat >"$1" <<EOF
data_dir = "$2"

[ocr]
enabled = false

[crawl]
contact = "https://example.org/bench"
delay = 0
concurrency = $THREADS
per_host = $THREADS

[[source]]
name = "bench"
kind = "site"
seeds = ["$3"]
allow_private = true
max_depth = $4
max_pages = $5
EOF
}

# the pass's counts from `trawl status --json`: "done queued total"
status_counts() { # config
  "$TRAWL_BIN" status --config "$1" --json 2>/dev/null | python3 -c '
import json, sys
try:
    s = json.load(sys.stdin)["sources"][0]["last_pass"]["counts"]
except Exception:
    print("null null null"); sys.exit()
print(s.get("done", 0), s.get("queued", 0), sum(s.values()))'
}

run_trawl() { # rep
  local rep=$1 name=trawl-r$1 data=$BENCH_WORK/data/trawl-r$1 cfg=$BENCH_WORK/data/trawl-r$1.toml
  local from n p b line ing fail sdocs warc dn qu tot
  rm -rf "$data"
  # max_depth: the tree's depth and some; max_pages: more than the site has
  trawl_config "$cfg" "$data" "$BASE/" $((SITE_DEPTH + 5)) $((PAGES * 2))
  from=$(access_lines)
  measure "$name" "$TRAWL_BIN" crawl --config "$cfg" --once
  read -r n p b < <(access_since "$from" 'trawl/')
  line=$(grep -E '^source bench pass' "$LOG/$name.out" | tail -n1 || true)
  ing=$(grep -Eo 'ingested [0-9]+' <<<"$line" | grep -Eo '[0-9]+' || true)
  fail=$(grep -Eo 'failed [0-9]+\)' <<<"$line" | grep -Eo '[0-9]+' || true)
  sdocs=$(trawl_docs "$data")
  warc=$(du -sb "$data/warc" 2>/dev/null | cut -f1 || true)
  read -r dn qu tot < <(status_counts "$cfg")
  record trawl "$name" "$rep" "$n" "$p" "$b" \
    ",\"ingested\":${ing:-null},\"failed\":${fail:-null},\"stats_docs\":${sdocs:-null},\"warc_bytes\":${warc:-null},\"done\":$dn,\"queued\":$qu,\"frontier\":$tot"
  log "$name: ${M_WALL}s (${M_CPU} CPU-s), ${M_RSS_KB} KB, rc=$M_RC, $p pages served ($n requests), ${line:-no summary line}, index ${sdocs:-?} docs"
  rm -rf "$data"
}

t_start=$EPOCHREALTIME
for ((rep = 1; rep <= CRAWL_REPEAT; rep++)); do
  if ((rep > 1)); then
    over=$(awk -v a="$t_start" -v b="$EPOCHREALTIME" -v r=$((rep - 1)) -v B="$CRAWL_BUDGET" \
      'BEGIN { e = b - a; print (e + e / r > B) ? 1 : 0 }')
    if ((over)); then
      log "crawl: stopping after $((rep - 1)) round(s) (CRAWL_BUDGET=${CRAWL_BUDGET}s)"
      break
    fi
  fi
  log "crawl round $rep/$CRAWL_REPEAT"
  skip wget2 || run_wget2 "$rep"
  if ((HAVE_TRAWL)) && ! skip trawl; then run_trawl "$rep"; fi
done

# ---------------------------------------------------------------- frontier memory
# / links to the hubs, each hub to HUB_LINKS leaves: after the hubs are fetched (depth 1,
# the shallowest first) the frontier holds every leaf URL, and max_pages stops the pass
# after FRONTIER_PAGES pages.  Both sites have the same hubs (FRONTIER_BIG / HUB_LINKS of
# them, HUB_LINKS links each), so both crawls fetch the same pages of the same sizes; on
# the small site the hubs go round its FRONTIER_SMALL leaves.  Only the frontier differs.
run_frontier() { # urls port rep
  local urls=$1 port=$2 rep=$3 name=frontier-$1-r$3 data=$BENCH_WORK/data/frontier-$1-r$3
  local cfg=$BENCH_WORK/data/frontier-$1-r$3.toml from n p b dn qu tot line
  rm -rf "$data"
  trawl_config "$cfg" "$data" "http://127.0.0.1:$port/" 2 "$FRONTIER_PAGES"
  from=$(access_lines)
  measure "$name" "$TRAWL_BIN" crawl --config "$cfg" --once
  read -r n p b < <(access_since "$from" 'trawl/')
  read -r dn qu tot < <(status_counts "$cfg")
  line=$(grep -E '^source bench pass' "$LOG/$name.out" | tail -n1 || true)
  record frontier "$name" "$rep" "$n" "$p" "$b" ",\"urls\":$urls,\"done\":$dn,\"queued\":$qu,\"frontier\":$tot"
  log "$name: ${M_WALL}s, ${M_RSS_KB} KB, rc=$M_RC, $p pages, frontier $tot URLs ($qu queued), ${line:-no summary line}"
  rm -rf "$data"
}
if ((HAVE_TRAWL)) && ! skip frontier; then
  for ((rep = 1; rep <= FRONTIER_REPEAT; rep++)); do
    run_frontier "$FRONTIER_SMALL" "$SMALL_PORT" "$rep"
    run_frontier "$FRONTIER_BIG" "$BIG_PORT" "$rep"
  done
fi

stop_nginx
trap - EXIT

# ---------------------------------------------------------------- report
head -n1 /proc/stat >"$BENCH_WORK/cpu.end"
times >"$BENCH_WORK/times.txt"
awk -v a="$BENCH_T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >"$BENCH_WORK/wall.txt"
set +e
python3 "$HERE/report.py" --work "$BENCH_WORK" --pages "$PAGES" --threads "$THREADS" \
  --small "$FRONTIER_SMALL" --big "$FRONTIER_BIG" --frontier-pages "$FRONTIER_PAGES" \
  --trawl-bin "$TRAWL_BIN" --have-trawl "$HAVE_TRAWL"
rc=$?
set -e
if ((rc == 3)); then
  ((STRICT)) && exit 1
  exit 0
fi
exit "$rc"
