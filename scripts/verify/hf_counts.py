#!/usr/bin/env python3
"""Independent check of RunLens's HF Trainer importer: points per series per run. Standard library only.

A run is a folder holding trainer_state.json, or checkpoint-N/ folders that hold one. A folder whose state files an
ancestor's run already owns (a checkpoint-N/ of a run) is not a run of its own. The newest state of a run is counted:
highest global_step; on a tie an intact file beats a damaged one, then the top-level file beats a checkpoint's.
Counted: every log_history row that is an object with a finite numeric "step"; in it every key except "step" whose
value is a number (NaN and Infinity included; null, strings and booleans are not).

Damaged files (cut while being written) are read with the json module's raw_decode, row by row, up to the first row
that does not decode: the same "complete rows before the damage" rule the app uses, reached another way.

Usage: python3 scripts/verify/hf_counts.py <dir> > counts.json   (JSON: {run dir relative to <dir>: {series: count}};
the root folder itself is ".")
"""
import json
import math
import os
import re
import sys

CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
STATE = "trainer_state.json"
LOG_HISTORY = re.compile(r'"log_history"\s*:\s*\[')
# trainer_state.json is written with indent=2: top-level keys sit at two spaces. The comma proves the number is whole.
GLOBAL_STEP = re.compile(r'^  "global_step"\s*:\s*(-?\d+(?:\.\d+)?)\s*,', re.MULTILINE)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def read_state(path):
    """(global_step or None, rows, damaged)."""
    with open(path, "rb") as fh:
        text = fh.read().decode("utf-8", errors="replace")
    try:
        doc = json.loads(text)
    except ValueError:
        return salvage(text)
    if not isinstance(doc, dict):
        return None, [], True
    rows = doc.get("log_history")
    rows = rows if isinstance(rows, list) else []
    gs = doc.get("global_step")
    return (gs if is_number(gs) and math.isfinite(gs) else last_step(rows)), rows, False


def salvage(text):
    rows = []
    m = LOG_HISTORY.search(text)
    if m:
        decoder = json.JSONDecoder()
        i = m.end()
        while True:
            while i < len(text) and text[i] in " \t\r\n":
                i += 1
            if i >= len(text) or text[i] == "]":
                break
            if rows:
                if text[i] != ",":
                    break
                i += 1
                while i < len(text) and text[i] in " \t\r\n":
                    i += 1
            try:
                row, end = decoder.raw_decode(text, i)
            except ValueError:
                break
            # A number, literal or string running into the end of the text may have been cut short.
            if not isinstance(row, (dict, list)) and end >= len(text):
                break
            rows.append(row)
            i = end
    gm = GLOBAL_STEP.search(text[: m.start()] if m else text)
    gs = float(gm.group(1)) if gm else last_step(rows)
    return gs, rows, True


def last_step(rows):
    for row in reversed(rows):
        if isinstance(row, dict) and is_number(row.get("step")) and math.isfinite(row["step"]):
            return row["step"]
    return None


def count(rows):
    counts = {}
    for row in rows:
        if not isinstance(row, dict):
            continue
        step = row.get("step")
        if not is_number(step) or not math.isfinite(step):
            continue
        for k, v in row.items():
            if k != "step" and is_number(v):
                counts[k] = counts.get(k, 0) + 1
    return dict(sorted(counts.items()))


def main(root):
    runs = {}
    owned = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        checkpoints = []
        for d in dirnames:
            m = CHECKPOINT.match(d)
            p = os.path.join(dirpath, d, STATE)
            if m and os.path.isfile(p):
                checkpoints.append((int(m.group(1)), d, p))
        states = [(p, False) for _, _, p in sorted(checkpoints)]
        if STATE in filenames:
            states.append((os.path.join(dirpath, STATE), True))
        if not states or any(p in owned for p, _ in states):
            continue
        owned.update(p for p, _ in states)
        best, best_key = None, None
        for p, is_top in states:
            gs, rows, damaged = read_state(p)
            key = (gs if gs is not None else -math.inf, 0 if damaged else 1, 1 if is_top else 0)
            if best_key is None or key > best_key:
                best, best_key = rows, key
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        runs[rel] = count(best)
    print(json.dumps(dict(sorted(runs.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
