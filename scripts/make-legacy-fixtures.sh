#!/usr/bin/env bash
# Regenerates tests/fixtures/legacy/: Korean and Russian Word 97 (.doc) and Excel 97
# (.xls) files for tests/legacy_office_test.cc, converted by LibreOffice from the DOCX and
# XLSX documents scripts/make-office-fixtures.py writes (the same text as its
# expected.json gives). The corpus has legacy files in English only. LibreOffice is needed
# here only, not by trawl or its tests: apt-get install libreoffice-writer-nogui
# libreoffice-calc-nogui. Its output is not byte-for-byte stable, so the files are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/make-office-fixtures.py "$work/src" >/dev/null
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to doc \
  --outdir tests/fixtures/legacy "$work/src/ko_report.docx" "$work/src/ru_report.docx"
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to xls \
  --outdir tests/fixtures/legacy "$work/src/ko_cargo.xlsx" "$work/src/ru_cargo.xlsx"
