#!/usr/bin/env python3
"""float32 GEMM: yak's runtime/gemm against OpenBLAS (through numpy) and torch (MKL), side by side.

Run from the repository root, with OpenBLAS's tuning variables unset for this
one command (they force a slower kernel on this machine):

    make bench-gemm    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/gemm.py

with numpy (and its OpenBLAS) and torch from requirements-bench.txt (`make bench-venv`).

Each size is timed in alternating rounds (numpy, torch, then each Go
implementation) and the best time of each is kept, so that load from other
processes hits every side alike. Prints GFLOP/s and the ratio yak / OpenBLAS
for 1 and 2 threads, then a summary with each side's best over the thread
counts (the form of the goals in issue 13). On a machine shared with other
work the wall-clock figures swing by 2x, so it also prints the ratio of GFLOP
per CPU-second of each side (process CPU time, all threads): with one thread
that is the kernel's efficiency whatever the load; with two it favours
whichever side spins less while waiting.

Sizes: n (square) or MxNxK, with a trailing t for B transposed (C = A·Bᵀ). The
defaults are the goal sizes and the skinny shapes of the runtime's users:
convolutions through im2col (C_out × H·W × C_in·9: 8x4096x9, 16x4096x72,
32x1024x288, 64x1024x576, and the weight gradient 16x72x4096t) and
attention/transformer layers (BERT-base, 32 sequences of 64 tokens:
projections 2048x768x768, feed-forward 2048x3072x768 and 2048x768x3072, per-head scores
64x64x64t and their product with V 64x64x64), plus the matrix-vector cases.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

try:
    import torch
except ImportError:  # torch is optional here: the goal is against OpenBLAS
    torch = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEFAULT_SIZES = ("256,1024,2048,8x4096x9,16x4096x72,32x1024x288,64x1024x576,16x72x4096t,"
                 "2048x768x768,2048x3072x768,2048x768x3072,64x64x64t,64x64x64,1x768x768t,768x1x768")


def timed(fn, min_time):
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


def operands(m, n, k, trans_b):
    rng = np.random.default_rng(1)
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((n, k) if trans_b else (k, n), dtype=np.float32)
    return a, (b.T if trans_b else b)


def numpy_time(m, n, k, trans_b, threads, min_time):
    a, bb = operands(m, n, k, trans_b)
    out = np.empty((m, n), dtype=np.float32)
    with threadpool_limits(threads, user_api="blas"):
        return timed(lambda: np.matmul(a, bb, out=out), min_time)


def torch_time(m, n, k, trans_b, threads, min_time):
    a, bb = operands(m, n, k, trans_b)
    ta, tb = torch.from_numpy(a), torch.from_numpy(np.ascontiguousarray(bb.T)).T if trans_b else torch.from_numpy(bb)
    out = torch.empty((m, n), dtype=torch.float32)
    prev = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        return timed(lambda: torch.matmul(ta, tb, out=out), min_time)
    finally:
        torch.set_num_threads(prev)


def go_time(binary, impl, size, threads, min_time):
    out = subprocess.run([binary, "-impl", impl, "-sizes", size, "-threads", str(threads),
                          "-repeats", "1", "-mintime", f"{int(min_time * 1000)}ms"],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.splitlines()[0])
    return r["seconds"], r["seconds"] * r["cpu_per_wall"]


def parse(size):
    tb = size.endswith("t")
    parts = [int(p) for p in size.rstrip("t").split("x")]
    return (parts * 3 if len(parts) == 1 else parts) + [tb]


def available(binary, impl):
    r = subprocess.run([binary, "-impl", impl, "-sizes", "1", "-repeats", "1", "-mintime", "1ms"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"# {impl}: not run ({r.stderr.strip()})")
    return r.returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default=DEFAULT_SIZES)
    ap.add_argument("--impls", default="avx512,avx2",
                    help="runtime/gemm implementations; 'openblas' adds OpenBLAS through cgo")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min-time", type=float, default=0.3)
    ap.add_argument("--no-torch", action="store_true", help="leave torch (MKL) out")
    args = ap.parse_args()
    use_torch = torch is not None and not args.no_torch

    for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        print(f"# {v}={os.environ.get(v, '(unset)')}")
    for info in threadpool_info():
        print(f"# {info['internal_api']} {info.get('version')} kernel={info.get('architecture')} "
              f"threads={info.get('num_threads')} {info.get('filepath')}")
    print(f"# numpy {np.__version__}, torch {torch.__version__ if use_torch else '(not run)'}, "
          f"python {sys.version.split()[0]}")
    with open("/proc/cpuinfo") as f:
        model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    print(f"# cpu: {model}; load average {os.getloadavg()[0]:.1f} at start")

    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "gemmbench")
        impls = args.impls.split(",")
        # "openblas" is OpenBLAS called from Go through cgo (needs libopenblas-dev).
        tags = ["-tags", "openblas"] if "openblas" in impls else []
        subprocess.run(["go", "build", *tags, "-o", binary, "./bench/gemm"], cwd=ROOT, check=True)
        impls = [i for i in impls if available(binary, i)]
        peers = ["numpy"] + (["torch"] if use_torch else [])
        print(f"{'size':>14} {'thr':>3} {'OpenBLAS':>9} " + (f"{'torch':>9} " if use_torch else "") +
              " ".join(f"{i:>9} {'ratio':>6} {'cpu':>6}" for i in impls) +
              "   (GFLOP/s; ratio = yak/OpenBLAS wall; cpu = same per CPU-second)")
        summary = []
        for size in args.sizes.split(","):
            m, n, k, tb = parse(size)
            flops = 2.0 * m * n * k
            best_all = {}
            for th in (int(t) for t in args.threads.split(",")):
                best = {s: float("inf") for s in peers + impls}
                cpu = dict(best)
                for _ in range(args.rounds):
                    runs = [("numpy", lambda: numpy_time(m, n, k, tb, th, args.min_time))]
                    if use_torch:
                        runs.append(("torch", lambda: torch_time(m, n, k, tb, th, args.min_time)))
                    runs += [(i, lambda i=i: go_time(binary, i, size, th, args.min_time)) for i in impls]
                    for name, fn in runs:
                        w, c = fn()
                        best[name], cpu[name] = min(best[name], w), min(cpu[name], c)
                for s, w in best.items():
                    best_all[s] = min(best_all.get(s, float("inf")), w)
                ref = flops / best["numpy"] / 1e9
                cols = []
                for i in impls:
                    g = flops / best[i] / 1e9
                    cols.append(f"{g:9.1f} {g / ref:6.2f} {cpu['numpy'] / cpu[i]:6.2f}")
                tcol = f"{flops / best['torch'] / 1e9:9.1f} " if use_torch else ""
                print(f"{size:>14} {th:>3} {ref:9.1f} {tcol}" + " ".join(cols), flush=True)
            summary.append((size, flops, best_all))
        print("\nbest of the thread counts per side (GFLOP/s; ratio = yak / peer)")
        print(f"{'size':>14} {'OpenBLAS':>9} " + (f"{'torch':>9} " if use_torch else "") +
              " ".join(f"{i:>9} {'/OBLAS':>6}" + (f" {'/torch':>6}" if use_torch else "") for i in impls))
        for size, flops, b in summary:
            g = {s: flops / t / 1e9 for s, t in b.items()}
            tcol = f"{g['torch']:9.1f} " if use_torch else ""
            print(f"{size:>14} {g['numpy']:9.1f} {tcol}" + " ".join(
                f"{g[i]:9.1f} {g[i] / g['numpy']:6.2f}" + (f" {g[i] / g['torch']:6.2f}" if use_torch else "")
                for i in impls), flush=True)


if __name__ == "__main__":
    main()
