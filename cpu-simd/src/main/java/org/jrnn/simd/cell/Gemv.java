package org.jrnn.simd.cell;

import static org.jrnn.simd.cell.SimdActivations.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * out[b, r] = W[r, :] . v[b, :] for a row-major W [rows, K] read in place (no packing): each output is a dot
 * product of two contiguous arrays. Used by the streaming step at small batch, where the cost is one pass over the
 * weights either way, so reading the live parameters directly is as fast as a prepacked copy and can never be stale.
 * Loop order: 4 weight rows (at most 4*K floats, L1-resident) against every b, so W leaves memory once.
 * The horizontal sums of 4 rows are done together by blend/permute/add levels (16 lanes; else a scalar add tree):
 * {@code reduceLanes(ADD)} on floats is a strictly ordered chain of 15 dependent adds on x86, which measured 3x slower
 * overall for K = 128. The four sums leave the register by lane extraction, not through a scratch array (a
 * 64-byte store read back as four floats): bench/tools/AbTime.java, Rnn.step of an LSTM at I = H = 128 (2-core Zen
 * 5), new/old 0.974 on one thread and 0.986 on two (geometric means of both jar orders).
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
        multiply(w, wOff, rows, K, v, vOff, B, out, oOff, ldo, scratch, false);
    }

    /**
     * As above; reverse = visit the 4-row groups from the last to the first (each dot product is computed in the
     * same order either way, so the results are identical). A caller that streams the same weights every call and
     * alternates the direction re-reads first the lines it touched last, which are the ones still in cache when
     * the weights are a little larger than the cache (a one-way cyclic stream over such a set always misses).
     */
    public static void multiply(float[] w, int wOff, int rows, int K, float[] v, int vOff, int B,
                                float[] out, int oOff, int ldo, float[] scratch, boolean reverse) {
        int groups = rows / 4;
        if (!reverse) {
            for (int g = 0; g < groups; g++) {
                group(w, wOff, g * 4, K, v, vOff, B, out, oOff, ldo, scratch);
            }
            tail(w, wOff, groups * 4, rows, K, v, vOff, B, out, oOff, ldo, scratch);
        } else {
            tail(w, wOff, groups * 4, rows, K, v, vOff, B, out, oOff, ldo, scratch);
            for (int g = groups - 1; g >= 0; g--) {
                group(w, wOff, g * 4, K, v, vOff, B, out, oOff, ldo, scratch);
            }
        }
    }

    private static void group(float[] w, int wOff, int r, int K, float[] v, int vOff, int B, float[] out, int oOff,
                              int ldo, float[] scratch) {
        for (int b = 0; b < B; b++) {
            dot4(w, wOff + r * K, K, v, vOff + b * K, out, oOff + b * ldo + r, scratch);
        }
    }

    private static void tail(float[] w, int wOff, int r0, int rows, int K, float[] v, int vOff, int B, float[] out,
                             int oOff, int ldo, float[] scratch) {
        for (int r = r0; r < rows; r++) {
            for (int b = 0; b < B; b++) {
                out[oOff + b * ldo + r] = dot(w, wOff + r * K, K, v, vOff + b * K, scratch);
            }
        }
    }

    // 16-lane horizontal reduction of four accumulators at once (two blend + permute + add levels, then two
    // permute + add levels): lanes 0, 4, 8, 12 end up holding the sums of rows 0, 2, 1, 3.
    private static final boolean L16 = S.length() == 16;
    private static final VectorMask<Float> HI8 = L16 ? mask(i -> i >= 8) : null;
    private static final VectorMask<Float> HI4 = L16 ? mask(i -> (i & 4) != 0) : null;
    private static final VectorShuffle<Float> SWAP8 = L16 ? VectorShuffle.fromOp(S, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP4 = L16 ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP2 = L16 ? VectorShuffle.fromOp(S, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> SWAP1 = L16 ? VectorShuffle.fromOp(S, i -> i ^ 1) : null;

    private static VectorMask<Float> mask(java.util.function.IntPredicate p) {
        boolean[] bits = new boolean[S.length()];
        for (int i = 0; i < bits.length; i++) bits[i] = p.test(i);
        return VectorMask.fromArray(S, bits, 0);
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
        if (L16) {
            FloatVector v01 = s0.blend(s1, HI8).add(s1.blend(s0, HI8).rearrange(SWAP8));
            FloatVector v23 = s2.blend(s3, HI8).add(s3.blend(s2, HI8).rearrange(SWAP8));
            FloatVector q = v01.blend(v23, HI4).add(v23.blend(v01, HI4).rearrange(SWAP4));
            q = q.add(q.rearrange(SWAP2));
            q = q.add(q.rearrange(SWAP1));
            out[o] = q.lane(0);
            out[o + 1] = q.lane(8);
            out[o + 2] = q.lane(4);
            out[o + 3] = q.lane(12);
            return;
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

    /** One row's dot product, its lanes summed by {@link #treeSum} (reduceLanes leaves the order open). */
    private static float dot(float[] w, int w0, int K, float[] v, int v0, float[] tmp) {
        FloatVector s = FloatVector.zero(S);
        for (int k = 0; k < K; k += S.length()) {
            VectorMask<Float> m = S.indexInRange(k, K);
            s = FloatVector.fromArray(S, w, w0 + k, m).fma(FloatVector.fromArray(S, v, v0 + k, m), s);
        }
        s.intoArray(tmp, 0);
        return treeSum(tmp, 0, S.length());
    }
}
