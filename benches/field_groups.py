"""Field exact-match rates by group: documents of clean applications, degraded documents
without a REUPLOAD finding in their truth, and degraded documents with one (the targets of
issue 6). Values are compared after NFKC with whitespace removed, as `dossier eval` does.

Usage: python3 benches/field_groups.py TRUTH_DIR REPORT.jsonl
"""
import json, sys, pathlib, unicodedata
truth_dir = pathlib.Path(sys.argv[1]); report = sys.argv[2]
def norm(v):
    if isinstance(v, str): return "".join(unicodedata.normalize("NFKC", v).split())
    if isinstance(v, list): return [norm(x) for x in v]
    return v
groups = {}
for line in open(report):
    r = json.loads(line)
    t = json.load(open(truth_dir / r["application"] / "truth.json"))
    reupload = {f.get("document") for f in t["findings"] if f["severity"] == "REUPLOAD"}
    docs = {}
    for d in r["documents"]: docs.setdefault(d["file"], d)
    for td in t["documents"]:
        g = "clean" if t["scenario"] == "clean" else ("degraded-reupload" if td["file"] in reupload else "degraded")
        d = docs.get(td["file"])
        for k, v in td["fields"].items():
            got = d["fields"].get(k, {}).get("value") if d else None
            ok = norm(got) == norm(v)
            c = groups.setdefault(g, [0, 0]); c[0] += ok; c[1] += 1
for g, (ok, n) in sorted(groups.items()):
    print(f"{g:20} {ok}/{n} {100*ok/n:.1f}%")
