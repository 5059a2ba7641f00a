#!/usr/bin/env python3
"""Independent check of RunLens's lm-evaluation-harness importer: eval values and per-sample lines per run.

Rules (from shared/reference/formats.md §3d and main/importers/lm-eval/README.md, not from the TypeScript):
- A results file is a *.json whose top level is an object with "results" and one of "versions"/"config"/"configs".
- Runs per directory: results files of one model merge. The model is config.model_args: a string is split on ','
  into k=v and identified by pretrained/revision/peft/delta/model/engine/model_name/path/checkpoint/load; a dict
  (GPT-NeoX) by load + iteration; else the top-level model_name; else the file name without its date suffix.
  One model in the directory: the run is the directory. Several: each is <dir>/<name of its alphabetically first file
  without the date suffix>.
- results[task] (or table_results[task] when results is a list): every numeric, non-bool value except alias and
  sample_len. Key "<metric>,<filter>" splits on the last comma, else filter "none". "<m>_stderr[,<f>]" is a stderr
  (not a value) when "<m>[,<f>]" is numeric. groups[task] adds tasks missing from results.
- Files of a run are applied oldest first (top-level "date", else the date in the file name): a later file replaces
  a (task, metric, filter) an earlier one had.
- samples_<task>_<date_id>.jsonl joins the run holding results with that date_id (any unpaired one joins the only run
  of its directory); every line that parses to a JSON object is one sample.

Usage: python3 scripts/verify/lm_eval_counts.py <dir> [--values]
  prints {run: {"eval:<task>|<metric>|<filter>": 1, "samples:<file>": n}}; with --values
  {run: {"<task>|<metric>|<filter>": [value, stderr]}} (NaN/Infinity as Python's json writes them).
"""
import calendar
import json
import os
import re
import sys

ISO_ID = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?)$")
NEOX_ID = re.compile(r"(\d{2})-(\d{2})-(\d{4})-(\d{2})-(\d{2})-(\d{2})$")
SAMPLES = re.compile(r"^samples_(.+?)(?:_(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?))?\.jsonl$")
IDENTITY = ["pretrained", "revision", "peft", "delta", "model", "engine", "model_name", "path", "checkpoint", "load"]


def stem(name):
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def date_id(name):
    s = stem(name)
    m = ISO_ID.search(s)
    if m:
        return m.group(1)
    m = NEOX_ID.search(s)
    return m.group(0) if m else None


def undated(name):
    s = stem(name)
    d = date_id(name)
    if d is None or len(d) == len(s):
        return s
    return s[: len(s) - len(d)].rstrip("_-") or s


def name_seconds(name):
    s = stem(name)
    m = ISO_ID.search(s)
    if m:
        y, mo, d, rest = m.group(1)[:4], m.group(1)[5:7], m.group(1)[8:10], m.group(1)[11:]
        hh, mm, ss = rest[:2], rest[3:5], rest[6:]
        return calendar.timegm((int(y), int(mo), int(d), int(hh), int(mm), 0)) + float(ss)
    m = NEOX_ID.search(s)
    if m:
        mo, d, y, hh, mm, ss = (int(x) for x in m.groups())
        return calendar.timegm((y, mo, d, hh, mm, ss))
    return None


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def nonempty(v):
    return isinstance(v, str) and v.strip() != ""


def split_args(s):
    out, last = {}, None
    for piece in s.split(","):
        if "=" in piece and piece.index("=") > 0:
            k, v = piece.split("=", 1)
            last = k.strip()
            out[last] = v.strip()
        elif last is not None:
            out[last] = out[last] + "," + piece
        elif piece.strip():
            out[piece.strip()] = ""
    return out


def model_key(doc):
    cfg = doc.get("config") if isinstance(doc.get("config"), dict) else {}
    args = cfg.get("model_args")
    mname = doc.get("model_name") if nonempty(doc.get("model_name")) else None
    if isinstance(args, dict):
        if nonempty(args.get("load")):
            it = args.get("iteration")
            return "load=%s,iteration=%s" % (args["load"], it if is_num(it) else "")
        return "model_name=" + mname if mname else None
    parsed = split_args(args) if isinstance(args, str) else {}
    parts = ["%s=%s" % (k, parsed[k]) for k in IDENTITY if nonempty(parsed.get(k))]
    if not parts and mname:
        parts = ["model_name=" + mname]
    return ",".join(parts) if parts else None


def task_values(entry):
    out = {}
    for k, v in entry.items():
        if k in ("alias", "sample_len") or not is_num(v):
            continue
        metric, filt = (k.rsplit(",", 1) + ["none"])[:2] if "," in k else (k, "none")
        suffix = "," + filt if "," in k else ""
        if metric.endswith("_stderr") and is_num(entry.get(metric[: -len("_stderr")] + suffix)):
            continue
        se = entry.get(metric + "_stderr" + suffix)
        out[(metric, filt)] = (v, se if is_num(se) else None)
    return out


def file_values(doc):
    vals = {}
    res = doc.get("results")
    if isinstance(res, dict):
        tasks = [(t, e) for t, e in res.items() if isinstance(e, dict)]
        if isinstance(doc.get("groups"), dict):
            tasks += [(t, e) for t, e in doc["groups"].items() if t not in res and isinstance(e, dict)]
    elif isinstance(res, list) and isinstance(doc.get("table_results"), dict):
        tasks = [(t, e) for t, e in doc["table_results"].items() if isinstance(e, dict)]
    else:
        tasks = []
    for t, e in tasks:
        for (m, f), ve in task_values(e).items():
            vals[(t, m, f)] = ve
    return vals


def count_samples(path):
    n = 0
    with open(path, "rb") as fh:
        for raw in fh:
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            try:
                if isinstance(json.loads(line), dict):
                    n += 1
            except ValueError:
                pass
    return n


def main(root, want_values):
    counts, values = {}, {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        found = []
        for fn in sorted(filenames):
            if not fn.endswith(".json"):
                continue
            try:
                with open(os.path.join(dirpath, fn), encoding="utf-8") as fh:
                    doc = json.load(fh)
            except (ValueError, UnicodeDecodeError):
                continue
            if not isinstance(doc, dict) or "results" not in doc or not any(k in doc for k in ("versions", "config", "configs")):
                continue
            key = model_key(doc)
            date = doc.get("date") if is_num(doc.get("date")) else name_seconds(fn)
            found.append({"name": fn, "doc": doc, "key": "model:" + key if key else "file:" + undated(fn), "date": date})
        if not found:
            continue
        groups = {}
        for f in found:
            groups.setdefault(f["key"], []).append(f)
        glist = list(groups.values())
        for g in glist:
            g.sort(key=lambda f: (f["date"] if f["date"] is not None else float("-inf"), f["name"]))
        all_ids = {date_id(f["name"]) for f in found} - {None}
        for g in glist:
            if len(glist) == 1:
                run = rel_dir or "."
            else:
                run = (rel_dir + "/" if rel_dir else "") + undated(min(f["name"] for f in g))
            merged = {}
            for f in g:
                merged.update(file_values(f["doc"]))
            c = {"eval:%s|%s|%s" % k: 1 for k in merged}
            ids = {date_id(f["name"]) for f in g} - {None}
            for fn in sorted(filenames):
                m = SAMPLES.match(fn)
                if not m:
                    continue
                sid = m.group(2)
                if (sid is not None and sid in ids) or (len(glist) == 1 and (sid is None or sid not in all_ids)):
                    c["samples:" + ((rel_dir + "/") if rel_dir else "") + fn] = count_samples(os.path.join(dirpath, fn))
            counts[run] = c
            values[run] = {"%s|%s|%s" % k: list(v) for k, v in merged.items()}
    json.dump(values if want_values else counts, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1], "--values" in sys.argv[2:])
