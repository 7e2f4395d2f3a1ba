# driftwatch — build, test, demo and benchmark from a fresh machine.
#   make demo    installs what is missing, builds, runs the embedded demo
#   make test    installs what is missing, builds, runs every test
#   make bench   release build, benchmarks side by side with the reference libraries, kcat and a dev broker
SHELL := /bin/bash
SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
BIN := .build/debug/driftwatch
RELEASE_BIN := .build/release

.PHONY: all deps build test demo bench release reference-env fixtures clean

all: build

deps:
	@./scripts/install-system-deps.sh

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	./scripts/demo.sh $(BIN)

# Python with the reference libraries the fixtures and benchmarks compare against.
reference-env: $(VENV)/.installed

$(VENV)/.installed: Benchmarks/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Benchmarks/requirements.txt
	touch $@

fixtures: reference-env
	$(VENV)/bin/python Benchmarks/scripts/generate_detector_fixtures.py
	$(VENV)/bin/python Benchmarks/scripts/generate_distance_fixtures.py

# The release build and the reference libraries' environment are prepared side by side: one compiles, the other
# mostly downloads.
bench: deps
	$(MAKE) --no-print-directory -j2 release reference-env
	./scripts/bench.sh $(RELEASE_BIN) $(VENV)/bin/python

# Every product (the benchmarks and driftwatch, whose dev broker they start) in one release build.
release:
	$(SWIFT) build -c release

clean:
	rm -rf .build $(VENV)
