"""Splits the JSON Lines of `dossier ocr --json IMAGE...` ({"image", "turn", "lines"} per
image) into OUT_DIR/<image stem>.json files holding each image's line array, the shape
accuracy.py reads.

Usage: split_ocr_lines.py OUT_DIR < ocr.jsonl
"""

import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
for line in sys.stdin:
    record = json.loads(line)
    stem = pathlib.Path(record["image"]).stem
    (out / f"{stem}.json").write_text(json.dumps(record["lines"], ensure_ascii=False), encoding="utf-8")
