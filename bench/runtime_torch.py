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
faster. Because the machine is shared, CPU time per call (user+system) at one
thread per side is printed too: yak's from the benchmarks' cpu-ns/op metric
(getrusage around the loop), PyTorch's from time.process_time; goals are
judged on the wall-clock ratio.
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

import gobench  # bench/: one Go process per thread count

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Each case is timed on
# both sides with 1 thread and with every core, and each side's better
# figure is kept: on a loaded machine, waiting for the slower of two threads
# can cost more than the second core gives.
THREADS = sorted({1, os.cpu_count()})

# Same sizes as the constants in runtime/nn/bench_test.go and bench3d_test.go.
BATCH, SIZE, WIDTH, CLASSES = 8, 64, 8, 4
VOL_BATCH, VOL_SIZE, VOL_WIDTH = 2, 16, 8


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


def conv_case(layer, x_shape, y_shape, input_grad, relu=False):
    """A convolution's forward and backward: layer() made after seeding, then x and dy."""
    def make():
        torch.manual_seed(1)
        c = layer()
        x = torch.randn(*x_shape, requires_grad=input_grad)
        g = torch.randn(*y_shape)

        def step():
            c.zero_grad()
            x.grad = None
            y = c(x)
            if relu:
                y = torch.relu(y)
            y.backward(g)
        return step
    return make


def conv(cin, cout, input_grad, relu=False):
    return conv_case(lambda: tnn.Conv2d(cin, cout, 3, padding=1), (BATCH, cin, SIZE, SIZE),
                     (BATCH, cout, SIZE, SIZE), input_grad, relu)


def conv3d(cin, cout, input_grad):
    vol = (VOL_SIZE, VOL_SIZE, VOL_SIZE)
    return conv_case(lambda: tnn.Conv3d(cin, cout, 3, padding=1), (VOL_BATCH, cin, *vol),
                     (VOL_BATCH, cout, *vol), input_grad)


def op_case(f, shape):
    """f's forward and backward on a random input of the given shape."""
    def make():
        torch.manual_seed(1)
        x = torch.randn(*shape, requires_grad=True)
        g = torch.randn(f(x).shape)

        def step():
            x.grad = None
            f(x).backward(g)
        return step
    return make


def volume_op(f):
    return op_case(f, (VOL_BATCH, VOL_WIDTH, VOL_SIZE, VOL_SIZE, VOL_SIZE))


def image_op(f):
    return op_case(f, (BATCH, WIDTH, SIZE, SIZE))


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
    ("Conv2dFwdBwd", conv(1, 16, False), 1.5),
    ("Conv2dFwdBwdInputGrad", conv(1, 16, True), None),
    ("Conv2dWide", conv(WIDTH, WIDTH, True), None),
    ("Conv2dReLUWide", conv(WIDTH, WIDTH, True, relu=True), None),
    ("MaxPool2", image_op(lambda x: F.max_pool2d(x, 2)), 1.2),
    ("UpsampleNearest2", image_op(lambda x: F.interpolate(x, scale_factor=2, mode="nearest")), 1.2),
    ("UpsampleBilinear2", image_op(lambda x: F.interpolate(x, scale_factor=2, mode="bilinear",
                                                           align_corners=False)), None),
    ("BatchNorm2d", image_op(bn), None),
    ("ReLUImage", image_op(torch.relu), 1.5),
    ("CrossEntropyPixels", cross_entropy_pixels, 1.5),
    ("UNetStep", unet_step, 1.5),
    ("Conv3dFwdBwd", conv3d(VOL_WIDTH, VOL_WIDTH, True), None),
    ("Conv3dFirst", conv3d(1, VOL_WIDTH, False), None),
    ("MaxPool3d", volume_op(lambda x: F.max_pool3d(x, 2)), None),
    ("UpsampleNearest3d", volume_op(lambda x: F.interpolate(x, scale_factor=2, mode="nearest")), None),
]


def torch_time(step, min_time):
    """(seconds, CPU seconds) per call: the best of several timed batches within min_time."""
    for _ in range(3):
        step()
    calls, best, best_cpu = 1, float("inf"), float("inf")
    t_end = time.perf_counter() + min_time
    while True:
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(calls):
            step()
        dt = time.perf_counter() - t0
        best = min(best, dt / calls)
        best_cpu = min(best_cpu, (time.process_time() - c0) / calls)
        if dt < min_time / 10:
            calls *= 2
        if time.perf_counter() > t_end:
            return best, best_cpu


def go_times(binary, names, benchtime):
    """({name: (seconds, GOMAXPROCS)}: the better of 1 and all cores, {name: CPU seconds at 1 core})."""
    pattern = "^Benchmark(" + "|".join(names) + ")$"
    out = gobench.run(binary, ["-test.run=^$", "-test.bench=" + pattern, "-test.benchtime=" + benchtime],
                      THREADS, os.path.join(ROOT, "runtime", "nn"))
    times, cpu1 = {}, {}
    for line in out.splitlines():
        m = re.match(r"Benchmark(\w+?)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) cpu-ns/op)?", line)
        if m:
            t, procs = float(m.group(3)) * 1e-9, int(m.group(2) or 1)
            if t < times.get(m.group(1), (float("inf"), 0))[0]:
                times[m.group(1)] = (t, procs)
            if procs == 1 and m.group(4):
                cpu1[m.group(1)] = float(m.group(4)) * 1e-9
    return times, cpu1


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
        go_best, torch_best, go_cpu, torch_cpu = {}, {}, {}, {}
        steps = {name: make() for name, make, _ in cases}
        for _ in range(args.rounds):
            times, cpu1 = go_times(binary, [c[0] for c in cases], args.benchtime)
            for name, t in times.items():
                go_best[name] = min(go_best.get(name, (float("inf"), 0)), t)
            for name, c in cpu1.items():
                go_cpu[name] = min(go_cpu.get(name, float("inf")), c)
            for threads in THREADS:
                torch.set_num_threads(threads)
                for name, _, _ in cases:
                    t, c = torch_time(steps[name], max(args.min_time, 1.0) if name == "UNetStep" else args.min_time)
                    if t < torch_best.get(name, (float("inf"), 0))[0]:
                        torch_best[name] = (t, threads)
                    if threads == 1:
                        torch_cpu[name] = min(torch_cpu.get(name, float("inf")), c)

    gemm = subprocess.run(["go", "run", "./bench/runtime_torch_info"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    print(f"PyTorch {torch.__version__}, best of {THREADS} threads; Go: {gemm}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; best of {args.rounds} rounds")
    print("wall: best of both thread counts per side; CPU: user+system time per call at 1 thread per side")
    print(f"{'case':24s} {'yak':>13s} {'thr':>3s} {'PyTorch':>13s} {'thr':>3s} {'PyTorch/yak':>12s}"
          f" {'yak CPU':>13s} {'PyTorch CPU':>13s} {'CPU ratio':>10s}  goal")
    ok = True
    for name, _, goal in cases:
        (g, gthreads), (t, tthreads) = go_best.get(name, (None, 0)), torch_best[name]
        if g is None:
            print(f"{name:24s} {'missing':>13s}")
            ok = False
            continue
        ratio = t / g
        gc, tc = go_cpu.get(name), torch_cpu.get(name)
        cpu = f" {fmt(gc)} {fmt(tc)} {tc / gc:9.2f}x" if gc and tc else f" {'':13s} {'':13s} {'':10s}"
        verdict = ""
        if goal is not None:
            verdict = f">= {goal:g}x " + ("met" if ratio >= goal else f"MISSED by {goal / ratio:.2f}x")
        print(f"{name:24s} {fmt(g)} {gthreads:3d} {fmt(t)} {tthreads:3d} {ratio:11.2f}x{cpu}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
