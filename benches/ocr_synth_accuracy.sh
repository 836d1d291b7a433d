#!/usr/bin/env bash
# OCR accuracy on a generated set, clean and degraded apart: reads every photo of the
# applications whose scenario is `clean`, then of the others, with `dossier ocr` (release,
# one process per group) and scores the field values printed verbatim on the documents
# (names, codes, numbers, addresses; not dates or money, which are printed in other forms)
# with benches/rapidocr/accuracy.py.
# Usage: benches/ocr_synth_accuracy.sh GENERATED_DIR [--engine tesseract]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: benches/ocr_synth_accuracy.sh GENERATED_DIR [--engine ppocr|tesseract]}
shift
out=target/ocr-synth
fields=name,credit_code,legal_rep,address,id_number,account_number,approval_number,basic_account_number,depositor_name,bank_name,invoice_number,invoice_code,buyer_name,seller_name,buyer_tax_id,seller_tax_id,taxpayer_id,issuing_authority,serial_number
cargo build --release --quiet --bin dossier
rm -rf "$out"
for group in clean degraded; do
  mkdir -p "$out/$group/truth"
  for app in "$data"/*/; do
    scenario=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenario"])' "$app/truth.json")
    if [[ ($group == clean && $scenario == clean) || ($group == degraded && $scenario != clean) ]]; then
      ln -s "$(realpath "$app")" "$out/$group/truth/$(basename "$app")"
    fi
  done
  mapfile -t images < <(find -L "$out/$group/truth" -name '*.jpg' | sort)
  started=$(date +%s%N)
  target/release/dossier ocr --json "$@" "${images[@]}" 2> "$out/$group.log" \
    | python3 benches/split_ocr_lines.py "$out/$group/ocr"
  finished=$(date +%s%N)
  echo "$group: ${#images[@]} photos in $(( (finished - started) / 1000000 )) ms"
  python3 benches/rapidocr/accuracy.py --only "$fields" "$out/$group/truth" "$out/$group/ocr" | sed "s/^/  /" | head -12
done
