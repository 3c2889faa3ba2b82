#!/usr/bin/env python3
"""bfloat16 matmul: yak's gemm.BF16Matrix.MulT against torch.matmul in bfloat16, side by side.

    make bench-bf16    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/bf16.py

with torch from requirements-bench.txt (`make bench-venv`). Both sides compute
C = A·Wᵀ with W (n×k) in bfloat16: torch with A in bfloat16 too (torch.matmul of
two bfloat16 tensors, oneDNN with AMX where the CPU has it, C in bfloat16); yak
with float32 A rounded to bfloat16 inside MulT and float32 C, so yak's time
includes converting A. Every bfloat16 path this CPU offers is timed (amx,
avx512bf16, float32), each in its own process (YAK_BF16 picks it at start-up).
Rounds alternate the sides and keep each side's best; 1 and 2 threads; then
the best over the thread counts. Sizes are n (square) or MxNxK; the defaults
are the goal sizes and the shapes of a transformer's inference: decoding one
token (1x4096x4096), a short prompt (32x4096x4096) and BERT-base's layers for
32 sequences of 64 tokens (2048x768x768, 2048x3072x768).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse(size):
    parts = [int(p) for p in size.split("x")]
    return parts * 3 if len(parts) == 1 else parts


def torch_time(m, n, k, threads, min_time):
    g = torch.Generator().manual_seed(1)
    a = torch.rand((m, k), generator=g).bfloat16()
    w = torch.rand((n, k), generator=g).bfloat16()
    prev = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        fn = lambda: torch.matmul(a, w.t())
        fn()
        calls = 1
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < min_time / 4:
            for _ in range(calls):
                fn()
            calls *= 2
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - t0) / calls, (time.process_time() - c0) / calls
    finally:
        torch.set_num_threads(prev)


def go_time(binary, path, size, threads, min_time):
    out = subprocess.run([binary, "-bf16", path, "-sizes", size, "-threads", str(threads),
                          "-repeats", "1", "-mintime", f"{int(min_time * 1000)}ms"],
                         check=True, capture_output=True, text=True, env={**os.environ, "YAK_BF16": path}).stdout
    r = json.loads(out.splitlines()[0])
    return r["seconds"], r["seconds"] * r["cpu_per_wall"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1024,2048,1x4096x4096,32x4096x4096,2048x768x768,2048x3072x768")
    ap.add_argument("--paths", default="amx,avx512bf16,float32")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=0.3)
    args = ap.parse_args()

    with open("/proc/cpuinfo") as f:
        info = f.read()
    model = next((l.split(":", 1)[1].strip() for l in info.splitlines() if l.startswith("model name")), "?")
    flags = next((l.split(":", 1)[1].split() for l in info.splitlines() if l.startswith("flags")), [])
    print(f"# torch {torch.__version__} (oneDNN {torch.backends.mkldnn.is_available() and torch._C._onednn_version() if hasattr(torch._C, '_onednn_version') else 'built in'}), "
          f"python {sys.version.split()[0]}")
    print(f"# cpu: {model}; bf16 flags: {' '.join(f for f in flags if 'bf16' in f or f.startswith('amx'))}; "
          f"load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "gemmbench")
        subprocess.run(["go", "build", "-o", binary, "./bench/gemm"], cwd=ROOT, check=True)
        paths = []
        for p in args.paths.split(","):
            r = subprocess.run([binary, "-bf16", p, "-sizes", "32", "-repeats", "1", "-mintime", "1ms"],
                               capture_output=True, text=True, env={**os.environ, "YAK_BF16": p})
            if r.returncode == 0:
                paths.append(p)
            else:
                print(f"# {p}: not run ({r.stderr.strip().splitlines()[-1]})")
        print(f"{'size':>14} {'thr':>3} {'torch':>9} " + " ".join(f"{p:>10} {'ratio':>6} {'cpu':>6}" for p in paths) +
              "   (GFLOP/s; ratio = yak/torch wall; cpu = same per CPU-second)")
        summary = []
        for size in args.sizes.split(","):
            m, n, k = parse(size)
            flops = 2.0 * m * n * k
            best_all = {}
            for th in (int(t) for t in args.threads.split(",")):
                best = {s: float("inf") for s in ["torch"] + paths}
                cpu = dict(best)
                for _ in range(args.rounds):
                    runs = [("torch", lambda: torch_time(m, n, k, th, args.min_time))]
                    runs += [(p, lambda p=p: go_time(binary, p, size, th, args.min_time)) for p in paths]
                    for name, fn in runs:
                        w, c = fn()
                        best[name], cpu[name] = min(best[name], w), min(cpu[name], c)
                for s, w in best.items():
                    best_all[s] = min(best_all.get(s, float("inf")), w)
                ref = flops / best["torch"] / 1e9
                cols = [f"{flops / best[p] / 1e9:10.1f} {ref and flops / best[p] / 1e9 / ref:6.2f} {cpu['torch'] / cpu[p]:6.2f}"
                        for p in paths]
                print(f"{size:>14} {th:>3} {ref:9.1f} " + " ".join(cols), flush=True)
            summary.append((size, flops, best_all))
        print("\nbest of the thread counts per side (GFLOP/s; ratio = yak / torch)")
        print(f"{'size':>14} {'torch':>9} " + " ".join(f"{p:>10} {'ratio':>6}" for p in paths))
        for size, flops, b in summary:
            g = {s: flops / t / 1e9 for s, t in b.items()}
            print(f"{size:>14} {g['torch']:9.1f} " + " ".join(f"{g[p]:10.1f} {g[p] / g['torch']:6.2f}" for p in paths),
                  flush=True)


if __name__ == "__main__":
    main()
