#!/usr/bin/env bash
# service/core/width_table.h must be what tools/gen-width-table.py makes of the installed font, so
# a font update or a hand edit of the table fails here. Skipped (exit 0) where the font is missing;
# scripts/install-deps installs fonts-liberation, so CI always runs it.
# usage: width_table_check.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: width_table_check.sh SOURCE_DIR}
font=/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
if [ ! -r "$font" ]; then
  echo "skipped: font not installed ($font; scripts/install-deps --test installs fonts-liberation)"
  exit 0
fi
exec python3 "$src/tools/gen-width-table.py" "$font" --check "$src/service/core/width_table.h"
