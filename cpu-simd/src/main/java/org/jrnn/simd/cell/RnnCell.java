package org.jrnn.simd.cell;

import static org.jrnn.simd.cell.SimdActivations.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/** The elementwise passes of one vanilla RNN row: h = tanh(a) or relu(a), a = xp + hh + bias [H]. */
public final class RnnCell {
    private RnnCell() {}

    /**
     * Forward of hidden units [j, j+n) of one row (all of it: j = 0, n = H), in place on h[hOff..+n]; every offset is
     * at unit j of its row, bias read at [j..]. Also stores h to y[yOff..] when y != null.
     */
    public static void forward(int j, int n, boolean relu, float[] xp, int xo, float[] hh, int ho, float[] bias,
                               float[] h, int hOff, float[] y, int yOff) {
        if (!relu) {
            SimdActivations.tanh(n, xp, xo, hh, ho, bias, j, h, hOff);
        } else {
            relu(n, xp, xo, hh, ho, bias, j, h, hOff);
        }
        if (y != null) {
            System.arraycopy(h, hOff, y, yOff, n);
        }
    }

    private static void relu(int n, float[] xp, int xo, float[] hh, int ho, float[] bias, int bOff, float[] h,
                             int hOff) {
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector.fromArray(S, xp, xo + j, m).add(FloatVector.fromArray(S, hh, ho + j, m))
                    .add(FloatVector.fromArray(S, bias, bOff + j, m)).max(0f).intoArray(h, hOff + j, m);
        }
    }

    /**
     * Backward of n hidden units of one valid row (every offset at the first of them): h_t at hT[hOff..] (the
     * output), delta = (dh + dy) * act'(a) written to delta[dOff..+n] (act' from h: 1 - h^2, or h &gt; 0); dh set to
     * 0 for the caller's delta . W_hh.
     */
    public static void backward(int n, boolean relu, float[] hT, int hOff, float[] dy, int dyOff,
                                float[] dh, int dhOff, float[] delta, int dOff) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector h = FloatVector.fromArray(S, hT, hOff + j, m);
            FloatVector d = FloatVector.fromArray(S, dh, dhOff + j, m);
            if (dy != null) {
                d = d.add(FloatVector.fromArray(S, dy, dyOff + j, m));
            }
            FloatVector dl = relu ? zero.blend(d, h.compare(VectorOperators.GT, 0f)) : d.mul(h.fma(h.neg(), one));
            FloatVector f0 = dl;
            f0.blend(0f, f0.abs().compare(VectorOperators.LT, Flush.TINY)).intoArray(delta, dOff + j, m);
            zero.intoArray(dh, dhOff + j, m);
        }
    }
}
