#!/usr/bin/env python3
"""Independent check of RunLens's MLflow SQL-store (SQLite, `mlflow.db`) importer: metric rows and params per run.

Every file under <dir> that starts with the SQLite magic and has MLflow's `runs` and `metrics` tables is opened read-only
with Python's sqlite3. A run is listed unless it, or its experiment, has lifecycle_stage 'deleted' (what the MLflow UI
shows by default). Key: `<db path>/<experiment_id>/<run_uuid>`, posix, relative to <dir>. Every `metrics` row is a point
(is_nan rows included). Usage: python3 scripts/verify/mlflow_db_count.py <dir>
"""
import json
import os
import sqlite3
import sys

MAGIC = b"SQLite format 3\x00"


def runs_of(path):
    con = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"runs", "metrics"} <= tables:
            return None
        deleted_exps = {r[0] for r in con.execute("SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'deleted'")}
        out = {}
        for uuid, exp, stage in con.execute("SELECT run_uuid, experiment_id, lifecycle_stage FROM runs"):
            if stage == "deleted" or exp in deleted_exps:
                continue
            metrics = dict(con.execute("SELECT key, COUNT(*) FROM metrics WHERE run_uuid = ? GROUP BY key", (uuid,)).fetchall())
            params = con.execute("SELECT COUNT(*) FROM params WHERE run_uuid = ?", (uuid,)).fetchone()[0]
            out[(str(exp), uuid)] = {"metrics": dict(sorted(metrics.items())), "params": params}
        return out
    finally:
        con.close()


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            with open(full, "rb") as fh:
                if fh.read(16) != MAGIC:
                    continue
            runs = runs_of(full)
            if runs is None:
                continue
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            for (exp, uuid), counts in runs.items():
                out[f"{rel}/{exp}/{uuid}"] = counts
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
