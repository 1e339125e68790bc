package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.L;
import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NR;
import static org.jrnn.simd.gemm.Blocking.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of op(A) / op(B) into the contiguous micro-panel layouts the micro-kernel streams: A as row
 * panels, k-major (the panel's rows for one k step side by side), B as zero-padded NR-column panels (p-major, NR
 * floats per k step).
 * Packing is O(mk + kn) against O(mnk) compute.
 */
final class Packing {
    private Packing() {}


    /** 8 lanes: at least MR (6 on AVX2, 8 on AVX-512), for copying one k step of a transposed A panel at once. */
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;

    /**
     * Packs rows [i0, i0+mc) x depth [p0, p0+kc) of op(A) into dst k-major, as the micro-kernel reads it: the rows
     * split into panels as {@link Blocking#panelRows} does, panel r (rows i0+r..) at dstOff + r*kc, its element
     * (ii, p) at + p*w + ii, w = 4 for a panel of at most 4 rows and MR otherwise. A panel with fewer rows than w
     * repeats its last row (the kernel computes but never stores those rows).
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      float[] dst, int dstOff) {
        if (transA) {
            packTransposedA(a, aOff, lda, i0, mc, p0, kc, dst, dstOff,
                    lda >= TRANSPOSED_A_BLOCKED_MIN_LDA ? TRANSPOSED_A_DEPTH_BLOCK : kc);
            return;
        }
        for (int r = 0, rows; r < mc; r += rows) {
            rows = Blocking.panelRows(mc - r);
            int w = rows <= 4 ? 4 : MR;
            int d = dstOff + r * kc;
            if (rows == MR) {
                // A row-major: each row read along k into every MR-th slot (a constant stride, so C2 drops the
                // range checks from the loop).
                for (int ii = 0, src = aOff + (i0 + r) * lda + p0; ii < MR; ii++, src += lda) {
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR + ii] = a[src + p];
                    }
                }
            } else {
                int src = aOff + (i0 + r) * lda + p0;
                for (int p = 0; p < kc; p++, d += w) {
                    for (int ii = 0; ii < w; ii++) {
                        dst[d + ii] = a[src + Math.min(ii, rows - 1) * lda + p];
                    }
                }
            }
        }
    }

    /** Depth steps per block of {@link #packTransposedA} where A's rows are far apart. */
    private static final int TRANSPOSED_A_DEPTH_BLOCK = 16;

    /** The leading dimension (floats) from which {@link #packTransposedA} goes through the depth in blocks. */
    private static final int TRANSPOSED_A_BLOCKED_MIN_LDA = 1024;

    /**
     * packA for A stored [k, m] (op(A) = A^T): the rows of every panel for one k step are contiguous in A's row p.
     * The depth goes in blocks of `block` steps, each block over all panels. One panel at a time over all kc steps
     * (block = kc) reads each 64-byte line of A once per panel it holds (twice at MR = 8), which costs little while
     * the kc lines stay in L1 for the next panel; with rows 1024 floats apart they all fall into one L1 set (1536:
     * two sets) and do not. JFR of the LSTM training step at h512 (2-core Zen 5, 2 threads; the weight-gradient
     * GEMM packs deltas with lda = GH = 2048) had 21 % of its samples in this packing, after 7 %. AbTime, 2 threads,
     * new/old wall: training h512 LSTM 0.939, GRU 0.967, h1024 LSTM 0.956. Blocks at every lda made the training
     * step at the sentiment shape slower (1.07-1.09; its swapped dW product packs [x | h]^T, lda = 256), hence the
     * threshold.
     */
    private static void packTransposedA(float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst,
                                        int dstOff, int block) {
        for (int pb = 0; pb < kc; pb += block) {
            int pe = Math.min(kc, pb + block);
            for (int r = 0, rows; r < mc; r += rows) {
                rows = Blocking.panelRows(mc - r);
                int w = rows <= 4 ? 4 : MR;
                int d = dstOff + r * kc + pb * w;
                int src = aOff + (p0 + pb) * lda + i0 + r;
                int p = pb;
                if (rows == MR) {
                    // One 8-lane copy per k step. For MR = 6 its last two lanes land on the next step's slots,
                    // which that step then overwrites (in this block or the next), so the panel's last step goes
                    // the scalar way; that also keeps every read inside A (step p <= k-2 reads at most 8 - MR <= m
                    // floats into row p+1).
                    for (int end = Math.min(pe, kc - 1); p < end; p++, src += lda, d += MR) {
                        FloatVector.fromArray(S8, a, src).intoArray(dst, d);
                    }
                }
                for (; p < pe; p++, src += lda, d += w) {
                    for (int ii = 0; ii < w; ii++) {
                        dst[d + ii] = a[src + Math.min(ii, rows - 1)];
                    }
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

    /**
     * B stored [n, k] (op = transpose): column jj of the panel is a contiguous run along k. A whole panel on AVX-512
     * goes as 16 x 16 transposes (two per 16 depth steps), the depth past the last multiple of 16 and a partial
     * panel element by element. JFR of the training h256 LSTM (2-core Zen 5) had 3.7 % of its samples in the scalar
     * form, most of it the streamed product packing the step's deltas; AbTime new/old 0.96-0.97 there, other rows
     * even. The same transposes for a row-major A (packA) measured no gain (its packing waits on memory: gemm
     * 6400x2048x512 NT had 7.8 % of samples in packing before, 7.6 % after), so packA stays scalar.
     */
    private static void packPanelTransposed(float[] b, int src, int ldb, int kc, int cols, float[] dst, int d) {
        int p0 = 0;
        if (Transpose16.SUPPORTED && cols == NR && NR == 32) {
            for (; p0 + 16 <= kc; p0 += 16) {
                Transpose16.block(b, src + p0, ldb, dst, d + p0 * NR, NR);
                Transpose16.block(b, src + 16 * ldb + p0, ldb, dst, d + p0 * NR + 16, NR);
            }
        }
        for (int jj = 0; jj < cols; jj++) {
            int s = src + jj * ldb;
            for (int p = p0, o = d + p0 * NR + jj; p < kc; p++, o += NR) {
                dst[o] = b[s + p];
            }
        }
        for (int jj = cols; jj < NR; jj++) {
            for (int p = p0, o = d + p0 * NR + jj; p < kc; p++, o += NR) {
                dst[o] = 0f;
            }
        }
    }
}
