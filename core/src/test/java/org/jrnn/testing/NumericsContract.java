package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Backend;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ParameterSet;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.tensor.Tensor;
import org.jrnn.testing.Fixtures.Case;
import org.jrnn.testing.Fixtures.Run;
import org.jrnn.train.Loss;
import org.jrnn.train.NonFiniteLossException;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.TrainingReport;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numerics every CPU backend must get right: exploding gradients with and without clipping, and saturating
 * activations, checked against values known in closed form and against the reference backend.
 *
 * <p>The exploding network: a tanh RNN (I = 2, H = 4) whose only non-zero weights are {@code W_hh = 2·Id} and the
 * head's weights w, fed zero inputs, read at its last step by a linear head, MSE against 1. The state stays exactly 0,
 * where tanh' = 1, so the gradient doubles at every step back: with B sequences and dL/dpred = -2/B each, both RNN
 * biases get exactly {@code G_j = -2·w_j·(2^T - 1)} and the head's bias -2; every other gradient is 0. The global
 * norm is {@code sqrt(8·(2^T-1)²·|w|² + 4)}, finite as a float for T &lt;= 61 and its square overflowing float32
 * for T &gt;= 62; the gradient itself overflows for T &gt;= 128. {@code tools/numerics/exploding_torch.py} runs the same
 * network in PyTorch 1.13: its gradients equal the closed form, its norm is infinite at T = 100 (so
 * {@code clip_grad_norm_} makes a zero step there) and its gradients are NaN at T = 150.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NumericsContract {

    protected abstract Backend newBackend();

    /** How close this backend must be to the reference (its stated tolerance). */
    protected abstract Tolerance referenceTolerance();

    private Backend backend;
    private Backend reference;

    @BeforeAll
    void open() {
        backend = newBackend();
        reference = new ReferenceBackend();
    }

    @AfterAll
    void close() {
        assertEquals(0, backend.memoryInUse().tensors(), "every tensor closed");
        backend.close();
        reference.close();
    }

    // ------------------------------------------------------------------ exploding gradients

    private static final float[] HEAD_W = {0.5f, -0.25f, 0.75f, 1f};
    private static final int B = 2, I = 2, H = 4;
    private static final float LR = 1e-3f;

    private SequenceModel explodingModel() {
        ModelSpec spec = new ModelSpec(null, new RnnSpec(CellType.RNN_TANH, I, H, 1, false, true, 0f), Readout.LAST,
                HeadSpec.linear(1));
        SequenceModel model = SequenceModel.create(backend, spec);
        ParameterSet p = model.parameters();
        float[] flat = new float[p.count()];
        int whh = p.entry("rnn.weight_hh_l0").offset();
        for (int j = 0; j < H; j++) {
            flat[whh + j * H + j] = 2f;
        }
        System.arraycopy(HEAD_W, 0, flat, p.entry("head.weight").offset(), H);
        backend.copyFromHost(flat, 0, p.flat());
        return model;
    }

    private static SequenceDataset zeroInputs(int T) {
        return SequenceDataset.ofFeatures(new float[B * T * I], B, T, I, null, new float[] {1f, 1f}, B, 1);
    }

    /** The exact gradient of the exploding network after one batch, in the model's flat layout. */
    private static double[] explodingGradient(ParameterSet p, int T) {
        double[] g = new double[p.count()];
        double growth = Math.pow(2, T) - 1;
        for (String bias : new String[] {"rnn.bias_ih_l0", "rnn.bias_hh_l0"}) {
            for (int j = 0; j < H; j++) {
                g[p.entry(bias).offset() + j] = -2.0 * HEAD_W[j] * growth;
            }
        }
        g[p.entry("head.bias").offset()] = -2.0;
        return g;
    }

    private static double norm(double[] g) {
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private TrainingReport train(SequenceModel model, int T, TrainerConfig config) {
        try (Optimizer sgd = new Optimizer(model, OptimizerSpec.sgd(LR, 0f, 0f, false, 0f), List.of());
             Trainer t = new Trainer(model, sgd, Loss.of(Loss.Kind.MSE), config)) {
            return t.fit(zeroInputs(T), null);
        }
    }

    private static TrainerConfig oneStep() {
        return TrainerConfig.of(1, B, 1).withShuffle(false).withMaxSteps(1);
    }

    /** Each parameter after one SGD step from the exploding network's weights equals before - lr * update. */
    private void assertStep(String what, float[] before, float[] after, double[] update) {
        for (int i = 0; i < before.length; i++) {
            double expected = before[i] - LR * update[i];
            if (!(Math.abs(after[i] - expected) <= 1e-6 * Math.abs(LR * update[i]) + 1e-12)) {
                fail(what + ": parameter " + i + " = " + after[i] + " but " + expected + " expected");
            }
        }
    }

    private void assertAllFinite(String what, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                fail(what + "[" + i + "] = " + a[i]);
            }
        }
    }

    @Test
    void withoutClippingAHugeFiniteGradientIsAppliedAsIs() {
        int T = 20;
        try (SequenceModel model = explodingModel()) {
            float[] before = backend.toHost(model.parameters().flat());
            TrainingReport r = train(model, T, oneStep());
            assertEquals(1, r.steps());
            double[] g = explodingGradient(model.parameters(), T);
            assertTrue(norm(g) > 1e6, "the gradient norm " + norm(g) + " has exploded");
            assertStep("no clipping, T = " + T, before, backend.toHost(model.parameters().flat()), g);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 150})
    void withoutClippingANonFiniteGradientNormStopsTrainingAndKeepsTheWeights(int T) {
        // T = 100: every gradient is finite (at most 2.5e30) but its squared norm overflows float32;
        // T = 150: the gradient itself overflows.
        try (SequenceModel model = explodingModel()) {
            float[] before = backend.toHost(model.parameters().flat());
            var e = assertThrows(NonFiniteLossException.class, () -> train(model, T, oneStep()));
            assertTrue(e.getMessage().startsWith("the gradient norm became non-finite at epoch 1, batch 1; the weights"
                    + " from before this batch are kept"), e.getMessage());
            assertEquals(0, e.epoch());
            assertEquals(0, e.batch());
            assertArrayEquals(before, backend.toHost(model.parameters().flat()), "weights unchanged");
        }
    }

    @Test
    void skippingNonFiniteBatchesCountsTheBatchAndKeepsTheWeights() {
        try (SequenceModel model = explodingModel()) {
            float[] before = backend.toHost(model.parameters().flat());
            TrainingReport r = train(model, 150, oneStep().withSkipNonFinite(true));
            assertEquals(1, r.skippedBatches());
            assertEquals(0, r.steps());
            assertArrayEquals(before, backend.toHost(model.parameters().flat()), "weights unchanged");
        }
    }

    /**
     * PyTorch 1.13's {@code clip_grad_norm_(max_norm)}: every gradient times {@code min(1, max_norm / (norm + 1e-6))}.
     * The first step's update is then exactly that, of norm at most lr * max_norm, and training goes on with finite
     * weights.
     */
    @ParameterizedTest
    @ValueSource(ints = {20, 50, 61})
    void clippingByNormBoundsTheUpdateAsClipGradNorm(int T) {
        float maxNorm = 1f;
        try (SequenceModel model = explodingModel()) {
            float[] before = backend.toHost(model.parameters().flat());
            train(model, T, oneStep().withClipNorm(maxNorm));
            float[] after = backend.toHost(model.parameters().flat());
            double[] g = explodingGradient(model.parameters(), T);
            double coef = Math.min(1.0, maxNorm / (norm(g) + 1e-6));
            double[] clipped = new double[g.length];
            double step = 0;
            for (int i = 0; i < g.length; i++) {
                clipped[i] = coef * g[i];
                step += (double) (after[i] - before[i]) * (after[i] - before[i]);
            }
            assertStep("clip norm " + maxNorm + ", T = " + T, before, after, clipped);
            assertTrue(Math.sqrt(step) <= LR * maxNorm * (1 + 1e-5), "update norm " + Math.sqrt(step));
            assertTrainingGoesOn(model, T, maxNorm, Float.NaN);
        }
    }

    /**
     * {@code clip_grad_value_(v)}: every gradient clamped to [-v, v], so each parameter moves by at most lr * v; at
     * T = 100 too, where the unclamped gradient's squared norm overflows float32 but every element is finite.
     */
    @ParameterizedTest
    @ValueSource(ints = {20, 100})
    void clippingByValueBoundsEveryElement(int T) {
        float v = 0.5f;
        try (SequenceModel model = explodingModel()) {
            float[] before = backend.toHost(model.parameters().flat());
            train(model, T, oneStep().withClipValue(v));
            double[] g = explodingGradient(model.parameters(), T);
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.max(-v, Math.min(v, g[i]));
            }
            assertStep("clip value " + v + ", T = " + T, before, backend.toHost(model.parameters().flat()), g);
            assertTrainingGoesOn(model, T, Float.NaN, v);
        }
    }

    /** Twenty more steps from the clipped first one: every step taken, the weights finite. */
    private void assertTrainingGoesOn(SequenceModel model, int T, float clipNorm, float clipValue) {
        TrainingReport more = train(model, T, new TrainerConfig(20, 20, B, false, 1, clipNorm, clipValue, false, 0,
                null));
        assertEquals(20, more.steps());
        assertEquals(0, more.skippedBatches());
        assertTrue(Double.isFinite(more.last().trainLoss()), "loss " + more.last().trainLoss());
        assertAllFinite("weights after 21 clipped steps", backend.toHost(model.parameters().flat()));
    }

    /**
     * With clipping by norm and a finite gradient whose squared norm overflows float32 (T = 100), the trainer stops
     * with the non-finite message rather than scaling the gradient by max_norm / inf = 0. PyTorch 1.13 computes the
     * same infinite norm in float32 and, with its default {@code error_if_nonfinite=False}, silently makes a zero
     * update; jrnn's rule is PyTorch's {@code error_if_nonfinite=True} (or skip the batch, counted).
     */
    @Test
    void clippingByNormStopsWhenTheNormItselfOverflows() {
        try (SequenceModel model = explodingModel()) {
            float[] before = backend.toHost(model.parameters().flat());
            var e = assertThrows(NonFiniteLossException.class,
                    () -> train(model, 100, oneStep().withClipNorm(1f)));
            assertTrue(e.getMessage().startsWith("the gradient norm became non-finite"), e.getMessage());
            assertArrayEquals(before, backend.toHost(model.parameters().flat()), "weights unchanged");
        }
    }

    // ------------------------------------------------------------------ saturating activations

    private static final float[] EXTREMES = {Float.NEGATIVE_INFINITY, -1e30f, -1e4f, -100f, -30f, 0f, 30f, 100f,
            1e4f, 1e30f, Float.POSITIVE_INFINITY};

    /**
     * tanh and sigmoid saturate to exactly ±1, 1 and (as near as the backend's stated floor) 0; relu passes the value;
     * the slopes there are exactly 0 (tanh), at most 1e-37 (sigmoid) and 0/1 (relu): no NaN from an overflowing exp.
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "SIGMOID", "RELU"})
    void activationsSaturateExactlyWithFiniteSlopes(Activation f) {
        float[] dy = new float[EXTREMES.length];
        java.util.Arrays.fill(dy, 1f);
        float[] y;
        float[] dx;
        try (Tensor x = backend.fromHost(EXTREMES, EXTREMES.length); Tensor out = backend.allocate(EXTREMES.length);
             Tensor g = backend.fromHost(dy, dy.length); Tensor d = backend.allocate(dy.length)) {
            backend.ops().activation(f, x, out);
            backend.ops().activationBackward(f, out, g, d);
            y = backend.toHost(out);
            dx = backend.toHost(d);
        }
        for (int i = 0; i < EXTREMES.length; i++) {
            float x = EXTREMES[i];
            String at = f + "(" + x + ")";
            switch (f) {
                case TANH -> {
                    assertEquals(Math.signum(x), y[i], at);
                    assertEquals(x == 0f ? 1f : 0f, dx[i], at + " slope");
                }
                case SIGMOID -> {
                    if (x > 0f) {
                        assertEquals(1f, y[i], at);
                        assertEquals(0f, dx[i], at + " slope");
                    } else if (x == 0f) {
                        assertEquals(0.5f, y[i], at);
                        assertEquals(0.25f, dx[i], at + " slope");
                    } else if (x <= -100f) {
                        assertTrue(y[i] >= 0f && y[i] <= 1e-37f, at + " = " + y[i]);
                        assertTrue(dx[i] >= 0f && dx[i] <= 1e-37f, at + " slope = " + dx[i]);
                    } else {
                        assertEquals(Math.exp(x), y[i], 1e-6 * Math.exp(x), at); // -30: 9.4e-14
                    }
                }
                case RELU -> {
                    assertEquals(Math.max(x, 0f), y[i], at);
                    assertEquals(x > 0f ? 1f : 0f, dx[i], at + " slope");
                }
                default -> throw new AssertionError(f);
            }
        }
    }

    /**
     * Whole cells driven by inputs of ±1e4 and ±1e30 (pre-activations of that size): the outputs and every gradient are
     * finite and equal to the reference's. Relu cells carry values of 1e30 through sums, so their gradients are
     * compared with a tolerance scaled by each tensor's largest value (float32 sums of terms of size M carry errors of
     * M·2^-24 whatever the result).
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void hugePreActivationsGiveFiniteGradientsEqualToTheReference(CellType cell) {
        for (float scale : new float[] {1e4f, 1e30f}) {
            RnnSpec spec = new RnnSpec(cell, 1, 3, 2, false, true, 0f);
            int T = 4, Bt = 2;
            Case c = Case.random(spec, T, Bt, null, 4242);
            float[] x = new float[T * Bt];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 3 == 0 ? -scale : scale);
            }
            c = c.withInput(x);
            Run expected = Fixtures.run(reference, c, true);
            Run actual = Fixtures.run(backend, c, true);
            String what = cell + " with inputs of ±" + scale;
            for (float[][] pair : new float[][][] {{actual.output(), expected.output()}, {actual.hN(), expected.hN()},
                    {actual.gradInput(), expected.gradInput()}, {actual.gradH0(), expected.gradH0()},
                    {actual.gradParams(), expected.gradParams()}}) {
                assertAllFinite(what, pair[0]);
            }
            Tolerance tol = referenceTolerance();
            tol.assertClose(what + ": output", actual.output(), expected.output());
            if (cell != CellType.RNN_RELU) {
                for (float v : actual.output()) {
                    assertTrue(Math.abs(v) <= 1f, what + ": |h| <= 1");
                }
                tol.assertClose(what + ": grad input", actual.gradInput(), expected.gradInput());
                tol.assertClose(what + ": grad params", actual.gradParams(), expected.gradParams());
            } else {
                assertCloseScaled(tol, what + ": grad input", actual.gradInput(), expected.gradInput());
                assertCloseScaled(tol, what + ": grad params", actual.gradParams(), expected.gradParams());
            }
        }
    }

    private static void assertCloseScaled(Tolerance tol, String what, float[] actual, float[] expected) {
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        new Tolerance(tol.atol() + tol.rtol() * scale, tol.rtol()).assertClose(what, actual, expected);
    }

    /**
     * Infinite inputs (one input feature, so no inf - inf in the projection): the gates of tanh-bounded cells saturate
     * and the outputs stay finite and equal to the reference's. Gradients are not checked: dW_ih = delta * x is
     * 0 * inf = NaN, as in PyTorch.
     */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU", "RNN_TANH"})
    void infiniteInputsSaturateTheGates(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 1, 3, 1, false, true, 0f);
        int T = 5, Bt = 2;
        float[] x = new float[T * Bt];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        Case c = Case.random(spec, T, Bt, null, 99).withInput(x).withOptions(RunOptions.INFERENCE);
        Run expected = Fixtures.run(reference, c, false);
        Run actual = Fixtures.run(backend, c, false);
        assertAllFinite(cell + " output", actual.output());
        referenceTolerance().assertClose(cell + " output", actual.output(), expected.output());
        referenceTolerance().assertClose(cell + " h_n", actual.hN(), expected.hN());
    }
}
