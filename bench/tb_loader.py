#!/usr/bin/env python3
"""TensorBoard's own event loader on one event file: the baseline of bench/scenarios/tb-python.ts (issue 11).

    /usr/bin/python3 bench/tb_loader.py FILE [--reps N] [--expect N]
    /usr/bin/python3 bench/tb_loader.py --probe

The loader comes from TensorBoard's public source vendored in bench/tensorboard-loader/ (see its README.md), which
needs only protobuf and numpy (Debian: ``apt-get install python3-protobuf python3-numpy``); an installed ``tensorboard``
package is the fallback when the vendored tree does not import. The JSON's ``tensorboard`` says which one ran:
``"vendored <commit>"`` or the installed version.

Iterates ``EventFileLoader(FILE).Load()`` (the loader TensorBoard's backend reads every run with) ``--reps`` times and
reads every scalar value out of each event: ``simple_value`` (PyTorch, TF1) or a rank-0 float/double tensor (TF2, and
what EventFileLoader migrates simple values to). Prints one JSON line:
``{"ms_median", "ms_all", "values", "sum", "tensorboard"}``.

Exit status: 0 done; 2 usage; 3 neither TensorBoard loader importable (``--probe`` prints why); 4 the value count differs from
``--expect`` (the number RunLens parsed from the same file), so both sides provably read the same points.

The median is the upper middle of the sorted times, as bench/lib/measure.ts takes it. No warm-up run: CPython has no JIT to warm, and the file is already in the page cache from RunLens's own runs.
"""

import argparse
import json
import os
import struct
import sys
import time

DT_FLOAT = 1
DT_DOUBLE = 2
VENDORED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tensorboard-loader")


def vendored_commit():
    """The TensorBoard commit the vendored tree was copied from (its COMMIT file)."""
    with open(os.path.join(VENDORED, "COMMIT"), encoding="ascii") as f:
        return f.read().strip()


def forget_tensorboard():
    """Drop a half-imported vendored ``tensorboard`` so that the installed package can be imported afresh."""
    for name in [m for m in sys.modules if m == "tensorboard" or m.startswith("tensorboard.")]:
        del sys.modules[name]


def import_loader():
    """TensorBoard's event_file_loader module and which TensorBoard it is, or exit 3 saying what is missing.

    The vendored tree comes first, so the baseline is the same code wherever the bench runs; a tensorboard package
    installed in this Python (a virtualenv's, say) is used only when the vendored tree cannot import.
    """
    errors = []
    if os.path.isdir(os.path.join(VENDORED, "tensorboard")):
        # The vendored tree lives in the repository: no __pycache__ folders written into it.
        sys.dont_write_bytecode = True
        sys.path.insert(0, VENDORED)
        try:
            from tensorboard.backend.event_processing import event_file_loader

            return event_file_loader, "vendored " + vendored_commit()
        except ImportError as err:  # protobuf or numpy missing, or a protobuf too old for the generated *_pb2 modules
            errors.append("vendored: " + str(err))
            sys.path.remove(VENDORED)
            forget_tensorboard()
    try:
        import tensorboard
        from tensorboard.backend.event_processing import event_file_loader
    except ImportError as err:  # ModuleNotFoundError included: tensorboard, or one of its dependencies (protobuf, numpy)
        errors.append("installed: " + str(err))
        print(json.dumps({"error": "tensorboard not importable", "detail": "; ".join(errors), "python": sys.version.split()[0]}))
        sys.exit(3)
    return event_file_loader, getattr(tensorboard, "__version__", "unknown")


def scalar_of(tensor):
    """A rank-0 float or double tensor's value, else None (text, histograms and other tensors are not scalars)."""
    if len(tensor.tensor_shape.dim) != 0:
        return None
    if tensor.dtype == DT_FLOAT:
        if tensor.float_val:
            return tensor.float_val[0]
        if len(tensor.tensor_content) == 4:
            return struct.unpack("<f", tensor.tensor_content)[0]
    elif tensor.dtype == DT_DOUBLE:
        if tensor.double_val:
            return tensor.double_val[0]
        if len(tensor.tensor_content) == 8:
            return struct.unpack("<d", tensor.tensor_content)[0]
    return None


def load_once(event_file_loader, path):
    """One full read of the file: (scalar values seen, their sum)."""
    count = 0
    total = 0.0
    for event in event_file_loader.EventFileLoader(path).Load():
        if not event.HasField("summary"):
            continue
        for value in event.summary.value:
            kind = value.WhichOneof("value")
            if kind == "simple_value":
                x = value.simple_value
            elif kind == "tensor":
                x = scalar_of(value.tensor)
                if x is None:
                    continue
            else:
                continue
            count += 1
            total += x
    return count, total


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--expect", type=int, default=None)
    parser.add_argument("--probe", action="store_true", help="only check that TensorBoard imports")
    args = parser.parse_args(argv)

    event_file_loader, version = import_loader()
    if args.probe:
        print(json.dumps({"tensorboard": version, "python": sys.version.split()[0]}))
        return 0
    if args.file is None or args.reps < 1:
        parser.print_usage(sys.stderr)
        return 2

    times = []
    count = 0
    total = 0.0
    for _ in range(args.reps):
        t0 = time.perf_counter()
        count, total = load_once(event_file_loader, args.file)
        times.append((time.perf_counter() - t0) * 1000)
    if args.expect is not None and count != args.expect:
        print(json.dumps({"error": "value count mismatch", "values": count, "expected": args.expect}))
        return 4
    print(json.dumps({"ms_median": sorted(times)[len(times) // 2], "ms_all": times, "values": count, "sum": total, "tensorboard": version}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
