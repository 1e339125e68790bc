// The operations SPI (org.jrnn.backend.TensorOps) other than gemm, which is cuBLAS. Semantics: the reference
// backend (core/src/main/java/org/jrnn/reference). Elementwise kernels are grid-stride loops (Launch.elementwise);
// losses run in one block (their inputs are a batch of rows) so their sums are deterministic; sums in double.
// A null optional pointer (mask, class weights, momentum buffer) is passed as address 0.

#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
                               i += (long long) blockDim.x * gridDim.x)

extern "C" __global__ void scale_f32(float* x, int n, float a) {
    GRID_STRIDE(i, n) { x[i] *= a; }
}

// y += a * x with one rounding (the reference rounds a double a*x + y once).
extern "C" __global__ void axpy_f32(float a, const float* x, float* y, int n) {
    GRID_STRIDE(i, n) { y[i] = (float) ((double) y[i] + (double) a * x[i]); }
}

extern "C" __global__ void mul_f32(const float* a, const float* b, float* out, int n) {
    GRID_STRIDE(i, n) { out[i] = a[i] * b[i]; }
}

// f: 0 identity, 1 tanh, 2 sigmoid, 3 relu (org.jrnn.backend.Activation ordinals).
extern "C" __global__ void activation_f32(int f, const float* x, float* y, int n) {
    GRID_STRIDE(i, n) {
        float v = x[i];
        float r;
        switch (f) {
            case 1: r = (float) tanh((double) v); break;
            case 2: r = (float) (1.0 / (1.0 + exp(-(double) v))); break;
            case 3: r = isnan(v) ? v : (v > 0.f ? v : 0.f); break;
            default: r = v;
        }
        y[i] = r;
    }
}

extern "C" __global__ void activation_backward_f32(int f, const float* y, const float* dy, float* dx, int n) {
    GRID_STRIDE(i, n) {
        double v = y[i];
        double s;
        switch (f) {
            case 1: s = 1.0 - v * v; break;
            case 2: s = v * (1.0 - v); break;
            case 3: s = y[i] > 0.f ? 1.0 : 0.0; break;
            default: s = 1.0;
        }
        dx[i] = (float) (dy[i] * s);
    }
}

extern "C" __global__ void add_bias_f32(float* y, const float* bias, int rows, int f) {
    GRID_STRIDE(i, (long long) rows * f) { y[i] += bias[i % f]; }
}

// out[j] += sum over rows of x[r, j]: one thread per column, rows in order (coalesced across j).
extern "C" __global__ void add_column_sums_f32(const float* x, float* out, int rows, int f) {
    GRID_STRIDE(j, f) {
        double s = out[j];
        for (int r = 0; r < rows; r++) {
            s += x[(long long) r * f + j];
        }
        out[j] = (float) s;
    }
}

extern "C" __global__ void clamp_f32(float* x, int n, float lo, float hi) {
    GRID_STRIDE(i, n) {
        float v = x[i];
        x[i] = v < lo ? lo : (v > hi ? hi : v);  // NaN fails both tests and stays NaN
    }
}

// acc[0] += sum x^2 over one tensor: block sums in shared memory, one atomic per block.
extern "C" __global__ void sum_squares_f32(const float* x, int n, double* acc) {
    __shared__ double part[256];
    double s = 0;
    GRID_STRIDE(i, n) { s += (double) x[i] * x[i]; }
    part[threadIdx.x] = s;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) atomicAdd(acc, part[0]);
}

extern "C" __global__ void store_double_as_float(const double* acc, float* out) {
    if (blockIdx.x == 0 && threadIdx.x == 0) out[0] = (float) acc[0];
}

extern "C" __global__ void clip_coefficient_f32(const float* sumSq, float maxNorm, float* out) {
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        double c = maxNorm / (sqrt((double) sumSq[0]) + 1e-6);
        out[0] = (float) (isnan(c) ? c : (c < 1.0 ? c : 1.0));  // Math.min(1, NaN) is NaN
    }
}

extern "C" __global__ void scale_by_f32(float* x, int n, const float* s) {
    float a = s[0];
    GRID_STRIDE(i, n) { x[i] *= a; }
}

// firstBad[0] = min index i with v[i] outside [lo, hi) and v[i] != skip (initialised to INT_MAX by the host).
extern "C" __global__ void check_range_i32(const int* v, int n, int lo, int hi, int skip, int useSkip,
                                           int* firstBad) {
    GRID_STRIDE(i, n) {
        int x = v[i];
        if ((x < lo || x >= hi) && !(useSkip && x == skip)) atomicMin(firstBad, (int) i);
    }
}

extern "C" __global__ void gather_rows_f32(const float* table, const int* ids, float* out, int n, int e) {
    GRID_STRIDE(i, (long long) n * e) {
        long long r = i / e;
        out[i] = table[(long long) ids[r] * e + (i - r * e)];
    }
}

// dTable[ids[i], j] += dOut[i, j]: one thread per column j walks the ids in index order, so repeats accumulate in
// the reference's order and the result is deterministic.
extern "C" __global__ void scatter_add_rows_f32(const float* dOut, const int* ids, int paddingId, float* dTable,
                                                int n, int e) {
    GRID_STRIDE(j, e) {
        for (int i = 0; i < n; i++) {
            int row = ids[i];
            if (row != paddingId) dTable[(long long) row * e + j] += dOut[(long long) i * e + j];
        }
    }
}

// ---- readouts over seq [T, B, F] with lengths [B]

extern "C" __global__ void readout_last_f32(const float* seq, const int* lengths, float* out, int T, int B, int F) {
    GRID_STRIDE(i, (long long) B * F) {
        int b = (int) (i / F), j = (int) (i - (long long) b * F);
        int len = lengths[b];
        out[i] = len == 0 ? 0.f : seq[((long long) (len - 1) * B + b) * F + j];
    }
}

extern "C" __global__ void readout_last_backward_f32(const float* dOut, const int* lengths, float* dSeq, int T,
                                                     int B, int F) {
    GRID_STRIDE(i, (long long) B * F) {
        int b = (int) (i / F), j = (int) (i - (long long) b * F);
        int len = lengths[b];
        if (len > 0) dSeq[((long long) (len - 1) * B + b) * F + j] += dOut[i];
    }
}

extern "C" __global__ void readout_mean_f32(const float* seq, const int* lengths, float* out, int T, int B, int F) {
    GRID_STRIDE(i, (long long) B * F) {
        int b = (int) (i / F), j = (int) (i - (long long) b * F);
        int len = lengths[b];
        double s = 0;
        for (int t = 0; t < len; t++) s += seq[((long long) t * B + b) * F + j];
        out[i] = len == 0 ? 0.f : (float) (s / len);
    }
}

extern "C" __global__ void readout_mean_backward_f32(const float* dOut, const int* lengths, float* dSeq, int T,
                                                     int B, int F) {
    GRID_STRIDE(i, (long long) B * F) {
        int b = (int) (i / F), j = (int) (i - (long long) b * F);
        int len = lengths[b];
        double share = (double) dOut[i] / len;
        for (int t = 0; t < len; t++) {
            long long k = ((long long) t * B + b) * F + j;
            dSeq[k] = (float) (dSeq[k] + share);
        }
    }
}

extern "C" __global__ void readout_max_f32(const float* seq, const int* lengths, float* out, int* argmax, int T,
                                           int B, int F) {
    GRID_STRIDE(i, (long long) B * F) {
        int b = (int) (i / F), j = (int) (i - (long long) b * F);
        int len = lengths[b];
        int best = len == 0 ? -1 : 0;
        for (int t = 1; t < len; t++) {
            if (seq[((long long) t * B + b) * F + j] > seq[((long long) best * B + b) * F + j]) best = t;
        }
        out[i] = best < 0 ? 0.f : seq[((long long) best * B + b) * F + j];
        argmax[i] = best;
    }
}

extern "C" __global__ void readout_max_backward_f32(const float* dOut, const int* argmax, float* dSeq, int B,
                                                    int F) {
    GRID_STRIDE(i, (long long) B * F) {
        int step = argmax[i];
        if (step >= 0) dSeq[(long long) step * B * F + i] += dOut[i];
    }
}

// ---- losses: one block of 256 threads; reduction 0 = MEAN, 1 = SUM

__device__ double block_sum(double v, double* part) {
    part[threadIdx.x] = v;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    double s = part[0];
    __syncthreads();
    return s;
}

__device__ double mask_at(const float* mask, int r) {
    return mask ? (double) mask[r] : 1.0;
}

// kind 0: MSE, 1: BCE with logits. x, y, grad [N, O]; mask [N] or null.
extern "C" __global__ void elementwise_loss_f32(int kind, const float* x, const float* y, const float* mask,
                                                int reduction, float* grad, float* loss, int N, int O) {
    __shared__ double part[256];
    double rows = 0;
    for (int r = threadIdx.x; r < N; r += blockDim.x) rows += mask_at(mask, r);
    double count = block_sum(rows, part) * O;
    double scale = reduction == 1 ? 1.0 : (count == 0 ? 0.0 : 1.0 / count);
    double sum = 0;
    for (long long i = threadIdx.x; i < (long long) N * O; i += blockDim.x) {
        int r = (int) (i / O);
        double m = mask_at(mask, r);
        double xi = x[i], yi = y[i];
        double term, g;
        if (kind == 0) {
            double d = xi - yi;
            term = d * d;
            g = 2 * d;
        } else {
            term = fmax(xi, 0.0) - xi * yi + log1p(exp(-fabs(xi)));
            double s = xi >= 0 ? 1 / (1 + exp(-xi)) : exp(xi) / (1 + exp(xi));
            g = s - yi;
        }
        sum += m == 0 ? 0 : m * term;
        grad[i] = m == 0 ? 0.f : (float) (scale * m * g);
    }
    double total = block_sum(sum, part);
    if (threadIdx.x == 0) loss[0] = (float) (scale * total);
}

// logits, grad [N, C]; targets [N] (checked on the host side to be in [0, C)); weights [C] or null; mask [N] or null.
extern "C" __global__ void softmax_ce_loss_f32(const float* logits, const int* targets, const float* weights,
                                               const float* mask, int reduction, float* grad, float* loss, int N,
                                               int C) {
    __shared__ double part[256];
    double ws = 0;
    for (int r = threadIdx.x; r < N; r += blockDim.x) {
        ws += (weights ? (double) weights[targets[r]] : 1.0) * mask_at(mask, r);
    }
    double weightSum = block_sum(ws, part);
    double scale = reduction == 1 ? 1.0 : (weightSum == 0 ? 0.0 : 1.0 / weightSum);
    double sum = 0;
    for (int r = threadIdx.x; r < N; r += blockDim.x) {
        int y = targets[r];
        const float* row = logits + (long long) r * C;
        float* g = grad + (long long) r * C;
        double w = (weights ? (double) weights[y] : 1.0) * mask_at(mask, r);
        if (w == 0) {
            for (int j = 0; j < C; j++) g[j] = 0.f;
            continue;
        }
        double mx = -INFINITY;
        for (int j = 0; j < C; j++) mx = fmax(mx, (double) row[j]);
        double es = 0;
        for (int j = 0; j < C; j++) es += exp(row[j] - mx);
        double lse = mx + log(es);
        sum += w * (lse - row[y]);
        for (int j = 0; j < C; j++) g[j] = (float) (scale * w * (exp(row[j] - lse) - (j == y ? 1 : 0)));
    }
    double total = block_sum(sum, part);
    if (threadIdx.x == 0) loss[0] = (float) (scale * total);
}

// ---- optimizers (torch.optim semantics, double arithmetic, state stored as float)

extern "C" __global__ void sgd_step_f32(float* p, const float* g, float* buf, int n, double lr, double momentum,
                                        double dampening, int nesterov, double wd, int firstStep) {
    GRID_STRIDE(i, n) {
        double d = g[i] + wd * p[i];
        if (buf) {
            buf[i] = (float) (firstStep ? d : momentum * buf[i] + (1 - dampening) * d);
            d = nesterov ? d + momentum * buf[i] : buf[i];
        }
        p[i] = (float) (p[i] - lr * d);
    }
}

extern "C" __global__ void adam_step_f32(float* p, const float* g, float* m, float* v, int n, double beta1,
                                         double beta2, double eps, double wd, int decoupled, double decay,
                                         double stepSize, double bc2sqrt) {
    GRID_STRIDE(i, n) {
        double pi = p[i];
        double gi = g[i];
        if (decoupled) {
            pi = (float) (pi * decay);
        } else {
            gi += wd * pi;
        }
        m[i] = (float) (beta1 * m[i] + (1 - beta1) * gi);
        v[i] = (float) (beta2 * v[i] + (1 - beta2) * gi * gi);
        double denom = sqrt((double) v[i]) / bc2sqrt + eps;
        p[i] = (float) (pi - stepSize * m[i] / denom);
    }
}

// ---- dropout: org.jrnn.backend.CounterRng exactly (64-bit wrapping integer arithmetic)

__device__ unsigned long long mix64(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// key = CounterRng.key(seed, stream), computed on the host; keep = 1f / (1f - p) in float32.
extern "C" __global__ void dropout_mask_f32(float* mask, int n, float p, float keep, unsigned long long key) {
    GRID_STRIDE(i, n) {
        unsigned long long bits = mix64(key + (unsigned long long) (i + 1) * 0x9E3779B97F4A7C15ULL);
        float u = (float) (bits >> 40) * 0x1.0p-24f;
        mask[i] = u < p ? 0.f : keep;
    }
}

// ---- layout: dst[j, i, :] = src[i, j, :], 32-bit words (float or int)

extern "C" __global__ void swap_first_two_32(const unsigned int* src, unsigned int* dst, int n0, int n1, int inner) {
    GRID_STRIDE(k, (long long) n0 * n1 * inner) {
        long long q = k / inner;
        int e = (int) (k - q * inner);
        int i = (int) (q / n1), j = (int) (q - (long long) i * n1);
        dst[((long long) j * n0 + i) * inner + e] = src[k];
    }
}
