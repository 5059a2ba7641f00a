#!/usr/bin/env python3
"""Independent check of RunLens's MLflow file-store importer: lines per metric file per run.

A run folder holds meta.yaml beside metrics/, params/ or tags/. Metric name = path under metrics/ (posix). Every
complete line ("timestamp value [step]") is a point. Usage: python3 scripts/verify/mlflow_counts.py <dir>
"""
import json
import os
import sys


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "meta.yaml" not in filenames or not any(d in ("metrics", "params", "tags") for d in dirnames):
            continue
        counts = {}
        mdir = os.path.join(dirpath, "metrics")
        for mp, _, mfiles in os.walk(mdir):
            for name in mfiles:
                full = os.path.join(mp, name)
                metric = os.path.relpath(full, mdir).replace(os.sep, "/")
                with open(full, encoding="utf-8") as fh:
                    text = fh.read()
                lines = text.split("\n")[:-1]  # the piece after the last newline is not complete
                n = sum(1 for l in lines if len(l.split()) >= 2)
                if n:
                    counts[metric] = n
        out[os.path.relpath(dirpath, root).replace(os.sep, "/")] = dict(sorted(counts.items()))
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
