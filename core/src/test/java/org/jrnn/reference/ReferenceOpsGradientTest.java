package org.jrnn.reference;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Reduction;
import org.jrnn.tensor.Tensor;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every backward operation against central finite differences of its forward operation, for the scalar
 * {@code L = Σ w ⊙ forward(x)} with random weights w (the upstream gradient), or the loss itself. Inputs are float32
 * and each forward output is rounded to float32, so a difference quotient with step h carries about
 * 6e-8·|L| / h of rounding noise: with h = {@value #H} and |L| of order 1 that is ~1e-5, well inside
 * {@link #FD} (atol 1e-3, rtol 1e-3). A wrong index, factor or sign gives errors of order 1.
 */
class ReferenceOpsGradientTest extends OpsFixture {
    static final float H = 1e-2f;
    static final Tolerance FD = new Tolerance(1e-3, 1e-3);

    private final SplittableRandom random = new SplittableRandom(7);

    private float[] uniform(int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** ∂L/∂x_i by central differences, perturbing one element at a time; {@code l} maps x to L. */
    private static float[] numeric(float[] x, Function<float[], Double> l) {
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float[] plus = x.clone(), minus = x.clone();
            plus[i] += H;
            minus[i] -= H;
            g[i] = (float) ((l.apply(plus) - l.apply(minus)) / ((double) plus[i] - minus[i]));
        }
        return g;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationBackward(Activation f) {
        int n = 40;
        float[] x = uniform(n, 3);
        for (int i = 0; i < n; i++) {
            if (f == Activation.RELU && Math.abs(x[i]) < 2 * H) {
                x[i] += 4 * H; // away from the kink, where the central difference mixes two slopes
            }
        }
        float[] w = uniform(n, 1);
        Tensor y = zeros(n), dx = zeros(n), wt = floats(w, n);
        ops.activation(f, floats(x, n), y);
        ops.activationBackward(f, y, wt, dx);
        FD.assertClose(f + " dx", get(dx), numeric(x, xs -> {
            Tensor ys = zeros(n);
            ops.activation(f, floats(xs, n), ys);
            return dot(w, get(ys));
        }));
    }

    @Test
    void scatterAddRowsIsTheGradientOfGatherRows() {
        int v = 5, e = 3;
        int[] ids = {4, 1, 1, 0, 4, 4};
        float[] table = uniform(v * e, 1), w = uniform(ids.length * e, 1);
        Tensor idsT = ints(ids, ids.length), dTable = zeros(v, e);
        ops.scatterAddRows(floats(w, ids.length, e), idsT, -1, dTable);
        FD.assertClose("dTable", get(dTable), numeric(table, t -> {
            Tensor out = zeros(ids.length, e);
            ops.gatherRows(floats(t, v, e), idsT, out);
            return dot(w, get(out));
        }));
    }

    private interface Readout {
        void forward(Tensor seq, Tensor out);
    }

    /** The backward pass of a readout; it may need the forward input (max: its argmax). */
    private interface ReadoutBackward {
        void backward(Tensor seq, Tensor dOut, Tensor dSeq);
    }

    /** seq [4, 3, 2], dOut [3, 2]. */
    private void checkReadout(String what, float[] seq, Readout forward, ReadoutBackward backward) {
        int t = 4, b = 3, f = 2;
        float[] w = uniform(b * f, 1);
        Tensor dSeq = zeros(t, b, f);
        backward.backward(floats(seq, t, b, f), floats(w, b, f), dSeq);
        FD.assertClose(what + " dSeq", get(dSeq), numeric(seq, s -> {
            Tensor out = zeros(b, f);
            forward.forward(floats(s, t, b, f), out);
            return dot(w, get(out));
        }));
    }

    @Test
    void readoutBackwards() {
        Tensor lengths = ints(new int[] {3, 0, 4}, 3); // a zero length and a full one (T = 4)
        checkReadout("last", uniform(24, 2), (s, o) -> ops.readoutLast(s, lengths, o),
                (s, d, g) -> ops.readoutLastBackward(d, lengths, g));
        checkReadout("mean", uniform(24, 2), (s, o) -> ops.readoutMean(s, lengths, o),
                (s, d, g) -> ops.readoutMeanBackward(d, lengths, g));
        // Distinct values 0.1 apart (a shuffled ramp): no ±H perturbation changes which step is the maximum.
        float[] ramp = new float[24];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 0.1f * ((i * 7) % 24) - 1f; // 7 is coprime to 24: a permutation of 0..23
        }
        checkReadout("max", ramp, (s, o) -> ops.readoutMax(s, lengths, o, ints(new int[6], 3, 2)),
                (s, d, g) -> {
                    Tensor argmax = ints(new int[6], 3, 2);
                    ops.readoutMax(s, lengths, zeros(3, 2), argmax);
                    ops.readoutMaxBackward(d, argmax, g);
                });
    }

    private interface Loss {
        void run(Tensor input, Tensor grad, Tensor loss);
    }

    /** The loss's gradient output against differences of its value, over an input [n, c]. */
    private void checkLoss(String what, float[] input, int n, int c, Loss loss) {
        Tensor grad = zeros(n, c), value = zeros(1);
        loss.run(floats(input, n, c), grad, value);
        FD.assertClose(what + " grad", get(grad), numeric(input, x -> {
            Tensor v = zeros(1);
            loss.run(floats(x, n, c), zeros(n, c), v);
            return (double) scalar(v);
        }));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void lossGradients(Reduction r) {
        int n = 5, c = 4;
        Tensor target = floats(uniform(n * c, 1), n, c), mask = floats(new float[] {1, 0, 1, 1, 0}, n);
        float[] p = new float[n * c];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.5f * (1 + (float) random.nextDouble()); // labels in [0.5, 1)
        }
        Tensor labels = floats(p, n, c);
        Tensor classes = ints(new int[] {3, 0, 1, 1, 2}, n), weights = floats(new float[] {0.5f, 2, 1, 3}, c);
        for (Tensor m : new Tensor[] {null, mask}) {
            String how = r + (m == null ? "" : " masked");
            checkLoss("mse " + how, uniform(n * c, 2), n, c, (x, g, l) -> ops.mseLoss(x, target, m, r, g, l));
            checkLoss("bce " + how, uniform(n * c, 4), n, c,
                    (x, g, l) -> ops.bceWithLogitsLoss(x, labels, m, r, g, l));
            for (Tensor w : new Tensor[] {null, weights}) {
                checkLoss("cross-entropy " + how + (w == null ? "" : " weighted"), uniform(n * c, 3), n, c,
                        (x, g, l) -> ops.softmaxCrossEntropyLoss(x, classes, w, m, r, g, l));
            }
        }
    }
}
