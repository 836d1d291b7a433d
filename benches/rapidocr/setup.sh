#!/usr/bin/env bash
# Creates the RapidOCR reference environment (target/rapidocr-venv) for the side-by-side
# OCR comparison. Idempotent. Pinned to the version DESIGN.md measured.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/rapidocr-venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import rapidocr_onnxruntime" 2>/dev/null; then
  "$venv/bin/pip" install --quiet "rapidocr_onnxruntime==1.4.4"
fi
"$venv/bin/python" -c "import rapidocr_onnxruntime, onnxruntime; print('rapidocr_onnxruntime 1.4.4, onnxruntime', onnxruntime.__version__)"
