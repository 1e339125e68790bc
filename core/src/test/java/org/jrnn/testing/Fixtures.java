package org.jrnn.testing;

import java.util.SplittableRandom;
import org.jrnn.BackwardResult;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.Tensor;

/** Random, seeded inputs for tests, and a forward-plus-backward run whose every result comes back on the host. */
public final class Fixtures {
    private Fixtures() {}

    public static float[] uniform(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    /** Everything a test compares, as host arrays (time-major unless the case says batch-first). */
    public record Run(float[] output, float[] hN, float[] cN, float[] gradInput, float[] gradH0, float[] gradC0,
                      float[] gradParams) {}

    /** One problem: a spec, its parameters and every input of a forward and backward pass. */
    public record Case(RnnSpec spec, int steps, int batch, float[] params, float[] input, float[] h0, float[] c0,
                       int[] lengths, float[] gradOutput, float[] gradHn, float[] gradCn, RunOptions options) {

        /** A random case; lengths null means all T; weights scaled so that activations stay in a useful range. */
        public static Case random(RnnSpec spec, int steps, int batch, int[] lengths, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int P = spec.parameterLayout().size();
            int stateSize = spec.layers() * spec.directions() * batch * spec.hiddenSize();
            double w = 1.0 / Math.sqrt(spec.hiddenSize());
            float[] params = uniform(r, P, Math.max(w, 0.3));
            float[] input = uniform(r, steps * batch * spec.inputSize(), 1.0);
            float[] h0 = uniform(r, stateSize, 0.5);
            float[] c0 = spec.cell().hasCellState() ? uniform(r, stateSize, 0.5) : null;
            float[] gOut = uniform(r, steps * batch * spec.outputSize(), 1.0);
            float[] gH = uniform(r, stateSize, 1.0);
            float[] gC = spec.cell().hasCellState() ? uniform(r, stateSize, 1.0) : null;
            return new Case(spec, steps, batch, params, input, h0, c0, lengths, gOut, gH, gC, RunOptions.TRAINING);
        }

        public Case withOptions(RunOptions o) {
            return new Case(spec, steps, batch, params, input, h0, c0, lengths, gradOutput, gradHn, gradCn, o);
        }

        public Case withParams(float[] p) {
            return new Case(spec, steps, batch, p, input, h0, c0, lengths, gradOutput, gradHn, gradCn, options);
        }

        public Case withInput(float[] x) {
            return new Case(spec, steps, batch, params, x, h0, c0, lengths, gradOutput, gradHn, gradCn, options);
        }

        public Case withH0(float[] h) {
            return new Case(spec, steps, batch, params, input, h, c0, lengths, gradOutput, gradHn, gradCn, options);
        }

        public Case withC0(float[] c) {
            return new Case(spec, steps, batch, params, input, h0, c, lengths, gradOutput, gradHn, gradCn, options);
        }

        public int[] inputShape() {
            return options.batchFirst() ? new int[] {batch, steps, spec.inputSize()}
                    : new int[] {steps, batch, spec.inputSize()};
        }

        public int[] outputShape() {
            return options.batchFirst() ? new int[] {batch, steps, spec.outputSize()}
                    : new int[] {steps, batch, spec.outputSize()};
        }

        /** The scalar whose gradients backward computes: sum(out*gOut) + sum(hN*gH) + sum(cN*gC), in double. */
        public double loss(Run run) {
            double s = dot(run.output(), gradOutput) + dot(run.hN(), gradHn);
            if (gradCn != null) {
                s += dot(run.cN(), gradCn);
            }
            return s;
        }
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /**
     * Streams the case through {@link Rnn#step} one time step at a time (unidirectional specs, time-major input),
     * starting from its h0/c0; returns the top layer's output of every step [T, B, H] and the final state.
     */
    public static Run runSteps(Backend backend, Case c) {
        RnnSpec spec = c.spec();
        int T = c.steps(), B = c.batch(), H = spec.hiddenSize(), I = spec.inputSize();
        try (Rnn rnn = backend.createRnn(spec); org.jrnn.RnnState state = rnn.newState(B);
             Tensor x = backend.allocate(B, I); Tensor out = backend.allocate(B, H)) {
            backend.copyFromHost(c.params(), 0, rnn.parameters());
            if (c.h0() != null) {
                backend.copyFromHost(c.h0(), 0, state.h());
            }
            if (c.c0() != null) {
                backend.copyFromHost(c.c0(), 0, state.c());
            }
            float[] outputs = new float[T * B * H];
            for (int t = 0; t < T; t++) {
                backend.copyFromHost(java.util.Arrays.copyOfRange(c.input(), t * B * I, (t + 1) * B * I), 0, x);
                rnn.step(x, state, out);
                backend.copyToHost(out, outputs, t * B * H);
            }
            return new Run(outputs, backend.toHost(state.h()), state.c() == null ? null : backend.toHost(state.c()),
                    null, null, null, null);
        }
    }

    /** Runs the case on a backend: forward (training) and, if {@code backward}, BPTT from zeroed gradients. */
    public static Run run(Backend backend, Case c, boolean backward) {
        try (Rnn rnn = backend.createRnn(c.spec())) {
            backend.copyFromHost(c.params(), 0, rnn.parameters());
            int[] stateShape = c.spec().stateShape(c.batch());
            try (Tensor x = backend.fromHost(c.input(), c.inputShape());
                 Tensor h0 = c.h0() == null ? null : backend.fromHost(c.h0(), stateShape);
                 Tensor c0 = c.c0() == null ? null : backend.fromHost(c.c0(), stateShape);
                 ForwardResult f = rnn.forward(x, h0, c0, c.lengths(), c.options())) {
                float[] out = backend.toHost(f.output());
                float[] hN = backend.toHost(f.hN());
                float[] cN = f.cN() == null ? null : backend.toHost(f.cN());
                if (!backward) {
                    return new Run(out, hN, cN, null, null, null, null);
                }
                rnn.zeroGradients();
                try (Tensor gOut = backend.fromHost(c.gradOutput(), c.outputShape());
                     Tensor gH = backend.fromHost(c.gradHn(), stateShape);
                     Tensor gC = c.gradCn() == null ? null : backend.fromHost(c.gradCn(), stateShape);
                     BackwardResult b = rnn.backward(f.tape(), gOut, gH, gC)) {
                    return new Run(out, hN, cN, backend.toHost(b.gradInput()), backend.toHost(b.gradH0()),
                            b.gradC0() == null ? null : backend.toHost(b.gradC0()), backend.toHost(rnn.gradients()));
                }
            }
        }
    }
}
