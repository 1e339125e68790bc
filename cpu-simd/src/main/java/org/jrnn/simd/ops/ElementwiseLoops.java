package org.jrnn.simd.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of the simple elementwise operations over the element range [from, to) of flat float arrays
 * (each array with its own offset). One small method per loop: C2 keeps the Vector API intrinsified reliably only
 * in small methods. Tails run the same arithmetic in scalar code.
 */
public final class ElementwiseLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * Elements squared and summed in float vectors before the block's sum is added to the double total: the float
     * part of the error stays that of a sum of {@code SQUARES_BLOCK / lanes} terms whatever the tensor's size.
     */
    static final int SQUARES_BLOCK = 1024;

    private ElementwiseLoops() {}

    /** {@code y += alpha·x}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int from, int to) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xOff + i).fma(a, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < to; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    /** {@code x *= alpha}. */
    public static void scale(float[] x, int xOff, float alpha, int from, int to) {
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < to; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /** {@code x = min(max(x, lo), hi)}; NaN stays NaN (Vector API and Math max/min propagate it). */
    public static void clamp(float[] x, int xOff, float lo, float hi, int from, int to) {
        FloatVector loV = FloatVector.broadcast(S, lo), hiV = FloatVector.broadcast(S, hi);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xOff + i).max(loV).min(hiV).intoArray(x, xOff + i);
        }
        for (; i < to; i++) {
            x[xOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
        }
    }

    /** {@code out = a ⊙ b}; out may be a or b at the same offset. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int from, int to) {
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < to; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /** {@code y[yOff + j] += x[xOff + j]} for j in [0, n): one row of addBias, one row of a column sum. */
    public static void addRow(float[] x, int xOff, float[] y, int yOff, int n) {
        int j = 0;
        for (int upper = S.loopBound(n); j < upper; j += S.length()) {
            FloatVector.fromArray(S, y, yOff + j).add(FloatVector.fromArray(S, x, xOff + j))
                    .intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            y[yOff + j] += x[xOff + j];
        }
    }

    /** {@code Σ x²} over [from, to): float vector sums per block of {@link #SQUARES_BLOCK}, totalled in double. */
    public static double sumOfSquares(float[] x, int xOff, int from, int to) {
        double total = 0;
        float[] lanes = new float[S.length()];
        for (int b = from; b < to; b += SQUARES_BLOCK) {
            total += blockSquares(x, xOff, b, Math.min(to, b + SQUARES_BLOCK), lanes);
        }
        return total;
    }

    private static double blockSquares(float[] x, int xOff, int from, int to, float[] lanes) {
        FloatVector acc = FloatVector.zero(S);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            acc = v.fma(v, acc);
        }
        // Lanes in lane order (reduceLanes leaves its order open, and its compiled and interpreted forms can differ).
        acc.intoArray(lanes, 0);
        float sum = 0f;
        for (float lane : lanes) {
            sum += lane;
        }
        double s = sum;
        for (; i < to; i++) {
            s += (double) x[xOff + i] * x[xOff + i];
        }
        return s;
    }
}
