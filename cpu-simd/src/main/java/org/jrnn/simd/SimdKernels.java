package org.jrnn.simd;

import java.util.Arrays;
import org.jrnn.CellType;
import org.jrnn.ParameterLayout;
import org.jrnn.host.CellKernels;
import org.jrnn.host.DirectionPass;
import org.jrnn.simd.cell.Biases;
import org.jrnn.simd.cell.CellPass;
import org.jrnn.simd.cell.Gemv;
import org.jrnn.simd.cell.GruCell;
import org.jrnn.simd.cell.LstmCell;
import org.jrnn.simd.cell.RnnCell;
import org.jrnn.simd.cell.Rows;
import org.jrnn.simd.gemm.PackedB;
import org.jrnn.simd.gemm.Sgemm;

/**
 * The Vector API kernels of one layer and direction. Shapes: T steps, B sequences, I inputs, H hidden, G gates,
 * GH = G*H; every sequence buffer is time-major, row (t, b) = t*B + b.
 *
 * <p>Forward: xp [T*B, GH] = x . W_ih^T as one GEMM (biases are not added there but in the row pass, from one
 * folded [GH] vector); then per step one GEMM hh [B, GH] = h . W_hh^T against W_hh^T packed once per call, and
 * one elementwise pass per row (biases, activations, state update, y, tape) made of a few L1-resident loops.
 * Backward: per step one fused pass writes the gate deltas [T, B, GH] and one GEMM adds delta_hh . W_hh into dh;
 * after the loop dW_ih, dW_hh and dx are one GEMM each with k or m = T*B.
 *
 * <p>Ragged batches run every row every step; a row outside its length keeps its state, gets y = 0 and a zero
 * delta row, so padding changes no number. Workspaces only grow; the time loops allocate nothing.
 */
public final class SimdKernels implements CellKernels {
    private static final float[] EMPTY = new float[0];
    /** Input widths handled by the transposed (few-row) GEMMs in backward. */
    private static final int NARROW_INPUT = 4;

    private final Sgemm gemm;

    // Workspaces, grown on demand and kept.
    private float[] xp = EMPTY;       // [T*B, GH] input projections (step: [B, GH])
    private float[] hh = EMPTY;       // [B, GH] recurrent projection of one step
    private float[] h = EMPTY;        // [B, H] running state
    private float[] c = EMPTY;        // [B, H] running LSTM cell state
    private float[] bias = EMPTY;     // [GH] folded biases
    private float[] biasHn = EMPTY;   // [H] GRU b_hn
    private final float[] gemvScratch = new float[Gemv.SCRATCH];
    private float[] gateRow = EMPTY;  // [GH + H] one row's gates (and GRU hn) when there is no tape; scratch
    private float[] delta = EMPTY;    // [T*B, GH] input-side deltas
    private float[] deltaHh = EMPTY;  // [T*B, GH] GRU recurrent-side deltas (LSTM/RNN: same as delta)
    private float[] hPrev = EMPTY;    // [T*B, H] h_{t-1} of every row, for dW_hh
    private float[] dh = EMPTY;       // [B, H]
    private float[] dc = EMPTY;       // [B, H]
    private float[] dbIh = EMPTY;     // [GH] bias gradient sums
    private float[] dbHh = EMPTY;
    private float[] narrow = EMPTY;   // [I, max(GH, T*B)] transposed input gradients for I <= NARROW_INPUT
    private PackedB whhT;             // W_hh^T [H, GH], forward
    private PackedB whh;              // W_hh [GH, H], backward

    public SimdKernels(Sgemm gemm) {
        this.gemm = gemm;
    }

    // ------------------------------------------------------------------ forward

    @Override
    public void forward(DirectionPass p) {
        final CellType cell = p.cell;
        final int T = p.steps, B = p.batch, H = p.hidden, I = p.inputSize, GH = cell.gates() * H, rows = T * B;
        final ParameterLayout.Block w = p.weights;
        xp = grow(xp, rows * GH);
        hh = grow(hh, B * GH);
        h = grow(h, B * H);
        c = grow(c, B * H);
        prepareBias(p);
        gemm.gemm(false, true, rows, GH, I, 1f, p.x, p.xOff, I, p.params, w.weightIh(), I, 0f, xp, 0, GH);
        PackedB wt = packForward(p);
        System.arraycopy(p.h0, p.h0Off, h, 0, B * H);
        if (cell == CellType.LSTM) {
            System.arraycopy(p.c0, p.c0Off, c, 0, B * H);
        }
        gateRow = grow(gateRow, GH + H);
        boolean tape = p.gates != null;
        // LSTM: c to the tape or nowhere; GRU: hn to the tape or to scratch after the gates
        float[] extra = cell == CellType.LSTM ? p.cells : tape ? p.hn : gateRow;
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? T - 1 - s : s;
            gemm.gemm(false, B, 1f, h, 0, H, wt, 0f, hh, 0, GH);
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                int yAt = p.yOff + row * p.ldY;
                if (t < p.lengths[b]) {
                    CellPass.forward(cell, H, xp, row * GH, hh, b * GH, bias, biasHn, h, b * H, c, b * H,
                            p.y, yAt, tape ? p.gates : gateRow, tape ? row * GH : 0, extra, tape ? row * H : GH);
                } else {
                    Arrays.fill(p.y, yAt, yAt + H, 0f);
                }
            }
        }
        System.arraycopy(h, 0, p.hN, p.hNOff, B * H);
        if (p.cN != null) {
            System.arraycopy(c, 0, p.cN, p.cNOff, B * H);
        }
    }

    // ----------------------------------------------------------------- backward

    @Override
    public void backward(DirectionPass p) {
        final CellType cell = p.cell;
        final int T = p.steps, B = p.batch, H = p.hidden, I = p.inputSize, GH = cell.gates() * H, rows = T * B;
        final ParameterLayout.Block w = p.weights;
        delta = grow(delta, rows * GH);
        float[] dHh = delta;
        if (cell == CellType.GRU) {
            dHh = deltaHh = grow(deltaHh, rows * GH);
        }
        hPrev = grow(hPrev, rows * H);
        dh = grow(dh, B * H);
        dc = grow(dc, B * H);
        dbIh = grow(dbIh, GH);
        dbHh = grow(dbHh, GH);
        gateRow = grow(gateRow, GH);
        Arrays.fill(dbIh, 0, GH, 0f);
        Arrays.fill(dbHh, 0, GH, 0f);
        fillState(dh, p.dhN, p.dhNOff, B * H);
        fillState(dc, p.dcN, p.dcNOff, B * H);
        shiftedH(p);
        PackedB wb = packBackward(p);
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? s : T - 1 - s;
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                if (t < p.lengths[b]) {
                    backwardRow(p, t, b, dHh);
                } else {
                    Arrays.fill(delta, row * GH, (row + 1) * GH, 0f);
                    Arrays.fill(dHh, row * GH, (row + 1) * GH, 0f);
                }
            }
            // dh_{t-1} += delta_hh . W_hh (padded rows have zero deltas, so their dh passes through)
            gemm.gemm(false, B, 1f, dHh, t * B * GH, GH, wb, 1f, dh, 0, H);
            if (w.biasIh() >= 0) {
                Rows.addColumnSums(delta, t * B * GH, B, GH, dbIh);
                Rows.addColumnSums(dHh, t * B * GH, B, GH, dbHh);
            }
        }
        System.arraycopy(dh, 0, p.dh0, p.dh0Off, B * H);
        if (p.dc0 != null) {
            System.arraycopy(dc, 0, p.dc0, p.dc0Off, B * H);
        }
        // Weight gradients and dx, one GEMM each over all T*B rows.
        gemm.gemm(true, false, GH, H, rows, 1f, dHh, 0, GH, hPrev, 0, H, 1f, p.grads, w.weightHh(), H);
        if (w.biasIh() >= 0) {
            Rows.addTo(dbIh, GH, p.grads, w.biasIh());
            Rows.addTo(dbHh, GH, p.grads, w.biasHh());
        }
        if (I > NARROW_INPUT) {
            gemm.gemm(true, false, GH, I, rows, 1f, delta, 0, GH, p.x, p.xOff, I, 1f, p.grads, w.weightIh(), I);
            if (p.dx != null) {
                gemm.gemm(false, false, rows, I, GH, 1f, delta, 0, GH, p.params, w.weightIh(), I, 1f,
                        p.dx, p.dxOff, I);
            }
        } else {
            narrowInputGradients(p, rows, GH, I);
        }
    }

    /**
     * dW_ih and dx for I &lt;= {@link #NARROW_INPUT}: as [GH, I] and [T*B, I] products they would have n = I, which
     * a GEMM pads to a full 32-column panel (32x the work at I = 1). Their transposes have m = I instead, the GEMM's
     * few-row streaming path: scratch = x^T . delta [I, GH] and W_ih^T . delta^T [I, T*B], then added transposed.
     */
    private void narrowInputGradients(DirectionPass p, int rows, int GH, int I) {
        final ParameterLayout.Block w = p.weights;
        narrow = grow(narrow, Math.max(GH, rows) * I);
        gemm.gemm(true, false, I, GH, rows, 1f, p.x, p.xOff, I, delta, 0, GH, 0f, narrow, 0, GH);
        for (int r = 0; r < GH; r++) {
            for (int i = 0; i < I; i++) {
                p.grads[w.weightIh() + r * I + i] += narrow[i * GH + r];
            }
        }
        if (p.dx != null) {
            gemm.gemm(true, true, I, rows, GH, 1f, p.params, w.weightIh(), I, delta, 0, GH, 0f, narrow, 0, rows);
            for (int row = 0; row < rows; row++) {
                for (int i = 0; i < I; i++) {
                    p.dx[p.dxOff + row * I + i] += narrow[i * rows + row];
                }
            }
        }
    }

    /** The fused backward pass of one valid row (t, b). */
    private void backwardRow(DirectionPass p, int t, int b, float[] dHh) {
        final int B = p.batch, H = p.hidden, GH = p.cell.gates() * H;
        int row = t * B + b;
        int yAt = p.yOff + row * p.ldY;
        switch (p.cell) {
            case LSTM -> {
                boolean first = p.reverse ? t == p.lengths[b] - 1 : t == 0;
                int prevRow = p.reverse ? row + B : row - B;
                float[] cPrev = first ? p.c0 : p.cells;
                int cPrevAt = first ? p.c0Off + b * H : prevRow * H;
                LstmCell.backward(H, p.gates, row * GH, p.cells, row * H, cPrev, cPrevAt, p.dy, yAt,
                        dh, b * H, dc, b * H, delta, row * GH, gateRow);
            }
            case GRU -> GruCell.backward(H, p.gates, row * GH, p.hn, row * H, hPrev, row * H, p.dy, yAt,
                    dh, b * H, delta, row * GH, dHh, row * GH);
            case RNN_TANH, RNN_RELU -> RnnCell.backward(H, p.cell == CellType.RNN_RELU, p.y, yAt, p.dy, yAt,
                    dh, b * H, delta, row * GH);
        }
    }

    /** hPrev row (t, b) = the state this step started from: h0 at the sequence's first step, else y of the step
     *  before it in processing order; zero at padded rows (their delta is zero anyway). */
    private void shiftedH(DirectionPass p) {
        final int T = p.steps, B = p.batch, H = p.hidden;
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                if (t >= p.lengths[b]) {
                    Arrays.fill(hPrev, row * H, row * H + H, 0f);
                } else if (p.reverse ? t == p.lengths[b] - 1 : t == 0) {
                    System.arraycopy(p.h0, p.h0Off + b * H, hPrev, row * H, H);
                } else {
                    int prevRow = p.reverse ? row + B : row - B;
                    System.arraycopy(p.y, p.yOff + prevRow * p.ldY, hPrev, row * H, H);
                }
            }
        }
    }

    // --------------------------------------------------------------------- step

    /**
     * Streaming step. At batch &lt;= {@link Gemv#MAX_BATCH} the projections read the live weights in place
     * (dot-product GEMV): no packing, no cache to invalidate, one pass over W_ih and W_hh, no thread hand-off.
     * Larger batches go through the GEMM, whose per-call packing is then amortised over the rows.
     */
    @Override
    public void step(DirectionPass p, float[] x, int xOff, int batch, float[] hState, int hOff, float[] cState,
                     int cOff) {
        final CellType cell = p.cell;
        final int H = p.hidden, I = p.inputSize, GH = cell.gates() * H;
        final ParameterLayout.Block w = p.weights;
        xp = grow(xp, batch * GH);
        hh = grow(hh, batch * GH);
        gateRow = grow(gateRow, GH + H);
        prepareBias(p);
        if (batch <= Gemv.MAX_BATCH) {
            Gemv.multiply(p.params, w.weightIh(), GH, I, x, xOff, batch, xp, 0, GH, gemvScratch);
            Gemv.multiply(p.params, w.weightHh(), GH, H, hState, hOff, batch, hh, 0, GH, gemvScratch);
        } else {
            gemm.gemm(false, true, batch, GH, I, 1f, x, xOff, I, p.params, w.weightIh(), I, 0f, xp, 0, GH);
            gemm.gemm(false, true, batch, GH, H, 1f, hState, hOff, H, p.params, w.weightHh(), H, 0f, hh, 0, GH);
        }
        for (int b = 0; b < batch; b++) {
            CellPass.forward(cell, H, xp, b * GH, hh, b * GH, bias, biasHn, hState, hOff + b * H, cState,
                    cOff + b * H, null, 0, gateRow, 0, gateRow, GH);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void prepareBias(DirectionPass p) {
        bias = grow(bias, p.cell.gates() * p.hidden);
        biasHn = grow(biasHn, p.hidden);
        Biases.fold(p.cell, p.params, p.weights, p.hidden, bias, biasHn);
    }

    /** W_hh^T [H, GH] packed for this call (the buffer is reused across calls of the same shape). */
    private PackedB packForward(DirectionPass p) {
        int H = p.hidden, GH = p.cell.gates() * H;
        if (whhT == null || whhT.k() != H || whhT.n() != GH) {
            whhT = gemm.packB(true, H, GH, p.params, p.weights.weightHh(), H);
        } else {
            gemm.repackB(whhT, true, p.params, p.weights.weightHh(), H);
        }
        return whhT;
    }

    /** W_hh [GH, H] packed as the B operand of dh += delta_hh . W_hh. */
    private PackedB packBackward(DirectionPass p) {
        int H = p.hidden, GH = p.cell.gates() * H;
        if (whh == null || whh.k() != GH || whh.n() != H) {
            whh = gemm.packB(false, GH, H, p.params, p.weights.weightHh(), H);
        } else {
            gemm.repackB(whh, false, p.params, p.weights.weightHh(), H);
        }
        return whh;
    }

    private static void fillState(float[] dst, float[] src, int srcOff, int n) {
        if (src != null) {
            System.arraycopy(src, srcOff, dst, 0, n);
        } else {
            Arrays.fill(dst, 0, n, 0f);
        }
    }

    private static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }
}
