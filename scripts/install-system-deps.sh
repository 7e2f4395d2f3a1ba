#!/usr/bin/env bash
# Installs the system packages driftwatch builds and tests with, when they are missing:
# librdkafka's headers and library (librdkafka-dev), pkg-config, kcat for interoperability tests, Chromium, which
# renders the status page headless in a test, and Prometheus and Alertmanager (with promtool and amtool), which the
# tests run against driftwatch and its shipped rules and configurations.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists rdkafka; then missing+=(librdkafka-dev); fi
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing system packages: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get is not available. Install these packages with your system's package manager: ${missing[*]}" >&2
    echo "       (librdkafka 2.0 or newer with its headers and pkg-config file, pkg-config, kcat, chromium," >&2
    echo "       prometheus with promtool, prometheus-alertmanager with amtool)" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    run=()
elif command -v sudo >/dev/null 2>&1; then
    run=(sudo)
else
    echo "error: installing ${missing[*]} needs root. Run: apt-get install -y ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
