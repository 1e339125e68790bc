package org.jrnn.simd.cell;

import static org.jrnn.simd.cell.SimdActivations.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/** Small vectorised row operations around the cell passes (bias gradients). */
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
     * acc[j] += sum over r in [0, rows) of a[off + r*ld + j], for j in [j0, j1): column sums of part of a
     * [rows, ld] matrix. Each column is summed in row order, whatever the column range.
     */
    public static void addColumnSums(float[] a, int off, int rows, int ld, int j0, int j1, float[] acc) {
        // 4 vectors of columns at a time: 4 independent add chains hide the add latency
        int j = j0;
        int w = 4 * S.length();
        for (; j + w <= j1; j += w) {
            int l = S.length();
            FloatVector s0 = FloatVector.fromArray(S, acc, j), s1 = FloatVector.fromArray(S, acc, j + l);
            FloatVector s2 = FloatVector.fromArray(S, acc, j + 2 * l), s3 = FloatVector.fromArray(S, acc, j + 3 * l);
            for (int r = 0, at = off + j; r < rows; r++, at += ld) {
                s0 = s0.add(FloatVector.fromArray(S, a, at));
                s1 = s1.add(FloatVector.fromArray(S, a, at + l));
                s2 = s2.add(FloatVector.fromArray(S, a, at + 2 * l));
                s3 = s3.add(FloatVector.fromArray(S, a, at + 3 * l));
            }
            s0.intoArray(acc, j);
            s1.intoArray(acc, j + l);
            s2.intoArray(acc, j + 2 * l);
            s3.intoArray(acc, j + 3 * l);
        }
        for (; j < j1; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, j1);
            FloatVector s = FloatVector.fromArray(S, acc, j, m);
            for (int r = 0, at = off + j; r < rows; r++, at += ld) {
                s = s.add(FloatVector.fromArray(S, a, at, m));
            }
            s.intoArray(acc, j, m);
        }
    }

    /** dst[dOff + j] += src[j] for j in [0, n). */
    public static void addTo(float[] src, int n, float[] dst, int dOff) {
        for (int j = 0; j < n; j++) {
            dst[dOff + j] += src[j];
        }
    }
}
