package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Backend;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelInput;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.Predictor;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One trained model served from many threads at once, a {@link Predictor} per thread over the model's shared
 * parameters: every call's logits equal, bit for bit, those of single-threaded inference. {@code -Djrnn.stress.threads}
 * (default 8) and {@code -Djrnn.stress.calls} (per thread, default {@link #defaultCalls()}; the figure is
 * 10,000) size the stress run. The default keeps it to a few seconds on 2 cores: cpu-simd's kernels need a few thousand calls of
 * each shape before C2 compiles them (until then the Vector API runs interpreted, ~1 ms a call).
 */
public abstract class ConcurrentInferenceContract {
    private static final int THREADS = Integer.getInteger("jrnn.stress.threads", 8);
    private static final int INPUTS = 48;

    protected abstract Backend newBackend();

    /** Calls per thread unless {@code -Djrnn.stress.calls} says otherwise. */
    protected int defaultCalls() {
        return 2_000;
    }

    /** Every this many calls a thread also runs a batch big enough for a backend to split it across its threads. */
    protected int largeCallEvery() {
        return 0;
    }

    /** A small batch for one of the models: batch-first features or tokens, and lengths. */
    private record Input(int model, int batch, int steps, float[] features, int[] tokens, int[] lengths) {}

    private static List<ModelSpec> specs() {
        return List.of(
                new ModelSpec(null, new RnnSpec(CellType.GRU, 3, 12, 2, true, true, 0f), Readout.MEAN,
                        new HeadSpec(6, Activation.TANH, 0f, 2)),
                new ModelSpec(new EmbeddingSpec(40, 6, 0), new RnnSpec(CellType.LSTM, 6, 10, 1, false, true, 0f),
                        Readout.LAST, HeadSpec.linear(3)),
                new ModelSpec(null, new RnnSpec(CellType.RNN_TANH, 2, 8, 1, false, true, 0f), Readout.ALL,
                        HeadSpec.linear(1)),
                // Large: the input projection [T·B = 64, 64] × [64, 256] is 2.1 MFLOP, above cpu-simd's threading cut.
                new ModelSpec(null, new RnnSpec(CellType.LSTM, 64, 64, 1, false, true, 0f), Readout.MAX,
                        HeadSpec.linear(2)));
    }

    private static Input input(ModelSpec spec, int model, SplittableRandom r, boolean large) {
        int B = large ? 8 : 1 + r.nextInt(3);
        int T = large ? 8 : 1 + r.nextInt(5);
        int[] lengths = new int[B];
        for (int b = 0; b < B; b++) {
            lengths[b] = 1 + r.nextInt(T);
        }
        if (spec.hasEmbedding()) {
            int[] tokens = new int[B * T];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = r.nextInt(spec.embedding().vocabulary());
            }
            return new Input(model, B, T, null, tokens, lengths);
        }
        float[] x = new float[B * T * spec.rnn().inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return new Input(model, B, T, x, null, lengths);
    }

    private static float[] predict(Predictor p, Input in) {
        return in.tokens() != null ? p.predictTokens(in.tokens(), in.batch(), in.steps(), in.lengths())
                : p.predict(in.features(), in.batch(), in.steps(), in.lengths());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void manyThreadsServeOneModelWithTheSingleThreadedResults() throws Exception {
        List<ModelSpec> specs = specs();
        final int perThread = Integer.getInteger("jrnn.stress.calls", defaultCalls());
        try (Backend backend = newBackend()) {
            List<SequenceModel> models = new ArrayList<>();
            try {
                for (int m = 0; m < specs.size(); m++) {
                    models.add(SequenceModel.create(backend, specs.get(m)).initialize(10 + m));
                }
                SplittableRandom r = new SplittableRandom(4);
                List<Input> inputs = new ArrayList<>();
                for (int i = 0; i < INPUTS; i++) {
                    inputs.add(input(specs.get(i % 3), i % 3, r, false));
                }
                Input large = input(specs.get(3), 3, r, true);
                // Single-threaded results: the model's own inference forward, and one predictor agreeing with it.
                float[][] expected = new float[INPUTS][];
                for (int i = 0; i < INPUTS; i++) {
                    expected[i] = modelForward(backend, models.get(inputs.get(i).model()), inputs.get(i));
                }
                float[] expectedLarge = modelForward(backend, models.get(3), large);
                try (Predictor p = models.getFirst().predictor()) {
                    assertArrayEquals(expected[0], predict(p, inputs.get(0)), "a predictor = the model's forward");
                }

                AtomicLong calls = new AtomicLong();
                AtomicReference<String> mismatch = new AtomicReference<>();
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        final int thread = t;
                        done.add(pool.submit(() -> {
                            List<Predictor> predictors = new ArrayList<>();
                            try {
                                for (SequenceModel m : models) {
                                    predictors.add(m.predictor());
                                }
                                go.await();
                                for (int c = 0; c < perThread && mismatch.get() == null; c++) {
                                    int i = (thread * 7 + c * 5) % INPUTS;
                                    Input in = inputs.get(i);
                                    check(predict(predictors.get(in.model()), in), expected[i], mismatch,
                                            "thread " + thread + " call " + c + " input " + i);
                                    if (largeCallEvery() > 0 && c % largeCallEvery() == thread % largeCallEvery()) {
                                        check(predict(predictors.get(3), large), expectedLarge, mismatch,
                                                "thread " + thread + " call " + c + " large input");
                                    }
                                    calls.incrementAndGet();
                                }
                            } finally {
                                predictors.forEach(Predictor::close);
                            }
                            return null;
                        }));
                    }
                    go.countDown();
                    for (Future<?> f : done) {
                        f.get();
                    }
                } finally {
                    pool.shutdown();
                    assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
                }
                assertEquals(null, mismatch.get());
                assertEquals((long) THREADS * perThread, calls.get());
            } finally {
                models.forEach(SequenceModel::close);
            }
            assertEquals(0, backend.memoryInUse().tensors(), "predictors and models freed every tensor");
        }
    }

    @Test
    void predictorsFollowTheirModelsRules() {
        try (Backend backend = newBackend()) {
            SequenceModel model = SequenceModel.create(backend, specs().get(1)).initialize(1);
            Predictor p = model.predictor();
            var e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[6], 1, 1, new int[] {1}));
            assertTrue(e.getMessage().contains("call predictTokens"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.predictTokens(new int[5], 2, 3, new int[] {1, 1}));
            assertEquals("tokens has 5 elements but [batch 2, steps 3] needs 6", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.predictTokens(new int[6], 2, 3, new int[] {1}));
            assertTrue(e.getMessage().startsWith("lengths has 1 entries but the batch has 2"), e.getMessage());
            model.close();
            var closed = assertThrows(IllegalStateException.class,
                    () -> p.predictTokens(new int[3], 1, 3, new int[] {3}));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            p.close();
            assertEquals(0, backend.memoryInUse().tensors(), "closing the predictor freed what it held");
        }
    }

    /** The model's own (single-threaded) inference forward of a batch-first input, as host logits. */
    private static float[] modelForward(Backend backend, SequenceModel model, Input in) {
        int B = in.batch(), T = in.steps();
        Tensor lengths = backend.fromHost(in.lengths(), B);
        Tensor x = null;
        try {
            if (in.tokens() != null) {
                int[] tm = new int[T * B];
                for (int b = 0; b < B; b++) {
                    for (int t = 0; t < T; t++) {
                        tm[t * B + b] = in.tokens()[b * T + t];
                    }
                }
                x = backend.fromHost(tm, T, B);
            } else {
                int I = model.spec().rnn().inputSize();
                float[] tm = new float[T * B * I];
                for (int b = 0; b < B; b++) {
                    for (int t = 0; t < T; t++) {
                        System.arraycopy(in.features(), (b * T + t) * I, tm, (t * B + b) * I, I);
                    }
                }
                x = backend.fromHost(tm, T, B, I);
            }
            ModelInput mi = x.elementType() == ElementType.INT32 ? new ModelInput(null, x, in.lengths(), lengths)
                    : new ModelInput(x, null, in.lengths(), lengths);
            float[] logits = backend.toHost(model.forward(mi, false, 0L));
            if (model.spec().readout() != Readout.ALL) {
                return logits;
            }
            int O = model.spec().head().outputs();
            float[] batchFirst = new float[logits.length];
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    System.arraycopy(logits, (t * B + b) * O, batchFirst, (b * T + t) * O, O);
                }
            }
            return batchFirst;
        } finally {
            lengths.close();
            if (x != null) {
                x.close();
            }
        }
    }

    private static void check(float[] got, float[] expected, AtomicReference<String> mismatch, String where) {
        if (!Arrays.equals(got, expected)) {
            mismatch.compareAndSet(null, where + ": " + Arrays.toString(got) + " instead of "
                    + Arrays.toString(expected));
        }
    }
}
