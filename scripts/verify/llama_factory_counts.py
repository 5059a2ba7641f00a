#!/usr/bin/env python3
"""Independent check of RunLens's LLaMA-Factory importer: points per series per trainer_log.jsonl run.

Rules (from formats.md 3b.4 and the project brief, not from the TypeScript):
- Every directory holding trainer_log.jsonl is a run. When trainer_state.json is beside it (the HF importer's run),
  the LLaMA-Factory run is named `<dir>/trainer_log`; otherwise it is the directory.
- Rows are JSON objects with a numeric current_steps. Every other numeric value (not bool) is a point under its key,
  except total_steps; elapsed_time / remaining_time strings of Python timedelta shape count under
  `<key>_seconds`.
- A last line without a newline counts only when it parses as a whole JSON object.
Usage: python3 scripts/verify/llama_factory_counts.py <dir>
"""
import json
import os
import re
import sys

DURATION = re.compile(r"^(?:-?\d+ days?, )?\d+:\d\d:\d\d(?:\.\d+)?$")


def count(path):
    with open(path, "rb") as fh:
        text = fh.read().decode("utf-8", errors="replace")
    counts = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if not isinstance(row, dict):
            continue
        step = row.get("current_steps")
        if isinstance(step, bool) or not isinstance(step, (int, float)):
            continue
        for key, value in row.items():
            if key in ("current_steps", "total_steps"):
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                counts[key] = counts.get(key, 0) + 1
            elif key in ("elapsed_time", "remaining_time") and isinstance(value, str) and DURATION.match(value.strip()):
                name = key + "_seconds"
                counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "trainer_log.jsonl" not in filenames:
            continue
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        if "trainer_state.json" in filenames:
            rel = "trainer_log" if rel == "." else rel + "/trainer_log"
        out[rel] = count(os.path.join(dirpath, "trainer_log.jsonl"))
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
