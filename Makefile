# yak — one binary: Jupyter kernel, installer and headless notebook runner.
# `make run` executes every notebook in notebooks/ into out/; `make test` runs every test.

GO      ?= go
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
BIN     := bin/yak
OUT     := out

.PHONY: all build run test test-go test-fuzz test-py venv install uninstall generate check-generated bench clean

all: build

build:
	$(GO) build -o $(BIN) .

run: build
	$(BIN) run --out $(OUT) notebooks/*.ipynb
	@echo "reports: $(OUT)/*.html (self-contained: open them in a browser, offline)"

# The Python virtual environment holds the real Jupyter stack that the
# end-to-end and conformance tests talk to (pinned in requirements-test.txt).
$(VENV)/.stamp: requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.stamp

test: check-generated build test-go test-fuzz test-py

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# A brief run of each fuzz target; the corpus in testdata/fuzz is replayed by test-go.
test-fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzDecode -fuzztime=15s ./kernel

test-py: build venv
	YAK=$(abspath $(BIN)) $(VPY) -m pytest -q tests

# `make install` copies yak to BINDIR (~/.local/bin, which Debian's and most
# distributions' login shells put on PATH once it exists) and installs the
# kernelspec for the current user, pointing at that copy.
BINDIR ?= $(HOME)/.local/bin
install: build
	mkdir -p $(BINDIR)
	cp $(BIN) $(BINDIR)/yak.tmp && mv $(BINDIR)/yak.tmp $(BINDIR)/yak
	$(BINDIR)/yak install --user
	@echo "installed $(BINDIR)/yak"
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "note: $(BINDIR) is not on PATH; add it to run yak by name: export PATH=\"$(BINDIR):\$$PATH\" (or make install BINDIR=DIR)" ;; esac

uninstall:
	if [ -x $(BINDIR)/yak ]; then $(BINDIR)/yak uninstall --user; else $(BIN) uninstall --user; fi
	rm -f $(BINDIR)/yak

generate:
	$(GO) generate ./...

# Regenerates the yaegi symbol tables (plugins/symbols) and fails when that
# changed or added a file: the committed tables no longer match the packages.
check-generated:
	$(GO) generate ./plugins/symbols
	@if [ -n "$$(git status --porcelain -- plugins/symbols)" ]; then \
		git status --short -- plugins/symbols >&2; \
		echo "check-generated: plugins/symbols is stale (an exported package changed): run 'make generate' and commit plugins/symbols" >&2; \
		exit 1; \
	fi

clean:
	rm -rf bin $(OUT)

# --- charts: the pinned ECharts build, fetched from the npm registry, checked
# against the sha256 in the repo and embedded by plugins/chart (go:embed).
# A plain `go build` without it still works: charts then use the CDN.
ECHARTS_VERSION := 5.6.0
ECHARTS_JS      := plugins/chart/assets/echarts.min.js

.PHONY: echarts
echarts: $(ECHARTS_JS)
build: $(ECHARTS_JS)

$(ECHARTS_JS): plugins/chart/assets/echarts.min.js.sha256
	sh plugins/chart/fetch-echarts.sh $(ECHARTS_VERSION) $@

# --- kernel: start-up and round-trip latency of yak against ipykernel, in one
# run (needs Debian's python3-ipykernel and python3-jupyter-client; figures in BENCHMARKS.md).
.PHONY: bench-kernel
bench-kernel: build
	/usr/bin/python3 bench/kernel_latency.py --yak $(BIN)

# --- runtime: float32 GEMM against OpenBLAS (numpy) and k-means against scikit-learn, each in one
# run that prints ratios (Debian python3-numpy, python3-sklearn, python3-threadpoolctl; figures in
# BENCHMARKS.md). OpenBLAS's tuning variables are unset for these commands only. The `build` target
# needs no flags for the fast GEMM: its AVX2/FMA assembly kernels are chosen at run time by CPUID.
.PHONY: bench-gemm bench-kmeans
bench-gemm:
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/gemm.py
bench-kmeans:
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/kmeans.py

# --- runtime core: layers, losses and an SGD step against PyTorch (Debian python3-torch), in one
# run that prints ratios (figures in BENCHMARKS.md). OpenBLAS's tuning variables are unset here only.
.PHONY: bench-runtime
bench-runtime:
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/runtime_torch.py --rounds 6 --min-time 0.2 --benchtime 0.2s

# --- deployments: tests/deploy (collected by test-py's pytest run) start JupyterLab 4, Notebook 7
# (in headless Chromium) and JupyterHub with two local users; the hub's configurable-http-proxy
# comes from npm, pinned by tests/deploy/package-lock.json. Screenshots and logs: testout/deploy/.
.PHONY: test-deploy deploy-node
test-py: deploy-node
deploy-node: tests/deploy/node_modules/.stamp
tests/deploy/node_modules/.stamp: tests/deploy/package.json tests/deploy/package-lock.json
	cd tests/deploy && npm ci --no-audit --no-fund --loglevel=error
	touch $@
test-deploy: build venv deploy-node
	YAK=$(abspath $(BIN)) $(VPY) -m pytest -q tests/deploy

# --- drm: DRM training step (small CNN) against PyTorch (Debian python3-torch), one run printing
# images/s and ratios; fidelity tables with `go run ./bench/drm` (figures in BENCHMARKS.md).
.PHONY: bench-drm
bench-drm:
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/drm_torch.py --rounds 3 --min-time 2 --benchtime 10x
