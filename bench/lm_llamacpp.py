#!/usr/bin/env python3
"""SmolLM2-135M (Q4_1 GGUF) prompt processing and generation, yak against llama.cpp, one run.

llama.cpp: llama-cpp-python (PyPI, built with CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX512=ON
-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF": its native build crashes on AMX_INT8
here), 2 threads, the same GGUF. Prompt: 64 tokens from an empty cache; generation: one token
after a 32-token prompt. yak: `go test -bench 'Prompt64|GenerateToken' ./runtime/lm/llama`
(GGUF blocks and bfloat16 weights).

  .venv-bench/bin/python bench/lm_llamacpp.py
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2, help="llama.cpp threads (yak uses GOMAXPROCS)")
    threads = ap.parse_args().threads
    import llama_cpp
    from llama_cpp import Llama
    import lm_reference as R
    from lm_torch import go_bench

    path = os.path.join(R.models_dir(), "smollm2-135m-instruct", "model.gguf")
    llm = Llama(model_path=path, n_ctx=512, n_threads=threads, n_threads_batch=threads, n_batch=512, verbose=False)
    prompt = list(range(100, 164))
    llm.reset()
    llm.eval(prompt)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 5 or n < 3:
        llm.reset()
        llm.eval(prompt)
        n += 1
    pp = 64 * n / (time.perf_counter() - t0)
    llm.reset()
    llm.eval(prompt[:32])
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 5 or n < 10:
        llm.n_tokens = 32  # rewind the cache to the prompt, as the Go benchmark does
        llm.eval([42])
        n += 1
    tg = n / (time.perf_counter() - t0)
    yak = go_bench("Prompt64|GenerateToken", "./runtime/lm/llama", "10x")
    print(f"llama-cpp-python {llama_cpp.__version__}, {threads} thread(s); load average {os.getloadavg()}")
    for name in ("BenchmarkPrompt64", "BenchmarkPrompt64BF16"):
        if name in yak:
            v = yak[name]["tok/s"]
            print(f"prompt processing (64 tokens), tok/s: llama.cpp {pp:.1f}, yak {name[len('BenchmarkPrompt64'):] or 'GGUF blocks'} {v:.1f} -> {v / pp:.2f}x")
    for name in ("BenchmarkGenerateToken", "BenchmarkGenerateTokenBF16"):
        if name in yak:
            v = yak[name]["tok/s"]
            print(f"generation, tok/s: llama.cpp {tg:.1f}, yak {name[len('BenchmarkGenerateToken'):] or 'GGUF blocks'} {v:.1f} -> {v / tg:.2f}x")


if __name__ == "__main__":
    main()
