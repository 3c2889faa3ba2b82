#!/usr/bin/env python3
"""SmolLM2-135M (Q4_1 GGUF) prompt processing and generation, yak against llama.cpp, one run.

llama.cpp: llama-cpp-python 0.3.36 (PyPI, built by `make bench-venv` with CMAKE_ARGS="-DGGML_NATIVE=OFF
-DGGML_AVX512=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF": its native build crashes
on AMX_INT8 here), the same GGUF, at 2 threads and at 1 (its worker threads spin at barriers, which
collapses when the cores are shared). yak: `go test -bench 'Prompt64$|GenerateToken$' -cpu 1,2
./runtime/lm/llama` (GGUF blocks, 8-bit activations and integer dot products, as llama.cpp).
Prompt: 64 tokens from an empty cache; generation: one token after a 32-token prompt, the cache
rewound each time.

The sides run interleaved, round after round, so both see the same load; each round prints wall
tok/s and CPU time per token (all threads of the process: on a shared machine it shows the cost of
the work when wall time shows the contention). The summary takes the median round of each figure.

  .venv-bench/bin/python bench/lm_llamacpp.py [--rounds 3] [--seconds 3]
"""
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def measure(fn, tokens, seconds, min_n):
    """Runs fn until seconds have passed and min_n calls; returns (tok/s wall, CPU ms per token)."""
    fn()
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < seconds or n < min_n:
        fn()
        n += 1
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return tokens * n / wall, 1e3 * cpu / (tokens * n)


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3, help="per llama.cpp measurement")
    args = ap.parse_args()
    import llama_cpp
    from llama_cpp import Llama
    import lm_reference as R
    from lm_torch import go_bench

    path = os.path.join(R.models_dir(), "smollm2-135m-instruct", "model.gguf")
    llms = {t: Llama(model_path=path, n_ctx=512, n_threads=t, n_threads_batch=t, n_batch=512, verbose=False)
            for t in (2, 1)}
    prompt = list(range(100, 164))

    def pp(llm):
        def f():
            llm.reset()
            llm.eval(prompt)
        return f

    def tg(llm):
        llm.reset()
        llm.eval(prompt[:32])

        def f():
            llm.n_tokens = 32  # rewind the cache to the prompt, as the Go benchmark does
            llm.eval([42])
        return f

    rows = {}  # name -> list of (tok/s, cpu ms/token)
    loads = []
    for r in range(args.rounds):
        loads.append(os.getloadavg()[0])
        for t, llm in llms.items():
            rows.setdefault(f"llama.cpp prompt, {t} thread(s)", []).append(measure(pp(llm), 64, args.seconds, 3))
            rows.setdefault(f"llama.cpp generation, {t} thread(s)", []).append(measure(tg(llm), 1, args.seconds, 10))
        yak = go_bench("Prompt64$|GenerateToken$", "./runtime/lm/llama", "2s", cpus="1,2")
        for key, (name, per) in {"BenchmarkPrompt64": ("yak prompt", 64), "BenchmarkGenerateToken": ("yak generation", 1)}.items():
            for cpu in (1, 2):
                m = yak.get(key + ("" if cpu == 1 else f"-{cpu}"))
                if m:
                    rows.setdefault(f"{name}, GOMAXPROCS={cpu}", []).append((m["tok/s"], m["cpu-ms/op"] / per))
        print(f"round {r + 1}: load average {loads[-1]:.1f}", flush=True)
        for name, v in rows.items():
            print(f"  {name:40s} {v[-1][0]:8.1f} tok/s  {v[-1][1]:7.2f} CPU-ms/token", flush=True)

    med = {name: (statistics.median(a for a, _ in v), statistics.median(c for _, c in v)) for name, v in rows.items()}
    cpu = open("/proc/cpuinfo").read().split("model name")[1].split(":")[1].splitlines()[0].strip()
    print(f"\nCPU: {cpu}, {os.cpu_count()} cores; llama-cpp-python {llama_cpp.__version__}; "
          f"{args.rounds} interleaved rounds, load average {min(loads):.1f}-{max(loads):.1f}")
    print(f"{'median of rounds':40s} {'tok/s':>8s}  {'CPU-ms/token':>12s}")
    for name, (a, c) in med.items():
        print(f"  {name:40s} {a:8.1f}  {c:12.2f}")
    for what in ("prompt", "generation"):
        for t in (2, 1):
            peer = med.get(f"llama.cpp {what}, {t} thread(s)")
            ours = med.get(f"yak {what}, GOMAXPROCS={t}")
            if peer and ours:
                print(f"{what}, {t} thread(s): yak/llama.cpp {ours[0] / peer[0]:.2f}x tok/s (wall), "
                      f"{peer[1] / ours[1]:.2f}x less CPU per token")


if __name__ == "__main__":
    main()
