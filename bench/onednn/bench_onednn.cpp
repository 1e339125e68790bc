// oneDNN peer of the jrnn benchmarks: same kinds, shapes and cells as bench/pytorch/bench_torch.py, same CSV
// columns, backend "onednn-cpu". Build with bench/onednn/build.sh; see bench/README.md ("oneDNN peer").
//
// Kinds:
//   forward  forward_inference over a whole time-major sequence [T, B, I], explicit zero h0 (and c0)
//   train    zero the diff weights, forward_training, backward with a fixed diff_dst_layer, then (by default) SGD
//            w -= lr * dw on the weights and bias and the reorders that bring the updated weights into the
//            forward's and the backward's layouts (--train-update none leaves the update and reorders out)
//   step     forward_inference with T = 1, B = 1, the state written by one call read by the next (microseconds)
//   gemm     dnnl_sgemm, C = A * B, row-major
//   model    a full training step: embedding + LSTM + linear head + cross-entropy + Adam (class Model)
// Weights are given to the primitives as format_tag::any and reordered from ldigo once, outside the timed loop.
//
// Other modes (the correctness check against jrnn's reference backend, bench/onednn/check.sh):
//   --write-case DIR   writes DIR/<cell>-weights.safetensors and DIR/<cell>-<case>-input.safetensors
//   --check DIR        reads those and DIR/<cell>-<case>-reference.safetensors (from `rnn backward`), runs oneDNN
//                      and prints the largest absolute difference per tensor; exit 1 above the tolerance
#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "rnn_layer.hpp"
#include "safetensors.hpp"

namespace {

using dnnl::memory;
using peer::Cell;
using peer::Dims;
using peer::Layer;
using peer::TorchWeights;

constexpr const char *BACKEND = "onednn-cpu";
const std::vector<std::string> COLUMNS = {"kind", "shape", "dims", "cell", "backend", "unit", "median", "error",
                                          "p99", "samples", "gflops", "peak_fraction", "vs_baseline", "status",
                                          "note"};
const std::vector<std::string> ALL_CELLS = {"rnn_tanh", "lstm", "gru"};
const std::vector<std::string> ALL_KINDS = {"forward", "train", "model", "step", "gemm"};
constexpr double TRAIN_FLOPS_FACTOR = 3.0;  // the Java report's convention: training step = 3 x forward
constexpr float LEARNING_RATE = 1e-5f;      // as bench_torch.py
constexpr uint64_t SEED = 42;
const std::vector<std::string> MODEL_SHAPES = {"sentiment"};  // BenchShapes.MODEL, as bench_torch.py
// The check case: small enough to read, every dimension distinct.
constexpr Dims CHECK_DIMS = {5, 3, 4, 6};
constexpr double CHECK_TOLERANCE = 1e-5;
const std::vector<std::string> CHECK_CASES = {"state", "zero"};  // random h0/c0/grad_h_n/grad_c_n, or none

struct Args {
    bool full = true;
    int threads = 2;
    std::string wait_policy = "ACTIVE";
    std::vector<std::string> cells = ALL_CELLS, kinds = ALL_KINDS, shapes;
    std::string shapes_file, out;
    double warmup = 1.0, min_time = 2.0;
    int min_repeats = 10, max_repeats = 10000;
    bool update = true;
    std::string write_case, check;
    bool zero_src_iter_md = false;
    bool verbose = false;
};

const char *USAGE =
        "usage: bench_onednn [--quick|--full] [--kinds forward,train,model,step,gemm] [--cells rnn_tanh,lstm,gru]\n"
        "                    [--shapes name,...] [--shapes-file bench/shapes.csv] [--threads 2]\n"
        "                    [--omp-wait-policy ACTIVE|PASSIVE|env] [--train-update sgd|none] [--warmup S]\n"
        "                    [--min-time S] [--min-repeats N] [--max-repeats N] [--out bench/results/onednn-cpu.csv]\n"
        "                    [--verbose]\n"
        "       bench_onednn --write-case DIR [--cells ...]\n"
        "       bench_onednn --check DIR [--cells ...] [--zero-src-iter-md]\n";

[[noreturn]] void usage_error(const std::string &msg) {
    std::fprintf(stderr, "bench_onednn: %s\n%s", msg.c_str(), USAGE);
    std::exit(2);
}

std::vector<std::string> split(const std::string &s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep)) {
        cur.erase(0, cur.find_first_not_of(" \t\r"));
        cur.erase(cur.find_last_not_of(" \t\r") + 1);
        out.push_back(cur);
    }
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

std::vector<std::string> list(const std::string &s, const std::vector<std::string> &allowed, const char *what) {
    std::vector<std::string> out;
    for (const std::string &v : split(s, ',')) {
        if (v.empty()) continue;
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
            std::string all;
            for (const auto &a : allowed) all += (all.empty() ? "" : ", ") + a;
            usage_error(std::string("unknown ") + what + " '" + v + "': expected " + all);
        }
        out.push_back(v);
    }
    if (out.empty()) usage_error(std::string("empty ") + what + " list '" + s + "'");
    return out;
}

double number(const std::string &s, const char *option) {
    try {
        size_t used = 0;
        double v = std::stod(s, &used);
        if (used == s.size() && std::isfinite(v) && v >= 0) return v;
    } catch (const std::exception &) {
    }
    usage_error(std::string(option) + " needs a non-negative number, not '" + s + "'");
}

/** The directory holding this executable (bench/onednn/build when built by build.sh). */
std::string exe_dir() {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return ".";
    std::string p(buf, static_cast<size_t>(n));
    return p.substr(0, p.find_last_of('/'));
}

Args parse_args(int argc, char **argv) {
    Args a;
    for (int i = 1; i < argc; i++) {
        std::string o = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc || std::string(argv[i + 1]).rfind("--", 0) == 0) usage_error(o + " needs a value");
            return argv[++i];
        };
        if (o == "--quick") a.full = false;
        else if (o == "--full") a.full = true;
        else if (o == "--threads") {
            a.threads = static_cast<int>(number(value(), "--threads"));
            if (a.threads < 1) usage_error("--threads must be at least 1");
        } else if (o == "--omp-wait-policy") a.wait_policy = value();
        else if (o == "--cells") a.cells = list(value(), ALL_CELLS, "cell");
        else if (o == "--kinds") a.kinds = list(value(), ALL_KINDS, "kind");
        else if (o == "--shapes") a.shapes = list(value(), {}, "shape");
        else if (o == "--shapes-file") a.shapes_file = value();
        else if (o == "--out") a.out = value();
        else if (o == "--warmup") a.warmup = number(value(), "--warmup");
        else if (o == "--min-time") a.min_time = number(value(), "--min-time");
        else if (o == "--min-repeats") a.min_repeats = static_cast<int>(number(value(), "--min-repeats"));
        else if (o == "--max-repeats") a.max_repeats = std::max(1, static_cast<int>(number(value(), "--max-repeats")));
        else if (o == "--train-update") {
            std::string v = value();
            if (v != "sgd" && v != "none") usage_error("--train-update takes sgd or none, not '" + v + "'");
            a.update = v == "sgd";
        } else if (o == "--write-case") a.write_case = value();
        else if (o == "--check") a.check = value();
        else if (o == "--zero-src-iter-md") a.zero_src_iter_md = true;
        else if (o == "--verbose") a.verbose = true;
        else if (o == "--help" || o == "-h") {
            std::printf("%s", USAGE);
            std::exit(0);
        } else usage_error("unknown option '" + o + "'");
    }
    if (a.shapes_file.empty()) a.shapes_file = exe_dir() + "/../../shapes.csv";
    if (a.out.empty()) a.out = exe_dir() + "/../../results/onednn-cpu.csv";
    return a;
}

/**
 * libgomp reads OMP_NUM_THREADS and OMP_WAIT_POLICY when it loads, before main: when they are not what was asked
 * for, set them and start this program again (once).
 */
void ensure_openmp_environment(const Args &a, char **argv) {
    bool changed = false;
    auto want = [&](const char *name, const std::string &v) {
        const char *now = std::getenv(name);
        if (!now || v != now) {
            setenv(name, v.c_str(), 1);
            changed = true;
        }
    };
    want("OMP_NUM_THREADS", std::to_string(a.threads));
    if (a.wait_policy != "env") want("OMP_WAIT_POLICY", a.wait_policy);
    if (!changed) return;
    if (std::getenv("BENCH_ONEDNN_REEXEC")) {
        std::fprintf(stderr, "bench_onednn: the OpenMP environment did not hold after a restart\n");
        std::exit(1);
    }
    setenv("BENCH_ONEDNN_REEXEC", "1", 1);
    execv("/proc/self/exe", argv);
    std::perror("bench_onednn: execv /proc/self/exe");
    std::exit(1);
}

// ---------------------------------------------------------------- shapes

struct Shape {
    std::string group, name;
    int batch = 0, steps = 0, input = 0, hidden = 0;
    long m = 0, n = 0, k = 0;
    bool quick = false;

    std::string dims() const {
        if (group == "gemm") return std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k);
        return std::to_string(batch) + "x" + std::to_string(steps) + "x" + std::to_string(input) + "x" +
               std::to_string(hidden);
    }
};

std::vector<Shape> read_shapes(const std::string &path) {
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "bench_onednn: cannot read the shapes file %s (--shapes-file)\n", path.c_str());
        std::exit(1);
    }
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header = split(line, ',');
    auto col = [&](const char *name) {
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end()) {
            std::fprintf(stderr, "bench_onednn: %s: no column '%s' in the header\n", path.c_str(), name);
            std::exit(1);
        }
        return static_cast<size_t>(it - header.begin());
    };
    const size_t g = col("group"), nm = col("name"), b = col("batch"), t = col("steps"), i = col("input"),
                 h = col("hidden"), m = col("m"), n = col("n"), k = col("k"), q = col("quick");
    std::vector<Shape> out;
    int lineNo = 1;
    while (std::getline(in, line)) {
        lineNo++;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::vector<std::string> f = split(line, ',');
        if (f.size() != header.size()) {
            std::fprintf(stderr, "bench_onednn: %s line %d: %zu fields, expected %zu\n", path.c_str(), lineNo,
                         f.size(), header.size());
            std::exit(1);
        }
        auto num = [&](size_t c) -> long {
            if (f[c].empty()) return 0;
            try {
                return std::stol(f[c]);
            } catch (const std::exception &) {
                std::fprintf(stderr, "bench_onednn: %s line %d: column %s is '%s', not a number\n", path.c_str(),
                             lineNo, header[c].c_str(), f[c].c_str());
                std::exit(1);
            }
        };
        Shape s;
        s.group = f[g];
        s.name = f[nm];
        s.batch = static_cast<int>(num(b));
        s.steps = static_cast<int>(num(t));
        s.input = static_cast<int>(num(i));
        s.hidden = static_cast<int>(num(h));
        s.m = num(m);
        s.n = num(n);
        s.k = num(k);
        s.quick = f[q] == "true";
        out.push_back(s);
    }
    return out;
}

// ---------------------------------------------------------------- inputs

/** splitmix64: fixed-seed uniform floats (not PyTorch's numbers; the same distributions). */
struct Rng {
    uint64_t state;
    explicit Rng(uint64_t seed) : state(seed) {}
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    float uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>((next() >> 40) * 0x1p-24); }
    std::vector<float> vector(size_t n, float lo, float hi) {
        std::vector<float> v(n);
        for (float &x : v) x = uniform(lo, hi);
        return v;
    }
};

/** PyTorch's default initialisation, U(-1/sqrt(H), 1/sqrt(H)) for every parameter. */
TorchWeights init_weights(Cell c, int in, int h, uint64_t seed) {
    Rng r(seed);
    const float k = 1.0f / std::sqrt(static_cast<float>(h));
    const size_t gh = static_cast<size_t>(peer::gates(c)) * h;
    TorchWeights w;
    w.w_ih = r.vector(gh * in, -k, k);
    w.w_hh = r.vector(gh * h, -k, k);
    w.b_ih = r.vector(gh, -k, k);
    w.b_hh = r.vector(gh, -k, k);
    return w;
}

// ---------------------------------------------------------------- timing

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/** Warm-up for at least `warmup` seconds and 3 calls, then single timed calls until both minima are reached. */
std::vector<double> measure(const Args &a, const std::function<void()> &fn) {
    double end = now() + a.warmup;
    for (int n = 0; n < 3 || now() < end; n++) fn();
    std::vector<double> times;
    end = now() + a.min_time;
    while (static_cast<int>(times.size()) < a.max_repeats &&
           (static_cast<int>(times.size()) < a.min_repeats || now() < end)) {
        double t0 = now();
        fn();
        times.push_back(now() - t0);
    }
    return times;
}

/** Linear interpolation between closest ranks, q in [0, 100] (as bench_torch.py). */
double percentile(const std::vector<double> &sorted, double q) {
    if (sorted.size() == 1) return sorted[0];
    double pos = (sorted.size() - 1) * q / 100.0;
    size_t lo = static_cast<size_t>(std::floor(pos));
    size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** RnnSpec.forwardFlops for one layer: 2 * T * B * G*H * (I + H). */
double rnn_flops(Cell c, int b, int t, int i, int h) { return 2.0 * t * b * peer::gates(c) * h * (double)(i + h); }

std::string g6(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string csv_field(const std::string &s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

using Row = std::map<std::string, std::string>;

Row row(const std::string &kind, const Shape &s, const std::string &cell, bool micro, std::vector<double> times,
        double flops, const std::string &note) {
    std::sort(times.begin(), times.end());
    const double scale = micro ? 1e6 : 1e3;
    const double median = percentile(times, 50);
    return {{"kind", kind},
            {"shape", s.name},
            {"dims", s.dims()},
            {"cell", cell},
            {"backend", BACKEND},
            {"unit", micro ? "us" : "ms"},
            {"median", g6(median * scale)},
            {"error", g6((percentile(times, 75) - percentile(times, 25)) / 2 * scale)},
            {"p99", g6(percentile(times, 99) * scale)},
            {"samples", std::to_string(times.size())},
            {"gflops", g6(flops / median / 1e9)},
            {"status", "ok"},
            {"note", note}};
}

std::string isa_name() {
    switch (dnnl::get_effective_cpu_isa()) {
        case dnnl::cpu_isa::sse41: return "sse41";
        case dnnl::cpu_isa::avx: return "avx";
        case dnnl::cpu_isa::avx2: return "avx2";
        case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
        case dnnl::cpu_isa::avx512_core: return "avx512_core";
        case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
        case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
        case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
        default: return "other";
    }
}

// ---------------------------------------------------------------- the model kind

// As ModelTrainStepBenchmark and bench_torch.py's model_fn (keep the three equal).
constexpr int MODEL_VOCABULARY = 20000;
constexpr int MODEL_CLASSES = 2;
constexpr int MODEL_BATCHES = 8;
constexpr int MODEL_FIRST_TOKEN = 2;
constexpr float MODEL_LEARNING_RATE = 1e-3f;
constexpr float ADAM_BETA1 = 0.9f, ADAM_BETA2 = 0.999f, ADAM_EPS = 1e-8f;  // PyTorch's defaults

/** Adam's state for one parameter array and its gradient (PyTorch's update, bias corrections included). */
struct AdamSlot {
    float *p;
    const float *g;
    long n;
    std::vector<float> m, v;

    AdamSlot(float *param, const float *grad, long count) : p(param), g(grad), n(count), m(count), v(count) {}

    void update(int step) {
        const float c1 = 1.0f - std::pow(ADAM_BETA1, static_cast<float>(step));
        const float sc2 = std::sqrt(1.0f - std::pow(ADAM_BETA2, static_cast<float>(step)));
        const float size = MODEL_LEARNING_RATE / c1;
        float *pm = m.data(), *pv = v.data();
#pragma omp parallel for simd schedule(static) if (n > 32768)
        for (long k = 0; k < n; k++) {
            pm[k] = ADAM_BETA1 * pm[k] + (1 - ADAM_BETA1) * g[k];
            pv[k] = ADAM_BETA2 * pv[k] + (1 - ADAM_BETA2) * g[k] * g[k];
            p[k] -= size * pm[k] / (std::sqrt(pv[k]) / sc2 + ADAM_EPS);
        }
    }
};

/**
 * One training step of Embedding(V, I, padding 0) -> LSTM(I, H) -> Linear(H, 2) on h_n -> cross-entropy (mean
 * over the batch) -> Adam, on the next of MODEL_BATCHES fixed batches of B sequences of T token ids in [2, V).
 * The embedding, head, loss and Adam are plain loops (oneDNN has no embedding or optimizer primitive); the LSTM is
 * the oneDNN layer. oneDNN has one LSTM bias per gate where PyTorch has two (b_ih, b_hh): Adam updates the one.
 */
class Model {
public:
    Model(const dnnl::engine &eng, const Shape &s)
        : B(s.batch), T(s.steps), I(s.input), H(s.hidden),
          lstm(eng, Cell::Lstm, {s.steps, s.batch, s.input, s.hidden}, true,
               init_weights(Cell::Lstm, s.input, s.hidden, SEED)) {
        Rng r(SEED);
        embedding.resize(static_cast<size_t>(MODEL_VOCABULARY) * I);
        for (float &e : embedding) e = normal(r);  // PyTorch: N(0, 1), the padding row zero
        std::fill(embedding.begin(), embedding.begin() + I, 0.0f);
        d_embedding.assign(embedding.size(), 0.0f);
        const float k = 1.0f / std::sqrt(static_cast<float>(H));
        head_w = r.vector(static_cast<size_t>(MODEL_CLASSES) * H, -k, k);
        head_b = r.vector(MODEL_CLASSES, -k, k);
        d_head_w.assign(head_w.size(), 0.0f);
        d_head_b.assign(head_b.size(), 0.0f);
        Rng tr(7), cr(11);
        tokens.resize(static_cast<size_t>(MODEL_BATCHES) * B * T);
        for (int &t : tokens) t = MODEL_FIRST_TOKEN + static_cast<int>(tr.next() % (MODEL_VOCABULARY - MODEL_FIRST_TOKEN));
        classes.resize(static_cast<size_t>(MODEL_BATCHES) * B);
        for (int &c : classes) c = static_cast<int>(cr.next() % MODEL_CLASSES);
        peer::zero(lstm.dy);   // the loss reaches the LSTM through h_n only
        peer::zero(lstm.dcn);
        auto f = [](const memory &m) { return static_cast<float *>(m.get_data_handle()); };
        auto count = [](const memory &m) { return static_cast<long>(m.get_desc().get_size() / sizeof(float)); };
        slots.emplace_back(embedding.data(), d_embedding.data(), static_cast<long>(embedding.size()));
        slots.emplace_back(f(lstm.wl), f(lstm.dwl), count(lstm.wl));
        slots.emplace_back(f(lstm.wi), f(lstm.dwi), count(lstm.wi));
        slots.emplace_back(f(lstm.bias), f(lstm.db), count(lstm.bias));
        slots.emplace_back(head_w.data(), d_head_w.data(), static_cast<long>(head_w.size()));
        slots.emplace_back(head_b.data(), d_head_b.data(), static_cast<long>(head_b.size()));
    }

    /** One optimizer step; returns the batch's loss (read back every step, as the Java trainer does). */
    float step() {
        const int k = next;
        next = (next + 1) % MODEL_BATCHES;
        const int *tok = tokens.data() + static_cast<size_t>(k) * B * T;  // [B, T]
        const int *cls = classes.data() + static_cast<size_t>(k) * B;
        std::fill(d_embedding.begin(), d_embedding.end(), 0.0f);  // zero_grad(set_to_none=False)
        std::fill(d_head_w.begin(), d_head_w.end(), 0.0f);
        std::fill(d_head_b.begin(), d_head_b.end(), 0.0f);
        lstm.zero_grads();
        float *x = static_cast<float *>(lstm.x.get_data_handle());  // [T, B, I]
#pragma omp parallel for schedule(static)
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
                std::memcpy(x + (static_cast<size_t>(t) * B + b) * I,
                            embedding.data() + static_cast<size_t>(tok[static_cast<size_t>(b) * T + t]) * I,
                            sizeof(float) * I);
        lstm.forward();
        const float *hn = static_cast<const float *>(lstm.hn.get_data_handle());  // [B, H]
        float *dhn = static_cast<float *>(lstm.dhn.get_data_handle());
        float loss = 0;
        for (int b = 0; b < B; b++) {
            float logit[MODEL_CLASSES], top = -std::numeric_limits<float>::infinity();
            for (int c = 0; c < MODEL_CLASSES; c++) {
                float z = head_b[c];
                for (int j = 0; j < H; j++) z += head_w[static_cast<size_t>(c) * H + j] * hn[b * H + j];
                logit[c] = z;
                top = std::max(top, z);
            }
            float sum = 0;
            for (float z : logit) sum += std::exp(z - top);
            loss += (top + std::log(sum) - logit[cls[b]]) / B;
            for (int j = 0; j < H; j++) dhn[b * H + j] = 0;
            for (int c = 0; c < MODEL_CLASSES; c++) {
                const float dz = (std::exp(logit[c] - top) / sum - (c == cls[b] ? 1.0f : 0.0f)) / B;
                d_head_b[c] += dz;
                for (int j = 0; j < H; j++) {
                    d_head_w[static_cast<size_t>(c) * H + j] += dz * hn[b * H + j];
                    dhn[b * H + j] += dz * head_w[static_cast<size_t>(c) * H + j];
                }
            }
        }
        lstm.backward();
        const float *dx = static_cast<const float *>(lstm.dx.get_data_handle());
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) {
                const int id = tok[static_cast<size_t>(b) * T + t];
                if (id == 0) continue;  // the padding row gets no gradient
                float *row = d_embedding.data() + static_cast<size_t>(id) * I;
                const float *g = dx + (static_cast<size_t>(t) * B + b) * I;
                for (int i = 0; i < I; i++) row[i] += g[i];
            }
        steps++;
        for (AdamSlot &slot : slots) slot.update(steps);
        lstm.refresh();
        return loss;
    }

private:
    int B, T, I, H;
    Layer lstm;
    std::vector<float> embedding, d_embedding;  // [V, I]
    std::vector<float> head_w, d_head_w;        // [2, H]
    std::vector<float> head_b, d_head_b;        // [2]
    std::vector<int> tokens;                    // [MODEL_BATCHES * B, T]
    std::vector<int> classes;                   // [MODEL_BATCHES * B]
    std::vector<AdamSlot> slots;
    int next = 0, steps = 0;

    static float normal(Rng &r) {
        const float u = std::max(r.uniform(0, 1), 1e-7f), v = r.uniform(0, 1);
        return std::sqrt(-2.0f * std::log(u)) * std::cos(6.2831853f * v);
    }
};

// ---------------------------------------------------------------- benchmark mode

struct Job {
    std::string kind;
    Shape shape;
    std::string cell;
};

int bench(const Args &a) {
    dnnl::engine eng(dnnl::engine::kind::cpu, 0);
    omp_set_num_threads(a.threads);
    std::vector<Shape> all = read_shapes(a.shapes_file);
    for (const std::string &name : a.shapes) {
        if (std::none_of(all.begin(), all.end(), [&](const Shape &s) { return s.name == name; })) {
            usage_error("unknown shape '" + name + "' (not in " + a.shapes_file + ")");
        }
    }
    auto wanted = [&](const Shape &s) {
        if (!a.shapes.empty()) return std::find(a.shapes.begin(), a.shapes.end(), s.name) != a.shapes.end();
        return a.full || s.quick;
    };
    auto has = [](const std::vector<std::string> &v, const std::string &x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    };
    std::vector<Job> jobs;
    for (const char *kind : {"forward", "train"}) {
        if (!has(a.kinds, kind)) continue;
        for (const Shape &s : all)
            if (s.group == "sequence" && wanted(s))
                for (const std::string &c : a.cells) jobs.push_back({kind, s, c});
    }
    if (has(a.kinds, "model")) {
        for (const Shape &s : all)
            if (s.group == "sequence" && has(MODEL_SHAPES, s.name) && (a.shapes.empty() || wanted(s)))
                jobs.push_back({"model", s, "lstm"});
    }
    if (has(a.kinds, "step")) {
        for (const Shape &s : all)
            if (s.group == "step" && wanted(s))
                for (const std::string &c : a.cells) jobs.push_back({"step", s, c});
    }
    if (has(a.kinds, "gemm")) {
        for (const Shape &s : all)
            if (s.group == "gemm" && wanted(s)) jobs.push_back({"gemm", s, "sgemm"});
    }

    double load[1] = {0};
    if (getloadavg(load, 1) < 1) load[0] = std::nan("");
    const dnnl_version_t *v = dnnl_version();
    char base[256];
    std::snprintf(base, sizeof base, "oneDNN %d.%d.%d (OpenMP), %d threads, load average %.1f at start, "
                  "OMP_WAIT_POLICY=%s, ISA %s", v->major, v->minor, v->patch, omp_get_max_threads(), load[0],
                  std::getenv("OMP_WAIT_POLICY") ? std::getenv("OMP_WAIT_POLICY") : "default", isa_name().c_str());
    const std::string train_note = a.update
            ? "; train = zero diff weights + forward_training + backward + SGD + reorders of the updated weights"
            : "; train = zero diff weights + forward_training + backward (no weight update)";

    std::vector<Row> rows;
    const double started = now();
    int n = 0;
    for (const Job &j : jobs) {
        n++;
        const Shape &s = j.shape;
        Row r;
        if (j.kind == "model") {
            Model model(eng, s);
            float first = std::nan(""), last = 0;
            auto times = measure(a, [&] {
                last = model.step();
                if (std::isnan(first)) first = last;
            });
            if (a.verbose) {
                std::printf("        model: loss %.4f at the first step, %.4f at the last (%zu timed of more steps over"
                            " the same %d batches)\n", first, last, times.size(), MODEL_BATCHES);
            }
            r = row("model", s, "lstm", false, times,
                    TRAIN_FLOPS_FACTOR * rnn_flops(Cell::Lstm, s.batch, s.steps, s.input, s.hidden),
                    std::string(base) + "; model = embedding gather + LSTM (oneDNN) + linear head + cross-entropy + "
                                        "backward + embedding scatter-add + Adam (plain loops) + weight reorders");
        } else if (j.kind == "gemm") {
            Rng ra(7), rb(42);
            std::vector<float> A = ra.vector(static_cast<size_t>(s.m * s.k), -1, 1);
            std::vector<float> B = rb.vector(static_cast<size_t>(s.k * s.n), -1, 1);
            std::vector<float> C(static_cast<size_t>(s.m * s.n));
            auto times = measure(a, [&] {
                dnnl_sgemm('N', 'N', s.m, s.n, s.k, 1.0f, A.data(), s.k, B.data(), s.n, 0.0f, C.data(), s.n);
            });
            r = row("gemm", s, "sgemm", false, times, 2.0 * s.m * s.n * s.k, base);
        } else {
            Cell c = peer::parse_cell(j.cell);
            TorchWeights w = init_weights(c, s.input, s.hidden, SEED);
            if (j.kind == "step") {
                Layer l(eng, c, {1, 1, s.input, s.hidden}, false, w);
                peer::fill(l.x, Rng(7).vector(s.input, -1, 1), "x");
                auto times = measure(a, [&] { l.step(); });
                r = row("step", s, j.cell, true, times, rnn_flops(c, 1, 1, s.input, s.hidden),
                        std::string(base) + "; " + l.layouts());
            } else {
                const bool train = j.kind == "train";
                Layer l(eng, c, {s.steps, s.batch, s.input, s.hidden}, train, w);
                peer::fill(l.x, Rng(7).vector(static_cast<size_t>(s.steps) * s.batch * s.input, -1, 1), "x");
                double flops = rnn_flops(c, s.batch, s.steps, s.input, s.hidden);
                std::vector<double> times;
                if (train) {
                    peer::fill(l.dy, Rng(11).vector(static_cast<size_t>(s.steps) * s.batch * s.hidden, -1, 1), "dy");
                    const float lr = a.update ? LEARNING_RATE : 0.0f;
                    times = measure(a, [&] { l.train(lr); });
                    flops *= TRAIN_FLOPS_FACTOR;
                } else {
                    times = measure(a, [&] { l.forward(); });
                }
                r = row(j.kind, s, j.cell, false, times, flops,
                        std::string(base) + "; " + l.layouts() + (train ? train_note : ""));
            }
        }
        rows.push_back(r);
        std::printf("[%d/%d] %-7s %-9s %-8s median %s %s  (%s GFLOP/s, %s samples)\n", n, (int)jobs.size(),
                    j.kind.c_str(), s.name.c_str(), j.cell.c_str(), r["median"].c_str(), r["unit"].c_str(),
                    r["gflops"].c_str(), r["samples"].c_str());
        if (a.verbose) std::printf("        %s\n", r["note"].c_str());
        std::fflush(stdout);
    }
    std::ofstream out(a.out);
    if (!out) {
        std::fprintf(stderr, "bench_onednn: cannot write %s (--out)\n", a.out.c_str());
        return 1;
    }
    for (size_t i = 0; i < COLUMNS.size(); i++) out << (i ? "," : "") << COLUMNS[i];
    out << "\n";
    for (Row &r : rows) {
        for (size_t i = 0; i < COLUMNS.size(); i++) out << (i ? "," : "") << csv_field(r[COLUMNS[i]]);
        out << "\n";
    }
    out.close();
    std::printf("wrote %s (%zu rows) in %.1f min\n", a.out.c_str(), rows.size(), (now() - started) / 60);
    return out ? 0 : 1;
}

// ---------------------------------------------------------------- correctness check

std::string case_path(const std::string &dir, const std::string &cell, const std::string &what) {
    return dir + "/" + cell + "-" + what + ".safetensors";
}

/** [T, N, X] time-major <-> [N, T, X] batch-first. */
std::vector<float> swap_tn(const std::vector<float> &v, int first, int second, int x) {
    std::vector<float> out(v.size());
    for (int a = 0; a < first; a++)
        for (int b = 0; b < second; b++)
            for (int k = 0; k < x; k++)
                out[(static_cast<size_t>(b) * first + a) * x + k] = v[(static_cast<size_t>(a) * second + b) * x + k];
    return out;
}

int write_case(const Args &a) {
    const Dims d = CHECK_DIMS;
    for (const std::string &cell : a.cells) {
        Cell c = peer::parse_cell(cell);
        TorchWeights w = init_weights(c, d.I, d.H, SEED);
        const int64_t gh = static_cast<int64_t>(peer::gates(c)) * d.H;
        st::write(case_path(a.write_case, cell, "weights"),
                  {{"weight_ih_l0", {{gh, d.I}, w.w_ih}}, {"weight_hh_l0", {{gh, d.H}, w.w_hh}},
                   {"bias_ih_l0", {{gh}, w.b_ih}}, {"bias_hh_l0", {{gh}, w.b_hh}}});
        for (const std::string &k : CHECK_CASES) {
            Rng r(k == "state" ? 101 : 202);
            const size_t state = static_cast<size_t>(d.N) * d.H;
            st::File x = {{"input", {{d.N, d.T, d.I}, r.vector(static_cast<size_t>(d.N) * d.T * d.I, -1, 1)}},
                          {"grad_output", {{d.N, d.T, d.H}, r.vector(static_cast<size_t>(d.N) * d.T * d.H, -1, 1)}}};
            if (k == "state") {
                x["h0"] = {{1, d.N, d.H}, r.vector(state, -1, 1)};
                x["grad_h_n"] = {{1, d.N, d.H}, r.vector(state, -1, 1)};
                if (c == Cell::Lstm) {
                    x["c0"] = {{1, d.N, d.H}, r.vector(state, -1, 1)};
                    x["grad_c_n"] = {{1, d.N, d.H}, r.vector(state, -1, 1)};
                }
            }
            std::string path = case_path(a.write_case, cell, k + "-input");
            st::write(path, x);
            std::printf("wrote %s\n", path.c_str());
        }
    }
    return 0;
}

const st::Tensor &need(const st::File &f, const std::string &name, const std::vector<int64_t> &shape,
                       const std::string &path) {
    auto it = f.find(name);
    if (it == f.end()) throw std::runtime_error(path + ": no tensor '" + name + "'");
    if (it->second.shape != shape) {
        throw std::runtime_error(path + ": tensor '" + name + "' has shape " + st::shape_text(it->second.shape) +
                                 ", expected " + st::shape_text(shape));
    }
    return it->second;
}

/** Largest difference of a and b. */
double max_diff(const std::vector<float> &a, const std::vector<float> &b) {
    double e = 0;
    for (size_t i = 0; i < a.size(); i++) e = std::max(e, std::fabs(static_cast<double>(a[i]) - b[i]));
    return e;
}

/**
 * The train kind's update: one more step with SGD must leave w - lr * (the reference's gradient) in the master
 * weights and the same values in the forward's and the backward's copies (the reorders after the update).
 */
double check_update(Layer &l, const TorchWeights &w, const st::File &rf, const std::string &rpath) {
    const float lr = 0.5f;
    l.train(lr);
    double most = 0;
    std::printf("         after one SGD step (lr %.1f): max |w - (w0 - lr * reference grad)|:", lr);
    for (bool layer : {true, false}) {
        const std::string name = layer ? "weight_ih_l0" : "weight_hh_l0";
        const std::vector<float> &w0 = layer ? w.w_ih : w.w_hh;
        const int64_t gh = static_cast<int64_t>(w0.size()) / (layer ? l.d.I : l.d.H);
        const std::vector<float> &g = need(rf, "grad." + name, {gh, layer ? l.d.I : l.d.H}, rpath).data;
        std::vector<float> expected(w0.size());
        for (size_t i = 0; i < w0.size(); i++) expected[i] = w0[i] - lr * g[i];
        double master = max_diff(l.plain_weights(layer ? l.wl : l.wi, layer), expected);
        double fwd = max_diff(l.plain_weights(layer ? l.wl_f : l.wi_f, layer), expected);
        double bwd = max_diff(l.plain_weights(layer ? l.wl_b : l.wi_b, layer), expected);
        std::printf(" %s %.2g (forward's copy %.2g, backward's %.2g)", name.c_str(), master, fwd, bwd);
        most = std::max({most, master, fwd, bwd});
    }
    std::printf("  -> %s\n", most <= CHECK_TOLERANCE ? "ok" : "ABOVE TOLERANCE");
    return most;
}

int check(const Args &a) {
    dnnl::engine eng(dnnl::engine::kind::cpu, 0);
    const Dims d = CHECK_DIMS;
    const int64_t N = d.N, T = d.T, I = d.I, H = d.H;
    double worst = 0;
    for (const std::string &cell : a.cells) {
        Cell c = peer::parse_cell(cell);
        const int64_t gh = static_cast<int64_t>(peer::gates(c)) * H;
        const std::string wpath = case_path(a.check, cell, "weights");
        st::File wf = st::read(wpath);
        TorchWeights w{need(wf, "weight_ih_l0", {gh, I}, wpath).data, need(wf, "weight_hh_l0", {gh, H}, wpath).data,
                       need(wf, "bias_ih_l0", {gh}, wpath).data, need(wf, "bias_hh_l0", {gh}, wpath).data};
        for (const std::string &k : CHECK_CASES) {
            const bool zero_md = a.zero_src_iter_md && k == "zero";
            const std::string xpath = case_path(a.check, cell, k + "-input");
            const std::string rpath = case_path(a.check, cell, k + "-reference");
            st::File xf = st::read(xpath), rf = st::read(rpath);
            Layer l(eng, c, d, true, w, zero_md);
            peer::fill(l.x, swap_tn(need(xf, "input", {N, T, I}, xpath).data, d.N, d.T, d.I), "input");
            peer::fill(l.dy, swap_tn(need(xf, "grad_output", {N, T, H}, xpath).data, d.N, d.T, d.H), "grad_output");
            const bool lstm = c == Cell::Lstm;
            if (xf.count("h0")) peer::fill(l.h0, need(xf, "h0", {1, N, H}, xpath).data, "h0");
            if (xf.count("grad_h_n")) peer::fill(l.dhn, need(xf, "grad_h_n", {1, N, H}, xpath).data, "grad_h_n");
            if (lstm && xf.count("c0")) peer::fill(l.c0, need(xf, "c0", {1, N, H}, xpath).data, "c0");
            if (lstm && xf.count("grad_c_n")) peer::fill(l.dcn, need(xf, "grad_c_n", {1, N, H}, xpath).data, "grad_c_n");
            l.train(0.0f);
            std::vector<float> db_ih, db_hh;
            peer::from_ldgo(c, Layer::read(l.db), d.H, db_ih, db_hh);
            std::vector<std::pair<std::string, std::pair<std::vector<int64_t>, std::vector<float>>>> got = {
                    {"output", {{N, T, H}, swap_tn(Layer::read(l.y), d.T, d.N, d.H)}},
                    {"h_n", {{1, N, H}, Layer::read(l.hn)}},
                    {"grad_input", {{N, T, I}, swap_tn(Layer::read(l.dx), d.T, d.N, d.I)}},
                    {"grad.weight_ih_l0", {{gh, I}, l.plain_weights_grad(true)}},
                    {"grad.weight_hh_l0", {{gh, H}, l.plain_weights_grad(false)}},
                    {"grad.bias_ih_l0", {{gh}, db_ih}},
                    {"grad.bias_hh_l0", {{gh}, db_hh}}};
            if (!zero_md) got.push_back({"grad_h0", {{1, N, H}, Layer::read(l.dh0)}});
            if (lstm) {
                got.push_back({"c_n", {{1, N, H}, Layer::read(l.cn)}});
                if (!zero_md) got.push_back({"grad_c0", {{1, N, H}, Layer::read(l.dc0)}});
            }
            std::printf("check %-8s %-5s%s (T=%d B=%d I=%d H=%d) max |oneDNN - reference|:", cell.c_str(),
                        k.c_str(), zero_md ? " zero src_iter md" : "", d.T, d.N, d.I, d.H);
            double most = 0;
            for (const auto &[name, t] : got) {
                const st::Tensor &ref = need(rf, name, t.first, rpath);
                double e = 0;
                for (size_t i = 0; i < ref.data.size(); i++)
                    e = std::max(e, std::fabs(static_cast<double>(ref.data[i]) - t.second[i]));
                std::printf(" %s %.2g", name.c_str(), e);
                most = std::max(most, e);
            }
            std::printf("  -> %s\n", most <= CHECK_TOLERANCE ? "ok" : "ABOVE TOLERANCE");
            worst = std::max(worst, most);
            if (!zero_md) worst = std::max(worst, check_update(l, w, rf, rpath));
        }
    }
    std::printf("largest difference %.3g (tolerance %.0e): %s\n", worst, CHECK_TOLERANCE,
                worst <= CHECK_TOLERANCE ? "ok" : "FAILED");
    return worst <= CHECK_TOLERANCE ? 0 : 1;
}

}  // namespace

int main(int argc, char **argv) {
    Args a = parse_args(argc, argv);
    ensure_openmp_environment(a, argv);
    try {
        if (!a.write_case.empty()) return write_case(a);
        if (!a.check.empty()) return check(a);
        return bench(a);
    } catch (const dnnl::error &e) {
        std::fprintf(stderr, "bench_onednn: oneDNN error %d: %s\n", static_cast<int>(e.status), e.what());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_onednn: %s\n", e.what());
    }
    return 1;
}
