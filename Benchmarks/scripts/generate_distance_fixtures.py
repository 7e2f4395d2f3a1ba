#!/usr/bin/env python3
"""Generates the distance fixtures that DriftDetectionTests compare the Swift code against.

Requirements (pin them; other versions may differ in the last digits):
    numpy==2.1.3
    scipy==1.14.1

Usage:
    python Benchmarks/scripts/generate_distance_fixtures.py [OUTPUT_DIR]

OUTPUT_DIR defaults to Tests/DriftDetectionTests/Fixtures/distances. The formulas are those of
the README's "Distances" section, computed with numpy and SciPy:

- numeric bins: the reference's quantiles at k/N, k = 1..N-1 (numpy.quantile, default linear
  interpolation), open outer bins; a value equal to an edge goes to the bin on its right
  (numpy.searchsorted(edges, x, side="right")); categorical: the union of categories;
- proportions: count / total, a zero count becomes 1e-4, no renormalisation;
- PSI, KL, JS, Hellinger, TVD from those proportions;
- KS: scipy.stats.ks_2samp(method="asymp"); Wasserstein-1: scipy.stats.wasserstein_distance;
- chi-square: scipy.stats.chi2_contingency(correction=False) on the 2xK table of counts, after
  dropping bins that are empty on both sides.

The output is deterministic (fixed seeds) and stores the samples themselves.
"""

import json
import os
import sys

import numpy as np
import scipy
from scipy import stats

PINNED = {"numpy": "2.1.3", "scipy": "1.14.1"}
ZERO_PROPORTION = 1e-4
BIN_COUNTS = [5, 10, 20]


def check_versions():
    found = {"numpy": np.__version__, "scipy": scipy.__version__}
    if found != PINNED:
        sys.exit(f"expected {PINNED}, found {found}: install the pinned versions")


def proportions(counts):
    counts = np.asarray(counts, dtype=np.float64)
    p = counts / counts.sum()
    p[counts == 0] = ZERO_PROPORTION
    return p


def proportion_metrics(ref_counts, cur_counts):
    p = proportions(ref_counts)
    q = proportions(cur_counts)
    m = (p + q) / 2
    return {
        "psi": float(np.sum((q - p) * np.log(q / p))),
        "kl": float(np.sum(p * np.log(p / q))),
        "js": float(np.sqrt(0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m)))),
        "hellinger": float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2)),
        "tvd": float(0.5 * np.sum(np.abs(p - q))),
    }


def chi_square(ref_counts, cur_counts):
    table = np.array([ref_counts, cur_counts], dtype=np.int64)
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2:
        return {"chi2": 0.0, "chi2_p": 1.0}
    result = stats.chi2_contingency(table, correction=False)
    return {"chi2": float(result.statistic), "chi2_p": float(result.pvalue)}


def numeric_case(name, reference, current):
    reference = np.asarray(reference, dtype=np.float64)
    current = np.asarray(current, dtype=np.float64)
    bins = {}
    for n_bins in BIN_COUNTS:
        edges = np.quantile(reference, np.arange(1, n_bins) / n_bins)
        ref_counts = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=n_bins)
        cur_counts = np.bincount(np.searchsorted(edges, current, side="right"), minlength=n_bins)
        entry = {"edges": edges.tolist(), "reference_counts": ref_counts.tolist(),
                 "current_counts": cur_counts.tolist()}
        entry.update(proportion_metrics(ref_counts, cur_counts))
        entry.update(chi_square(ref_counts, cur_counts))
        bins[str(n_bins)] = entry
    ks = stats.ks_2samp(reference, current, method="asymp")
    return {
        "name": name,
        "reference": reference.tolist(),
        "current": current.tolist(),
        "bins": bins,
        "ks": float(ks.statistic),
        "ks_p": float(ks.pvalue),
        "wasserstein": float(stats.wasserstein_distance(reference, current)),
    }


def numeric_cases():
    rng = np.random.default_rng(20261122)
    cases = []

    def add(name, draw_reference, draw_current, sizes):
        for n_ref, n_cur in sizes:
            reference = draw_reference(n_ref)
            current = draw_current(n_cur)
            cases.append(numeric_case(f"{name}/{n_ref}x{n_cur}", reference, current))

    sizes = [(30, 50), (200, 150), (2000, 1500)]
    add("normal/same", lambda n: rng.normal(0, 1, n), lambda n: rng.normal(0, 1, n), sizes)
    add("normal/shift", lambda n: rng.normal(0, 1, n), lambda n: rng.normal(0.3, 1.2, n), sizes)
    add("uniform/shift", lambda n: rng.uniform(0, 1, n), lambda n: rng.uniform(0.1, 1.1, n), sizes)
    add("lognormal/scale", lambda n: rng.lognormal(0, 1, n), lambda n: rng.lognormal(0.2, 1.3, n),
        [(100, 100), (5000, 4000)])
    add("bimodal/weights",
        lambda n: np.where(rng.random(n) < 0.5, rng.normal(-2, 0.5, n), rng.normal(2, 0.5, n)),
        lambda n: np.where(rng.random(n) < 0.8, rng.normal(-2, 0.5, n), rng.normal(2, 0.5, n)),
        [(400, 600)])
    add("poisson/ties", lambda n: rng.poisson(3, n).astype(np.float64),
        lambda n: rng.poisson(3.5, n).astype(np.float64), [(60, 40), (3000, 3000)])
    add("exponential/far", lambda n: rng.exponential(1, n), lambda n: rng.exponential(4, n) + 2, [(120, 90)])
    add("normal/tiny", lambda n: rng.normal(0, 1, n), lambda n: rng.normal(0, 1, n), [(3, 4), (7, 5)])
    return cases


def categorical_case(name, reference, current):
    categories = sorted(set(reference) | set(current))
    ref_counts = [reference.get(c, 0) for c in categories]
    cur_counts = [current.get(c, 0) for c in categories]
    case = {"name": name, "reference": reference, "current": current}
    case.update(proportion_metrics(ref_counts, cur_counts))
    case.update(chi_square(ref_counts, cur_counts))
    return case


def categorical_cases():
    rng = np.random.default_rng(7)

    def counts(labels, weights, n):
        drawn = rng.choice(labels, size=n, p=np.asarray(weights) / np.sum(weights))
        values, numbers = np.unique(drawn, return_counts=True)
        return {str(v): int(c) for v, c in zip(values, numbers)}

    countries = ["KR", "US", "DE", "FR", "JP", "BR", "IN"]
    return [
        categorical_case("same", counts(countries, [5, 4, 3, 2, 2, 1, 1], 5000),
                         counts(countries, [5, 4, 3, 2, 2, 1, 1], 3000)),
        categorical_case("shifted", counts(countries, [5, 4, 3, 2, 2, 1, 1], 5000),
                         counts(countries, [1, 4, 3, 2, 2, 1, 5], 3000)),
        categorical_case("new-categories", counts(countries[:4], [1, 1, 1, 1], 800),
                         counts(countries, [1, 1, 1, 1, 1, 1, 1], 700)),
        categorical_case("missing-categories", counts(countries, [3, 3, 2, 2, 1, 1, 1], 400),
                         counts(countries[:3], [1, 1, 1], 300)),
        categorical_case("booleans", {"true": 930, "false": 70}, {"true": 850, "false": 150}),
        categorical_case("single-category", {"a": 10}, {"a": 25}),
        categorical_case("disjoint", {"a": 10, "b": 5}, {"c": 7, "d": 3}),
        categorical_case("many", counts([f"c{i}" for i in range(60)], list(range(1, 61)), 20000),
                         counts([f"c{i}" for i in range(70)], list(range(70, 0, -1)), 20000)),
    ]


def kolmogorov_cases():
    cases = []
    sizes = [1, 2, 3, 5, 10, 19, 50, 100, 140, 141, 500, 1000, 5000, 20000, 99999, 100001, 300000, 1500000]
    for n in sizes:
        xs = {0.75 / n, 0.99 / n, 1.5 / n, 0.3, 0.5, 0.7, 1 - 1.5 / n, 1 - 0.5 / n}
        for c in [0.05, 0.2, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0, 18.0, 50.0, 100.0, 360.0]:
            xs.add(np.sqrt(c / n))
        for x in sorted(xs):
            if 0 < x < 1:
                cases.append({"n": n, "x": float(x), "sf": float(stats.kstwo.sf(x, n))})
    return cases


def chi2_sf_cases():
    cases = []
    for dof in [1, 2, 3, 4, 5, 9, 10, 19, 50, 100, 999, 10000]:
        for factor in [0.01, 0.1, 0.5, 0.8, 0.95, 1.0, 1.05, 1.2, 1.5, 2.0, 3.0, 5.0, 10.0]:
            x = dof * factor
            cases.append({"dof": dof, "x": x, "sf": float(stats.chi2.sf(x, dof))})
    return cases


def main():
    check_versions()
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "Tests", "DriftDetectionTests", "Fixtures", "distances")
    output = sys.argv[1] if len(sys.argv) > 1 else default
    os.makedirs(output, exist_ok=True)
    files = {
        "numeric.json": {"cases": numeric_cases()},
        "categorical.json": {"cases": categorical_cases()},
        "kolmogorov.json": {"cases": kolmogorov_cases()},
        "chi2_sf.json": {"cases": chi2_sf_cases()},
    }
    for name, content in files.items():
        with open(os.path.join(output, name), "w") as handle:
            json.dump(content, handle, separators=(",", ":"))
            handle.write("\n")


if __name__ == "__main__":
    main()
