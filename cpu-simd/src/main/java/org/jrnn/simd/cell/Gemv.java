package org.jrnn.simd.cell;

import static org.jrnn.simd.cell.SimdActivations.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * out[b, r] = W[r, :] . v[b, :] for a row-major W [rows, K] read in place (no packing): each output is a dot
 * product of two contiguous arrays. Used by the streaming step at small batch, where the cost is one pass over the
 * weights either way, so reading the live parameters directly is as fast as a prepacked copy and can never be stale.
 * Loop order: 4 weight rows (at most 4*K floats, L1-resident) against every b, so W leaves memory once.
 * The horizontal sums go through a small scratch and a scalar add tree: {@code reduceLanes(ADD)} on floats is a
 * strictly ordered chain of 15 dependent adds on x86, which measured 3x slower overall for K = 128.
 */
public final class Gemv {
    private Gemv() {}

    /** Batch sizes up to this use the dot form; larger ones amortise packing inside a GEMM. */
    public static final int MAX_BATCH = 8;

    /** Scratch floats {@link #multiply} needs. */
    public static final int SCRATCH = 4 * 64;

    /**
     * @param w    W [rows, K] at wOff, row stride K
     * @param v    v [B, K] at vOff, row stride K
     * @param out  out [B, ldo] at oOff: out[oOff + b*ldo + r]
     * @param scratch at least {@link #SCRATCH} floats
     */
    public static void multiply(float[] w, int wOff, int rows, int K, float[] v, int vOff, int B,
                                float[] out, int oOff, int ldo, float[] scratch) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            for (int b = 0; b < B; b++) {
                dot4(w, wOff + r * K, K, v, vOff + b * K, out, oOff + b * ldo + r, scratch);
            }
        }
        for (; r < rows; r++) {
            for (int b = 0; b < B; b++) {
                out[oOff + b * ldo + r] = dot(w, wOff + r * K, K, v, vOff + b * K);
            }
        }
    }

    /** Four consecutive rows of W (stride K) against one v: four independent accumulator chains. */
    private static void dot4(float[] w, int w0, int K, float[] v, int v0, float[] out, int o, float[] tmp) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int bound = S.loopBound(K);
        int k = 0;
        for (; k < bound; k += S.length()) {
            FloatVector x = FloatVector.fromArray(S, v, v0 + k);
            s0 = FloatVector.fromArray(S, w, w0 + k).fma(x, s0);
            s1 = FloatVector.fromArray(S, w, w0 + K + k).fma(x, s1);
            s2 = FloatVector.fromArray(S, w, w0 + 2 * K + k).fma(x, s2);
            s3 = FloatVector.fromArray(S, w, w0 + 3 * K + k).fma(x, s3);
        }
        if (k < K) {
            VectorMask<Float> m = S.indexInRange(k, K);
            FloatVector x = FloatVector.fromArray(S, v, v0 + k, m);
            s0 = FloatVector.fromArray(S, w, w0 + k, m).fma(x, s0);
            s1 = FloatVector.fromArray(S, w, w0 + K + k, m).fma(x, s1);
            s2 = FloatVector.fromArray(S, w, w0 + 2 * K + k, m).fma(x, s2);
            s3 = FloatVector.fromArray(S, w, w0 + 3 * K + k, m).fma(x, s3);
        }
        int L = S.length();
        s0.intoArray(tmp, 0);
        s1.intoArray(tmp, L);
        s2.intoArray(tmp, 2 * L);
        s3.intoArray(tmp, 3 * L);
        out[o] = treeSum(tmp, 0, L);
        out[o + 1] = treeSum(tmp, L, L);
        out[o + 2] = treeSum(tmp, 2 * L, L);
        out[o + 3] = treeSum(tmp, 3 * L, L);
    }

    /** Pairwise sum of a[off..off+n), n a power of two: independent adds, depth log2(n). */
    private static float treeSum(float[] a, int off, int n) {
        if (n == 16) {
            float s0 = (a[off] + a[off + 1]) + (a[off + 2] + a[off + 3]);
            float s1 = (a[off + 4] + a[off + 5]) + (a[off + 6] + a[off + 7]);
            float s2 = (a[off + 8] + a[off + 9]) + (a[off + 10] + a[off + 11]);
            float s3 = (a[off + 12] + a[off + 13]) + (a[off + 14] + a[off + 15]);
            return (s0 + s1) + (s2 + s3);
        }
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    private static float dot(float[] w, int w0, int K, float[] v, int v0) {
        FloatVector s = FloatVector.zero(S);
        for (int k = 0; k < K; k += S.length()) {
            VectorMask<Float> m = S.indexInRange(k, K);
            s = FloatVector.fromArray(S, w, w0 + k, m).fma(FloatVector.fromArray(S, v, v0 + k, m), s);
        }
        return s.reduceLanes(VectorOperators.ADD);
    }
}
