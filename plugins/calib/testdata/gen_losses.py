"""Reference values for plugins/calib's losses, computed once with PyTorch.

Run from the repository root with a Python that has torch (issue 18 used
torch 2.15 from the bench venv; the cases before it were made with Debian's
python3-torch 1.13 and did not change):
    python3 plugins/calib/testdata/gen_losses.py > plugins/calib/testdata/losses.json
Each loss is written here in plain torch from its paper's definition (and the
authors' public code structure: unfold-based NACL prior with zero padding,
SVLS with replicate padding), independent of the Go implementation.
"""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(7)
N, C, H, W = 2, 3, 5, 6
logits64 = (torch.randn(N, C, H, W, dtype=torch.float64) * 2.0)
logits64 = logits64.float().double()  # exactly representable in float32
labels = torch.randint(0, C, (N, H, W))
# a block of class 2 so that neighbourhoods are not all mixed
labels[0, 1:4, 1:4] = 2


def ce(l, y):
    return F.cross_entropy(l, y)


def focal(l, y, gamma):
    lp = F.log_softmax(l, 1).gather(1, y[:, None]).squeeze(1)
    return (-(1 - lp.exp()) ** gamma * lp).mean()


def ls(l, y, a):
    return F.cross_entropy(l, y, label_smoothing=a)


def ecp(l, y, a):
    lp = F.log_softmax(l, 1)
    ent = -(lp.exp() * lp).sum(1).mean()
    return F.cross_entropy(l, y) - a * ent


def ecp_per_class(l, y, a):
    # the NACL authors' PenaltyEntropy: -p log p averaged over pixels and
    # classes, p clamped to [1e-10, 1 - 1e-10]
    p = F.softmax(l, 1).clamp(1e-10, 1 - 1e-10)
    return F.cross_entropy(l, y) - a * (-p * p.log()).mean()


def svls_prior_kernel(k, sigma):
    # the NACL authors' Gaussian prior: the normalised Gaussian with the
    # weight at index [1, 1] (the centre when k = 3) replaced by 1 minus
    # itself, then divided by the kernel's sum
    g = gauss(k, sigma)
    g[k // 2, k // 2] = 1 - g[1, 1]
    return g / g.sum()


def gauss(k, sigma):
    c = (k - 1) / 2
    g = torch.tensor([[math.exp(-((i - c) ** 2 + (j - c) ** 2) / (2 * sigma ** 2)) for j in range(k)] for i in range(k)], dtype=torch.float64)
    return g / g.sum()


def svls(l, y, sigma):
    g = gauss(3, sigma)
    nb = 1 - g[1, 1]
    g[1, 1] = nb
    g = g / nb
    oh = F.one_hot(y, C).permute(0, 3, 1, 2).double()
    x = F.pad(oh, (1, 1, 1, 1), mode="replicate")
    w = g.expand(C, 1, 3, 3)
    t = F.conv2d(x, w, groups=C) / g.sum()
    return (-t * F.log_softmax(l, 1)).sum(1).mean()


def mbls(l, y, m, a):
    flat = l.permute(0, 2, 3, 1).reshape(-1, C)
    diff = flat.max(dim=1).values[:, None] - flat
    return F.cross_entropy(l, y) + a * F.relu(diff - m).mean()


def nacl_prior(y, k, prior, sigma, border):
    if prior == "svls":
        oh = F.one_hot(y, C).permute(0, 3, 1, 2).double()
        x = F.pad(oh, (k // 2,) * 4, mode="replicate")
        return F.conv2d(x, svls_prior_kernel(k, sigma).expand(C, 1, k, k), groups=C)
    if prior == "mean" and border == "background":
        # the authors' way: unfold the label map (zero padding = label 0)
        u = F.unfold(y[:, None].double(), kernel_size=k, padding=k // 2)
        return torch.stack([(u == c).sum(1) / k ** 2 for c in range(C)], 1).reshape(N, C, H, W).double()
    w = torch.full((k, k), 1.0 / k ** 2, dtype=torch.float64) if prior == "mean" else gauss(k, sigma)
    oh = F.one_hot(y, C).permute(0, 3, 1, 2).double()
    if border == "background":
        oh = F.pad(oh, (k // 2,) * 4)
        oh[:, 0] = F.pad(torch.zeros(N, H, W, dtype=torch.float64), (k // 2,) * 4, value=1.0) + oh[:, 0]
        return F.conv2d(oh, w.expand(C, 1, k, k), groups=C)
    return F.conv2d(oh, w.expand(C, 1, k, k), groups=C, padding=k // 2)


def nacl(l, y, lam, k, prior, sigma, dist, border):
    tau = nacl_prior(y, k, prior, sigma, border)
    d = (tau - l).abs() if dist == "l1" else (tau - l) ** 2
    return F.cross_entropy(l, y) + lam * d.mean()


cases = [
    ("CE", {}, lambda l: ce(l, labels)),
    ("Focal", {"gamma": 3}, lambda l: focal(l, labels, 3.0)),
    ("Focal", {"gamma": 1}, lambda l: focal(l, labels, 1.0)),
    ("LS", {"alpha": 0.1}, lambda l: ls(l, labels, 0.1)),
    ("ECP", {"alpha": 0.1}, lambda l: ecp(l, labels, 0.1)),
    ("ECP", {"alpha": 0.1, "entropy": "per_class"}, lambda l: ecp_per_class(l, labels, 0.1)),
    ("ECP", {"alpha": 0.7, "entropy": "per_class"}, lambda l: ecp_per_class(l * 8, labels, 0.7)),
    ("SVLS", {"sigma": 1}, lambda l: svls(l, labels, 1.0)),
    ("MbLS", {"margin": 10, "alpha": 0.1}, lambda l: mbls(l * 4, labels, 10.0, 0.1)),
    ("MbLS", {"margin": 2, "alpha": 0.5}, lambda l: mbls(l, labels, 2.0, 0.5)),
]
for prior in ("mean", "gaussian"):
    for dist in ("l1", "l2"):
        for border in ("background", "ignore"):
            for k in (3, 5):
                cases.append(("NACL", {"lambda": 0.1, "kernel": k, "prior": prior, "sigma": 1, "distance": dist, "border": border},
                              (lambda p, d, b, kk: lambda l: nacl(l, labels, 0.1, kk, p, 1.0, d, b))(prior, dist, border, k)))
# the authors' Gaussian prior (SVLS kernel, replicate padding), sigma 1 and 0.7
for dist in ("l1", "l2"):
    for k in (3, 5):
        for sigma in (1.0, 0.7):
            cases.append(("NACL", {"lambda": 0.1, "kernel": k, "prior": "svls", "sigma": sigma, "distance": dist, "border": "replicate"},
                          (lambda d, kk, sg: lambda l: nacl(l, labels, 0.1, kk, "svls", sg, d, "replicate"))(dist, k, sigma)))

out = {"shape": [N, C, H, W], "logits": logits64.flatten().tolist(), "labels": labels.flatten().tolist(), "cases": []}
for name, params, fn in cases:
    l = logits64.clone().requires_grad_(True)
    scale = 4.0 if (name == "MbLS" and params["margin"] == 10) else 1.0
    if name == "ECP" and params["alpha"] == 0.7:
        scale = 8.0
    v = fn(l)
    v.backward()
    out["cases"].append({"loss": name, "params": params, "input_scale": scale, "value": v.item(), "grad": l.grad.flatten().tolist()})
    if name == "NACL":
        out["cases"][-1]["tau"] = nacl_prior(labels, params["kernel"], params["prior"], params["sigma"], params["border"]).flatten().tolist()
print(json.dumps(out))
