#!/usr/bin/env python3
"""One U-Net training step, yak (plugins/calib) against PyTorch.

Run from the repository root with the peers pinned in requirements-bench.txt (`make bench-venv` makes .venv-bench) and
OpenBLAS's tuning variables unset for this one command:

    make bench-calib    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/calib_torch.py

The model is the same on both sides: calib.NewUNet with base width 8, depth 3
(conv3x3+ReLU twice per level, 2x2 max pooling, nearest x2 upsampling,
concatenated skips, 1x1 head), 1 input channel, 4 classes; 64x64 images,
batch 8; a step is forward, loss, backward and an Adam step (lr 1e-3). The
Go side is BenchmarkUNetStepCE / BenchmarkUNetStepNACL of plugins/calib
(built once with `go test -c`). Rounds alternate Go and PyTorch; each side
is timed with 1 thread and with all cores and keeps its best time. Wall
clock and, because the machine is shared, CPU time per step are printed;
the ratios are PyTorch time / yak time (above 1: yak is faster). Go's CPU
time per step is the benchmark's cpu-ns/op metric (getrusage around the timed
loop), PyTorch's is time.process_time around one step.

With --3d the model is the 3-D U-Net of bench/calib -3d (calib.NewUNet with
Dims 3, base 8, depth 2: conv3x3x3, 2x2x2 pooling) on 2 volumes of 16^3, the
Go side BenchmarkUNet3dStepCE / BenchmarkUNet3dStepNACL.
"""
import argparse
import os
import re
import subprocess
import tempfile
import time

import torch
import torch.nn as tnn
import torch.nn.functional as F

import gobench  # bench/: one Go process per thread count

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THREADS = sorted({1, os.cpu_count()})
BATCH, SIZE, BASE, DEPTH, CLASSES = 8, 64, 8, 3, 4
VOLUMES = False  # --3d


class UNet(tnn.Module):
    def __init__(self):
        super().__init__()
        Conv = tnn.Conv3d if VOLUMES else tnn.Conv2d
        self.pool = F.max_pool3d if VOLUMES else F.max_pool2d
        self.down = tnn.ModuleList()
        cin = 1
        for l in range(DEPTH + 1):
            w = BASE << l
            self.down.append(tnn.ModuleList([Conv(cin, w, 3, padding=1), Conv(w, w, 3, padding=1)]))
            cin = w
        self.up = tnn.ModuleList()
        for l in range(DEPTH - 1, -1, -1):
            w = BASE << l
            self.up.append(tnn.ModuleList([Conv(cin + w, w, 3, padding=1), Conv(w, w, 3, padding=1)]))
            cin = w
        self.head = Conv(cin, CLASSES, 1)

    def forward(self, x):
        skips = []
        for i, (a, b) in enumerate(self.down):
            x = F.relu(b(F.relu(a(x))))
            if i < DEPTH:
                skips.append(x)
                x = self.pool(x, 2)
        for i, (a, b) in enumerate(self.up):
            x = torch.cat([F.interpolate(x, scale_factor=2, mode="nearest"), skips[-1 - i]], 1)
            x = F.relu(b(F.relu(a(x))))
        return self.head(x)


def nacl(logits, y):
    if VOLUMES:
        # 3x3x3 mean of the one-hot labels; outside neighbours count as
        # background (the authors' zero-padded label map, one dimension up)
        onehot = F.one_hot(y, CLASSES).permute(0, 4, 1, 2, 3).float()
        box = torch.ones(CLASSES, 1, 3, 3, 3) / 27.0
        tau = F.conv3d(onehot, box, padding=1, groups=CLASSES)
        tau[:, 0] += 1 - tau.sum(1)
        return F.cross_entropy(logits, y) + 0.1 * (tau - logits).abs().mean()
    # the authors' prior: unfolded labels with zero padding, 3x3 mean, L1
    u = F.unfold(y[:, None].float(), kernel_size=3, padding=1)
    tau = torch.stack([(u == c).sum(1) / 9.0 for c in range(CLASSES)], 1).reshape(logits.shape)
    return F.cross_entropy(logits, y) + 0.1 * (tau - logits).abs().mean()


def make_step(loss):
    torch.manual_seed(1)
    net = UNet()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    sides = (SIZE,) * (3 if VOLUMES else 2)
    x = torch.randn(BATCH, 1, *sides)
    y = torch.randint(0, CLASSES, (BATCH, *sides))

    def step():
        opt.zero_grad()
        loss(net(x), y).backward()
        opt.step()
    return step


def torch_time(step, min_time):
    """(wall, cpu) seconds per call, best of timed batches within min_time."""
    for _ in range(2):
        step()
    best, best_cpu = float("inf"), float("inf")
    t_end = time.perf_counter() + min_time
    while True:
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        if time.perf_counter() > t_end:
            return best, best_cpu


def go_times(binary, benchtime):
    name = "UNet3dStep" if VOLUMES else "UNetStep"
    out = gobench.run(binary, ["-test.run=^$", "-test.bench=^Benchmark" + name + "(CE|NACL)$",
                               "-test.benchtime=" + benchtime], THREADS, os.path.join(ROOT, "plugins", "calib"))
    times = {}
    for line in out.splitlines():
        m = re.match(r"Benchmark" + name + r"(\w+?)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) cpu-ns/op", line)
        if m:
            t, c = float(m.group(3)) * 1e-9, float(m.group(4)) * 1e-9
            key = m.group(1)
            if t < times.get(key, (float("inf"), 0, 0))[0]:
                times[key] = (t, c, int(m.group(2) or 1))
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=3.0)
    ap.add_argument("--benchtime", default="6x")
    ap.add_argument("--3d", dest="volumes", action="store_true", help="the 3-D U-Net on 2 volumes of 16^3")
    args = ap.parse_args()
    if args.volumes:
        global VOLUMES, BATCH, SIZE, DEPTH
        VOLUMES, BATCH, SIZE, DEPTH = True, 2, 16, 2
    steps = {"CE": make_step(F.cross_entropy), "NACL": make_step(nacl)}
    go_best, torch_best = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "calib.test")
        subprocess.run(["go", "test", "-c", "-o", binary, "./plugins/calib"], cwd=ROOT, check=True)
        for _ in range(args.rounds):
            c0 = time.process_time()
            c0c = os.times()
            for k, v in go_times(binary, args.benchtime).items():
                go_best[k] = min(go_best.get(k, (float("inf"), 0, 0)), v)
            for threads in THREADS:
                torch.set_num_threads(threads)
                for k, s in steps.items():
                    w, c = torch_time(s, args.min_time)
                    if w < torch_best.get(k, (float("inf"), 0, 0))[0]:
                        torch_best[k] = (w, c, threads)
    print(f"PyTorch {torch.__version__}; threads tried {THREADS}; best of {args.rounds} rounds; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; load average {os.getloadavg()[0]:.1f}")
    shape = f"{SIZE}^3 volumes" if VOLUMES else f"{SIZE}x{SIZE}"
    print(f"U-Net base {BASE}, depth {DEPTH}, {shape}, batch {BATCH}, {CLASSES} classes, Adam; one training step")
    print(f"{'loss':6s} {'yak ms':>8s} {'cpu ms':>7s} {'thr':>3s} {'PyTorch ms':>11s} {'cpu ms':>7s} {'thr':>3s} "
          f"{'PyTorch/yak wall':>17s} {'cpu':>6s}")
    for k in steps:
        (g, gc, gt), (t, tc, tt) = go_best[k], torch_best[k]
        print(f"{k:6s} {g * 1e3:8.1f} {gc * 1e3:7.1f} {gt:3d} {t * 1e3:11.1f} {tc * 1e3:7.1f} {tt:3d} "
              f"{t / g:16.2f}x {tc / gc:5.2f}x")


if __name__ == "__main__":
    main()
