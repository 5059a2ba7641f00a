#!/usr/bin/env python3
"""Independent check of RunLens's generic table importer: points per column per .csv/.tsv/.jsonl file.

Rules (from the project brief, not from the TypeScript):
- Each file is its own run, named by its path without the extension.
- The step column is the first of step, global_step, _step, iteration, iter, epoch present in the header (compared
  trimmed and case-insensitively); CSV/TSV need a first data row with a number outside the step column (and outside
  pandas' unnamed index column); JSONL needs a first object with a numeric step key and another number.
- CSV/TSV: every cell that is a number (Python float(), so nan/inf count) in a named column other than the step
  column is a point. A last line without a newline is unfinished and not counted.
- JSONL: every number in each object (nested objects joined with `/`; not bools), other than the step key, is a
  point. A last line without a newline counts when it is a whole JSON object. Lines that are not JSON objects are
  skipped.
This reads whole files for detection where RunLens peeks at the first 16 KiB; the fixtures and realdata have short
first lines, so both see the same header and first row.
Usage: python3 scripts/verify/table_counts.py <dir>
"""
import csv
import io
import json
import os
import sys

STEP_NAMES = ["step", "global_step", "_step", "iteration", "iter", "epoch"]


def step_column(names):
    for wanted in STEP_NAMES:
        for n in names:
            if n.strip().lower() == wanted:
                return n
    return None


def is_number(cell):
    t = cell.strip()
    if t == "" or "_" in t or t.lower().startswith("0x"):
        return False
    try:
        float(t)
        return True
    except ValueError:
        return False


def read_bytes(path):
    with open(path, "rb") as fh:
        data = fh.read()
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def count_delimited(path, delim):
    data = read_bytes(path)
    end = data.rfind(b"\n")
    text = data[: end + 1].decode("utf-8", errors="replace") if end >= 0 else ""
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim) if r and not (len(r) == 1 and r[0].strip() == "")]
    if len(rows) < 2:
        return None
    header = rows[0]
    step = step_column(header)
    if step is None:
        return None
    s = header.index(step)
    first = rows[1]
    if not any(i != s and header[i] != "" and is_number(c) for i, c in enumerate(first[: len(header)])):
        return None
    counts = {}
    for row in rows[1:]:
        for i, name in enumerate(header):
            if i == s or name == "" or i >= len(row):
                continue
            if is_number(row[i]):
                counts[name] = counts.get(name, 0) + 1
    return counts


def leaves(obj, prefix, out):
    for k, v in obj.items():
        name = k if prefix == "" else prefix + "/" + k
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)):
            out.append(name)
        elif isinstance(v, dict):
            leaves(v, name, out)
    return out


def count_jsonl(path):
    text = read_bytes(path).decode("utf-8", errors="replace")
    objs = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            v = json.loads(line)
        except ValueError:
            continue
        if isinstance(v, dict):
            objs.append(v)
    if not objs:
        return None
    step = step_column(list(objs[0].keys()))
    if step is None or isinstance(objs[0][step], bool) or not isinstance(objs[0][step], (int, float)):
        return None
    if not [n for n in leaves(objs[0], "", []) if n != step]:
        return None
    counts = {}
    for o in objs:
        for n in leaves(o, "", []):
            if n != step:
                counts[n] = counts.get(n, 0) + 1
    return counts


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            low = name.lower()
            path = os.path.join(dirpath, name)
            if low.endswith(".csv"):
                counts = count_delimited(path, ",")
            elif low.endswith(".tsv"):
                counts = count_delimited(path, "\t")
            elif low.endswith(".jsonl"):
                counts = count_jsonl(path)
            else:
                continue
            if counts is None:
                continue
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            out[rel[: rel.rfind(".")]] = dict(sorted(counts.items()))
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
