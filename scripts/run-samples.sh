#!/usr/bin/env bash
# Sets up the machine (idempotent) and screens the bundled sample applications in
# fixtures/apps, printing the summary and writing the JSON Lines report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --quiet --bin dossier
report=target/samples-report.jsonl
target/debug/dossier screen fixtures/apps --out "$report"
echo
echo "One line per application in $report; the first, pretty-printed:"
head -n 1 "$report" | python3 -m json.tool --no-ensure-ascii | head -n 40
