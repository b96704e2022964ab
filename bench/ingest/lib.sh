# shellcheck shell=bash
# shellcheck disable=SC2034  # M_*, T_*, CORPUS_DIR, TEXT_ROOT, TRAWL_ORIG are read by the callers
# Shared by run.sh, containers.sh and resume.sh (sourced, not run).
# The caller sets HERE (this folder), BENCH_WORK (absolute) and SEED, and
# defines LOG (logs folder) and INGEST_TIMEOUT before calling measure.

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

json_str() { # JSON string literal of $1
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# need_tools CMD:PACKAGE... -- install the packages of the commands that are missing
need_tools() {
  local want=() spec cmd pkg
  for spec in "$@"; do
    cmd=${spec%%:*} pkg=${spec#*:}
    if [[ $cmd == /* ]]; then [[ -x $cmd ]] && continue; else command -v "$cmd" >/dev/null 2>&1 && continue; fi
    want+=("$pkg")
  done
  ((${#want[@]})) || return 0
  log "installing ${want[*]}"
  if [[ $(id -u) != 0 ]]; then
    echo "bench: missing ${want[*]} and not root; install them first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y --no-install-recommends "${want[@]}"
}

# measure NAME CMD... -- run CMD under /usr/bin/time -v (and a timeout);
# stdout/stderr go to $LOG/NAME.{out,err}.  Sets M_WALL (seconds, from
# $EPOCHREALTIME), M_RSS_KB (peak RSS of CMD and its children), M_CPU (user + system
# CPU seconds of CMD and its children: the work done, which other load on the machine
# changes much less than the wall time), M_RC.
measure() {
  local name=$1 t0 t1
  shift
  t0=$EPOCHREALTIME
  set +e
  /usr/bin/time -v -o "$LOG/$name.time" timeout -k 10 "${INGEST_TIMEOUT:-900}" "$@" \
    >"$LOG/$name.out" 2>"$LOG/$name.err"
  M_RC=$?
  set -e
  t1=$EPOCHREALTIME
  M_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
  M_RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$LOG/$name.time")
  M_RSS_KB=${M_RSS_KB:-0}
  M_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$LOG/$name.time")
}

# snapshot_trawl DIR -- copy $TRAWL_BIN to DIR/trawl and point TRAWL_BIN at the copy, so
# that a rebuild during the bench does not change (or half-write) the binary under test.
# Waits until the binary has not changed for 15 s (a link may be writing it), at most 5 min.
snapshot_trawl() {
  local dir=$1 age i
  for ((i = 0; i < 60; i++)); do
    age=$(($(date +%s) - $(stat -c %Y "$TRAWL_BIN")))
    ((age >= 15)) && break
    ((i == 0)) && log "trawl: $TRAWL_BIN changed ${age}s ago; waiting for the build to settle"
    sleep 5
  done
  mkdir -p "$dir"
  cp -f "$TRAWL_BIN" "$dir/trawl.tmp"
  mv -f "$dir/trawl.tmp" "$dir/trawl"
  if ! "$dir/trawl" --version >/dev/null 2>&1; then
    echo "bench: the copy of $TRAWL_BIN does not run ($dir/trawl --version failed)" >&2
    exit 1
  fi
  log "trawl: testing a copy of $TRAWL_BIN ($(stat -c '%y' "$TRAWL_BIN" | cut -d. -f1), sha256 $(sha256sum "$dir/trawl" | cut -c1-12))"
  TRAWL_ORIG=$TRAWL_BIN
  TRAWL_BIN=$dir/trawl
}

# ---------------------------------------------------------------- real text
# The Debian packages whose text makes the real corpus (real_corpus.py).  They
# are downloaded with apt-get and unpacked under $BENCH_WORK (dpkg-deb -x), not
# installed: the corpus then depends on this list and the packages' versions,
# not on whatever else happens to be installed on the machine, and the help
# packages do not pull in LibreOffice.
TEXT_PKGS=(
  # message catalogues (ko, ru; their msgids give English) and man pages
  coreutils tar grep sed findutils diffutils dpkg apt man-db procps psmisc
  xz-utils passwd login wget make git bash gettext libc-l10n libglib2.0-data
  libgtk2.0-common binutils-common gnupg-l10n util-linux-locales cinnamon-l10n
  libreoffice-l10n-ko libreoffice-l10n-ru
  manpages manpages-ru
  # books: the installation guide, the FAQ, LibreOffice help, in the three languages
  "installation-guide-$(dpkg --print-architecture 2>/dev/null || echo amd64)"
  debian-faq debian-faq-ko debian-faq-ru
  libreoffice-help-ko libreoffice-help-ru libreoffice-help-en-us
)

# fetch_text_sources -- sets TEXT_ROOT to a folder with TEXT_PKGS unpacked;
# $TEXT_ROOT.packages lists "name version" of what it holds.  Cached.
fetch_text_sources() {
  TEXT_ROOT=$BENCH_WORK/text-root
  local debs=$BENCH_WORK/text-debs stamp f
  stamp="${TEXT_PKGS[*]}"
  if [[ -d $TEXT_ROOT && -f $TEXT_ROOT.stamp && $(cat "$TEXT_ROOT.stamp") == "$stamp" ]]; then
    return 0
  fi
  log "real text: downloading ${#TEXT_PKGS[@]} packages (apt-get download) into $debs"
  rm -rf "$debs" "$TEXT_ROOT" "$TEXT_ROOT.stamp" "$TEXT_ROOT.packages"
  mkdir -p "$debs" "$TEXT_ROOT"
  (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${TEXT_PKGS[@]}" >"$debs/download.log" 2>&1) || {
    # one unknown name fails the whole call: fetch one by one then
    log "real text: batch download failed ($(tail -n1 "$debs/download.log")); trying one by one"
    if [[ $(id -u) == 0 && ! -f $BENCH_WORK/.apt-updated ]]; then
      apt-get update -qq && touch "$BENCH_WORK/.apt-updated"
    fi
    local p
    for p in "${TEXT_PKGS[@]}"; do
      (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$p" >>"$debs/download.log" 2>&1) ||
        log "real text: could not download $p"
    done
  }
  : >"$TEXT_ROOT.packages"
  for f in "$debs"/*.deb; do
    [[ -e $f ]] || continue
    dpkg-deb -x "$f" "$TEXT_ROOT"
    # shellcheck disable=SC2016  # dpkg-deb's own ${field} syntax
    dpkg-deb --showformat='${Package} ${Version}\n' -W "$f" >>"$TEXT_ROOT.packages"
  done
  rm -rf "$debs"
  # only ko / ru / en text is read: drop the other languages, images, scripts, binaries
  local d
  for d in "$TEXT_ROOT"/usr/share/locale/* "$TEXT_ROOT"/usr/share/man/* \
    "$TEXT_ROOT"/usr/share/doc/installation-guide-*/*; do
    case ${d##*/} in ko | ru | en | man[0-9]*) ;; *) [[ -d $d ]] && rm -rf "$d" ;; esac
  done
  find "$TEXT_ROOT" -type f ! \( -name '*.mo' -o -name '*.html' -o -path '*/share/man/*' \) -delete
  find "$TEXT_ROOT" -xtype l -delete
  log "real text: unpacked $(wc -l <"$TEXT_ROOT.packages") packages, $(du -sh "$TEXT_ROOT" | cut -f1)"
  echo "$stamp" >"$TEXT_ROOT.stamp"
}

# make_corpus KIND N -- KIND real|generated; sets CORPUS_DIR ($BENCH_WORK/real-N
# or $BENCH_WORK/corpus-N), with its JSON summary in $CORPUS_DIR.json.  Cached by
# seed, size and generator (and, for real text, the fingerprint of its sources).
make_corpus() {
  local kind=$1 n=$2 dir stamp
  if [[ $kind == generated ]]; then
    dir=$BENCH_WORK/corpus-$n
    stamp="$SEED $n $(sha256sum "$HERE/gen_corpus.py" | cut -d' ' -f1)"
  elif [[ $kind == real ]]; then
    dir=$BENCH_WORK/real-$n
    fetch_text_sources
    stamp="$SEED $n $(python3 "$HERE/real_corpus.py" --root "$TEXT_ROOT" --fingerprint)"
  else
    echo "bench: CORPUS must be real or generated, not '$kind'" >&2
    exit 2
  fi
  CORPUS_DIR=$dir
  if [[ -d $dir && -f $dir.stamp && $(cat "$dir.stamp") == "$stamp" && -s $dir.json ]]; then
    log "$(basename "$dir"): reusing ($(cut -c1-70 "$dir.json")...)"
  else
    log "$(basename "$dir"): building ($kind text)"
    rm -rf "$dir" "$dir.stamp"
    if [[ $kind == generated ]]; then
      python3 "$HERE/gen_corpus.py" --docs "$n" --seed "$SEED" --force "$dir" >"$dir.json"
    else
      python3 "$HERE/real_corpus.py" --docs "$n" --seed "$SEED" --root "$TEXT_ROOT" \
        --pool-cache "$BENCH_WORK/real-pool.json" --force "$dir" >"$dir.json"
    fi
    echo "$stamp" >"$dir.stamp"
  fi
}

# warm DIR... -- read files once, so that every tool finds them in the page cache
warm() { find "$@" -type f -exec cat {} + >/dev/null; }

# trawl_summary FILE -- sets T_ING / T_UNCH / T_FAIL from trawl ingest's summary
# line "ingested N, unchanged M, failed K" (empty when there is none)
trawl_summary() {
  local line
  T_ING='' T_UNCH='' T_FAIL=''
  line=$(grep -Eo 'ingested [0-9]+, unchanged [0-9]+, failed [0-9]+' "$1" 2>/dev/null | tail -n1 || true)
  [[ -n $line ]] || return 0
  read -r T_ING T_UNCH T_FAIL < <(awk '{ gsub(",", ""); print $2, $4, $6 }' <<<"$line")
}

# trawl_docs DATA -- number of documents in trawl's index ("documents" of
# `trawl stats --json`), or nothing
trawl_docs() {
  "$TRAWL_BIN" stats --data "$1" --json 2>/dev/null |
    grep -Eo '"documents"[[:space:]]*:[[:space:]]*[0-9]+' | grep -Eo '[0-9]+$' | head -n1 || true
}

# omindex_docs DB -- number of documents in a Xapian database
omindex_docs() {
  xapian-delve "$1" 2>/dev/null | awk -F' = ' '/^number of documents/ { print $2 }'
}
