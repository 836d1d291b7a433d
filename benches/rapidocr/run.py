"""Runs RapidOCR over images and writes what it read, for the side-by-side comparison.

Usage: run.py [--models v4|v5] --out DIR IMAGE...
Writes DIR/<image stem>.json as a list of {"text", "confidence", "box"} (the shape of
`dossier ocr --json`) and prints one timing line per image and a total. With `--models v5`
RapidOCR runs the same PP-OCRv5 files as dossier (models/ppocrv5), otherwise its bundled
PP-OCRv4.
"""

import argparse
import json
import pathlib
import time

from rapidocr_onnxruntime import RapidOCR

ROOT = pathlib.Path(__file__).resolve().parents[2]


def engine(models: str) -> RapidOCR:
    if models == "v4":
        return RapidOCR()
    v5 = ROOT / "models" / "ppocrv5"
    return RapidOCR(
        det_model_path=str(v5 / "det.onnx"),
        rec_model_path=str(v5 / "rec.onnx"),
        rec_keys_path=str(v5 / "ppocrv5_dict.txt"),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", choices=["v4", "v5"], default="v5")
    parser.add_argument("--out", required=True)
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ocr = engine(args.models)
    total = 0.0
    for image in args.images:
        started = time.perf_counter()
        result, _ = ocr(image)
        elapsed = time.perf_counter() - started
        total += elapsed
        lines = [
            {"text": text, "confidence": float(score), "box": [[float(x), float(y)] for x, y in box]}
            for box, text, score in (result or [])
        ]
        name = pathlib.Path(image).stem
        (out / f"{name}.json").write_text(json.dumps(lines, ensure_ascii=False), encoding="utf-8")
        print(f"{name}\t{elapsed:.3f} s\t{len(lines)} lines", flush=True)
    print(f"total\t{total:.3f} s\t{len(args.images)} images")


if __name__ == "__main__":
    main()
