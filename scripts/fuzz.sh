#!/usr/bin/env bash
# Builds driftwatch's libFuzzer targets and runs them: `events` (prediction and outcome messages through the
# monitoring engine, Tests/Fuzz/EventFuzzing) and `configuration` (the configuration loader,
# Tests/Fuzz/ConfigurationFuzzing).
#
#   scripts/fuzz.sh [--short] [--build-only] [events|configuration]...
#
#   --short       the run `make test` does: FUZZ_SHORT_SECONDS per target (default 30, from a fixed seed), libFuzzer alone
#   (default)     the long run of `make fuzz`: FUZZ_SECONDS per target (default 600), with AddressSanitizer
#   --build-only  builds the targets and stops
#
# The targets are declared only when DRIFTWATCH_FUZZ is set (see Package.swift) and built under .build/fuzz with
# `-sanitize=fuzzer` (FUZZ_SANITIZERS chooses the sanitizers: "fuzzer address", "fuzzer").
# Each target starts from its seeds (Tests/Fuzz/Seeds/TARGET) and the corpus earlier runs grew
# (.build/fuzz/corpus/TARGET). A crash, a broken promise (a trap with its reason), a hang (FUZZ_TIMEOUT seconds on one
# input, default 10) or running out of memory is saved under .build/fuzz/artifacts/TARGET; the script then exits 1
# after the other targets ran, naming the saved input. Copied into Tests/Fuzz/Regressions/TARGET, such an input is
# replayed by `swift test` from then on.
set -euo pipefail

cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
short=false
build_only=false
targets=()
for argument in "$@"; do
    case "$argument" in
        --short) short=true ;;
        --build-only) build_only=true ;;
        events | configuration) targets+=("$argument") ;;
        *)
            echo "usage: scripts/fuzz.sh [--short] [--build-only] [events|configuration]..." >&2
            exit 2
            ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(events configuration)
# The short run starts from a fixed seed, so that what `make test` explores does not change from one run to the next.
if $short; then seconds=${FUZZ_SHORT_SECONDS:-30}; run_flags=(-seed=1); else seconds=${FUZZ_SECONDS:-600}; run_flags=(); fi
timeout_seconds=${FUZZ_TIMEOUT:-10}
# The long run adds AddressSanitizer, which halves the speed and lengthens the build by a third; the short run, whose
# time the build mostly takes, does without. Each set of sanitizers has a build directory of its own under
# .build/fuzz; the corpus, the saved inputs and the logs are shared.
if $short; then default_sanitizers=fuzzer; else default_sanitizers="fuzzer address"; fi
read -r -a sanitizers <<<"${FUZZ_SANITIZERS:-$default_sanitizers}"
# One -sanitize= flag for all of them: `swift build --sanitize A --sanitize B` passes two in an order that changes
# from one build to the next, and the compiler keeps the last, so builds alternate between one and the other. Only
# Swift code is instrumented: the C targets (BoringSSL twice, libyaml) would double the build's time.
sanitizer_flags=(-Xswiftc "-sanitize=$(IFS=,; echo "${sanitizers[*]}")")
work=.build/fuzz
scratch=$work/build$(printf -- '-%s' "${sanitizers[@]}")

# Each target's executable and longest input; its seeds and dictionary are under Tests/Fuzz, by the target's name.
product() { case "$1" in events) echo EventFuzzer ;; configuration) echo ConfigurationFuzzer ;; esac }
max_len() { case "$1" in events) echo 8192 ;; configuration) echo 16384 ;; esac }

# libFuzzer's runtime comes with the swift.org toolchains (not with Xcode's); say so instead of failing to link.
swift_bin=$(dirname "$(command -v "$SWIFT")")
if ! ls "$swift_bin"/../lib/clang/*/lib/*/libclang_rt.fuzzer*.a >/dev/null 2>&1 \
    && ! ls "$swift_bin"/../lib/swift/clang/lib/*/libclang_rt.fuzzer*.a >/dev/null 2>&1; then
    echo "error: the Swift toolchain at $swift_bin has no libFuzzer runtime (libclang_rt.fuzzer);" >&2
    echo "       fuzzing needs a swift.org toolchain, which ships it" >&2
    exit 1
fi

build_start=$SECONDS
mkdir -p "$work/logs"
for target in "${targets[@]}"; do
    build_log=$work/logs/build-$target.log
    echo "fuzz: building $(product "$target") in $scratch with sanitizers: ${sanitizers[*]} (log: $build_log)"
    if ! DRIFTWATCH_FUZZ=1 "$SWIFT" build --scratch-path "$scratch" -j "${FUZZ_BUILD_JOBS:-2}" \
        "${sanitizer_flags[@]}" --product "$(product "$target")" >"$build_log" 2>&1; then
        grep -E 'error:' "$build_log" | head -n 20 >&2 || tail -n 20 "$build_log" >&2
        echo "error: the fuzz build of $(product "$target") failed; see $build_log" >&2
        exit 1
    fi
done
build_seconds=$((SECONDS - build_start))
echo "fuzz: built in $build_seconds s"
$build_only && exit 0

# (Not `swift build --show-bin-path`: without the fuzz build's settings it would make the next build start over.)
bin=$scratch/debug
found=()
summary=()
for target in "${targets[@]}"; do
    corpus=$work/corpus/$target
    artifacts=$work/artifacts/$target
    log=$work/logs/$target.log
    # The configuration target's secret directory goes under a temporary directory of the run's own.
    tmp=$work/tmp/$target
    rm -rf "$tmp"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")" "$tmp"
    [ "$target" = configuration ] && cp deploy/driftwatch.example.yaml "$corpus/driftwatch.example.yaml"
    before=$(find "$artifacts" -type f | wc -l)
    echo "fuzz: running $target for $seconds s (log: $log)"
    status=0
    # Swift's own crash handler would keep libFuzzer from saving the input: it is turned off here, and the saved
    # input is replayed with it below for a Swift backtrace.
    SWIFT_BACKTRACE=enable=no TMPDIR=$PWD/$tmp ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
        "$bin/$(product "$target")" "$corpus" "Tests/Fuzz/Seeds/$target" \
        -dict="Tests/Fuzz/Dictionaries/$target.dict" -max_len="$(max_len "$target")" \
        -max_total_time="$seconds" -timeout="$timeout_seconds" -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 -print_funcs=0 "${run_flags[@]}" </dev/null >"$log" 2>&1 || status=$?
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    coverage=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, features \2, corpus \3/p' \
        <<<"$last")
    summary+=("$target: ${executions:-?} inputs, ${rate:-?} exec/s, ${coverage:-no coverage line}")
    echo "fuzz: $target: ${last:-no progress line}"
    if [ "$status" -ne 0 ] || [ "$(find "$artifacts" -type f | wc -l)" -gt "$before" ]; then
        input=$(ls -t "$artifacts"/* 2>/dev/null | head -n 1 || true)
        echo "FOUND: the $target fuzz target failed (libFuzzer exit status $status)" >&2
        grep -E '^(==[0-9]+== ?ERROR|SUMMARY|Fatal error|.*Fatal error:|ALARM)' "$log" >&2 || true
        if [[ "$(basename "${input:-none}")" == crash-* ]]; then
            echo "FOUND: the Swift backtrace of the saved input:" >&2
            SWIFT_BACKTRACE=enable=yes,interactive=no,color=no TMPDIR=$PWD/$tmp \
                timeout 120 "$bin/$(product "$target")" "$input" 2>&1 | grep -vE '^INFO|Running [0-9]+ inputs|^Executed' \
                | head -n 60 >&2 || true
        else
            grep -E '^ +#[0-9]+ ' "$log" | grep -vE 'libFuzzer|fuzzer::|compiler-rt|libc\.so' | head -n 25 \
                | "$SWIFT" demangle --simplified >&2 || true
        fi
        if [ -n "$input" ]; then
            echo "FOUND: the input is saved at $input" >&2
            echo "       reproduce: SWIFT_BACKTRACE=enable=no $bin/$(product "$target") $input" >&2
            echo "       keep it as a regression test: cp $input Tests/Fuzz/Regressions/$target/" >&2
            found+=("$target: $input")
        else
            echo "FOUND: libFuzzer saved no input; see $log" >&2
            found+=("$target: see $log")
        fi
    fi
    rm -rf "$tmp"
done

echo "fuzz: done in $((SECONDS - build_start)) s, the build's $build_seconds s included:"
printf '  %s\n' "${summary[@]}"
if [ ${#found[@]} -gt 0 ]; then
    echo "fuzz: FAILED, inputs to look at:" >&2
    printf '  %s\n' "${found[@]}" >&2
    exit 1
fi
echo "fuzz: no crash, hang or broken promise found"
