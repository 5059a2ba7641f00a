#!/usr/bin/env python3
"""Independent check of RunLens's TensorBoard importer: counts scalar points per run and tag.

Written separately from the TypeScript decoder (stdlib only). A run is a directory that directly holds files whose
name contains 'tfevents'. A point is a Summary.Value with simple_value, or a one-element numeric tensor whose tag's
plugin (first metadata seen for the tag in the run) is 'scalars' -- what TensorBoard shows as a scalar.

Usage: python3 scripts/verify/tfevents_count.py <logdir>   (prints JSON: {run: {tag: count}})
"""
import json
import os
import struct
import sys


def varint(b, i):
    shift = result = 0
    while True:
        c = b[i]
        i += 1
        result |= (c & 0x7F) << shift
        if not c & 0x80:
            return result, i
        shift += 7


def fields(b):
    """Yields (field, wire, value) where value is an int, bytes, or raw 4/8-byte chunk."""
    i = 0
    while i < len(b):
        tag, i = varint(b, i)
        f, w = tag >> 3, tag & 7
        if w == 0:
            v, i = varint(b, i)
        elif w == 1:
            v, i = b[i:i + 8], i + 8
        elif w == 5:
            v, i = b[i:i + 4], i + 4
        elif w == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        else:
            raise ValueError("wire type %d" % w)
        yield f, w, v


def records(path):
    with open(path, "rb") as fh:
        data = fh.read()
    i = 0
    while i + 12 <= len(data):
        (n,) = struct.unpack_from("<Q", data, i)
        if i + 12 + n + 4 > len(data):
            break
        yield data[i + 12:i + 12 + n]
        i += 12 + n + 4


def tensor_elements(t):
    dims = []
    for f, w, v in fields(t):
        if f == 2 and w == 2:
            for f2, w2, v2 in fields(v):
                if f2 == 2 and w2 == 2:
                    size = 0
                    for f3, w3, v3 in fields(v2):
                        if f3 == 1 and w3 == 0:
                            size = v3
                    dims.append(size)
    n = 1
    for d in dims:
        n *= d
    return n


def count_run(files):
    plugin = {}
    counts = {}
    for path in files:
        for rec in records(path):
            for f, w, v in fields(rec):
                if f != 5 or w != 2:
                    continue
                for f2, w2, val in fields(v):
                    if f2 != 1 or w2 != 2:
                        continue
                    tag, simple, tensor, pname = None, False, None, None
                    for f3, w3, v3 in fields(val):
                        if f3 == 1 and w3 == 2:
                            tag = v3.decode("utf-8", "replace")
                        elif f3 == 2 and w3 == 5:
                            simple = True
                        elif f3 == 8 and w3 == 2:
                            tensor = v3
                        elif f3 == 9 and w3 == 2:
                            for f4, w4, v4 in fields(v3):
                                if f4 == 1 and w4 == 2:
                                    for f5, w5, v5 in fields(v4):
                                        if f5 == 1 and w5 == 2:
                                            pname = v5.decode()
                    if tag is None:
                        continue
                    if pname is not None and tag not in plugin:
                        plugin[tag] = pname
                    if simple or (tensor is not None and plugin.get(tag) == "scalars" and tensor_elements(tensor) == 1):
                        counts[tag] = counts.get(tag, 0) + 1
    return counts


def main(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        ev = sorted(n for n in filenames if "tfevents" in n and not n.endswith(".profile-empty"))
        if ev:
            rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
            out["." if rel == "." else rel] = dict(sorted(count_run([os.path.join(dirpath, n) for n in ev]).items()))
    print(json.dumps(dict(sorted(out.items())), indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
