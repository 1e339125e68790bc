package org.jrnn.simd;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.jrnn.BackwardResult;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.Tensor;

/**
 * One spec on two backends with identical parameters, run on identical inputs, and compared tensor by tensor.
 * Tolerance (one constant for the whole backend): |simd - ref| &lt;= {@link #TOL} * (1 + |ref|) per element.
 * The reference accumulates in double, the SIMD backend in float with exp-based activations (error ~1e-7), so
 * the difference is float round-off through GEMMs of depth up to a few hundred and up to 33 recurrent steps
 * (the suite also passes at 1e-5 today; 1e-4 leaves room for GEMM blocking changes).
 */
final class Pair {
    static final double TOL = 1e-4;

    final RnnSpec spec;
    final Backend simd;
    final Backend ref;
    final Rnn a;
    final Rnn b;

    Pair(RnnSpec spec, Backend simd, Backend ref, long seed) {
        this.spec = spec;
        this.simd = simd;
        this.ref = ref;
        this.a = simd.createRnn(spec);
        this.b = ref.createRnn(spec);
        // PyTorch's init range 1/sqrt(H), widened by 1.5 to reach saturated gates, keeps relu RNNs from exploding.
        float scale = 1.5f / (float) Math.sqrt(spec.hiddenSize());
        float[] params = uniform(new SplittableRandom(seed), a.parameters().size(), scale);
        simd.copyFromHost(params, 0, a.parameters());
        ref.copyFromHost(params, 0, b.parameters());
    }

    /** Data for one run: input, states, lengths and upstream gradients, in host arrays. */
    record Run(int[] inShape, float[] x, float[] h0, float[] c0, int[] lengths, float[] dy, float[] dhN, float[] dcN,
               RunOptions options) {}

    Run randomRun(SplittableRandom r, int T, int B, boolean ragged, RunOptions options) {
        int I = spec.inputSize();
        int DH = spec.outputSize();
        int state = spec.layers() * spec.directions() * B * spec.hiddenSize();
        boolean lstm = spec.cell().hasCellState();
        int[] lengths = null;
        if (ragged) {
            lengths = new int[B];
            for (int i = 0; i < B; i++) {
                lengths[i] = r.nextInt(T + 1);
            }
            lengths[0] = T;
            if (B > 1) {
                lengths[1] = 0;
            }
        }
        int[] inShape = options.batchFirst() ? new int[] {B, T, I} : new int[] {T, B, I};
        return new Run(inShape, uniform(r, T * B * I, 1f), uniform(r, state, 0.8f),
                lstm ? uniform(r, state, 0.8f) : null, lengths, uniform(r, T * B * DH, 1f),
                uniform(r, state, 1f), lstm ? uniform(r, state, 1f) : null, options);
    }

    /** Forward (and backward when training) on both backends; fails on the first tensor out of tolerance. */
    void check(Run run, String what) {
        Result ra = run(simd, a, run);
        Result rb = run(ref, b, run);
        compare(what + " output", ra.out, rb.out);
        compare(what + " h_n", ra.hN, rb.hN);
        compare(what + " c_n", ra.cN, rb.cN);
        if (run.options.training()) {
            compare(what + " grad_input", ra.dx, rb.dx);
            compare(what + " grad_h0", ra.dh0, rb.dh0);
            compare(what + " grad_c0", ra.dc0, rb.dc0);
            compare(what + " parameter gradients", ra.grads, rb.grads);
        }
    }

    record Result(float[] out, float[] hN, float[] cN, float[] dx, float[] dh0, float[] dc0, float[] grads) {}

    Result run(Backend be, Rnn rnn, Run run) {
        int B = run.options.batchFirst() ? run.inShape[0] : run.inShape[1];
        int T = run.options.batchFirst() ? run.inShape[1] : run.inShape[0];
        int[] st = spec.stateShape(B);
        Tensor x = be.fromHost(run.x, run.inShape);
        Tensor h0 = be.fromHost(run.h0, st);
        Tensor c0 = run.c0 == null ? null : be.fromHost(run.c0, st);
        rnn.zeroGradients();
        try (ForwardResult f = rnn.forward(x, h0, c0, run.lengths, run.options)) {
            float[] out = be.toHost(f.output());
            float[] hN = be.toHost(f.hN());
            float[] cN = f.cN() == null ? null : be.toHost(f.cN());
            if (!run.options.training()) {
                return new Result(out, hN, cN, null, null, null, null);
            }
            int[] outShape = run.options.batchFirst() ? new int[] {B, T, spec.outputSize()}
                    : new int[] {T, B, spec.outputSize()};
            Tensor dy = be.fromHost(run.dy, outShape);
            Tensor dhN = be.fromHost(run.dhN, st);
            Tensor dcN = run.dcN == null ? null : be.fromHost(run.dcN, st);
            try (BackwardResult g = rnn.backward(f.tape(), dy, dhN, dcN)) {
                return new Result(out, hN, cN, be.toHost(g.gradInput()), be.toHost(g.gradH0()),
                        g.gradC0() == null ? null : be.toHost(g.gradC0()), be.toHost(rnn.gradients()));
            }
        }
    }

    static void compare(String what, float[] got, float[] want) {
        if (got == null || want == null) {
            if (got != want) {
                fail(what + ": one backend returned nothing");
            }
            return;
        }
        if (got.length != want.length) {
            fail(what + ": " + got.length + " values vs " + want.length);
        }
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs((double) got[i] - want[i]);
            if (!(err <= TOL * (1 + Math.abs(want[i])))) {
                fail(what + "[" + i + "]: simd " + got[i] + " vs reference " + want[i] + " (error " + err + ")");
            }
        }
    }

    static float[] uniform(SplittableRandom r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }
}
