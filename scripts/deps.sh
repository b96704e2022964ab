#!/usr/bin/env bash
# Installs exactly the Debian bookworm packages that building and testing trawl need.
# Called by scripts/test.sh and scripts/demo.sh; safe to run again (apt-get skips what is there).
set -euo pipefail

# One list, one place. Build tools, then one line per library and the folder that owns it.
PACKAGES=(
  build-essential cmake pkg-config ninja-build
  libxapian-dev            # index/
  libsqlite3-dev           # catalog/
  libpoppler-cpp-dev       # extractors/pdf_poppler.cc
  libmagic-dev             # extractors/identify
  libuchardet-dev libicu-dev   # extractors/charset (ICU also: index/ normalisation)
  libcld2-dev              # extractors/language_cld2.cc
  libgumbo-dev             # extractors/html_gumbo.cc
  libxml2-dev              # extractors/xml_libxml2.cc
  libarchive-dev           # extractors/archive_libarchive.cc
  zlib1g-dev libbrotli-dev # extractors/warc_reader.cc
  libgmime-3.0-dev         # extractors/email_gmime.cc, email_mbox.cc
  libgsf-1-dev             # extractors/ole_gsf.cc (HWP 5, encrypted OOXML, compound files)
  catdoc antiword          # extractors/office_legacy.cc: antiword, catdoc, xls2csv, catppt (run as programs)
  libtesseract-dev libleptonica-dev   # ocr/
  tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-rus tesseract-ocr-osd   # ocr/ language data
  libtbb-dev               # pipeline/
  libtomlplusplus-dev      # config/
  libcli11-dev libspdlog-dev   # app/
  libgoogle-perftools-dev  # app/: tcmalloc_minimal, 15% faster ingest than glibc malloc
  nlohmann-json3-dev       # index/ document data, app/ JSON output
  libssl-dev               # extractors/identify: SHA-256 ids (libcrypto)
  catch2                   # tests/
  libcurl4-openssl-dev     # crawl/curl_fetcher.cc
  liburiparser-dev libidn2-dev libpsl-dev   # crawl/url
  libcpp-httplib-dev       # server/ (and the tests' HTTP servers and clients)
  libsystemd-dev           # app/daemon.cc: sd_notify under systemd
  python3 zip zstd p7zip-full   # tests/: scripts/make-archive-fixtures.py
  python3-protego          # tests/robots_test.cc: a second opinion on robots.txt decisions
  microsocks               # tests/crawl_test.cc: a SOCKS5 proxy on loopback
  wget2                    # bench/crawl: the baseline crawler
  xapian-tools             # tests/: remote shards served by xapian-tcpsrv
  chromium fonts-noto-cjk  # tests/browser: the page in headless Chromium (playwright-core)
)

# tests/: warcio (npm) reads our WARC files (scripts/npm-test-deps.sh). A machine that has
# node and npm already (NodeSource's nodejs bundles npm) keeps them: Debian's npm would
# pull Debian's nodejs over it.
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
