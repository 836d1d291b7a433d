#!/usr/bin/env bash
# Side by side on the same photos and the same PP-OCRv5 model files: `dossier ocr`
# (release build, one process for all images, model load and JPEG decode included) against
# the RapidOCR Python package (one process for all images). Prints wall time, peak memory and
# how many labelled field values each engine read verbatim.
# Usage: benches/ocr_compare.sh [PHOTOS_DIR]   (default ../shared/realdata/vat_invoice_photos)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/realdata/vat_invoice_photos}
out=target/ocr-compare
command -v /usr/bin/time > /dev/null || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 2; }
bash benches/rapidocr/setup.sh
cargo build --release --quiet --bin dossier
rm -rf "$out"
mkdir -p "$out/dossier" "$out/rapidocr"
mapfile -t images < <(find "$data" -name '*.jpg' | sort)

/usr/bin/time -f "dossier:  %e s wall, peak %M KB" -o "$out/dossier.time" \
  target/release/dossier ocr --json "${images[@]}" 2> "$out/dossier.log" \
  | python3 benches/split_ocr_lines.py "$out/dossier"
echo "dossier: ${#images[@]} images"
cat "$out/dossier.time"

/usr/bin/time -f "rapidocr: %e s wall, peak %M KB" -o "$out/rapidocr.time" \
  target/rapidocr-venv/bin/python benches/rapidocr/run.py --models v5 --out "$out/rapidocr" "${images[@]}" > "$out/rapidocr.log"
tail -n 1 "$out/rapidocr.log"
cat "$out/rapidocr.time"

python3 benches/rapidocr/accuracy.py "$data" "$out/dossier" "$out/rapidocr"
