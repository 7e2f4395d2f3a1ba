#!/usr/bin/env python3
"""Writes the reference fixtures for driftwatch's sequential detectors.

Pinned reference versions (install exactly these in a virtual environment before running):

    river==0.23.0 frouros==0.9.0 numpy==2.1.3 scipy==1.14.1

Usage: python generate_detector_fixtures.py [OUTPUT_DIR]
(default: Tests/DriftDetectionTests/Fixtures/detectors next to this repository's root).

Outputs, all compact JSON:
- streams.json: the numeric and binary input streams. Numeric values are stored as integers k with
  value = k / scale, so both Python and Swift compute the identical double; binary streams as strings
  of '0'/'1'.
- <detector>.json for each of the twelve deterministic detectors: per (stream, parameter set) the
  0-based indices of the updates after which the reference reported a drift, and the runs of updates
  after which it reported a warning, as inclusive [first, last] pairs; an update can report both (River's
  EDDM, HDDM_A and Frouros' RDDM can keep the warning flag raised on the update that drifts).
- kswin_behaviour.json: stationary streams and River's KSWIN false-alarm rate on them.

Semantics: River's detectors restart by themselves after a drift. Frouros' detectors keep reporting a
drift until reset(), so reset() is called after each drift (driftwatch does the same), except RDDM,
which rebuilds its own statistics after a drift. Frouros reports warnings through the detector's
`warning` attribute (SPC detectors and STEPD) and drift through `drift`; both flags are read after each
update, before any reset.
"""

import json
import pathlib
import sys
from importlib import metadata

import numpy as np
from frouros.detectors.concept_drift import (
    CUSUM,
    ECDDWT,
    RDDM,
    STEPD,
    CUSUMConfig,
    ECDDWTConfig,
    GeometricMovingAverage,
    GeometricMovingAverageConfig,
    RDDMConfig,
    STEPDConfig,
)
from river import drift as river_drift
from river.drift import binary as river_binary

SCALE = 10_000
SEEDS = (1, 2, 3)
NUMERIC_LENGTH = 3000
BINARY_LENGTH = 5000


def numeric_streams():
    """Numeric streams: shifts of mean and of variance, gradual and recurring, and a stationary one."""
    streams = {}
    n = NUMERIC_LENGTH
    t = np.arange(n)
    for seed in SEEDS:
        rng = np.random.default_rng(1000 + seed)
        noise = rng.standard_normal(n)
        means = {
            "sudden": np.where(t < 1000, 0.0, np.where(t < 2000, 1.0, 3.0)),
            "gradual": np.clip((t - 1000) / 1000.0, 0.0, 1.0) * 2.0,
            "recurring": np.where((t // 500) % 2 == 0, 0.0, 1.5),
            "stationary": np.zeros(n),
            "variance": np.zeros(n),
        }
        for kind, mean in means.items():
            scale = np.where(t < 1500, 1.0, 3.0) if kind == "variance" else 1.0
            values = mean + scale * noise
            streams[f"{kind}-{seed}"] = [int(v) for v in np.rint(values * SCALE)]
    return streams


def binary_streams():
    """Error-bit streams: the error rate rises suddenly or gradually, recurs, stays, or falls."""
    streams = {}
    n = BINARY_LENGTH
    t = np.arange(n)
    rates = {
        "sudden": np.where(t < 2500, 0.1, 0.4),
        "gradual": 0.1 + 0.3 * np.clip((t - 2000) / 1500.0, 0.0, 1.0),
        "recurring": np.where((t // 1000) % 2 == 0, 0.1, 0.35),
        "stationary": np.full(n, 0.2),
        "improvement": np.where(t < 2500, 0.4, 0.1),
    }
    for seed in SEEDS:
        rng = np.random.default_rng(2000 + seed)
        uniform = rng.random(n)
        for kind, rate in rates.items():
            streams[f"{kind}-{seed}"] = "".join("1" if u < r else "0" for u, r in zip(uniform, rate))
    return streams


def river(cls):
    def build(params):
        detector = cls(**params)
        return detector, False

    return build


def frouros(cls, config, manages_itself=False):
    def build(params):
        return cls(config=config(**params)), not manages_itself

    return build


# name → (input kind, builder, parameter sets). The empty set means the reference's defaults.
DETECTORS = {
    "adwin": ("numeric", river(river_drift.ADWIN), [
        {},
        {"delta": 0.1, "clock": 1, "max_buckets": 3, "min_window_length": 3, "grace_period": 5},
        {"delta": 0.01, "clock": 8, "max_buckets": 2},
    ]),
    "page_hinkley": ("numeric", river(river_drift.PageHinkley), [
        {},
        {"min_instances": 20, "delta": 0.01, "threshold": 10.0, "mode": "up"},
        {"threshold": 20.0, "alpha": 0.999, "mode": "down"},
    ]),
    "cusum": ("numeric", frouros(CUSUM, CUSUMConfig), [
        {},
        {"delta": 0.05, "lambda_": 10.0, "min_num_instances": 20},
    ]),
    "geometric_moving_average": ("numeric", frouros(GeometricMovingAverage, GeometricMovingAverageConfig), [
        {},
        {"alpha": 0.95, "lambda_": 0.3, "min_num_instances": 20},
    ]),
    "ddm": ("binary", river(river_binary.DDM), [
        {},
        {"warm_start": 50, "warning_threshold": 1.5, "drift_threshold": 2.5},
    ]),
    "eddm": ("binary", river(river_binary.EDDM), [
        {},
        {"warm_start": 20, "alpha": 0.97, "beta": 0.92},
    ]),
    "hddm_a": ("binary", river(river_binary.HDDM_A), [
        {},
        {"drift_confidence": 0.01, "warning_confidence": 0.05, "two_sided_test": True},
    ]),
    "hddm_w": ("binary", river(river_binary.HDDM_W), [
        {},
        {"drift_confidence": 0.01, "warning_confidence": 0.05, "lambda_val": 0.1, "two_sided_test": True},
    ]),
    "fhddm": ("binary", river(river_binary.FHDDM), [
        {},
        {"sliding_window_size": 50, "confidence_level": 0.001, "short_window_size": 20},
    ]),
    "rddm": ("binary", frouros(RDDM, RDDMConfig, manages_itself=True), [
        {},
        {"warning_level": 1.5, "drift_level": 2.0, "max_concept_size": 1500, "min_concept_size": 400,
         "max_num_instances_warning": 60, "min_num_instances": 50},
    ]),
    "stepd": ("binary", frouros(STEPD, STEPDConfig), [
        {},
        {"alpha_d": 0.01, "alpha_w": 0.1, "min_num_instances": 50},
    ]),
    "ecdd_wt": ("binary", frouros(ECDDWT, ECDDWTConfig), [
        {},
        {"lambda_": 0.1, "average_run_length": 1000, "warning_level": 0.7, "min_num_instances": 50},
        {"average_run_length": 100},
    ]),
}


def text(value):
    """A parameter value as driftwatch's catalog parses it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    return repr(value)


def run(build, params, values):
    """Feeds values; returns drift indices and warning runs [first, last]."""
    detector, reset_after_drift = build(params)
    drifts, warnings = [], []
    for index, value in enumerate(values):
        detector.update(value)
        if hasattr(detector, "drift_detected"):
            drift = detector.drift_detected
            warning = getattr(detector, "warning_detected", False)
        else:
            drift = detector.drift
            warning = getattr(detector, "warning", False)
        if drift:
            drifts.append(index)
            if reset_after_drift:
                detector.reset()
        if warning:
            if warnings and warnings[-1][1] == index - 1:
                warnings[-1][1] = index
            else:
                warnings.append([index, index])
    return drifts, warnings


def kswin_behaviour(streams_count=40, length=1000, seeds_per_stream=5):
    """River's KSWIN false alarms on stationary standard-normal streams, averaged over RNG seeds."""
    rng = np.random.default_rng(77)
    streams = [[int(v) for v in np.rint(rng.standard_normal(length) * SCALE)] for _ in range(streams_count)]
    alarms = 0
    for stream in streams:
        values = [k / SCALE for k in stream]
        for seed in range(seeds_per_stream):
            drifts, _ = run(river(river_drift.KSWIN), {"seed": seed}, values)
            alarms += len(drifts)
    runs = streams_count * seeds_per_stream
    return {
        "scale": SCALE,
        "streams": streams,
        "riverSeedsPerStream": seeds_per_stream,
        "riverFalseAlarmsPerStream": alarms / runs,
        "riverFalseAlarms": alarms,
        "riverRuns": runs,
    }


PINNED = {"river": "0.23.0", "frouros": "0.9.0", "numpy": "2.1.3", "scipy": "1.14.1"}


def check_versions():
    found = {name: metadata.version(name) for name in PINNED}
    if found != PINNED:
        sys.exit(f"expected {PINNED}, found {found}: install the pinned versions")


def main():
    check_versions()
    default = pathlib.Path(__file__).resolve().parents[2] / "Tests/DriftDetectionTests/Fixtures/detectors"
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    out.mkdir(parents=True, exist_ok=True)

    numeric = numeric_streams()
    binary = binary_streams()
    dump = lambda obj, name: (out / name).write_text(json.dumps(obj, separators=(",", ":")) + "\n")
    dump({"scale": SCALE, "numeric": numeric, "binary": binary}, "streams.json")

    for name, (kind, build, parameter_sets) in DETECTORS.items():
        inputs = [("numeric", numeric), ("binary", binary)] if kind == "numeric" else [("binary", binary)]
        cases = []
        for family, streams in inputs:
            for stream_name, stream in streams.items():
                if family == "numeric":
                    values = [k / SCALE for k in stream]
                elif kind == "numeric":
                    values = [float(c) for c in stream]
                else:
                    values = [int(c) for c in stream]
                for params in parameter_sets:
                    drifts, warnings = run(build, params, values)
                    cases.append({
                        "stream": f"{family}/{stream_name}",
                        "parameters": {key: text(value) for key, value in params.items()},
                        "drifts": drifts,
                        "warnings": warnings,
                    })
        dump({"detector": name, "cases": cases}, f"{name}.json")
        print(f"{name}: {len(cases)} cases, {sum(len(c['drifts']) for c in cases)} drifts, "
              f"{sum(len(c['warnings']) for c in cases)} warning runs")

    behaviour = kswin_behaviour()
    dump(behaviour, "kswin_behaviour.json")
    print(f"kswin: River false alarms per stationary stream {behaviour['riverFalseAlarmsPerStream']:.3f}")


if __name__ == "__main__":
    main()
