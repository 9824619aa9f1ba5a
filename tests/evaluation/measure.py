#!/usr/bin/env python3
"""Measure an `oversight` binary's metadata extraction on the evaluation set.

Usage: measure.py [BINARY (default: target/release/oversight)] [--json OUT.json] [--docs DIR] [--expected FILE] [--only SUBSTR]

Runs `BINARY inspect FILE --json` on every document listed in expected.toml,
compares force, type, subtype (when the binary reports one) and year with the
expected values (an entry's optional `year_also` is a second accepted year, for a
document whose text gives only a period such as a financial year), and prints per-field N of M followed by one line per wrong
field with the evidence the binary gave. Python 3 standard library only
(tomllib needs Python 3.11; a small fallback parser is used otherwise).
"""

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))


def load_expected(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        import tomllib

        return tomllib.loads(data.decode("utf-8"))["doc"]
    except ImportError:
        pass
    docs, cur = [], None
    for line in data.decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[[doc]]":
            cur = {}
            docs.append(cur)
            continue
        m = re.match(r'(\w+)\s*=\s*(.*?)\s*(#.*)?$', line)
        if m and cur is not None:
            key, val = m.group(1), m.group(2)
            if val.startswith('"'):
                cur[key] = json.loads(val)
            else:
                cur[key] = int(val)
    return docs


def year_of(date):
    """The year of whatever date shape the binary printed (None when absent)."""
    if date is None:
        return None
    if isinstance(date, int):
        return date
    if isinstance(date, str):
        m = re.search(r"\b(1[89]\d\d|20\d\d)\b", date)
        return int(m.group(1)) if m else None
    if isinstance(date, dict):
        if isinstance(date.get("year"), int):
            return date["year"]
        for key in ("start", "from", "begin", "date"):
            if key in date:
                y = year_of(date[key])
                if y is not None:
                    return y
    return None


def subtype_of(meta):
    """The subtype as `type/sub`, or None when the binary has no subtype field."""
    if "subtype" not in meta:
        return None
    sub = meta["subtype"]
    if isinstance(sub, dict):
        sub = sub.get("path") or sub.get("subtype") or sub.get("value") or sub.get("name")
    if sub is None:
        return ""
    sub = str(sub).strip("/")
    if "/" not in sub and sub:
        sub = f"{meta.get('doc_type', '')}/{sub}"
    return sub


def evidence_text(meta, field):
    ev = (meta.get("evidence") or {}).get(field)
    if isinstance(ev, dict):
        return ev.get("text", "")
    if isinstance(ev, str):
        return ev
    return ""


# Page furniture that a human would never take for a document's title. Used only for an
# informational count: titles are not part of expected.toml.
TITLE_CHROME = [
    "skip to", "accessibility", "modern.gov", "screenreader", "default template",
    "found this document useful", "total page", "page 1:", "agendas, meetings and minutes -",
    "county council logo", "we're now part of", "to register a free account", "archived -",
    "police headquarters", "cookie", "text size", "date published", "mayor of london logo",
    "transparency: decisions", "quickly exit", "text only",
]


def title_has_chrome(title):
    low = (title or "").lower()
    return any(c in low for c in TITLE_CHROME)


def inspect(binary, path):
    try:
        out = subprocess.run(
            [binary, "inspect", path, "--json"],
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    if out.returncode != 0:
        return None, out.stderr.decode("utf-8", "replace").strip()
    try:
        return json.loads(out.stdout)["document"], None
    except (ValueError, KeyError) as e:
        return None, f"bad JSON: {e}"


def clip(text, n=110):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", nargs="?", default=os.path.join(HERE, "..", "..", "target", "release", "oversight"))
    ap.add_argument("--json", metavar="OUT", help="also write the figures (and per-document results) as JSON")
    ap.add_argument("--docs", default=os.path.join(HERE, "docs"))
    ap.add_argument("--expected", default=os.path.join(HERE, "expected.toml"))
    ap.add_argument("--only", help="only documents whose file name contains this")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    docs = load_expected(args.expected)
    if args.only:
        docs = [d for d in docs if args.only in d["file"]]
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"measure.py: {binary} is not an executable file", file=sys.stderr)
        return 2

    def run(doc):
        return doc, inspect(binary, os.path.join(args.docs, doc["file"]))

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(run, docs))

    fields = ["force", "type", "subtype", "year"]
    right = {f: 0 for f in fields + ["all3", "all4"]}
    counted = {f: 0 for f in fields + ["all3", "all4"]}
    wrong_lines, per_doc, chrome_titles = [], [], []
    has_subtype = False
    for doc, (meta, err) in results:
        rec = {"file": doc["file"], "kind": doc.get("kind", ""), "error": err, "fields": {}}
        if meta is None:
            for f in fields:
                if f != "subtype":
                    counted[f] += 1
            counted["all3"] += 1
            wrong_lines.append(f"{doc['file']}: inspect failed: {clip(err, 200)}")
            rec["fields"] = {f: {"ok": False} for f in fields}
            per_doc.append(rec)
            continue
        got = {
            "force": meta.get("force") or "none",
            "type": meta.get("doc_type"),
            "subtype": subtype_of(meta),
            "year": year_of(meta.get("date")),
        }
        ev = {
            "force": evidence_text(meta, "force") or "no force claims the document; mentions: "
            + ", ".join(f"{m['force']}×{m['count']}" for m in meta.get("mentions", [])[:4]),
            "type": evidence_text(meta, "doc_type"),
            "subtype": evidence_text(meta, "subtype") or evidence_text(meta, "doc_type"),
            "year": evidence_text(meta, "date") or "no date found",
        }
        ok = {}
        for f in fields:
            if f == "subtype" and got["subtype"] is None:
                continue
            if f == "subtype":
                has_subtype = True
            counted[f] += 1
            ok[f] = got[f] == doc[f] or (f == "year" and got[f] is not None and got[f] == doc.get("year_also"))
            right[f] += ok[f]
            rec["fields"][f] = {"expected": doc[f], "got": got[f], "ok": ok[f], "evidence": ev[f]}
            if not ok[f]:
                wrong_lines.append(
                    f"{doc['file']}: {f} expected {doc[f]} got {got[f]}  ← {clip(ev[f])}"
                )
        counted["all3"] += 1
        all3 = ok["force"] and ok["type"] and ok["year"]
        right["all3"] += all3
        if "subtype" in ok:
            counted["all4"] += 1
            right["all4"] += all3 and ok["subtype"]
        rec["title"] = meta.get("title")
        rec["title_chrome"] = title_has_chrome(rec["title"])
        if rec["title_chrome"]:
            chrome_titles.append(f"{doc['file']}: title “{clip(rec['title'], 90)}”")
        per_doc.append(rec)

    def pct(f):
        return f"{100.0 * right[f] / counted[f]:.0f}%" if counted[f] else "-"

    print(f"binary: {binary}")
    print(f"documents: {len(docs)}")
    for f in fields:
        if f == "subtype" and not has_subtype:
            print("subtype: not reported by this binary")
            continue
        print(f"{f:8} {right[f]:3} of {counted[f]:3}  ({pct(f)})")
    print(f"{'force+type+year':8} {right['all3']:3} of {counted['all3']:3}  ({pct('all3')})")
    if has_subtype:
        print(f"{'all four':8} {right['all4']:3} of {counted['all4']:3}  ({pct('all4')})")
    inspected = sum(1 for r in per_doc if r.get("error") is None)
    print(f"{'title':8} {inspected - len(chrome_titles):3} of {inspected:3}  free of known page chrome (heuristic, informational)")
    print()
    print(f"wrong ({len(wrong_lines)} fields):")
    for line in wrong_lines:
        print("  " + line)

    if chrome_titles:
        print()
        print(f"titles made of page chrome ({len(chrome_titles)}):")
        for line in chrome_titles:
            print("  " + line)

    if args.json:
        summary = {
            "binary": binary,
            "documents": len(docs),
            "fields": {f: {"right": right[f], "of": counted[f]} for f in right if counted[f]},
            "titles_with_chrome": len(chrome_titles),
            "per_document": per_doc,
        }
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
