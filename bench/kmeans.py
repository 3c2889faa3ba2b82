#!/usr/bin/env python3
"""k-means: yak's runtime/cluster against scikit-learn's KMeans, same data, same k.

Run from the repository root (OpenBLAS's tuning variables unset in this one
command, as for every numpy benchmark here):

    make bench-kmeans    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/kmeans.py

with numpy and scikit-learn from requirements-bench.txt (`make bench-venv`).

Data: the 30,000 most frequent words' 100-d GloVe vectors (../shared/data).
Both sides: k-means++ (greedy, 2+ln k local trials), n_init=1,
algorithm="lloyd", the same number of Lloyd iterations with the tolerance off
(tol=0: a run stops early only if no label changes). Timed three ways:
k-means++ alone, Lloyd alone from the SAME initial centres (yak's k-means++
output is handed to scikit-learn as init), and the whole fit each with its own
initialisation. Prints seconds and the ratio scikit-learn / yak (> 1: yak is
faster), in wall-clock time and in process CPU time (all threads; steadier on a
machine shared with other work, though it counts any spinning of OpenMP or
OpenBLAS threads against scikit-learn).
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_info

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data", "embeddings", "glove-100d-top30k.txt.gz")


def load(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [line.split()[1:] for line in f if line.strip()]
    return np.asarray(rows, dtype=np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--k", type=int, default=2000)
    ap.add_argument("--iter", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=2, help="repeats; best time kept")
    ap.add_argument("--lloyd-only", action="store_true",
                    help="time only Lloyd from the same initial centres (the issue 13 goal); skips "
                         "scikit-learn's k-means++ and whole fit, which take most of the run")
    args = ap.parse_args()

    for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        print(f"# {v}={os.environ.get(v, '(unset)')}")
    print(f"# scikit-learn {sklearn.__version__} from {os.path.dirname(sklearn.__file__)}, numpy {np.__version__}")
    for info in threadpool_info():
        print(f"# {info['internal_api']} {info.get('version')} kernel={info.get('architecture')} "
              f"threads={info.get('num_threads')}")
    x = load(args.data)
    n, dim = x.shape
    print(f"# data {n} x {dim}, k={args.k}, {args.iter} Lloyd iterations, tol=0, n_init=1")

    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "kmeansbench")
        subprocess.run(["go", "build", "-o", binary, "./bench/kmeans"], cwd=ROOT, check=True)
        init_path = os.path.join(tmp, "init.f32")

        def yak(*extra):
            out = subprocess.run([binary, "-data", args.data, "-k", str(args.k), "-iter", str(args.iter),
                                  "-seed", str(args.seed), *extra],
                                 check=True, capture_output=True, text=True).stdout
            return json.loads(out)

        def sk(init):
            km = KMeans(n_clusters=args.k, init=init, n_init=1, max_iter=args.iter, tol=0,
                        algorithm="lloyd", random_state=args.seed)
            t0, c0 = time.perf_counter(), time.process_time()
            km.fit(x)
            return time.perf_counter() - t0, time.process_time() - c0, km

        best = {}
        for _ in range(args.rounds):
            y = yak("-centers-out", init_path)
            init = np.fromfile(init_path, dtype="<f4").reshape(args.k, dim)
            sk_lloyd, skc_lloyd, km_lloyd = sk(init)
            if args.lloyd_only:
                sk_full = skc_full = sk_init = skc_init = float("nan")
                km_full = None
            else:
                sk_full, skc_full, km_full = sk("k-means++")
                # scikit-learn's k-means++ alone, through its public helper.
                from sklearn.cluster import kmeans_plusplus
                t0, c0 = time.perf_counter(), time.process_time()
                kmeans_plusplus(x, args.k, random_state=args.seed)
                sk_init, skc_init = time.perf_counter() - t0, time.process_time() - c0
            for key, v in (("yak_init", y["init_s"]), ("yak_lloyd", y["lloyd_s"]),
                           ("yak_full", y["init_s"] + y["lloyd_s"]), ("sk_init", sk_init),
                           ("sk_lloyd", sk_lloyd), ("sk_full", sk_full),
                           ("yakc_init", y["init_cpu_s"]), ("yakc_lloyd", y["lloyd_cpu_s"]),
                           ("yakc_full", y["init_cpu_s"] + y["lloyd_cpu_s"]), ("skc_init", skc_init),
                           ("skc_lloyd", skc_lloyd), ("skc_full", skc_full)):
                best[key] = min(best.get(key, float("inf")), v)
        print(f"# yak gemm={y['gemm']}: {y['iter']} iterations, inertia {y['inertia']:.6g}; "
              f"scikit-learn from the same start: {km_lloyd.n_iter_} iterations, inertia {km_lloyd.inertia_:.6g}; "
              + (f"own k-means++: {km_full.n_iter_} iterations, inertia {km_full.inertia_:.6g}" if km_full else
                 "own k-means++: not run (--lloyd-only)"))
        print(f"{'stage':>28} {'yak s':>8} {'sklearn s':>10} {'ratio':>6} {'yak cpu':>8} {'skl cpu':>8} {'ratio':>6}"
              "   (ratio = sklearn/yak, wall and process CPU time)")
        stages = [("k-means++", "init", "init"), ("Lloyd, same initial centres", "lloyd", "lloyd"),
                  ("whole fit", "full", "full")]
        if args.lloyd_only:
            stages = stages[1:2]
        for stage, a, b in stages:
            ya, sa, yc, sc = best["yak_" + a], best["sk_" + b], best["yakc_" + a], best["skc_" + b]
            print(f"{stage:>28} {ya:8.3f} {sa:10.3f} {sa / ya:6.2f} {yc:8.3f} {sc:8.3f} {sc / yc:6.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
