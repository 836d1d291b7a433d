#!/usr/bin/env bash
# Measures the store (issue 8): its overhead per application, worker throughput, and peak
# memory over a reprocess, on SQLite and on a private PostgreSQL (scripts/pg-test.sh).
#
#   bash scripts/measure-store.sh APPS_DIR [OCR_APPS_DIR [N]]
#
# APPS_DIR: many applications (e.g. `dossier synth --count 2000 --long-side 300-400`),
# screened without OCR so the store's own cost shows. OCR_APPS_DIR: applications with
# full-size photos; its first N (default 12) are screened with OCR at 1, 2 and 4 workers.
# Uses target/release/dossier (cargo build --release), bc and sqlite3. Timings are noisy on a shared
# machine: compare the ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
APPS="${1:?usage: $0 APPS_DIR [OCR_APPS_DIR [N]]}"
OCR_APPS="${2:-}"
OCR_COUNT="${3:-12}"
BIN="$PWD/target/release/dossier"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; bash scripts/pg-test.sh stop' EXIT
PG_ADMIN="$(bash scripts/pg-test.sh start)"
PG_BASE="${PG_ADMIN%/*}"
count=$(find "$APPS" -mindepth 1 -maxdepth 1 -type d | wc -l)

seconds() { # seconds COMMAND...: wall time of the command
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
peak_rss_mib() { # peak_rss_mib COMMAND...: its maximum resident set size
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1
  echo "$(cat "$WORK/rss") / 1024" | bc
}
new_pg() { # new_pg NAME: an empty database on the private server
  psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  echo "$PG_BASE/$1"
}

echo "== store overhead: screen --no-ocr of $count applications, 2 jobs"
plain=$(seconds "$BIN" screen "$APPS" --no-ocr -j 2 -q -o "$WORK/plain.jsonl")
sqlite=$(seconds "$BIN" screen "$APPS" --no-ocr -j 2 -q --db "sqlite://$WORK/a.db")
pg_url=$(new_pg measure_a)
pg=$(seconds "$BIN" screen "$APPS" --no-ocr -j 2 -q --db "$pg_url" --blobs "$WORK/pg-blobs")
echo "  JSON Lines only: ${plain} s"
echo "  --db SQLite:     ${sqlite} s  → $(echo "scale=2; ($sqlite - $plain) * 1000 / $count" | bc) ms per application more"
echo "  --db PostgreSQL: ${pg} s  → $(echo "scale=2; ($pg - $plain) * 1000 / $count" | bc) ms per application more"

echo "== reprocess of all $count applications (--no-ocr --quality): time and peak memory"
for workers in 1 2 4; do
  cp "$WORK/a.db" "$WORK/r$workers.db"
  t=$(seconds "$BIN" reprocess --db "sqlite://$WORK/r$workers.db" --blobs "$WORK/a.db.blobs" --all --no-ocr --quality --workers "$workers" -q)
  echo "  SQLite, $workers worker(s): ${t} s, $(echo "scale=1; $count / $t" | bc) applications/s"
done
quarter=$((count / 4))
mkdir -p "$WORK/quarter"
find "$APPS" -mindepth 1 -maxdepth 1 -type d | sort | head -n "$quarter" | xargs -I{} cp -r {} "$WORK/quarter/"
"$BIN" screen "$WORK/quarter" --no-ocr -j 2 -q --db "sqlite://$WORK/q.db" >/dev/null 2>&1
rss_all=$(peak_rss_mib "$BIN" reprocess --db "sqlite://$WORK/a.db" --all --no-ocr --quality --workers 2 -q)
rss_quarter=$(peak_rss_mib "$BIN" reprocess --db "sqlite://$WORK/q.db" --all --no-ocr --quality --workers 2 -q)
echo "  peak RSS, reprocess of all $count applications: ${rss_all} MiB"
echo "  peak RSS, reprocess of $quarter applications:  ${rss_quarter} MiB"
for workers in 1 2 4; do
  pg_url=$(new_pg "measure_w$workers")
  "$BIN" screen "$APPS" --no-ocr -j 2 -q --db "$pg_url" --blobs "$WORK/pg-blobs" >/dev/null 2>&1
  t=$(seconds "$BIN" reprocess --db "$pg_url" --blobs "$WORK/pg-blobs" --all --no-ocr --quality --workers "$workers" -q)
  echo "  PostgreSQL, $workers worker(s): ${t} s, $(echo "scale=1; $count / $t" | bc) applications/s"
done

if [[ -n "$OCR_APPS" ]]; then
  echo "== throughput with OCR: the first $OCR_COUNT applications of $OCR_APPS"
  mkdir -p "$WORK/ocr"
  find "$OCR_APPS" -mindepth 1 -maxdepth 1 -type d | sort | head -n "$OCR_COUNT" | while read -r app; do
    mkdir -p "$WORK/ocr/$(basename "$app")"
    find "$app" -maxdepth 1 -type f ! -name truth.json -exec cp {} "$WORK/ocr/$(basename "$app")/" \;
  done
  "$BIN" screen "$WORK/ocr" --no-ocr -q --db "sqlite://$WORK/ocr.db" >/dev/null 2>&1
  for workers in 1 2 4; do
    cp "$WORK/ocr.db" "$WORK/ocr$workers.db"
    t=$(seconds "$BIN" reprocess --db "sqlite://$WORK/ocr$workers.db" --blobs "$WORK/ocr.db.blobs" --all --workers "$workers" -q)
    echo "  $workers worker(s): ${t} s, $(echo "scale=2; $t / $OCR_COUNT" | bc) s per application"
  done
fi
