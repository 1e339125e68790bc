package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.L;
import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NR;
import static org.jrnn.simd.gemm.Blocking.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies blocks of op(A) / op(B) into the contiguous, zero-padded micro-panel layouts the
 * micro-kernel streams: A as MR-row panels (p-major, MR floats per k step), B as NR-column
 * panels (p-major, NR floats per k step). Packing is O(mk + kn) against O(mnk) compute.
 */
final class Packing {
    private Packing() {}


    /**
     * Packs rows [i0, i0+mc) x depth [p0, p0+kc) of op(A) into dst: panel r (rows i0+r*MR..)
     * at r*kc*MR, element (ii, p) at + p*MR + ii; rows past mc are zero.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float[] dst) {
        int d = 0;
        for (int r = 0; r < mc; r += MR) {
            int rows = Math.min(MR, mc - r);
            if (transA) {
                // A stored [k, m]: the MR rows of one k step are contiguous. Copied with arraycopy: the 256-bit
                // FloatVector copy used before was left boxed by C2 in some JVM runs (JFR of the full training
                // step: 40 MB allocated per step, all Float256Vector objects from this loop).
                int src = aOff + p0 * lda + i0 + r;
                if (rows == MR) {
                    for (int p = 0; p < kc; p++, src += lda, d += MR) {
                        System.arraycopy(a, src, dst, d, MR);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda, d += MR) {
                        System.arraycopy(a, src, dst, d, rows);
                        java.util.Arrays.fill(dst, d + rows, d + MR, 0f);
                    }
                }
            } else {
                // A stored [m, k]: each row is a contiguous run along k, written with stride MR into the
                // panel; row by row keeps the reads sequential. (A 16-lane gather of two k steps, the earlier
                // way, is microcoded on Zen 4: SGEMM 12800x128x512 NN, as the dx of the sentiment shape, took
                // 31.4/32.8 ms of CPU with it and 28.7/29.7 ms with this loop, one thread.)
                int base = aOff + (i0 + r) * lda + p0;
                for (int ii = 0; ii < rows; ii++) {
                    int src = base + ii * lda;
                    for (int p = 0, o = d + ii; p < kc; p++, o += MR) {
                        dst[o] = a[src + p];
                    }
                }
                for (int ii = rows; ii < MR; ii++) {
                    for (int p = 0, o = d + ii; p < kc; p++, o += MR) {
                        dst[o] = 0f;
                    }
                }
                d += kc * MR;
            }
        }
    }

    /**
     * Packs depth [p0, p0+kc) x columns [j0, j0+nc) of op(B) into dst: panel q (columns j0+q*NR..)
     * at dstOff + q*panelStride, element (p, jj) at + p*NR + jj; columns past nc are zero.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                      float[] dst, int dstOff, int panelStride) {
        for (int q = 0, j = 0; j < nc; q++, j += NR) {
            int cols = Math.min(NR, nc - j);
            int d = dstOff + q * panelStride;
            if (transB) {
                packPanelTransposed(b, bOff + (j0 + j) * ldb + p0, ldb, kc, cols, dst, d);
            } else {
                packPanelRows(b, bOff + p0 * ldb + j0 + j, ldb, kc, cols, dst, d);
            }
        }
    }

    /** B stored [k, n]: each k step of the panel is NR contiguous floats (2 vectors). */
    private static void packPanelRows(float[] b, int src, int ldb, int kc, int cols, float[] dst, int d) {
        if (cols == NR) {
            for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                FloatVector.fromArray(S, b, src).intoArray(dst, d);
                FloatVector.fromArray(S, b, src + L).intoArray(dst, d + L);
            }
        } else {
            VectorMask<Float> m0 = S.indexInRange(0, cols);
            VectorMask<Float> m1 = S.indexInRange(L, cols);
            for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                FloatVector.fromArray(S, b, src, m0).intoArray(dst, d);
                FloatVector.fromArray(S, b, src + L, m1).intoArray(dst, d + L);
            }
        }
    }

    /** B stored [n, k] (op = transpose): column jj of the panel is a contiguous run along k. */
    private static void packPanelTransposed(float[] b, int src, int ldb, int kc, int cols, float[] dst, int d) {
        for (int jj = 0; jj < cols; jj++) {
            int s = src + jj * ldb;
            for (int p = 0, o = d + jj; p < kc; p++, o += NR) {
                dst[o] = b[s + p];
            }
        }
        for (int jj = cols; jj < NR; jj++) {
            for (int p = 0, o = d + jj; p < kc; p++, o += NR) {
                dst[o] = 0f;
            }
        }
    }
}
