#!/usr/bin/python3
"""Reference values for runtime/nn's tests, computed with PyTorch.

Run with Debian's torch (apt-get install python3-torch):

    /usr/bin/python3 runtime/nn/testdata/gen_torch.py

It writes torch_reference.json next to this script and
runtime/optim/testdata/torch_optim.json. For each layer or loss case: the
inputs, the output and the gradient of sum(output * w) (w fixed, stored) with
respect to every input and parameter. The Go tests rebuild each case from the
stored inputs, so they need no Python.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float32)


def enc(t):
    t = t.detach().float()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


cases = []


def case(name, fn, inputs, attrs=None, labels=None, extra=None):
    """inputs: dict name -> tensor (all get gradients)."""
    ins = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    out = fn(ins)
    w = torch.rand(out.shape) + 0.5
    (out * w).sum().backward()
    c = {
        "name": name,
        "inputs": {k: enc(v) for k, v in inputs.items()},
        "weights": enc(w),
        "output": enc(out),
        "grads": {k: enc(v.grad) for k, v in ins.items()},
        "attrs": attrs or {},
    }
    if labels is not None:
        c["labels"] = labels
    if extra is not None:
        c["extra"] = {k: enc(v) for k, v in extra().items()}
    cases.append(c)


r = torch.randn

case("linear", lambda i: F.linear(i["x"], i["w"], i["b"]),
     {"x": r(3, 4), "w": r(5, 4), "b": r(5)})
case("conv_s1p1", lambda i: F.conv2d(i["x"], i["w"], i["b"], stride=1, padding=1),
     {"x": r(2, 3, 6, 5), "w": r(4, 3, 3, 3), "b": r(4)}, {"stride": 1, "padding": 1})
case("conv_s2p1", lambda i: F.conv2d(i["x"], i["w"], i["b"], stride=2, padding=1),
     {"x": r(2, 2, 7, 6), "w": r(3, 2, 3, 3), "b": r(3)}, {"stride": 2, "padding": 1})
case("maxpool2", lambda i: F.max_pool2d(i["x"], 2),
     {"x": r(2, 3, 4, 6)}, {"k": 2, "stride": 2})
case("upsample_nearest", lambda i: F.interpolate(i["x"], scale_factor=2, mode="nearest"),
     {"x": r(1, 2, 3, 4)}, {"scale": 2})
case("upsample_bilinear", lambda i: F.interpolate(i["x"], scale_factor=2, mode="bilinear", align_corners=False),
     {"x": r(1, 2, 3, 4)}, {"scale": 2})
case("layernorm", lambda i: F.layer_norm(i["x"], (5,), i["w"], i["b"], 1e-5),
     {"x": r(3, 5), "w": r(5), "b": r(5)})

bn_stats = {}


def bn(i):
    rm, rv = torch.zeros(3), torch.ones(3)
    y = F.batch_norm(i["x"], rm, rv, i["w"], i["b"], training=True, momentum=0.1, eps=1e-5)
    bn_stats["running_mean"], bn_stats["running_var"] = rm, rv
    return y


case("batchnorm_train", bn, {"x": r(2, 3, 2, 3), "w": r(3), "b": r(3)}, extra=lambda: bn_stats)
case("gelu", lambda i: F.gelu(i["x"]), {"x": r(2, 5)})
case("sigmoid", lambda i: torch.sigmoid(i["x"]), {"x": r(2, 5)})
case("tanh", lambda i: torch.tanh(i["x"]), {"x": r(2, 5)})
case("leaky_relu", lambda i: F.leaky_relu(i["x"], 0.1), {"x": r(2, 5)}, {"slope": 0.1})
case("softmax1", lambda i: torch.softmax(i["x"], 1), {"x": r(2, 3, 4)}, {"axis": 1})
case("log_softmax1", lambda i: torch.log_softmax(i["x"], 1), {"x": r(2, 3, 4)}, {"axis": 1})

# Losses. Labels: -1 marks ignored positions (ignore_index=-1).
pix = [[[0, 1, 2], [-1, 1, 1]], [[0, 2, 2], [0, -1, 1]]]
cls_w = torch.tensor([0.5, 2.0, 1.0])
case("ce_pixels", lambda i: F.cross_entropy(i["x"], torch.tensor(pix), ignore_index=-1),
     {"x": r(2, 3, 2, 3)}, labels=sum(sum(pix, []), []))
case("ce_pixels_weighted", lambda i: F.cross_entropy(i["x"], torch.tensor(pix), weight=cls_w, ignore_index=-1),
     {"x": r(2, 3, 2, 3)}, {"weights": cls_w.tolist()}, labels=sum(sum(pix, []), []))
case("ce_smoothing_weighted", lambda i: F.cross_entropy(i["x"], torch.tensor(pix), weight=cls_w, ignore_index=-1,
                                                       label_smoothing=0.2),
     {"x": r(2, 3, 2, 3)}, {"weights": cls_w.tolist(), "smoothing": 0.2}, labels=sum(sum(pix, []), []))
case("ce_rows", lambda i: F.cross_entropy(i["x"], torch.tensor([3, 0, 1])),
     {"x": r(3, 4)}, labels=[3, 0, 1])
case("bce_logits", lambda i: F.binary_cross_entropy_with_logits(i["x"], i["t"]),
     {"x": r(3, 4), "t": torch.rand(3, 4)})
case("mse", lambda i: F.mse_loss(i["x"], i["t"]), {"x": r(3, 4), "t": r(3, 4)})
case("kl_batchmean", lambda i: F.kl_div(i["x"], i["t"], reduction="batchmean"),
     {"x": torch.log_softmax(r(3, 4), 1), "t": torch.softmax(r(3, 4), 1)})


def entropy(i):
    p = torch.softmax(i["x"], 1)
    return -(p * torch.log_softmax(i["x"], 1)).sum(1)


case("entropy", entropy, {"x": r(2, 4, 3)}, {"axis": 1})

# Optimizers: three steps from fixed parameters with fixed gradients.
opt_cases = []
p0 = r(6)
grads = [r(6) for _ in range(3)]
for name, make in [
    ("sgd_momentum_wd", lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01)),
    ("sgd_nesterov", lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True)),
    ("adam", lambda p: torch.optim.Adam([p], lr=0.01)),
    ("adam_l2", lambda p: torch.optim.Adam([p], lr=0.01, weight_decay=0.1)),
    ("adamw", lambda p: torch.optim.AdamW([p], lr=0.01, weight_decay=0.1)),
]:
    p = p0.clone().requires_grad_(True)
    opt = make(p)
    for g in grads:
        p.grad = g.clone()
        opt.step()
    opt_cases.append({"name": name, "param": enc(p0), "grads": [enc(g) for g in grads], "result": enc(p)})

here = os.path.dirname(os.path.abspath(__file__))
for path, out in [
    (os.path.join(here, "torch_reference.json"), {"torch_version": torch.__version__, "cases": cases}),
    (os.path.join(here, "..", "..", "optim", "testdata", "torch_optim.json"),
     {"torch_version": torch.__version__, "runs": opt_cases}),
]:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(path))
