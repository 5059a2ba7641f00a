#!/usr/bin/env python3
"""Independent point counts for W&B run folders (stdlib only: struct, zlib, json).

Usage: python3 scripts/verify/wandb_counts.py [ROOT] [--dump RUNFILE]
Prints {"<run path relative to ROOT>": {"<series>": points}} for every W&B run under ROOT
(default ../shared/realdata/wandb).

Written apart from the TypeScript importer, from the format notes only:
  * `.wandb` = LevelDB log: 7-byte header ":W&B" 0xBEE1 v0, 32 KiB blocks counted from offset 0, chunks
    (u32 crc, u16 len, u8 type) with type FULL=1 FIRST=2 MIDDLE=3 LAST=4; crc = zlib.crc32(payload, zlib.crc32(type)).
    A short or damaged tail ends the file.
  * each payload is a wandb.internal.Record; history = field 2, its items field 1 with key(1) / nested_key(2) /
    value_json(16).
  * a run = one run id; a run id found in several `run-*` / `offline-run-*` folders (a resume) is one run whose path
    is its earliest folder. Series = history keys joined with "/", except `_step`, `_runtime`, `_timestamp`; one point
    per history row whose value is a JSON number (NaN / Infinity included), booleans, strings, null and objects are
    not points.
"""
import json
import os
import re
import struct
import sys
import zlib

HEADER = b":W&B" + struct.pack("<H", 0xBEE1) + b"\x00"
BLOCK = 32768
AXES = {"_step", "_runtime", "_timestamp"}
RUN_DIR = re.compile(r"^(?:offline-)?run-(\d{8}_\d{6})-(.+)$")


def records(data):
    """Yields each reassembled record payload; stops quietly at a short or damaged tail."""
    if data[:7] != HEADER:
        return
    pos = 7
    parts = None
    while True:
        room = BLOCK - pos % BLOCK
        if room < 7:
            pos += room
            continue
        if pos + 7 > len(data):
            return
        crc, length, kind = struct.unpack_from("<IHB", data, pos)
        if kind == 0 and length == 0:
            pos += room
            continue
        body = data[pos + 7 : pos + 7 + length]
        if len(body) < length:
            return
        if zlib.crc32(body, zlib.crc32(bytes([kind]))) & 0xFFFFFFFF != crc:
            return
        pos += 7 + length
        if kind == 1:
            parts = None
            yield body
        elif kind == 2:
            parts = [body]
        elif kind == 3:
            if parts is not None:
                parts.append(body)
        elif kind == 4:
            if parts is not None:
                parts.append(body)
                yield b"".join(parts)
            parts = None
        else:
            return


def varint(buf, i):
    shift = 0
    out = 0
    while True:
        b = buf[i]
        i += 1
        out |= (b & 0x7F) << shift
        if not b & 0x80:
            return out, i
        shift += 7


def fields(buf):
    """(field number, wire type, value) for each field: int for varints, bytes for the rest."""
    i = 0
    n = len(buf)
    while i < n:
        tag, i = varint(buf, i)
        f, w = tag >> 3, tag & 7
        if w == 0:
            v, i = varint(buf, i)
        elif w == 1:
            v = buf[i : i + 8]
            i += 8
        elif w == 2:
            ln, i = varint(buf, i)
            v = buf[i : i + ln]
            i += ln
        elif w == 5:
            v = buf[i : i + 4]
            i += 4
        else:
            raise ValueError("wire type %d" % w)
        yield f, w, v


def history_row(payload):
    """{name: value_json text} for one history record payload, or None when the record is not history."""
    for f, w, v in fields(payload):
        if f == 2 and w == 2:
            row = {}
            for hf, hw, hv in fields(v):
                if hf != 1 or hw != 2:
                    continue
                key = None
                nested = []
                value = None
                for itf, itw, itv in fields(hv):
                    if itf == 1:
                        key = itv.decode("utf-8", "replace")
                    elif itf == 2:
                        nested.append(itv.decode("utf-8", "replace"))
                    elif itf == 16:
                        value = itv.decode("utf-8", "replace")
                name = key if key else "/".join(nested)
                if value is not None:
                    row[name] = value
            return row
    return None


def is_point(text):
    try:
        v = json.loads(text)  # Python's json accepts NaN / Infinity / -Infinity
    except ValueError:
        return False
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def count_file(path, counts):
    with open(path, "rb") as fh:
        data = fh.read()
    for payload in records(data):
        row = history_row(payload)
        if row is None:
            continue
        for name, text in row.items():
            if name in AXES or not is_point(text):
                continue
            counts[name] = counts.get(name, 0) + 1


def runs_under(root):
    """{(folder holding the run dirs, run id): [run dir names in time order]}, plus run dirs not under such a folder."""
    found = {}
    for parent, dirs, _files in os.walk(root):
        for d in sorted(dirs):
            m = RUN_DIR.match(d)
            if not m:
                continue
            full = os.path.join(parent, d)
            if not any(f.endswith(".wandb") for f in os.listdir(full)):
                continue
            found.setdefault((parent, m.group(2)), []).append((m.group(1), d))
    out = {}
    for (parent, _rid), segs in found.items():
        segs.sort()
        dirs = [os.path.join(parent, d) for _, d in segs]
        out[os.path.relpath(dirs[0], root).replace(os.sep, "/")] = dirs
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--dump" in sys.argv:
        path = sys.argv[sys.argv.index("--dump") + 1]
        with open(path, "rb") as fh:
            data = fh.read()
        kinds = {}
        for payload in records(data):
            k = next((f for f, _w, _v in fields(payload) if f not in (1, 16, 19, 200)), None)
            kinds[k] = kinds.get(k, 0) + 1
        print(json.dumps(kinds, sort_keys=True))
        return
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "realdata", "wandb")
    result = {}
    for rel, dirs in sorted(runs_under(root).items()):
        counts = {}
        for d in dirs:
            for f in sorted(os.listdir(d)):
                if f.endswith(".wandb"):
                    count_file(os.path.join(d, f), counts)
        result[rel] = dict(sorted(counts.items()))
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
