#!/usr/bin/env bash
# Sets up the machine (idempotent), screens the bundled sample applications in
# fixtures/apps (summary on stderr, JSON Lines report in target/), and scores the report
# against the samples' ground truth.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --quiet --bin dossier
report=target/samples-report.jsonl
target/debug/dossier screen fixtures/apps --out "$report"
echo
echo "One line per application in $report; the first, pretty-printed (abridged):"
# Abridged in Python: `head` closing the pipe early would fail the script (pipefail).
head -n 1 "$report" | python3 -c '
import json, sys
lines = json.dumps(json.load(sys.stdin), ensure_ascii=False, indent=2).splitlines()
print("\n".join(lines[:30] + (["  …"] if len(lines) > 30 else [])))'
echo
echo "Scored against the samples' ground truth (fixtures/apps/*/truth.json):"
target/debug/dossier eval --truth fixtures/apps --report "$report" --json target/samples-eval.json
