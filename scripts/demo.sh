#!/usr/bin/env bash
# Runs `driftwatch demo` when the binary has it; otherwise shows the dev broker with a kcat round trip.
set -euo pipefail
bin=${1:-.build/debug/driftwatch}

if "$bin" demo --help >/dev/null 2>&1; then
    exec "$bin" demo
fi

workdir=$(mktemp -d)
trap 'kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; rm -rf "$workdir"' EXIT
"$bin" dev-broker --partitions 4 >"$workdir/broker.out" 2>"$workdir/broker.log" </dev/null &
broker=$!
for _ in $(seq 50); do [ -s "$workdir/broker.out" ] && break; sleep 0.1; done
bootstrap=$(head -n 1 "$workdir/broker.out")
echo "dev broker at $bootstrap"
kcat -L -b "$bootstrap" | head -n 4
printf '%s\n' '{"id":"p1","model":"fraud","features":{"amount":12.5,"country":"KR"},"prediction":{"label":"fraud","score":0.93}}' \
    | kcat -P -b "$bootstrap" -t predictions -k fraud
echo "round trip through the predictions topic:"
kcat -C -b "$bootstrap" -t predictions -o beginning -e -q -f 'key=%k partition=%p offset=%o value=%s\n'
