package org.jrnn.simd.cell;

import static org.jrnn.simd.cell.SimdActivations.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The elementwise passes of one GRU row, gate blocks r, z, n of H each, in the linear-before-reset form:
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn)). So b_hn cannot be folded into the input side: the n block of
 * {@code bias} holds b_in only and b_hn comes separately. Loops call only Vector API methods
 * (see {@link SimdActivations}).
 */
public final class GruCell {
    private GruCell() {}

    /**
     * Forward of hidden units [j, j+n) of one row (all of it: j = 0, n = H), in place on h; every offset is at unit
     * j of its row, and xp, hh and gates hold the three gate blocks H apart (bias read at j + g*H, biasHn at j). r, z
     * pre-activations are xp + hh + bias (bias = b_ih + b_hh there); hn = hh_n + biasHn; n = tanh(xp_n + bias_n +
     * r*hn); h = (1-z)*n + z*h, stored to h[hOff..] and y[yOff..] (y may be null). r, z, n go to gates[gOff..] and hn
     * to hnOut[hnOff..+n]: the tape when training, else scratch. Units are independent, so any split gives the same
     * bits.
     */
    public static void forward(int H, int j, int n, float[] xp, int xo, float[] hh, int ho, float[] bias,
                               float[] biasHn, float[] h, int hOff, float[] y, int yOff,
                               float[] gates, int gOff, float[] hnOut, int hnOff) {
        SimdActivations.sigmoidFirstTwoGates(H, j, n, xp, xo, hh, ho, bias, gates, gOff); // r, z
        candidateInput(H, n, j, xp, xo, hh, ho, bias, biasHn, gates, gOff, hnOut, hnOff);
        SimdActivations.tanh(n, gates, gOff + 2 * H, null, 0, null, 0, gates, gOff + 2 * H);
        interpolate(H, n, gates, gOff, h, hOff, y, yOff);
    }

    /*
     * Each loop is its own small method: a large caller (the pool's lambda, the time loop) once inlined all of
     * forward and C2 left these loops on the Vector API's Java fallback (JFR: 5x slower GRU forward at the stock
     * shape). Small methods that call only Vector API methods always compile with the intrinsics.
     */

    /** hn = W_hn h + b_hn to hnOut; n's pre-activation xp_n + b_in + r*hn parked in the n block of gates. */
    private static void candidateInput(int H, int n, int bOff, float[] xp, int xo, float[] hh, int ho, float[] bias,
                                       float[] biasHn, float[] gates, int gOff, float[] hnOut, int hnOff) {
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector r = FloatVector.fromArray(S, gates, gOff + j, m);
            FloatVector hn = FloatVector.fromArray(S, hh, ho + 2 * H + j, m)
                    .add(FloatVector.fromArray(S, biasHn, bOff + j, m));
            FloatVector a = FloatVector.fromArray(S, xp, xo + 2 * H + j, m)
                    .add(FloatVector.fromArray(S, bias, bOff + 2 * H + j, m));
            hn.intoArray(hnOut, hnOff + j, m);
            r.fma(hn, a).intoArray(gates, gOff + 2 * H + j, m);
        }
    }

    /** h = n + z*(h - n), to h and y (y may be null). */
    private static void interpolate(int H, int count, float[] gates, int gOff, float[] h, int hOff, float[] y,
                                    int yOff) {
        for (int j = 0; j < count; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, count);
            FloatVector z = FloatVector.fromArray(S, gates, gOff + H + j, m);
            FloatVector n = FloatVector.fromArray(S, gates, gOff + 2 * H + j, m);
            FloatVector hNew = z.fma(FloatVector.fromArray(S, h, hOff + j, m).sub(n), n);
            hNew.intoArray(h, hOff + j, m);
            if (y != null) {
                hNew.intoArray(y, yOff + j, m);
            }
        }
    }

    /**
     * Backward of hidden units [j, j+n) of one valid row (n = H: all of it; every offset is at unit j, gate blocks
     * H apart) from the tape (gates, hn) and h_{t-1} at hPrev[hpOff..]. Writes the input-side deltas (r, z, n) to
     * delta[dOff..] and the recurrent-side deltas to deltaHh[dhhOff..] (same r, z; n block is dan*r); sets dh to the
     * direct part z*dh_t (the caller then adds deltaHh . W_hh). Units are independent (see LstmCell#backward).
     */
    public static void backward(int H, int n, float[] gates, int gOff, float[] hnTape, int hnOff, float[] hPrev,
                                int hpOff, float[] dy, int dyOff, float[] dh, int dhOff, float[] delta, int dOff,
                                float[] deltaHh, int dhhOff) {
        gateDeltas(H, n, gates, gOff, hnTape, hnOff, hPrev, hpOff, dy, dyOff, dh, dhOff, delta, dOff, deltaHh, dhhOff);
        recurrentDeltas(H, n, gates, gOff, dy, dyOff, dh, dhOff, delta, dOff, deltaHh, dhhOff);
    }

    /*
     * backward is split into two small loops for the same reason as forward: as one loop inlined into the
     * backward time loop (and the pool's lambda), C2 left it on the Vector API's Java fallback (JFR: most of the
     * GRU stock train step in VectorSupport.binaryOp / FloatVector.ldOp under GruCell.backward). The loops run
     * whole vectors only and finish a row's last H % 16 elements in scalar code: with masked loads and stores in
     * the loop, C2's first compilation of gateDeltas left its loadMasked calls on the fallback (PrintInlining:
     * "loadMasked failed to inline: callee is too large"; JFR, GRU h256 training on 2 threads: FloatVector.ldOp
     * under gateDeltas, 165 ms against 208 ms on one thread).
     */

    /** delta (r, z, n) and deltaHh (r, z) from d = dh + dy; leaves dh untouched. */
    private static void gateDeltas(int H, int count, float[] gates, int gOff, float[] hnTape, int hnOff,
                                   float[] hPrev, int hpOff, float[] dy, int dyOff, float[] dh, int dhOff,
                                   float[] delta, int dOff, float[] deltaHh, int dhhOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j < S.loopBound(count); j += S.length()) {
            FloatVector r = FloatVector.fromArray(S, gates, gOff + j);
            FloatVector z = FloatVector.fromArray(S, gates, gOff + H + j);
            FloatVector n = FloatVector.fromArray(S, gates, gOff + 2 * H + j);
            FloatVector d = FloatVector.fromArray(S, dh, dhOff + j);
            if (dy != null) {
                d = d.add(FloatVector.fromArray(S, dy, dyOff + j));
            }
            FloatVector dan = d.sub(d.mul(z)).mul(n.fma(n.neg(), one));   // dh*(1-z) * (1-n^2)
            FloatVector dz = d.mul(FloatVector.fromArray(S, hPrev, hpOff + j).sub(n)).mul(z.fma(z.neg(), z));
            FloatVector dr = dan.mul(FloatVector.fromArray(S, hnTape, hnOff + j)).mul(r.fma(r.neg(), r));
            // Values that feed the GEMMs or the next step are flushed below 2^-100 (see Flush).
            FloatVector f0 = dan;
            dan = f0.blend(0f, f0.abs().compare(VectorOperators.LT, Flush.TINY));
            FloatVector f1 = dz;
            dz = f1.blend(0f, f1.abs().compare(VectorOperators.LT, Flush.TINY));
            FloatVector f2 = dr;
            dr = f2.blend(0f, f2.abs().compare(VectorOperators.LT, Flush.TINY));
            dr.intoArray(delta, dOff + j);
            dz.intoArray(delta, dOff + H + j);
            dan.intoArray(delta, dOff + 2 * H + j);
            dr.intoArray(deltaHh, dhhOff + j);
            dz.intoArray(deltaHh, dhhOff + H + j);
        }
        for (; j < count; j++) {
            float r = gates[gOff + j], z = gates[gOff + H + j], n = gates[gOff + 2 * H + j];
            float d = dy != null ? dh[dhOff + j] + dy[dyOff + j] : dh[dhOff + j];
            float dan = Flush.tiny((d - d * z) * Math.fma(n, -n, 1f));
            float dz = Flush.tiny(d * (hPrev[hpOff + j] - n) * Math.fma(z, -z, z));
            float dr = Flush.tiny(dan * hnTape[hnOff + j] * Math.fma(r, -r, r));
            delta[dOff + j] = dr;
            delta[dOff + H + j] = dz;
            delta[dOff + 2 * H + j] = dan;
            deltaHh[dhhOff + j] = dr;
            deltaHh[dhhOff + H + j] = dz;
        }
    }

    /** deltaHh n block = dan * r; dh = z * (dh + dy). */
    private static void recurrentDeltas(int H, int count, float[] gates, int gOff, float[] dy, int dyOff, float[] dh,
                                        int dhOff, float[] delta, int dOff, float[] deltaHh, int dhhOff) {
        int j = 0;
        for (; j < S.loopBound(count); j += S.length()) {
            FloatVector r = FloatVector.fromArray(S, gates, gOff + j);
            FloatVector z = FloatVector.fromArray(S, gates, gOff + H + j);
            FloatVector d = FloatVector.fromArray(S, dh, dhOff + j);
            if (dy != null) {
                d = d.add(FloatVector.fromArray(S, dy, dyOff + j));
            }
            FloatVector.fromArray(S, delta, dOff + 2 * H + j).mul(r).intoArray(deltaHh, dhhOff + 2 * H + j);
            FloatVector f3 = d.mul(z);
            f3.blend(0f, f3.abs().compare(VectorOperators.LT, Flush.TINY)).intoArray(dh, dhOff + j);
        }
        for (; j < count; j++) {
            float d = dy != null ? dh[dhOff + j] + dy[dyOff + j] : dh[dhOff + j];
            deltaHh[dhhOff + 2 * H + j] = delta[dOff + 2 * H + j] * gates[gOff + j];
            dh[dhOff + j] = Flush.tiny(d * gates[gOff + H + j]);
        }
    }
}
