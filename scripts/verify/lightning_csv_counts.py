#!/usr/bin/env python3
"""Independent check of RunLens's Lightning CSV importer: points per column per run, with Python's csv module.

Rules (from formats.md 3g, not from the TypeScript):
- A run is a directory holding metrics.csv that is in Lightning's layout (a version_N directory, or hparams.yaml
  beside it) or whose header has a `step` column; or a version_N directory holding only hparams.yaml and no event
  file (a run that died before logging: no series).
- Every non-empty cell of a column other than `step` is one point (Lightning writes only numbers; `nan`/`inf` count).
- A last line without a newline is unfinished and not counted.
Usage: python3 scripts/verify/lightning_csv_counts.py <dir>   (prints JSON {run path: {column: points}})
"""
import csv
import io
import json
import os
import re
import sys

VERSION_DIR = re.compile(r"^version_\d+$")


def complete_text(path):
    with open(path, "rb") as fh:
        data = fh.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    end = data.rfind(b"\n")
    return data[: end + 1].decode("utf-8", errors="replace") if end >= 0 else ""


def header_of(path):
    with open(path, "rb") as fh:
        first = fh.readline().decode("utf-8", errors="replace")
    return next(csv.reader([first.strip("\r\n")]), [])


def count(path):
    counts = {}
    reader = csv.reader(io.StringIO(complete_text(path), newline=""))
    header = None
    for row in reader:
        if not row or (len(row) == 1 and row[0].strip() == ""):
            continue
        if header is None:
            header = row
            continue
        for name, cell in zip(header, row):
            if name == "step" or name == "" or cell.strip() == "":
                continue
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        is_version = bool(VERSION_DIR.match(os.path.basename(dirpath)))
        has_events = any("tfevents" in f for f in filenames)
        if "metrics.csv" in filenames:
            path = os.path.join(dirpath, "metrics.csv")
            if is_version or "hparams.yaml" in filenames or "step" in [c.strip() for c in header_of(path)]:
                out[rel] = count(path)
        elif "hparams.yaml" in filenames and is_version and not has_events:
            out[rel] = {}
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
