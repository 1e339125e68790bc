package org.jrnn.simd.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The 16 x 16 in-register transpose: every element where it belongs, strides and offsets, nothing else written. */
class Transpose16Test {

    @Test
    void blockTransposesWithStridesAndOffsets() {
        int lds = 21, ldd = 19, srcOff = 3, dstOff = 5;
        float[] src = new float[srcOff + 16 * lds];
        for (int i = 0; i < src.length; i++) src[i] = i;
        float[] dst = new float[dstOff + 16 * ldd + 4];
        java.util.Arrays.fill(dst, -1f);
        Transpose16.block(src, srcOff, lds, dst, dstOff, ldd);
        for (int idx = 0; idx < dst.length; idx++) {
            int r = idx - dstOff, j = r / ldd, i = r % ldd;
            boolean inside = r >= 0 && j < 16 && i < 16;
            float want = inside ? src[srcOff + i * lds + j] : -1f;
            assertEquals(want, dst[idx], "dst[" + idx + "] (row " + j + ", column " + i + ")");
        }
    }

    @Test
    void transposeOfAnyShapeGoesBlockByBlockAndElementByElementAtTheEdges() {
        for (int[] shape : new int[][] {{16, 16}, {37, 21}, {32, 5}, {3, 48}, {0, 7}}) {
            int rows = shape[0], cols = shape[1], lds = cols + 3, ldd = rows + 2;
            float[] src = new float[1 + rows * lds];
            for (int i = 0; i < src.length; i++) src[i] = i;
            float[] dst = new float[2 + cols * ldd];
            java.util.Arrays.fill(dst, -1f);
            Transpose16.transpose(src, 1, lds, rows, cols, dst, 2, ldd);
            for (int idx = 0; idx < dst.length; idx++) {
                int r = idx - 2, j = r / ldd, i = r % ldd;
                boolean inside = r >= 0 && j < cols && i < rows;
                float want = inside ? src[1 + i * lds + j] : -1f;
                assertEquals(want, dst[idx], rows + "x" + cols + ": dst[" + idx + "]");
            }
        }
    }
}
