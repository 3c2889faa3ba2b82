#!/usr/bin/env python3
"""yak's runtime (tensors, autodiff, layers, losses, SGD) against PyTorch, side by side.

Run from the repository root with the peers pinned in requirements-bench.txt (`make bench-venv` makes .venv-bench) and
OpenBLAS's tuning variables unset for this one command:

    make bench-runtime    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/runtime_torch.py ...

The Go side is the BenchmarkXxx functions of runtime/nn (built once with
`go test -c`); each case runs the same computation in PyTorch. Rounds
alternate Go and PyTorch and the best time of each side is kept, so load from
other processes on this shared 2-core machine hits both alike. Both sides
are timed with one thread and with all cores (go test -cpu, and
torch.set_num_threads) and keep their better time; the winning thread counts
are printed. The ratio is PyTorch time / yak time: above 1 means yak is
faster.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn as tnn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Debian's torch starts with one OpenMP thread here. Each case is timed on
# both sides with 1 thread and with every core, and each side's better
# figure is kept: on a loaded machine, waiting for the slower of two threads
# can cost more than the second core gives.
THREADS = sorted({1, os.cpu_count()})

# Same sizes as the constants in runtime/nn/bench_test.go.
BATCH, SIZE, WIDTH, CLASSES = 8, 64, 8, 4


def mlp_step():
    torch.manual_seed(1)
    net = tnn.Sequential(tnn.Linear(100, 100), tnn.ReLU(), tnn.Linear(100, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x, y = torch.randn(1, 100), torch.tensor([[0.5]])

    def step():
        opt.zero_grad()
        F.mse_loss(net(x), y).backward()
        opt.step()
    return step


def conv(cin, cout, input_grad, relu=False):
    def make():
        torch.manual_seed(1)
        c = tnn.Conv2d(cin, cout, 3, padding=1)
        x = torch.randn(BATCH, cin, SIZE, SIZE, requires_grad=input_grad)
        g = torch.randn(BATCH, cout, SIZE, SIZE)

        def step():
            c.zero_grad()
            x.grad = None
            y = c(x)
            if relu:
                y = torch.relu(y)
            y.backward(g)
        return step
    return make


def image_op(f):
    def make():
        torch.manual_seed(1)
        x = torch.randn(BATCH, WIDTH, SIZE, SIZE, requires_grad=True)
        g = torch.randn(f(x).shape)

        def step():
            x.grad = None
            f(x).backward(g)
        return step
    return make


def cross_entropy_pixels():
    torch.manual_seed(1)
    x = torch.randn(BATCH, CLASSES, SIZE, SIZE, requires_grad=True)
    labels = torch.randint(0, CLASSES, (BATCH, SIZE, SIZE))

    def step():
        x.grad = None
        F.cross_entropy(x, labels).backward()
    return step


bn = tnn.BatchNorm2d(WIDTH)


class MiniUNet(tnn.Module):
    """runtime/nn's miniUNet: two levels of conv3x3+ReLU pairs, nearest upsampling, concatenation."""

    def __init__(self, w=WIDTH):
        super().__init__()
        c = lambda i, o: tnn.Conv2d(i, o, 3, padding=1)  # noqa: E731
        self.e1a, self.e1b, self.e2a, self.e2b = c(1, w), c(w, w), c(w, 2 * w), c(2 * w, 2 * w)
        self.ba, self.bb, self.d2a, self.d2b = c(2 * w, 4 * w), c(4 * w, 4 * w), c(6 * w, 2 * w), c(2 * w, 2 * w)
        self.d1a, self.d1b, self.head = c(3 * w, w), c(w, w), tnn.Conv2d(w, CLASSES, 1)

    def forward(self, x):
        r, up = torch.relu, lambda t: F.interpolate(t, scale_factor=2, mode="nearest")  # noqa: E731
        e1 = r(self.e1b(r(self.e1a(x))))
        e2 = r(self.e2b(r(self.e2a(F.max_pool2d(e1, 2)))))
        b = r(self.bb(r(self.ba(F.max_pool2d(e2, 2)))))
        d2 = r(self.d2b(r(self.d2a(torch.cat([up(b), e2], 1)))))
        d1 = r(self.d1b(r(self.d1a(torch.cat([up(d2), e1], 1)))))
        return self.head(d1)


def unet_step():
    torch.manual_seed(1)
    net = MiniUNet()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(BATCH, 1, SIZE, SIZE)
    labels = torch.randint(0, CLASSES, (BATCH, SIZE, SIZE))

    def step():
        opt.zero_grad()
        F.cross_entropy(net(x), labels).backward()
        opt.step()
    return step

# (Go benchmark name, PyTorch step factory, goal as a minimum ratio or None)
CASES = [
    ("MLPStep", mlp_step, 10.0),
    ("Conv2dFwdBwd", conv(1, 16, False), 1.0),
    ("Conv2dFwdBwdInputGrad", conv(1, 16, True), None),
    ("Conv2dWide", conv(WIDTH, WIDTH, True), None),
    ("Conv2dReLUWide", conv(WIDTH, WIDTH, True, relu=True), None),
    ("MaxPool2", image_op(lambda x: F.max_pool2d(x, 2)), None),
    ("UpsampleNearest2", image_op(lambda x: F.interpolate(x, scale_factor=2, mode="nearest")), None),
    ("UpsampleBilinear2", image_op(lambda x: F.interpolate(x, scale_factor=2, mode="bilinear",
                                                           align_corners=False)), None),
    ("BatchNorm2d", image_op(bn), None),
    ("ReLUImage", image_op(torch.relu), None),
    ("CrossEntropyPixels", cross_entropy_pixels, None),
    ("UNetStep", unet_step, None),
]


def torch_time(step, min_time):
    """Seconds per call: the best of several timed batches within min_time."""
    for _ in range(3):
        step()
    calls, best = 1, float("inf")
    t_end = time.perf_counter() + min_time
    while True:
        t0 = time.perf_counter()
        for _ in range(calls):
            step()
        dt = time.perf_counter() - t0
        best = min(best, dt / calls)
        if dt < min_time / 10:
            calls *= 2
        if time.perf_counter() > t_end:
            return best


def go_times(binary, names, benchtime):
    """{name: (seconds, GOMAXPROCS)}: the better of 1 and all cores."""
    pattern = "^Benchmark(" + "|".join(names) + ")$"
    cpus = ",".join(str(t) for t in THREADS)
    out = subprocess.run([binary, "-test.run=^$", "-test.bench=" + pattern, "-test.cpu=" + cpus,
                          "-test.benchtime=" + benchtime], capture_output=True, text=True, check=True,
                         cwd=os.path.join(ROOT, "runtime", "nn")).stdout
    times = {}
    for line in out.splitlines():
        m = re.match(r"Benchmark(\w+?)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op", line)
        if m:
            t, procs = float(m.group(3)) * 1e-9, int(m.group(2) or 1)
            if t < times.get(m.group(1), (float("inf"), 0))[0]:
                times[m.group(1)] = (t, procs)
    return times


def fmt(s):
    return f"{s * 1e6:10.1f} us" if s < 1e-3 else f"{s * 1e3:10.3f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=0.5, help="seconds per case per round (PyTorch)")
    ap.add_argument("--benchtime", default="0.5s", help="go test -benchtime per case per round")
    ap.add_argument("--only", default="", help="regexp of cases to run")
    args = ap.parse_args()
    cases = [c for c in CASES if re.search(args.only, c[0])]

    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "nn.test")
        subprocess.run(["go", "test", "-c", "-o", binary, "./runtime/nn"], cwd=ROOT, check=True)
        go_best, torch_best = {}, {}
        steps = {name: make() for name, make, _ in cases}
        for _ in range(args.rounds):
            for name, t in go_times(binary, [c[0] for c in cases], args.benchtime).items():
                go_best[name] = min(go_best.get(name, (float("inf"), 0)), t)
            for threads in THREADS:
                torch.set_num_threads(threads)
                for name, _, _ in cases:
                    t = torch_time(steps[name], max(args.min_time, 1.0) if name == "UNetStep" else args.min_time)
                    if t < torch_best.get(name, (float("inf"), 0))[0]:
                        torch_best[name] = (t, threads)

    gemm = subprocess.run(["go", "run", "./bench/runtime_torch_info"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    print(f"PyTorch {torch.__version__}, best of {THREADS} threads; Go: {gemm}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; best of {args.rounds} rounds")
    print(f"{'case':24s} {'yak':>13s} {'thr':>3s} {'PyTorch':>13s} {'thr':>3s} {'PyTorch/yak':>12s}  goal")
    ok = True
    for name, _, goal in cases:
        (g, gthreads), (t, tthreads) = go_best.get(name, (None, 0)), torch_best[name]
        if g is None:
            print(f"{name:24s} {'missing':>13s}")
            ok = False
            continue
        ratio = t / g
        verdict = ""
        if goal is not None:
            verdict = f">= {goal:g}x " + ("met" if ratio >= goal else f"MISSED by {goal / ratio:.2f}x")
        print(f"{name:24s} {fmt(g)} {gthreads:3d} {fmt(t)} {tthreads:3d} {ratio:11.2f}x  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
