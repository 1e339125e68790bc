package org.jrnn.simd.cell;

import static org.jrnn.simd.cell.SimdActivations.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The elementwise passes of one LSTM row (one sequence at one step), gate blocks i, f, g, o of H each. The GEMMs
 * happen outside; these read their outputs once and write everything the next stage needs, so the sequence path,
 * the streaming step and backward share one definition of the cell. A row is a few short loops over data that
 * stays in L1; each loop calls only Vector API methods (see {@link SimdActivations} for why).
 */
public final class LstmCell {
    private LstmCell() {}

    /**
     * Forward of hidden units [j, j+n) of one row (all of it: j = 0, n = H), in place on the state; every offset is
     * at unit j of its row, and xp, hh and gates hold the four gate blocks H apart. Pre-activation of gate g's unit
     * u is {@code xp[xo+g*H+u] + hh[ho+g*H+u] + bias[j+g*H+u]} (bias = b_ih + b_hh, zeros without bias). Then
     * c = f*c + i*g, h = o*tanh(c); h is stored to h[hOff..+n] and, when y != null, to y[yOff..+n]. The activated
     * i, f, g, o go to gates[gOff + g*H..+n] (the tape; for inference a scratch row) and, when cells != null, c to
     * cells[cellOff..+n]. Units are independent, so any split of a row gives the same bits.
     */
    public static void forward(int H, int j, int n, float[] xp, int xo, float[] hh, int ho, float[] bias,
                               float[] h, int hOff, float[] c, int cOff, float[] y, int yOff,
                               float[] gates, int gOff, float[] cells, int cellOff) {
        SimdActivations.sigmoidFirstTwoGates(H, j, n, xp, xo, hh, ho, bias, gates, gOff);                 // i, f
        SimdActivations.tanh(n, xp, xo + 2 * H, hh, ho + 2 * H, bias, j + 2 * H, gates, gOff + 2 * H);    // g
        SimdActivations.sigmoid(n, xp, xo + 3 * H, hh, ho + 3 * H, bias, j + 3 * H, gates, gOff + 3 * H); // o
        cellUpdate(H, n, gates, gOff, c, cOff, h, hOff, cells, cellOff);
        SimdActivations.tanh(n, h, hOff, null, 0, null, 0, h, hOff);
        output(H, n, gates, gOff, h, hOff, y, yOff);
    }

    // Each loop is its own small method calling only Vector API methods, so C2 always compiles it with the
    // intrinsics however much of the caller it inlines (see GruCell: a 5x fallback slowdown was measured there).

    /** c = f*c + i*g, to c, to cells (when not null) and parked in h for the tanh. */
    private static void cellUpdate(int H, int n, float[] gates, int gOff, float[] c, int cOff, float[] h, int hOff,
                                   float[] cells, int cellOff) {
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector i = FloatVector.fromArray(S, gates, gOff + j, m);
            FloatVector f = FloatVector.fromArray(S, gates, gOff + H + j, m);
            FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * H + j, m);
            FloatVector cNew = f.fma(FloatVector.fromArray(S, c, cOff + j, m), i.mul(g));
            cNew.intoArray(c, cOff + j, m);
            cNew.intoArray(h, hOff + j, m);
            if (cells != null) {
                cNew.intoArray(cells, cellOff + j, m);
            }
        }
    }

    /** h = o * tanh(c) (tanh(c) already in h), to h and y (when not null). */
    private static void output(int H, int n, float[] gates, int gOff, float[] h, int hOff, float[] y, int yOff) {
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector hNew = FloatVector.fromArray(S, gates, gOff + 3 * H + j, m)
                    .mul(FloatVector.fromArray(S, h, hOff + j, m));
            hNew.intoArray(h, hOff + j, m);
            if (y != null) {
                hNew.intoArray(y, yOff + j, m);
            }
        }
    }

    /**
     * Backward of hidden units [j, j+n) of one valid row (n = H: all of it; every offset is at unit j, the gate
     * blocks of gates and delta H apart). Reads the tape (gates at gOff, c_t at cells[cellOff], c_{t-1} at
     * cPrev[cPrevOff]), dy (may be null) and the running dh, dc. Writes the pre-activation deltas (four gate blocks)
     * to delta[dOff..], sets dc to dc_{t-1}'s direct part f*dc_t and dh to 0 (the caller then adds delta . W_hh
     * into dh). scratch[scratchOff..+n] receives tanh(c_t). Units are independent, so any split gives the same bits
     * as long as it cuts at whole vectors.
     */
    public static void backward(int H, int n, float[] gates, int gOff, float[] cells, int cellOff, float[] cPrev,
                                int cPrevOff, float[] dy, int dyOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                float[] delta, int dOff, float[] scratch, int scratchOff) {
        SimdActivations.tanh(n, cells, cellOff, null, 0, null, 0, scratch, scratchOff);
        outputDelta(H, n, gates, gOff, dy, dyOff, dh, dhOff, dc, dcOff, delta, dOff, scratch, scratchOff);
        cellDeltas(H, n, gates, gOff, cPrev, cPrevOff, dc, dcOff, delta, dOff);
    }

    /*
     * Backward is two small loops for the reason GruCell's is: as one loop, inlined into the backward time loop, C2
     * compiled it now intrinsified and now on the Vector API's Java fallback from one JVM run to the next (JMH, LSTM
     * sentiment training step: 60-65 ms or 105-115 ms, bimodal across forks of the same jar). Both run whole vectors
     * and finish the last H % 16 elements in scalar code, for the reason given in GruCell (masked loads in these
     * loops were left on the fallback by C2's first compilation).
     */

    /** dc_t = dc + (dh + dy)·o·(1 − tanh(c)²) into dc; the o delta; dh = 0. */
    private static void outputDelta(int H, int n, float[] gates, int gOff, float[] dy, int dyOff, float[] dh,
                                    int dhOff, float[] dc, int dcOff, float[] delta, int dOff, float[] scratch,
                                    int scratchOff) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector o = FloatVector.fromArray(S, gates, gOff + 3 * H + j);
            FloatVector tc = FloatVector.fromArray(S, scratch, scratchOff + j);
            FloatVector d = FloatVector.fromArray(S, dh, dhOff + j);
            if (dy != null) {
                d = d.add(FloatVector.fromArray(S, dy, dyOff + j));
            }
            d.mul(o).fma(tc.fma(tc.neg(), one), FloatVector.fromArray(S, dc, dcOff + j)).intoArray(dc, dcOff + j);
            FloatVector f0 = d.mul(tc).mul(o.fma(o.neg(), o));
            f0.blend(0f, f0.abs().compare(VectorOperators.LT, Flush.TINY)).intoArray(delta, dOff + 3 * H + j);
            zero.intoArray(dh, dhOff + j);
        }
        for (; j < n; j++) {
            float o = gates[gOff + 3 * H + j], tc = scratch[scratchOff + j];
            float d = dy != null ? dh[dhOff + j] + dy[dyOff + j] : dh[dhOff + j];
            dc[dcOff + j] = Math.fma(d * o, Math.fma(tc, -tc, 1f), dc[dcOff + j]);
            delta[dOff + 3 * H + j] = Flush.tiny(d * tc * Math.fma(o, -o, o));
            dh[dhOff + j] = 0f;
        }
    }

    /** From dc_t: the i, f, g deltas, and dc = f·dc_t for the step before. Flushed below 2^-100 (see Flush). */
    private static void cellDeltas(int H, int n, float[] gates, int gOff, float[] cPrev, int cPrevOff, float[] dc,
                                   int dcOff, float[] delta, int dOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, gOff + j);
            FloatVector f = FloatVector.fromArray(S, gates, gOff + H + j);
            FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * H + j);
            FloatVector dct = FloatVector.fromArray(S, dc, dcOff + j);
            FloatVector f1 = dct.mul(g).mul(i.fma(i.neg(), i));
            f1.blend(0f, f1.abs().compare(VectorOperators.LT, Flush.TINY)).intoArray(delta, dOff + j);             // * i(1-i)
            FloatVector f2 = dct.mul(FloatVector.fromArray(S, cPrev, cPrevOff + j)).mul(f.fma(f.neg(), f));
            f2.blend(0f, f2.abs().compare(VectorOperators.LT, Flush.TINY)).intoArray(delta, dOff + H + j);
            FloatVector f3 = dct.mul(i).mul(g.fma(g.neg(), one));
            f3.blend(0f, f3.abs().compare(VectorOperators.LT, Flush.TINY)).intoArray(delta, dOff + 2 * H + j);   // * (1-g^2)
            FloatVector f4 = dct.mul(f);
            f4.blend(0f, f4.abs().compare(VectorOperators.LT, Flush.TINY)).intoArray(dc, dcOff + j);
        }
        for (; j < n; j++) {
            float i = gates[gOff + j], f = gates[gOff + H + j], g = gates[gOff + 2 * H + j], dct = dc[dcOff + j];
            delta[dOff + j] = Flush.tiny(dct * g * Math.fma(i, -i, i));
            delta[dOff + H + j] = Flush.tiny(dct * cPrev[cPrevOff + j] * Math.fma(f, -f, f));
            delta[dOff + 2 * H + j] = Flush.tiny(dct * i * Math.fma(g, -g, 1f));
            dc[dcOff + j] = Flush.tiny(dct * f);
        }
    }
}
