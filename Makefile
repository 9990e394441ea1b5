# switchboard: `make demo` and `make test` work on a fresh Debian machine with Swift.
SHELL := /bin/bash
APT_PACKAGES := libevent-dev libcurl4-openssl-dev libsqlite3-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift
VENV := .build/venv
VENV_A2A03 := .build/venv-a2a03

.PHONY: all deps build release test demo bench python-deps clean

all: build

## Install the system libraries if any is missing (CI starts from a clean machine).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## Python tools used by interop tests, in venvs: the official openai and a2a-sdk 1.3 clients,
## and an a2a-sdk 0.3 agent for the client's 0.3 fallback (the two SDKs cannot share a venv).
python-deps:
	@if [ ! -x $(VENV)/bin/python ] || ! $(VENV)/bin/python -c 'import openai, a2a' 2>/dev/null; then \
	  echo "creating $(VENV) with openai and a2a-sdk"; \
	  python3 -m venv $(VENV) && $(VENV)/bin/pip install -q 'openai>=1.40' 'a2a-sdk[http-server]==1.3.0' httpx; \
	fi
	@if [ ! -x $(VENV_A2A03)/bin/python ] || ! $(VENV_A2A03)/bin/python -c 'import a2a, uvicorn' 2>/dev/null; then \
	  echo "creating $(VENV_A2A03) with a2a-sdk 0.3"; \
	  python3 -m venv $(VENV_A2A03) && $(VENV_A2A03)/bin/pip install -q 'a2a-sdk[http-server]==0.3.26' uvicorn; \
	fi

build: deps
	$(SWIFT) build

## Release builds link the Swift runtime and Foundation into the binary, so a process maps one
## file instead of a dozen libraries: an agent's idle RSS was 21.5 MB instead of 26.7 (before it
## gave back start-up's pages), and a CLI command starts in 6.5 ms instead of 12. The benchmarks
## are built the same way.
RELEASE := -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE) --product switchboard

## Tests run one after another. In parallel (`swift test`: about 50 s instead of 90 on 2 cores)
## 4 of 7 runs still had failures: synchronous SQLite commits (the engine's store calls,
## BatchedWALTests) and CPU-bound property tests hold the cooperative pool's two threads for
## seconds, so tests with wall-clock deadlines (activity timeouts, worker leases, streams) fail.
test: deps python-deps
	SWITCHBOARD_PYTHON=$(CURDIR)/$(VENV)/bin/python SWITCHBOARD_PYTHON_A2A03=$(CURDIR)/$(VENV_A2A03)/bin/python \
	  $(SWIFT) test --no-parallel

demo: release
	.build/release/switchboard demo

bench: release
	$(SWIFT) build $(RELEASE) --product SwitchboardBenchmarks
	.build/release/SwitchboardBenchmarks

clean:
	rm -rf .build .switchboard
