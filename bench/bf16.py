#!/usr/bin/env python3
"""bfloat16 matmul: yak's gemm.BF16Matrix.MulT against torch.matmul in bfloat16, side by side, in pairs.

    make bench-bf16    # = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-bench/bin/python bench/bf16.py

with torch from requirements-bench.txt (`make bench-venv`). Both sides compute
C = A·Wᵀ with W (n×k) in bfloat16: torch with A in bfloat16 too (torch.matmul of
two bfloat16 tensors, oneDNN with AMX where the CPU has it, C in bfloat16); yak
with float32 A rounded to bfloat16 inside MulT and float32 C, so yak's time
includes converting A. Every bfloat16 path this CPU offers is timed (amx,
avx512bf16, float32), each in its own long-lived process (YAK_BF16 picks it at
start-up). Timing is bench/gemm.py's: interleaved rounds of one batch per
side and thread count, the median of the per-round ratios with quartiles, in
wall and CPU time, and per round the best of the thread counts. Sizes are n
(square) or MxNxK; the defaults are the goal sizes, the shapes of a
transformer's inference (decoding one token 1x4096x4096, a short prompt
32x4096x4096) and BERT-base's layers for 32 sequences of 64 tokens
(projection 2048x768x768, fused query/key/value 2048x2304x768, feed-forward
2048x3072x768 and 2048x768x3072).
"""
import argparse
import os
import tempfile

import gemm as pairs  # bench/gemm.py: the interleaved timing


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1024,2048,1x4096x4096,32x4096x4096,"
                                       "2048x768x768,2048x2304x768,2048x3072x768,2048x768x3072")
    ap.add_argument("--paths", default="amx,avx512bf16,float32")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--batch", type=float, default=0.1, help="seconds per batch of calls")
    ap.add_argument("--gap", type=float, default=0.2, help="seconds of sleep before each batch")
    args = ap.parse_args()

    import torch

    pairs.header()
    print(f"# peer: torch {torch.__version__}, oneDNN "
          f"{torch._C._onednn_version() if hasattr(torch._C, '_onednn_version') else '(built in)'}")

    def torch_setup(size, threads):
        m, n, k = pairs.parse(size)[:3]
        g = torch.Generator().manual_seed(1)
        a = torch.rand((m, k), generator=g).bfloat16()
        w = torch.rand((n, k), generator=g).bfloat16()
        return (lambda: torch.matmul(a, w.t())), lambda: pairs.torch_threads(torch, threads)

    sides = [pairs.PySide("torch", torch_setup)]
    with tempfile.TemporaryDirectory() as tmp:
        binary = pairs.build(tmp)
        for p in args.paths.split(","):
            side = pairs.GoSide(f"yak-{p}", binary, lambda size, th, calls: f"bf16 {size} {th} {calls}",
                                env={**os.environ, "YAK_BF16": p})
            # A path this CPU lacks falls back to another (with a note on stderr).
            got = side.ask("paths")["bf16"]
            if got != p:
                print(f"# {p}: not run (not available here; YAK_BF16={p} gave {got})")
                side.close()
                continue
            sides.append(side)
        threads = [int(t) for t in args.threads.split(",")]
        flops_of = lambda size: 2.0 * pairs.parse(size)[0] * pairs.parse(size)[1] * pairs.parse(size)[2]
        try:
            verdicts = pairs.compare(sides, ["torch"], args.sizes.split(","), threads, args.rounds,
                                     args.batch, args.gap, flops_of)
        finally:
            for s in sides:
                s.close()
        pairs.summary(verdicts, threads, "torch")
        print(f"# load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")


if __name__ == "__main__":
    main()
