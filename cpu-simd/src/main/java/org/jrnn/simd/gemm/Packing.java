package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.L;
import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NR;
import static org.jrnn.simd.gemm.Blocking.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies blocks of op(A) / op(B) into the contiguous micro-panel layouts the micro-kernel streams: A as MR-row
 * panels (each row contiguous along k), B as zero-padded NR-column panels (p-major, NR floats per k step).
 * Packing is O(mk + kn) against O(mnk) compute.
 */
final class Packing {
    private Packing() {}


    /**
     * Packs rows [i0, i0+mc) x depth [p0, p0+kc) of op(A) into dst: panel r (rows i0+r*MR..) at dstOff + r*kc*MR,
     * element (ii, p) at + ii*kc + p, each row contiguous along k. The rows of a last partial panel are not written:
     * the kernel never reads rows past mr.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float[] dst, int dstOff) {
        for (int r = 0, d = dstOff; r < mc; r += MR, d += kc * MR) {
            int rows = Math.min(MR, mc - r);
            if (transA) {
                // A stored [k, m]: the rows of one k step are contiguous; they go to `rows` sequential streams.
                int src = aOff + p0 * lda + i0 + r;
                for (int p = 0; p < kc; p++, src += lda) {
                    for (int ii = 0, o = d + p; ii < rows; ii++, o += kc) {
                        dst[o] = a[src + ii];
                    }
                }
            } else {
                int src = aOff + (i0 + r) * lda + p0;
                for (int ii = 0; ii < rows; ii++, src += lda) {
                    System.arraycopy(a, src, dst, d + ii * kc, kc);
                }
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
