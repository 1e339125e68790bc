#!/usr/bin/env python3
"""Generate golden RNN test files from PyTorch (see README.md).

Writes core/src/test/resources/golden/<case>.safetensors, one file per case.
The safetensors format is written by hand (json + struct), the same layout the
Java writer uses, including the "jrnn.crc32" checksum of the data section.

All arithmetic is done in float64: weights and inputs are drawn in float32
(so the float32 values stored in the file are exactly the ones used), then
the module and tensors are converted to double for forward and backward.

Usage:  /usr/bin/python3 tools/golden/make_golden.py [output_dir]
"""
import json
import os
import struct
import sys
import tempfile
import zlib

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "core", "src", "test", "resources", "golden")

CELLS = ["rnn_tanh", "rnn_relu", "lstm", "gru"]

# (suffix, T, B, layers, bidirectional, bias, I, H, lengths or None for full-length batches)
# I != H everywhere and differs between cases, so shape mix-ups are caught.
SHAPES = [
    ("t1_l1_uni",                1, 2, 1, False, True,  5, 4, None),
    ("t5_l2_bi_ragged",          5, 3, 2, True,  True,  6, 5, [3, 5, 2]),
    ("t50_l1_uni_ragged_nobias", 50, 3, 1, False, False, 7, 6, [37, 50, 1]),
    # max(lengths) < T here: every sequence is padded, as with total_length.
    ("t17_l3_bi_ragged",         17, 4, 3, True,  True,  5, 7, [9, 16, 1, 13]),
    ("t8_l2_uni_full",           8, 2, 2, False, True,  6, 8, None),
]

WEIGHT_RANGE = 0.5  # weights ~ U(-0.5, 0.5)

CRC_KEY = "jrnn.crc32"


def make_module(cell, I, H, layers, bi, bias):
    kw = dict(input_size=I, hidden_size=H, num_layers=layers, bias=bias,
              batch_first=True, bidirectional=bi)
    if cell == "rnn_tanh":
        return torch.nn.RNN(nonlinearity="tanh", **kw)
    if cell == "rnn_relu":
        return torch.nn.RNN(nonlinearity="relu", **kw)
    if cell == "lstm":
        return torch.nn.LSTM(**kw)
    if cell == "gru":
        return torch.nn.GRU(**kw)
    raise ValueError(cell)


def uniform(*shape, scale=1.0):
    """float32 values in [-scale, scale), returned as float64 (exact)."""
    return ((torch.rand(*shape, dtype=torch.float32) * 2 - 1) * scale).double()


def normal(*shape, scale=1.0):
    return (torch.randn(*shape, dtype=torch.float32) * scale).double()


def run_case(cell, idx, suffix, T, B, layers, bi, bias, I, H, lengths):
    torch.manual_seed(1000 + 37 * idx + CELLS.index(cell))
    D = 2 if bi else 1
    mod = make_module(cell, I, H, layers, bi, bias)
    with torch.no_grad():
        for p in mod.parameters():
            p.copy_(torch.rand(p.shape, dtype=torch.float32) * (2 * WEIGHT_RANGE) - WEIGHT_RANGE)
    mod = mod.double()
    is_lstm = cell == "lstm"

    x = uniform(B, T, I).requires_grad_()
    h0 = normal(layers * D, B, H, scale=0.5).requires_grad_()
    c0 = normal(layers * D, B, H, scale=0.5).requires_grad_() if is_lstm else None
    grad_output = normal(B, T, D * H)          # also nonzero past each length: must get no gradient
    grad_h_n = normal(layers * D, B, H)
    grad_c_n = normal(layers * D, B, H) if is_lstm else None

    hx = (h0, c0) if is_lstm else h0
    if lengths is not None:
        assert len(lengths) == B and min(lengths) >= 1 and max(lengths) <= T
        assert lengths != sorted(lengths, reverse=True), "lengths must be unsorted"
        assert min(lengths) < T
        packed = pack_padded_sequence(x, torch.tensor(lengths, dtype=torch.int64),
                                      batch_first=True, enforce_sorted=False)
        out_packed, hn = mod(packed, hx)
        output, _ = pad_packed_sequence(out_packed, batch_first=True, total_length=T)
    else:
        output, hn = mod(x, hx)
    h_n, c_n = hn if is_lstm else (hn, None)

    loss = (output * grad_output).sum() + (h_n * grad_h_n).sum()
    if is_lstm:
        loss = loss + (c_n * grad_c_n).sum()
    loss.backward()

    check_semantics(output, h_n, x.grad, lengths, T, B, layers, D, H)

    tensors = {}
    for name, p in mod.named_parameters():
        tensors[name] = p.detach()
        tensors["grad." + name] = p.grad
    tensors["input"] = x.detach()
    tensors["h0"] = h0.detach()
    tensors["grad_output"] = grad_output
    tensors["grad_h_n"] = grad_h_n
    tensors["output"] = output.detach()
    tensors["h_n"] = h_n.detach()
    tensors["grad_input"] = x.grad
    tensors["grad_h0"] = h0.grad
    if is_lstm:
        tensors["c0"] = c0.detach()
        tensors["grad_c_n"] = grad_c_n
        tensors["c_n"] = c_n.detach()
        tensors["grad_c0"] = c0.grad
    tensors = {k: ("F32", v) for k, v in tensors.items()}
    if lengths is not None:
        tensors["lengths"] = ("I64", torch.tensor(lengths, dtype=torch.int64))

    metadata = {
        "cell": cell,
        "input_size": str(I),
        "hidden_size": str(H),
        "num_layers": str(layers),
        "bidirectional": "true" if bi else "false",
        "bias": "true" if bias else "false",
        "batch_first": "true",
        "seq_len": str(T),
        "batch_size": str(B),
        "ragged": "true" if lengths is not None else "false",
        "torch_version": torch.__version__,
        "dtype_of_computation": "float64",
        "weight_init": "uniform(-%g, %g)" % (WEIGHT_RANGE, WEIGHT_RANGE),
        "loss": "sum(output*grad_output) + sum(h_n*grad_h_n)" + (" + sum(c_n*grad_c_n)" if is_lstm else ""),
        "generator": "tools/golden/make_golden.py",
    }
    return "%s_%s" % (cell, suffix), tensors, metadata, float(output.abs().max())


def check_semantics(output, h_n, grad_input, lengths, T, B, layers, D, H):
    """Sanity checks of PyTorch's packed-sequence conventions that the Java side relies on."""
    lens = lengths if lengths is not None else [T] * B
    last = h_n.view(layers, D, B, H)[-1]
    for b, n in enumerate(lens):
        # forward direction: h_n is the state after the last valid step
        assert torch.equal(last[0, b], output[b, n - 1, :H])
        if D == 2:
            # reverse direction: it starts at step n-1 of each sequence and ends at step 0
            assert torch.equal(last[1, b], output[b, 0, H:])
        assert torch.count_nonzero(output[b, n:]) == 0
        assert torch.count_nonzero(grad_input[b, n:]) == 0


def tensor_bytes(dtype, t):
    flat = t.detach().contiguous().view(-1).tolist()
    if dtype == "F32":
        return struct.pack("<%df" % len(flat), *flat)
    if dtype == "I64":
        return struct.pack("<%dq" % len(flat), *flat)
    if dtype == "I32":
        return struct.pack("<%di" % len(flat), *flat)
    raise ValueError(dtype)


SIZES = {"F32": 4, "I64": 8, "I32": 4}


def write_safetensors(path, tensors, metadata):
    """Same layout as org.jrnn.io.SafeTensors.write: sorted header keys, data ordered by
    element size (descending) then name with no gaps, header space-padded to a multiple of 8."""
    order = sorted(tensors, key=lambda k: (-SIZES[tensors[k][0]], k))
    blobs, offsets, pos = [], {}, 0
    for name in order:
        dtype, t = tensors[name]
        b = tensor_bytes(dtype, t)
        assert len(b) == t.numel() * SIZES[dtype]
        offsets[name] = (pos, pos + len(b))
        blobs.append(b)
        pos += len(b)
    data = b"".join(blobs)
    meta = dict(metadata)
    meta[CRC_KEY] = "%08x" % (zlib.crc32(data) & 0xFFFFFFFF)
    header = {"__metadata__": dict(sorted(meta.items()))}
    for name in sorted(tensors):
        dtype, t = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": list(offsets[name])}
    hj = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    hj += b" " * (-len(hj) % 8)
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(hj)))
            f.write(hj)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    total = 0
    names = []
    for cell in CELLS:
        for idx, spec in enumerate(SHAPES):
            name, tensors, metadata, maxabs = run_case(cell, idx, *spec)
            path = os.path.join(out, name + ".safetensors")
            names.append(name + ".safetensors")
            write_safetensors(path, tensors, metadata)
            size = os.path.getsize(path)
            total += size
            print("%-40s %7d bytes  max|output|=%.3g" % (name + ".safetensors", size, maxabs))
    # The Java tests find the cases through this list (resources inside a jar cannot be listed).
    with open(os.path.join(out, "INDEX"), "w") as f:
        f.write("# golden files made by tools/golden/make_golden.py\n")
        for n in sorted(names):
            f.write(n + "\n")
    print("total %d bytes" % total)


if __name__ == "__main__":
    main()
