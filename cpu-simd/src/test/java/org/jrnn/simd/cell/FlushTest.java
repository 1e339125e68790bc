package org.jrnn.simd.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.jrnn.BackwardResult;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.simd.SimdBackend;
import org.jrnn.tensor.Tensor;
import org.jrnn.testing.Fixtures;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backward flush rule of {@link Flush}: a value whose magnitude is below 2^-100 becomes +0 (-0 and 0 too),
 * everything else passes unchanged (2^-100 itself, NaN and infinities included); and a backward pass whose gradient
 * decays through the threshold still equals the reference's, which does not flush, within cpu-simd's tolerance.
 */
class FlushTest {
    private static final float T = Flush.TINY;

    @Test
    void valuesBelowTheThresholdBecomeZeroAndOthersPass() {
        float[] in = {T / 2, -T / 2, Math.nextDown(T), -Math.nextDown(T), Float.MIN_VALUE, -Float.MIN_NORMAL, 1e-35f,
                T, -T, Math.nextUp(T), 0x1p-99f, 1f, -3.4e38f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NaN, 0f, -0f};
        boolean[] flushed = {true, true, true, true, true, true, true,
                false, false, false, false, false, false, false, false, false, true, true};
        int lanes = SimdActivations.S.length();
        float[] out = new float[in.length];
        for (int from = 0; from < in.length; from += lanes) {
            float[] lane = new float[lanes];
            int n = Math.min(lanes, in.length - from);
            System.arraycopy(in, from, lane, 0, n);
            float[] res = new float[lanes];
            Flush.tiny(FloatVector.fromArray(SimdActivations.S, lane, 0)).intoArray(res, 0);
            System.arraycopy(res, 0, out, from, n);
        }
        for (int i = 0; i < in.length; i++) {
            if (flushed[i]) {
                assertEquals(0f, out[i], "flush(" + in[i] + ")");
            } else {
                assertEquals(Float.floatToRawIntBits(in[i]), Float.floatToRawIntBits(out[i]), "flush(" + in[i] + ")");
            }
        }
    }

    /**
     * A gradient entering at the last of 200 steps only, through small recurrent weights, falls through 2^-100 on its
     * way back: cpu-simd's flushed gradients equal the reference's unflushed ones within 1e-5 + 1e-5·|x|, the early
     * steps' input gradients are exactly 0 on cpu-simd where the reference still has values below 1e-25, and no
     * subnormal value is left.
     */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU", "RNN_TANH"})
    void aFlushedBackwardEqualsTheReference(CellType cell) {
        int steps = 200, B = 2, I = 3, H = 8;
        RnnSpec spec = new RnnSpec(cell, I, H, 1, false, true, 0f);
        SplittableRandom r = new SplittableRandom(5);
        float[] params = Fixtures.uniform(r, spec.parameterLayout().size(), 0.15);
        float[] x = Fixtures.uniform(r, steps * B * I, 1.0);
        float[] gH = Fixtures.uniform(r, B * H, 1.0);
        float[][] simd;
        float[][] ref;
        try (Backend s = new SimdBackend(2); Backend reference = new ReferenceBackend()) {
            simd = run(s, spec, params, x, gH, steps, B, I);
            ref = run(reference, spec, params, x, gH, steps, B, I);
        }
        Tolerance tol = new Tolerance(1e-5, 1e-5);
        tol.assertClose(cell + ": grad input", simd[0], ref[0]);
        tol.assertClose(cell + ": grad params", simd[1], ref[1]);
        int flushedToZero = 0;
        for (int i = 0; i < simd[0].length; i++) {
            float v = simd[0][i];
            assertTrue(v == 0f || Math.abs(v) >= Float.MIN_NORMAL, cell + ": subnormal grad input " + v);
            if (v == 0f && ref[0][i] != 0f) {
                assertTrue(Math.abs(ref[0][i]) < 1e-25, cell + ": a flushed value was " + ref[0][i] + " on the reference");
                flushedToZero++;
            }
        }
        assertTrue(flushedToZero > 0, cell + ": the decay reached the threshold within " + steps + " steps");
    }

    /** {grad input, grad params} of one forward and a backward from grad_h_n only. */
    private static float[][] run(Backend backend, RnnSpec spec, float[] params, float[] x, float[] gH, int steps, int B,
                                 int I) {
        try (Rnn rnn = backend.createRnn(spec); Tensor xt = backend.fromHost(x, steps, B, I);
             Tensor g = backend.fromHost(gH, 1, B, spec.hiddenSize())) {
            backend.copyFromHost(params, 0, rnn.parameters());
            rnn.zeroGradients();
            try (ForwardResult f = rnn.forward(xt, null, null, null, RunOptions.TRAINING);
                 BackwardResult b = rnn.backward(f.tape(), null, g, null)) {
                return new float[][] {backend.toHost(b.gradInput()), backend.toHost(rnn.gradients())};
            }
        }
    }
}
