"""Scores River's binary detectors on the streams of `driftwatch evaluate` and prints them beside driftwatch's.

Usage: compare_detector_quality.py DRIFTWATCH_BINARY

`driftwatch evaluate --write-streams` exports its binary streams (among them the error streams of the SEA, STAGGER
and Agrawal generators with abrupt and gradual concept drift); each River 0.23.0 detector runs over every stream
with its defaults and is scored with the rules `driftwatch evaluate --help` states (a drift signal detects a change
point when it comes at most 1,000 updates after it and before the next one; every other drift signal is a false
alarm). `driftwatch evaluate --detector NAME --json` scores driftwatch's detector on the same streams. The script
prints one Markdown table, all scenarios per detector and then each concept-drift generator, and exits 1 if a
score differs (driftwatch's detectors agree with River's on every update, so their scores must be equal).
"""

import json
import subprocess
import sys
import tempfile

from river.drift import binary as river_binary

HORIZON = 1000
DETECTORS = {
    "ddm": river_binary.DDM,
    "eddm": river_binary.EDDM,
    "hddm_a": river_binary.HDDM_A,
    "hddm_w": river_binary.HDDM_W,
    "fhddm": river_binary.FHDDM,
}
# FHDDM watches a success rate: it reads 1 for a correct prediction, as driftwatch feeds it.
READS_CORRECTNESS = {"fhddm"}


def score(drifts, change_points, updates):
    """The counts of one stream, as driftwatch's DetectorEvaluation.score computes them."""
    detected, delay, matched = 0, 0, set()
    for offset, change in enumerate(change_points):
        following = change_points[offset + 1] if offset + 1 < len(change_points) else float("inf")
        end = min(change + HORIZON, following)
        hit = next((d for d in drifts if change <= d < end), None)
        if hit is not None:
            matched.add(hit)
            detected += 1
            delay += hit - change
    return {"updates": updates, "changes": len(change_points), "detected": detected, "delay": delay,
            "false_alarms": len(drifts) - len(matched)}


def summarise(scenario, counts):
    """The scores of a scenario from its streams' counts, in `driftwatch evaluate --json`'s shape."""
    total = {key: sum(c[key] for c in counts) for key in counts[0]}
    signals = total["detected"] + total["false_alarms"]
    return {
        "scenario": scenario, "streams": len(counts), "changes": total["changes"], "detected": total["detected"],
        "missed": total["changes"] - total["detected"],
        "mean_delay": total["delay"] / total["detected"] if total["detected"] else None,
        "false_alarms_per_10k": total["false_alarms"] * 10_000 / total["updates"],
        "precision": total["detected"] / signals if signals else None,
        "recall": total["detected"] / total["changes"] if total["changes"] else None,
    }


def river_scores(name, streams):
    per_scenario = {}
    for stream in streams:
        detector = DETECTORS[name]()
        drifts = []
        for index, value in enumerate(stream["values"]):
            detector.update(1 - value if name in READS_CORRECTNESS else value)
            if detector.drift_detected:
                drifts.append(index)
        per_scenario.setdefault(stream["scenario"], []).append(
            score(drifts, stream["change_points"], len(stream["values"])))
    rows = [summarise(scenario, counts) for scenario, counts in per_scenario.items()]
    return rows + [summarise("all", [c for counts in per_scenario.values() for c in counts])]


def driftwatch_scores(binary, name):
    output = subprocess.run([binary, "evaluate", "--detector", name, "--json"], check=True, capture_output=True,
                            text=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def same(left, right):
    return all(
        (left[key] is None and right[key] is None)
        or (left[key] is not None and right[key] is not None and abs(left[key] - right[key]) < 1e-9)
        for key in ("changes", "detected", "missed", "mean_delay", "false_alarms_per_10k", "precision", "recall"))


def cell(row):
    def number(value, digits):
        return "–" if value is None else f"{value:.{digits}f}"
    return (f"{number(row['mean_delay'], 0)} | {row['false_alarms_per_10k']:.1f} | {row['missed']} | "
            f"{number(row['precision'], 2)} | {number(row['recall'], 2)}")


def main():
    binary = sys.argv[1]
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as file:
        subprocess.run([binary, "evaluate", "--write-streams", file.name], check=True)
        with open(file.name) as streams_file:
            streams = [json.loads(line) for line in streams_file]
    scenarios = ["all"] + [f"{g} {k}" for g in ("SEA", "STAGGER", "Agrawal") for k in ("abrupt", "gradual")]
    print("| detector | scenario | driftwatch: mean delay | false alarms/10k | missed | precision | recall "
          "| River: mean delay | false alarms/10k | missed | precision | recall |")
    print("|---|---|" + "---:|" * 10)
    differences = 0
    for name in DETECTORS:
        ours = {row["scenario"]: row for row in driftwatch_scores(binary, name)}
        theirs = {row["scenario"]: row for row in river_scores(name, streams)}
        for scenario in scenarios:
            if not same(ours[scenario], theirs[scenario]):
                differences += 1
            print(f"| `{name}` | {scenario} | {cell(ours[scenario])} | {cell(theirs[scenario])} |")
    print()
    print(f"{len(streams)} streams; scores that differ between driftwatch and River: {differences}")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
