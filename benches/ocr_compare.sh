#!/usr/bin/env bash
# Side by side on the same photos and the same PP-OCRv5 model files: `dossier ocr`
# (release build, one process per image, model load and JPEG decode included) against the
# RapidOCR Python package (one process for all images). Prints wall time, peak memory and
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

peak=0
started=$(date +%s%N)
for image in "${images[@]}"; do
  name=$(basename "${image%.*}")
  /usr/bin/time -f "%M" -o "$out/memory" target/release/dossier ocr "$image" --json > "$out/dossier/$name.json" 2> /dev/null
  memory=$(tail -n 1 "$out/memory")
  ((memory > peak)) && peak=$memory
done
finished=$(date +%s%N)
echo "dossier:  ${#images[@]} images in $(( (finished - started) / 1000000 )) ms wall, peak ${peak} KB"

/usr/bin/time -f "rapidocr: %e s wall, peak %M KB" -o "$out/rapidocr.time" \
  target/rapidocr-venv/bin/python benches/rapidocr/run.py --models v5 --out "$out/rapidocr" "${images[@]}" > "$out/rapidocr.log"
tail -n 1 "$out/rapidocr.log"
cat "$out/rapidocr.time"

python3 benches/rapidocr/accuracy.py "$data" "$out/dossier" "$out/rapidocr"
