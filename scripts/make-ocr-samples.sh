#!/usr/bin/env bash
# Regenerate the scanned OCR samples (samples/scans/) and the bad-input OCR
# fixtures (tests/fixtures/ocr/); see samples/scans/README.md.
#   scripts/make-ocr-samples.sh           regenerate both folders and verify them
#   scripts/make-ocr-samples.sh --check   fail if the committed files are stale
#   scripts/make-ocr-samples.sh --ocr     also OCR the samples with the tesseract
#                                         CLI and print the character error rates
# Installs its tools with apt-get when they are missing (Debian/Ubuntu).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3   # Debian's python: the python3-* packages install for it only
need=()
[[ -x $PY ]] || need+=(python3)
{ [[ -x $PY ]] && $PY -c 'import PIL.Image' 2>/dev/null; } || need+=(python3-pil)
{ [[ -x $PY ]] && $PY -c 'import numpy' 2>/dev/null; } || need+=(python3-numpy)
{ [[ -x $PY ]] && $PY -c 'import cairo' 2>/dev/null; } || need+=(python3-cairo)
{ [[ -x $PY ]] && $PY -c 'import img2pdf' 2>/dev/null; } || need+=(img2pdf)
[[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc && -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ]] || need+=(fonts-noto-cjk)
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && -f /usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf ]] || need+=(fonts-dejavu-core)
{ command -v pdfinfo && command -v pdffonts && command -v pdftotext && command -v pdfimages && command -v pdftoppm; } >/dev/null || need+=(poppler-utils)
command -v tiffinfo >/dev/null || need+=(libtiff-tools)
if [[ " $* " == *" --ocr "* ]]; then
    command -v tesseract >/dev/null || need+=(tesseract-ocr)
    for l in kor rus eng osd; do
        tesseract --list-langs 2>/dev/null | grep -qx "$l" || need+=("tesseract-ocr-$l")
    done
fi

if ((${#need[@]})); then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    echo "make-ocr-samples: installing ${need[*]}" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

exec "$PY" scripts/samples-src/make_ocr_samples.py "$@"
