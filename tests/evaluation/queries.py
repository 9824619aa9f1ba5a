#!/usr/bin/env python3
"""Measure whether natural "place + topic" queries find their document on the evaluation set.

Usage: queries.py [BINARY (default: target/release/oversight)] [--docs DIR] [--queries FILE]
                  [--scope document|passage] [--top N] [--no-scope-flag]

Indexes the saved documents (docs/, see EVALUATION.md) into a temporary folder with
`BINARY index`, runs each query of queries.toml with `BINARY search --json`, and prints, per
query, the rank of the document it should find (or "-" when it is not in the top N), then how
many were found in the top N. Python 3.11 standard library only.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default="target/release/oversight")
    parser.add_argument("--docs", default=os.path.join(HERE, "docs"))
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.toml"))
    parser.add_argument("--scope", default="document")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--no-scope-flag", action="store_true",
                        help="for a binary from before --scope, whose words met in one passage")
    args = parser.parse_args()
    with open(args.queries, "rb") as f:
        queries = tomllib.load(f)["query"]
    with tempfile.TemporaryDirectory() as work:
        index = os.path.join(work, "index")
        subprocess.run(
            [args.binary, "index", "--corpus", args.docs, "--index", index],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        found = 0
        for query in queries:
            command = [args.binary, "search", query["q"], "--index", index, "--json",
                       "--limit", str(args.top), "--passages", "1"]
            if not args.no_scope_flag:
                command += ["--scope", args.scope]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                print(f"error  {query['q']}: {result.stderr.strip()}")
                continue
            response = json.loads(result.stdout)
            rank = next(
                (position + 1 for position, hit in enumerate(response["hits"])
                 if any(os.path.basename(source) == query["file"] for source in hit["sources"])),
                None,
            )
            found += rank is not None
            total = response["total_documents"]
            print(f"{rank or '-':>3}  of {total:>3}  {query['q']}  ({query['file']})")
        print(f"found in the top {args.top}: {found} of {len(queries)}")


if __name__ == "__main__":
    sys.exit(main())
