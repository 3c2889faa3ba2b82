#!/usr/bin/env python3
"""ClaPS query speed on BERT-base: yak's claps.MaskedScorer against transformers + torch, one run.

The workload is what a prompt search sends: P prompts of 5 tokens x 32 shipped sentiment sentences
(at most 160 characters, taken evenly from imdb, yelp and amazon), each rendered by the masked
template "{prompt} {text} It was [MASK]." -- one query is one such model input, scored as the
log-probabilities of "terrible" and "great" at the mask.

yak: `go run ./bench/claps_bert -score FILE` (bfloat16 weights on the AMX path, and float32): the
scorer takes 256 inputs per call, sorts them by length and runs forward passes of 32; the MLM head
runs at the mask only.
torch: BertForMaskedLM with the same weights, float32 eager and bfloat16 autocast, at 1 and 2
threads, given the same help: inputs sorted by length, batches of 32 padded to their longest, the
encoder then the MLM head at the mask rows only (not over every position).

Sides run interleaved in rounds (torch configurations, then yak, per round) so that they share the
machine's load; each reports queries/s of wall time and per CPU-second of its process.

  /work/wt/runtime-gemm/.venv-bench/bin/python bench/claps_torch.py --prompts 8 --rounds 2
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

WORDS = ("review movie great story acting plot food service place product price quality film "
         "staff music ending book taste scene worth").split()
LABELS = ["terrible", "great"]


def workload(n_prompts):
    """The model inputs: n_prompts 5-token prompts x 32 sentences, as claps renders them."""
    sents = []
    for name in ["imdb", "yelp", "amazon"]:
        with open(os.path.join(ROOT, "notebooks", "data", name + ".json")) as f:
            rows = [r["text"].strip() for r in json.load(f) if len(r["text"]) <= 160]
        sents.append(rows[:: max(1, len(rows) // 11)][:11])
    texts = [s for group in zip(*sents) for s in group][:32]
    prompts = [" ".join(WORDS[(p * 7 + j * 3) % len(WORDS)] for j in range(5)) for p in range(n_prompts)]
    return [f"{p} {t} It was [MASK]." for p in prompts for t in texts]


def torch_side(model, tok, texts, label_ids, bf16, threads):
    import torch
    torch.set_num_threads(threads)
    enc = [tok(t)["input_ids"] for t in texts]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
    out = [None] * len(texts)

    def run(idx):
        ids = [enc[i] for i in idx]
        T = max(len(s) for s in ids)
        x = torch.zeros((len(ids), T), dtype=torch.long)
        m = torch.zeros((len(ids), T), dtype=torch.long)
        for b, s in enumerate(ids):
            x[b, : len(s)] = torch.tensor(s)
            m[b, : len(s)] = 1
        pos = torch.tensor([s.index(tok.mask_token_id) for s in ids])
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            h = model.bert(input_ids=x, attention_mask=m).last_hidden_state
            logits = model.cls(h[torch.arange(len(ids)), pos]).float()
        lp = torch.log_softmax(logits, dim=-1)[:, label_ids]
        for b, i in enumerate(idx):
            out[i] = lp[b].tolist()

    run(order[:32])  # warm-up
    c0, t0 = time.process_time(), time.perf_counter()
    for lo in range(0, len(order), 32):
        run(order[lo: lo + 32])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"queries": len(texts), "wall_s": wall, "cpu_s": cpu, "queries_per_s": len(texts) / wall,
            "first_scores": out[0]}


def yak_side(binary, path, bf16):
    r = subprocess.run([binary, "-score", path, f"-bf16={'true' if bf16 else 'false'}"], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"yak failed: {r.stderr}")
    return json.loads(r.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prompts", type=int, default=8, help="prompts (x 32 sentences = queries per measurement)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", default="1,2", help="torch thread counts to try")
    ap.add_argument("--no-f32", action="store_true", help="skip the float32 configurations (yak's and torch's)")
    a = ap.parse_args()

    import torch
    import transformers
    from transformers import BertTokenizerFast
    import lm_reference as R

    d = os.path.join(R.models_dir(), "bert-base-uncased")
    with open(os.path.join(d, "config.json")) as f:
        c = json.load(f)
    model = R.hf_bert(d, c)
    tok = BertTokenizerFast(os.path.join(d, "vocab.txt"), do_lower_case=True)
    label_ids = [tok.convert_tokens_to_ids(w) for w in LABELS]
    texts = workload(a.prompts)
    tmp = tempfile.mkdtemp(prefix="claps_torch")
    path = os.path.join(tmp, "inputs.json")
    with open(path, "w") as f:
        json.dump(texts, f)
    binary = os.path.join(tmp, "claps_bert")
    subprocess.run(["go", "build", "-o", binary, "./bench/claps_bert"], cwd=ROOT, check=True)

    configs = []
    for bf16 in ([True] if a.no_f32 else [True, False]):
        for th in [int(t) for t in a.threads.split(",")]:
            configs.append((f"torch {'bf16 autocast' if bf16 else 'float32'}, {th} thread(s)", lambda bf16=bf16, th=th: torch_side(model, tok, texts, label_ids, bf16, th)))
        configs.append((f"yak {'bfloat16 weights' if bf16 else 'float32'} (GOMAXPROCS={os.cpu_count()})", lambda bf16=bf16: yak_side(binary, path, bf16)))
    res = {name: [] for name, _ in configs}
    loads = [os.getloadavg()]
    for r in range(a.rounds):
        for name, f in configs:
            res[name].append(f())
            print(f"round {r + 1}: {name}: {res[name][-1]['queries_per_s']:.1f} queries/s", file=sys.stderr, flush=True)
        loads.append(os.getloadavg())

    cpu = open("/proc/cpuinfo").read().split("model name")[1].split(":")[1].splitlines()[0].strip()
    print(f"CPU: {cpu}, {os.cpu_count()} cores; torch {torch.__version__}, transformers {transformers.__version__}")
    print(f"workload: {a.prompts} prompts x 32 sentences = {len(texts)} queries per measurement, {a.rounds} round(s)")
    print("load average (1, 5, 15 min) before and after each round: " + "; ".join(f"{l[0]:.1f} {l[1]:.1f} {l[2]:.1f}" for l in loads))
    print()
    print("| scorer | queries/s (wall, best round) | queries per CPU-second (best round) |")
    print("|---|---:|---:|")
    best = {}
    for name, rs in res.items():
        w = max(x["queries_per_s"] for x in rs)
        cq = max(x["queries"] / x["cpu_s"] for x in rs if x["cpu_s"] > 0)
        best[name] = (w, cq)
        print(f"| {name} | {w:.1f} | {cq:.1f} |")
    print()
    for kind in (["bf16"] if a.no_f32 else ["bf16", "float32"]):
        tn = [n for n in best if n.startswith("torch") and (("bf16" in n) == (kind == "bf16"))]
        yn = [n for n in best if n.startswith("yak") and (("bfloat16" in n) == (kind == "bf16"))][0]
        tw = max(best[n][0] for n in tn)
        tc = max(best[n][1] for n in tn)
        print(f"{yn}: {best[yn][0] / tw:.2f}x the best torch {kind} wall figure, {best[yn][1] / tc:.2f}x per CPU-second")
    y = next(iter(res[[n for n in res if n.startswith('yak')][0]]))["first_scores"]
    t = next(iter(res[[n for n in res if n.startswith('torch')][0]]))["first_scores"]
    print(f"first input's label log-probs: yak {['%.4f' % v for v in y]}, torch {['%.4f' % v for v in t]}")


if __name__ == "__main__":
    main()
