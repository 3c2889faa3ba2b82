#!/usr/bin/env python3
"""Reference values for runtime/nn's 3-D layers (conv3d, max_pool3d, nearest
upsampling of volumes), computed with PyTorch.

Written with torch 2.15.0 (CPU, float32) from the bench venv:

    /work/wt/runtime-gemm/.venv-bench/bin/python runtime/nn/testdata/gen_torch3d.py

It writes torch3d_reference.json next to this script, in the format of
gen_torch.py's torch_reference.json: for each case the inputs, the output and
the gradient of sum(output * w) (w fixed, stored) with respect to every input.
torch3d_test.go rebuilds each case from the stored inputs, so `make test`
needs no Python.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(3)
torch.set_default_dtype(torch.float32)


def enc(t):
    t = t.detach().float()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


cases = []


def case(name, fn, inputs, attrs=None):
    ins = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    out = fn(ins)
    w = torch.rand(out.shape) + 0.5
    (out * w).sum().backward()
    cases.append({
        "name": name,
        "inputs": {k: enc(v) for k, v in inputs.items()},
        "weights": enc(w),
        "output": enc(out),
        "grads": {k: enc(v.grad) for k, v in ins.items()},
        "attrs": attrs or {},
    })


r = torch.randn
case("conv3d_k3p1", lambda i: F.conv3d(i["x"], i["w"], i["b"], padding=1),
     {"x": r(2, 3, 4, 5, 6), "w": r(4, 3, 3, 3, 3), "b": r(4)}, {"padding": 1})
case("conv3d_k3p0", lambda i: F.conv3d(i["x"], i["w"], i["b"], padding=0),
     {"x": r(1, 2, 5, 4, 6), "w": r(3, 2, 3, 3, 3), "b": r(3)}, {"padding": 0})
case("conv3d_k1p0", lambda i: F.conv3d(i["x"], i["w"], i["b"]),
     {"x": r(2, 5, 3, 4, 5), "w": r(3, 5, 1, 1, 1), "b": r(3)}, {"padding": 0})
case("conv3d_relu_k3p1", lambda i: F.relu(F.conv3d(i["x"], i["w"], i["b"], padding=1)),
     {"x": r(1, 4, 6, 6, 6), "w": r(8, 4, 3, 3, 3), "b": r(8)}, {"padding": 1})
case("maxpool3d_2", lambda i: F.max_pool3d(i["x"], 2),
     {"x": r(2, 3, 4, 6, 5)}, {"k": 2, "stride": 2})
case("upsample_nearest3d_2", lambda i: F.interpolate(i["x"], scale_factor=2, mode="nearest"),
     {"x": r(2, 2, 2, 3, 4)}, {"scale": 2})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch3d_reference.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print("wrote", out, len(cases), "cases")
