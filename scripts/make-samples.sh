#!/usr/bin/env bash
# Regenerate the fictional sample corpus in samples/ (see samples/README.md).
#   scripts/make-samples.sh           regenerate samples/ and verify it
#   scripts/make-samples.sh --check   fail if the committed samples/ is stale
# Installs its tools with apt-get when they are missing (Debian/Ubuntu).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3   # Debian's python: python3-cairo installs for it only
need=()
[[ -x $PY ]] || need+=(python3)
{ [[ -x $PY ]] && $PY -c 'import cairo' 2>/dev/null; } || need+=(python3-cairo)
{ [[ -x $PY ]] && $PY -c 'import fontTools.subset' 2>/dev/null; } || need+=(python3-fonttools)
[[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc && -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ]] || need+=(fonts-noto-cjk)
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]] || need+=(fonts-dejavu-core)
{ command -v pdftotext && command -v pdfinfo && command -v pdffonts; } >/dev/null || need+=(poppler-utils)

if ((${#need[@]})); then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    echo "make-samples: installing ${need[*]}" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

exec "$PY" scripts/samples-src/make_samples.py "$@"
