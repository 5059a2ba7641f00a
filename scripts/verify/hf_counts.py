#!/usr/bin/env python3
"""Independent check of RunLens's HF Trainer importer: points per series per run.

A run is a folder holding trainer_state.json or checkpoint-N/trainer_state.json; checkpoint folders of a run belong
to it. The newest state (highest global_step; the top-level file wins ties) is counted: every non-null numeric value
of a log_history row (NaN/Infinity included), keyed by name, except 'step'.

Usage: python3 scripts/verify/hf_counts.py <dir>   (prints JSON: {run: {series: count}})
"""
import json
import os
import re
import sys

CP = re.compile(r"^checkpoint-(\d+)$")


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)  # Python's json accepts NaN/Infinity


def main(root):
    runs = {}
    claimed = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if dirpath in claimed:
            continue
        states = []
        for d in dirnames:
            m = CP.match(d)
            p = os.path.join(dirpath, d, "trainer_state.json")
            if m and os.path.isfile(p):
                states.append((int(m.group(1)), p))
                claimed.add(os.path.join(dirpath, d))
        states.sort()
        if "trainer_state.json" in filenames:
            states.append((None, os.path.join(dirpath, "trainer_state.json")))
        if not states:
            continue
        best, best_step = None, None
        for _, p in states:
            s = load(p)
            gs = s.get("global_step", -1)
            if best is None or gs >= best_step:
                best, best_step = s, gs
        counts = {}
        for row in best.get("log_history", []):
            if "step" not in row:
                continue
            for k, v in row.items():
                if k == "step" or v is None or isinstance(v, (bool, str)) or not isinstance(v, (int, float)):
                    continue
                counts[k] = counts.get(k, 0) + 1
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        runs["." if rel == "." else rel] = dict(sorted(counts.items()))
    print(json.dumps(dict(sorted(runs.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
