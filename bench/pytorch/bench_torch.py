#!/usr/bin/python3
"""PyTorch peer of the jrnn benchmarks: same kinds, shapes and cells, same CSV columns.

Kinds (as in the Java report):
  forward  nn.RNN/LSTM/GRU over a whole time-major sequence [T, B, I] under torch.no_grad()
  train    zero_grad, forward, backward with a fixed grad_output, SGD step p -= lr * g
  model    a full training step, as jrnn's Trainer runs it (ModelTrainStepBenchmark): nn.Embedding(V, I,
           padding_idx=0) + nn.LSTM(I, H) + nn.Linear(H, 2) on h_n[-1], CrossEntropyLoss, Adam(lr=1e-3), V = 20000;
           one timed call = build the batch tensor from host (numpy) arrays + zero_grad + forward + loss + backward +
           step, over 8 seeded batches of B sequences of T token ids in [2, V) taken in turn; sentiment shape only
  step     nn.RNNCell/LSTMCell/GRUCell at batch 1, state carried between calls (latency, microseconds)
  gemm     torch.mm on the GEMM shapes (sq2048 is the usual sgemm 2048^3 number)

Shapes come from bench/shapes.csv, which is generated from the Java list (a test keeps them equal).
Each problem is warmed up, then timed call by call; the median, half the interquartile range and the
99th percentile are written, like the Java report's JMH SampleTime numbers.

CPU (Debian):  apt-get install -y python3-torch libopenblas0-openmp
               /usr/bin/python3 bench/pytorch/bench_torch.py --full
GPU:           /usr/bin/python3 bench/pytorch/bench_torch.py --full --device cuda
               (backend "pytorch-cuda"; every timed call ends with torch.cuda.synchronize())
"""
import argparse
import csv
import math
import os
import sys
import time

torch = None  # imported in main(), after OPENBLAS_CORETYPE is set

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SHAPES = os.path.normpath(os.path.join(HERE, "..", "shapes.csv"))
COLUMNS = ["kind", "shape", "dims", "cell", "backend", "unit", "median", "error", "p99", "samples",
           "gflops", "peak_fraction", "vs_baseline", "status", "note"]
CELLS = ["rnn_tanh", "lstm", "gru"]
KINDS = ["forward", "train", "model", "step", "gemm"]
GATES = {"rnn_tanh": 1, "rnn_relu": 1, "lstm": 4, "gru": 3}
TRAIN_FLOPS_FACTOR = 3.0  # the Java report's convention: training step = 3 x forward
LEARNING_RATE = 1e-5
# The model kind: BenchShapes.MODEL in the Java code (keep the two equal), and ModelTrainStepBenchmark's constants.
MODEL_SHAPES = ["sentiment"]
MODEL_VOCABULARY = 20000
MODEL_CLASSES = 2
MODEL_BATCHES = 8
MODEL_FIRST_TOKEN = 2
MODEL_LEARNING_RATE = 1e-3
SEED = 42


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = p.add_mutually_exclusive_group()
    size.add_argument("--quick", dest="full", action="store_false", help="only the shapes marked quick")
    size.add_argument("--full", dest="full", action="store_true", help="every shape (default)")
    p.set_defaults(full=True)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    p.add_argument("--openblas-coretype", default="auto",
                   help="OpenBLAS kernel family; default auto: SkylakeX where the CPU has AVX-512F, else Haswell"
                        " (AVX2 + FMA, what OpenBLAS runs on Zen 1-3); 'env' keeps the environment's")
    p.add_argument("--omp-wait-policy", default="ACTIVE",
                   help="OMP_WAIT_POLICY (default ACTIVE, OpenMP's spinning threads: PyTorch's best on a quiet"
                        " machine: LSTM h256 forward 43.2 ms vs 48.6 ms PASSIVE, sentiment 35.7 vs 41.9); 'env' keeps"
                        " the environment's. With ACTIVE, any other busy process makes 2 threads on 2 cores 10-50x"
                        " slower: run on a quiet machine, or pass PASSIVE when you cannot")
    p.add_argument("--tf32", action="store_true",
                   help="CUDA: allow TF32 tensor-core math in cuDNN and matmul (off by default: all backends are FP32)")
    p.add_argument("--cells", default=",".join(CELLS))
    p.add_argument("--kinds", default=",".join(KINDS))
    p.add_argument("--shapes-file", default=DEFAULT_SHAPES)
    p.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per problem (at least 3 calls)")
    p.add_argument("--min-time", type=float, default=2.0, help="seconds of timed calls per problem")
    p.add_argument("--min-repeats", type=int, default=10)
    p.add_argument("--max-repeats", type=int, default=10000)
    p.add_argument("--out", default=None, help="CSV path (default bench/results/pytorch-DEVICE.csv)")
    return p.parse_args(argv)


def read_shapes(path, full):
    """Shapes by group; "model" holds the MODEL_SHAPES sequence rows, run in either profile (as the Java report)."""
    groups = {"sequence": [], "step": [], "gemm": [], "model": []}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if full or row["quick"] == "true":
                groups[row["group"]].append(row)
            if row["group"] == "sequence" and row["name"] in MODEL_SHAPES:
                groups["model"].append(row)
    return groups


class Timer:
    """Times single calls: warm-up, then repeats until both a minimum count and a minimum time are reached."""

    def __init__(self, args, device):
        self.args = args
        self.cuda = device.type == "cuda"

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize()

    def measure(self, fn):
        a = self.args
        end = time.perf_counter() + a.warmup
        n = 0
        while n < 3 or time.perf_counter() < end:
            fn()
            n += 1
        self.sync()
        times = []
        end = time.perf_counter() + a.min_time
        while len(times) < a.max_repeats and (len(times) < a.min_repeats or time.perf_counter() < end):
            t0 = time.perf_counter()
            fn()
            self.sync()
            times.append(time.perf_counter() - t0)
        return times


def percentile(sorted_times, q):
    """Linear interpolation between closest ranks, q in [0, 100]."""
    if len(sorted_times) == 1:
        return sorted_times[0]
    pos = (len(sorted_times) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_times) - 1)
    return sorted_times[lo] + (sorted_times[hi] - sorted_times[lo]) * (pos - lo)


def rnn_flops(cell, b, t, i, h):
    """RnnSpec.forwardFlops for one layer: 2 * T * B * G*H * (I + H)."""
    return 2.0 * t * b * GATES[cell] * h * (i + h)


def make_layer(cell, i, h, device):
    torch.manual_seed(SEED)
    if cell == "lstm":
        return torch.nn.LSTM(i, h).to(device)
    if cell == "gru":
        return torch.nn.GRU(i, h).to(device)
    return torch.nn.RNN(i, h, nonlinearity=cell.split("_")[1]).to(device)


def make_cell(cell, i, h, device):
    torch.manual_seed(SEED)
    if cell == "lstm":
        return torch.nn.LSTMCell(i, h).to(device)
    if cell == "gru":
        return torch.nn.GRUCell(i, h).to(device)
    return torch.nn.RNNCell(i, h, nonlinearity=cell.split("_")[1]).to(device)


def uniform(shape, seed, device):
    g = torch.Generator().manual_seed(seed)
    return (torch.rand(shape, generator=g) * 2 - 1).to(device)


def forward_fn(cell, s, device):
    b, t, i, h = (int(s[k]) for k in ("batch", "steps", "input", "hidden"))
    layer = make_layer(cell, i, h, device)
    x = uniform((t, b, i), 7, device)

    def run():
        with torch.no_grad():
            return layer(x)
    return run, rnn_flops(cell, b, t, i, h)


def train_fn(cell, s, device):
    b, t, i, h = (int(s[k]) for k in ("batch", "steps", "input", "hidden"))
    layer = make_layer(cell, i, h, device)
    x = uniform((t, b, i), 7, device)
    grad_out = uniform((t, b, h), 11, device)
    opt = torch.optim.SGD(layer.parameters(), lr=LEARNING_RATE)

    def run():
        opt.zero_grad(set_to_none=False)
        out, _ = layer(x)
        out.backward(grad_out)
        opt.step()
    return run, TRAIN_FLOPS_FACTOR * rnn_flops(cell, b, t, i, h)


def model_fn(s, device):
    """One timed call = one optimizer step on the next of MODEL_BATCHES batches, batch tensor built each call.

    As the Java side, which gathers the batch's rows on the host and copies them to the backend every step, the
    token batch is made from a host array each call: numpy [B, T] rows -> time-major int64 [T, B] -> device.
    """
    import numpy as np
    b, t, i, h = (int(s[k]) for k in ("batch", "steps", "input", "hidden"))
    torch.manual_seed(SEED)
    embedding = torch.nn.Embedding(MODEL_VOCABULARY, i, padding_idx=0).to(device)
    lstm = torch.nn.LSTM(i, h).to(device)
    head = torch.nn.Linear(h, MODEL_CLASSES).to(device)
    params = list(embedding.parameters()) + list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=MODEL_LEARNING_RATE)
    loss_fn = torch.nn.CrossEntropyLoss()
    rng = np.random.default_rng(7)
    tokens = rng.integers(MODEL_FIRST_TOKEN, MODEL_VOCABULARY, size=(MODEL_BATCHES * b, t), dtype=np.int64)
    classes = np.random.default_rng(11).integers(0, MODEL_CLASSES, size=MODEL_BATCHES * b, dtype=np.int64)
    state = {"k": 0}

    def run():
        k = state["k"]
        state["k"] = (k + 1) % MODEL_BATCHES
        x = torch.from_numpy(np.ascontiguousarray(tokens[k * b:(k + 1) * b].T)).to(device)
        y = torch.from_numpy(classes[k * b:(k + 1) * b].copy()).to(device)
        opt.zero_grad(set_to_none=False)
        _, (h_n, _) = lstm(embedding(x))
        loss = loss_fn(head(h_n[-1]), y)
        loss.backward()
        opt.step()
        loss.item()  # the Java trainer reads the loss back every step
    return run, TRAIN_FLOPS_FACTOR * rnn_flops("lstm", b, t, i, h)


def step_fn(cell, s, device):
    i, h = int(s["input"]), int(s["hidden"])
    layer = make_cell(cell, i, h, device)
    x = uniform((1, i), 7, device)
    state = {"hc": (torch.zeros(1, h, device=device), torch.zeros(1, h, device=device)),
             "h": torch.zeros(1, h, device=device)}

    def run():
        with torch.no_grad():
            if cell == "lstm":
                state["hc"] = layer(x, state["hc"])
            else:
                state["h"] = layer(x, state["h"])
    return run, rnn_flops(cell, 1, 1, i, h)


def gemm_fn(s, device):
    m, n, k = int(s["m"]), int(s["n"]), int(s["k"])
    a = uniform((m, k), 7, device)
    b = uniform((k, n), 42, device)
    c = torch.empty((m, n), device=device)

    def run():
        torch.mm(a, b, out=c)
    return run, 2.0 * m * n * k


def row(kind, s, cell, backend, unit_seconds, times, flops, note):
    t = sorted(times)
    scale = 1.0 / unit_seconds
    median = percentile(t, 50)
    if kind == "gemm":
        dims = "%sx%sx%s" % (s["m"], s["n"], s["k"])
    else:
        dims = "%sx%sx%sx%s" % (s["batch"], s["steps"], s["input"], s["hidden"])
    return {
        "kind": kind, "shape": s["name"], "dims": dims, "cell": cell, "backend": backend,
        "unit": "us" if unit_seconds == 1e-6 else "ms",
        "median": "%.6g" % (median * scale),
        "error": "%.6g" % ((percentile(t, 75) - percentile(t, 25)) / 2 * scale),
        "p99": "%.6g" % (percentile(t, 99) * scale),
        "samples": str(len(t)),
        "gflops": "%.6g" % (flops / median / 1e9),
        "peak_fraction": "", "vs_baseline": "", "status": "ok", "note": note,
    }


def cpu_has_flag(flag):
    """True when /proc/cpuinfo lists the flag (a forced SkylakeX core type on a CPU without AVX-512 dies of SIGILL)."""
    try:
        with open("/proc/cpuinfo") as f:
            return any(line.startswith("flags") and flag in line.split() for line in f)
    except OSError:
        return False


def import_torch(coretype, wait_policy):
    """OpenBLAS picks its kernels and OpenMP its wait policy when the libraries load, so both are set before torch
    is imported. The core type is forced because OpenBLAS does not recognise newer AMD parts."""
    global torch
    if coretype == "auto":
        coretype = "SkylakeX" if cpu_has_flag("avx512f") else "Haswell"
    if coretype != "env":
        os.environ["OPENBLAS_CORETYPE"] = coretype
    if wait_policy != "env":
        os.environ["OMP_WAIT_POLICY"] = wait_policy
    import torch as t
    torch = t


def main(argv):
    args = parse_args(argv)
    import_torch(args.openblas_coretype, args.omp_wait_policy)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("bench_torch: --device cuda but torch.cuda.is_available() is False")
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = args.tf32
        torch.backends.cudnn.allow_tf32 = args.tf32
    torch.set_num_threads(args.threads)
    backend = "pytorch-" + device.type
    out = args.out or os.path.normpath(os.path.join(HERE, "..", "results", backend + ".csv"))
    shapes = read_shapes(args.shapes_file, args.full)
    cells = [c.strip() for c in args.cells.split(",") if c.strip()]
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    note = "torch %s, %d threads, load average %.1f at start" % (
        torch.__version__, torch.get_num_threads(), os.getloadavg()[0])
    if device.type == "cpu":
        note += ", OPENBLAS_CORETYPE=%s, OMP_WAIT_POLICY=%s" % (
            os.environ.get("OPENBLAS_CORETYPE", ""), os.environ.get("OMP_WAIT_POLICY", "default"))
    else:
        note += ", %s, cudnn %s, tf32 %s" % (torch.cuda.get_device_name(device), torch.backends.cudnn.version(),
                                              "on" if args.tf32 else "off")
    timer = Timer(args, device)

    jobs = []
    for kind, make in (("forward", forward_fn), ("train", train_fn)):
        if kind in kinds:
            jobs += [(kind, s, c, lambda s=s, c=c, make=make: make(c, s, device), 1e-3)
                     for s in shapes["sequence"] for c in cells]
    if "model" in kinds:
        jobs += [("model", s, "lstm", lambda s=s: model_fn(s, device), 1e-3)
                 for s in shapes["model"]]
    if "step" in kinds:
        jobs += [("step", s, c, lambda s=s, c=c: step_fn(c, s, device), 1e-6) for s in shapes["step"] for c in cells]
    if "gemm" in kinds:
        jobs += [("gemm", s, "sgemm", lambda s=s: gemm_fn(s, device), 1e-3) for s in shapes["gemm"]]

    rows = []
    started = time.perf_counter()
    for n, (kind, s, cell, build, unit) in enumerate(jobs, 1):
        fn, flops = build()
        times = timer.measure(fn)
        r = row(kind, s, cell, backend, unit, times, flops, note)
        rows.append(r)
        print("[%d/%d] %-7s %-9s %-8s median %s %s  (%s GFLOP/s, %s samples)" % (
            n, len(jobs), kind, s["name"], cell, r["median"], r["unit"], r["gflops"], r["samples"]), flush=True)
        del fn
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print("wrote %s (%d rows) in %.1f min" % (out, len(rows), (time.perf_counter() - started) / 60))


if __name__ == "__main__":
    main(sys.argv[1:])
