#!/usr/bin/env bash
# Browser tests of the analysts' page: builds a data folder, serves it with `trawl serve`
# and runs tests/browser/page_test.mjs in Chromium against it.
#
#   tests/browser/run.sh TRAWL_BINARY WORK_DIR
#
# WORK_DIR/data is rebuilt on every run (the UN list when ../shared/corpus is there, the
# samples, the sample PDFs and scans, scripts/make-syndicated.py's pages and a hostile
# page). The page is served from server/page/ (TRAWL_PAGE_DIR), so the files under test
# are the ones in this checkout; set TRAWL_PAGE_DIR= (empty) to test the copy built into
# the binary instead. A second service with an access token checks the token prompt.
#
# Needs Chromium (CHROMIUM, default /usr/bin/chromium), node and playwright-core in
# tests/node (cd tests/node && npm ci --ignore-scripts). Exits with page_test's status;
# 2 when something it needs is missing.

set -euo pipefail

die() { echo "run.sh: $*" >&2; exit 2; }

[ $# -eq 2 ] || die "usage: $0 TRAWL_BINARY WORK_DIR"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ -f "$1" ] && [ -x "$1" ] || die "no trawl binary at $1"
trawl="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$2"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || die "Chromium is missing: no executable at $chromium (apt-get install chromium, or set CHROMIUM)"
command -v node >/dev/null || die "node is missing"
command -v python3 >/dev/null || die "python3 is missing (scripts/make-syndicated.py)"
[ -f "$repo/tests/node/node_modules/playwright-core/package.json" ] ||
  die "playwright-core is missing: (cd tests/node && npm ci --ignore-scripts)"

mkdir -p "$work"
work="$(cd "$work" && pwd)"
rm -rf "$work/data" "$work/synd" "$work/hostile" "$work/extra"
export TRAWL_DATA="$work/data"
if [ -z "${TRAWL_PAGE_DIR+set}" ]; then
  export TRAWL_PAGE_DIR="$repo/server/page"
elif [ -z "$TRAWL_PAGE_DIR" ]; then
  unset TRAWL_PAGE_DIR
fi

# ---------------------------------------------------------------- the data folder

corpus="$(dirname "$0")/../../../shared/corpus"
if [ -d "$corpus" ]; then
  list="$(ls "$corpus"/sanctions/un_sc_consolidated_list_*.xml 2>/dev/null | sort | tail -n 1 || true)"
  if [ -n "$list" ]; then
    "$trawl" lists import "$list" --name UN >"$work/lists.log" 2>&1 ||
      { cat "$work/lists.log" >&2; die "lists import failed"; }
  fi
fi

# A page whose text holds markup that must stay text: the page test asserts that none of
# it runs (window.__xss stays undefined) and that it is shown verbatim.
mkdir -p "$work/hostile"
cat >"$work/hostile/hostile.html" <<'EOF'
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Hostile page &lt;script&gt;window.__xss=1&lt;/script&gt; xsshostile</title>
</head>
<body>
<h1>Tanker report &lt;img src=x onerror="window.__xss=2"&gt;</h1>
<p>xsshostile: this page quotes &lt;script&gt;window.__xss=1&lt;/script&gt; and
&lt;img src=x onerror="window.__xss=2"&gt; as text, and &lt;b&gt;not bold&lt;/b&gt; too.</p>
<script>window.__xss=1</script>
<img src=x onerror="window.__xss=2">
<p>The tanker switched off its AIS transponder near Nampo before the transfer.</p>
</body>
</html>
EOF

# A zip holding a zip, and a file ingested in two versions: the provenance panel's
# parents, children and history.
mkdir -p "$work/extra"
python3 - "$work/extra" <<'EOF'
import io
import sys
import zipfile

inner = io.BytesIO()
with zipfile.ZipFile(inner, "w") as z:
    z.writestr("deeper.txt", "Deeper note zipdeeper: coal loaded at Nampo went to Kholmsk.\n")
with zipfile.ZipFile(sys.argv[1] + "/bundle.zip", "w") as z:
    z.writestr("memo.txt", "Memo zipmember about the tanker KUM BYOL 3.\n")
    z.writestr("inner.zip", inner.getvalue())
EOF
# An e-mail with a KOI8-R encoded sender and an attachment: the document view's mail
# headers and its attachments.
cat >"$work/extra/mail.eml" <<'EOF'
From: =?koi8-r?B?68nNILPOIP7Iz8zY?= <kim@example.org>
To: desk@example.org
Cc: watch@example.org
Subject: mailcheck: the coal shipment
Date: Tue, 5 Mar 2024 09:30:00 +0000
Message-ID: <mailcheck-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

mailcheck: the manifest of the coal shipment from Nampo is attached.
--b1
Content-Type: text/plain; charset=utf-8; name="manifest.txt"
Content-Disposition: attachment; filename="manifest.txt"

The coal manifest lists 12,000 tonnes for Kholmsk.
--b1--
EOF
printf 'Notice vfile, first version: the tanker left Nampo.\n' >"$work/extra/notice.txt"

python3 "$repo/scripts/make-syndicated.py" "$work/synd" >"$work/synd.log" 2>&1 ||
  { cat "$work/synd.log" >&2; die "make-syndicated.py failed"; }

shopt -s nullglob
pdfs=("$repo"/samples/scans/*/*.pdf)
shopt -u nullglob
"$trawl" ingest "$repo/samples/ko" "$repo/samples/ru" "$repo/samples/en" "${pdfs[@]}" \
  "$work/synd" "$work/hostile" "$work/extra" >"$work/ingest.log" 2>&1 ||
  { cat "$work/ingest.log" >&2; die "ingest failed"; }
tail -n 1 "$work/ingest.log"
printf 'Notice vfile, second version: the tanker returned to Nampo.\n' >"$work/extra/notice.txt"
"$trawl" ingest "$work/extra" >>"$work/ingest.log" 2>&1 ||
  { cat "$work/ingest.log" >&2; die "ingest of the second version failed"; }

# ---------------------------------------------------------------- the services

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# serve NAME VAR [ENV=VALUE...]: starts `trawl serve` on a free port and sets VAR to the
# URL its first stdout line prints. (Not in a $(...) subshell: the pid must stay here.)
serve() {
  local name=$1 var=$2
  shift 2
  env -u TRAWL_TOKEN "$@" "$trawl" serve --listen 127.0.0.1:0 >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  local pid=$! u=""
  for _ in $(seq 1 200); do
    u="$(head -n 1 "$work/$name.out" | grep -o 'http://127\.0\.0\.1:[0-9]*' || true)"
    [ -n "$u" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.err" >&2; die "trawl serve ($name) exited"; }
    sleep 0.05
  done
  [ -n "$u" ] || die "trawl serve ($name) printed no URL"
  printf -v "$var" '%s' "$u"
}

url="" token_url=""
serve serve url
token="page-test-$$-$RANDOM"
serve serve-token token_url TRAWL_TOKEN="$token"
echo "serving on $url (with a token on $token_url)"

status=0
TRAWL_TOKEN_URL="$token_url" TRAWL_TEST_TOKEN="$token" CHROMIUM="$chromium" \
  node "$here/page_test.mjs" "$url" || status=$?
exit "$status"
