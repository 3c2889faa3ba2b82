#!/usr/bin/env python3
"""float32 GEMM: yak's runtime/gemm against OpenBLAS (through numpy), side by side, in pairs.

Run from the repository root, with OpenBLAS's tuning variables unset for this
one command (they force a slower kernel on this machine):

    make bench-gemm    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/gemm.py

with numpy (and its OpenBLAS) and, with --torch, torch (MKL) from
requirements-bench.txt (`make bench-venv`).

How it resists a loaded machine: yak runs in one long-lived process
(`bench/gemm -serve`) with its operands made once, and each round times one
batch of calls (about --batch seconds) per side and thread count, back to
back, the order of the sides rotating from round to round, with a short sleep
(--gap) before each batch so that one side's spinning idle threads do not take
a core from the next. A round is a
pair: its ratio yak / OpenBLAS compares two batches measured within a second
of each other, so load that comes and goes hits both. The verdict is the
median of the per-round ratios over --rounds rounds (with the quartiles, so a
reader sees how much the machine moved it), in wall time and in CPU time
(process user+system time, all threads: GFLOP per CPU-second, which the load
disturbs less). "best" is the form of issue 13's goals: per round, each side's
faster thread count, then the median of those ratios.

Sizes: n (square) or MxNxK, with a trailing t for B transposed (C = A·Bᵀ) and
a leading t for A transposed (C = Aᵀ·B, A stored K×M). The
defaults are the goal sizes and the skinny shapes of the runtime's users:
convolutions through im2col (C_out × H·W × C_in·9: 8x4096x9, 16x4096x72,
32x1024x288, 64x1024x576, the weight gradient 16x72x4096t, and the input
gradients t72x4096x16, t288x1024x32 and t576x1024x64 (Wᵀ·dY)), attention
(per-head scores 64x64x64t and their product with V 64x64x64), BERT-base's
layers for 32 sequences of 64 tokens (projection 2048x768x768, fused
query/key/value 2048x2304x768, feed-forward 2048x3072x768 and 2048x768x3072),
and the matrix-vector cases.
"""
import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEFAULT_SIZES = ("256,1024,2048,8x4096x9,16x4096x72,32x1024x288,64x1024x576,16x72x4096t,"
                 "t72x4096x16,t288x1024x32,t576x1024x64,"
                 "64x64x64t,64x64x64,2048x768x768,2048x2304x768,2048x3072x768,2048x768x3072,"
                 "1x768x768t,768x1x768")


def parse(size):
    """[t]MxNxK[t] or n[t] -> (m, n, k, trans_b, trans_a)."""
    ta, tb = size.startswith("t"), size.endswith("t")
    parts = [int(p) for p in size.strip("t").split("x")]
    m, n, k = parts * 3 if len(parts) == 1 else parts
    return m, n, k, tb, ta


def timed_batch(fn, calls):
    """Wall and process CPU seconds per call over calls calls of fn."""
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t0) / calls, (time.process_time() - c0) / calls


@contextlib.contextmanager
def torch_threads(torch, threads):
    """Runs the block with torch limited to threads, restoring its setting after."""
    prev = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(prev)


class PySide:
    """A peer in this process: setup(size, threads) returns the call to time
    and a context manager that sets the peer's thread count around it."""

    def __init__(self, name, setup):
        self.name, self.setup, self.cache = name, setup, {}

    def run(self, size, threads, calls):
        key = (size, threads)
        if key not in self.cache:
            self.cache[key] = self.setup(size, threads)
        fn, limit = self.cache[key]
        with limit():
            fn()  # wakes the peer's threads at this count; not timed
            return timed_batch(fn, calls)

    def close(self):
        pass


class GoSide:
    """yak in its own long-lived process: `bench/gemm -serve`, one request
    line per batch (see bench/gemm/serve.go)."""

    def __init__(self, name, binary, request, env=None):
        self.name, self.request = name, request
        self.proc = subprocess.Popen([binary, "-serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env)

    def ask(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        r = json.loads(self.proc.stdout.readline())
        if "error" in r:
            raise RuntimeError(f"{self.name}: {r['error']}")
        return r

    def run(self, size, threads, calls):
        self.ask(self.request(size, threads, 1))  # same warm-up call as the peers
        r = self.ask(self.request(size, threads, calls))
        return r["wall"], r["cpu"]

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def quartiles(xs):
    q = statistics.quantiles(xs, n=4, method="inclusive") if len(xs) > 1 else [xs[0]] * 3
    return q[0], q[1], q[2]


def compare(sides, peers, sizes, threads, rounds, batch, gap, flops_of, unit="GFLOP/s"):
    """Times every side at every size and thread count in interleaved rounds
    and prints, per size, each side's median rate and the median (quartiles)
    of the per-round ratios of each yak side to each peer. peers are the
    names of the reference sides (the first is the goal's). Returns
    {size: {(yak, peer): (median best ratio, median 1-thread CPU ratio, ...)}}."""
    yaks = [s for s in sides if s.name not in peers]
    verdicts = {}
    print(f"# {rounds} rounds of one ~{batch:g} s batch per side and thread count; ratio = yak / peer,"
          " median of the per-round ratios [quartiles]; cpu = the same in GFLOP per CPU-second", flush=True)
    for size in sizes:
        flops = flops_of(size)
        calls = {}
        for th in threads:
            for s in sides:
                w, _ = s.run(size, th, 1)
                w, _ = s.run(size, th, 1)
                calls[s.name, th] = max(1, round(batch / max(w, 1e-9)))
        wall = {(s.name, th): [] for s in sides for th in threads}
        cpu = {(s.name, th): [] for s in sides for th in threads}
        for r in range(rounds):
            for th in threads:
                order = sides[r % len(sides):] + sides[:r % len(sides)]
                for s in order:
                    time.sleep(gap)  # the last side's idle threads stop spinning
                    w, c = s.run(size, th, calls[s.name, th])
                    wall[s.name, th].append(w)
                    cpu[s.name, th].append(c)
        load = os.getloadavg()[0]
        for th in threads:
            rates = " ".join(f"{s.name} {flops / statistics.median(wall[s.name, th]) / 1e9:7.1f}" for s in sides)
            cols = []
            for y in yaks:
                for p in peers:
                    rw = [a / b for a, b in zip(wall[p, th], wall[y.name, th])]
                    rc = [a / b for a, b in zip(cpu[p, th], cpu[y.name, th])]
                    lo, med, hi = quartiles(rw)
                    cols.append(f"{y.name}/{p} {med:5.2f} [{lo:4.2f}-{hi:4.2f}] cpu {statistics.median(rc):5.2f}")
            print(f"{size:>14} {th} thr  {unit}: {rates}  |  " + "  ".join(cols), flush=True)
        v = {}
        for y in yaks:
            for p in peers:
                best = [min(wall[p, th][r] for th in threads) / min(wall[y.name, th][r] for th in threads)
                        for r in range(rounds)]
                cpus = [statistics.median([a / b for a, b in zip(cpu[p, th], cpu[y.name, th])]) for th in threads]
                v[y.name, p] = (quartiles(best), cpus)
        print(f"{size:>14} best   " + "  ".join(
            f"{y}/{p} {q[1]:5.2f} [{q[0]:4.2f}-{q[2]:4.2f}]" for (y, p), (q, _) in v.items()) +
              f"   (load {load:.1f})", flush=True)
        verdicts[size] = v
    return verdicts


def summary(verdicts, threads, goal_peer):
    """The verdict table: per size, the median best-of-threads ratio to the
    goal's peer with its quartiles, and the CPU-time ratio per thread count."""
    print(f"\nsummary: ratio to {goal_peer}, best of threads {','.join(map(str, threads))} per side and round, "
          "median [quartiles]; cpu per thread count, median")
    for size, v in verdicts.items():
        cols = []
        for (y, p), (q, cpus) in v.items():
            if p == goal_peer:
                cols.append(f"{y} {q[1]:5.2f} [{q[0]:4.2f}-{q[2]:4.2f}] cpu " +
                            " / ".join(f"{c:4.2f}" for c in cpus))
        print(f"{size:>14}  " + "  ".join(cols), flush=True)


def build(tmp, tags=()):
    binary = os.path.join(tmp, "gemmbench")
    subprocess.run(["go", "build", *tags, "-o", binary, "./bench/gemm"], cwd=ROOT, check=True)
    return binary


def header():
    with open("/proc/cpuinfo") as f:
        info = f.read()
    model = next((l.split(":", 1)[1].strip() for l in info.splitlines() if l.startswith("model name")), "?")
    flags = next((l.split(":", 1)[1].split() for l in info.splitlines() if l.startswith("flags")), [])
    simd = [f for f in flags if f.startswith(("avx512", "amx")) or f in ("avx2", "fma")]
    for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        print(f"# {v}={os.environ.get(v, '(unset)')}")
    print(f"# cpu: {model}, {os.cpu_count()} cpus; {' '.join(simd)}")
    print(f"# load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at start; python {sys.version.split()[0]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=DEFAULT_SIZES)
    ap.add_argument("--impls", default="avx512",
                    help="runtime/gemm implementations (those this CPU lacks are left out with a note); "
                         "'openblas' adds OpenBLAS through cgo")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--batch", type=float, default=0.1, help="seconds per batch of calls")
    ap.add_argument("--gap", type=float, default=0.2,
                    help="seconds of sleep before each batch: OpenBLAS's idle threads spin for about 2^28 "
                         "cycles after a call, which would take a core from the side timed next")
    ap.add_argument("--torch", action="store_true", help="add torch (MKL) as a second peer")
    ap.add_argument("--hugepages", default="on",
                    help="yak's operands on 2 MiB pages (on, the default, as a notebook's tensors), on 4 KiB "
                         "pages (off: YAK_HUGEPAGES=off), or both as two yak sides (on,off)")
    ap.add_argument("--binary", help="a bench/gemm binary built beforehand (go build -o BIN ./bench/gemm) "
                                     "instead of building one")
    args = ap.parse_args()

    import numpy as np
    from threadpoolctl import threadpool_info, threadpool_limits

    header()
    for info in threadpool_info():
        print(f"# {info['internal_api']} {info.get('version')} kernel={info.get('architecture')} "
              f"threads={info.get('num_threads')}")
    sides, peers = [], ["OpenBLAS"]

    def operands(size):
        m, n, k, tb, ta = parse(size)
        rng = np.random.default_rng(1)
        a = rng.random((k, m) if ta else (m, k), dtype=np.float32)
        b = rng.random((n, k) if tb else (k, n), dtype=np.float32)
        return (a.T if ta else a), (b.T if tb else b), np.empty((m, n), dtype=np.float32)

    def numpy_setup(size, threads):
        a, b, out = operands(size)
        return (lambda: np.matmul(a, b, out=out)), (lambda: threadpool_limits(threads, user_api="blas"))

    sides.append(PySide("OpenBLAS", numpy_setup))
    versions = f"numpy {np.__version__}"
    if args.torch:
        import torch

        def torch_setup(size, threads):
            a, b, out = operands(size)
            ta, tb, to = torch.from_numpy(a), torch.from_numpy(np.ascontiguousarray(b.T)).T, torch.from_numpy(out)
            return (lambda: torch.matmul(ta, tb, out=to)), lambda: torch_threads(torch, threads)
        sides.append(PySide("torch", torch_setup))
        peers.append("torch")
        versions += f", torch {torch.__version__}"
    print(f"# peers: {versions}")

    with tempfile.TemporaryDirectory() as tmp:
        impls = args.impls.split(",")
        # "openblas" is OpenBLAS called from Go through cgo (needs libopenblas-dev).
        binary = args.binary or build(tmp, ["-tags", "openblas"] if "openblas" in impls else [])
        for impl in impls:
            for hp in args.hugepages.split(","):
                if hp not in ("on", "off"):
                    sys.exit(f"--hugepages: want on, off or on,off, got {args.hugepages!r}")
                env = dict(os.environ, YAK_HUGEPAGES=hp)
                name = f"yak-{impl}" + ("-4k" if hp == "off" and "on" in args.hugepages.split(",") else "")
                side = GoSide(name, binary, lambda size, th, calls, impl=impl: f"sgemm {impl} {size} {th} {calls}",
                              env=env)
                try:
                    side.run("8", 1, 1)
                except RuntimeError as e:
                    print(f"# {impl}: not run ({e})")
                    side.close()
                    continue
                sides.append(side)
        threads = [int(t) for t in args.threads.split(",")]
        flops_of = lambda size: 2.0 * parse(size)[0] * parse(size)[1] * parse(size)[2]
        try:
            verdicts = compare(sides, peers, args.sizes.split(","), threads, args.rounds, args.batch, args.gap, flops_of)
        finally:
            for s in sides:
                s.close()
        summary(verdicts, threads, "OpenBLAS")
        if args.torch:
            summary(verdicts, threads, "torch")
        print(f"# load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")


if __name__ == "__main__":
    main()
