package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jrnn.backend.Activation;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.Backend;
import org.jrnn.backend.MemoryUse;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.SgdParams;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.testing.OpsPair.Twin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link org.jrnn.backend.TensorOps} method on the backend under test against a fresh {@link ReferenceBackend}
 * with the same seeded inputs, as views at non-zero offsets with guard elements (see {@link OpsPair}); zero sizes;
 * NaN garbage in overwritten outputs; the argument errors. Each test closes what it allocated and checks that both
 * backends' {@code memoryInUse} is back where it started.
 *
 * <p>Tolerances: {@link #opsTolerance} for everything, except gemm, whose atol grows with sqrt(k) (float
 * accumulation error of a k-term dot product of values in [-1, 1)), and dropout masks, which must be bit-identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OpsContract {

    protected abstract Backend newBackend();

    /** How close the backend under test must be to the reference for one operation. */
    protected abstract Tolerance opsTolerance();

    protected Backend backend;
    protected Backend reference;
    protected OpsPair pair;
    private MemoryUse backendStart, referenceStart;

    @BeforeAll
    void openBackends() {
        backend = newBackend();
        reference = new ReferenceBackend();
    }

    @AfterAll
    void closeBackends() {
        backend.close();
        reference.close();
    }

    @BeforeEach
    void newPair(TestInfo info) {
        backendStart = backend.memoryInUse();
        referenceStart = reference.memoryInUse();
        pair = new OpsPair(backend, reference, opsTolerance(), info.getDisplayName().hashCode());
    }

    @AfterEach
    void closePair() {
        pair.close();
        assertEquals(backendStart.tensors(), backend.memoryInUse().tensors(), "tensors leaked on " + backend.name());
        assertEquals(referenceStart.tensors(), reference.memoryInUse().tensors(), "tensors leaked on the reference");
    }

    // ---------------------------------------------------------------- linear algebra

    static Stream<Arguments> gemmCases() {
        int[][] mnk = {{1, 1, 1}, {3, 17, 33}, {17, 3, 1}, {33, 33, 17}, {257, 3, 17}, {3, 257, 33}, {17, 33, 257},
                {1, 257, 3}, {257, 1, 257}, {0, 3, 5}, {3, 0, 5}, {3, 5, 0}};
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 1f}, {-1.5f, 0.25f}};
        List<Arguments> list = new ArrayList<>();
        int i = 0;
        for (int[] s : mnk) {
            for (int t = 0; t < 4; t++) {
                float[] ab = alphaBeta[i++ % alphaBeta.length];
                list.add(Arguments.of((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1]));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4} alpha={5} beta={6}")
    @MethodSource("gemmCases")
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
        Twin a = transA ? pair.uniform("a", 1f, k, m) : pair.uniform("a", 1f, m, k);
        Twin b = transB ? pair.uniform("b", 1f, n, k) : pair.uniform("b", 1f, k, n);
        // beta = 0 must ignore c completely, NaN included.
        Twin c = beta == 0f ? pair.filled("c", Float.NaN, m, n) : pair.uniform("c", 1f, m, n);
        pair.both((ops, s) -> ops.gemm(transA, transB, alpha, a.on(s), b.on(s), beta, c.on(s)));
        Tolerance t = opsTolerance();
        pair.compare(new Tolerance(t.atol() * Math.sqrt(Math.max(1, k)), t.rtol()), c);
        pair.compareAll();
    }

    @Test
    void gemmRejectsMismatchedShapes() {
        Twin a = pair.uniform("a", 1f, 3, 4), b = pair.uniform("b", 1f, 5, 2), c = pair.filled("c", 0f, 3, 2);
        pair.rejected("b", (ops, s) -> ops.gemm(false, false, 1f, a.on(s), b.on(s), 0f, c.on(s)));
        Twin ids = pair.ints("ids", new int[12], 3, 4);
        pair.rejected("a", (ops, s) -> ops.gemm(false, false, 1f, ids.on(s), b.on(s), 0f, c.on(s)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 37})
    void biasAndColumnSums(int rows) {
        for (int f : new int[] {1, 7, 33}) {
            Twin y = pair.uniform("y", 2f, rows, f), bias = pair.uniform("bias", 1f, f);
            Twin sums = pair.uniform("sums", 1f, f);
            pair.both((ops, s) -> ops.addBias(y.on(s), bias.on(s)));
            pair.both((ops, s) -> ops.addColumnSums(y.on(s), sums.on(s)));
            pair.compareAll();
            pair.rejected("bias", (ops, s) -> ops.addBias(y.on(s), sums.on(s).view(0, f - 1)));
        }
    }

    // ------------------------------------------------------------------ elementwise

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 13, 1000})
    void elementwise(int n) {
        Twin x = pair.uniform("x", 3f, n), y = pair.uniform("y", 3f, n), out = pair.filled("out", Float.NaN, n);
        pair.both((ops, s) -> ops.scale(x.on(s), -0.75f));
        pair.both((ops, s) -> ops.axpy(1.25f, x.on(s), y.on(s)));
        pair.both((ops, s) -> ops.mul(x.on(s), y.on(s), out.on(s)));
        pair.both((ops, s) -> ops.mul(out.on(s), y.on(s), out.on(s))); // out aliases a
        pair.compareAll();
        Twin filled = pair.filled("filled", Float.NaN, n), ids = pair.ints("ids", new int[n], n);
        pair.both((ops, s) -> ops.fill(filled.on(s), -2.5f));
        pair.both((ops, s) -> ops.fill(ids.on(s), 7f));
        pair.compareAll();
        Twin longer = pair.uniform("longer", 1f, n + 1);
        pair.rejected("y", (ops, s) -> ops.axpy(1f, x.on(s), longer.on(s)));
    }

    @Test
    void fillRejectsFractionForInts() {
        Twin ids = pair.ints("ids", new int[3], 3);
        pair.rejected("int32", (ops, s) -> ops.fill(ids.on(s), 0.5f));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationAndBackward(Activation f) {
        for (int n : new int[] {0, 1, 17, 1000}) {
            float[] values = pair.uniform(n, 4f);
            if (n > 3) {
                values[0] = 30f;   // saturated
                values[1] = -30f;
                values[2] = 0f;    // relu's kink
            }
            Twin x = pair.floats("x", values, n), y = pair.filled("y", Float.NaN, n);
            Twin inPlace = pair.floats("inPlace", values, n);
            pair.both((ops, s) -> ops.activation(f, x.on(s), y.on(s)));
            pair.both((ops, s) -> ops.activation(f, inPlace.on(s), inPlace.on(s)));
            Twin dy = pair.uniform("dy", 1f, n), dx = pair.filled("dx", Float.NaN, n);
            pair.both((ops, s) -> ops.activationBackward(f, y.on(s), dy.on(s), dx.on(s)));
            pair.both((ops, s) -> ops.activationBackward(f, y.on(s), dy.on(s), dy.on(s))); // dx aliases dy
            pair.compareAll();
        }
    }

    // --------------------------------------------------------------------- clipping

    @ParameterizedTest
    @ValueSource(floats = {0.5f, 1000f})
    void clipByNorm(float maxNorm) {
        Twin g1 = pair.uniform("g1", 1f, 4, 5), g2 = pair.uniform("g2", 2f, 7), g3 = pair.uniform("g3", 1f, 0);
        Twin ss = pair.filled("sumOfSquares", Float.NaN, 1), coef = pair.filled("coef", Float.NaN, 1);
        pair.both((ops, s) -> ops.sumOfSquares(List.of(g1.on(s), g2.on(s), g3.on(s)), ss.on(s)));
        pair.both((ops, s) -> ops.clipCoefficient(ss.on(s), maxNorm, coef.on(s)));
        pair.both((ops, s) -> ops.clipCoefficient(ss.on(s), maxNorm, ss.on(s))); // out aliases sumOfSquares
        for (Twin g : new Twin[] {g1, g2, g3}) {
            pair.both((ops, s) -> ops.scaleBy(g.on(s), coef.on(s)));
        }
        Twin none = pair.filled("empty list", Float.NaN, 1);
        pair.both((ops, s) -> ops.sumOfSquares(List.of(), none.on(s)));
        pair.compareAll();
        pair.rejected("out", (ops, s) -> ops.sumOfSquares(List.of(g1.on(s)), g2.on(s)));
    }

    @Test
    void clampKeepsNaN() {
        float[] v = pair.uniform(50, 3f);
        v[0] = Float.NaN;
        v[1] = Float.POSITIVE_INFINITY;
        v[2] = Float.NEGATIVE_INFINITY;
        Twin x = pair.floats("x", v, 5, 10);
        pair.both((ops, s) -> ops.clamp(x.on(s), -1f, 1.5f));
        pair.compareAll();
    }

    // -------------------------------------------------------------------- embedding

    @Test
    void embeddingWithRepeatedIdsAndPadding() {
        int v = 6, e = 5;
        int[] idValues = {2, 0, 2, 5, 1, 2, 0, 5, 3, 3, 2, 4};
        Twin table = pair.uniform("table", 1f, v, e), ids = pair.ints("ids", idValues, 3, 4);
        Twin out = pair.filled("out", Float.NaN, 3, 4, e);
        pair.both((ops, s) -> ops.gatherRows(table.on(s), ids.on(s), out.on(s)));
        Twin dOut = pair.uniform("dOut", 1f, 12, e);
        Twin dTable = pair.uniform("dTable", 0.1f, v, e), dTableNoPad = pair.uniform("dTableNoPad", 0.1f, v, e);
        pair.both((ops, s) -> ops.scatterAddRows(dOut.on(s), ids.on(s), 0, dTable.on(s)));
        pair.both((ops, s) -> ops.scatterAddRows(dOut.on(s), ids.on(s), -1, dTableNoPad.on(s)));
        Twin noIds = pair.ints("noIds", new int[0], 0), noOut = pair.filled("noOut", 0f, 0, e);
        pair.both((ops, s) -> ops.gatherRows(table.on(s), noIds.on(s), noOut.on(s)));
        pair.both((ops, s) -> ops.scatterAddRows(noOut.on(s), noIds.on(s), -1, dTable.on(s)));
        pair.compareAll();
    }

    @Test
    void embeddingRejectsBadIds() {
        Twin table = pair.uniform("table", 1f, 4, 3), out = pair.filled("out", 0f, 3, 3);
        Twin bad = pair.ints("bad", new int[] {0, 4, 1}, 3), negative = pair.ints("negative", new int[] {0, 1, -1}, 3);
        String m = pair.rejected("ids", (ops, s) -> ops.gatherRows(table.on(s), bad.on(s), out.on(s)));
        pair.rejected("ids", (ops, s) -> ops.scatterAddRows(out.on(s), negative.on(s), 0, table.on(s)));
        Twin floatIds = pair.filled("floatIds", 0f, 3);
        pair.rejected("ids", (ops, s) -> ops.gatherRows(table.on(s), floatIds.on(s), out.on(s)));
        Twin good = pair.ints("good", new int[] {0, 1, 2}, 3), small = pair.filled("small", 0f, 3, 2);
        pair.rejected("out", (ops, s) -> ops.gatherRows(table.on(s), good.on(s), small.on(s)));
        pair.compareAll(); // a rejected call writes nothing
        assertEquals(true, m.contains("1") && m.contains("4"), "the message names the index and the value: " + m);
    }

    // --------------------------------------------------------------------- readouts

    @Test
    void readouts() {
        int t = 5, b = 4, f = 3;
        float[] seqValues = pair.uniform(t * b * f, 2f);
        // Ties for the max readout, where the first step must win: (b 2, j 1) peaks at t 1 and 3; (b 0, j 2) is
        // flat over its 3 valid steps.
        seqValues[(b + 2) * f + 1] = 2.5f;
        seqValues[(3 * b + 2) * f + 1] = 2.5f;
        for (int step = 0; step < t; step++) {
            seqValues[step * b * f + 2] = -0.5f;
        }
        Twin seq = pair.floats("seq", seqValues, t, b, f), lengths = pair.ints("lengths", new int[] {3, 0, 5, 1}, b);
        Twin last = pair.filled("last", Float.NaN, b, f), mean = pair.filled("mean", Float.NaN, b, f);
        Twin max = pair.filled("max", Float.NaN, b, f), argmax = pair.ints("argmax", new int[b * f], b, f);
        pair.both((ops, s) -> ops.readoutLast(seq.on(s), lengths.on(s), last.on(s)));
        pair.both((ops, s) -> ops.readoutMean(seq.on(s), lengths.on(s), mean.on(s)));
        pair.both((ops, s) -> ops.readoutMax(seq.on(s), lengths.on(s), max.on(s), argmax.on(s)));
        Twin dOut = pair.uniform("dOut", 1f, b, f), dSeq = pair.uniform("dSeq", 0.1f, t, b, f);
        pair.both((ops, s) -> ops.readoutLastBackward(dOut.on(s), lengths.on(s), dSeq.on(s)));
        pair.both((ops, s) -> ops.readoutMeanBackward(dOut.on(s), lengths.on(s), dSeq.on(s)));
        pair.both((ops, s) -> ops.readoutMaxBackward(dOut.on(s), argmax.on(s), dSeq.on(s)));
        pair.compareAll();
    }

    @Test
    void readoutsRejectBadLengths() {
        Twin seq = pair.uniform("seq", 1f, 4, 2, 3), out = pair.filled("out", 0f, 2, 3);
        Twin tooLong = pair.ints("tooLong", new int[] {5, 1}, 2), negative = pair.ints("negative", new int[] {1, -1}, 2);
        pair.rejected("lengths", (ops, s) -> ops.readoutLast(seq.on(s), tooLong.on(s), out.on(s)));
        pair.rejected("lengths", (ops, s) -> ops.readoutMean(seq.on(s), negative.on(s), out.on(s)));
        Twin wrongB = pair.ints("wrongB", new int[] {1, 1, 1}, 3);
        pair.rejected("lengths", (ops, s) -> ops.readoutLastBackward(out.on(s), wrongB.on(s), seq.on(s)));
        Twin badArgmax = pair.ints("badArgmax", new int[] {0, 1, 2, 3, 4, 0}, 2, 3);
        pair.rejected("argmax", (ops, s) -> ops.readoutMaxBackward(out.on(s), badArgmax.on(s), seq.on(s)));
        pair.compareAll();
    }

    // ----------------------------------------------------------------------- losses

    static Stream<Arguments> lossCases() {
        List<Arguments> list = new ArrayList<>();
        for (Reduction r : Reduction.values()) {
            for (boolean masked : new boolean[] {false, true}) {
                list.add(Arguments.of(r, masked));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} masked={1}")
    @MethodSource("lossCases")
    void regressionLosses(Reduction reduction, boolean masked) {
        int n = 6, o = 4;
        Twin mask = masked ? pair.floats("mask", new float[] {1, 0, 1, 1, 0, 1}, n) : null;
        Twin pred = pair.uniform("pred", 2f, n, o), target = pair.uniform("target", 2f, n, o);
        Twin grad = pair.filled("grad", Float.NaN, n, o), loss = pair.filled("loss", Float.NaN, 1);
        pair.both((ops, s) -> ops.mseLoss(pred.on(s), target.on(s), mask == null ? null : mask.on(s), reduction,
                grad.on(s), loss.on(s)));
        float[] logitValues = pair.uniform(n * o, 5f);
        logitValues[0] = 50f;
        logitValues[1] = -50f;
        logitValues[2] = 1e4f;
        logitValues[3] = -1e4f;
        Twin logits = pair.floats("logits", logitValues, n, o);
        float[] y = pair.uniform(n * o, 0.5f);
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3 == 0 ? Math.round(y[i] + 0.5f) : y[i] + 0.5f; // hard and soft labels in [0, 1]
        }
        Twin labels = pair.floats("labels", y, n, o);
        Twin bceGrad = pair.filled("bceGrad", Float.NaN, n, o), bceLoss = pair.filled("bceLoss", Float.NaN, 1);
        pair.both((ops, s) -> ops.bceWithLogitsLoss(logits.on(s), labels.on(s), mask == null ? null : mask.on(s),
                reduction, bceGrad.on(s), bceLoss.on(s)));
        Twin empty = pair.filled("empty", 0f, 0, o), emptyGrad = pair.filled("emptyGrad", 0f, 0, o);
        Twin emptyLoss = pair.filled("emptyLoss", Float.NaN, 1);
        pair.both((ops, s) -> ops.mseLoss(empty.on(s), empty.on(s), null, reduction, emptyGrad.on(s),
                emptyLoss.on(s)));
        pair.compareAll();
    }

    @ParameterizedTest(name = "{0} masked={1}")
    @MethodSource("lossCases")
    void crossEntropy(Reduction reduction, boolean masked) {
        int n = 7, c = 5;
        Twin mask = masked ? pair.floats("mask", new float[] {1, 1, 0, 1, 0, 1, 1}, n) : null;
        float[] x = pair.uniform(n * c, 4f);
        x[0] = 1e4f;
        x[c + 1] = -1e4f;
        Twin logits = pair.floats("logits", x, n, c);
        Twin targets = pair.ints("targets", new int[] {0, 1, 4, 2, 2, 3, 0}, n);
        Twin weights = pair.floats("weights", new float[] {0.5f, 2f, 1f, 0f, 3f}, c);
        for (boolean weighted : new boolean[] {false, true}) {
            Twin grad = pair.filled("grad", Float.NaN, n, c), loss = pair.filled("loss", Float.NaN, 1);
            pair.both((ops, s) -> ops.softmaxCrossEntropyLoss(logits.on(s), targets.on(s),
                    weighted ? weights.on(s) : null, mask == null ? null : mask.on(s), reduction, grad.on(s),
                    loss.on(s)));
        }
        pair.compareAll();
    }

    @Test
    void lossesRejectBadArguments() {
        Twin logits = pair.uniform("logits", 1f, 3, 4), grad = pair.filled("grad", 0f, 3, 4);
        Twin loss = pair.filled("loss", 0f, 1), badTarget = pair.ints("badTarget", new int[] {0, 4, 1}, 3);
        String m = pair.rejected("targets", (ops, s) -> ops.softmaxCrossEntropyLoss(logits.on(s), badTarget.on(s),
                null, null, Reduction.MEAN, grad.on(s), loss.on(s)));
        assertEquals(true, m.contains("[1]"), "the message names the row: " + m);
        Twin shortMask = pair.filled("shortMask", 1f, 2);
        pair.rejected("mask", (ops, s) -> ops.mseLoss(logits.on(s), logits.on(s), shortMask.on(s), Reduction.SUM,
                grad.on(s), loss.on(s)));
        Twin floatTargets = pair.filled("floatTargets", 0f, 3);
        pair.rejected("targets", (ops, s) -> ops.softmaxCrossEntropyLoss(logits.on(s), floatTargets.on(s),
                null, null, Reduction.MEAN, grad.on(s), loss.on(s)));
        pair.rejected("loss", (ops, s) -> ops.bceWithLogitsLoss(logits.on(s), logits.on(s), null, Reduction.MEAN,
                grad.on(s), grad.on(s)));
    }

    // ------------------------------------------------------------------- optimizers

    static Stream<SgdParams> sgdCases() {
        return Stream.of(SgdParams.plain(0.1f), new SgdParams(0.05f, 0.9f, 0f, false, 0f),
                new SgdParams(0.05f, 0.9f, 0.3f, false, 0.01f), new SgdParams(0.05f, 0.8f, 0f, true, 0.02f));
    }

    @ParameterizedTest
    @MethodSource("sgdCases")
    void sgdSteps(SgdParams h) {
        int n = 37;
        Twin param = pair.uniform("param", 1f, n), grad = pair.uniform("grad", 1f, n);
        Twin buffer = pair.filled("momentumBuffer", Float.NaN, n); // the first step must overwrite it
        for (int step = 0; step < 4; step++) {
            pair.set(grad, pair.uniform(n, 1f));
            boolean first = step == 0;
            pair.both((ops, s) -> ops.sgdStep(param.on(s), grad.on(s), h.momentum() == 0f ? null : buffer.on(s), h,
                    first));
            pair.compare(param, grad);
        }
        pair.compareAll();
    }

    static Stream<AdamParams> adamCases() {
        return Stream.of(AdamParams.adam(0.01f), new AdamParams(0.02f, 0.8f, 0.99f, 1e-6f, 0.05f, false),
                AdamParams.adamW(0.01f), new AdamParams(0.03f, 0.5f, 0.9f, 1e-8f, 0.1f, true));
    }

    @ParameterizedTest
    @MethodSource("adamCases")
    void adamSteps(AdamParams h) {
        int n = 37;
        Twin param = pair.uniform("param", 1f, n), grad = pair.uniform("grad", 1f, n);
        Twin m = pair.filled("expAvg", 0f, n), v = pair.filled("expAvgSq", 0f, n);
        for (int step = 1; step <= 5; step++) {
            float[] g = pair.uniform(n, 1f);
            g[0] = step == 1 ? 0f : g[0]; // v = 0 in the first step: eps alone keeps the update finite
            pair.set(grad, g);
            long st = step;
            pair.both((ops, s) -> ops.adamStep(param.on(s), grad.on(s), m.on(s), v.on(s), h, st));
            pair.compare(param, grad, m, v);
        }
        pair.rejected("step", (ops, s) -> ops.adamStep(param.on(s), grad.on(s), m.on(s), v.on(s), h, 0));
        Twin shortGrad = pair.uniform("shortGrad", 1f, n - 1);
        pair.rejected("grad", (ops, s) -> ops.adamStep(param.on(s), shortGrad.on(s), m.on(s), v.on(s), h, 1));
        pair.compareAll();
    }

    // ---------------------------------------------------------------------- dropout

    @ParameterizedTest
    @ValueSource(floats = {0f, 0.1f, 0.5f, 0.9f})
    void dropoutMaskIsBitIdentical(float p) {
        for (int n : new int[] {0, 1, 31, 4099}) {
            Twin a = pair.filled("mask", Float.NaN, n), b = pair.filled("mask stream 3", Float.NaN, 1, n);
            pair.both((ops, s) -> ops.dropoutMask(a.on(s), p, 42L, 0L));
            pair.both((ops, s) -> ops.dropoutMask(b.on(s), p, -7L, 3L));
            pair.compareExact(a, b);
        }
        Twin m = pair.filled("m", 0f, 3);
        pair.rejected("p", (ops, s) -> ops.dropoutMask(m.on(s), 1f, 1L, 0L));
    }

    // ----------------------------------------------------------------------- layout

    @Test
    void swapFirstTwo() {
        Twin src = pair.uniform("src", 1f, 3, 4, 5), dst = pair.filled("dst", Float.NaN, 4, 3, 5);
        Twin src2 = pair.uniform("src2", 1f, 2, 7), dst2 = pair.filled("dst2", Float.NaN, 7, 2);
        Twin ids = pair.ints("ids", new int[] {1, 2, 3, 4, 5, 6}, 2, 3), idsT = pair.ints("idsT", new int[6], 3, 2);
        Twin empty = pair.uniform("empty", 1f, 0, 3, 2), emptyT = pair.uniform("emptyT", 1f, 3, 0, 2);
        pair.both((ops, s) -> ops.swapFirstTwo(src.on(s), dst.on(s)));
        pair.both((ops, s) -> ops.swapFirstTwo(src2.on(s), dst2.on(s)));
        pair.both((ops, s) -> ops.swapFirstTwo(ids.on(s), idsT.on(s)));
        pair.both((ops, s) -> ops.swapFirstTwo(empty.on(s), emptyT.on(s)));
        pair.compareAll();
        pair.rejected("dst", (ops, s) -> ops.swapFirstTwo(src.on(s), src.on(s)));
    }
}
