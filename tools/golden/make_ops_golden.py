#!/usr/bin/env python3
"""Generate golden files for the training operations (losses, optimizers, clipping) from PyTorch.

Writes core/src/test/resources/golden/ops/<case>.safetensors and golden/ops/INDEX. The Java test
ReferenceOpsGoldenTest replays every case on the reference backend. Files are written with
make_golden.write_safetensors (same layout and CRC as the RNN golden files).

As in make_golden.py, inputs are drawn in float32 (the stored values are exactly the ones used) and the
computation runs in float64; results are rounded to float32 only when stored. Hyper-parameters are rounded
to float32 first, because the Java records hold floats.

Usage:  /usr/bin/python3 tools/golden/make_ops_golden.py [output_dir]
"""
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import write_safetensors  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "core", "src", "test", "resources", "golden", "ops")
STEPS = 5
PARAMS = 10


def f32(x):
    """x rounded to the nearest float32, as a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def uniform(*shape, scale=1.0):
    """float32 values in [-scale, scale), returned as float64 (exact)."""
    return ((torch.rand(*shape, dtype=torch.float32) * 2 - 1) * scale).double()


def common_metadata(kind):
    return {"kind": kind, "torch_version": torch.__version__, "dtype_of_computation": "float64",
            "generator": "tools/golden/make_ops_golden.py"}


def value_and_grad(loss_fn, x, *args):
    x = x.clone().requires_grad_()
    loss = loss_fn(x, *args)
    loss.backward()
    return loss.detach().reshape(1), x.grad


# ------------------------------------------------------------------------------------------ losses

def mse_case():
    torch.manual_seed(501)
    pred, target = uniform(6, 4, scale=2), uniform(6, 4, scale=2)
    t = {"pred": pred, "target": target}
    for red in ("mean", "sum"):
        t["loss_" + red], t["grad_" + red] = value_and_grad(torch.nn.MSELoss(reduction=red), pred, target)
    return "loss_mse", t, common_metadata("mse")


def bce_case():
    torch.manual_seed(502)
    logits = uniform(6, 4, scale=5)
    logits[0, 0], logits[0, 1], logits[1, 0], logits[1, 1] = 50.0, -50.0, 20.0, -20.0
    target = (uniform(6, 4) + 1) / 2          # soft labels in [0, 1)
    target[0, 0], target[0, 1], target[1, 0], target[1, 1] = 0.0, 1.0, 1.0, 0.0  # wrong by 50 and 20
    target[2] = torch.round(target[2])         # a row of hard labels
    t = {"logits": logits, "target": target}
    for red in ("mean", "sum"):
        t["loss_" + red], t["grad_" + red] = value_and_grad(torch.nn.BCEWithLogitsLoss(reduction=red),
                                                            logits, target)
    return "loss_bce_with_logits", t, common_metadata("bce_with_logits")


def cross_entropy_case():
    torch.manual_seed(503)
    logits = uniform(7, 5, scale=4)
    logits[0, 2] = 30.0                        # a confident row, right (target 2) ...
    logits[1, 0] = 30.0                        # ... and a confident row, wrong (target 3)
    targets = torch.tensor([2, 3, 4, 0, 2, 1, 4], dtype=torch.int64)
    weight = torch.tensor([f32(0.5), 2.0, 1.0, f32(0.25), 3.0], dtype=torch.float64)
    t = {"logits": logits, "weight": weight}
    for red in ("mean", "sum"):
        t["loss_" + red], t["grad_" + red] = value_and_grad(torch.nn.CrossEntropyLoss(reduction=red),
                                                            logits, targets)
        t["loss_weighted_" + red], t["grad_weighted_" + red] = value_and_grad(
            torch.nn.CrossEntropyLoss(weight=weight, reduction=red), logits, targets)
    tensors = {k: ("F32", v) for k, v in t.items()}
    tensors["targets"] = ("I64", targets)
    return "loss_cross_entropy", tensors, common_metadata("cross_entropy")


# -------------------------------------------------------------------------------------- optimizers

def optimizer_case(name, seed, make, hyper):
    """STEPS steps on a PARAMS-vector with a fixed gradient sequence; stores the parameter after each step."""
    torch.manual_seed(seed)
    p0 = uniform(PARAMS)
    grads = uniform(STEPS, PARAMS, scale=2)
    grads[0, 0] = 0.0                          # a zero gradient in the first step (Adam: v = 0, eps alone)
    p = p0.clone().requires_grad_()
    opt = make([p])
    after = []
    for s in range(STEPS):
        p.grad = grads[s].clone()
        opt.step()
        assert torch.equal(p.grad, grads[s]), "the optimizer changed the gradient"
        after.append(p.detach().clone())
    meta = common_metadata("optimizer")
    meta.update({k: v if isinstance(v, str) else repr(v) for k, v in hyper.items()})
    return name, {"param0": p0, "grads": grads, "params": torch.stack(after)}, meta


def sgd(name, seed, lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    hyper = dict(optimizer="sgd", lr=f32(lr), momentum=f32(momentum), dampening=f32(dampening),
                 nesterov=nesterov, weight_decay=f32(weight_decay))
    make = lambda ps: torch.optim.SGD(ps, lr=hyper["lr"], momentum=hyper["momentum"],  # noqa: E731
                                      dampening=hyper["dampening"], nesterov=nesterov,
                                      weight_decay=hyper["weight_decay"])
    return optimizer_case(name, seed, make, hyper)


def adam(name, seed, decoupled, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    hyper = dict(optimizer="adamw" if decoupled else "adam", lr=f32(lr), beta1=f32(betas[0]),
                 beta2=f32(betas[1]), eps=f32(eps), weight_decay=f32(weight_decay))
    cls = torch.optim.AdamW if decoupled else torch.optim.Adam
    make = lambda ps: cls(ps, lr=hyper["lr"], betas=(hyper["beta1"], hyper["beta2"]),  # noqa: E731
                          eps=hyper["eps"], weight_decay=hyper["weight_decay"], foreach=False)
    return optimizer_case(name, seed, make, hyper)


# ---------------------------------------------------------------------------------------- clipping

def with_grads(grads):
    """Parameters whose .grad is a copy of each gradient: the clipping utilities act on p.grad."""
    params = []
    for g in grads:
        p = torch.zeros_like(g, requires_grad=True)
        p.grad = g.clone()
        params.append(p)
    return params


def clip_case():
    torch.manual_seed(504)
    grads = [uniform(3, 4), uniform(5, scale=2), uniform(2, 2, 2)]
    t = {"grad%d" % i: g for i, g in enumerate(grads)}
    norm = float(torch.sqrt(sum((g * g).sum() for g in grads)))
    for label, max_norm in (("below", f32(0.5)), ("above", f32(100.0))):
        assert (norm > max_norm) == (label == "below")
        params = with_grads(grads)
        total = torch.nn.utils.clip_grad_norm_(params, max_norm)
        t["norm_%s_total" % label] = total.reshape(1)
        for i, p in enumerate(params):
            t["norm_%s_grad%d" % (label, i)] = p.grad
        changed = any(not torch.equal(p.grad, g) for p, g in zip(params, grads))
        assert changed == (label == "below")
    params = with_grads(grads)
    torch.nn.utils.clip_grad_value_(params, f32(0.3))
    for i, p in enumerate(params):
        t["value_grad%d" % i] = p.grad
    meta = common_metadata("clip")
    meta.update({"max_norm_below": repr(f32(0.5)), "max_norm_above": repr(f32(100.0)),
                 "clip_value": repr(f32(0.3))})
    return "clip_grad", t, meta


def cases():
    yield mse_case()
    yield bce_case()
    yield cross_entropy_case()
    yield sgd("sgd_plain", 601, 0.1)
    yield sgd("sgd_momentum", 602, 0.05, momentum=0.9)
    yield sgd("sgd_dampening", 603, 0.05, momentum=0.9, dampening=0.5)
    yield sgd("sgd_nesterov", 604, 0.05, momentum=0.8, nesterov=True)
    yield sgd("sgd_weight_decay", 605, 0.05, momentum=0.9, weight_decay=0.1)
    yield adam("adam", 701, False, 0.01)
    yield adam("adam_weight_decay", 702, False, 0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)
    yield adam("adamw", 703, True, 0.01, weight_decay=0.01)
    yield adam("adamw_strong_decay", 704, True, 0.03, betas=(0.5, 0.9), weight_decay=0.5)
    yield clip_case()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    names = []
    for name, tensors, metadata in cases():
        tensors = {k: (v if isinstance(v, tuple) else ("F32", v)) for k, v in tensors.items()}
        path = os.path.join(out, name + ".safetensors")
        write_safetensors(path, tensors, metadata)
        names.append(name + ".safetensors")
        print("%-36s %6d bytes" % (name + ".safetensors", os.path.getsize(path)))
    with open(os.path.join(out, "INDEX"), "w") as f:
        f.write("# golden files made by tools/golden/make_ops_golden.py\n")
        for n in sorted(names):
            f.write(n + "\n")


if __name__ == "__main__":
    main()
