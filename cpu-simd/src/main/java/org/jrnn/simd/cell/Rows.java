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

    /** dst[dOff + j] += src[j] for j in [0, n). */
    public static void addTo(float[] src, int n, float[] dst, int dOff) {
        for (int j = 0; j < n; j++) {
            dst[dOff + j] += src[j];
        }
    }
}
