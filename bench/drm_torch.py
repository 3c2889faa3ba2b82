#!/usr/bin/env python3
"""DRM training speed: yak (plugins/drm) against the same model and step in PyTorch.

Run from the repository root with the peers pinned in requirements-bench.txt (`make bench-venv` makes .venv-bench) and
OpenBLAS's tuning variables unset for this one command:

    make bench-drm    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/drm_torch.py ...

One step: 5 training domains x 32 images of 1x28x28 (Rotated MNIST), the small CNN
of plugins/drm (conv3x3 8 + ReLU, maxpool 2, conv3x3 16 + ReLU, maxpool 2, linear
784->64 + ReLU), six linear heads (one per domain and one shared), the DRM loss
mean_i (CE(head_i(z_i), y_i) + CE(head_all(z_i), y_i)) / 2, backward and an Adam step.
The Go side is BenchmarkDRMStepCNN (built once with `go test -c`). Rounds alternate
Go and PyTorch, each with 1 thread and with every core, and keep each side's best
time, so load from other processes on a shared machine hits both alike. Prints
images per second and the ratio yak / PyTorch (above 1: yak is faster).

--model mnistcnn times DomainBed's MNIST CNN instead (conv3x3 64, conv3x3 128 stride 2, two conv3x3 128,
each followed by ReLU and GroupNorm(8), mean over pixels: 128 features) on 5 domains x 64 images, the
step bench/drm -search spends (Go side: BenchmarkDRMStepMNISTCNN), one thread each unless --threads says
otherwise, and adds CPU seconds per step beside wall time (yak's from the benchmark's cpu-ns/op, measured
around the timed steps alone; torch's from time.process_time around its timed steps).

--binary takes a test binary of ./plugins/drm built beforehand (`go test -c -o /tmp/drm.test ./plugins/drm`), so that
the build runs outside bench/quietbench's lock and the same binary can be compared with another.
"""
import argparse
import os
import re
import resource
import subprocess
import tempfile
import time

import torch
import torch.nn as tnn
import torch.nn.functional as F

import gobench  # bench/: one Go process per thread count

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAINS, BATCH, WIDTH, FEAT, CLASSES = 5, 32, 8, 64, 10  # as plugins/drm/bench_test.go
THREADS = sorted({1, os.cpu_count()})
MODEL = "cnn"


class MeanPool(tnn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def mnist_cnn():
    """DomainBed's MNIST CNN, written from its description (conv, ReLU, GroupNorm, mean pool)."""
    layers, cin = [], 1
    for cout, stride in ((64, 1), (128, 2), (128, 1), (128, 1)):
        layers += [tnn.Conv2d(cin, cout, 3, stride=stride, padding=1), tnn.ReLU(), tnn.GroupNorm(8, cout)]
        cin = cout
    return tnn.Sequential(*layers, MeanPool())


def torch_step():
    torch.manual_seed(1)
    if MODEL == "mnistcnn":
        feat = mnist_cnn()
    else:
        feat = tnn.Sequential(
            tnn.Conv2d(1, WIDTH, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
            tnn.Conv2d(WIDTH, 2 * WIDTH, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
            tnn.Flatten(), tnn.Linear(2 * WIDTH * 7 * 7, FEAT), tnn.ReLU())
    width = 128 if MODEL == "mnistcnn" else FEAT
    heads = tnn.ModuleList([tnn.Linear(width, CLASSES) for _ in range(DOMAINS + 1)])
    params = list(feat.parameters()) + list(heads.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    x = torch.rand(DOMAINS * BATCH, 1, 28, 28)
    y = torch.tensor([(i + j) % 10 for i in range(DOMAINS) for j in range(BATCH)])

    def step():
        opt.zero_grad()
        z = feat(x)
        own = sum(F.cross_entropy(heads[i](z[i * BATCH:(i + 1) * BATCH]), y[i * BATCH:(i + 1) * BATCH])
                  for i in range(DOMAINS)) / DOMAINS
        loss = 0.5 * own + 0.5 * F.cross_entropy(heads[DOMAINS](z), y)
        loss.backward()
        opt.step()
    return step


def time_torch(threads, min_time, cpu=None):
    torch.set_num_threads(threads)
    step = torch_step()
    for _ in range(3 if MODEL != "mnistcnn" else 1):
        step()
    n, start, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        step()
        n += 1
        el = time.perf_counter() - start
        if el >= min_time:
            if cpu is not None:
                cpu[threads] = min(cpu.get(threads, 1e30), (time.process_time() - c0) / n)
            return el / n


def time_go(binary, benchtime, cpu=None):
    name = "BenchmarkDRMStepMNISTCNN" if MODEL == "mnistcnn" else "BenchmarkDRMStepCNN"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = gobench.run(binary, ["-test.run=^$", "-test.bench=^" + name + "$", "-test.benchtime=" + benchtime],
                      THREADS, os.path.join(ROOT, "plugins", "drm"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    best = {}
    for line in out.splitlines():
        m = re.match(name + r"(?:-(\d+))?\s+(\d+)\s+([\d.]+) ns/op(?:\s+([\d.]+) cpu-ns/op)?", line)
        if m:
            t = int(m.group(1) or 1)
            best[t] = float(m.group(3)) / 1e9
            if cpu is None:
                continue
            if m.group(4):  # measured around the timed steps alone
                cpu[t] = min(cpu.get(t, 1e30), float(m.group(4)) / 1e9)
            elif len(THREADS) == 1:  # whole process: set-up and warm-up included
                used = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                cpu[t] = min(cpu.get(t, 1e30), used / int(m.group(2)))
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=1.0)
    ap.add_argument("--benchtime", default="1s")
    ap.add_argument("--model", choices=["cnn", "mnistcnn"], default="cnn")
    ap.add_argument("--threads", help="comma-separated thread counts (default: 1 for mnistcnn, 1 and every core else)")
    ap.add_argument("--binary", help="a test binary of ./plugins/drm built beforehand (go test -c), so that the build "
                    "stays outside a timed or locked run; built here when not given")
    args = ap.parse_args()
    global MODEL, BATCH, THREADS
    MODEL = args.model
    if MODEL == "mnistcnn":
        BATCH, THREADS = 64, [1]
    if args.threads:
        THREADS = sorted({int(t) for t in args.threads.split(",")})
    with tempfile.TemporaryDirectory() as tmp:
        binary = args.binary and os.path.abspath(args.binary)
        if not binary:
            binary = os.path.join(tmp, "drm.test")
            subprocess.run(["go", "test", "-c", "-o", binary, "./plugins/drm"], cwd=ROOT, check=True)
        go_best, torch_best, go_cpu, torch_cpu = {}, {}, {}, {}
        for _ in range(args.rounds):
            for t, s in time_go(binary, args.benchtime, go_cpu).items():
                go_best[t] = min(go_best.get(t, s), s)
            for t in THREADS:
                s = time_torch(t, args.min_time, torch_cpu)
                torch_best[t] = min(torch_best.get(t, s), s)
    images = DOMAINS * BATCH
    gt = min(go_best, key=go_best.get)
    tt = min(torch_best, key=torch_best.get)
    print(f"torch {torch.__version__}, {os.cpu_count()} cores, {args.rounds} rounds, best of each side")
    print(f"{'':24}{'yak img/s':>12}{'torch img/s':>13}{'ratio':>8}")
    for t in THREADS:
        print(f"{'DRM step, %d thread(s)' % t:24}{images / go_best[t]:12.0f}{images / torch_best[t]:13.0f}"
              f"{torch_best[t] / go_best[t]:8.2f}")
    print(f"{'DRM step, best':24}{images / go_best[gt]:12.0f}{images / torch_best[tt]:13.0f}"
          f"{torch_best[tt] / go_best[gt]:8.2f}   (yak {gt} thread(s), torch {tt})")
    for t in THREADS:
        if t in go_cpu and t in torch_cpu:
            print(f"CPU s per step, {t} thread(s): yak {go_cpu[t]:.3f}, torch {torch_cpu[t]:.3f}, "
                  f"ratio {torch_cpu[t] / go_cpu[t]:.2f}   (wall s per step: yak {go_best[t]:.3f}, torch {torch_best[t]:.3f})")


if __name__ == "__main__":
    main()
