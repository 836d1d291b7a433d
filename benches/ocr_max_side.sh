#!/usr/bin/env bash
# How small the text detector's input can be before labelled fields are lost: reads the
# 19 real 专票 photos (4208 × 3120) once per detector size with `dossier ocr` (release, one
# process for all photos) and scores each run with benches/rapidocr/accuracy.py.
# Usage: benches/ocr_max_side.sh [PHOTOS_DIR] [SIZES...]   (default sizes 640 800 960 1280 1600)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/realdata/vat_invoice_photos}
shift || true
if (($# > 0)); then sizes=("$@"); else sizes=(640 800 960 1280 1600); fi
out=target/ocr-max-side
cargo build --release --quiet --bin dossier
rm -rf "$out"
mkdir -p "$out"
mapfile -t images < <(find "$data" -name '*.jpg' | sort)
for size in "${sizes[@]}"; do
  started=$(date +%s%N)
  target/release/dossier ocr --json --max-side "$size" "${images[@]}" 2> "$out/$size.log" \
    | python3 benches/split_ocr_lines.py "$out/$size"
  finished=$(date +%s%N)
  echo "max-side $size: ${#images[@]} photos in $(( (finished - started) / 1000000 )) ms"
  python3 benches/rapidocr/accuracy.py "$data" "$out/$size" | sed "s/^/  /"
done
