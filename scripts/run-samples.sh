#!/usr/bin/env bash
# Sets up the machine (idempotent), screens the bundled sample applications in
# fixtures/apps into a fresh store (target/samples.db: results, findings, review queue;
# JSON Lines report in target/), shows the review queue, and scores the report against
# the samples' ground truth.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --quiet --bin dossier
report=target/samples-report.jsonl
db=target/samples.db
# A fresh store each run, so the results come from this build's pipeline.
rm -rf "$db" "$db-wal" "$db-shm" "$db.blobs"
target/debug/dossier screen fixtures/apps --db "sqlite://$db" --out "$report"
echo
echo "The review queue in $db, most urgent first (dossier queue --db sqlite://$db):"
target/debug/dossier queue --db "sqlite://$db" --limit 10
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
