package org.jrnn.simd;

import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.testing.Fixtures;
import org.jrnn.testing.Tolerance;
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
            // I = 161, H = 160 (330 for RNN): W_ih + W_hh of each layer is 600-820 KiB, above the 128 KiB split
            // threshold, and the odd sizes exercise the vector tails.
            RnnSpec spec = new RnnSpec(cell, 161, cell == CellType.RNN_TANH || cell == CellType.RNN_RELU ? 330 : 160, 2,
                    false, true, 0f);
            int T = 4;
            Fixtures.Case c = Fixtures.Case.random(spec, T, batch, null, 77 + batch).withOptions(RunOptions.INFERENCE);
            Fixtures.Run whole = Fixtures.run(backend, c, false);
            Fixtures.Run streamed = Fixtures.runSteps(backend, c);
            TOL.assertClose(cell + " B=" + batch + " outputs of every step", streamed.output(), whole.output());
            TOL.assertClose(cell + " B=" + batch + " final h", streamed.hN(), whole.hN());
        }
    }
}
