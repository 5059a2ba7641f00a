#!/usr/bin/env python3
"""Independent check of RunLens's DVCLive importer: points per metric per dvclive run, with Python's csv module.

Rules (from formats.md 3g and iterative/dvclive src/dvclive/plots/metric.py, not from the TypeScript):
- A run is a directory with plots/metrics/**/*.tsv, or a directory named `dvclive` holding metrics.json or
  params.yaml.
- Each TSV under plots/metrics is one metric, named by its path below plots/metrics without `.tsv` (train/loss).
  Its value column is the one that is neither `step` nor `timestamp`. A row is a point when that cell is a number
  (Python float(): nan/inf count). A last line without a newline is unfinished and not counted.
- metrics.json is the summary of latest values, not history: no points.
Usage: python3 scripts/verify/dvclive_counts.py <dir>
"""
import csv
import io
import json
import os
import sys


def complete_text(path):
    with open(path, "rb") as fh:
        data = fh.read()
    end = data.rfind(b"\n")
    return data[: end + 1].decode("utf-8", errors="replace") if end >= 0 else ""


def is_number(cell):
    try:
        float(cell.strip())
        return cell.strip() != "" and "_" not in cell
    except ValueError:
        return False


def count_tsv(path):
    rows = [r for r in csv.reader(io.StringIO(complete_text(path), newline=""), delimiter="\t") if r and any(c.strip() for c in r)]
    if not rows:
        return 0
    header = [h.strip() for h in rows[0]]
    value_cols = [i for i, h in enumerate(header) if h not in ("step", "timestamp")]
    if not value_cols:
        return 0
    v = value_cols[0]
    return sum(1 for r in rows[1:] if v < len(r) and is_number(r[v]))


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        plots = os.path.join(dirpath, "plots", "metrics")
        tsvs = []
        for pdir, pdirs, pfiles in os.walk(plots):
            for name in pfiles:
                if name.endswith(".tsv"):
                    tsvs.append(os.path.join(pdir, name))
        named = os.path.basename(dirpath) == "dvclive" and ("metrics.json" in filenames or "params.yaml" in filenames)
        if not tsvs and not named:
            continue
        counts = {}
        for path in sorted(tsvs):
            metric = os.path.relpath(path, plots).replace(os.sep, "/")[: -len(".tsv")]
            n = count_tsv(path)
            if n > 0:
                counts[metric] = n
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        out[rel] = dict(sorted(counts.items()))
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
