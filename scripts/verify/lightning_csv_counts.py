#!/usr/bin/env python3
"""Independent check of RunLens's Lightning CSV importer: non-empty cells per column (except `step`) per run.

A run is a directory holding metrics.csv, or a `version_N` directory holding only hparams.yaml (a run that died
before logging: no series). Usage: python3 scripts/verify/lightning_csv_counts.py <dir>  (prints JSON)
"""
import csv
import json
import os
import re
import sys


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        if "metrics.csv" in filenames:
            counts = {}
            with open(os.path.join(dirpath, "metrics.csv"), newline="", encoding="utf-8") as fh:
                reader = csv.reader(fh)
                header = next(reader, [])
                for row in reader:
                    for name, cell in zip(header, row):
                        if name != "step" and cell.strip() != "":
                            counts[name] = counts.get(name, 0) + 1
            out[rel] = dict(sorted(counts.items()))
        elif "hparams.yaml" in filenames and re.match(r"^version_\d+$", os.path.basename(dirpath)) and not any("tfevents" in f for f in filenames):
            out[rel] = {}
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
