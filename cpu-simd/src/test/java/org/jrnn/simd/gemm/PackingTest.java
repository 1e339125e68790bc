package org.jrnn.simd.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Packing against the layouts it documents, element by element (packing is a copy, so every value must be exactly
 * where the micro-kernel reads it): panels of MR rows (4 for a panel of at most 4 rows, its last row repeated),
 * k-major; B panels of NR columns, zero past the last column. The shapes cover the 16 x 16 transposes on AVX-512
 * (pairs of whole A panels, whole B panels), the depth past the last multiple of 16, an unpaired last panel and
 * partial panels, with offsets and strides wider than the block.
 */
class PackingTest {
    private static final float UNTOUCHED = -7777f;

    @Test
    void packAMatchesTheKernelsLayout() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[][] cases = {   // mc, kc, extra row stride
            {16, 16, 0}, {32, 256, 3}, {96, 256, 0}, {24, 40, 16}, {17, 33, 1}, {8, 20, 0}, {3, 17, 2}, {44, 7, 5},
            {16, 1, 0}, {40, 64, 100}};
        for (boolean transA : new boolean[] {false, true}) {
            for (int[] cs : cases) {
                int mc = cs[0], kc = cs[1], i0 = 3, p0 = 5;
                int rowsTotal = i0 + mc + 1, depthTotal = p0 + kc + 2;
                int lda = (transA ? rowsTotal : depthTotal) + cs[2];
                float[] a = random(rnd, (transA ? depthTotal : rowsTotal) * lda + 1);
                int aOff = 1, dstOff = 7;
                float[] dst = new float[dstOff + Blocking.roundUp(mc, Blocking.MR) * kc + 16];
                java.util.Arrays.fill(dst, UNTOUCHED);
                Packing.packA(transA, a, aOff, lda, i0, mc, p0, kc, dst, dstOff);
                String what = "packA trans=" + transA + " mc=" + mc + " kc=" + kc + " lda=" + lda;
                int end = dstOff;
                for (int r = 0, rows; r < mc; r += rows) {
                    rows = Blocking.panelRows(mc - r);
                    int w = rows <= 4 ? 4 : Blocking.MR;
                    int d = dstOff + r * kc;
                    for (int p = 0; p < kc; p++) {
                        for (int ii = 0; ii < w; ii++) {
                            int row = i0 + r + Math.min(ii, rows - 1), depth = p0 + p;
                            float want = transA ? a[aOff + depth * lda + row] : a[aOff + row * lda + depth];
                            assertEquals(want, dst[d + p * w + ii], 0f, what + " panel row " + r + " (" + ii + ", " + p + ")");
                        }
                    }
                    end = Math.max(end, d + kc * w);
                }
                for (int i = 0; i < dstOff; i++) {
                    assertEquals(UNTOUCHED, dst[i], 0f, what + ": written before the panels at " + i);
                }
                for (int i = end; i < dst.length; i++) {
                    assertEquals(UNTOUCHED, dst[i], 0f, what + ": written past the panels at " + i);
                }
            }
        }
    }

    @Test
    void packBMatchesTheKernelsLayout() {
        SplittableRandom rnd = new SplittableRandom(6);
        int nr = Blocking.NR;
        int[][] cases = {   // nc, kc, extra row stride
            {32, 16, 0}, {64, 256, 3}, {32, 40, 16}, {45, 33, 1}, {7, 20, 0}, {96, 7, 5}, {32, 1, 0}, {33, 64, 100}};
        for (boolean transB : new boolean[] {false, true}) {
            for (int[] cs : cases) {
                int nc = cs[0], kc = cs[1], j0 = 2, p0 = 9;
                int colsTotal = j0 + nc + 1, depthTotal = p0 + kc + 3;
                int ldb = (transB ? depthTotal : colsTotal) + cs[2];
                float[] b = random(rnd, (transB ? colsTotal : depthTotal) * ldb + 1);
                int bOff = 1, dstOff = 5, panels = (nc + nr - 1) / nr, panelStride = kc * nr + 16;
                float[] dst = new float[dstOff + panels * panelStride];
                java.util.Arrays.fill(dst, UNTOUCHED);
                Packing.packB(transB, b, bOff, ldb, p0, kc, j0, nc, dst, dstOff, panelStride);
                String what = "packB trans=" + transB + " nc=" + nc + " kc=" + kc + " ldb=" + ldb;
                for (int q = 0; q < panels; q++) {
                    int d = dstOff + q * panelStride;
                    for (int p = 0; p < kc; p++) {
                        for (int jj = 0; jj < nr; jj++) {
                            int col = q * nr + jj;
                            float want = col >= nc ? 0f
                                    : transB ? b[bOff + (j0 + col) * ldb + p0 + p] : b[bOff + (p0 + p) * ldb + j0 + col];
                            assertEquals(want, dst[d + p * nr + jj], 0f, what + " panel " + q + " (" + p + ", " + jj + ")");
                        }
                    }
                    for (int i = d + kc * nr; i < d + panelStride; i++) {
                        assertEquals(UNTOUCHED, dst[i], 0f, what + ": written between panels at " + i);
                    }
                }
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }
}
