#!/usr/bin/env python3
"""BERT-base MLM scoring, yak against transformers + torch, in one run on one machine.

Workload: 32 texts of 64 tokens, one [MASK] each, logits at the mask (what prompt search
scores). yak: BenchmarkMLM32x64 of ./runtime/lm/bert (float32 on runtime/gemm, and
bfloat16 weights), at GOMAXPROCS 1 and 2. torch: BertForMaskedLM with the same weights, float32
eager and bfloat16 autocast, at 1 and 2 threads. The torch figure a ratio uses is the forward a
transformers user runs, `model(input_ids, attention_mask).logits[:, 60]`, which computes the
vocabulary logits at all 64 positions; the rows "head at the mask" run `model.bert` and then
`model.cls` at the mask only (what yak computes from its last layer on), to show what that
difference is worth. Each side's best thread count makes the ratio. Also: yak's load time from
the cache and resident memory, against torch building the model from the same safetensors.
With --profile, torch.profiler's top operators of one bf16 autocast and one float32 forward.

  .venv-bench/bin/python bench/lm_torch.py [--rounds 2] [--seconds 5] [--min-runs 3] [--profile]
  (after make models and make bench-venv). yak's rows run the package's test binary, one process per
  thread count; YAK_BERT_TEST=path names one built beforehand (`go test -c -o path ./runtime/lm/bert`),
  so that nothing is compiled inside a timing wrapper such as bench/quietbench.
"""
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)


def go_bench(pattern, pkg, benchtime, cpus=None):
    """Runs Go benchmarks from the test binary of pkg (built once per package, before any timing),
    one process per thread count (gobench.run: Go 1.26 runs b.Loop benchmarks of one process at the
    last -test.cpu entry's GOMAXPROCS); with cpus ("1,2") the names keep their -N suffix (none for 1)."""
    import gobench
    binary = _test_binary(pkg)
    args = ["-test.run", "^$", "-test.bench", pattern, "-test.benchtime", benchtime]
    out = gobench.run(binary, args, [int(c) for c in cpus.split(",")] if cpus else [os.cpu_count()],
                      os.path.join(ROOT, pkg))
    res = {}
    for line in out.splitlines():
        m = re.match(r"(Benchmark\S+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op(.*)", line)
        if m:
            metrics = {"ns/op": float(m.group(3))}
            for v, unit in re.findall(r"([\d.]+) (\S+)", m.group(4)):
                metrics[unit] = float(v)
            res[m.group(1) + (m.group(2) or "" if cpus else "")] = metrics
    return res


_binaries = {}


def _test_binary(pkg):
    """The package's test binary: YAK_BERT_TEST if set (built outside the timed wrapper, as
    quietbench asks), else `go test -c` into a temporary directory once."""
    if pkg not in _binaries:
        path = os.environ.get("YAK_BERT_TEST")
        if not path:
            import tempfile
            path = os.path.join(tempfile.mkdtemp(prefix="lm_torch-"), "pkg.test")
            subprocess.run(["go", "test", "-c", "-o", path, pkg], cwd=ROOT, check=True)
        _binaries[pkg] = path
    return _binaries[pkg]


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def main():
    import json
    import torch
    import transformers
    import lm_reference as R

    d = os.path.join(R.models_dir(), "bert-base-uncased")
    with open(os.path.join(d, "config.json")) as f:
        c = json.load(f)
    t0 = time.perf_counter()
    model = R.hf_bert(d, c)
    torch_load = time.perf_counter() - t0
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 21000, (32, 64), generator=g)
    ids[:, 0], ids[:, 63], ids[:, 60] = 101, 102, 103
    mask = torch.ones_like(ids)

    def run(bf16, mask_only=False):
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            if mask_only:
                hidden = model.bert(input_ids=ids, attention_mask=mask)[0]
                return model.cls(hidden[:, 60])
            return model(input_ids=ids, attention_mask=mask).logits[:, 60]

    import argparse
    import statistics
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=5, help="per torch measurement")
    ap.add_argument("--min-runs", type=int, default=3, help="batches per torch measurement at least")
    ap.add_argument("--profile", action="store_true", help="print torch.profiler's top operators")
    args = ap.parse_args()

    if args.profile:
        from torch.profiler import profile, ProfilerActivity
        torch.set_num_threads(1)
        for bf16 in (True, False):
            run(bf16)
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                run(bf16)
            print(f"torch.profiler, one {'bf16 autocast' if bf16 else 'float32'} forward, 1 thread:")
            print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=12))

    # The sides run interleaved, round after round, so both see the same load; each figure is the
    # median of the rounds, with CPU time per sentence (all threads of the process).
    rows = {}  # name -> list of (sentences/s, CPU ms per sentence)
    loads = []
    for r in range(args.rounds):
        loads.append(os.getloadavg()[0])
        for threads in (1, 2):
            torch.set_num_threads(threads)
            for bf16 in (False, True):
                for mask_only in (False, True):
                    run(bf16, mask_only)
                    n, t0, c0 = 0, time.perf_counter(), time.process_time()
                    while time.perf_counter() - t0 < args.seconds or n < args.min_runs:
                        run(bf16, mask_only)
                        n += 1
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    name = f"torch {'bf16 autocast' if bf16 else 'float32'}{', head at the mask' if mask_only else ''}, {threads} thread(s)"
                    rows.setdefault(name, []).append((32 * n / wall, 1e3 * cpu / (32 * n)))
        yak = go_bench("BenchmarkMLM32x64$|BenchmarkMLM32x64BF16$", "./runtime/lm/bert", "2x", cpus="1,2")
        for key, kind in (("BenchmarkMLM32x64", "float32"), ("BenchmarkMLM32x64BF16", "bfloat16 weights")):
            for suffix, procs in (("", 1), ("-2", 2)):
                if key + suffix in yak:
                    v = yak[key + suffix]
                    rows.setdefault(f"yak {kind}, GOMAXPROCS={procs}", []).append((v["sentences/s"], v["cpu-ms/sentence"]))
        print(f"round {r + 1}: load average {loads[-1]:.1f}", flush=True)
        for name, v in rows.items():
            print(f"  {name:46s} {v[-1][0]:8.2f} sentences/s  {v[-1][1]:8.1f} CPU-ms/sentence", flush=True)
    torch_rss = rss_mb()
    load = go_bench("BenchmarkLoad$", "./runtime/lm/bert", "20x")
    mlm = go_bench("BenchmarkMLM32x64$", "./runtime/lm/bert", "1x")

    med = {name: (statistics.median(a for a, _ in v), statistics.median(c for _, c in v)) for name, v in rows.items()}
    print(f"\nCPU: {open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}, {os.cpu_count()} cores")
    print(f"torch {torch.__version__}, transformers {transformers.__version__}; {args.rounds} interleaved rounds, "
          f"load average {min(loads):.1f}-{max(loads):.1f}")
    print("BERT-base MLM, 32 texts x 64 tokens (median of rounds):")
    for name, (a, c) in med.items():
        print(f"  {name:46s} {a:8.2f} sentences/s  {c:8.1f} CPU-ms/sentence")

    def best(prefix):
        cands = [(k, v) for k, v in med.items() if k.startswith(prefix) and k[len(prefix):].startswith(", ") and "head at" not in k[len(prefix):]]
        return max(cands, key=lambda kv: kv[1][0])

    for yk, tk in (("yak float32", "torch float32"), ("yak bfloat16 weights", "torch bf16 autocast"),
                   ("yak float32", "torch float32, head at the mask"), ("yak bfloat16 weights", "torch bf16 autocast, head at the mask")):
        (yn, (ya, yc)), (tn, (ta, tc)) = best(yk), best(tk)
        print(f"{yn}: {ya / ta:.2f}x {tn} (best thread count each side; sentences/s), CPU per sentence {tc / yc:.2f}x less")
    print(f"load: yak {load['BenchmarkLoad']['ns/op'] / 1e6:.1f} ms from the cache (mmap); torch building the model from the same safetensors {torch_load:.2f} s")
    print(f"resident memory after scoring: yak {mlm['BenchmarkMLM32x64'].get('MB-rss', 0):.0f} MB (Go benchmark process), torch {torch_rss:.0f} MB")


if __name__ == "__main__":
    main()
