# yak — one binary: Jupyter kernel, installer and headless notebook runner.
# `make run` executes every notebook in notebooks/ into out/; `make test` runs every test.

GO      ?= go
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
BIN     := bin/yak
OUT     := out

.PHONY: all build run test test-go test-fuzz test-py venv install generate check-generated bench clean

all: build

build:
	$(GO) build -o $(BIN) .

run: build
	$(BIN) run --out $(OUT) notebooks/*.ipynb

# The Python virtual environment holds the real Jupyter stack that the
# end-to-end and conformance tests talk to (pinned in requirements-test.txt).
$(VENV)/.stamp: requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.stamp

test: build test-go test-fuzz test-py

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# A brief run of each fuzz target; the corpus in testdata/fuzz is replayed by test-go.
test-fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzDecode -fuzztime=15s ./kernel

test-py: build venv
	YAK=$(abspath $(BIN)) $(VPY) -m pytest -q tests

install: build
	$(BIN) install --user

generate:
	$(GO) generate ./...

check-generated: generate
	git diff --exit-code -- plugins/symbols || (echo "generated symbols are stale: run make generate and commit" >&2; exit 1)

clean:
	rm -rf bin $(OUT)
