#!/usr/bin/env python3
"""Independent check of RunLens's LLaMA-Factory importer: points per key per trainer_log.jsonl run.

A run is a directory holding trainer_log.jsonl without trainer_state.json (the HF importer reads those). Numeric
values count, and elapsed_time/remaining_time strings (Python timedelta) count as durations; current_steps and
total_steps do not. Usage: python3 scripts/verify/llama_factory_counts.py <dir>
"""
import json
import os
import re
import sys

DUR = re.compile(r"^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$")


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "trainer_log.jsonl" not in filenames or "trainer_state.json" in filenames:
            continue
        counts = {}
        with open(os.path.join(dirpath, "trainer_log.jsonl"), encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(row.get("current_steps"), (int, float)):
                    continue
                for k, v in row.items():
                    if k in ("current_steps", "total_steps"):
                        continue
                    ok = (isinstance(v, (int, float)) and not isinstance(v, bool)) or (k in ("elapsed_time", "remaining_time") and isinstance(v, str) and DUR.match(v.strip()))
                    if ok:
                        counts[k] = counts.get(k, 0) + 1
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        out["." if rel == "." else rel] = dict(sorted(counts.items()))
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
