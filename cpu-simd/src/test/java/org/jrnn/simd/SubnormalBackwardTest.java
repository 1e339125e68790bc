package org.jrnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jrnn.BackwardResult;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.simd.cell.Flush;
import org.jrnn.tensor.Tensor;
import org.jrnn.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A gradient that enters only at the last of many steps decays back in time; cpu-simd flushes it to zero below
 * 2^-100 ({@link Flush}) instead of letting it reach the subnormal range, where x86 float arithmetic is ~100x slower.
 * Checked here by value (timings belong in the benchmarks): no subnormal ever appears in the gradients, and the
 * flushed values are far below anything the gradients hold otherwise.
 */
class SubnormalBackwardTest {
    private static SimdBackend backend;

    @BeforeAll
    static void open() {
        backend = new SimdBackend(2);
    }

    @AfterAll
    static void close() {
        assertEquals(0, backend.memoryInUse().tensors());
        backend.close();
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU", "RNN_TANH"})
    void aLastStepGradientNeverBecomesSubnormal(CellType cell) {
        int T = 400, B = 4, I = 8, H = 16;
        RnnSpec spec = new RnnSpec(cell, I, H, 1, false, true, 0f);
        SplittableRandom r = new SplittableRandom(3);
        // Small recurrent weights: each step back multiplies the gradient by well under 1.
        float[] params = Fixtures.uniform(r, spec.parameterLayout().size(), 0.15);
        try (Rnn rnn = backend.createRnn(spec);
             Tensor x = backend.fromHost(Fixtures.uniform(r, T * B * I, 1.0), T, B, I);
             Tensor gH = backend.fromHost(Fixtures.uniform(r, B * H, 1.0), 1, B, H)) {
            backend.copyFromHost(params, 0, rnn.parameters());
            rnn.zeroGradients();
            try (ForwardResult f = rnn.forward(x, null, null, null, RunOptions.TRAINING);
                 BackwardResult b = rnn.backward(f.tape(), null, gH, null)) {
                float[] dx = backend.toHost(b.gradInput());
                int subnormal = 0;
                int zeros = 0;
                for (float v : dx) {
                    subnormal += v != 0f && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
                    zeros += v == 0f ? 1 : 0;
                }
                for (float v : backend.toHost(rnn.gradients())) {
                    subnormal += v != 0f && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
                }
                assertEquals(0, subnormal, cell + ": subnormal gradient values");
                assertTrue(zeros > dx.length / 2, cell + ": the early steps' gradient decayed to zero (" + zeros
                        + " of " + dx.length + ")");
                // The last steps carry ordinary gradients.
                float last = 0;
                for (int i = (T - 1) * B * I; i < dx.length; i++) {
                    last = Math.max(last, Math.abs(dx[i]));
                }
                assertTrue(last > 1e-3f, "the last step's input gradient " + last);
            }
        }
    }
}
