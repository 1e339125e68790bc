#!/usr/bin/env python3
"""Generate golden files for whole training runs (model + loss + clipping + optimizer) from PyTorch.

Writes core/src/test/resources/golden/train/<case>.safetensors and golden/train/INDEX. The Java contract
TrainerGoldenContract builds the same model from the metadata, loads `init.*`, trains STEPS steps through the
Trainer with shuffling off and compares every parameter after every step with `step<k>.*`, and every loss.

Each case is a small nn.Module with submodules named like the Java ParameterSet (`embedding`, `rnn`, optional
`hidden` + activation, `head`), so its state_dict names are the Java parameter names. Ragged batches go through
pack_padded_sequence(enforce_sorted=False), as the Java engine's packed semantics.

Precision: as the other golden files, the initial parameters and the data are float32 (PyTorch's default
initialisation, drawn in float32: the stored values are exactly the ones used), and the whole run — forward,
loss, backward, clipping and optimizer — is computed in float64. The stored results are then PyTorch's exact
answer rounded once to float32, so the error the Java test measures is the engine's own (a float32 PyTorch run
would add its own, differently ordered rounding to the comparison). Hyper-parameters are rounded to float32 first,
because the Java records hold floats.

Batches: batch k holds rows [(k mod nb)*B, ...) of the N rows, nb = ceil(N / B), the last one partial (N % B != 0
in every case), as the Java Trainer without shuffling; with STEPS > nb the run wraps into the next epoch.

Usage:  /usr/bin/python3 tools/golden/make_train_golden.py [output_dir]
"""
import os
import struct
import sys

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import write_safetensors  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "core", "src", "test", "resources", "golden", "train")
STEPS = 4


def f32(x):
    """x rounded to the nearest float32, as a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Case:
    """One training run. Defaults: features, one layer, no hidden layer, no clipping."""

    def __init__(self, name, seed, cell, readout, loss, optimizer, N=7, B=3, T=6, I=3, H=4, layers=1, bi=False,
                 vocab=0, emb=0, padding_idx=-1, hidden=0, activation="identity", outputs=2, class_weights=None,
                 lr=0.05, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0, betas=(0.9, 0.999),
                 eps=1e-8, clip_norm=None, clip_value=None, lengths=None, bias=True,
                 frozen=(), tbptt=0, groups=()):
        assert N % B != 0, "every case has a partial last batch"
        self.__dict__.update(locals())
        del self.__dict__["self"]
        if vocab:
            self.I = emb
        self.lengths = lengths or [T] * N


class Model(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        if c.vocab:
            self.embedding = torch.nn.Embedding(c.vocab, c.emb, padding_idx=c.padding_idx if c.padding_idx >= 0
                                                else None)
        kw = dict(input_size=c.I, hidden_size=c.H, num_layers=c.layers, bias=c.bias, batch_first=True,
                  bidirectional=c.bi)
        if c.cell == "lstm":
            self.rnn = torch.nn.LSTM(**kw)
        elif c.cell == "gru":
            self.rnn = torch.nn.GRU(**kw)
        else:
            self.rnn = torch.nn.RNN(nonlinearity=c.cell[len("rnn_"):], **kw)
        features = c.H * (2 if c.bi else 1)
        if c.hidden:
            self.hidden = torch.nn.Linear(features, c.hidden)
            features = c.hidden
        self.head = torch.nn.Linear(features, c.outputs)

    def forward(self, x, lengths):
        """x: [n, T, I] float or [n, T] token ids; lengths [n]. Returns [n, O], or [n, T, O] for readout all."""
        c = self.c
        if c.vocab:
            x = self.embedding(x)
        T = x.shape[1]
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, state = self.rnn(packed)
        h_n = state[0] if c.cell == "lstm" else state
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)   # zeros past each length
        valid = torch.arange(T)[None, :] < lengths[:, None]                  # [n, T]
        if c.readout == "last":
            z = torch.cat([h_n[-2], h_n[-1]], 1) if c.bi else h_n[-1]
        elif c.readout == "mean":
            z = out.sum(1) / lengths[:, None].to(out.dtype)
        elif c.readout == "max":
            z = out.masked_fill(~valid[:, :, None], float("-inf")).max(1).values
        else:
            z = out
        if c.hidden:
            z = self.hidden(z)
            z = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}[c.activation](z)
        return self.head(z), valid

    def window(self, x, lengths, state):
        """Truncated BPTT: one window x [n, L, ...] with lengths in [0, L] from `state` (None: zeros), readout all.
        Sequences that ended before the window (length 0) cannot be packed: they are left out and keep their state.
        Returns the logits [n, L, O], the valid mask and the detached final state."""
        c = self.c
        if c.vocab:
            x = self.embedding(x)
        n, L = x.shape[0], x.shape[1]
        idx = (lengths > 0).nonzero().squeeze(1)
        lstm = c.cell == "lstm"
        shape = (c.layers * (2 if c.bi else 1), n, c.H)
        if state is None:
            state = (torch.zeros(shape, dtype=x.dtype),) * (2 if lstm else 1)
        h0 = tuple(s[:, idx] for s in state)
        packed = pack_padded_sequence(x[idx], lengths[idx], batch_first=True, enforce_sorted=False)
        out, st = self.rnn(packed, h0 if lstm else h0[0])
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=L)
        full = torch.zeros(n, L, out.shape[2], dtype=out.dtype).index_copy(0, idx, out)
        st = st if lstm else (st,)
        state = tuple(s.detach().index_copy(1, idx, t.detach()) for s, t in zip(state, st))
        valid = torch.arange(L)[None, :] < lengths[:, None]
        return self.head(full), valid, state


def loss_of(c, logits, valid, target, weight):
    if c.readout == "all":
        logits, target = logits[valid], target[valid]         # valid elements only
    if c.loss == "mse":
        return F.mse_loss(logits, target)
    if c.loss == "bce":
        return F.binary_cross_entropy_with_logits(logits, target)
    return F.cross_entropy(logits, target, weight=weight)


def param_groups(c, model):
    """PyTorch parameter groups for the case's groups, each parameter in the first group that selects it (as
    org.jrnn.train.optim.ParamGroup): "no_decay_on_biases" (weight_decay 0 for every bias) or "module:<m>:lr:<x>"
    (module m at learning rate x); the rest in the default group. Empty groups are left out."""
    chosen = [[] for _ in c.groups]
    rest = []
    for name, p in model.named_parameters():
        module, leaf = name.split(".", 1)
        for i, g in enumerate(c.groups):
            if (g == "no_decay_on_biases" and leaf.startswith("bias")) or g.startswith("module:" + module + ":"):
                chosen[i].append(p)
                break
        else:
            rest.append(p)
    groups = [{"params": rest}]
    for g, ps in zip(c.groups, chosen):
        if ps:
            groups.append({"params": ps, "weight_decay": 0.0} if g == "no_decay_on_biases"
                          else {"params": ps, "lr": f32(float(g.split(":")[3]))})
    return groups


def make_optimizer(c, params):
    if c.optimizer == "sgd":
        return torch.optim.SGD(params, lr=f32(c.lr), momentum=f32(c.momentum), dampening=f32(c.dampening),
                               nesterov=c.nesterov, weight_decay=f32(c.weight_decay), foreach=False)
    cls = torch.optim.AdamW if c.optimizer == "adamw" else torch.optim.Adam
    return cls(params, lr=f32(c.lr), betas=(f32(c.betas[0]), f32(c.betas[1])), eps=f32(c.eps),
               weight_decay=f32(c.weight_decay), foreach=False)


def run(c):
    torch.manual_seed(c.seed)
    model = Model(c)                                   # PyTorch's default initialisation, in float32
    init = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if c.vocab:
        x = torch.randint(0, c.vocab, (c.N, c.T), dtype=torch.int64)
        if c.padding_idx >= 0:                         # the padding id inside valid steps too
            x[0, 0] = x[1, 1] = x[c.N - 1, 0] = c.padding_idx
    else:
        x = (torch.rand(c.N, c.T, c.I) * 2 - 1).double()
    lengths = torch.tensor(c.lengths, dtype=torch.int64)
    if c.loss == "ce":
        target = torch.randint(0, c.outputs, (c.N,), dtype=torch.int64)
    else:
        shape = (c.N, c.T, c.outputs) if c.readout == "all" else (c.N, c.outputs)
        target = torch.rand(*shape)
        target = (target if c.loss == "bce" else target * 2 - 1).double()
    weight = torch.tensor([f32(w) for w in c.class_weights], dtype=torch.float64) if c.class_weights else None

    model.double()
    for module in c.frozen:                            # no gradient: clipping and the optimizer skip them
        getattr(model, module).requires_grad_(False)
    opt = make_optimizer(c, param_groups(c, model) if c.groups else model.parameters())
    nb = (c.N + c.B - 1) // c.B
    tensors = {"init." + k: ("F32", v) for k, v in init.items()}
    losses, norms, clipped = [], [], [0]

    def update(loss):
        """One optimizer step from the loss: backward, clipping, step."""
        opt.zero_grad(set_to_none=False)
        loss.backward()
        grads = [p.grad for p in model.parameters() if p.grad is not None]
        norm = float(torch.sqrt(sum((g * g).sum() for g in grads)))
        if c.clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), f32(c.clip_norm))
            clipped[0] += norm > f32(c.clip_norm)
        elif c.clip_value is not None:
            clipped[0] += any(bool((g.abs() > f32(c.clip_value)).any()) for g in grads)
            torch.nn.utils.clip_grad_value_(model.parameters(), f32(c.clip_value))
        opt.step()
        norms.append(norm)

    for k in range(STEPS):
        rows = slice((k % nb) * c.B, min(c.N, (k % nb + 1) * c.B))
        if c.tbptt:
            # Windows over the batch's own length (the Java loader trims the batch to its longest sequence), one
            # optimizer step each; the batch loss is the mean of the window losses.
            xb, lb, tb = x[rows], lengths[rows], target[rows]
            Tb = int(lb.max())
            state, window_losses = None, []
            for s0 in range(0, Tb, c.tbptt):
                L = min(c.tbptt, Tb - s0)
                logits, valid, state = model.window(xb[:, s0:s0 + L], (lb - s0).clamp(0, L), state)
                loss = loss_of(c, logits, valid, tb[:, s0:s0 + L], weight)
                update(loss)
                window_losses.append(float(loss))
            losses.append(sum(window_losses) / len(window_losses))
        else:
            logits, valid = model(x[rows], lengths[rows])
            loss = loss_of(c, logits, valid, target[rows], weight)
            update(loss)
            losses.append(float(loss))
        for name, v in model.state_dict().items():
            tensors["step%d.%s" % (k, name)] = ("F32", v.detach().clone())
    if c.clip_norm is not None or c.clip_value is not None:
        assert clipped[0] > 0, c.name + ": clipping never acted"
    with torch.no_grad():                              # the trained model over all N rows at once
        logits, valid = model(x, lengths)
        eval_loss = loss_of(c, logits, valid, target, weight)
        if c.readout == "all":
            logits = logits * valid[:, :, None]        # zero past each length, as the Java predictions
    tensors["eval_logits"] = ("F32", logits)
    tensors["eval_loss"] = ("F32", eval_loss.reshape(1))
    if c.vocab and c.padding_idx >= 0:
        assert torch.count_nonzero(model.embedding.weight[c.padding_idx]) == 0

    tensors["losses"] = ("F32", torch.tensor(losses, dtype=torch.float64))
    tensors["grad_norms"] = ("F32", torch.tensor(norms, dtype=torch.float64))
    tensors["lengths"] = ("I32", lengths)
    tensors["tokens" if c.vocab else "input"] = ("I32", x) if c.vocab else ("F32", x)
    tensors["target"] = ("I32", target) if c.loss == "ce" else ("F32", target)
    return tensors, metadata(c, nb, len(norms))


def metadata(c, batches, optimizer_steps):
    none = "none"
    m = {
        "cell": c.cell, "input_size": str(c.I), "hidden_size": str(c.H), "num_layers": str(c.layers),
        "bidirectional": str(c.bi).lower(), "bias": str(c.bias).lower(),
        "vocabulary": str(c.vocab), "embedding_dim": str(c.emb if c.vocab else 0), "padding_idx": str(c.padding_idx),
        "readout": c.readout, "head_hidden_units": str(c.hidden), "head_activation": c.activation,
        "outputs": str(c.outputs), "loss": c.loss,
        "class_weights": ",".join(repr(f32(w)) for w in c.class_weights) if c.class_weights else none,
        "optimizer": c.optimizer, "lr": repr(f32(c.lr)), "weight_decay": repr(f32(c.weight_decay)),
        "momentum": repr(f32(c.momentum)), "dampening": repr(f32(c.dampening)), "nesterov": str(c.nesterov).lower(),
        "beta1": repr(f32(c.betas[0])), "beta2": repr(f32(c.betas[1])), "eps": repr(f32(c.eps)),
        "clip_norm": repr(f32(c.clip_norm)) if c.clip_norm is not None else none,
        "clip_value": repr(f32(c.clip_value)) if c.clip_value is not None else none,
        "frozen": ",".join(c.frozen) if c.frozen else none,
        "param_groups": ";".join(c.groups) if c.groups else none,
        "tbptt": str(c.tbptt), "batch_size": str(c.B), "steps": str(STEPS), "optimizer_steps": str(optimizer_steps),
        "batches_per_epoch": str(batches),
        "torch_version": torch.__version__, "dtype_of_computation": "float64",
        "weight_init": "pytorch default (float32)", "generator": "tools/golden/make_train_golden.py",
    }
    return m


RAGGED7 = [4, 6, 2, 5, 1, 6, 3]
RAGGED8 = [3, 6, 5, 1, 6, 2, 4, 6]
ADAM_WD = dict(betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)

CASES = [
    # SGD with momentum
    Case("lstm_sgd_momentum_last_mse", 801, "lstm", "last", "mse", "sgd", lr=0.1, momentum=0.9,
         lengths=RAGGED7),
    Case("gru_emb_sgd_momentum_clipnorm_mean_bce", 802, "gru", "mean", "bce", "sgd", lr=0.2, momentum=0.9,
         dampening=0.1, vocab=9, emb=3, padding_idx=0, clip_norm=0.05, outputs=3, lengths=RAGGED7),
    # SGD with Nesterov and weight decay
    Case("rnn_tanh_sgd_nesterov_wd_max_ce_hidden", 803, "rnn_tanh", "max", "ce", "sgd", lr=0.1, momentum=0.8,
         nesterov=True, weight_decay=0.05, hidden=5, activation="tanh", outputs=3, class_weights=[0.5, 2.0, 1.25],
         lengths=RAGGED7),
    Case("rnn_relu_sgd_nesterov_wd_clipvalue_all_mse", 804, "rnn_relu", "all", "mse", "sgd", lr=0.1,
         momentum=0.9, nesterov=True, weight_decay=0.01, clip_value=0.02, lengths=RAGGED7),
    # Adam
    Case("lstm_emb_adam_all_bce", 805, "lstm", "all", "bce", "adam", lr=0.01, vocab=7, emb=4, padding_idx=1,
         N=8, B=3, lengths=RAGGED8),
    Case("gru_bi2_adam_clipnorm_last_ce", 806, "gru", "last", "ce", "adam", lr=0.01, layers=2, bi=True, H=3,
         outputs=4, class_weights=[1.0, 0.25, 3.0, 0.75], clip_norm=0.1, N=8, B=3, lengths=RAGGED8),
    # Adam with weight decay
    Case("rnn_tanh_emb_adam_wd_mean_mse_hidden", 807, "rnn_tanh", "mean", "mse", "adam", lr=0.02, vocab=10,
         emb=3, padding_idx=4, hidden=4, activation="relu", **ADAM_WD, lengths=RAGGED7),
    Case("lstm_adam_wd_clipvalue_max_bce_hidden", 808, "lstm", "max", "bce", "adam", lr=0.02, hidden=3,
         activation="sigmoid", clip_value=0.01, **ADAM_WD, lengths=RAGGED7),
    # AdamW
    Case("gru_adamw_max_mse", 809, "gru", "max", "mse", "adamw", lr=0.01, weight_decay=0.1, lengths=RAGGED7),
    Case("rnn_relu_emb_adamw_clipnorm_last_ce", 810, "rnn_relu", "last", "ce", "adamw", lr=0.01,
         weight_decay=0.05, vocab=8, emb=3, padding_idx=0, clip_norm=0.2, outputs=3,
         class_weights=[2.0, 1.0, 0.5], lengths=RAGGED7),
    Case("lstm_bi_adamw_clipvalue_all_mse_full", 811, "lstm", "all", "mse", "adamw", lr=0.01, weight_decay=0.01,
         bi=True, clip_value=0.01, N=5, B=2, T=4),
    # A recurrent stack without biases, two layers read out by `last`.
    Case("rnn_tanh_l2_nobias_sgd_plain_last_bce_hidden", 812, "rnn_tanh", "last", "bce", "sgd", lr=0.5, hidden=3,
         activation="tanh", outputs=1, layers=2, bias=False, lengths=RAGGED7),
    # Bidirectional with ragged lengths under every pooling readout; two unidirectional layers; four batches of
    # one epoch (N = 10).
    Case("gru_bi_emb_sgd_nesterov_mean_bce", 813, "gru", "mean", "bce", "sgd", lr=0.2, momentum=0.9,
         nesterov=True, bi=True, vocab=6, emb=3, padding_idx=5, outputs=2, lengths=RAGGED7),
    Case("rnn_relu_bi2_adam_max_mse_hidden", 814, "rnn_relu", "max", "mse", "adam", lr=0.01, bi=True, layers=2,
         H=3, hidden=4, activation="tanh", lengths=RAGGED7),
    Case("rnn_tanh_l2_bi_adamw_clipnorm_all_bce", 815, "rnn_tanh", "all", "bce", "adamw", lr=0.02,
         weight_decay=0.02, bi=True, layers=2, H=3, clip_norm=0.05, N=10, B=3, lengths=[5, 2, 6, 6, 1, 3, 4, 6, 2, 5]),
    Case("lstm_l2_sgd_momentum_clipvalue_mean_ce", 816, "lstm", "mean", "ce", "sgd", lr=0.3, momentum=0.5,
         layers=2, clip_value=0.05, outputs=3, class_weights=[1.5, 0.5, 1.0], N=10, B=4,
         lengths=[5, 2, 6, 6, 1, 3, 4, 6, 2, 5]),
    # Frozen modules (requires_grad False: no gradient, no clipping share, no optimizer state or weight decay): the
    # head alone under a trainable stack, and everything below the head (the recurrent backward is skipped).
    Case("lstm_frozen_head_adamw_clipnorm_mean_mse_hidden", 817, "lstm", "mean", "mse", "adamw", lr=0.01,
         weight_decay=0.1, hidden=3, activation="relu", frozen=("head",), clip_norm=0.05, lengths=RAGGED7),
    Case("gru_emb_frozen_emb_rnn_sgd_wd_last_ce_hidden", 818, "gru", "last", "ce", "sgd", lr=0.2, momentum=0.9,
         weight_decay=0.1, vocab=8, emb=3, padding_idx=2, hidden=4, activation="tanh", outputs=3,
         frozen=("embedding", "rnn"), lengths=RAGGED7),
    # Truncated BPTT (readout all): windows over each batch's longest sequence, the state carried detached, one
    # optimizer step per window; sequences that ended earlier have length 0 in later windows.
    Case("lstm_tbptt2_sgd_momentum_all_mse", 819, "lstm", "all", "mse", "sgd", lr=0.1, momentum=0.9, tbptt=2,
         lengths=RAGGED7),
    Case("gru_bi_emb_tbptt3_adam_clipvalue_all_bce", 820, "gru", "all", "bce", "adam", lr=0.01, bi=True, tbptt=3,
         vocab=7, emb=3, padding_idx=0, clip_value=0.02, T=7, lengths=[7, 2, 5, 7, 1, 4, 6]),
    # Parameter groups: no weight decay on biases, and the recurrent stack at its own learning rate.
    Case("lstm_groups_adamw_last_mse_hidden", 821, "lstm", "last", "mse", "adamw", lr=0.02, weight_decay=0.3,
         hidden=3, activation="tanh", groups=("no_decay_on_biases", "module:rnn:lr:0.004"), lengths=RAGGED7),
    Case("gru_emb_groups_sgd_wd_mean_ce", 822, "gru", "mean", "ce", "sgd", lr=0.2, momentum=0.9,
         weight_decay=0.2, vocab=8, emb=3, padding_idx=0, outputs=3, groups=("module:embedding:lr:0.5",
                                                                           "no_decay_on_biases"), lengths=RAGGED7),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    names, total = [], 0
    for c in CASES:
        tensors, meta = run(c)
        path = os.path.join(out, c.name + ".safetensors")
        write_safetensors(path, tensors, meta)
        names.append(c.name + ".safetensors")
        size = os.path.getsize(path)
        total += size
        losses = tensors["losses"][1].tolist()
        print("%-48s %6d bytes  losses %s" % (c.name + ".safetensors", size,
                                                " ".join("%.4f" % v for v in losses)))
    with open(os.path.join(out, "INDEX"), "w") as f:
        f.write("# golden files made by tools/golden/make_train_golden.py\n")
        for n in sorted(names):
            f.write(n + "\n")
    print("total %d bytes" % total)


if __name__ == "__main__":
    main()
