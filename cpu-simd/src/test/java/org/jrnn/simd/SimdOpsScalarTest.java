package org.jrnn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.SgdParams;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cpu-simd's native operations against straightforward scalar code written here from the TensorOps javadoc, over
 * sizes that run every vector tail (1, 3, 17, 33, 257, 4099), a size large enough to split across threads, zero
 * sizes, and views at odd offsets inside larger tensors (whose outside elements must not change).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimdOpsScalarTest {
    /** Optimizer updates: a few float roundings apart (fma vs separate multiply and add) over several steps. */
    private static final Tolerance UPDATE = new Tolerance(1e-6, 1e-5);
    /** Sizes of the optimizer and elementwise tests; 300 007 · 28 bytes crosses SimdOps.PARALLEL_MIN_BYTES. */
    private static final int[] SIZES = {1, 3, 17, 33, 257, 4099, 300_007};
    private static final int STEPS = 4;
    private static final int GUARD = 5;

    private SimdBackend backend;
    private TensorOps ops;
    private final List<Tensor> roots = new ArrayList<>();
    private final List<float[]> guards = new ArrayList<>();

    @BeforeAll
    void open() {
        backend = new SimdBackend(2);
        ops = backend.ops();
    }

    @AfterAll
    void close() {
        backend.close();
    }

    @AfterEach
    void checkGuardsAndRelease() {
        for (int i = 0; i < roots.size(); i++) {
            float[] all = backend.toHost(roots.get(i));
            float[] before = guards.get(i);
            for (int j = 0; j < GUARD; j++) {
                assertEquals(before[j], all[j], "element " + j + " before a view changed");
                assertEquals(before[GUARD + j], all[all.length - GUARD + j], "element after a view changed");
            }
            roots.get(i).close();
        }
        roots.clear();
        guards.clear();
        assertEquals(0, backend.memoryInUse().tensors(), "tensors left open");
    }

    // ----------------------------------------------------------------------- Adam

    static List<AdamParams> adamVariants() {
        return List.of(AdamParams.adam(1e-3f), new AdamParams(3e-3f, 0.8f, 0.99f, 1e-6f, 0.1f, false),
                AdamParams.adamW(1e-2f), new AdamParams(1e-2f, 0f, 0.5f, 1e-8f, 0.05f, true));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 33, 257, 4099, 300_007})
    void adamMatchesScalarCode(int n) {
        for (AdamParams h : adamVariants()) {
            float[] p = random(n, 1), m = new float[n], v = new float[n];
            Tensor tp = view(p, 3), tm = view(m, 7), tv = view(v, 1);
            for (int step = 1; step <= STEPS; step++) {
                float[] g = random(n, 100 + step);
                Tensor tg = view(g, 2);
                ops.adamStep(tp, tg, tm, tv, h, step);
                scalarAdam(p, g, m, v, h, step);
                String what = h + " step " + step + " n=" + n;
                UPDATE.assertClose(what + " param", backend.toHost(tp), p);
                UPDATE.assertClose(what + " exp_avg", backend.toHost(tm), m);
                UPDATE.assertClose(what + " exp_avg_sq", backend.toHost(tv), v);
                assertArrayEquals(g, backend.toHost(tg), "the gradient must not change");
            }
            releaseAll();
        }
    }

    /** torch.optim.Adam / AdamW (1.13), one element at a time, as its Python code reads. */
    private static void scalarAdam(float[] p, float[] g, float[] m, float[] v, AdamParams h, long step) {
        double bc1 = 1 - Math.pow(h.beta1(), step), bc2 = 1 - Math.pow(h.beta2(), step);
        float stepSize = (float) (h.lr() / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
        for (int i = 0; i < p.length; i++) {
            float gi = g[i];
            if (h.decoupledWeightDecay()) {
                p[i] *= (float) (1 - (double) h.lr() * h.weightDecay());
            } else if (h.weightDecay() != 0) {
                gi = gi + h.weightDecay() * p[i];
            }
            m[i] = m[i] * h.beta1() + (1 - h.beta1()) * gi;
            v[i] = v[i] * h.beta2() + (1 - h.beta2()) * gi * gi;
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + h.eps();
            p[i] = p[i] - stepSize * (m[i] / denom);
        }
    }

    @Test
    void adamResultDoesNotDependOnTheThreadCount() {
        int n = 300_007;
        float[] g = random(n, 5);
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            try (SimdBackend b = new SimdBackend(threads)) {
                Tensor p = b.fromHost(random(n, 4), n), tg = b.fromHost(g, n);
                Tensor m = b.allocate(n), v = b.allocate(n);
                for (int step = 1; step <= 3; step++) {
                    b.ops().adamStep(p, tg, m, v, AdamParams.adamW(1e-2f), step);
                }
                results[threads - 1] = b.toHost(p);
                for (Tensor t : List.of(p, tg, m, v)) {
                    t.close();
                }
            }
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void adamRejectsStepZeroAndMismatchedSizes() {
        Tensor p = view(new float[5], 1), g = view(new float[5], 1), m = view(new float[4], 1);
        Tensor v = view(new float[5], 1);
        assertThrows(IllegalArgumentException.class, () -> ops.adamStep(p, g, p, v, AdamParams.adam(1), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.adamStep(p, g, m, v, AdamParams.adam(1), 1));
        assertTrue(e.getMessage().contains("[5]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    // ------------------------------------------------------------------------ SGD

    static List<SgdParams> sgdVariants() {
        return List.of(SgdParams.plain(0.1f), new SgdParams(0.05f, 0f, 0f, false, 0.01f),
                new SgdParams(0.05f, 0.9f, 0f, false, 0f), new SgdParams(0.05f, 0.9f, 0.3f, false, 0.02f),
                new SgdParams(0.05f, 0.8f, 0f, true, 0f), new SgdParams(0.05f, 0.8f, 0f, true, 0.01f));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 33, 257, 4099, 300_007})
    void sgdMatchesScalarCode(int n) {
        for (SgdParams h : sgdVariants()) {
            float[] p = random(n, 11), buf = new float[n];
            Tensor tp = view(p, 3);
            Tensor tb = h.momentum() == 0 ? null : view(buf, 9);
            for (int step = 1; step <= STEPS; step++) {
                float[] g = random(n, 200 + step);
                Tensor tg = view(g, 4);
                ops.sgdStep(tp, tg, tb, h, step == 1);
                scalarSgd(p, g, buf, h, step == 1);
                String what = h + " step " + step + " n=" + n;
                UPDATE.assertClose(what + " param", backend.toHost(tp), p);
                if (tb != null) {
                    UPDATE.assertClose(what + " momentum buffer", backend.toHost(tb), buf);
                }
                assertArrayEquals(g, backend.toHost(tg), "the gradient must not change");
            }
            releaseAll();
        }
    }

    /** torch.optim.SGD (1.13), one element at a time. */
    private static void scalarSgd(float[] p, float[] g, float[] buf, SgdParams h, boolean first) {
        for (int i = 0; i < p.length; i++) {
            float d = g[i];
            if (h.weightDecay() != 0) {
                d = d + h.weightDecay() * p[i];
            }
            if (h.momentum() != 0) {
                buf[i] = first ? d : h.momentum() * buf[i] + (1 - h.dampening()) * d;
                d = h.nesterov() ? d + h.momentum() * buf[i] : buf[i];
            }
            p[i] = p[i] - h.lr() * d;
        }
    }

    @Test
    void sgdWithMomentumNeedsABuffer() {
        Tensor p = view(new float[3], 1), g = view(new float[3], 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.sgdStep(p, g, null, new SgdParams(0.1f, 0.9f, 0f, false, 0f), true));
        assertTrue(e.getMessage().contains("momentumBuffer"), e.getMessage());
    }

    // ----------------------------------------------------------------------- GEMM

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 33, 70, 257})
    void gemmMatchesScalarCode(int size) {
        // 257: 2·257³ FLOPs is far above Sgemm's threshold for splitting a call across its threads.
        int[][] shapes = {{size, size, size}, {size, 3, 17}, {1, size, 33}, {17, 1, size}, {33, size, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int variant = 0; variant < 8; variant++) {
                boolean ta = (variant & 1) != 0, tb = (variant & 2) != 0, beta0 = (variant & 4) != 0;
                float[] a = random(m * k, 31), b = random(k * n, 32), c = random(m * n, 33);
                if (beta0) {
                    java.util.Arrays.fill(c, Float.NaN);
                }
                Tensor tA = view(a, 3, ta ? new int[] {k, m} : new int[] {m, k});
                Tensor tB = view(b, 1, tb ? new int[] {n, k} : new int[] {k, n});
                Tensor tC = view(c, 5, m, n);
                float alpha = 0.7f, beta = beta0 ? 0f : 0.3f;
                ops.gemm(ta, tb, alpha, tA, tB, beta, tC);
                float[] expected = new float[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        for (int q = 0; q < k; q++) {
                            sum += (double) (ta ? a[q * m + i] : a[i * k + q]) * (tb ? b[j * k + q] : b[q * n + j]);
                        }
                        expected[i * n + j] = (float) (alpha * sum + (beta0 ? 0 : beta * c[i * n + j]));
                    }
                }
                new Tolerance(1e-6 * k, 1e-5).assertClose("gemm m=" + m + " n=" + n + " k=" + k + " transA=" + ta
                        + " transB=" + tb + " beta=" + beta, backend.toHost(tC), expected);
                releaseAll();
            }
        }
    }

    @Test
    void gemmNamesBothShapesOnAMismatch() {
        Tensor a = view(new float[12], 0, 3, 4), b = view(new float[10], 0, 5, 2), c = view(new float[6], 0, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.gemm(false, false, 1f, a, b, 0f, c));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5, 2]"), e.getMessage());
        Tensor wrongC = view(new float[8], 0, 4, 2);
        Tensor b2 = view(new float[8], 0, 4, 2);
        e = assertThrows(IllegalArgumentException.class, () -> ops.gemm(false, false, 1f, a, b2, 0f, wrongC));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[3, 4]"), e.getMessage());
    }

    @Test
    void gemmOfZeroSizesIsANoOpOrZerosC() {
        Tensor a = view(new float[0], 1, 3, 0), b = view(new float[0], 1, 0, 2), c = view(random(6, 1), 1, 3, 2);
        ops.gemm(false, false, 1f, a, b, 0f, c);
        assertArrayEquals(new float[6], backend.toHost(c));
        Tensor a0 = view(new float[0], 1, 0, 4), b0 = view(new float[8], 1, 4, 2), c0 = view(new float[0], 1, 0, 2);
        ops.gemm(false, false, 1f, a0, b0, 1f, c0);
    }

    // ---------------------------------------------------------------- elementwise

    @Test
    void elementwiseOpsMatchScalarCode() {
        for (int n : SIZES) {
            float[] x = random(n, 1), y = random(n, 2);
            Tensor tx = view(x, 3), ty = view(y, 6);
            ops.axpy(-0.75f, tx, ty);
            for (int i = 0; i < n; i++) {
                y[i] += -0.75f * x[i];
            }
            UPDATE.assertClose("axpy n=" + n, backend.toHost(ty), y);
            ops.scale(ty, 1.5f);
            for (int i = 0; i < n; i++) {
                y[i] *= 1.5f;
            }
            UPDATE.assertClose("scale n=" + n, backend.toHost(ty), y);
            ops.mul(tx, ty, ty);
            for (int i = 0; i < n; i++) {
                y[i] *= x[i];
            }
            UPDATE.assertClose("mul aliasing b n=" + n, backend.toHost(ty), y);
            double sum = 0;
            for (float f : x) {
                sum += (double) f * f;
            }
            for (float f : y) {
                sum += (double) f * f;
            }
            Tensor out = view(new float[1], 2);
            ops.sumOfSquares(List.of(tx, ty), out);
            assertEquals(sum, backend.readScalar(out), 1e-6 * sum, "sumOfSquares n=" + n);
            Tensor factor = view(new float[] {0.5f}, 1);
            ops.scaleBy(ty, factor);
            for (int i = 0; i < n; i++) {
                y[i] *= 0.5f;
            }
            UPDATE.assertClose("scaleBy n=" + n, backend.toHost(ty), y);
            if (n > 2) {
                y[1] = Float.NaN;
                backend.copyFromHost(y, 0, ty);
            }
            ops.clamp(ty, -0.1f, 0.2f);
            for (int i = 0; i < n; i++) {
                y[i] = y[i] < -0.1f ? -0.1f : y[i] > 0.2f ? 0.2f : y[i];
            }
            float[] clamped = backend.toHost(ty);
            if (n > 2) {
                assertTrue(Float.isNaN(clamped[1]), "clamp keeps NaN");
                clamped[1] = y[1] = 0f;
                backend.copyFromHost(y, 0, ty);
            }
            UPDATE.assertClose("clamp n=" + n, clamped, y);
            ops.fill(tx, 2.5f);
            float[] filled = new float[n];
            java.util.Arrays.fill(filled, 2.5f);
            assertArrayEquals(filled, backend.toHost(tx), "fill n=" + n);
            releaseAll();
        }
    }

    @Test
    void fillOfAnIntTensorNeedsAnInteger() {
        try (Tensor ints = backend.allocate(ElementType.INT32, 2, 3)) {
            ops.fill(ints, 7f);
            assertArrayEquals(new int[] {7, 7, 7, 7, 7, 7}, backend.toHostInts(ints));
            assertThrows(IllegalArgumentException.class, () -> ops.fill(ints, 0.5f));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 33, 257})
    void biasOpsMatchScalarCode(int f) {
        for (int rows : new int[] {1, 3, 17, 2049}) {
            float[] y = random(rows * f, 1), bias = random(f, 2), sums = random(f, 3);
            Tensor ty = view(y, 3, rows, f), tb = view(bias, 1, f), ts = view(sums, 2, f);
            ops.addBias(ty, tb);
            ops.addColumnSums(ty, ts);
            double[] colSum = new double[f];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < f; j++) {
                    y[r * f + j] += bias[j];
                    colSum[j] += y[r * f + j];
                }
            }
            for (int j = 0; j < f; j++) {
                sums[j] += (float) colSum[j];
            }
            UPDATE.assertClose("addBias " + rows + "x" + f, backend.toHost(ty), y);
            new Tolerance(1e-6 * rows, 1e-5).assertClose("addColumnSums " + rows + "x" + f, backend.toHost(ts),
                    sums);
            releaseAll();
        }
    }

    @Test
    void zeroSizeTensorsAreFine() {
        Tensor e1 = view(new float[0], 2), e2 = view(new float[0], 4), e3 = view(new float[0], 1);
        ops.axpy(2f, e1, e2);
        ops.scale(e1, 3f);
        ops.mul(e1, e2, e3);
        ops.fill(e1, 1f);
        ops.adamStep(e1, e2, e3, view(new float[0], 3), AdamParams.adam(0.1f), 1);
        ops.sgdStep(e1, e2, e3, new SgdParams(0.1f, 0.9f, 0f, false, 0f), false);
        Tensor out = view(new float[] {9f}, 1);
        ops.sumOfSquares(List.of(e1, e2), out);
        assertEquals(0f, backend.readScalar(out));
        Tensor y = view(new float[0], 1, 0, 5), bias = view(new float[5], 1, 5);
        ops.addBias(y, bias);
        ops.addColumnSums(y, bias);
        assertArrayEquals(new float[5], backend.toHost(bias));
    }

    // -------------------------------------------------------------------- helpers

    /** A view of data's length (or of the given shape) at element {@code offset} of a larger, guarded root. */
    private Tensor view(float[] data, int offset, int... shape) {
        int[] s = shape.length == 0 ? new int[] {data.length} : shape;
        float[] all = random(GUARD + offset + data.length + GUARD, 99 + data.length);
        Tensor root = backend.fromHost(all, all.length);
        Tensor v = root.view(GUARD + offset, s);
        backend.copyFromHost(data, 0, v);
        float[] guard = new float[2 * GUARD];
        System.arraycopy(all, 0, guard, 0, GUARD);
        System.arraycopy(all, all.length - GUARD, guard, GUARD, GUARD);
        roots.add(root);
        guards.add(guard);
        return v;
    }

    private void releaseAll() {
        checkGuardsAndRelease();
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }
}
