package org.jrnn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jrnn.CellType;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RnnState;
import org.jrnn.RunOptions;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD backend against the reference oracle, with the one tolerance of {@link Pair#TOL}: every cell, direction,
 * depth and bias setting, with T, B, I, H drawn (from a fixed seed per case) from odd sizes so every vector tail
 * runs, and ragged lengths that always include a 0 and a T.
 */
class SimdVsReferenceTest {
    private static final int[] STEPS = {1, 2, 7, 33};
    private static final int[] BATCHES = {1, 3, 8};
    private static final int[] SIZES = {1, 5, 16, 17, 50};

    private static SimdBackend simd;
    private static ReferenceBackend ref;

    @BeforeAll
    static void setUp() {
        simd = new SimdBackend(2);
        ref = new ReferenceBackend();
    }

    @AfterAll
    static void tearDown() {
        simd.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        long seed = 1;
        for (CellType cell : CellType.values()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (int layers = 1; layers <= 3; layers++) {
                    for (boolean bias : new boolean[] {true, false}) {
                        list.add(Arguments.of(cell, bi, layers, bias, seed++));
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} bi={1} layers={2} bias={3} seed={4}")
    @MethodSource("cases")
    void trainingAndInferenceMatchReference(CellType cell, boolean bi, int layers, boolean bias, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919);
        int T = STEPS[r.nextInt(STEPS.length)];
        int B = BATCHES[r.nextInt(BATCHES.length)];
        int I = SIZES[r.nextInt(SIZES.length)];
        int H = SIZES[r.nextInt(SIZES.length)];
        RnnSpec spec = new RnnSpec(cell, I, H, layers, bi, bias, 0f);
        String what = spec + " T=" + T + " B=" + B;
        Pair pair = new Pair(spec, simd, ref, seed);
        pair.check(pair.randomRun(r, T, B, B > 1, RunOptions.TRAINING), what + " ragged training");
        pair.check(pair.randomRun(r, T, B, false, RunOptions.TRAINING), what + " full training");
        pair.check(pair.randomRun(r, T, B, B > 1, RunOptions.INFERENCE), what + " ragged inference");
    }

    /** Larger shapes so the GEMMs take their blocked, multi-threaded paths (m, n, k beyond one panel). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigCells")
    void largerShapesMatchReference(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 70, 67, 1, true, true, 0f);
        Pair pair = new Pair(spec, simd, ref, 99);
        SplittableRandom r = new SplittableRandom(5);
        pair.check(pair.randomRun(r, 9, 20, true, RunOptions.TRAINING), spec + " T=9 B=20");
    }

    /**
     * Batches whose rows per time loop take the streamed recurrent product (W_hh's rows streamed past the packed
     * state, Sgemm.streamsRowsFor): the batch split on two threads (B = 64, 32 rows each), the unit split forced by
     * a batch-split limit of 0 (all 32 rows; streamed on AVX2 only, where a thread's 128 units per gate are enough:
     * SimdUnitSplitTest covers the streamed unit split on AVX-512) and one thread (32 rows); H = 259 (at least the
     * form's minimum n and depth, 256 on AVX-512) ends the weight rows in a part tile.
     * Ragged, both directions, training (the backward product too) and inference.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigCells")
    void streamedRecurrentProductMatchesReference(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 70, 259, 1, true, true, 0f);
        try (SimdBackend unitSplit = new SimdBackend(2, 0L); SimdBackend single = new SimdBackend(1)) {
            Object[][] runs = {{simd, 64, "batch split"}, {unitSplit, 32, "unit split"}, {single, 32, "one thread"}};
            for (Object[] run : runs) {
                SimdBackend backend = (SimdBackend) run[0];
                int batch = (Integer) run[1];
                Pair pair = new Pair(spec, backend, ref, 77);
                SplittableRandom r = new SplittableRandom(78);
                String what = spec + " T=5 B=" + batch + " " + run[2];
                pair.check(pair.randomRun(r, 5, batch, true, RunOptions.TRAINING), what + " training");
                pair.check(pair.randomRun(r, 5, batch, true, RunOptions.INFERENCE), what + " inference");
            }
        }
    }

    /**
     * Narrow inputs (I &lt;= 4: the streaming dW_ih / dx passes) at sizes where both passes split between the two
     * threads (LSTM: GH &gt;= 512 gate columns; T*B &gt;= 512 rows), ragged, both directions.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigCells")
    void narrowInputsSplitBetweenThreadsMatchReference(CellType cell) {
        for (int I : new int[] {1, 3}) {
            RnnSpec spec = new RnnSpec(cell, I, 130, 1, I == 3, true, 0f);
            Pair pair = new Pair(spec, simd, ref, 40 + I);
            SplittableRandom r = new SplittableRandom(41);
            pair.check(pair.randomRun(r, 33, 16, true, RunOptions.TRAINING), spec + " T=33 B=16");
        }
    }

    static Stream<CellType> bigCells() {
        return Stream.of(CellType.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bigCells")
    void dropoutWithSeedMatchesReference(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 6, 17, 3, true, true, 0.4f);
        Pair pair = new Pair(spec, simd, ref, 11);
        SplittableRandom r = new SplittableRandom(12);
        pair.check(pair.randomRun(r, 7, 3, true, RunOptions.training(1234)), spec + " dropout");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bigCells")
    void batchFirstMatchesReference(CellType cell) {
        RnnSpec spec = new RnnSpec(cell, 5, 16, 2, true, true, 0f);
        Pair pair = new Pair(spec, simd, ref, 21);
        SplittableRandom r = new SplittableRandom(22);
        pair.check(pair.randomRun(r, 7, 3, true, RunOptions.TRAINING.withBatchFirst(true)), spec + " batch-first");
    }

    /** step() over a sequence equals forward() over it, for batches on both sides of the dot-GEMV limit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigCells")
    void stepByStepEqualsSequence(CellType cell) {
        for (int B : new int[] {1, 3, 12}) {
            RnnSpec spec = new RnnSpec(cell, 19, 33, 2, false, true, 0f);
            Pair pair = new Pair(spec, simd, ref, 31 + B);
            Rnn rnn = pair.a;
            SplittableRandom r = new SplittableRandom(32);
            int T = 6, I = spec.inputSize(), H = spec.hiddenSize();
            float[] x = Pair.uniform(r, T * B * I, 1f);
            float[] seqOut;
            float[] seqH;
            try (var f = rnn.forward(simd.fromHost(x, T, B, I), null, null, null, RunOptions.INFERENCE)) {
                seqOut = simd.toHost(f.output());
                seqH = simd.toHost(f.hN());
            }
            float[] stepOut = new float[T * B * H];
            try (RnnState state = rnn.newState(B); Tensor out = simd.allocate(B, H)) {
                float[] xt = new float[B * I];
                Tensor xTensor = simd.allocate(B, I);
                for (int t = 0; t < T; t++) {
                    System.arraycopy(x, t * B * I, xt, 0, B * I);
                    simd.copyFromHost(xt, 0, xTensor);
                    rnn.step(xTensor, state, out);
                    simd.copyToHost(out, stepOut, t * B * H);
                }
                Pair.compare(cell + " B=" + B + " step vs sequence output", stepOut, seqOut);
                Pair.compare(cell + " B=" + B + " step vs sequence h_n", simd.toHost(state.h()), seqH);
            }
        }
    }

    @Test
    void repeatedTrainingIsBitIdentical() {
        RnnSpec spec = new RnnSpec(CellType.LSTM, 9, 20, 2, true, true, 0.3f);
        Pair pair = new Pair(spec, simd, ref, 41);
        Pair.Run run = pair.randomRun(new SplittableRandom(42), 5, 4, true, RunOptions.training(7));
        Pair.Result first = pair.run(simd, pair.a, run);
        Pair.Result second = pair.run(simd, pair.a, run);
        assertArrayEquals(first.out(), second.out());
        assertArrayEquals(first.grads(), second.grads());
        assertArrayEquals(first.dx(), second.dx());
    }
}
