#!/usr/bin/env python3
"""Generate golden learning-rate sequences from PyTorch's torch.optim.lr_scheduler (see README.md).

Writes core/src/test/resources/golden/schedules/lr_schedules.txt. Each case drives one scheduler on a
dummy SGD optimizer and records, per epoch t = 0 .. N (t = 0 is the lr right after construction, t = k
the lr after the k-th step()):

  <case> lr <v0> <v1> ...       the optimizer's lr, i.e. what training sees (PyTorch's recursive step() form)
  <case> closed <v0> <v1> ...   the scheduler's _get_closed_form_lr() at the same epoch, where it has one
  <case> metric <m1> <m2> ...   ReduceLROnPlateau only: the metric fed to step(); its lr line then holds
                                the lr before the first step and after each step(metric)

Values are written with repr(), which round-trips float64 exactly. The Java test builds the same
schedules (its parameters must match CASES below) and replays every line.

Usage:  /usr/bin/python3 tools/golden/make_schedule_golden.py [output_file]
"""
import os
import sys
import warnings

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "core", "src", "test", "resources", "golden", "schedules", "lr_schedules.txt")

EPOCHS = 30


def optimizer(base_lr):
    return SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)


def lr_of(opt):
    return opt.param_groups[0]["lr"]


# name -> (base lr, epochs, factory(optimizer) -> scheduler)
CASES = {
    "step_7_half": (0.1, EPOCHS, lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    "step_3_0.9": (0.05, EPOCHS, lambda o: S.StepLR(o, step_size=3, gamma=0.9)),
    "exponential_0.9": (0.1, EPOCHS, lambda o: S.ExponentialLR(o, gamma=0.9)),
    "exponential_0.77": (1.0, EPOCHS, lambda o: S.ExponentialLR(o, gamma=0.77)),
    "cosine_30": (0.1, EPOCHS, lambda o: S.CosineAnnealingLR(o, T_max=30)),
    "cosine_10_min_past_tmax": (0.1, 35, lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
    "linear_default": (0.1, 10, lambda o: S.LinearLR(o)),
    "linear_decay": (0.2, EPOCHS, lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=20)),
    "warmup_then_cosine": (0.1, EPOCHS, lambda o: S.SequentialLR(o, [
        S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5),
        S.CosineAnnealingLR(o, T_max=25, eta_min=1e-4)], milestones=[5])),
    "warmup_step_exponential": (0.5, EPOCHS, lambda o: S.SequentialLR(o, [
        S.LinearLR(o, start_factor=0.25, total_iters=4),
        S.StepLR(o, step_size=3, gamma=0.5),
        S.ExponentialLR(o, gamma=0.95)], milestones=[4, 12])),
}

# name -> (base lr, metrics, factory(optimizer) -> ReduceLROnPlateau)
PLATEAU_LOSS = [1.0, 0.8, 0.7, 0.7, 0.6995, 0.7, 0.69, 0.71, 0.72, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.45,
                0.45, 0.45, 0.45, 0.45, 0.45, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]
PLATEAU_SCORE = [0.1, 0.2, 0.22, 0.24, 0.3, 0.3, 0.31, 0.5, 0.52, 0.53, 0.6, 0.6, 0.6, 0.64, 0.7, 0.7,
                 0.7, 0.7, 0.75, 0.76, 0.77, 0.77, 0.77, 0.77, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]
PLATEAU_CASES = {
    "plateau_min_rel": (0.1, PLATEAU_LOSS, lambda o: S.ReduceLROnPlateau(
        o, mode="min", factor=0.5, patience=2, threshold=1e-2, cooldown=1, min_lr=0.01)),
    "plateau_max_abs": (1.0, PLATEAU_SCORE, lambda o: S.ReduceLROnPlateau(
        o, mode="max", factor=0.1, patience=1, threshold=0.05, threshold_mode="abs")),
    "plateau_defaults": (0.1, PLATEAU_LOSS + [0.3] * 10, lambda o: S.ReduceLROnPlateau(o)),
    "plateau_max_rel_eps": (1e-6, PLATEAU_SCORE, lambda o: S.ReduceLROnPlateau(
        o, mode="max", factor=0.5, patience=0, cooldown=2, eps=1e-7)),
}


def line(name, kind, values):
    return " ".join([name, kind] + [repr(float(v)) for v in values])


def main():
    # SequentialLR calls step(0) at each milestone, which PyTorch 1.13 warns about; that is its own design.
    warnings.filterwarnings("ignore", message="The epoch parameter")
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    lines = ["# made by tools/golden/make_schedule_golden.py with torch " + torch.__version__
             + "; t = 0 is the lr before the first step()"]
    for name, (base, epochs, make) in CASES.items():
        opt = optimizer(base)
        sched = make(opt)
        lrs, closed = [lr_of(opt)], []
        has_closed = hasattr(sched, "_get_closed_form_lr")
        if has_closed:
            closed.append(sched._get_closed_form_lr()[0])
        for _ in range(epochs):
            opt.step()
            sched.step()
            lrs.append(lr_of(opt))
            if has_closed:
                closed.append(sched._get_closed_form_lr()[0])
        lines.append(line(name, "lr", lrs))
        if has_closed:
            lines.append(line(name, "closed", closed))
    for name, (base, metrics, make) in PLATEAU_CASES.items():
        opt = optimizer(base)
        sched = make(opt)
        lrs = [lr_of(opt)]
        for m in metrics:
            opt.step()
            sched.step(m)
            lrs.append(lr_of(opt))
        lines.append(line(name, "metric", metrics))
        lines.append(line(name, "lr", lrs))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", len(lines), "lines to", out)


if __name__ == "__main__":
    main()
