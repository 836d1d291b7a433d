"""Screens every document of ../shared/realdata (except the 19 labelled invoice photos,
scored by `dossier eval`) as its own application and compares the document type and the
fields with the hand-made ground truth in realdata/gt, listing every miss.

Usage: python3 benches/realdata_documents.py [--quality] [REALDATA_DIR]   (after a release build)

With --quality the image-quality checks run too, and every quality finding is listed with its
severity: the real-image target of the image-quality issue is counted from those lines.
"""

import json
import pathlib
import subprocess
import sys
import tempfile
import unicodedata

args = [a for a in sys.argv[1:] if a != "--quality"]
quality = "--quality" in sys.argv[1:]
real = pathlib.Path(args[0] if args else "../shared/realdata").resolve()


def norm(value):
    return "".join(unicodedata.normalize("NFKC", value).split()) if isinstance(value, str) else value


def expected():
    """(image path relative to real, type, {field: value}) for every labelled document."""
    cases = []
    for gt in sorted((real / "gt").glob("*/*.json")):
        data = json.loads(gt.read_text(encoding="utf-8"))
        if "records" in data:  # the competition cards: both faces on one canvas
            for r in data["records"]:
                image = f'{data["images_dir"]}{r["image_id"]}.png'
                if not (real / image).exists():
                    continue
                birth = f'{r["birth_year"]}-{int(r["birth_month"]):02d}-{int(r["birth_day"]):02d}'
                start, _, end = r["valid_period"].partition("-")
                cases.append((image, "id_card_front", {"name": r["name"], "sex": r["sex"], "ethnicity": r["ethnicity"],
                              "birth_date": birth, "address": r["address"], "id_number": r["id_number"]}))
                cases.append((image, "id_card_back", {"issuing_authority": r["issuing_authority"],
                              "valid_from": start.replace(".", "-"),
                              "valid_to": end if end == "长期" else end.replace(".", "-")}))
            continue
        f = data["fields"]
        kind = data["doc_type"]
        if kind == "business_license":
            fields = {"name": f["name"], "entity_type": f["type"], "legal_rep": f["legal_representative"],
                      "address": f["address"]}
            if f.get("reg_number"):
                fields["registration_number"] = f["reg_number"]
        elif kind == "id_card_front":
            fields = {k: f[k] for k in ["name", "sex", "ethnicity", "address", "id_number"]}
            fields["birth_date"] = f["birth"]
        elif kind == "id_card_back":
            fields = {k: f[k] for k in ["issuing_authority", "valid_from", "valid_to"]}
        else:  # invoices
            kind = "vat_special_invoice" if "专用发票" in f["title"] else "vat_normal_invoice"
            fields = {"invoice_number": f["invoice_number"], "issue_date": f["issue_date"],
                      "buyer_name": f["buyer"]["name"], "buyer_tax_id": f["buyer"]["tax_id"],
                      "seller_name": f["seller"]["name"], "seller_tax_id": f["seller"]["tax_id"],
                      "amount": f["total_amount"], "tax_amount": f["total_tax"], "total": f["total_with_tax"],
                      "total_in_words": f["total_with_tax_cn"]}
            if f.get("invoice_code"):
                fields["invoice_code"] = f["invoice_code"]
        for image in data["images"]:
            if (real / image).exists():
                cases.append((image, kind, fields))
    for negative in sorted((real / "negatives").iterdir()):
        cases.append((f"negatives/{negative.name}", "other", {}))
    return cases


QUALITY_CODES = {"BLUR", "BORDER_INCOMPLETE", "GLARE", "OCCLUSION", "FOLD", "COLOR_SCAN_REQUIRED",
                 "LOW_RESOLUTION", "RESCREEN", "KEY_FIELD_OCCLUDED", "KEY_FIELD_CREASED"}


def list_quality_findings(reports):
    """Prints each image's quality findings and counts the REUPLOAD ones."""
    reupload = 0
    for image, report in sorted(reports.items()):
        found = [f for f in report["findings"] if f["code"] in QUALITY_CODES]
        for f in found:
            print(f"quality {image}: {f['code']} {f['severity']} field={f.get('field')} {f.get('detail', '')}")
        reupload += sum(f["severity"] == "REUPLOAD" for f in found)
    print(f"REUPLOAD quality findings on the {len(reports)} images: {reupload}")


def main():
    cases = expected()
    images = sorted({image for image, _, _ in cases})
    with tempfile.TemporaryDirectory() as work:
        apps = pathlib.Path(work) / "apps"
        for i, image in enumerate(images):
            app = apps / f"real-{i:02d}"
            app.mkdir(parents=True)
            (app / pathlib.Path(image).name).symlink_to(real / image)
        command = ["target/release/dossier", "screen", str(apps), "--quiet", "--as-of", "2026-11-28"]
        out = subprocess.run(command + (["--quality"] if quality else []), check=True, capture_output=True, text=True).stdout
    reports = {}
    for line in out.splitlines():
        r = json.loads(line)
        reports[images[int(r["application"].split("-")[1])]] = r
    typed = fields_ok = fields_total = 0
    for image, kind, fields in cases:
        documents = reports[image]["documents"]
        match = [d for d in documents if d["type"] == kind]
        typed += bool(match)
        if not match:
            print(f"{image}: type {kind} expected, got {[d['type'] for d in documents]}")
            fields_total += len(fields)
            continue
        read = match[0]["fields"]
        for key, value in fields.items():
            fields_total += 1
            got = read.get(key, {}).get("value")
            if norm(got) == norm(value):
                fields_ok += 1
            else:
                print(f"{image}: {kind}.{key} expected {value!r}, read {got!r}")
        codes = sorted({f["code"] for f in reports[image]["findings"]})
        if codes:
            print(f"{image}: findings {codes}")
    if quality:
        list_quality_findings(reports)
    print(f"documents typed correctly: {typed}/{len(cases)}; fields read exactly: {fields_ok}/{fields_total}")


if __name__ == "__main__":
    main()
