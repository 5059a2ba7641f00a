#!/usr/bin/env python3
"""Independent count of what RunLens's raw-log importer must find: lines per log file and points per series.

Stdlib only, written from the rules in main/importers/raw-log/README.md, not from the TypeScript:
  * a log is every *.log / *.out / *.txt file (minus READMEs, licences, pip lists, tokenizer vocabularies and the
    W&B files other importers own); each is one run, keyed by its path relative to the folder;
  * lines are the pieces of the file between b"\\n" bytes; a final empty piece (the file ends with "\\n") is not a line;
  * a last line with no "\\n" is counted as a line but not read for metrics (the writer was cut off);
  * a line is cleaned (UTF-8 with replacement, ANSI escapes dropped, "\\r" redraws overwrite from the line start) and
    launcher prefixes ([rank3]:, [default0]:, Ray's "(name pid=1)") are dropped before matching;
  * metrics come from four shapes, first match wins: Megatron "validation loss at iteration N | k: v |" (series
    "valid/<k>"), Megatron "iteration N/ M | k: v |", verl "step:N - k:v - k:v", and the HF Trainer's printed dict
    "{'loss': 0.5, ...}" (flat, not nested in another "{", numbers/nan/inf, holding loss/train_loss/learning_rate/grad_norm/epoch or an eval_*,
    test_* or predict_* key; "step"/"global_step" are steps, not series). Fields whose value is not a number are skipped.

Usage: python3 scripts/verify/raw_log_counts.py <folder>
Prints JSON {"<file path>": {"lines": n, "series": {"<name>": points}}}.
"""
import ast
import json
import os
import re
import sys

LOG_EXT = (".log", ".out", ".txt")
NOT_LOG_PREFIXES = ("readme", "license", "licence", "requirements", "notice", "changelog", "copying", "authors", "contributing")
NOT_LOG_NAMES = {"vocab.txt", "merges.txt", "spiece.txt", "added_tokens.txt", "dict.txt", "robots.txt", "cmakelists.txt"}
WANDB_RUN_DIR = re.compile(r"^(offline-)?run-\d{8}_\d{6}-.+$")

ESC = "\x1b"


def is_log(dirpath_parts, name):
    low = name.lower()
    if not low.endswith(LOG_EXT) or low in NOT_LOG_NAMES:
        return False
    for p in NOT_LOG_PREFIXES:
        if low.startswith(p) and (len(low) == len(p) or low[len(p)] in "._-"):
            return False
    if len(dirpath_parts) >= 2 and dirpath_parts[-1] in ("files", "logs") and WANDB_RUN_DIR.match(dirpath_parts[-2]):
        return False
    if dirpath_parts and dirpath_parts[-1] == "wandb" and re.match(r"^debug(-internal|-core|-cli\.[^.]+)?\.log$", name):
        return False
    return True


def strip_ansi(s):
    """Drop escape sequences by walking the string (CSI ESC[...final, OSC ESC]...BEL|ST, two-byte ESC x)."""
    if ESC not in s:
        return s
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != ESC:
            out.append(c)
            i += 1
            continue
        if i + 1 >= n:
            break  # a lone ESC at the end
        nxt = s[i + 1]
        if nxt == "[":
            j = i + 2
            while j < n and "0" <= s[j] <= "?":
                j += 1
            while j < n and " " <= s[j] <= "/":
                j += 1
            if j < n and "@" <= s[j] <= "~":
                i = j + 1
            elif j >= n:
                i = n  # cut mid-sequence at the end of the line
            else:
                i += 2  # not a CSI after all: drop "ESC [" only
        elif nxt == "]":
            j = i + 2
            while j < n and s[j] not in ("\x07", ESC):
                j += 1
            if j < n and s[j] == "\x07":
                i = j + 1
            elif j + 1 < n and s[j] == ESC and s[j + 1] == "\\":
                i = j + 2
            else:
                i += 2  # unterminated OSC: drop "ESC ]" (as a two-byte escape)
        elif "@" <= nxt <= "_":
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def clean(text):
    s = strip_ansi(text)
    if "\r" in s:
        shown = ""
        for piece in s.split("\r"):
            shown = piece + shown[len(piece):]
        s = shown
    s = "".join(ch for ch in s if not (ord(ch) < 32 and ch not in "\t\x1b") and ord(ch) != 0x7F)
    return s.rstrip()


def drop_prefixes(line):
    s = line.lstrip()
    while True:
        m = re.match(r"\[(rank|default)\d+\]:\s*", s) or re.match(r"\(([\w.:-]+ )*pid=\d+(, ip=[\d.]+)?\)\s*", s)
        if not m:
            return s
        s = s[m.end():]


def as_number(text):
    t = text.strip()
    if not t or "_" in t:
        return None
    low = t.lower()
    if low.lstrip("+-") in ("nan", "inf", "infinity"):
        return float(low.replace("infinity", "inf"))
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", t):
        return None
    return float(t)


def kv_fields(rest, sep, prefix):
    names = []
    for seg in rest.split(sep):
        key, colon, val = seg.rpartition(":")
        key = " ".join(key.split())
        if colon and key and as_number(val) is not None:
            names.append(prefix + key)
    return names


WRAPPERS = {"np.float64", "np.float32", "np.float16", "np.int64", "np.int32", "numpy.float64", "tensor", "float"}
HF_KEYS = {"loss", "train_loss", "learning_rate", "grad_norm", "epoch"}


def py_scalar(node):
    """Value of a scalar in a printed dict, via the AST: (ok, value)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool, type(None))) and not isinstance(node.value, complex):
        return True, node.value
    if isinstance(node, ast.Name) and node.id in ("nan", "inf", "NaN", "Infinity"):
        return True, float(node.id.lower().replace("infinity", "inf"))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        ok, v = py_scalar(node.operand)
        if ok and isinstance(v, (int, float)) and not isinstance(v, bool):
            return True, -v
        return False, None
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        fname = ast.unparse(node.func)
        if fname in WRAPPERS:
            ok, v = py_scalar(node.args[0])
            if ok and isinstance(v, str):
                try:
                    v = float(v)
                except ValueError:
                    return False, None
            if ok and isinstance(v, (int, float)) and not isinstance(v, bool):
                return True, v
    return False, None


def flat_dict(src):
    try:
        tree = ast.parse(src.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return None
    d = tree.body
    if not isinstance(d, ast.Dict):
        return None
    out = []
    for k, v in zip(d.keys, d.values):
        if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
            return None
        ok, val = py_scalar(v)
        if not ok:
            return None
        out.append((k.value, val))
    return out


def hf_names(line):
    # Only braces that open at nesting depth 0: a dict inside a one-line config print is not a Trainer log.
    starts, depth = [], 0
    for i, ch in enumerate(line):
        if ch == "{":
            if depth == 0 and i + 1 < len(line) and line[i + 1] in "'\" }":
                starts.append(i)
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
    closes = [i for i, ch in enumerate(line) if ch == "}"]
    for a in starts:
        for b in closes:
            if b <= a:
                continue
            entries = flat_dict(line[a:b + 1])
            if entries is None:
                continue
            if not any(k in HF_KEYS or re.match(r"(eval|test|predict)_", k) for k, _ in entries):
                break  # a complete dict, but not a Trainer log: try the next "{"
            return [k for k, v in entries if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("step", "global_step")]
    return []


def metric_names(line):
    m = re.search(r"(?:^|\s)valid(?:ation)? loss at iteration\s+\d+[^|]*\|", line)
    if m:
        return kv_fields(line[m.end():], "|", "valid/")
    m = re.search(r"(?:^|[\s\]])iteration\s+\d+\s*/\s*\d+\s*\|", line)
    if m:
        return kv_fields(line[m.end():], "|", "")
    m = re.search(r"(?:^|\s)step:\d+ - ", line)
    if m:
        return kv_fields(line[m.end():], " - ", "")
    return hf_names(line)


def count(path):
    with open(path, "rb") as fh:
        data = fh.read()
    pieces = data.split(b"\n")
    ends_with_newline = pieces[-1] == b""
    if ends_with_newline:
        pieces.pop()
    series = {}
    for idx, raw in enumerate(pieces):
        if idx == len(pieces) - 1 and not ends_with_newline:
            break  # the unterminated last line: shown, not mined
        for name in metric_names(drop_prefixes(clean(raw.decode("utf-8", "replace")))):
            series[name] = series.get(name, 0) + 1
    return {"lines": len(pieces), "series": dict(sorted(series.items()))}


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        parts = [] if rel_dir == "." else rel_dir.replace(os.sep, "/").split("/")
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if not is_log(parts, name) or os.path.getsize(full) == 0:
                continue
            with open(full, "rb") as fh:
                head = fh.read(4096)
            if b"\x00" in head:
                continue  # binary (the importer's text check; no real file here is borderline)
            out["/".join(parts + [name])] = count(full)
    print(json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
