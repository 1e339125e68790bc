package org.jrnn.simd.cell;

import static org.jrnn.simd.cell.SimdActivations.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/** Small vectorised row operations around the cell passes (bias gradients, narrow inputs). */
public final class Rows {
    private Rows() {}

    /** acc[j] += sum over r in [0, rows) of a[off + r*n + j], for j in [0, n): column sums of a [rows, n] block. */
    public static void addColumnSums(float[] a, int off, int rows, int n, float[] acc) {
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector s = FloatVector.fromArray(S, acc, j, m);
            for (int r = 0; r < rows; r++) {
                s = s.add(FloatVector.fromArray(S, a, off + r * n + j, m));
            }
            s.intoArray(acc, j, m);
        }
    }

    /**
     * acc[accOff + j] += sum over r in [0, rows) of w[wOff + r*wStride] * a[r*ld + j], for j in [j0, j1): the
     * columns of a^T . w for a [rows, ld] matrix a and a strided vector w (one input column of a narrow x).
     * Each column is summed in row order, whatever the column range.
     */
    public static void addWeightedColumnSums(float[] a, int rows, int ld, int j0, int j1, float[] w, int wOff,
                                             int wStride, float[] acc, int accOff) {
        int l = S.length();
        int j = j0;
        for (; j + 4 * l <= j1; j += 4 * l) {
            FloatVector s0 = FloatVector.fromArray(S, acc, accOff + j);
            FloatVector s1 = FloatVector.fromArray(S, acc, accOff + j + l);
            FloatVector s2 = FloatVector.fromArray(S, acc, accOff + j + 2 * l);
            FloatVector s3 = FloatVector.fromArray(S, acc, accOff + j + 3 * l);
            for (int r = 0, at = j, wi = wOff; r < rows; r++, at += ld, wi += wStride) {
                FloatVector x = FloatVector.broadcast(S, w[wi]);
                s0 = x.fma(FloatVector.fromArray(S, a, at), s0);
                s1 = x.fma(FloatVector.fromArray(S, a, at + l), s1);
                s2 = x.fma(FloatVector.fromArray(S, a, at + 2 * l), s2);
                s3 = x.fma(FloatVector.fromArray(S, a, at + 3 * l), s3);
            }
            s0.intoArray(acc, accOff + j);
            s1.intoArray(acc, accOff + j + l);
            s2.intoArray(acc, accOff + j + 2 * l);
            s3.intoArray(acc, accOff + j + 3 * l);
        }
        for (; j < j1; j += l) {
            VectorMask<Float> m = S.indexInRange(j, j1);
            FloatVector s = FloatVector.fromArray(S, acc, accOff + j, m);
            for (int r = 0, at = j, wi = wOff; r < rows; r++, at += ld, wi += wStride) {
                s = FloatVector.broadcast(S, w[wi]).fma(FloatVector.fromArray(S, a, at, m), s);
            }
            s.intoArray(acc, accOff + j, m);
        }
    }

    /**
     * out[outOff + r*outStride] += sum over j in [0, n) of a[r*ld + j] * v[j], for r in [r0, r1): rows of a [rows,
     * ld] dotted with one vector v[vOff..+n] (a narrow input's column of W_ih, times the gate deltas).
     */
    public static void addRowDots(float[] a, int r0, int r1, int ld, int n, float[] v, int vOff, float[] out,
                                  int outOff, int outStride) {
        int l = S.length();
        int full = n - n % l;
        float[] lanes = new float[l];
        for (int r = r0; r < r1; r++) {
            int at = r * ld;
            FloatVector s = FloatVector.zero(S);
            for (int j = 0; j < full; j += l) {
                s = FloatVector.fromArray(S, a, at + j).fma(FloatVector.fromArray(S, v, vOff + j), s);
            }
            // The lanes are added in lane order here: reduceLanes leaves its order open, and its compiled and
            // interpreted forms differed in the last bit (dx of one backend against another in the same JVM).
            s.intoArray(lanes, 0);
            float sum = 0f;
            for (int i = 0; i < l; i++) {
                sum += lanes[i];
            }
            for (int j = full; j < n; j++) {
                sum += a[at + j] * v[vOff + j];
            }
            out[outOff + r * outStride] += sum;
        }
    }

    /**
     * out[oOff + j] = sum over i in [0, k) of x[xOff + i] * w[i*n + j], for j in [0, n): one row of x . W^T for a
     * narrow x (W^T [k, n] at w). Each element is one FMA chain from zero in the order i = 0, 1, .., as a GEMM of
     * depth k computes it, so the bits equal the GEMM's.
     */
    public static void project(float[] x, int xOff, int k, float[] w, int n, float[] out, int oOff) {
        for (int j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < k; i++) {
                acc = FloatVector.fromArray(S, w, i * n + j, m).fma(FloatVector.broadcast(S, x[xOff + i]), acc);
            }
            acc.intoArray(out, oOff + j, m);
        }
    }

    /** dst[dOff + j] += src[sOff + j] for j in [0, n). */
    public static void addTo(float[] src, int sOff, int n, float[] dst, int dOff) {
        int j = 0;
        for (; j < S.loopBound(n); j += S.length()) {
            FloatVector.fromArray(S, dst, dOff + j).add(FloatVector.fromArray(S, src, sOff + j)).intoArray(dst, dOff + j);
        }
        for (; j < n; j++) {
            dst[dOff + j] += src[sOff + j];
        }
    }

    /** dst[dOff + j] += src[j] for j in [0, n). */
    public static void addTo(float[] src, int n, float[] dst, int dOff) {
        addTo(src, 0, n, dst, dOff);
    }
}
