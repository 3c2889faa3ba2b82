#!/usr/bin/env python3
"""Vowpal Wabbit's SquareCB as a peer row of the bandit table (issue 18).

Runs `vw --cb_explore_adf --squarecb` (PyPI vowpalwabbit 9.11.9, in its own
venv, never a dependency of yak) on exactly the episodes of the Go bench: for
each data set and seed, `go run ./bench/bandit -dump DATA -seed S -T T` writes
the rounds (the rewarded class, then the L2-normalised features) in the order
plugins/bandit shows them. Each round every arm a is an ADF action whose
features are x under names private to a (`a3_7:0.41`), the disjoint linear
model that the Go baselines fit, so VW's regressor is the linear model over the
block context; VW fits it by its default online learner (adaptive,
normalised, invariant SGD), where the Go row "SquareCB (linear, exact ridge
regression)" solves the ridge regression exactly. The arm is drawn from VW's
PMF with a generator seeded by the episode; cost 1 - reward is learnt with
the PMF's probability.

    python3 -m venv .venv-vw && .venv-vw/bin/pip install vowpalwabbit==9.11.9
    .venv-vw/bin/python bench/bandit_vw.py                 # VW's defaults (gamma_scale 10, exponent 0.5), seeds 6-15
    .venv-vw/bin/python bench/bandit_vw.py --tune          # the Go bench's grid of gamma_scale on seeds 1-5, then 6-15

It prints one line per run on stderr, then a Markdown row of final
cumulative regret, mean +- SE over the held-out seeds, and the CPU seconds
spent inside VW.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

from vowpalwabbit import Workspace

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = ["shuttle", "letter", "satellite", "vowel", "vehicle", "mnist"]
GRID = [1, 3, 10, 30, 100, 300, 1000, 3000]  # SquareCB-ridge's grid in bench/bandit/methods.go


def episode(exe, data, seed, rounds):
    out = subprocess.run([exe, "-dump", data, "-seed", str(seed), "-T", str(rounds)], cwd=ROOT,
                         check=True, capture_output=True, text=True).stdout.splitlines()
    head = out[0].split()
    arms = int(head[2])
    rows = []
    for line in out[1:]:
        f = line.split(",")
        rows.append((int(f[0]), [float(v) for v in f[1:]]))
    return arms, rows


def run(arms, rows, seed, gamma_scale):
    vw = Workspace(f"--cb_explore_adf --squarecb --gamma_scale {gamma_scale} --quiet")
    rng = random.Random(seed)
    regret = 0.0
    cpu0 = time.process_time()
    for label, x in rows:
        feats = [" ".join(f"a{a}_{i}:{v:.6g}" for i, v in enumerate(x) if v != 0) for a in range(arms)]
        ex = [f"|a {f}" for f in feats]
        pmf = vw.predict(ex)
        u, acc, arm = rng.random(), 0.0, len(pmf) - 1
        for a, p in enumerate(pmf):
            acc += p
            if u < acc:
                arm = a
                break
        reward = 1.0 if arm == label else 0.0
        regret += 1.0 - reward
        ex[arm] = f"{arm}:{1.0 - reward}:{pmf[arm]} |a {feats[arm]}"
        vw.learn(ex)
    cpu = time.process_time() - cpu0
    vw.finish()
    return regret, cpu


def mean_se(xs):
    m = sum(xs) / len(xs)
    if len(xs) < 2:
        return m, 0.0
    v = sum((x - m) ** 2 for x in xs) / (len(xs) - 1)
    return m, math.sqrt(v / len(xs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=",".join(DATA))
    ap.add_argument("-T", type=int, default=10000)
    ap.add_argument("--tune", action="store_true", help="choose gamma_scale from the grid on seeds 1-5 per data set")
    ap.add_argument("--out", default="", help="append one JSON line per run to this file")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    exe = os.path.join(tmp, "bandit")
    subprocess.run(["go", "build", "-o", exe, "./bench/bandit"], cwd=ROOT, check=True)
    out = open(args.out, "a") if args.out else None
    cells = []
    for data in args.data.split(","):
        cache = {}

        def ep(seed):
            if seed not in cache:
                cache[seed] = episode(exe, data, seed, args.T)
            return cache[seed]

        gamma, note = 10, "default"
        if args.tune:
            best = None
            for g in GRID:
                rs = []
                for s in range(1, 6):
                    arms, rows = ep(s)
                    r, cpu = run(arms, rows, s, g)
                    rs.append(r)
                    print(f"tune {data} gamma_scale={g} seed={s} regret={r:.0f} cpu={cpu:.1f}s", file=sys.stderr)
                    if out:
                        out.write(json.dumps({"phase": "tune", "data": data, "gamma_scale": g, "seed": s, "T": args.T, "regret": r, "cpu_s": cpu}) + "\n")
                        out.flush()
                m = sum(rs) / len(rs)
                if best is None or m < best[0]:
                    best = (m, g)
            gamma, note = best[1], "tuned"
            cache = {k: v for k, v in cache.items() if k > 5}
        rs, cpus = [], []
        for s in range(6, 16):
            arms, rows = ep(s)
            r, cpu = run(arms, rows, s, gamma)
            rs.append(r)
            cpus.append(cpu)
            print(f"report {data} gamma_scale={gamma} seed={s} regret={r:.0f} cpu={cpu:.1f}s", file=sys.stderr)
            if out:
                out.write(json.dumps({"phase": "report", "data": data, "gamma_scale": gamma, "seed": s, "T": args.T, "regret": r, "cpu_s": cpu}) + "\n")
                out.flush()
            cache.pop(s, None)
        m, se = mean_se(rs)
        cells.append(f"{m:.0f} ± {se:.0f}")
        print(f"{data}: VW --cb_explore_adf --squarecb --gamma_scale {gamma} ({note}): {m:.0f} ± {se:.0f} over seeds 6-15, {sum(cpus):.1f} CPU s in VW", file=sys.stderr)
    print("| Vowpal Wabbit 9.11.9 `--cb_explore_adf --squarecb`" + (" (gamma_scale tuned)" if args.tune else "") + " | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
