#!/usr/bin/env python3
"""float32 GEMM: yak's runtime/gemm against OpenBLAS (through numpy), side by side.

Run from the repository root, with OpenBLAS's tuning variables unset for this
one command (they force a slower kernel on this machine):

    make bench-gemm    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/gemm.py

with numpy (and its OpenBLAS) from requirements-bench.txt (`make bench-venv`).

Each size is timed in alternating rounds (numpy, then each Go implementation)
and the best time of each is kept, so that load from other processes hits both
sides alike. Prints GFLOP/s and the ratio yak / OpenBLAS; 1 and 2 threads.
On a machine shared with other work the wall-clock figures swing by 2x, so it
also prints the ratio of GFLOP per CPU-second of each side (process CPU time,
all threads): with one thread that is the kernel's efficiency whatever the
load; with two it favours whichever side spins less while waiting.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def numpy_time(m, n, k, trans_b, threads, min_time):
    rng = np.random.default_rng(1)
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((n, k) if trans_b else (k, n), dtype=np.float32)
    bb = b.T if trans_b else b
    out = np.empty((m, n), dtype=np.float32)
    with threadpool_limits(threads):
        np.matmul(a, bb, out=out)
        calls = 1
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < min_time / 4:
            for _ in range(calls):
                np.matmul(a, bb, out=out)
            calls *= 2
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(calls):
            np.matmul(a, bb, out=out)
        return (time.perf_counter() - t0) / calls, (time.process_time() - c0) / calls


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="64,256,1024,1x100x100t,100x1x100")
    ap.add_argument("--impls", default="avx2,blocked",
                    help="runtime/gemm implementations; 'openblas' adds OpenBLAS through cgo")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min-time", type=float, default=0.3)
    args = ap.parse_args()

    for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        print(f"# {v}={os.environ.get(v, '(unset)')}")
    for info in threadpool_info():
        print(f"# {info['internal_api']} {info.get('version')} kernel={info.get('architecture')} "
              f"threads={info.get('num_threads')} {info.get('filepath')}")
    print(f"# numpy {np.__version__}, python {sys.version.split()[0]}")

    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "gemmbench")
        impls = args.impls.split(",")
        # "openblas" is OpenBLAS called from Go through cgo (needs libopenblas-dev).
        tags = ["-tags", "openblas"] if "openblas" in impls else []
        subprocess.run(["go", "build", *tags, "-o", binary, "./bench/gemm"], cwd=ROOT, check=True)
        print(f"{'size':>14} {'thr':>3} {'OpenBLAS':>9} " +
              " ".join(f"{i:>9} {'ratio':>6} {'cpu':>6}" for i in impls) +
              "   (GFLOP/s; ratio = yak/OpenBLAS wall; cpu = same per CPU-second)")
        for size in args.sizes.split(","):
            m, n, k, tb = parse(size)
            flops = 2.0 * m * n * k
            for th in (int(t) for t in args.threads.split(",")):
                best = {"numpy": float("inf"), **{i: float("inf") for i in impls}}
                cpu = dict(best)
                for _ in range(args.rounds):
                    for name, (w, c) in [("numpy", numpy_time(m, n, k, tb, th, args.min_time))] + \
                            [(i, go_time(binary, i, size, th, args.min_time)) for i in impls]:
                        best[name], cpu[name] = min(best[name], w), min(cpu[name], c)
                ref = flops / best["numpy"] / 1e9
                cols = []
                for i in impls:
                    g = flops / best[i] / 1e9
                    cols.append(f"{g:9.1f} {g / ref:6.2f} {cpu['numpy'] / cpu[i]:6.2f}")
                print(f"{size:>14} {th:>3} {ref:9.1f} " + " ".join(cols), flush=True)


if __name__ == "__main__":
    main()
