#!/usr/bin/env bash
# Runs every benchmark: each driftwatch figure beside the reference library's, measured in the same run.
# Usage: scripts/bench.sh RELEASE_BIN_DIR PYTHON
set -euo pipefail
bin=$1
python=$2
out=.build/bench
mkdir -p "$out"

echo "== Sequential detectors: updates per second, driftwatch vs River / Frouros (same stream) =="
"$python" Benchmarks/scripts/bench_reference_detectors.py write-stream "$out/stream.txt"
"$bin/DetectorBenchmarks" "$out/stream.txt" >"$out/driftwatch.jsonl"
"$python" Benchmarks/scripts/bench_reference_detectors.py reference "$out/stream.txt" >"$out/reference.jsonl"
"$python" Benchmarks/scripts/bench_reference_detectors.py compare "$out/driftwatch.jsonl" "$out/reference.jsonl"

echo
echo "== Feature windows: updates per second =="
"$bin/WindowBenchmarks"
