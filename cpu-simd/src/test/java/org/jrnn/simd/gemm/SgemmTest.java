package org.jrnn.simd.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Sgemm against ReferenceSgemm (double accumulation). Inputs are uniform in [-1, 1]; the
 * tolerance per element is 1e-5 * sqrt(max(k,1)) * (|alpha| * sqrt(k) + |beta| + 1), i.e.
 * float round-off growing like sqrt(k) times the expected magnitude of C.
 * Every call also checks that C outside its [m, n] window (ldc > n, offsets) is untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SgemmTest {
    private static final int[] SIZES = {0, 1, 2, 3, 5, 7, 13, 16, 17, 31, 33, 50, 64, 65, 127, 200};
    private static final float SENTINEL = 12345f;

    private static Sgemm single;
    private static Sgemm dualForced;   // splits every call, to exercise the hand-off on small shapes
    private static Sgemm dual;         // production threshold

    @BeforeAll
    static void setUp() {
        single = new Sgemm(1);
        dualForced = new Sgemm(2, 0L);
        dual = new Sgemm(2);
    }

    @AfterAll
    static void tearDown() {
        single.close();
        dualForced.close();
        dual.close();
    }

    /** Runs first: its many small calls get the Vector API kernels JIT-compiled cheaply. */
    @Test
    @Order(1)
    void sweepOddSizesAllTransposes() {
        SplittableRandom rnd = new SplittableRandom(42);
        // 64 (m, n, k) triples in which every size appears as m, as n and as k; a full 16^3
        // cube would spend most of its time in not-yet-compiled Vector API code.
        for (int i = 0; i < SIZES.length; i++) {
            for (int d : new int[] {0, 3, 7, 12}) {
                int j = (i + d) % SIZES.length;
                int m = SIZES[i], n = SIZES[j], k = SIZES[(i + 2 * j + 3) % SIZES.length];
                for (int t = 0; t < 4; t++) {
                    Sgemm g = (i + j + t) % 4 == 0 ? dualForced : single;
                    check(g, rnd, t >= 2, (t & 1) == 1, m, n, k, (i * 16 + j + t) % 3, (i + t) % 3);
                }
            }
        }
    }

    @Test
    void kSweepWithSmallMN() {
        // k = 0 (C = beta*C), k = 1 (input size 1), and every size for the few-row path m <= 4.
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k : SIZES) {
            for (int m : new int[] {1, 2, 3, 4, 5, 9}) {
                for (int t = 0; t < 4; t++) {
                    check(t % 2 == 0 ? single : dualForced, rnd, t >= 2, (t & 1) == 1, m, 50, k, t % 3, (t + 1) % 3);
                    check(single, rnd, t >= 2, (t & 1) == 1, m, 200, k, 1, 0);
                }
            }
        }
    }

    @Test
    @Order(2)
    void largerShapeAllTransposesBothThreadCounts() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int t = 0; t < 4; t++) {
            check(t % 2 == 0 ? single : dual, rnd, t >= 2, (t & 1) == 1, 300, 260, 270, t % 3, 1);
        }
    }

    @Test
    void rnnLikeShapes() {
        SplittableRandom rnd = new SplittableRandom(11);
        // per-step recurrent NT packed (m = 64, 1), backward NN packed, dW TN with tall k.
        check(dual, rnd, false, true, 64, 512, 128, 0, 1);
        check(dual, rnd, false, true, 1, 512, 128, 0, 1);
        check(dual, rnd, false, false, 32, 50, 200, 0, 0);
        check(dual, rnd, true, false, 200, 50, 1000, 0, 1);
        // dW TN with n < m runs with its operands swapped (C^T = B^T A, then transposed into C): every beta case
        check(dual, rnd, true, false, 150, 50, 640, 1, 2);
        check(single, rnd, true, false, 150, 51, 400, 2, 0);
        check(dual, rnd, true, false, 70, 5, 300, 0, 2);
        check(dual, rnd, false, true, 130, 200, 1, 1, 2);
    }

    /**
     * A transposed A whose rows are at least 1024 floats apart is packed in depth blocks of 16 steps over all panels
     * (Packing.packTransposedA): depths that are not a multiple of the block or of KC, a last panel of fewer than MR
     * rows, and an A that ends at the array's last element. n >= m keeps the operands unswapped.
     */
    @Test
    void transposedAWithWideRowsPackedInDepthBlocks() {
        SplittableRandom rnd = new SplittableRandom(17);
        int[][] cases = {{70, 300, 1100}, {13, 37, 1024}, {1030, 45, 1031}};
        for (int[] mkl : cases) {
            int m = mkl[0], k = mkl[1], lda = mkl[2], n = m + 10;
            float[] a = random(rnd, k * lda);
            float[] b = random(rnd, k * n);
            for (Sgemm g : new Sgemm[] {single, dualForced}) {
                float[] want = new float[m * n];
                float[] got = new float[m * n];
                ReferenceSgemm.gemm(true, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, want, 0, n);
                g.gemm(true, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, got, 0, n);
                compare(want, got, 0, n, m, n, k, 1f, 0f, "TN m=" + m + " k=" + k + " lda=" + lda
                        + " threads=" + g.threads());
            }
        }
    }

    /**
     * A transposed A whose last full panel ends at the array's last element: packing copies a k step of a panel 8
     * lanes at a time and must not read past the array (nor leave the lanes it overwrites wrong).
     */
    @Test
    void transposedAEndingAtTheArraysEnd() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int m : new int[] {Blocking.MR, 2 * Blocking.MR, 2 * Blocking.MR + 4}) {
            int n = 40, k = 300;
            float[] a = random(rnd, k * m), b = random(rnd, k * n);
            float[] want = new float[m * n], got = new float[m * n];
            ReferenceSgemm.gemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 0f, want, 0, n);
            single.gemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 0f, got, 0, n);
            compare(want, got, 0, n, m, n, k, 1f, 0f, "TN m=" + m);
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int t = 0; t < 4; t++) {
            boolean ta = t >= 2, tb = (t & 1) == 1;
            int m = 150, n = 333, k = 600;
            float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
            float[] c1 = c0.clone(), c2 = c0.clone(), c3 = c0.clone();
            int lda = ta ? m : k, ldb = tb ? k : n;
            single.gemm(ta, tb, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 1f, c1, 0, n);
            dualForced.gemm(ta, tb, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 1f, c2, 0, n);
            PackedB pb = dual.packB(tb, k, n, b, 0, ldb);
            dualForced.gemm(ta, m, 0.7f, a, 0, lda, pb, 1f, c3, 0, n);
            assertArrayEquals(c1, c2, "threads 1 vs 2, t=" + t);
            assertArrayEquals(c1, c3, "unpacked vs packed, t=" + t);
        }
    }

    /**
     * Batch-like m whose last rows go to the 4-row kernel (32 = 6+6+6+6+4+4 on AVX2, 38 ends in 4+4, 64 in one 4,
     * 8 is 4+4), with k over several KC blocks so the packed path's k-inside-column-panel order is exercised: the
     * packed, in-place-A result must equal the unpacked one bit for bit, and both the reference within tolerance.
     */
    @Test
    void batchLikeRowCountsPackedEqualsUnpacked() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int m : new int[] {8, 10, 32, 38, 64, 70}) {
            for (float beta : new float[] {0f, 1f}) {
                int n = 100, k = 600;
                float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
                float[] c1 = c0.clone(), c2 = c0.clone();
                single.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, beta, c1, 0, n);
                PackedB pb = single.packB(false, k, n, b, 0, n);
                single.gemm(false, m, 1f, a, 0, k, pb, beta, c2, 0, n);
                assertArrayEquals(c1, c2, "packed vs unpacked, m=" + m + " beta=" + beta);
                check(single, rnd, false, false, m, n, k, 0, beta == 0f ? 0 : 1);
            }
        }
    }

    /**
     * k deep enough for several passes over C (k = 2600: KC slices of 237, three passes of at most four slices) and m
     * over several row blocks of such a pass, every transpose: within tolerance of the reference, the same bits on
     * one and two threads, and the same bits with B prepacked.
     */
    @Test
    void deepKRunsSeveralPassesOverC() {
        SplittableRandom rnd = new SplittableRandom(17);
        int m = 200, n = 70, k = 2600;
        for (int t = 0; t < 4; t++) {
            boolean ta = t >= 2, tb = (t & 1) == 1;
            check(t % 2 == 0 ? single : dualForced, rnd, ta, tb, m, n, k, t % 3, (t + 1) % 3);
            float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
            float[] c1 = c0.clone(), c2 = c0.clone(), c3 = c0.clone();
            int lda = ta ? m : k, ldb = tb ? k : n;
            single.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, c1, 0, n);
            dualForced.gemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, c2, 0, n);
            single.gemm(ta, m, 1f, a, 0, lda, single.packB(tb, k, n, b, 0, ldb), 1f, c3, 0, n);
            assertArrayEquals(c1, c2, "threads 1 vs 2, t=" + t);
            assertArrayEquals(c1, c3, "unpacked vs packed, t=" + t);
        }
    }

    /**
     * Calls big enough for the shared-B row split on two threads (m >= 2 x 96 rows), with n over two shared blocks
     * (1,100 > 1,024 columns) and k over two KK passes: the same bits as one thread, within tolerance of the
     * reference, every transpose.
     */
    @Test
    void sharedBlocksOnTwoThreadsEqualOneThread() {
        SplittableRandom rnd = new SplittableRandom(19);
        int m = 203, n = 1100, k = 1300;
        for (int t = 0; t < 4; t++) {
            boolean ta = t >= 2, tb = (t & 1) == 1;
            float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
            float[] c1 = c0.clone(), c2 = c0.clone();
            int lda = ta ? m : k, ldb = tb ? k : n;
            single.gemm(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 1f, c1, 0, n);
            dualForced.gemm(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 1f, c2, 0, n);
            assertArrayEquals(c1, c2, "threads 1 vs 2 (shared B), t=" + t);
        }
        check(dualForced, rnd, false, true, m, n, 300, 1, 2);
        check(dualForced, rnd, true, false, m, 70, 2600, 2, 0);
    }

    /**
     * Sixteen threads on a shared-B call with fewer row blocks per B block than threads: m = 1552 gives 97 rows per
     * thread, rounded to blocks of 104 (whole micro-panels), so 15 blocks. Each block's rows are claimed from one
     * ticket counter, so some threads draw nothing in a block and carry a ticket of a later one. Same bits as one
     * thread, over two B blocks of 1,024 and 76 columns.
     */
    @Test
    void sharedBlocksWithMoreThreadsThanRowBlocksEqualOneThread() {
        SplittableRandom rnd = new SplittableRandom(23);
        int m = 1552, n = 1100, k = 300;
        float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
        float[] want = c0.clone();
        ReferenceSgemm.gemm(false, true, m, n, k, 0.5f, a, 0, k, b, 0, k, 0.3f, want, 0, n);
        try (Sgemm many = new Sgemm(16, 0L)) {
            for (int rep = 0; rep < 2; rep++) {   // the counter restarts with every call
                float[] c1 = c0.clone(), c16 = c0.clone();
                single.gemm(false, true, m, n, k, 0.5f, a, 0, k, b, 0, k, 0.3f, c1, 0, n);
                many.gemm(false, true, m, n, k, 0.5f, a, 0, k, b, 0, k, 0.3f, c16, 0, n);
                assertArrayEquals(c1, c16, "threads 1 vs 16 (shared B), call " + rep);
                compare(want, c16, 0, n, m, n, k, 0.5f, 0.3f, "16 threads vs reference, call " + rep);
            }
        }
    }

    /**
     * The swapped recurrent product (W's rows streamed, A^T packed) against the packed-B form it replaces: above
     * FEW_ROWS rows the same bits for either layout of W, both results of accumulate, tiles of 4, 5 and MR rows,
     * one and several KC slices, m with and without padding in the A^T panels, ldc > n and offsets (C outside the
     * window untouched), and the reference within tolerance. A repack with new values gives the new product.
     */
    @Test
    void streamedRowsEqualPackedB() {
        SplittableRandom rnd = new SplittableRandom(29);
        for (int[] s : new int[][] {{32, 37, 300}, {16, 5, 7}, {33, 64, 1}, {64, 130, 520}, {1, 4, 9}, {20, 13, 256}}) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean transW : new boolean[] {false, true}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    int lda = k + 1, ldc = n + 2, ldw = (transW ? n : k) + 3, aOff = 2, cOff = 1, wOff = 3;
                    float[] a = random(rnd, aOff + m * lda);
                    float[] w = random(rnd, wOff + (transW ? k : n) * ldw);
                    float[] c = random(rnd, cOff + m * ldc + 1);
                    String what = "m=" + m + " n=" + n + " k=" + k + " transW=" + transW + " accumulate=" + accumulate;
                    // W as op(B) = W^T: stored [n, k] is a transposed B, stored [k, n] a plain one
                    PackedB pb = single.packB(!transW, k, n, w, wOff, ldw);
                    float[] want = c.clone();
                    single.gemmOnThisThread(false, m, 1f, a, aOff, lda, pb, accumulate ? 1f : 0f, want, cOff, ldc);
                    PackedRows pr = single.packRows(transW, n, k, new float[wOff + (transW ? k : n) * ldw], wOff, ldw);
                    single.repackRows(pr, transW, w, wOff, ldw);
                    assertEquals(n, pr.n());
                    assertEquals(k, pr.k());
                    float[] got = c.clone();
                    single.multiplyTransposedOnThisThread(m, a, aOff, lda, pr, accumulate, got, cOff, ldc);
                    if (m > Blocking.FEW_ROWS) {   // fewer rows stream B in another order (FewRows)
                        assertArrayEquals(want, got, what);
                    }
                    float[] ref = c.clone();
                    ReferenceSgemm.gemm(false, !transW, m, n, k, 1f, a, aOff, lda, w, wOff, ldw,
                            accumulate ? 1f : 0f, ref, cOff, ldc);
                    compare(ref, got, cOff, ldc, m, n, k, 1f, accumulate ? 1f : 0f, what);
                }
            }
        }
    }

    /**
     * Several row blocks against one A (a unit split's gate blocks): the same bits as one call per block, each
     * block's columns of C at its own offset, the columns between blocks untouched; a block of another depth is
     * refused with both depths named.
     */
    @Test
    void streamedRowBlocksEqualOneCallEach() {
        SplittableRandom rnd = new SplittableRandom(31);
        int m = 32, n = 40, k = 300, blocks = 3, stride = n + 5, ldc = blocks * stride, lda = k + 1;
        float[] a = random(rnd, m * lda);
        PackedRows[] w = new PackedRows[blocks + 1];
        for (int i = 0; i < w.length; i++) {
            w[i] = single.packRows(false, n, k, random(rnd, n * k), 0, k);
        }
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c = random(rnd, m * ldc);
            float[] want = c.clone();
            for (int i = 0; i < blocks; i++) {
                single.multiplyTransposedOnThisThread(m, a, 0, lda, w[1 + i], accumulate, want, i * stride, ldc);
            }
            float[] got = c.clone();
            single.multiplyTransposedOnThisThread(m, a, 0, lda, w, 1, blocks, accumulate, got, 0, stride, ldc);
            assertArrayEquals(want, got, "accumulate=" + accumulate);
        }
        PackedRows shallow = single.packRows(false, n, k - 1, random(rnd, n * (k - 1)), 0, k - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> single.multiplyTransposedOnThisThread(m, a, 0, lda, new PackedRows[] {w[0], shallow}, 0, 2,
                        false, new float[m * ldc], 0, stride, ldc));
        assertTrue(e.getMessage().contains("depth " + (k - 1)) && e.getMessage().contains("has " + k), e.getMessage());
    }

    @Test
    void repackReusesBuffer() {
        SplittableRandom rnd = new SplittableRandom(9);
        int m = 6, n = 70, k = 40;
        float[] a = random(rnd, m * k), b1 = random(rnd, n * k), b2 = random(rnd, n * k);
        PackedB pb = single.packB(true, k, n, b1, 0, k);
        single.repackB(pb, true, b2, 0, k);
        float[] got = new float[m * n], want = new float[m * n];
        single.gemm(false, m, 1f, a, 0, k, pb, 0f, got, 0, n);
        ReferenceSgemm.gemm(false, true, m, n, k, 1f, a, 0, k, b2, 0, k, 0f, want, 0, n);
        compare(want, got, 0, n, m, n, k, 1f, 0f, "repack");
    }

    /** One call with offsets/padding, packed and unpacked, compared to the reference. */
    private static void check(Sgemm g, SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k,
                              int alphaCase, int betaCase) {
        float alpha = new float[] {1f, -0.5f, 2f}[alphaCase];
        float beta = new float[] {0f, 1f, 0.3f}[betaCase];
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = Math.max(1, aCols + rnd.nextInt(3)), ldb = Math.max(1, bCols + rnd.nextInt(3)), ldc = Math.max(1, n + rnd.nextInt(3));
        int aOff = rnd.nextInt(4), bOff = rnd.nextInt(4), cOff = rnd.nextInt(4);
        float[] a = random(rnd, aOff + aRows * lda + 1);
        float[] b = random(rnd, bOff + bRows * ldb + 1);
        float[] c = new float[cOff + m * ldc + 2];
        Arrays.fill(c, SENTINEL);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = beta == 0f ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        float[] want = c.clone();
        ReferenceSgemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, want, cOff, ldc);
        String what = String.format("ta=%b tb=%b m=%d n=%d k=%d alpha=%s beta=%s threads=%d",
                ta, tb, m, n, k, alpha, beta, g.threads());

        float[] got = c.clone();
        g.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
        compare(want, got, cOff, ldc, m, n, k, alpha, beta, what);

        PackedB pb = g.packB(tb, k, n, b, bOff, ldb);
        assertEquals(k, pb.k());
        assertEquals(n, pb.n());
        float[] gotPacked = c.clone();
        g.gemm(ta, m, alpha, a, aOff, lda, pb, beta, gotPacked, cOff, ldc);
        compare(want, gotPacked, cOff, ldc, m, n, k, alpha, beta, "packed " + what);
    }

    private static void compare(float[] want, float[] got, int cOff, int ldc, int m, int n, int k,
                                float alpha, float beta, String what) {
        double tol = 1e-5 * Math.sqrt(Math.max(k, 1)) * (Math.abs(alpha) * Math.sqrt(k) + Math.abs(beta) + 1);
        for (int idx = 0; idx < want.length; idx++) {
            int r = idx - cOff;
            boolean inside = r >= 0 && r / ldc < m && r % ldc < n;
            if (!inside) {
                if (Float.compare(got[idx], want[idx]) != 0) fail(what + ": wrote outside C at " + idx);
            } else if (!(Math.abs(got[idx] - want[idx]) <= tol)) {
                fail(what + ": C[" + r / ldc + "," + r % ldc + "] = " + got[idx] + " want " + want[idx] + " tol " + tol);
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
