package org.jrnn.cuda;

import org.jrnn.CellType;
import org.jrnn.engine.DirectionTape;
import org.jrnn.engine.LayerBackward;
import org.jrnn.engine.LayerForward;
import org.jrnn.engine.LayerKernels;
import org.jrnn.engine.LayerShape;
import org.jrnn.engine.LayerStep;
import org.jrnn.engine.LayerWeights;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;

/**
 * One layer and direction on the GPU (the plan of shared/DESIGN.md, as Haste and cuDNN do it):
 * <pre>
 * forward   xp[T·B, G·H] = x[T·B, in] · W_ihᵀ                     one SGEMM for all steps
 *           per step: hp[B, G·H] = h · W_hhᵀ (SGEMM), then one fused gate kernel (biases, nonlinearities, state,
 *           y, tape) — cells.cu *_forward_step
 * backward  per step (reverse order): one fused delta kernel (cells.cu *_backward_step) writes δ_t [B, G·H] and the
 *           direct part of dh_{t-1}, then dh += δ_t · W_hh (SGEMM)
 *           after the loop, over all T·B rows at once: dW_ih += δᵀ·x, dW_hh += δᵀ·h_prev, db += 1ᵀ·δ,
 *           dx += δ·W_ih
 * </pre>
 * The running state lives in hFinal/cFinal (copied from h0/c0 first), so the last step leaves the answer there.
 * Scratch (xp, hp, δ, h_prev, dh, dc) comes from the backend's pool for the duration of one call and goes back at
 * its end; everything is on the backend's one stream, so reuse is ordered and nothing here synchronises.
 */
final class CudaLayerKernels implements LayerKernels {
    private final CudaBackend backend;

    CudaLayerKernels(CudaBackend backend) {
        this.backend = backend;
    }

    private long addr(Tensor t, String what) {
        return backend.own(t, what, ElementType.FLOAT32).address();
    }

    private long optional(Tensor t, String what) {
        return t == null ? 0L : addr(t, what);
    }

    private void cell(String kernel, long n, Object... args) {
        backend.device().launch(Ptx.CELLS, kernel, Launch.elementwise(n), args);
    }

    private CudaOps ops() {
        return backend.ops();
    }

    // ------------------------------------------------------------------ forward

    @Override
    public void forward(LayerForward p) {
        LayerShape s = p.shape();
        int T = s.steps(), B = s.batch(), H = s.hidden(), GH = s.gateRows(), in = s.inputSize();
        LayerWeights w = p.weights();
        long wih = addr(w.weightIh(), "weight_ih"), whh = addr(w.weightHh(), "weight_hh");
        long bih = optional(w.biasIh(), "bias_ih"), bhh = optional(w.biasHh(), "bias_hh");
        long x = addr(p.x(), "x");
        long h = addr(p.hFinal(), "h_n");
        boolean lstm = s.cell() == CellType.LSTM;
        long c = lstm ? addr(p.cFinal(), "c_n") : 0L;
        int yStride = p.y().rowStride();
        long y = addr(p.y().y(), "y") + 4L * p.y().column();
        long lengths = backend.own(p.lengths().tensor(), "lengths", ElementType.INT32).address();
        DirectionTape tape = p.tape();
        long gates = tape == null ? 0L : optional(tape.gates(), "tape gates");
        long cells = tape == null ? 0L : optional(tape.cellStates(), "tape cell states");
        long gruHn = tape == null ? 0L : optional(tape.gruHn(), "tape W_hn h + b_hn");

        Device ctx = backend.device();
        ctx.copyDeviceToDevice(h, addr(p.h0(), "h0"), 4L * B * H);
        if (lstm) {
            ctx.copyDeviceToDevice(c, addr(p.c0(), "c0"), 4L * B * H);
        }
        MemoryPool.Block xp = backend.scratch(4L * T * B * GH);
        MemoryPool.Block hp = backend.scratch(4L * B * GH);
        try {
            ops().gemmUnchecked(false, true, T * B, GH, in, 1f, x, wih, 0f, xp.address());
            for (int step = 0; step < T; step++) {
                int t = s.reverse() ? T - 1 - step : step;
                ops().gemmUnchecked(false, true, B, GH, H, 1f, h, whh, 0f, hp.address());
                long xpT = xp.address() + 4L * t * B * GH;
                long yT = y + 4L * t * B * yStride;
                switch (s.cell()) {
                    case LSTM -> cell("lstm_forward_step", (long) B * H, xpT, hp.address(), bih, bhh, h, c, yT,
                            yStride, at(gates, t, B, GH), at(cells, t, B, H), lengths, t, B, H);
                    case GRU -> cell("gru_forward_step", (long) B * H, xpT, hp.address(), bih, bhh, h, yT, yStride,
                            at(gates, t, B, GH), at(gruHn, t, B, H), lengths, t, B, H);
                    case RNN_TANH, RNN_RELU -> cell("rnn_forward_step", (long) B * H, xpT, hp.address(), bih, bhh,
                            h, yT, yStride, lengths, t, B, H, s.cell() == CellType.RNN_RELU ? 1 : 0);
                }
            }
        } finally {
            backend.releaseScratch(hp);
            backend.releaseScratch(xp);
        }
    }

    /** Row block of step t in a time-major [T, B, width] buffer, or 0 for an absent one. */
    private static long at(long base, int t, int B, int width) {
        return base == 0L ? 0L : base + 4L * t * B * width;
    }

    // ----------------------------------------------------------------- backward

    @Override
    public void backward(LayerBackward p) {
        LayerShape s = p.shape();
        int T = s.steps(), B = s.batch(), H = s.hidden(), GH = s.gateRows(), in = s.inputSize();
        int TB = T * B;
        LayerWeights w = p.weights(), gw = p.grads();
        long wih = addr(w.weightIh(), "weight_ih"), whh = addr(w.weightHh(), "weight_hh");
        long gwih = addr(gw.weightIh(), "grad weight_ih"), gwhh = addr(gw.weightHh(), "grad weight_hh");
        long gbih = optional(gw.biasIh(), "grad bias_ih"), gbhh = optional(gw.biasHh(), "grad bias_hh");
        long x = addr(p.x(), "x"), h0 = addr(p.h0(), "h0");
        boolean lstm = s.cell() == CellType.LSTM, gru = s.cell() == CellType.GRU;
        long c0 = lstm ? addr(p.c0(), "c0") : 0L;
        int yStride = p.y().rowStride();
        long y = addr(p.y().y(), "y") + 4L * p.y().column();
        long dy = p.dy() == null ? 0L : addr(p.dy(), "grad of the layer output") + 4L * p.y().column();
        int dyStride = p.dy() == null ? 0 : p.dy().dim(2);
        long lengths = backend.own(p.lengths().tensor(), "lengths", ElementType.INT32).address();
        DirectionTape tape = p.tape();
        long gates = tape.gates() == null ? 0L : addr(tape.gates(), "tape gates");
        long cells = lstm ? addr(tape.cellStates(), "tape cell states") : 0L;
        long gruHn = gru ? addr(tape.gruHn(), "tape W_hn h + b_hn") : 0L;
        long dx = addr(p.dx(), "dx"), dh0 = addr(p.dh0(), "dh0");
        long dc0 = lstm ? addr(p.dc0(), "dc0") : 0L;

        Device ctx = backend.device();
        MemoryPool.Block dh = backend.scratch(4L * B * H);
        MemoryPool.Block dc = lstm ? backend.scratch(4L * B * H) : null;
        MemoryPool.Block deltaIh = backend.scratch(4L * TB * GH);
        MemoryPool.Block deltaHh = gru ? backend.scratch(4L * TB * GH) : deltaIh;
        MemoryPool.Block hPrev = backend.scratch(4L * TB * H);
        try {
            initState(ctx, dh.address(), p.dhFinal(), "grad_h_n", B * H);
            if (lstm) {
                initState(ctx, dc.address(), p.dcFinal(), "grad_c_n", B * H);
            }
            int rev = s.reverse() ? 1 : 0;
            for (int step = 0; step < T; step++) {
                int t = s.reverse() ? step : T - 1 - step;
                long di = deltaIh.address() + 4L * t * B * GH;
                long dr = deltaHh.address() + 4L * t * B * GH;
                switch (s.cell()) {
                    case LSTM -> cell("lstm_backward_step", (long) B * H, gates, cells, c0, dy, dyStride,
                            dh.address(), dc.address(), di, lengths, t, B, H, rev);
                    case GRU -> cell("gru_backward_step", (long) B * H, gates, gruHn, y, yStride, h0, dy, dyStride,
                            dh.address(), di, dr, lengths, t, B, H, rev);
                    case RNN_TANH, RNN_RELU -> cell("rnn_backward_step", (long) B * H, y, yStride, dy, dyStride,
                            dh.address(), di, lengths, t, B, H, s.cell() == CellType.RNN_RELU ? 1 : 0);
                }
                ops().gemmUnchecked(false, false, B, H, GH, 1f, dr, whh, 1f, dh.address());
            }
            // Weight gradients and dx as single GEMMs over all T·B rows.
            ops().gemmUnchecked(true, false, GH, in, TB, 1f, deltaIh.address(), x, 1f, gwih);
            cell("previous_states", (long) TB * H, y, yStride, h0, hPrev.address(), lengths, T, B, H, rev);
            ops().gemmUnchecked(true, false, GH, H, TB, 1f, deltaHh.address(), hPrev.address(), 1f, gwhh);
            if (gbih != 0L && TB > 0) {
                // db += 1ᵀ·δ as a GEMM: a column-sum kernel would give one thread per gate column a T·B-long loop.
                MemoryPool.Block ones = backend.scratch(4L * TB);
                try {
                    ctx.memset32(ones.address(), Float.floatToRawIntBits(1f), TB);
                    ops().gemmUnchecked(true, false, 1, GH, TB, 1f, ones.address(), deltaIh.address(), 1f, gbih);
                    ops().gemmUnchecked(true, false, 1, GH, TB, 1f, ones.address(), deltaHh.address(), 1f, gbhh);
                } finally {
                    backend.releaseScratch(ones);
                }
            }
            ops().gemmUnchecked(false, false, TB, in, GH, 1f, deltaIh.address(), wih, 1f, dx);
            ctx.copyDeviceToDevice(dh0, dh.address(), 4L * B * H);
            if (lstm) {
                ctx.copyDeviceToDevice(dc0, dc.address(), 4L * B * H);
            }
        } finally {
            backend.releaseScratch(hPrev);
            if (gru) {
                backend.releaseScratch(deltaHh);
            }
            backend.releaseScratch(deltaIh);
            if (dc != null) {
                backend.releaseScratch(dc);
            }
            backend.releaseScratch(dh);
        }
    }

    private void initState(Device ctx, long dst, Tensor from, String what, int n) {
        if (from == null) {
            ctx.memset32(dst, 0, n);
        } else {
            ctx.copyDeviceToDevice(dst, addr(from, what), 4L * n);
        }
    }

    // --------------------------------------------------------------------- step

    @Override
    public void step(LayerStep p) {
        LayerShape s = p.shape();
        int B = s.batch(), H = s.hidden(), GH = s.gateRows(), in = s.inputSize();
        LayerWeights w = p.weights();
        long wih = addr(w.weightIh(), "weight_ih"), whh = addr(w.weightHh(), "weight_hh");
        long bih = optional(w.biasIh(), "bias_ih"), bhh = optional(w.biasHh(), "bias_hh");
        long x = addr(p.x(), "x"), h = addr(p.h(), "state h");
        long c = s.cell() == CellType.LSTM ? addr(p.c(), "state c") : 0L;
        backend.device();
        MemoryPool.Block xp = backend.scratch(4L * B * GH);
        MemoryPool.Block hp = backend.scratch(4L * B * GH);
        try {
            ops().gemmUnchecked(false, true, B, GH, in, 1f, x, wih, 0f, xp.address());
            ops().gemmUnchecked(false, true, B, GH, H, 1f, h, whh, 0f, hp.address());
            switch (s.cell()) {
                case LSTM -> cell("lstm_forward_step", (long) B * H, xp.address(), hp.address(), bih, bhh, h, c, 0L,
                        0, 0L, 0L, 0L, 0, B, H);
                case GRU -> cell("gru_forward_step", (long) B * H, xp.address(), hp.address(), bih, bhh, h, 0L, 0,
                        0L, 0L, 0L, 0, B, H);
                case RNN_TANH, RNN_RELU -> cell("rnn_forward_step", (long) B * H, xp.address(), hp.address(), bih,
                        bhh, h, 0L, 0, 0L, 0, B, H, s.cell() == CellType.RNN_RELU ? 1 : 0);
            }
        } finally {
            backend.releaseScratch(hp);
            backend.releaseScratch(xp);
        }
    }
}
