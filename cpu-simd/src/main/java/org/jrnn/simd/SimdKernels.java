package org.jrnn.simd;

import java.util.Arrays;
import org.jrnn.CellType;
import org.jrnn.ParameterLayout;
import org.jrnn.engine.LayerBackward;
import org.jrnn.engine.LayerForward;
import org.jrnn.engine.LayerKernels;
import org.jrnn.engine.LayerStep;
import org.jrnn.tensor.HostTensor;
import org.jrnn.simd.cell.Biases;
import org.jrnn.simd.cell.CellPass;
import org.jrnn.simd.cell.Gemv;
import org.jrnn.simd.cell.GruCell;
import org.jrnn.simd.cell.LstmCell;
import org.jrnn.simd.cell.RnnCell;
import org.jrnn.simd.cell.Rows;
import org.jrnn.simd.gemm.PackedB;
import org.jrnn.simd.gemm.PackedRows;
import org.jrnn.simd.gemm.Sgemm;
import org.jrnn.simd.gemm.StepBarrier;

/**
 * The Vector API kernels of one layer and direction. Shapes: T steps, B sequences, I inputs, H hidden, G gates,
 * GH = G*H; every sequence buffer is time-major, row (t, b) = t*B + b.
 *
 * <p>Forward: xp [T*B, GH] = x . W_ih^T as one GEMM (biases are not added there but in the row pass, from one
 * folded [GH] vector); then per step one GEMM hh [B, GH] = h . W_hh^T against W_hh packed once per call, and
 * one elementwise pass per row (biases, activations, state update, y, tape) made of a few L1-resident loops. Where
 * a loop has enough rows ({@link Sgemm#streamsRowsFor}: 32 or 64 per thread at H &gt;= 128) the per-step products
 * stream W_hh's rows past the packed state ({@link Sgemm#multiplyTransposedOnThisThread}); else the state is A and
 * W_hh^T a packed B. Both give the same bits.
 * Backward: per step one fused pass writes the gate deltas [T, B, GH] and one GEMM adds delta_hh . W_hh into dh;
 * after the loop [dW_ih | dW_hh] = delta^T . [x | h_{t-1}] is one GEMM (LSTM, RNN; GRU's recurrent deltas differ,
 * so it runs two) and dx another, with k or m = T*B.
 *
 * <p>Threads: batch rows never interact inside a layer, so when W_hh fits the cache budget
 * ({@link #BATCH_SPLIT_MAX_WEIGHT_BYTES}) each thread runs the whole time loop (GEMM + row passes) for its slice of
 * the batch, with no synchronisation per step. Above it, and at batch 1, forward gives each thread a slice of the
 * hidden units of every gate ({@link #forwardUnits}: its columns of W_hh^T, its part of the cell pass, one barrier
 * per step); backward splits the units the same way where the batch suits the streamed product
 * ({@link #backwardUnits}), else runs one time loop whose GEMM splits columns. The streaming step at small batch
 * splits the gate rows of the GEMVs ({@link #STEP_SPLIT_MIN_WEIGHT_BYTES}).
 *
 * <p>Ragged batches run every row every step; a row outside its length keeps its state, gets y = 0 and a zero
 * delta row, so padding changes no number. Workspaces only grow; the time loops allocate nothing.
 */
public final class SimdKernels implements LayerKernels {
    private static final float[] EMPTY = new float[0];
    /** Floats past the end of every workspace array (see {@link #grow}): one vector of the widest species. */
    private static final int VECTOR_PAD = 16;
    /** Input widths handled by the transposed (few-row) GEMMs in backward. */
    private static final int NARROW_INPUT = 4;
    /**
     * Small-batch steps whose W_ih + W_hh reach this many bytes split the gate rows between the threads (each
     * streams half the weights; ~1.5 us hand-off). Step timings, 1 thread vs 2 (us): LSTM H=128 (512 KiB)
     * 13.8 vs 11.7, H=256 46 vs 27, H=512 203 vs 98; RNN H=256 (512 KiB) 10.0 vs 9.2.
     * Rechecked with the pinned hand-off (JMH, threshold 384 vs 640 KiB): GRU H=128 6.35 vs 6.69, LSTM H=128 7.23 vs
     * 7.24, RNN H=256 5.50 vs 6.36 (run-to-run noise on this VM is ~10-30 %). RNN H=128 (128 KiB, streamed from L2
     * every step: JFR put 83 % of its step in the GEMV's dot products) then stayed on one thread at 384 KiB:
     * JMH StepBenchmark step128 rnn_tanh, two runs each, 384 vs 128 KiB: 3.10/3.10 vs 2.04/2.11 us (2-core Zen 3).
     */
    static final long STEP_SPLIT_MIN_WEIGHT_BYTES = 128L << 10;
    /**
     * Largest packed W_hh (bytes) for which batch slices run on separate threads (see {@link #batchParts}).
     * Measured (JMH medians, ms, before vs after the split): LSTM h512 (4 MiB) forward 130 vs 105, train 698 vs
     * 361; RNN h1024 (4 MiB) forward 30.9 vs 28.9; but LSTM h1024 (16 MiB) forward 126 vs 151, train 420 vs 461:
     * there both threads streaming all of W_hh from L3/DRAM every step costs more than a column split saves.
     * The unit split that runs there now (2-core Zen 3, 2 threads, bench/tools/CpuTime.java, best of three CPU-time
     * minima, column split vs unit split): GRU T50 B32 H1024 forward 165 vs 148 ms, training 484 vs 449 ms; LSTM
     * H1024 forward 181 vs 179 ms (even). At LSTM h512 (4 MiB) the unit split was not faster than the batch split
     * (173/176 vs 177/206 ms), so the limit stays.
     */
    static final long BATCH_SPLIT_MAX_WEIGHT_BYTES = 8L << 20;
    /** Fewest hidden units per thread for the unit split of the time loop ({@link #forwardUnits}). */
    private static final int UNIT_SPLIT_MIN_UNITS = 64;
    /** Below this many gate columns the narrow-input weight gradient sums stay on one thread. */
    private static final int NARROW_SUM_MIN_COLUMNS = 256;

    private final Sgemm gemm;
    private final long batchSplitMaxWeightBytes;

    // Workspaces, grown on demand and kept.
    private float[] xp = EMPTY;       // [T*B, GH] input projections (step: [B, GH])
    private float[] hh = EMPTY;       // [B, GH] recurrent projection of one step
    private float[] wihT = EMPTY;     // [I, GH] W_ih^T for a narrow input's row-by-row projection
    private float[] h = EMPTY;        // [B, H] running state
    private float[] c = EMPTY;        // [B, H] running LSTM cell state
    private float[] bias = EMPTY;     // [GH] folded biases
    private float[] biasHn = EMPTY;   // [H] GRU b_hn
    private final StepGemv stepGemv;
    private float[] gateRow = EMPTY;  // [parts, GH + H] per-thread scratch: a row's gates (and GRU hn) without tape
    private float[] delta = EMPTY;    // [T*B, GH] input-side deltas
    private float[] deltaHh = EMPTY;  // [T*B, GH] GRU recurrent-side deltas (LSTM/RNN: same as delta)
    private float[] hPrev = EMPTY;    // [T*B, H] h_{t-1} of every row, for dW_hh (fused: [T*B, I+H] = [x | h_{t-1}])
    private float[] dW = EMPTY;       // [GH, I+H] fused weight gradients before they are added to dW_ih, dW_hh
    private float[] dh = EMPTY;       // [B, H]
    private float[] dc = EMPTY;       // [B, H]
    private float[] dbSum = EMPTY;    // [GH] one bias gradient: the column sums of dbRows
    private float[] dbRows = EMPTY;   // [B, GH] per batch row: its delta rows summed over the steps (GRU: + [B, GH] dHh)
    private float[] narrow = EMPTY;   // [2, I, GH]: dW_ih^T sums and W_ih^T, for I <= NARROW_INPUT
    private float[] hNext = EMPTY;    // [B, H] the second state buffer of the unit split
    private PackedB[] whhUnits = new PackedB[0]; // [part * G + gate]: W_hh^T columns of one thread's units of a gate
    private PackedRows[] whhUnitRows = new PackedRows[0]; // the same blocks as rows of W_hh (streamed form)
    private PackedB whhT;             // W_hh^T [H, GH], forward
    private PackedB whh;              // W_hh [GH, H], backward
    private PackedB wih;              // W_ih [GH, I], backward: dx = delta . W_ih step by step
    private PackedRows whhRows;       // W_hh [GH, H] rows, forward (streamed form, Sgemm.streamsRowsFor)
    private PackedRows whhTRows;      // W_hh^T [H, GH] rows, backward (streamed form)
    private PackedRows[] whhTUnitRows = new PackedRows[0]; // [part]: rows of W_hh^T for one thread's units, backward

    public SimdKernels(Sgemm gemm) {
        this(gemm, BATCH_SPLIT_MAX_WEIGHT_BYTES);
    }

    SimdKernels(Sgemm gemm, long batchSplitMaxWeightBytes) {
        this.gemm = gemm;
        this.stepGemv = new StepGemv(gemm.threads());
        this.batchSplitMaxWeightBytes = batchSplitMaxWeightBytes;
    }

    // ------------------------------------------------------------------ forward

    @Override
    public void forward(LayerForward pass) {
        forward(HeapPass.of(pass));
    }

    private void forward(HeapPass p) {
        final CellType cell = p.cell;
        final int T = p.steps, B = p.batch, H = p.hidden, I = p.inputSize, GH = cell.gates() * H, rows = T * B;
        final ParameterLayout.Block w = p.weights;
        hh = grow(hh, B * hhStride(GH));
        h = grow(h, B * H);
        c = grow(c, B * H);
        prepareBias(p);
        int parts = batchParts(B, H, GH);
        int unitParts = parts > 1 ? 1 : unitParts(H);
        // A narrow input's projection is made row by row in the time loop (below), not as a [T*B, GH] GEMM of
        // depth I whose output would go to memory and back; the unit split keeps the GEMM.
        final boolean rowProjection = I <= NARROW_INPUT && (parts > 1 || unitParts < 2);
        if (rowProjection) {
            wihT = grow(wihT, I * GH);
            transposeWih(p, wihT, 0);
        } else {
            xp = grow(xp, rows * GH);
            gemm.gemm(false, true, rows, GH, I, 1f, p.x, p.xOff, I, p.params, w.weightIh(), I, 0f, xp, 0, GH);
        }
        System.arraycopy(p.h0, p.h0Off, h, 0, B * H);
        if (cell == CellType.LSTM) {
            System.arraycopy(p.c0, p.c0Off, c, 0, B * H);
        }
        int scratch = scratchStride(GH + H) + (rowProjection ? scratchStride(GH) : 0);
        gateRow = grow(gateRow, Math.max(parts, unitParts) * scratch);
        if (parts > 1) {
            Recurrent wt = packForward(p, streamsRows(B, GH, H, parts, false));
            gemm.forEachPart(parts, part -> forwardRows(p, wt, B * part / parts, B * (part + 1) / parts,
                    part * scratch, false, rowProjection));
        } else if (unitParts < 2 || !forwardUnits(p, unitParts, scratch)) {
            forwardRows(p, packForward(p, streamsRows(B, GH, H, 1, true)), 0, B, 0, true, rowProjection);
        }
        System.arraycopy(h, 0, p.hFinal, p.hFinalOff, B * H);
        if (p.cFinal != null) {
            System.arraycopy(c, 0, p.cFinal, p.cFinalOff, B * H);
        }
    }

    /**
     * The time loop for batch rows [b0, b1). A row's recurrence never reads another row, so a thread can run
     * the whole sequence for its rows with no synchronisation per step; it touches only rows [b0, b1) of
     * xp, hh, h, c, y and the tape, plus its own scratch at gateRow[scratchOff..+GH+H].
     * splitGemm: let the per-step GEMM hand columns to the pool (only when this is the only part).
     * rowProjection: xp was not made; each valid row's x . W_ih^T goes to gateRow[scratchOff+stride(GH+H)..+GH]
     * first, summed over i in the order the GEMM would (one FMA chain from zero), so the bits are the GEMM's.
     */
    private void forwardRows(HeapPass p, Recurrent wt, int b0, int b1, int scratchOff, boolean splitGemm,
                             boolean rowProjection) {
        final CellType cell = p.cell;
        final int T = p.steps, B = p.batch, H = p.hidden, I = p.inputSize, GH = cell.gates() * H, nb = b1 - b0;
        final int ldHh = hhStride(GH);
        final int projOff = scratchOff + scratchStride(GH + H);
        boolean tape = p.gates != null;
        // LSTM: c to the tape or nowhere; GRU: hn to the tape or to scratch after the gates
        float[] extra = cell == CellType.LSTM ? p.cellStates : tape ? p.gruHn : gateRow;
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? T - 1 - s : s;
            wt.multiply(gemm, splitGemm, nb, h, b0 * H, H, false, hh, b0 * ldHh, ldHh);
            for (int b = b0; b < b1; b++) {
                int row = t * B + b;
                int yAt = p.yOff + row * p.ldY;
                if (t < p.lengths[b]) {
                    if (rowProjection) {
                        Rows.project(p.x, p.xOff + row * I, I, wihT, GH, gateRow, projOff);
                    }
                    CellPass.forward(cell, H, rowProjection ? gateRow : xp, rowProjection ? projOff : row * GH,
                            hh, b * ldHh, bias, biasHn, h, b * H, c, b * H,
                            p.y, yAt, tape ? p.gates : gateRow, tape ? row * GH : scratchOff,
                            extra, tape ? row * H : scratchOff + GH);
                } else {
                    Arrays.fill(p.y, yAt, yAt + H, 0f);
                }
            }
        }
    }

    /**
     * The time loop with each thread owning hidden units [j0, j1) of every gate and every batch row: per step it
     * multiplies the whole h by its own columns of W_hh^T (packed per thread, one block per gate, so the GEMM writes
     * straight into those columns of hh), runs the cell on its units, and meets the other threads at one barrier
     * before the next step reads the new h. The weights are split between the cores (each streams 1/parts of W_hh
     * per step, against all of it with the batch split) and the cell pass no longer runs on one thread while the
     * others wait. h is double-buffered: a step reads one buffer and writes the other. Returns false, having
     * changed nothing, when the threads cannot run at once (then the caller runs one time loop).
     */
    private boolean forwardUnits(HeapPass p, int parts, int scratch) {
        final int H = p.hidden, G = p.cell.gates(), B = p.batch;
        hNext = grow(hNext, B * H);
        boolean streamed = Sgemm.streamsRowsFor(B, unitStart(H, 1, parts), H);
        if (streamed && !unitRowsFit(parts, G, H)) {
            whhUnitRows = new PackedRows[parts * G];
            for (int part = 0; part < parts; part++) {
                int n = unitStart(H, part + 1, parts) - unitStart(H, part, parts);
                for (int g = 0; g < G; g++) {
                    whhUnitRows[part * G + g] = gemm.packRows(false, n, H, p.params, 0, H);  // repacked by the part
                }
            }
        } else if (!streamed && !unitBlocksFit(parts, G, H)) {
            whhUnits = new PackedB[parts * G];
            for (int part = 0; part < parts; part++) {
                int n = unitStart(H, part + 1, parts) - unitStart(H, part, parts);
                for (int g = 0; g < G; g++) {
                    whhUnits[part * G + g] = gemm.packB(true, H, n, p.params, 0, H);  // values repacked by the part
                }
            }
        }
        return gemm.forEachPartConcurrently(parts,
                (part, barrier) -> forwardUnitsPart(p, part, parts, part * scratch, streamed, barrier));
    }

    /** Whether blocks i of a unit split, part-major then gate, have these shapes (n: the part's units). */
    private interface BlockFits {
        boolean test(int i, int n);
    }

    /** Whether `length` blocks are those of a split into `parts` of H units with G blocks per part. */
    private static boolean unitSplitFits(int length, int parts, int G, int H, BlockFits fits) {
        if (length != parts * G) {
            return false;
        }
        for (int part = 0; part < parts; part++) {
            int n = unitStart(H, part + 1, parts) - unitStart(H, part, parts);
            for (int g = 0; g < G; g++) {
                if (!fits.test(part * G + g, n)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@link #whhUnitRows} has the blocks of this split: [units of the part, H] per part and gate. */
    private boolean unitRowsFit(int parts, int G, int H) {
        return unitSplitFits(whhUnitRows.length, parts, G, H,
                (i, n) -> whhUnitRows[i].k() == H && whhUnitRows[i].n() == n);
    }

    /** Whether {@link #whhUnits} has the blocks of this split: [H, units of the part] per part and gate. */
    private boolean unitBlocksFit(int parts, int G, int H) {
        return unitSplitFits(whhUnits.length, parts, G, H, (i, n) -> whhUnits[i].k() == H && whhUnits[i].n() == n);
    }

    /** One thread's share of {@link #forwardUnits}: hidden units [unitStart(part), unitStart(part + 1)). */
    private void forwardUnitsPart(HeapPass p, int part, int parts, int scratchOff, boolean streamed,
                                  StepBarrier barrier) {
        final CellType cell = p.cell;
        final int T = p.steps, B = p.batch, H = p.hidden, G = cell.gates(), GH = G * H, ldHh = hhStride(GH);
        final int j0 = unitStart(H, part, parts), n = unitStart(H, part + 1, parts) - j0;
        for (int g = 0; g < G; g++) {  // W_hh rows g*H + j0.. are the columns of W_hh^T this thread computes
            int at = p.weights.weightHh() + (g * H + j0) * H;
            if (streamed) {
                gemm.repackRows(whhUnitRows[part * G + g], false, p.params, at, H);
            } else {
                gemm.repackB(whhUnits[part * G + g], true, p.params, at, H);
            }
        }
        boolean tape = p.gates != null;
        float[] extra = cell == CellType.LSTM ? p.cellStates : tape ? p.gruHn : gateRow;
        float[] hIn = h, hOut = hNext;
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? T - 1 - s : s;
            if (streamed) {   // one packing of h^T for all G gate blocks
                gemm.multiplyTransposedOnThisThread(B, hIn, 0, H, whhUnitRows, part * G, G, false, hh, j0, H, ldHh);
            } else {
                for (int g = 0; g < G; g++) {
                    gemm.gemmOnThisThread(false, B, 1f, hIn, 0, H, whhUnits[part * G + g], 0f, hh, g * H + j0,
                            ldHh);
                }
            }
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                int yAt = p.yOff + row * p.ldY + j0;
                int at = b * H + j0;
                System.arraycopy(hIn, at, hOut, at, n);  // GRU reads h_{t-1} in place; a padded row keeps it
                if (t < p.lengths[b]) {
                    CellPass.forwardSlice(cell, H, j0, n, xp, row * GH + j0, hh, b * ldHh + j0, bias, biasHn,
                            hOut, at, c, at, p.y, yAt, tape ? p.gates : gateRow, (tape ? row * GH : scratchOff) + j0,
                            extra, (tape ? row * H : scratchOff + GH) + j0);
                } else {
                    Arrays.fill(p.y, yAt, yAt + n, 0f);
                }
            }
            barrier.await();  // every unit of hOut written before any thread's next GEMM reads all of it
            float[] swap = hIn;
            hIn = hOut;
            hOut = swap;
        }
        if (hIn != h) {   // an odd T ends in hNext: bring this thread's units home for the caller's copy-out
            for (int b = 0; b < B; b++) {
                System.arraycopy(hIn, b * H + j0, h, b * H + j0, n);
            }
        }
    }

    // ----------------------------------------------------------------- backward

    @Override
    public void backward(LayerBackward pass) {
        backward(HeapPass.of(pass));
    }

    private void backward(HeapPass p) {
        final CellType cell = p.cell;
        final int T = p.steps, B = p.batch, H = p.hidden, I = p.inputSize, GH = cell.gates() * H, rows = T * B;
        final ParameterLayout.Block w = p.weights;
        delta = grow(delta, rows * GH);
        if (cell == CellType.GRU) {
            deltaHh = grow(deltaHh, rows * GH);
        }
        final float[] dHh = cell == CellType.GRU ? deltaHh : delta;
        // LSTM and RNN take dW_ih and dW_hh from the same deltas: one GEMM delta^T . [x | h_{t-1}] reads (and packs)
        // the [T*B, GH] deltas once instead of twice.
        final boolean fused = dHh == delta && I > NARROW_INPUT;
        final int ldPrev = fused ? I + H : H;
        hPrev = grow(hPrev, rows * ldPrev);
        dh = grow(dh, B * H);
        dc = grow(dc, B * H);
        final boolean biases = w.biasIh() >= 0;
        final int sums = dHh == delta ? 1 : 2;
        if (biases) {
            dbRows = grow(dbRows, sums * B * GH);
            Arrays.fill(dbRows, 0, sums * B * GH, 0f);
        }
        fillState(dh, p.dhFinal, p.dhFinalOff, B * H);
        fillState(dc, p.dcFinal, p.dcFinalOff, B * H);
        shiftedH(p, ldPrev, fused ? I : 0);
        if (fused) {
            for (int row = 0; row < rows; row++) {
                System.arraycopy(p.x, p.xOff + row * I, hPrev, row * ldPrev, I);
            }
        }
        int parts = batchParts(B, H, GH);
        int unitParts = parts > 1 ? 1 : unitParts(H);
        int scratch = scratchStride(H);
        gateRow = grow(gateRow, Math.max(parts, unitParts) * scratch);
        // dx = delta . W_ih: in the batch-split and single time loops step by step, while the step's delta rows are
        // in cache (no pass over all T*B delta rows from memory, none of them packed); after the unit split as one
        // GEMM below (its threads own delta columns, not rows). dxWeights stays null where no time loop makes it.
        PackedB dxWeights = null;
        if (parts > 1) {
            Recurrent wb = packBackward(p, streamsRows(B, H, GH, parts, false));
            PackedB wx = dxWeights = stepInputWeights(p);
            gemm.forEachPart(parts, part -> backwardRows(p, wb, wx, dHh, B * part / parts, B * (part + 1) / parts,
                    part * scratch, false, biases));
        } else if (unitParts < 2 || !backwardUnits(p, dHh, unitParts, scratch, biases)) {
            dxWeights = stepInputWeights(p);
            backwardRows(p, packBackward(p, streamsRows(B, H, GH, 1, true)), dxWeights, dHh, 0, B, 0, true, biases);
        }
        if (biases) {
            // Bias gradients: each batch row's sums over its steps (made in the time loop while the delta rows were
            // in L1), added in row order, so the result does not depend on which thread ran which row. b_hh takes
            // the same sums as b_ih unless its deltas differ (GRU).
            dbSum = grow(dbSum, GH);
            Arrays.fill(dbSum, 0, GH, 0f);
            Rows.addColumnSums(dbRows, 0, B, GH, dbSum);
            Rows.addTo(dbSum, GH, p.grads, w.biasIh());
            if (dHh != delta) {
                Arrays.fill(dbSum, 0, GH, 0f);
                Rows.addColumnSums(dbRows, B * GH, B, GH, dbSum);
            }
            Rows.addTo(dbSum, GH, p.grads, w.biasHh());
        }
        System.arraycopy(dh, 0, p.dh0, p.dh0Off, B * H);
        if (p.dc0 != null) {
            System.arraycopy(dc, 0, p.dc0, p.dc0Off, B * H);
        }
        // Weight gradients and dx, one GEMM each over all T*B rows.
        if (fused) {
            dW = grow(dW, GH * ldPrev);
            gemm.gemm(true, false, GH, ldPrev, rows, 1f, delta, 0, GH, hPrev, 0, ldPrev, 0f, dW, 0, ldPrev);
            for (int g = 0; g < GH; g++) {
                Rows.addTo(dW, g * ldPrev, I, p.grads, w.weightIh() + g * I);
                Rows.addTo(dW, g * ldPrev + I, H, p.grads, w.weightHh() + g * H);
            }
        } else {
            gemm.gemm(true, false, GH, H, rows, 1f, dHh, 0, GH, hPrev, 0, H, 1f, p.grads, w.weightHh(), H);
        }
        if (I > NARROW_INPUT) {
            if (!fused) {
                gemm.gemm(true, false, GH, I, rows, 1f, delta, 0, GH, p.x, p.xOff, I, 1f, p.grads, w.weightIh(), I);
            }
            if (p.dx != null && dxWeights == null) {
                gemm.gemm(false, false, rows, I, GH, 1f, delta, 0, GH, p.params, w.weightIh(), I, 1f,
                        p.dx, p.dxOff, I);
            }
        } else {
            narrowInputGradients(p, rows, GH, I);
        }
    }

    /**
     * dW_ih and dx for I &lt;= {@link #NARROW_INPUT}: as GEMMs they would have n = I, which a GEMM pads to a full
     * 32-column panel (32x the work at I = 1), and their transposes spend more time packing the [T*B, GH] deltas
     * than multiplying. Both are streaming passes over delta instead: dW_ih column i = delta^T . x[:, i]
     * (weighted column sums, gate columns split between threads) and dx[:, i] = delta . W_ih[:, i] (row dot
     * products, rows split between threads). Each sum runs in a fixed order, so results do not depend on threads.
     */
    private void narrowInputGradients(HeapPass p, int rows, int GH, int I) {
        final ParameterLayout.Block w = p.weights;
        narrow = grow(narrow, 2 * GH * I);
        Arrays.fill(narrow, 0, GH * I, 0f);
        transposeWih(p, narrow, GH * I);        // W_ih^T [I, GH] at GH*I: column i of W_ih contiguous
        int cparts = Math.min(gemm.threads(), Math.max(1, GH / NARROW_SUM_MIN_COLUMNS));
        int rparts = p.dx == null ? 1 : Math.min(gemm.threads(), Math.max(1, rows / 256));
        int parts = Math.max(cparts, rparts);
        gemm.forEachPart(parts, part -> {
            if (part < cparts) {
                int j0 = GH * part / cparts / 16 * 16, j1 = part == cparts - 1 ? GH : GH * (part + 1) / cparts / 16 * 16;
                for (int i = 0; i < I; i++) {
                    Rows.addWeightedColumnSums(delta, rows, GH, j0, j1, p.x, p.xOff + i, I, narrow, i * GH);
                }
            }
            if (p.dx != null && part < rparts) {
                int r0 = rows * part / rparts, r1 = rows * (part + 1) / rparts;
                for (int i = 0; i < I; i++) {
                    Rows.addRowDots(delta, r0, r1, GH, GH, narrow, GH * I + i * GH, p.dx, p.dxOff + i, I);
                }
            }
        });
        for (int r = 0; r < GH; r++) {
            for (int i = 0; i < I; i++) {
                p.grads[w.weightIh() + r * I + i] += narrow[i * GH + r];
            }
        }
    }

    /**
     * The backward time loop for batch rows [b0, b1): like {@link #forwardRows}, independent of other rows
     * (dh row b only takes delta row b . W_hh). Scratch: gateRow[scratchOff..+H]. biasSums: add each valid delta
     * row (and GRU's dHh row) into row b of {@link #dbRows}. dxWeights (W_ih packed, or null): add each step's
     * delta rows . W_ih into their rows of dx, summed in the order of the GEMM over all rows (the same bits where a
     * time loop has more rows than Sgemm's few-row limit).
     */
    private void backwardRows(HeapPass p, Recurrent wb, PackedB dxWeights, float[] dHh, int b0, int b1,
                              int scratchOff, boolean splitGemm, boolean biasSums) {
        final int T = p.steps, B = p.batch, H = p.hidden, GH = p.cell.gates() * H, nb = b1 - b0;
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? s : T - 1 - s;
            for (int b = b0; b < b1; b++) {
                int row = t * B + b;
                if (t < p.lengths[b]) {
                    backwardRow(p, t, b, dHh, scratchOff);
                    if (biasSums) {
                        Rows.addTo(delta, row * GH, GH, dbRows, b * GH);
                        if (dHh != delta) {
                            Rows.addTo(dHh, row * GH, GH, dbRows, (B + b) * GH);
                        }
                    }
                } else {
                    Arrays.fill(delta, row * GH, (row + 1) * GH, 0f);
                    Arrays.fill(dHh, row * GH, (row + 1) * GH, 0f);
                }
            }
            // dh_{t-1} += delta_hh . W_hh (padded rows have zero deltas, so their dh passes through)
            int at = (t * B + b0) * GH;
            wb.multiply(gemm, splitGemm, nb, dHh, at, GH, true, dh, b0 * H, H);
            if (dxWeights != null) {
                int I = p.inputSize;
                gemm.gemmOnThisThread(false, nb, 1f, delta, at, GH, dxWeights, 1f, p.dx, p.dxOff + (t * B + b0) * I,
                        I);
            }
        }
    }

    /**
     * The backward time loop with each thread owning hidden units [j0, j1) of every gate, as {@link #forwardUnits}
     * does forward (the batch split's limit keeps it to large W_hh): per step each thread runs the cell backward on
     * its units of every row (its delta columns, its columns of dh and dc), meets the others at one barrier (all
     * delta columns of the step written), then adds delta_hh . W_hh[:, j0..j1) into its columns of dh, streaming
     * its rows of W_hh^T. The next step's cell pass reads only the dh and dc columns this thread wrote and writes
     * another step's delta rows, so one barrier per step is enough. Same bits as one time loop. Returns false,
     * having changed nothing, when the batch does not suit the streamed product or the threads cannot run at once.
     */
    private boolean backwardUnits(HeapPass p, float[] dHh, int parts, int scratch, boolean biasSums) {
        final int H = p.hidden, GH = p.cell.gates() * H, B = p.batch;
        if (!Sgemm.streamsRowsFor(B, unitStart(H, 1, parts), GH)) {
            return false;
        }
        if (!unitSplitFits(whhTUnitRows.length, parts, 1, H,
                (i, n) -> whhTUnitRows[i].n() == n && whhTUnitRows[i].k() == GH)) {
            whhTUnitRows = new PackedRows[parts];
            for (int part = 0; part < parts; part++) {
                int n = unitStart(H, part + 1, parts) - unitStart(H, part, parts);
                whhTUnitRows[part] = gemm.packRows(true, n, GH, p.params, 0, H);  // values repacked by the part
            }
        }
        return gemm.forEachPartConcurrently(parts,
                (part, barrier) -> backwardUnitsPart(p, dHh, part, parts, part * scratch, biasSums, barrier));
    }

    /** One thread's share of {@link #backwardUnits}: hidden units [unitStart(part), unitStart(part + 1)). */
    private void backwardUnitsPart(HeapPass p, float[] dHh, int part, int parts, int scratchOff, boolean biasSums,
                                   StepBarrier barrier) {
        final int T = p.steps, B = p.batch, H = p.hidden, G = p.cell.gates(), GH = G * H;
        final int j0 = unitStart(H, part, parts), n = unitStart(H, part + 1, parts) - j0;
        PackedRows w = whhTUnitRows[part];   // rows j0.. of W_hh^T: columns j0.. of W_hh [GH, H]
        gemm.repackRows(w, true, p.params, p.weights.weightHh() + j0, H);
        for (int s = 0; s < T; s++) {
            int t = p.reverse ? s : T - 1 - s;
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                boolean valid = t < p.lengths[b];
                if (valid) {
                    backwardRow(p, t, b, dHh, j0, n, scratchOff);
                }
                for (int g = 0; g < G; g++) {
                    int at = row * GH + g * H + j0;
                    if (!valid) {
                        Arrays.fill(delta, at, at + n, 0f);
                        Arrays.fill(dHh, at, at + n, 0f);
                    } else if (biasSums) {
                        Rows.addTo(delta, at, n, dbRows, b * GH + g * H + j0);
                        if (dHh != delta) {
                            Rows.addTo(dHh, at, n, dbRows, (B + b) * GH + g * H + j0);
                        }
                    }
                }
            }
            barrier.await();  // every delta column of step t written before any thread's product reads its rows
            gemm.multiplyTransposedOnThisThread(B, dHh, t * B * GH, GH, w, true, dh, j0, H);
        }
    }

    /** The fused backward pass of one valid row (t, b). */
    private void backwardRow(HeapPass p, int t, int b, float[] dHh, int scratchOff) {
        backwardRow(p, t, b, dHh, 0, p.hidden, scratchOff);
    }

    /** The fused backward pass of hidden units [j0, j0+n) of one valid row (t, b); j0 a multiple of 16. */
    private void backwardRow(HeapPass p, int t, int b, float[] dHh, int j0, int n, int scratchOff) {
        final int B = p.batch, H = p.hidden, GH = p.cell.gates() * H;
        int row = t * B + b;
        int yAt = p.yOff + row * p.ldY;
        int dyAt = p.dyOff + row * p.ldY;
        switch (p.cell) {
            case LSTM -> {
                boolean first = p.reverse ? t == p.lengths[b] - 1 : t == 0;
                int prevRow = p.reverse ? row + B : row - B;
                float[] cPrev = first ? p.c0 : p.cellStates;
                int cPrevAt = first ? p.c0Off + b * H : prevRow * H;
                LstmCell.backward(H, n, p.gates, row * GH + j0, p.cellStates, row * H + j0, cPrev, cPrevAt + j0, p.dy,
                        dyAt + j0, dh, b * H + j0, dc, b * H + j0, delta, row * GH + j0, gateRow, scratchOff);
            }
            case GRU -> GruCell.backward(H, n, p.gates, row * GH + j0, p.gruHn, row * H + j0, hPrev, row * H + j0,
                    p.dy, dyAt + j0, dh, b * H + j0, delta, row * GH + j0, dHh, row * GH + j0);
            case RNN_TANH, RNN_RELU -> RnnCell.backward(n, p.cell == CellType.RNN_RELU, p.y, yAt + j0, p.dy,
                    dyAt + j0, dh, b * H + j0, delta, row * GH + j0);
        }
    }

    /** hPrev row (t, b), at row*ld + col: the state this step started from: h0 at the sequence's first step, else y
     *  of the step before it in processing order; zero at padded rows (their delta is zero anyway). */
    private void shiftedH(HeapPass p, int ld, int col) {
        final int T = p.steps, B = p.batch, H = p.hidden;
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                int row = t * B + b;
                int at = row * ld + col;
                if (t >= p.lengths[b]) {
                    Arrays.fill(hPrev, at, at + H, 0f);
                } else if (p.reverse ? t == p.lengths[b] - 1 : t == 0) {
                    System.arraycopy(p.h0, p.h0Off + b * H, hPrev, at, H);
                } else {
                    int prevRow = p.reverse ? row + B : row - B;
                    System.arraycopy(p.y, p.yOff + prevRow * p.ldY, hPrev, at, H);
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
    public void step(LayerStep pass) {
        StepArrays a = stepArrays(pass);
        step(a.pass, a.x, a.xOff, pass.shape().batch(), a.h, a.hOff, a.c, a.cOff);
    }

    /** A step's arrays, resolved once per {@link LayerStep} (the engine reuses those while the tensors stay). */
    private record StepArrays(LayerStep step, HeapPass pass, float[] x, int xOff, float[] h, int hOff, float[] c,
                              int cOff) {}

    private final StepArrays[] stepCache = new StepArrays[8];

    private StepArrays stepArrays(LayerStep step) {
        for (StepArrays a : stepCache) {
            if (a != null && a.step == step) {
                return a;
            }
        }
        HostTensor x = HostTensor.of(step.x(), "x");
        HostTensor h = HostTensor.of(step.h(), "state h");
        HostTensor c = step.c() == null ? null : HostTensor.of(step.c(), "state c");
        StepArrays a = new StepArrays(step, HeapPass.of(step), x.data(), x.offset(), h.data(), h.offset(),
                c == null ? null : c.data(), c == null ? 0 : c.offset());
        int free = 0;
        while (free < stepCache.length && stepCache[free] != null) {
            free++;
        }
        if (free == stepCache.length) {
            java.util.Arrays.fill(stepCache, null);
            free = 0;
        }
        stepCache[free] = a;
        return a;
    }

    private void step(HeapPass p, float[] x, int xOff, int batch, float[] hState, int hOff, float[] cState,
                      int cOff) {
        final CellType cell = p.cell;
        final int H = p.hidden, I = p.inputSize, GH = cell.gates() * H;
        final ParameterLayout.Block w = p.weights;
        xp = grow(xp, batch * GH);
        hh = grow(hh, batch * GH);
        gateRow = grow(gateRow, GH + H);
        if (batch <= Gemv.MAX_BATCH) {
            long weightBytes = (long) GH * (I + H) * Float.BYTES;
            int parts = gemm.threads() > 1 && weightBytes >= STEP_SPLIT_MIN_WEIGHT_BYTES ? gemm.threads() : 1;
            stepGemv.set(p, w, GH, I, H, x, xOff, hState, hOff, batch, parts);
            gemm.forEachPartPinned(parts, stepGemv);
        } else {
            prepareBias(p);
            gemm.gemm(false, true, batch, GH, I, 1f, x, xOff, I, p.params, w.weightIh(), I, 0f, xp, 0, GH);
            gemm.gemm(false, true, batch, GH, H, 1f, hState, hOff, H, p.params, w.weightHh(), H, 0f, hh, 0, GH);
        }
        for (int b = 0; b < batch; b++) {
            CellPass.forward(cell, H, xp, b * GH, hh, b * GH, bias, biasHn, hState, hOff + b * H, cState,
                    cOff + b * H, null, 0, gateRow, 0, gateRow, GH);
        }
    }

    /**
     * xp = x . W_ih^T and hh = h . W_hh^T for a small batch, gate rows [GH*part/parts, ..) of both per part, so
     * threads each stream a disjoint slice of the weights. Reused between steps (no allocation per step).
     */
    private final class StepGemv implements java.util.function.IntConsumer {
        private final float[][] scratch;
        private HeapPass pass;
        private float[] params, x, hState;
        private int wIh, wHh, GH, I, H, xOff, hOff, batch, parts;

        StepGemv(int threads) {
            // slot 0 of each row: that part's direction, flipped by the part itself every step (each thread
            // writes only its own rows, 64-byte apart from the others')
            scratch = new float[threads][Gemv.SCRATCH + 16];
        }

        void set(HeapPass p, ParameterLayout.Block w, int GH, int I, int H, float[] x, int xOff,
                 float[] hState, int hOff, int batch, int parts) {
            // Fields are written only when they change: a step repeated on the same network then leaves this
            // object's lines shared, and the worker reads them from its own cache instead of from the caller's.
            if (this.pass != p) this.pass = p;
            if (this.params != p.params) this.params = p.params;
            if (this.wIh != w.weightIh()) this.wIh = w.weightIh();
            if (this.wHh != w.weightHh()) this.wHh = w.weightHh();
            if (this.GH != GH) this.GH = GH;
            if (this.I != I) this.I = I;
            if (this.H != H) this.H = H;
            if (this.x != x) this.x = x;
            if (this.xOff != xOff) this.xOff = xOff;
            if (this.hState != hState) this.hState = hState;
            if (this.hOff != hOff) this.hOff = hOff;
            if (this.batch != batch) this.batch = batch;
            if (this.parts != parts) this.parts = parts;
        }

        @Override
        public void accept(int part) {
            // slice borders on multiples of 16 rows: whole 4-row dot groups, whole cache lines of xp/hh
            int r0 = part == 0 ? 0 : GH * part / parts / 16 * 16;
            int r1 = part == parts - 1 ? GH : GH * (part + 1) / parts / 16 * 16;
            float[] tmp = scratch[part];
            boolean reverse = tmp[Gemv.SCRATCH] != 0f;
            tmp[Gemv.SCRATCH] = reverse ? 0f : 1f;
            // Alternate directions: W_ih then W_hh forwards, then W_hh then W_ih backwards, so each step starts on
            // the lines the previous one read last (those still in this core's L2 when the slice exceeds it).
            if (!reverse) {
                Gemv.multiply(params, wIh + r0 * I, r1 - r0, I, x, xOff, batch, xp, r0, GH, tmp, false);
                Gemv.multiply(params, wHh + r0 * H, r1 - r0, H, hState, hOff, batch, hh, r0, GH, tmp, false);
            } else {
                Gemv.multiply(params, wHh + r0 * H, r1 - r0, H, hState, hOff, batch, hh, r0, GH, tmp, true);
                Gemv.multiply(params, wIh + r0 * I, r1 - r0, I, x, xOff, batch, xp, r0, GH, tmp, true);
            }
            if (part == 0) {
                prepareBias(pass);  // while the other parts finish; they do not read the biases
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * How many batch slices the sequence loops run as independent threads. Each slice streams all of W_hh every
     * step, so the split pays while the packed W_hh (H x GH floats) stays in a core's cache; larger weights keep
     * one time loop whose GEMM splits columns instead (each thread reading half of W_hh).
     */
    private int batchParts(int B, int H, int GH) {
        if ((long) H * GH * Float.BYTES > batchSplitMaxWeightBytes) {
            return 1;
        }
        return Math.max(1, Math.min(gemm.threads(), B));
    }

    /**
     * Threads for {@link #forwardUnits} when the batch split does not apply (weights above its limit, or a batch of
     * one): every thread, when there are at least {@link #UNIT_SPLIT_MIN_UNITS} hidden units per thread. At batch 1
     * each thread then streams half of W_hh per step from its own L2 instead of one thread streaming all of it: JMH
     * ForwardBenchmark batch1 (T100 I=H=128, 2-core Zen 3), two runs each, one time loop vs unit split: LSTM
     * 0.640/0.671 vs 0.396/0.388 ms, GRU 0.403/0.474 vs 0.311/0.305, RNN 0.132/0.147 vs 0.111/0.116.
     */
    private int unitParts(int H) {
        int parts = gemm.threads();
        return parts > 1 && H >= parts * UNIT_SPLIT_MIN_UNITS ? parts : 1;
    }

    /** First hidden unit of part `part` of `parts`: a multiple of 16 (whole 64-byte lines of a row), H for the end. */
    private static int unitStart(int H, int part, int parts) {
        return part >= parts ? H : (int) ((long) H * part / parts) / 16 * 16;
    }

    /** W_ih^T [I, GH] into dst at dOff: row i is column i of W_ih [GH, I]. */
    private static void transposeWih(HeapPass p, float[] dst, int dOff) {
        final int I = p.inputSize, GH = p.cell.gates() * p.hidden, w = p.weights.weightIh();
        for (int g = 0; g < GH; g++) {
            for (int i = 0; i < I; i++) {
                dst[dOff + i * GH + g] = p.params[w + g * I + i];
            }
        }
    }

    /**
     * Row stride of {@link #hh} in the time loops: G*H and one cache line more, so that a product's column of C
     * tiles (one short run in each of the batch's rows) does not fall into one L1 set when G*H floats are a multiple
     * of 4 KiB (at G*H = 1024, 32 rows 4 KiB apart share one set of the 12-way L1).
     */
    private static int hhStride(int GH) {
        return GH + 16;
    }

    /** Per-thread scratch stride: whole 64-byte lines, so two threads' scratch rows never share a line. */
    private static int scratchStride(int floats) {
        return (floats + 15) / 16 * 16;
    }

    private void prepareBias(HeapPass p) {
        bias = grow(bias, p.cell.gates() * p.hidden);
        biasHn = grow(biasHn, p.hidden);
        Biases.fold(p.cell, p.params, p.weights, p.hidden, bias, biasHn);
    }

    /**
     * A time loop's recurrent weights packed for this call in one of two forms (the buffers are reused across calls
     * of the same shape): as op(B) of a GEMM with the state as A, or as rows streamed past the state
     * ({@link Sgemm#multiplyTransposedOnThisThread}), which is faster where {@link Sgemm#streamsRowsFor} says so.
     * Both give the same bits.
     */
    private record Recurrent(PackedB packed, PackedRows rows) {
        /** C[m, n] (accumulate: +=) A[m, k] . W; split: the GEMM may hand columns to the pool (packed form only). */
        void multiply(Sgemm gemm, boolean split, int m, float[] a, int aOff, int lda, boolean accumulate, float[] c,
                      int cOff, int ldc) {
            float beta = accumulate ? 1f : 0f;
            if (rows != null) {
                gemm.multiplyTransposedOnThisThread(m, a, aOff, lda, rows, accumulate, c, cOff, ldc);
            } else if (split) {
                gemm.gemm(false, m, 1f, a, aOff, lda, packed, beta, c, cOff, ldc);
            } else {
                gemm.gemmOnThisThread(false, m, 1f, a, aOff, lda, packed, beta, c, cOff, ldc);
            }
        }
    }

    /**
     * Whether the time loops over `parts` batch slices of B rows stream the weight rows: every slice suits it for a
     * product of n columns and depth k (forward GH and H, backward H and GH), and a single loop whose GEMM could
     * split columns between threads (split) has only one thread.
     */
    private boolean streamsRows(int B, int n, int k, int parts, boolean split) {
        if (split && gemm.threads() > 1) {
            return false;
        }
        for (int part = 0; part < parts; part++) {
            if (!Sgemm.streamsRowsFor(B * (part + 1) / parts - B * part / parts, n, k)) {
                return false;
            }
        }
        return true;
    }

    /** The forward product h . W_hh^T: W_hh [GH, H] as its rows, or W_hh^T [H, GH] as op(B). */
    private Recurrent packForward(HeapPass p, boolean streamed) {
        int H = p.hidden, GH = p.cell.gates() * H, at = p.weights.weightHh();
        if (streamed) {
            whhRows = packRows(whhRows, false, GH, H, p.params, at, H);
            return new Recurrent(null, whhRows);
        }
        whhT = packB(whhT, true, H, GH, p.params, at, H);
        return new Recurrent(whhT, null);
    }

    /** The backward product delta_hh . W_hh: W_hh^T [H, GH] as its rows (columns of W_hh), or W_hh as op(B). */
    private Recurrent packBackward(HeapPass p, boolean streamed) {
        int H = p.hidden, GH = p.cell.gates() * H, at = p.weights.weightHh();
        if (streamed) {
            whhTRows = packRows(whhTRows, true, H, GH, p.params, at, H);
            return new Recurrent(null, whhTRows);
        }
        whh = packB(whh, false, GH, H, p.params, at, H);
        return new Recurrent(whh, null);
    }

    /**
     * W_ih [GH, I] as op(B) of a time loop's dx = delta . W_ih (the buffer is reused across calls of the same
     * shape), or null where there is no dx or the input is narrow (narrowInputGradients makes dx then).
     */
    private PackedB stepInputWeights(HeapPass p) {
        int I = p.inputSize, GH = p.cell.gates() * p.hidden, at = p.weights.weightIh();
        if (p.dx == null || I <= NARROW_INPUT) {
            return null;
        }
        wih = packB(wih, false, GH, I, p.params, at, I);
        return wih;
    }

    /** op(B) [k, n] of w packed into {@code old} when it has that shape (no allocation), else into a new buffer. */
    private PackedB packB(PackedB old, boolean transB, int k, int n, float[] w, int at, int ld) {
        if (old == null || old.k() != k || old.n() != n) {
            return gemm.packB(transB, k, n, w, at, ld);
        }
        gemm.repackB(old, transB, w, at, ld);
        return old;
    }

    /** The rows [n, k] of w packed into {@code old} when it has that shape (no allocation), else into a new one. */
    private PackedRows packRows(PackedRows old, boolean transW, int n, int k, float[] w, int at, int ld) {
        if (old == null || old.n() != n || old.k() != k) {
            return gemm.packRows(transW, n, k, w, at, ld);
        }
        gemm.repackRows(old, transW, w, at, ld);
        return old;
    }

    private static void fillState(float[] dst, float[] src, int srcOff, int n) {
        if (src != null) {
            System.arraycopy(src, srcOff, dst, 0, n);
        } else {
            Arrays.fill(dst, 0, n, 0f);
        }
    }

    /**
     * a, or a new array with room for n floats and one vector more: a masked access to the last partial vector of
     * a row is only fast while a whole vector fits in the array (otherwise the Vector API checks it lane by lane,
     * which took 11 % of a GRU forward at H = 50 when the folded biases had exactly G*H floats).
     */
    private static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[n + VECTOR_PAD];
    }
}
