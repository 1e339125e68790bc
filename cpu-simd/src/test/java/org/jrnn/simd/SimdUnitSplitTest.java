package org.jrnn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The time loops split by hidden units (each thread owns units [j0, j1) of every gate, one barrier per step), which
 * the backend takes when W_hh is too big for the batch split (backward only where the batch suits the streamed
 * recurrent product): forced here on small shapes by a batch-split limit of 0 bytes, they must give the same bits
 * as one thread, for every cell, ragged and full batches, both directions, two layers, inference and training (the
 * tape forward writes feeds the backward pass), and an odd step count (the last state then sits in the second
 * buffer). H = 200 splits unevenly (units 0..96 and 96..200). A batch of one takes
 * the unit split at the default limit too (there is no batch to split).
 */
class SimdUnitSplitTest {
    private static SimdBackend split;
    private static SimdBackend twoThreads;
    private static SimdBackend single;

    @BeforeAll
    static void setUp() {
        split = new SimdBackend(2, 0L);
        twoThreads = new SimdBackend(2);
        single = new SimdBackend(1);
    }

    @AfterAll
    static void tearDown() {
        split.close();
        twoThreads.close();
        single.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CellType.class)
    void unitSplitEqualsOneThreadBitForBit(CellType cell) {
        assertSameBits(cell, split, 9);
    }

    /**
     * A batch of 32 and H = 528 (256 and 272 units per thread, enough for the streamed form on AVX-512 as on AVX2):
     * both passes stream their rows of the recurrent weights (Sgemm.streamsRowsFor), and backward splits the units
     * too (SimdKernels.backwardUnits), against one thread's single time loops.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CellType.class)
    void streamedUnitSplitEqualsOneThreadBitForBit(CellType cell) {
        assertSameBits(cell, split, 32, 24, 528);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CellType.class)
    void batchOfOneEqualsOneThreadBitForBit(CellType cell) {
        assertSameBits(cell, twoThreads, 1);
    }

    /**
     * A narrow input (I = 3): one thread makes each row's input projection in the time loop, the unit split takes
     * it from a GEMM over all rows; both sum x . W_ih^T in the same order, so the bits agree.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CellType.class)
    void narrowInputUnitSplitEqualsRowProjection(CellType cell) {
        assertSameBits(cell, split, 9, 3);
        assertSameBits(cell, twoThreads, 1, 1);
    }

    private static void assertSameBits(CellType cell, SimdBackend twoThreaded, int batch) {
        assertSameBits(cell, twoThreaded, batch, 24);
    }

    private static void assertSameBits(CellType cell, SimdBackend twoThreaded, int batch, int inputSize) {
        assertSameBits(cell, twoThreaded, batch, inputSize, 200);
    }

    private static void assertSameBits(CellType cell, SimdBackend twoThreaded, int batch, int inputSize, int hidden) {
        RnnSpec spec = new RnnSpec(cell, inputSize, hidden, 2, true, true, 0f);
        Pair pair = new Pair(spec, twoThreaded, single, 23);
        SplittableRandom r = new SplittableRandom(29);
        for (int T : new int[] {7, 4}) {
            for (RunOptions options : new RunOptions[] {RunOptions.TRAINING, RunOptions.INFERENCE}) {
                for (boolean ragged : new boolean[] {true, false}) {
                    Pair.Run run = pair.randomRun(r, T, batch, ragged, options);
                    Pair.Result a = pair.run(twoThreaded, pair.a, run);
                    Pair.Result b = pair.run(single, pair.b, run);
                    String what = cell + " I=" + inputSize + " B=" + batch + " T=" + T + " " + options
                            + " ragged=" + ragged;
                    assertArrayEquals(b.out(), a.out(), what + " output");
                    assertArrayEquals(b.hN(), a.hN(), what + " h_n");
                    assertArrayEquals(b.cN(), a.cN(), what + " c_n");
                    assertArrayEquals(b.grads(), a.grads(), what + " gradients");
                    assertArrayEquals(b.dx(), a.dx(), what + " dx");
                    assertArrayEquals(b.dh0(), a.dh0(), what + " dh0");
                }
            }
        }
        assertEquals(2, twoThreaded.threads());
    }
}
