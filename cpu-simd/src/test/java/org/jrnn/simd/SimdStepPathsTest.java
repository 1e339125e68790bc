package org.jrnn.simd;

import java.util.Arrays;
import org.jrnn.CellType;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RnnState;
import org.jrnn.RunOptions;
import org.jrnn.testing.Fixtures;
import org.jrnn.testing.Tolerance;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streaming steps at sizes that take cpu-simd's large-weight paths (weights above STEP_SPLIT_MIN_WEIGHT_BYTES are
 * split between threads at batch 1; batches above 8 use the SGEMM), against the whole-sequence forward pass.
 */
class SimdStepPathsTest {
    static final Tolerance TOL = new Tolerance(1e-5, 1e-4);
    private static SimdBackend backend;

    @BeforeAll
    static void open() {
        backend = new SimdBackend(2);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void largeWeightStepsEqualTheSequence(CellType cell) {
        for (int batch : new int[] {1, 12}) {
            // H = I = 160: W_ih + W_hh >= 200 KiB per gate block, above the split threshold for every cell but RNN
            // at H = 128, and odd sizes exercise the tails.
            RnnSpec spec = new RnnSpec(cell, 161, cell == CellType.RNN_TANH || cell == CellType.RNN_RELU ? 330 : 160, 2,
                    false, true, 0f);
            int T = 4;
            Fixtures.Case c = Fixtures.Case.random(spec, T, batch, null, 77 + batch).withOptions(RunOptions.INFERENCE);
            Fixtures.Run whole = Fixtures.run(backend, c, false);
            int H = spec.hiddenSize(), I = spec.inputSize();
            try (Rnn rnn = backend.createRnn(spec); RnnState state = rnn.newState(batch);
                 Tensor x = backend.allocate(batch, I); Tensor out = backend.allocate(batch, H)) {
                backend.copyFromHost(c.params(), 0, rnn.parameters());
                backend.copyFromHost(c.h0(), 0, state.h());
                if (c.c0() != null) {
                    backend.copyFromHost(c.c0(), 0, state.c());
                }
                float[] got = new float[batch * H];
                for (int t = 0; t < T; t++) {
                    backend.copyFromHost(Arrays.copyOfRange(c.input(), t * batch * I, (t + 1) * batch * I), 0, x);
                    rnn.step(x, state, out);
                    backend.copyToHost(out, got, 0);
                    TOL.assertClose(cell + " B=" + batch + " step " + t, got,
                            Arrays.copyOfRange(whole.output(), t * batch * H, (t + 1) * batch * H));
                }
            }
        }
    }
}
