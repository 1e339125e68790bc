package org.jrnn.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Launch arithmetic, and the row-major → column-major GEMM mapping checked against a CPU model of cuBLAS. */
class CudaLaunchAndGemmTest {

    @Test
    void gridStrideLaunches() {
        assertEquals(new Launch(1, 256), Launch.elementwise(0));
        assertEquals(new Launch(1, 256), Launch.elementwise(1));
        assertEquals(new Launch(1, 256), Launch.elementwise(256));
        assertEquals(new Launch(2, 256), Launch.elementwise(257));
        assertEquals(new Launch(Launch.MAX_GRID, 256), Launch.elementwise(Integer.MAX_VALUE));
        assertEquals(new Launch(1, 256), Launch.perRow(0));
        assertEquals(new Launch(37, 256), Launch.perRow(37));
    }

    /** cuBLAS's SGEMM as documented: column-major, element (r, c) of X with leading dimension ld at r + c·ld. */
    static void columnMajorSgemm(int opA, int opB, int m, int n, int k, float alpha, float[] a, int lda, float[] b,
                                 int ldb, float beta, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = opA == Cublas.OP_N ? a[i + p * lda] : a[p + i * lda];
                    float bv = opB == Cublas.OP_N ? b[p + j * ldb] : b[j + p * ldb];
                    s += (double) av * bv;
                }
                c[i + j * ldc] = (float) (alpha * s + (beta == 0 ? 0 : beta * c[i + j * ldc]));
            }
        }
    }

    @Test
    void rowMajorMappingMatchesARowMajorGemm() {
        Random r = new Random(5);
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {8, 2, 13}, {17, 9, 1}, {4, 4, 4}, {1, 6, 3}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = random(r, m * k), b = random(r, k * n), c = random(r, m * n);
                    float[] want = c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double dot = 0;
                            for (int p = 0; p < k; p++) {
                                dot += (double) a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
                            }
                            want[i * n + j] = (float) (0.5 * dot + 2 * (double) c[i * n + j]);
                        }
                    }
                    GemmMapping g = GemmMapping.rowMajor(ta, tb, m, n, k);
                    float[] got = c.clone();
                    columnMajorSgemm(g.opFirst(), g.opSecond(), g.m(), g.n(), g.k(), 0.5f, b, g.ldFirst(), a,
                            g.ldSecond(), 2f, got, g.ldc());
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i], 1e-5f, "m=" + m + " n=" + n + " k=" + k + " ta=" + ta
                                + " tb=" + tb + " at " + i);
                    }
                }
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
