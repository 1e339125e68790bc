// The fused per-step gate passes of the four cells (the maths of core's org.jrnn.reference.ReferenceKernels).
// Around them the host queues cuBLAS GEMMs: xp = x W_ih^T for all steps before the loop, hp = h W_hh^T per step,
// and in backward dh += delta W_hh per step and the weight gradients after the loop (CudaLayerKernels).
//
// One thread per (b, j), grid-stride over B*H. Per step t (time-major row t*B + b):
//   xp  [B, G*H] this step's input projections (no bias), hp [B, G*H] the recurrent ones (no bias)
//   bih, bhh [G*H] or null; lengths [B] or null (every step valid: streaming)
//   h, c [B, H] the running state, updated in place (a thread reads and writes only its own element)
//   y   this step's output row start (column offset applied), row stride yStride; null: not written
//   tape pointers (gates, cells, hn) already offset to step t, or null (inference)
// A padded step (t >= length) writes 0 to y and leaves the state alone.

#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
                               i += (long long) blockDim.x * gridDim.x)

__device__ __forceinline__ float sigmoidf_(float v) { return 1.f / (1.f + expf(-v)); }

__device__ __forceinline__ float bias(const float* b, int k) { return b ? b[k] : 0.f; }

__device__ __forceinline__ bool valid(const int* lengths, int t, int b) { return !lengths || t < lengths[b]; }

extern "C" __global__ void lstm_forward_step(const float* xp, const float* hp, const float* bih, const float* bhh,
                                             float* h, float* c, float* y, int yStride, float* gates, float* cells,
                                             const int* lengths, int t, int B, int H) {
    GRID_STRIDE(i, (long long) B * H) {
        int b = (int) (i / H), j = (int) (i - (long long) b * H);
        if (!valid(lengths, t, b)) {
            if (y) y[(long long) b * yStride + j] = 0.f;
            continue;
        }
        const float* a = xp + (long long) b * 4 * H;
        const float* r = hp + (long long) b * 4 * H;
        float ig = sigmoidf_(a[j] + bias(bih, j) + r[j] + bias(bhh, j));
        float fg = sigmoidf_(a[H + j] + bias(bih, H + j) + r[H + j] + bias(bhh, H + j));
        float gg = tanhf(a[2 * H + j] + bias(bih, 2 * H + j) + r[2 * H + j] + bias(bhh, 2 * H + j));
        float og = sigmoidf_(a[3 * H + j] + bias(bih, 3 * H + j) + r[3 * H + j] + bias(bhh, 3 * H + j));
        float cn = fg * c[i] + ig * gg;
        float hn = og * tanhf(cn);
        c[i] = cn;
        h[i] = hn;
        if (y) y[(long long) b * yStride + j] = hn;
        if (gates) {
            float* g = gates + (long long) b * 4 * H;
            g[j] = ig;
            g[H + j] = fg;
            g[2 * H + j] = gg;
            g[3 * H + j] = og;
        }
        if (cells) cells[i] = cn;
    }
}

extern "C" __global__ void gru_forward_step(const float* xp, const float* hp, const float* bih, const float* bhh,
                                            float* h, float* y, int yStride, float* gates, float* hnTape,
                                            const int* lengths, int t, int B, int H) {
    GRID_STRIDE(i, (long long) B * H) {
        int b = (int) (i / H), j = (int) (i - (long long) b * H);
        if (!valid(lengths, t, b)) {
            if (y) y[(long long) b * yStride + j] = 0.f;
            continue;
        }
        const float* a = xp + (long long) b * 3 * H;
        const float* r = hp + (long long) b * 3 * H;
        float rg = sigmoidf_(a[j] + bias(bih, j) + r[j] + bias(bhh, j));
        float zg = sigmoidf_(a[H + j] + bias(bih, H + j) + r[H + j] + bias(bhh, H + j));
        float hn = r[2 * H + j] + bias(bhh, 2 * H + j);
        float ng = tanhf(a[2 * H + j] + bias(bih, 2 * H + j) + rg * hn);
        float hnew = (1.f - zg) * ng + zg * h[i];
        h[i] = hnew;
        if (y) y[(long long) b * yStride + j] = hnew;
        if (gates) {
            float* g = gates + (long long) b * 3 * H;
            g[j] = rg;
            g[H + j] = zg;
            g[2 * H + j] = ng;
        }
        if (hnTape) hnTape[i] = hn;
    }
}

extern "C" __global__ void rnn_forward_step(const float* xp, const float* hp, const float* bih, const float* bhh,
                                            float* h, float* y, int yStride, const int* lengths, int t, int B, int H,
                                            int relu) {
    GRID_STRIDE(i, (long long) B * H) {
        int b = (int) (i / H), j = (int) (i - (long long) b * H);
        if (!valid(lengths, t, b)) {
            if (y) y[(long long) b * yStride + j] = 0.f;
            continue;
        }
        float v = xp[(long long) b * H + j] + bias(bih, j) + hp[(long long) b * H + j] + bias(bhh, j);
        float hnew = relu ? fmaxf(v, 0.f) : tanhf(v);
        h[i] = hnew;
        if (y) y[(long long) b * yStride + j] = hnew;
    }
}

// ---- backward, per step t in the reverse of the forward's order.
// dh, dc [B, H]: the gradient flowing into this step's output state; on return, for valid rows, the part of
// dh_{t-1} that does not go through W_hh (GRU: dh*z; others 0) and dc_{t-1}; padded rows keep theirs (pass-through).
// The host then adds deltaHh_t W_hh into dh. deltaIh/deltaHh: this step's rows [B, G*H] (zero on padded rows).
// y, dy: whole-sequence bases with the column offset applied; row (t, b) at (t*B + b) * stride.
// h_{t-1} / c_{t-1}: h0/c0 at a sequence's first step (t == 0 forward, t == len-1 reverse), else row t-1 / t+1.

__device__ __forceinline__ bool first_step(int t, int len, int reverse) { return reverse ? t == len - 1 : t == 0; }

extern "C" __global__ void lstm_backward_step(const float* gates, const float* cells, const float* c0,
                                              const float* dy, int dyStride, float* dh, float* dc, float* delta,
                                              const int* lengths, int t, int B, int H, int reverse) {
    GRID_STRIDE(i, (long long) B * H) {
        int b = (int) (i / H), j = (int) (i - (long long) b * H);
        float* d = delta + (long long) b * 4 * H;
        int len = lengths[b];
        if (t >= len) {
            d[j] = d[H + j] = d[2 * H + j] = d[3 * H + j] = 0.f;
            continue;
        }
        long long row = (long long) t * B + b;
        long long prev = reverse ? row + B : row - B;
        const float* g = gates + row * 4 * H;
        float ig = g[j], fg = g[H + j], gg = g[2 * H + j], og = g[3 * H + j];
        float cPrev = first_step(t, len, reverse) ? c0[i] : cells[prev * H + j];
        float tc = tanhf(cells[row * H + j]);
        float dht = dh[i] + (dy ? dy[row * dyStride + j] : 0.f);
        float dct = dc[i] + dht * og * (1.f - tc * tc);
        d[j] = dct * gg * ig * (1.f - ig);
        d[H + j] = dct * cPrev * fg * (1.f - fg);
        d[2 * H + j] = dct * ig * (1.f - gg * gg);
        d[3 * H + j] = dht * tc * og * (1.f - og);
        dc[i] = dct * fg;
        dh[i] = 0.f;
    }
}

extern "C" __global__ void gru_backward_step(const float* gates, const float* hnTape, const float* y, int yStride,
                                             const float* h0, const float* dy, int dyStride, float* dh,
                                             float* deltaIh, float* deltaHh, const int* lengths, int t, int B, int H,
                                             int reverse) {
    GRID_STRIDE(i, (long long) B * H) {
        int b = (int) (i / H), j = (int) (i - (long long) b * H);
        float* di = deltaIh + (long long) b * 3 * H;
        float* dr = deltaHh + (long long) b * 3 * H;
        int len = lengths[b];
        if (t >= len) {
            di[j] = di[H + j] = di[2 * H + j] = 0.f;
            dr[j] = dr[H + j] = dr[2 * H + j] = 0.f;
            continue;
        }
        long long row = (long long) t * B + b;
        long long prev = reverse ? row + B : row - B;
        const float* g = gates + row * 3 * H;
        float rg = g[j], zg = g[H + j], ng = g[2 * H + j];
        float hn = hnTape[row * H + j];
        float hPrev = first_step(t, len, reverse) ? h0[i] : y[prev * yStride + j];
        float dht = dh[i] + (dy ? dy[row * dyStride + j] : 0.f);
        float dn = dht * (1.f - zg);
        float dz = dht * (hPrev - ng);
        float dan = dn * (1.f - ng * ng);
        float drr = dan * hn * rg * (1.f - rg);
        float dzz = dz * zg * (1.f - zg);
        di[j] = drr;
        di[H + j] = dzz;
        di[2 * H + j] = dan;
        dr[j] = drr;
        dr[H + j] = dzz;
        dr[2 * H + j] = dan * rg;
        dh[i] = dht * zg;
    }
}

extern "C" __global__ void rnn_backward_step(const float* y, int yStride, const float* dy, int dyStride, float* dh,
                                             float* delta, const int* lengths, int t, int B, int H, int relu) {
    GRID_STRIDE(i, (long long) B * H) {
        int b = (int) (i / H), j = (int) (i - (long long) b * H);
        if (t >= lengths[b]) {
            delta[(long long) b * H + j] = 0.f;
            continue;
        }
        long long row = (long long) t * B + b;
        float hv = y[row * yStride + j];
        float deriv = relu ? (hv > 0.f ? 1.f : 0.f) : 1.f - hv * hv;
        delta[(long long) b * H + j] = (dh[i] + (dy ? dy[row * dyStride + j] : 0.f)) * deriv;
        dh[i] = 0.f;
    }
}

// hPrev [T*B, H]: row (t, b) is h_{t-1} of that step (h0 at a sequence's first step), 0 on padded rows; the
// right-hand side of dW_hh = sum_t deltaHh_t^T h_{t-1} as one GEMM over T*B.
extern "C" __global__ void previous_states(const float* y, int yStride, const float* h0, float* hPrev,
                                           const int* lengths, int T, int B, int H, int reverse) {
    GRID_STRIDE(k, (long long) T * B * H) {
        long long row = k / H;
        int j = (int) (k - row * H);
        int t = (int) (row / B), b = (int) (row - (long long) t * B);
        int len = lengths[b];
        float v = 0.f;
        if (t < len) {
            long long prev = reverse ? row + B : row - B;
            v = first_step(t, len, reverse) ? h0[(long long) b * H + j] : y[prev * yStride + j];
        }
        hPrev[k] = v;
    }
}
