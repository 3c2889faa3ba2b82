#!/usr/bin/env python3
"""Speed of NeuFastCB: plugins/bandit against a straightforward PyTorch
implementation of the same algorithm, measured in one run.

Same data (letter: 20,000 rows, d = 16, K = 26, rows L2-normalised, shuffled),
same algorithm and network: an ensemble of 5 two-layer ReLU networks of width
100 over the d*K joint context, each with a fixed random perturbation
vector eps (prediction f(c) + eps.c), sigmoid outputs trained with binary
cross-entropy by one SGD step per round on the chosen arm (step size 1 for the
hidden layer, 0.01 for the output layer), FastCB's reweighted inverse gap
weighting with gamma_t = 10 sqrt(K t). PyTorch runs it as one would write it:
dense joint contexts (K x d*K, built with torch.kron), vectorised numpy for
the FastCB rule, nn.Linear layers, autograd and torch.optim.SGD.
Both sides are single-threaded (torch.set_num_threads(1); one Go run uses one
goroutine).

    make bench-bandit    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/bandit_torch.py

with the peers pinned in requirements-bench.txt (`make bench-venv` makes .venv-bench).

It builds the Go side with `go build ./bench/bandit` and runs it with -speed.
"""
import csv
import gzip
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS_TORCH = int(os.environ.get("ROUNDS_TORCH", "500"))
ROUNDS_GO = int(os.environ.get("ROUNDS_GO", "5000"))


def load_letter():
    with gzip.open(os.path.join(ROOT, "notebooks", "data", "letter.csv.gz"), "rt") as f:
        rows = list(csv.reader(f))[1:]
    labels = sorted({r[0] for r in rows})
    y = np.array([labels.index(r[0]) for r in rows])
    x = np.array([[float(v) for v in r[1:]] for r in rows])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), y, len(labels)


def fastcb(losses, gamma):
    k = len(losses)
    losses = np.clip(losses, 0, 1)
    b = int(np.argmin(losses))
    lb = losses[b]
    gap = losses - lb
    den = k * lb + gamma * gap
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(den > 0, lb / den, np.where(gap == 0, 1.0 / k, 0.0))
    p[b] = 0
    p[b] = 1 - p.sum()
    return p


def run_torch(x, y, k, rounds):
    torch.manual_seed(1)
    torch.set_num_threads(1)
    rng = np.random.default_rng(1)
    n, d = x.shape
    order = rng.permutation(n)
    members = []
    for _ in range(5):
        net = torch.nn.Sequential(torch.nn.Linear(d * k, 100), torch.nn.ReLU(), torch.nn.Linear(100, 1))
        with torch.no_grad():
            net[0].weight.normal_(0, math.sqrt(2))
            net[0].bias.zero_()
            net[2].weight.normal_(0, 1 / math.sqrt(100))
            net[2].bias.zero_()
        eps = torch.randn(d * k) * 0.1
        opt = torch.optim.SGD([{"params": net[0].parameters(), "lr": 1.0},
                               {"params": net[2].parameters(), "lr": 0.01}])
        members.append((net, eps, opt))
    bce = torch.nn.BCEWithLogitsLoss()
    eye = torch.eye(k)
    regret = 0
    t0 = time.perf_counter()
    for t in range(rounds):
        i = order[t % n]
        ctx = torch.kron(eye, torch.from_numpy(x[i]).unsqueeze(0))  # row a: x in block a
        with torch.no_grad():
            yhat = torch.zeros(k)
            for net, eps, _ in members:
                yhat += torch.sigmoid(net(ctx).squeeze(1) + ctx @ eps)
            yhat /= len(members)
        p = fastcb((1 - yhat).numpy().astype(np.float64), 10 * math.sqrt(k * (t + 1)))
        a = int(rng.choice(k, p=p / p.sum()))
        r = 1.0 if a == y[i] else 0.0
        regret += 1 - r
        for net, eps, opt in members:
            opt.zero_grad()
            f = net(ctx[a:a + 1]).squeeze() + ctx[a] @ eps
            bce(f, torch.tensor(r)).backward()
            opt.step()
    return rounds / (time.perf_counter() - t0), regret


def run_go():
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "banditbench")
        subprocess.run(["go", "build", "-o", exe, "./bench/bandit"], cwd=ROOT, check=True)
        out = subprocess.run([exe, "-speed", str(ROUNDS_GO), "-data", "letter"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
    return float(out[1]), float(out[3])


def main():
    x, y, k = load_letter()
    go_rate, go_regret = run_go()
    torch_rate, torch_regret = run_torch(x, y, k, ROUNDS_TORCH)
    print(f"torch {torch.__version__}, 1 thread; letter d={x.shape[1]} K={k}, NeuFastCB ensemble 5 x width 100")
    print(f"pytorch  {torch_rate:10.1f} rounds/s  ({ROUNDS_TORCH} rounds, regret {torch_regret:.0f})")
    print(f"yak      {go_rate:10.1f} rounds/s  ({ROUNDS_GO} rounds, regret {go_regret:.0f})")
    print(f"ratio    {go_rate / torch_rate:10.1f}x")


if __name__ == "__main__":
    sys.exit(main())
