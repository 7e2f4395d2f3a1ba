#!/usr/bin/env bash
# Runs every benchmark: each driftwatch figure beside the reference it is compared with, measured in the same run.
# Usage: scripts/bench.sh RELEASE_BIN_DIR PYTHON
set -euo pipefail
bin=$1
python=$2
out=.build/bench
mkdir -p "$out"

# Every benchmark, its output also kept in $out/report.txt, whose goal lines are repeated at the end.
run_benchmarks() {
    echo "== Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr) =="
    echo

    echo "== Sequential detectors: updates per second, driftwatch vs River / Frouros (same stream) =="
    "$python" Benchmarks/scripts/bench_reference_detectors.py write-stream "$out/stream.txt"
    "$bin/DetectorBenchmarks" "$out/stream.txt" >"$out/driftwatch.jsonl"
    "$python" Benchmarks/scripts/bench_reference_detectors.py reference "$out/stream.txt" >"$out/reference.jsonl"
    "$python" Benchmarks/scripts/bench_reference_detectors.py compare "$out/driftwatch.jsonl" "$out/reference.jsonl"

    echo
    echo "== Feature windows: updates per second =="
    "$bin/WindowBenchmarks"

    echo
    echo "== Thresholds: false alarms per window, fixed and auto, by window size =="
    "$bin/ThresholdBenchmarks"

    echo
    echo "== Detector quality on SEA, STAGGER and Agrawal concept drift: driftwatch vs River (same streams) =="
    "$python" Benchmarks/scripts/compare_detector_quality.py "$bin/driftwatch"

    # Pipeline, latency and scaling against a `driftwatch dev-broker` (librdkafka's mock cluster in its own process)
    # and kcat; PipelineBenchmarks finds the driftwatch binary next to itself.
    echo
    "$bin/PipelineBenchmarks" kafka 1000000

    # Memory: each measurement in a fresh process, since freed memory stays resident.
    echo
    echo "== Memory: resident bytes (RSS deltas, /proc/self/statm) =="
    "$bin/PipelineBenchmarks" memory-series 10000
    "$bin/PipelineBenchmarks" memory-series 100000
    "$bin/PipelineBenchmarks" memory-joins 1000000
    echo
    echo "== Memory: model versions (one feature, prediction, label and concept each), added in steps =="
    "$bin/PipelineBenchmarks" memory-versions 1000000

    # The same process under a flood that outruns retention, hostile records and an outage: the end-to-end scenario,
    # run with the release binary, reports its peak resident memory against the documented bound (README, "Memory").
    echo
    echo "== Memory under a flood, hostile records and a broker outage: peak RSS of driftwatch run (release) =="
    "${SWIFT:-swift}" build --build-tests >"$out/test-build.log" 2>&1
    DRIFTWATCH_BINARY="$bin/driftwatch" DRIFTWATCH_MEMORY_REPORT="$out/memory-hostile.txt" \
        "${SWIFT:-swift}" test --skip-build --filter 'FaultEndToEndTests/floodHostileRecordsAndAnOutage' >"$out/memory-hostile.log" 2>&1 \
        || { tail -40 "$out/memory-hostile.log"; exit 1; }
    cat "$out/memory-hostile.txt"

    # Durable state: checkpoints written to a state topic on a dev broker with StateChangelog, restored into a fresh engine.
    echo
    "$bin/PipelineBenchmarks" state 1000000
}
run_benchmarks 2>&1 | tee "$out/report.txt"

echo
echo "== Goals: each as met or not met in this run (README, Benchmarks, explains every gap) =="
grep -E "target.*(: met|NOT MET)" "$out/report.txt" || true
