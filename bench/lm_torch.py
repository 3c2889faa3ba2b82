#!/usr/bin/env python3
"""BERT-base MLM scoring, yak against transformers + torch, in one run on one machine.

Workload: 32 texts of 64 tokens, one [MASK] each, logits at the mask (what prompt search
scores). yak: `go test -bench BenchmarkMLM32x64 ./runtime/lm/bert` (float32 on runtime/gemm).
torch: BertForMaskedLM (float32 eager, and bfloat16 autocast) with the same weights, at 1 and
2 threads; the best torch figure is the one the ratio uses. Also: yak's load time from the cache
and resident memory, against torch building the model from the same safetensors.

  .venv-bench/bin/python bench/lm_torch.py      (after make models and make bench-venv)
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
    """Runs Go benchmarks; with cpus ("1,2") the names keep their -N suffix (none for 1)."""
    cmd = ["go", "test", "-run", "^$", "-bench", pattern, "-benchtime", benchtime]
    if cpus:
        cmd += ["-cpu", cpus]
    out = subprocess.run(cmd + [pkg], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        m = re.match(r"(Benchmark\S+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op(.*)", line)
        if m:
            metrics = {"ns/op": float(m.group(3))}
            for v, unit in re.findall(r"([\d.]+) (\S+)", m.group(4)):
                metrics[unit] = float(v)
            res[m.group(1) + (m.group(2) or "" if cpus else "")] = metrics
    return res


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

    def run(bf16):
        with torch.no_grad():
            if bf16:
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    return model(input_ids=ids, attention_mask=mask).logits[:, 60]
            return model(input_ids=ids, attention_mask=mask).logits[:, 60]

    results = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for bf16 in (False, True):
            run(bf16)
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < 5 or n < 3:
                run(bf16)
                n += 1
            results[(threads, bf16)] = 32 * n / (time.perf_counter() - t0)
    torch_rss = rss_mb()

    yak = go_bench("BenchmarkMLM32x64|BenchmarkMLM32x64BF16|BenchmarkLoad", "./runtime/lm/bert", "5s")
    ys = yak["BenchmarkMLM32x64"]["sentences/s"]
    print(f"CPU: {open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}")
    print(f"torch {torch.__version__}, transformers {transformers.__version__}; load average {os.getloadavg()}")
    print("BERT-base MLM, 32 texts x 64 tokens, sentences/s:")
    for (threads, bf16), v in sorted(results.items()):
        print(f"  torch {'bf16 autocast' if bf16 else 'float32'} {threads} thread(s): {v:8.1f}")
    best32 = max(v for (t, b), v in results.items() if not b)
    best16 = max(v for (t, b), v in results.items() if b)
    print(f"  yak float32 (GOMAXPROCS={os.cpu_count()}):   {ys:8.1f}   -> {ys / best32:.2f}x torch float32, {ys / best16:.2f}x torch bf16")
    yb = yak.get("BenchmarkMLM32x64BF16", {}).get("sentences/s", 0)
    print(f"  yak bfloat16 weights:          {yb:8.1f}   -> {yb / best32:.2f}x torch float32, {yb / best16:.2f}x torch bf16")
    print(f"load: yak {yak['BenchmarkLoad']['ns/op'] / 1e6:.1f} ms from the cache (mmap); torch building the model from the same safetensors {torch_load:.2f} s")
    print(f"resident memory after scoring: yak {yak['BenchmarkMLM32x64'].get('MB-rss', 0):.0f} MB (Go benchmark process), torch {torch_rss:.0f} MB")


if __name__ == "__main__":
    main()
