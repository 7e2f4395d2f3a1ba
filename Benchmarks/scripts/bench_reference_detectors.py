#!/usr/bin/env python3
"""Times River's and Frouros' detectors on the stream driftwatch's benchmark uses, and compares.

Pinned reference versions: river==0.23.0 frouros==0.9.0 numpy==2.1.3 scipy==1.14.1.

Modes:
  write-stream PATH [LENGTH]     write the benchmark stream: one number per line (default 200000)
  reference PATH                 time each reference detector (defaults) on PATH; one JSON line each
  compare SWIFT.jsonl REF.jsonl  print detector, driftwatch updates/s, reference updates/s, ratio

Binary detectors read the bits `value > 1` of the stream, as the Swift benchmark does. The stream has
a mean shift every 20,000 values, so detectors drift and restart as in use. Slow references (KSWIN
runs a SciPy test per update) are timed on a prefix of the stream; rates are per update either way.
Each detector's rate is the best of three runs, on both sides.
"""

import json
import pathlib
import sys
import time

import numpy as np
from river import drift as river_drift

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from generate_detector_fixtures import DETECTORS, river, run  # noqa: E402

PREFIX_LIMITS = {"kswin": 5_000}
REFERENCES = dict(DETECTORS, kswin=("numeric", river(river_drift.KSWIN), [{"seed": 1}]))


def write_stream(path, length=200_000):
    rng = np.random.default_rng(42)
    shifts = (np.arange(length) // 20_000) % 2 * 1.0
    values = rng.standard_normal(length) + shifts
    pathlib.Path(path).write_text("\n".join(repr(float(v)) for v in values) + "\n")


# Best of this many runs, as DetectorBenchmarks reports for driftwatch.
REPETITIONS = 3


def reference(path):
    values = [float(line) for line in pathlib.Path(path).read_text().split()]
    for name, (kind, build, parameter_sets) in REFERENCES.items():
        stream = [1 if v > 1 else 0 for v in values] if kind == "binary" else values
        stream = stream[: PREFIX_LIMITS.get(name, len(stream))]
        seconds = float("inf")
        for _ in range(REPETITIONS):
            start = time.perf_counter()
            drifts, _ = run(build, parameter_sets[0], stream)
            seconds = min(seconds, time.perf_counter() - start)
        print(json.dumps({"detector": name, "updates": len(stream), "drifts": len(drifts),
                          "updates_per_second": round(len(stream) / seconds)}), flush=True)


def compare(swift_path, reference_path):
    def load(path):
        return {row["detector"]: row for row in map(json.loads, pathlib.Path(path).read_text().splitlines())}

    swift, ref = load(swift_path), load(reference_path)
    print(f"{'detector':<26}{'driftwatch upd/s':>18}{'reference upd/s':>18}{'ratio':>9}")
    for name, row in swift.items():
        other = ref.get(name)
        ratio = f"{row['updates_per_second'] / other['updates_per_second']:.0f}x" if other else "-"
        reference_rate = f"{other['updates_per_second']:,}" if other else "-"
        print(f"{name:<26}{row['updates_per_second']:>18,.0f}{reference_rate:>18}{ratio:>9}")


if __name__ == "__main__":
    mode, *rest = sys.argv[1:] or ["help"]
    if mode == "write-stream":
        write_stream(rest[0], *(int(n) for n in rest[1:]))
    elif mode == "reference":
        reference(rest[0])
    elif mode == "compare":
        compare(*rest)
    else:
        sys.exit(__doc__)
