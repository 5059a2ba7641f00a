#!/usr/bin/env python3
"""Independent check of RunLens's raw-log importer: lines per log file and points per extracted series.

Lines are split on "\n" (a final empty piece after a trailing newline is not a line). Metrics come from three line
shapes after ANSI codes, "\r" redraws and [rankN]:/[defaultN]:/(pid=N) prefixes are removed: Megatron
"iteration N/ M | key: value | ...", verl "step:N - key:value - ...", and HF printed dicts "{'loss': 0.5, ...}".
Usage: python3 scripts/verify/raw_log_counts.py <dir>   (prints JSON {file: {"lines": n, "series": {name: n}}})
"""
import ast
import json
import math
import os
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
PREFIX = re.compile(r"^\s*(?:\[(?:rank|default)\d+\]:\s*|\((?:[\w.]+ )?pid=\d+(?:, ip=[\d.]+)?\)\s*)+")
MEGATRON = re.compile(r"\biteration\s+(\d+)\s*/\s*\d+\s*\|(.*)$")
VERL = re.compile(r"(?:^|\s)step:(\d+)\s+-\s+(.*)$")
HF = re.compile(r"\{'[^'{}]+':[^{}]*\}")
NUM = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$", re.I)


def number(t):
    t = t.strip().lower()
    if t in ("nan", "inf", "+inf", "-inf"):
        return True
    return bool(NUM.match(t))


def clean(raw):
    s = raw[:-1] if raw.endswith("\r") else raw
    s = ANSI.sub("", s)
    if "\r" in s:
        parts = [p for p in s.split("\r") if p.strip()]
        s = parts[-1] if parts else ""
    return s.rstrip()


def count(path):
    with open(path, "rb") as fh:
        text = fh.read().decode("utf-8", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    series = {}
    for raw in lines:
        line = PREFIX.sub("", clean(raw))
        names = []
        m = MEGATRON.search(line) or VERL.search(line)
        if m:
            sep = "|" if m.re is MEGATRON else " - "
            for seg in m.group(2).split(sep):
                k, _, v = seg.rpartition(":")
                if k.strip() and number(v):
                    names.append(k.strip())
        else:
            h = HF.search(line)
            if h:
                txt = re.sub(r"\bnan\b", "float('nan')", h.group(0))
                txt = re.sub(r"-inf\b", "-float('inf')", txt)
                txt = re.sub(r"(?<![-'])\binf\b", "float('inf')", txt)
                try:
                    d = eval(txt, {"__builtins__": {"float": float}})  # a literal dict; True/None are keywords
                except Exception:
                    d = None
                if isinstance(d, dict) and any(k in ("loss", "train_loss", "learning_rate", "grad_norm", "epoch") or k.startswith("eval_") for k in d):
                    names = [k for k, v in d.items() if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("step", "global_step")]
        for n in names:
            series[n] = series.get(n, 0) + 1
    return {"lines": len(lines), "series": dict(sorted(series.items()))}


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if re.search(r"\.(log|out|txt)$", name, re.I):
                rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                out[rel] = count(os.path.join(dirpath, name))
    print(json.dumps(out, indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
