#!/usr/bin/env bash
# Measures the pre-screen API (issue 9): latency of POST /api/v1/prescreen for one photo,
# one request at a time and under 8 concurrent requests, with Debian's `wrk`.
#
#   bash scripts/measure-prescreen.sh PHOTO [SECONDS]
#
# Serves a throwaway store with target/release/dossier (cargo build --release) and the
# OCR models; the whole pipeline per upload runs (decode, OCR, classification, fields,
# quality checks). Timings are noisy on a shared machine: compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
PHOTO="${1:?usage: $0 PHOTO [SECONDS]}"
SECONDS_EACH="${2:-90}"
BIN="$PWD/target/release/dossier"
WORK="$(mktemp -d)"
PORT=18089
cleanup() { [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

python3 - "$PHOTO" "$WORK/body" <<'PY'
import sys, os
photo, out = sys.argv[1], sys.argv[2]
data = open(photo, 'rb').read()
boundary = b'dossier-measure-boundary'
body = (b'--' + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="' +
        os.path.basename(photo).encode() + b'"\r\nContent-Type: image/jpeg\r\n\r\n' + data +
        b'\r\n--' + boundary + b'--\r\n')
open(out, 'wb').write(body)
PY
DB="sqlite://$WORK/measure.db"
TOKEN=$("$BIN" token add measure --db "$DB" 2>/dev/null)
"$BIN" serve --db "$DB" --bind "127.0.0.1:$PORT" --workers 0 --api-rate 1000000 2>"$WORK/server.log" &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

cat > "$WORK/prescreen.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=dossier-measure-boundary"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local f = io.open("$WORK/body", "rb"); wrk.body = f:read("*all"); f:close()
done = function(summary, latency, requests)
  io.write(string.format("  requests %d (errors: status %d, timeout %d); median %.2f s, p95 %.2f s, max %.2f s\n",
    summary.requests, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1e6, latency:percentile(95) / 1e6, latency.max / 1e6))
end
LUA
check=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: multipart/form-data; boundary=dossier-measure-boundary" \
  --data-binary "@$WORK/body" "http://127.0.0.1:$PORT/api/v1/prescreen")
echo "photo $(basename "$PHOTO"), $(stat -c %s "$PHOTO") bytes; a first request answered HTTP $check"
# QUERIES="?read=false" measures only the quick path.
if [[ -n "${QUERIES:-}" ]]; then queries=("$QUERIES"); else queries=("" "?read=false"); fi
for query in "${queries[@]}"; do
  for connections in 1 8; do
    echo "== /api/v1/prescreen$query, $connections concurrent request(s), ${SECONDS_EACH} s"
    wrk -t "$connections" -c "$connections" -d "${SECONDS_EACH}s" --timeout 300s -s "$WORK/prescreen.lua" \
      "http://127.0.0.1:$PORT/api/v1/prescreen$query" | grep -E "^  requests"
  done
done
