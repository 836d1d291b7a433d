"""Scores OCR output against the labelled fields of ../shared/realdata/vat_invoice_photos.

Usage: accuracy.py [--only KEY,KEY...] TRUTH_DIR OCR_DIR [OCR_DIR...]
OCR_DIR holds <image stem>.json files in the `dossier ocr --json` shape. For each labelled
field value the printed forms it can take are tried (a date 2016-06-12 is printed
2016年06月12日, an amount 3495.00 as ¥3495.00); a value counts as read verbatim when one of
them is a substring of one OCR line with spaces removed. Character accuracy is
1 - edit distance / length against the best-matching substring of any line.
"""

import json
import pathlib
import sys


def printed_forms(key: str, value: str) -> list[str]:
    if key.endswith("date") and len(value) == 10:
        y, m, d = value.split("-")
        return [f"{y}年{m}月{d}日", value]
    if key == "tax_rates":
        return [value]
    return [value]


def best_substring_distance(needle: str, haystack: str) -> int:
    # Edit distance of needle against the best substring of haystack (Sellers' algorithm).
    previous = [0] * (len(haystack) + 1)
    for i, a in enumerate(needle, 1):
        current = [i] + [0] * len(haystack)
        for j, b in enumerate(haystack, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
        previous = current
    return min(previous)


def score(truth_dir: pathlib.Path, ocr_dir: pathlib.Path, only: set[str] | None = None) -> tuple[int, int, float, list[str]]:
    verbatim = total = 0
    char_ok = 0.0
    misses = []
    for truth_file in sorted(truth_dir.glob("*/truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for document in truth["documents"]:
            stem = pathlib.Path(document["file"]).stem
            ocr_file = ocr_dir / f"{stem}.json"
            lines = json.loads(ocr_file.read_text(encoding="utf-8")) if ocr_file.exists() else []
            texts = ["".join(line["text"].split()) for line in lines]
            for key, value in document["fields"].items():
                if only is not None and key not in only:
                    continue
                for single in value if isinstance(value, list) else [value]:
                    total += 1
                    forms = printed_forms(key, single)
                    if any(form in text for form in forms for text in texts):
                        verbatim += 1
                        char_ok += 1.0
                        continue
                    distance = min(
                        (best_substring_distance(form, text) for form in forms for text in texts),
                        default=len(single),
                    )
                    char_ok += max(0.0, 1.0 - distance / max(1, len(forms[0])))
                    misses.append(f"{stem}.{key}={single}")
    return verbatim, total, char_ok, misses


def main() -> None:
    args = sys.argv[1:]
    only = None
    if args[:1] == ["--only"]:
        only = set(args[1].split(","))
        args = args[2:]
    truth_dir = pathlib.Path(args[0])
    for ocr_dir in args[1:]:
        verbatim, total, char_ok, misses = score(truth_dir, pathlib.Path(ocr_dir), only)
        print(f"{ocr_dir}: {verbatim}/{total} labelled values read verbatim ({100 * verbatim / total:.1f}%), "
              f"character accuracy {100 * char_ok / total:.1f}%")
        for miss in misses[:40]:
            print(f"  miss {miss}")


if __name__ == "__main__":
    main()
